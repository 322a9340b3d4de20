package dev.stresslab.gateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.List;

/**
 * Folds the chunks of a streamed chat/completions answer into one {@link ChatCompletionResponse}: content and
 * reasoning deltas ({@code reasoning_content} or {@code reasoning}) are concatenated, the last finish_reason and the
 * usage chunk are kept, and the time of the first content or reasoning token is recorded. Not thread-safe.
 * <p>
 * The text kept is capped: a model that streams more than {@code maxChars} of content and reasoning together is cut
 * off with {@link OutputTooLargeException} (the caller resets the request, so the server stops generating), so an
 * endless answer costs the gateway a bounded amount of heap instead of all of it.
 */
public final class StreamAccumulator {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The server sent an error object or an unreadable chunk inside the stream. */
    public static final class BadStreamException extends RuntimeException {
        public BadStreamException(String message) {
            super(message, null, false, false);
        }
    }

    /** The model streamed more text than the gateway keeps; the answer could never be published anyway. */
    public static final class OutputTooLargeException extends RuntimeException {
        public OutputTooLargeException(long maxChars) {
            super(String.format("the model streamed more than %,d chars of content and reasoning "
                    + "(gateway.max-completion-bytes); the stream was cut off there", maxChars), null, false, false);
        }
    }

    private final long maxChars;
    private final StringBuilder content = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private boolean sawContent;
    private boolean sawReasoning;
    private boolean sawChoice;
    private boolean done;
    private String finishReason;
    private String id;
    private String model;
    private ChatCompletionResponse.Usage usage;
    private long firstTokenNanos = -1;

    /** An accumulator with no practical cap (tests, short answers). */
    public StreamAccumulator() {
        this(Integer.MAX_VALUE - 16);
    }

    public StreamAccumulator(long maxChars) {
        this.maxChars = maxChars;
    }

    /** One event's data; {@code nowNanos} is when it arrived. */
    public void accept(String data, long nowNanos) {
        if ("[DONE]".equals(data.strip())) {
            done = true;
            return;
        }
        JsonNode chunk;
        try {
            chunk = JSON.readTree(data);
        } catch (IOException e) {
            throw new BadStreamException("model server sent a stream chunk that is not valid JSON");
        }
        if (chunk == null || !chunk.isObject()) {
            throw new BadStreamException("model server sent a stream chunk that is not a JSON object");
        }
        if (chunk.hasNonNull("error") || "error".equals(chunk.path("object").asText())) {
            throw new BadStreamException("model server reported an error inside the stream");
        }
        if (id == null && chunk.hasNonNull("id")) {
            id = chunk.get("id").asText();
        }
        if (model == null && chunk.hasNonNull("model")) {
            model = chunk.get("model").asText();
        }
        JsonNode choices = chunk.path("choices");
        if (choices.isArray() && !choices.isEmpty()) {
            JsonNode choice = choices.get(0);
            sawChoice = true;
            JsonNode delta = choice.path("delta");
            boolean token = append(content, delta.path("content"), true)
                    | append(reasoning, delta.path("reasoning_content"), false)
                    | append(reasoning, delta.path("reasoning"), false)
                    | append(content, choice.path("text"), true);
            if (token && firstTokenNanos < 0) {
                firstTokenNanos = nowNanos;
            }
            if (choice.hasNonNull("finish_reason")) {
                finishReason = choice.get("finish_reason").asText();
            }
        }
        JsonNode u = chunk.path("usage");
        if (u.isObject()) {
            try {
                usage = JSON.treeToValue(u, ChatCompletionResponse.Usage.class);
            } catch (IOException e) {
                throw new BadStreamException("model server sent an unreadable usage chunk");
            }
        }
    }

    private boolean append(StringBuilder target, JsonNode text, boolean isContent) {
        if (!text.isTextual()) {
            return false;
        }
        if (isContent) {
            sawContent = true;
        } else {
            sawReasoning = true;
        }
        target.append(text.asText());
        if ((long) content.length() + reasoning.length() > maxChars) {
            throw new OutputTooLargeException(maxChars);
        }
        return !text.asText().isEmpty();
    }

    /** Whether the stream said it was over ([DONE] or a finish_reason). */
    public boolean finished() {
        return done || finishReason != null;
    }

    /** Nanos timestamp of the first token, or -1. */
    public long firstTokenNanos() {
        return firstTokenNanos;
    }

    public ChatCompletionResponse result() {
        if (!sawChoice) {
            return new ChatCompletionResponse(id, model, List.of(), usage);
        }
        ChatCompletionResponse.Message message = new ChatCompletionResponse.Message("assistant",
                sawContent ? content.toString() : null, sawReasoning ? reasoning.toString() : null, null);
        return new ChatCompletionResponse(id, model,
                List.of(new ChatCompletionResponse.Choice(0, message, null, finishReason)), usage);
    }
}

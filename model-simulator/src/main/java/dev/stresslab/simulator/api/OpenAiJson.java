package dev.stresslab.simulator.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stresslab.simulator.domain.SimulatedCompletion;

import java.util.List;

/** The OpenAI wire shapes (openai-compat.md): completions, stream chunks, usage and errors. */
final class OpenAiJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private OpenAiJson() {
    }

    static ObjectNode error(ApiError e) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode err = root.putObject("error");
        err.put("message", e.getMessage());
        err.put("type", e.type());
        err.put("param", e.param());
        err.put("code", e.code());
        return root;
    }

    static ObjectNode usage(int promptTokens, List<SimulatedCompletion> choices) {
        int completion = choices.stream().mapToInt(SimulatedCompletion::completionTokens).sum();
        int reasoning = choices.stream().mapToInt(SimulatedCompletion::reasoningTokens).sum();
        ObjectNode u = MAPPER.createObjectNode();
        u.put("prompt_tokens", promptTokens);
        u.put("completion_tokens", completion);
        u.put("total_tokens", promptTokens + completion);
        u.putObject("completion_tokens_details").put("reasoning_tokens", reasoning);
        return u;
    }

    /**
     * An extension field on each non-streamed choice (clients ignore unknown fields): the reasoning tokens the
     * simulator spent per question position and on no question, the truth a token attribution is checked against.
     */
    static ObjectNode groundTruth(SimulatedCompletion c) {
        ObjectNode g = MAPPER.createObjectNode();
        ArrayNode perQuestion = g.putArray("reasoning_tokens_per_question");
        c.questions().forEach(q -> perQuestion.add(q.reasoningTokens()));
        g.put("unattributed_reasoning_tokens", c.unattributedReasoningTokens());
        return g;
    }

    private static ObjectNode envelope(String id, String object, long created, String model) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("id", id);
        root.put("object", object);
        root.put("created", created);
        root.put("model", model);
        return root;
    }

    /** Non-streaming response with one choice per simulated completion. */
    static ObjectNode response(Endpoint endpoint, String id, long created, CompletionRequest req,
                               List<SimulatedCompletion> choices, boolean reasoningField) {
        ObjectNode root = envelope(id, endpoint == Endpoint.CHAT ? "chat.completion" : "text_completion", created, req.model());
        ArrayNode arr = root.putArray("choices");
        for (int i = 0; i < choices.size(); i++) {
            SimulatedCompletion c = choices.get(i);
            ObjectNode choice = arr.addObject();
            choice.put("index", i);
            if (endpoint == Endpoint.CHAT) {
                ObjectNode msg = choice.putObject("message");
                msg.put("role", "assistant");
                msg.put("content", c.content());
                msg.putNull("refusal");
                if (reasoningField) {
                    msg.put("reasoning_content", c.reasoning());
                }
            } else {
                choice.put("text", c.content() == null ? "" : c.content());
            }
            choice.putNull("logprobs");
            choice.put("finish_reason", c.finishReason().wire());
            choice.set("stresslab_ground_truth", groundTruth(c));
        }
        root.set("usage", usage(req.promptTokens(), choices));
        return root;
    }

    /** One stream chunk for one choice; {@code delta} fields are added by the caller. */
    static ObjectNode chunk(Endpoint endpoint, String id, long created, String model, int index, String finishReason,
                            ObjectNode deltaOrNull, String text) {
        ObjectNode root = envelope(id, endpoint == Endpoint.CHAT ? "chat.completion.chunk" : "text_completion", created, model);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", index);
        if (endpoint == Endpoint.CHAT) {
            choice.set("delta", deltaOrNull == null ? MAPPER.createObjectNode() : deltaOrNull);
        } else {
            choice.put("text", text == null ? "" : text);
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        return root;
    }

    static ObjectNode usageChunk(Endpoint endpoint, String id, long created, CompletionRequest req,
                                 List<SimulatedCompletion> choices) {
        ObjectNode root = envelope(id, endpoint == Endpoint.CHAT ? "chat.completion.chunk" : "text_completion", created, req.model());
        root.putArray("choices");
        root.set("usage", usage(req.promptTokens(), choices));
        return root;
    }
}

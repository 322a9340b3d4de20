package dev.stresslab.simulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stresslab.simulator.domain.ModelProfile;
import dev.stresslab.simulator.domain.TokenEstimate;

import java.util.Set;
import java.util.function.Function;

/**
 * A validated {@code /v1/chat/completions} or {@code /v1/completions} request.
 *
 * @param questionText the text the questions are read from: the last user message, or the raw prompt
 * @param seedText     everything the model sees, for the deterministic seed
 */
public record CompletionRequest(Endpoint endpoint, ModelProfile profile, String questionText, String seedText,
                                int promptTokens, int maxTokens, Long seed, Double temperature, int n, boolean stream,
                                boolean includeUsage) {

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");
    static final int MAX_N = 16;

    public String model() {
        return profile.id();
    }

    /** Validates a request body; {@code profiles} resolves the model id. Throws {@link ApiError} (400). */
    public static CompletionRequest parse(Endpoint endpoint, JsonNode body, Function<String, ModelProfile> profiles) {
        if (body == null || !body.isObject()) {
            throw ApiError.badRequest("The request body must be a JSON object.", null, "invalid_json");
        }
        JsonNode modelNode = body.get("model");
        if (modelNode == null || !modelNode.isTextual() || modelNode.asText().isBlank()) {
            throw ApiError.badRequest("you must provide a model parameter", "model", "missing_required_parameter");
        }
        ModelProfile profile = profiles.apply(modelNode.asText());
        if (profile == null) {
            throw ApiError.badRequest("The model `" + modelNode.asText() + "` does not exist.", "model", "model_not_found");
        }

        String questionText;
        StringBuilder seen = new StringBuilder();
        int promptTokens;
        if (endpoint == Endpoint.CHAT) {
            JsonNode messages = body.get("messages");
            if (messages == null || !messages.isArray() || messages.isEmpty()) {
                throw ApiError.badRequest("'messages' must be a non-empty array", "messages", "missing_required_parameter");
            }
            String lastUser = null;
            int tokens = 2;
            for (int i = 0; i < messages.size(); i++) {
                JsonNode m = messages.get(i);
                JsonNode role = m == null ? null : m.get("role");
                if (role == null || !role.isTextual() || !ROLES.contains(role.asText())) {
                    throw ApiError.badRequest("messages[" + i + "].role must be one of " + ROLES, "messages[" + i + "].role", "invalid_value");
                }
                String content = content(m.get("content"), i);
                seen.append(role.asText()).append(": ").append(content).append('\n');
                tokens += 4 + TokenEstimate.of(content);
                if ("user".equals(role.asText())) {
                    lastUser = content;
                }
            }
            if (lastUser == null) {
                throw ApiError.badRequest("'messages' must contain a user message", "messages", "invalid_value");
            }
            questionText = lastUser;
            promptTokens = tokens;
        } else {
            JsonNode prompt = body.get("prompt");
            if (prompt != null && prompt.isArray() && prompt.size() == 1) {
                prompt = prompt.get(0);
            }
            if (prompt == null || !prompt.isTextual()) {
                throw ApiError.badRequest("'prompt' must be a string", "prompt", "missing_required_parameter");
            }
            questionText = prompt.asText();
            seen.append(questionText);
            promptTokens = Math.max(1, TokenEstimate.of(questionText));
        }

        Integer requested = positiveInt(body, "max_completion_tokens");
        if (requested == null) {
            requested = positiveInt(body, "max_tokens");
        }
        int maxTokens;
        if (requested != null) {
            if ((long) promptTokens + requested > profile.contextLength()) {
                throw contextError(profile, promptTokens, requested);
            }
            maxTokens = requested;
        } else {
            maxTokens = Math.min(profile.defaultMaxTokens(), profile.contextLength() - promptTokens);
            if (maxTokens < 1) {
                throw contextError(profile, promptTokens, 1);
            }
        }

        Long seed = null;
        JsonNode seedNode = body.get("seed");
        if (seedNode != null && !seedNode.isNull()) {
            if (!seedNode.canConvertToLong() || !seedNode.isIntegralNumber()) {
                throw ApiError.badRequest("'seed' must be an integer", "seed", "invalid_type");
            }
            seed = seedNode.asLong();
        }
        Double temperature = null;
        JsonNode tempNode = body.get("temperature");
        if (tempNode != null && !tempNode.isNull()) {
            if (!tempNode.isNumber() || tempNode.asDouble() < 0 || tempNode.asDouble() > 2) {
                throw ApiError.badRequest("'temperature' must be a number between 0 and 2", "temperature", "invalid_value");
            }
            temperature = tempNode.asDouble();
        }
        Integer n = positiveInt(body, "n");
        if (n != null && n > MAX_N) {
            throw ApiError.badRequest("'n' must be at most " + MAX_N, "n", "invalid_value");
        }
        boolean stream = bool(body, "stream");
        JsonNode options = body.get("stream_options");
        boolean includeUsage = options != null && options.isObject() && bool(options, "include_usage");
        return new CompletionRequest(endpoint, profile, questionText, seen.toString(), promptTokens, maxTokens, seed,
                temperature, n == null ? 1 : n, stream, includeUsage);
    }

    private static ApiError contextError(ModelProfile p, int promptTokens, int completion) {
        return ApiError.badRequest("This model's maximum context length is " + p.contextLength() + " tokens. However, you "
                + "requested " + (promptTokens + completion) + " tokens (" + promptTokens + " in the messages, " + completion
                + " in the completion). Please reduce the length of the messages or completion.", "messages",
                "context_length_exceeded");
    }

    private static String content(JsonNode content, int index) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : content) {
                JsonNode text = part.get("text");
                if (part.isObject() && text != null && text.isTextual()) {
                    sb.append(text.asText());
                }
            }
            return sb.toString();
        }
        throw ApiError.badRequest("messages[" + index + "].content must be a string or an array of content parts",
                "messages[" + index + "].content", "invalid_type");
    }

    private static Integer positiveInt(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1) {
            throw ApiError.badRequest("'" + field + "' must be a positive integer", field, "invalid_value");
        }
        return v.asInt();
    }

    private static boolean bool(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw ApiError.badRequest("'" + field + "' must be a boolean", field, "invalid_type");
        }
        return v.asBoolean();
    }
}

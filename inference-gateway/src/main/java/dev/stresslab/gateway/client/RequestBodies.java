package dev.stresslab.gateway.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.stresslab.contracts.ChatMessage;
import dev.stresslab.contracts.GenerationSettings;
import dev.stresslab.contracts.PromptEvent;
import dev.stresslab.gateway.config.GatewayConfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Builds the JSON body of a chat or completions request from a prompt and the endpoint's configuration. */
public final class RequestBodies {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Fields the endpoint's extra parameters may not replace. */
    static final Set<String> RESERVED = Set.of("model", "messages", "prompt", "stream", "stream_options");

    private RequestBodies() {
    }

    /** Parses {@code extra-params} values: JSON when they parse as JSON, otherwise the raw text as a string. */
    public static Map<String, JsonNode> parseExtraParams(Map<String, String> raw) {
        Map<String, JsonNode> parsed = new TreeMap<>();
        raw.forEach((name, value) -> {
            if (RESERVED.contains(name)) {
                throw new IllegalArgumentException("extra-params may not set '" + name + "'; the gateway sets it");
            }
            JsonNode node;
            try {
                node = JSON.readTree(value);
            } catch (JsonProcessingException e) {
                node = null;
            }
            parsed.put(name, node == null || node.isMissingNode() ? TextNode.valueOf(value) : node);
        });
        return parsed;
    }

    public static Map<String, Object> build(GatewayConfig.Endpoint cfg, Map<String, JsonNode> extraParams, PromptEvent prompt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", cfg.model());
        if (cfg.api() == GatewayConfig.Api.completions) {
            // The completions API takes raw text: the server applies no chat template, so none is applied here.
            body.put("prompt", prompt.messages().stream().map(ChatMessage::content).collect(Collectors.joining("\n\n")));
        } else {
            List<ChatMessage> messages = prompt.messages();
            body.put("messages", messages);
        }
        GenerationSettings g = prompt.generation();
        if (g != null) {
            body.put(cfg.maxCompletionTokens() ? "max_completion_tokens" : "max_tokens", g.maxTokens());
            body.put("temperature", g.temperature());
            body.put("top_p", g.topP());
            if (g.seed() != null) {
                body.put("seed", g.seed());
            }
        }
        // a JSON null removes a field (e.g. temperature for models that refuse it); anything else sets it
        extraParams.forEach((name, value) -> {
            if (value == null || value.isNull()) {
                body.remove(name);
            } else {
                body.put(name, value);
            }
        });
        if (cfg.stream()) {
            body.put("stream", true);
            body.put("stream_options", Map.of("include_usage", true));
        }
        return body;
    }
}

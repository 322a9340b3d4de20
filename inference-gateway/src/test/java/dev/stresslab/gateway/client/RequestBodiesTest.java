package dev.stresslab.gateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stresslab.contracts.AnswerKind;
import dev.stresslab.contracts.ChatMessage;
import dev.stresslab.contracts.GenerationSettings;
import dev.stresslab.contracts.PromptEvent;
import dev.stresslab.gateway.config.GatewayConfig;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestBodiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PromptEvent PROMPT = new PromptEvent(1, "r", "r/x", "e", "gsm8k", 1, 0, 0, List.of("q"), List.of("1"),
            AnswerKind.MATH, List.of(ChatMessage.user("hi")), new GenerationSettings(0.6, 0.95, 100, 7L));

    @Test
    void plainChatRequest() {
        JsonNode body = JSON.valueToTree(RequestBodies.build(endpoint(false, false, GatewayConfig.Api.chat), Map.of(), PROMPT));
        assertEquals("m", body.path("model").asText());
        assertEquals("hi", body.path("messages").get(0).path("content").asText());
        assertEquals(100, body.path("max_tokens").asInt());
        assertEquals(7, body.path("seed").asInt());
        assertFalse(body.has("stream"));
        assertFalse(body.has("max_completion_tokens"));
    }

    @Test
    void streamingReasoningModelWithExtraParams() {
        Map<String, JsonNode> extra = RequestBodies.parseExtraParams(Map.of("reasoning_effort", "high",
                "chat_template_kwargs", "{\"enable_thinking\": false}", "temperature", "1", "top_k", "20", "top_p", "null"));
        JsonNode body = JSON.valueToTree(RequestBodies.build(endpoint(true, true, GatewayConfig.Api.completions), extra, PROMPT));
        assertEquals("hi", body.path("prompt").asText());
        assertFalse(body.has("messages"));
        assertEquals(100, body.path("max_completion_tokens").asInt());
        assertFalse(body.has("max_tokens"));
        assertTrue(body.path("stream").asBoolean());
        assertTrue(body.path("stream_options").path("include_usage").asBoolean());
        assertEquals("high", body.path("reasoning_effort").asText(), "not JSON: sent as a string");
        assertFalse(body.path("chat_template_kwargs").path("enable_thinking").asBoolean(true));
        assertEquals(1, body.path("temperature").asInt(), "extra params override sampling fields");
        assertTrue(body.path("top_k").isInt());
        assertFalse(body.has("top_p"), "null removes a generated field");
    }

    @Test
    void extraParamsMayNotReplaceTheGatewaysFields() {
        assertThrows(IllegalArgumentException.class, () -> RequestBodies.parseExtraParams(Map.of("model", "\"x\"")));
        assertThrows(IllegalArgumentException.class, () -> RequestBodies.parseExtraParams(Map.of("stream", "false")));
    }

    private static GatewayConfig.Endpoint endpoint(boolean stream, boolean maxCompletionTokens, GatewayConfig.Api api) {
        return (GatewayConfig.Endpoint) Proxy.newProxyInstance(RequestBodiesTest.class.getClassLoader(),
                new Class<?>[] {GatewayConfig.Endpoint.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "model" -> "m";
                    case "api" -> api;
                    case "stream" -> stream;
                    case "maxCompletionTokens" -> maxCompletionTokens;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}

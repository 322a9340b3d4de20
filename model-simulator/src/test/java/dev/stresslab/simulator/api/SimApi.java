package dev.stresslab.simulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** Test helper: request bodies and an SSE reader. */
final class SimApi {
    static final ObjectMapper JSON = new ObjectMapper();

    private SimApi() {
    }

    static ObjectNode chat(String model, String user) {
        ObjectNode body = JSON.createObjectNode().put("model", model);
        body.putArray("messages").addObject().put("role", "user").put("content", user);
        return body;
    }

    /** The JSON payloads of an SSE body, in order; "[DONE]" is returned as a TextNode-free marker: null. */
    static List<JsonNode> events(String sse) {
        List<JsonNode> out = new ArrayList<>();
        for (String block : sse.split("\n\n")) {
            String b = block.strip();
            if (b.isEmpty()) {
                continue;
            }
            if (!b.startsWith("data: ")) {
                throw new AssertionError("not an SSE data event: " + b);
            }
            String data = b.substring(6);
            try {
                out.add("[DONE]".equals(data) ? null : JSON.readTree(data));
            } catch (Exception e) {
                throw new AssertionError("bad JSON in event: " + data, e);
            }
        }
        return out;
    }

    /** Concatenates one delta field over all chunks of choice 0. */
    static String joined(List<JsonNode> events, String field) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode e : events) {
            if (e == null || e.path("choices").isEmpty()) {
                continue;
            }
            JsonNode delta = e.path("choices").get(0).path("delta");
            JsonNode v = delta.get(field);
            if (v != null && v.isTextual()) {
                sb.append(v.asText());
            }
        }
        return sb.toString();
    }
}

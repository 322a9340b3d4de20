package dev.stresslab.gateway.messaging;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stresslab.contracts.AnswerKind;
import dev.stresslab.contracts.ChatMessage;
import dev.stresslab.contracts.GenerationSettings;
import dev.stresslab.contracts.PromptEvent;
import org.eclipse.microprofile.config.ConfigProvider;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/** Prompts for the gateway's Kafka tests, and what the scripted model servers received. */
final class TestSupport {
    private TestSupport() {
    }

    static PromptEvent prompt(String runId, String endpoint, int index, String word) {
        return new PromptEvent(PromptEvent.SCHEMA_VERSION, runId, runId + "/t/L1/G" + index + "/S0", endpoint, "gsm8k", 1,
                index, 0, List.of("q" + index), List.of("42"), AnswerKind.MATH,
                List.of(ChatMessage.user("Q1: " + word + "\n\n\nAnswer the above questions one by one.")),
                new GenerationSettings(0.6, 0.95, 256, null));
    }

    /** Every request (path, then for the scripted server the Authorization header, then the body) an endpoint's server got. */
    static List<String> requestsOf(String endpointId) {
        String base = ConfigProvider.getConfig().getValue("gateway.endpoints." + endpointId + ".base-url", String.class);
        URI root = URI.create(base).resolve("/_requests");
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(root).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return new ObjectMapper().readValue(r.body(), new TypeReference<List<String>>() { });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static long callsContaining(String endpointId, String marker) {
        return requestsOf(endpointId).stream().filter(r -> r.contains(marker)).count();
    }
}

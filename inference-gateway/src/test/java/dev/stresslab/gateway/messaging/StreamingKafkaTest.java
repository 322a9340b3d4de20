package dev.stresslab.gateway.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stresslab.contracts.Topics;
import dev.stresslab.testkit.KafkaBrokerResource;
import dev.stresslab.testkit.KafkaTestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.stresslab.gateway.messaging.TestSupport.prompt;
import static dev.stresslab.gateway.messaging.TestSupport.requestsOf;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A streaming endpoint (SSE, chunk by chunk over real HTTP) on a real broker. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(FakeModelServerResource.class)
class StreamingKafkaTest extends KafkaTestSupport {

    @Test
    void streamsAccumulatesRetriesAndRejectsCutStreams() throws Exception {
        String runId = "run-" + UUID.randomUUID();
        String ok = "STREAM-OK-" + UUID.randomUUID();
        kafka.send(Topics.PROMPTS, runId, prompt(runId, "stub-stream", 0, ok));
        kafka.send(Topics.PROMPTS, runId, prompt(runId, "stub-stream", 1, "STREAM-429-ONCE"));
        kafka.send(Topics.PROMPTS, runId, prompt(runId, "stub-stream", 2, "STREAM-CUT"));
        List<ConsumerRecord<String, JsonNode>> completions = kafka.await(Topics.COMPLETIONS, r -> runId.equals(r.key()), 3,
                Duration.ofSeconds(30));
        assertEquals(3, completions.size());
        Map<Integer, JsonNode> byIndex = completions.stream().map(ConsumerRecord::value)
                .collect(Collectors.toMap(c -> c.path("groupIndex").asInt(), Function.identity()));

        JsonNode c = byIndex.get(0);
        assertTrue(c.path("failure").isNull(), c.toString());
        assertEquals("<think>x</think>Q1: \\boxed{42}", c.path("content").asText(), "content passes raw, <think> included");
        assertEquals("Let me think … é", c.path("reasoning").asText(), "reasoning_content and reasoning deltas");
        assertEquals("length", c.path("finishReason").asText());
        assertEquals(12, c.path("usage").path("promptTokens").asInt());
        assertEquals(80, c.path("usage").path("completionTokens").asInt());
        assertEquals(50, c.path("usage").path("reasoningTokens").asInt());
        assertTrue(c.path("latencyMs").asLong() >= 150, c.toString());
        // the first token (not the empty role delta) comes after ~160 ms, the whole answer later
        long firstToken = c.path("timeToFirstTokenMs").asLong(-1);
        assertTrue(firstToken >= 150 && firstToken < c.path("latencyMs").asLong(), c.toString());

        assertTrue(byIndex.get(1).path("failure").isNull(), byIndex.get(1).toString());
        assertEquals(2, byIndex.get(1).path("attempts").asInt(), "429 with Retry-After retried on the streaming path");

        assertEquals("CONNECTION", byIndex.get(2).path("failure").path("kind").asText(), "a stream cut short is not an answer");
        assertEquals(3, byIndex.get(2).path("attempts").asInt());

        String request = requestsOf("stub-stream").stream().filter(r -> r.contains(ok)).findFirst().orElseThrow();
        JsonNode body = new ObjectMapper().readTree(request.substring(request.indexOf('{')));
        assertEquals("stream-model", body.path("model").asText());
        assertTrue(body.path("stream").asBoolean());
        assertTrue(body.path("stream_options").path("include_usage").asBoolean());
        assertEquals(256, body.path("max_completion_tokens").asInt());
        assertFalse(body.has("max_tokens"), "max_completion_tokens replaces max_tokens");
        assertTrue(body.path("chat_template_kwargs").path("enable_thinking").asBoolean(), "extra params merged as JSON");
        assertEquals(20, body.path("top_k").asInt());

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("stresslab_gateway_time_to_first_token_seconds_count{endpoint=\"stub-stream\"}"));
    }
}

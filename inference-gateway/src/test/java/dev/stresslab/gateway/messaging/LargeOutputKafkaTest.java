package dev.stresslab.gateway.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stresslab.contracts.PromptEvent;
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

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A long-thinking model's multi-megabyte answer goes through to stress.completions whole (compressed, under the
 * 16 MiB record limit); one above {@code gateway.max-completion-bytes} (12 MiB) becomes a failed completion that
 * says why; and the channel goes on serving the prompts after them. Before, a 3 MB answer stopped the channel.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(FakeModelServerResource.class)
class LargeOutputKafkaTest extends KafkaTestSupport {

    @Test
    void multiMegabyteAnswersFlowAndOversizedOnesAreRecordedAsFailed() {
        String runId = "run-" + UUID.randomUUID();
        List<String> words = List.of("HUGE-3MB", "HUGE-13MB", "OK");
        for (int i = 0; i < words.size(); i++) {
            PromptEvent p = TestSupport.prompt(runId, "stub-big", i, words.get(i));
            kafka.send(Topics.PROMPTS, runId, p);
        }
        List<ConsumerRecord<String, JsonNode>> completions = kafka.await(Topics.COMPLETIONS,
                r -> runId.equals(r.key()), words.size(), Duration.ofSeconds(90));
        assertEquals(words.size(), completions.size(), "one completion per prompt, the oversized one included");
        Map<Integer, JsonNode> byIndex = completions.stream().map(ConsumerRecord::value)
                .collect(Collectors.toMap(c -> c.path("groupIndex").asInt(), Function.identity()));

        JsonNode big = byIndex.get(0);
        assertTrue(big.path("failure").isNull(), "a 3 MB answer is published: " + big.path("failure"));
        assertEquals(3_000_000, big.path("reasoning").asText().length(), "the reasoning arrives whole");
        assertTrue(big.path("reasoning").asText().startsWith("Let me check \"step\" again: 6 × 7 = 42"));
        assertEquals("Q1: \\boxed{42}", big.path("content").asText());

        JsonNode oversized = byIndex.get(1);
        assertEquals("OUTPUT_TOO_LARGE", oversized.path("failure").path("kind").asText());
        assertTrue(oversized.path("failure").path("message").asText().contains("above gateway.max-completion-bytes = 12,582,912"),
                oversized.path("failure").path("message").asText());
        assertTrue(oversized.path("content").isNull() && oversized.path("reasoning").isNull(), "no text in the failure");
        assertEquals(13_000_000 / 4, oversized.path("usage").path("completionTokens").asInt(), "the tokens spent are kept");

        assertTrue(byIndex.get(2).path("failure").isNull(), "the prompt after them is served as usual");

        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().body(containsString("stresslab_gateway_completions_too_large_total 1.0"));
    }
}

package dev.stresslab.gateway.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stresslab.contracts.Topics;
import dev.stresslab.testkit.KafkaBrokerResource;
import dev.stresslab.testkit.KafkaTestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
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
 * A send that Kafka refuses for good no longer stops the channel. Here the producer's limit is set below the
 * gateway's cap (a misconfiguration the size guard cannot catch), so a 3 MB completion meets a real
 * RecordTooLargeException: the prompt is recorded as PUBLISH_FAILED, the next prompt is served, readiness stays UP.
 */
@QuarkusTest
@TestProfile(RefusedCompletionKafkaTest.SmallProducerLimit.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(FakeModelServerResource.class)
class RefusedCompletionKafkaTest extends KafkaTestSupport {

    public static class SmallProducerLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.outgoing.completions.max.request.size", "1048576",
                    "gateway.max-completion-bytes", "100000000");
        }
    }

    @Test
    void aCompletionKafkaRefusesIsRecordedAsFailedAndTheChannelGoesOn() {
        String runId = "run-" + UUID.randomUUID();
        List<String> words = List.of("HUGE-3MB", "OK");
        for (int i = 0; i < words.size(); i++) {
            kafka.send(Topics.PROMPTS, runId, TestSupport.prompt(runId, "stub-big", i, words.get(i)));
        }
        List<ConsumerRecord<String, JsonNode>> completions = kafka.await(Topics.COMPLETIONS,
                r -> runId.equals(r.key()), words.size(), Duration.ofSeconds(90));
        assertEquals(words.size(), completions.size(), "one completion per prompt: " + completions);
        Map<Integer, JsonNode> byIndex = completions.stream().map(ConsumerRecord::value)
                .collect(Collectors.toMap(c -> c.path("groupIndex").asInt(), Function.identity()));
        JsonNode refused = byIndex.get(0);
        assertEquals("PUBLISH_FAILED", refused.path("failure").path("kind").asText(), refused.toString());
        assertTrue(refused.path("failure").path("message").asText().contains("RecordTooLargeException"));
        assertTrue(byIndex.get(1).path("failure").isNull(), "the next prompt is served");

        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().body(containsString("stresslab_gateway_completions_republished_total 1.0"));
    }
}

package dev.stresslab.gateway.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stresslab.contracts.Topics;
import dev.stresslab.testkit.KafkaBrokerResource;
import dev.stresslab.testkit.KafkaTestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static dev.stresslab.gateway.messaging.TestSupport.callsContaining;
import static dev.stresslab.gateway.messaging.TestSupport.prompt;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-endpoint circuit breaker on a real broker: a failing endpoint is spared, the others are not held up. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(FakeModelServerResource.class)
class CircuitBreakerKafkaTest extends KafkaTestSupport {

    @Test
    void aFailingEndpointOpensItsBreakerFailsItsPromptsWithTheRealCauseAndDoesNotHoldUpOthers() {
        String downRun = "run-" + UUID.randomUUID();
        String down = "DOWN-" + UUID.randomUUID();
        int prompts = 6;
        for (int i = 0; i < prompts; i++) {
            kafka.send(Topics.PROMPTS, downRun, prompt(downRun, "stub-cb", i, down));
        }
        // another endpoint's prompt, sent while stub-cb's breaker is open
        String okRun = "run-" + UUID.randomUUID();
        long sent = System.nanoTime();
        kafka.send(Topics.PROMPTS, okRun, prompt(okRun, "stub", 0, "OK-" + UUID.randomUUID()));
        List<ConsumerRecord<String, JsonNode>> ok = kafka.await(Topics.COMPLETIONS, r -> okRun.equals(r.key()), 1, Duration.ofSeconds(20));
        assertEquals(1, ok.size());
        assertTrue(ok.get(0).value().path("failure").isNull());
        assertTrue(Duration.ofNanos(System.nanoTime() - sent).toMillis() < 2_500, "not held up by the open breaker");

        List<ConsumerRecord<String, JsonNode>> failed = kafka.await(Topics.COMPLETIONS, r -> downRun.equals(r.key()), prompts,
                Duration.ofSeconds(30));
        assertEquals(prompts, failed.size(), "every prompt still ends, as a failure");
        for (ConsumerRecord<String, JsonNode> r : failed) {
            assertEquals("SERVER_ERROR", r.value().path("failure").path("kind").asText(), r.value().toString());
            assertEquals(3, r.value().path("attempts").asInt());
        }
        long calls = callsContaining("stub-cb", down);
        // without the breaker: 6 prompts × 3 attempts = 18 calls; with it: 2 to open it, then one probe per cooldown
        assertTrue(calls >= 2 && calls <= 8, "calls to the failing endpoint: " + calls);
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("stresslab_gateway_circuit_refusals_total{endpoint=\"stub-cb\"}"));
    }

    @Test
    void theBreakerClosesAgainWhenTheEndpointRecovers() throws InterruptedException {
        String downRun = "run-" + UUID.randomUUID();
        String down = "DOWN-" + UUID.randomUUID();
        kafka.send(Topics.PROMPTS, downRun, prompt(downRun, "stub-cb", 0, down));
        kafka.send(Topics.PROMPTS, downRun, prompt(downRun, "stub-cb", 1, down));
        assertEquals(2, kafka.await(Topics.COMPLETIONS, r -> downRun.equals(r.key()), 2, Duration.ofSeconds(30)).size());
        Thread.sleep(1_200); // the cooldown

        String upRun = "run-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            kafka.send(Topics.PROMPTS, upRun, prompt(upRun, "stub-cb", i, "UP"));
        }
        List<ConsumerRecord<String, JsonNode>> up = kafka.await(Topics.COMPLETIONS, r -> upRun.equals(r.key()), 3, Duration.ofSeconds(30));
        assertEquals(3, up.size());
        up.forEach(r -> assertTrue(r.value().path("failure").isNull(), r.value().toString()));
    }
}

package dev.stresslab.gateway.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stresslab.contracts.CompletionEvent;
import dev.stresslab.contracts.PromptEvent;
import dev.stresslab.contracts.Topics;
import dev.stresslab.contracts.Usage;
import dev.stresslab.gateway.config.GatewayConfig;
import dev.stresslab.testkit.KafkaBrokerResource;
import dev.stresslab.testkit.KafkaTestSupport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static dev.stresslab.gateway.messaging.TestSupport.callsContaining;
import static dev.stresslab.gateway.messaging.TestSupport.prompt;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redelivery on a real broker: a prompt id whose completion was produced (by this replica, or found on
 * stress.completions) is acknowledged without a second model call and without a second completion.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(FakeModelServerResource.class)
class IdempotencyKafkaTest extends KafkaTestSupport {
    @Inject
    CompletionIndex index;
    @Inject
    GatewayConfig config;

    @Test
    void theSamePromptDeliveredTwiceCallsTheModelOnceAndCompletesOnce() {
        String runId = "run-" + UUID.randomUUID();
        String marker = "ONCE-" + UUID.randomUUID();
        PromptEvent p = prompt(runId, "stub", 0, marker);
        kafka.send(Topics.PROMPTS, runId, p);
        kafka.send(Topics.PROMPTS, runId, p); // arrives while the first is in progress, or just after

        List<ConsumerRecord<String, JsonNode>> first = kafka.await(Topics.COMPLETIONS, r -> runId.equals(r.key()), 1, Duration.ofSeconds(30));
        assertEquals(1, first.size());
        assertTrue(first.get(0).value().path("failure").isNull());
        // and a third delivery after the completion was written: found in the index
        kafka.send(Topics.PROMPTS, runId, p);
        // a marker prompt behind them on the same partition (same key) proves the duplicates were processed
        String after = "AFTER-" + UUID.randomUUID();
        kafka.send(Topics.PROMPTS, runId, prompt(runId, "stub", 1, after));
        List<ConsumerRecord<String, JsonNode>> all = kafka.await(Topics.COMPLETIONS, r -> runId.equals(r.key()), 3, Duration.ofSeconds(8));
        assertEquals(2, all.size(), "one completion for the prompt delivered three times, one for the next prompt");
        assertEquals(1, all.stream().filter(r -> r.value().path("promptId").asText().equals(p.promptId())).count());
        assertEquals(1, callsContaining("stub", marker), "the model was called once");
        assertEquals(1, callsContaining("stub", after));
    }

    @Test
    void aCompletionAlreadyOnTheTopicMeansNoCall() {
        // as after a crash between writing the completion and committing the prompt's offset
        String runId = "run-" + UUID.randomUUID();
        String marker = "EARLIER-" + UUID.randomUUID();
        PromptEvent p = prompt(runId, "stub", 0, marker);
        kafka.send(Topics.COMPLETIONS, runId, CompletionEvent.success(p, "Q1: \\boxed{1}", null, "stop", Usage.UNKNOWN, 5, 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> index.isDone(runId, p.promptId()));

        kafka.send(Topics.PROMPTS, runId, p);
        String after = "AFTER-" + UUID.randomUUID();
        kafka.send(Topics.PROMPTS, runId, prompt(runId, "stub", 1, after));
        List<ConsumerRecord<String, JsonNode>> all = kafka.await(Topics.COMPLETIONS, r -> runId.equals(r.key()), 3, Duration.ofSeconds(8));
        assertEquals(2, all.size(), "the earlier completion and the next prompt's, nothing more");
        assertEquals(0, callsContaining("stub", marker));
        assertEquals(1, callsContaining("stub", after));
    }

    @Test
    void aFreshlyStartedIndexIsReadyOnlyOnceItHasReadWhatTheTopicHeld() {
        // a restarted replica: its index must know every completion written before it started
        String runId = "run-" + UUID.randomUUID();
        for (int i = 0; i < 50; i++) {
            PromptEvent p = prompt(runId, "stub", i, "X");
            kafka.send(Topics.COMPLETIONS, runId, CompletionEvent.success(p, "x", null, "stop", Usage.UNKNOWN, 5, 1));
        }
        CompletionIndex restarted = new CompletionIndex(config, ConfigProvider.getConfig(), new SimpleMeterRegistry());
        CompletionIndexHealthCheck readiness = new CompletionIndexHealthCheck(restarted);
        try {
            assertEquals(HealthCheckResponse.Status.DOWN, readiness.call().getStatus(), "not ready before it has read the topic");
            restarted.start(new StartupEvent());
            restarted.ready().await().atMost(Duration.ofSeconds(30));
            assertEquals(HealthCheckResponse.Status.UP, readiness.call().getStatus());
            for (int i = 0; i < 50; i++) {
                assertTrue(restarted.isDone(runId, runId + "/t/L1/G" + i + "/S0"), "prompt " + i);
            }
            assertTrue(restarted.claim(prompt(runId, "stub", 7, "X")) instanceof CompletionIndex.AlreadyDone);
            assertTrue(restarted.claim(prompt(runId, "stub", 50, "X")) instanceof CompletionIndex.Owned);
        } finally {
            restarted.stop(null);
        }
    }
}

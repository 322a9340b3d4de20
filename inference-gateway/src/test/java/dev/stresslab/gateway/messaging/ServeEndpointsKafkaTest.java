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

import static dev.stresslab.gateway.messaging.TestSupport.callsContaining;
import static dev.stresslab.gateway.messaging.TestSupport.prompt;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A replica restricted to some endpoints (its own consumer group) leaves every other prompt alone. */
@QuarkusTest
@TestProfile(ServeEndpointsKafkaTest.OnlyStub.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(FakeModelServerResource.class)
class ServeEndpointsKafkaTest extends KafkaTestSupport {

    public static class OnlyStub implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.serve-endpoints", "stub",
                    "mp.messaging.incoming.prompts.group.id", "inference-gateway-stub");
        }
    }


    @Test
    void promptsForOtherEndpointsAreAcknowledgedUntouched() {
        String runId = "run-" + UUID.randomUUID();
        String other = "OTHER-" + UUID.randomUUID();
        kafka.send(Topics.PROMPTS, runId, prompt(runId, "stub-cb", 0, other));
        kafka.send(Topics.PROMPTS, runId, prompt(runId, "nobody", 1, other));
        kafka.send(Topics.PROMPTS, runId, prompt(runId, "stub", 2, "MINE"));
        List<ConsumerRecord<String, JsonNode>> completions = kafka.await(Topics.COMPLETIONS, r -> runId.equals(r.key()), 2,
                Duration.ofSeconds(8));
        assertEquals(1, completions.size(), "only the served endpoint's prompt is completed here");
        assertEquals(2, completions.get(0).value().path("groupIndex").asInt());
        assertEquals(0, callsContaining("stub-cb", other));
    }
}

package dev.stresslab.composer.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stresslab.composer.api.UpstreamServicesStub;
import dev.stresslab.contracts.Topics;
import dev.stresslab.testkit.KafkaTestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A composer killed while publishing left runs half-published (HalfPublishedRunsResource writes them before this
 * composer starts). On start the composer finishes the one it can plan again, with the same prompt ids, and marks
 * the one it cannot as ABORTED with the reason; the finished run is left alone.
 */
@QuarkusTest
@WithTestResource(HalfPublishedRunsResource.class)
@WithTestResource(UpstreamServicesStub.class)
class RunRecoveryKafkaTest extends KafkaTestSupport {

    @Test
    void finishesWhatItCanPlanAgainAndAbortsTheRest() {
        String resumable = HalfPublishedRunsResource.RESUMABLE;
        List<ConsumerRecord<String, JsonNode>> runEvents = kafka.await(Topics.RUNS, r -> resumable.equals(r.key()), 3, Duration.ofSeconds(30));
        assertEquals(List.of("PUBLISHING", "PUBLISHING", "COMPOSED"), types(runEvents), "published again, then COMPOSED");
        assertEquals(6, runEvents.get(2).value().path("promptCount").asInt());

        // the one prompt that was out before, plus all six again; the same ids, so downstream keeps one of each
        List<ConsumerRecord<String, JsonNode>> prompts = kafka.await(Topics.PROMPTS, r -> resumable.equals(r.key()), 7, Duration.ofSeconds(30));
        assertEquals(7, prompts.size());
        Set<String> ids = prompts.stream().map(r -> r.value().path("promptId").asText()).collect(Collectors.toSet());
        assertEquals(6, ids.size(), "six distinct prompt ids: " + ids);
        assertTrue(ids.contains(resumable + "/gsm8k/L1/G0/S0") && ids.contains(resumable + "/gsm8k/L2/G2/S0"), ids.toString());

        List<ConsumerRecord<String, JsonNode>> gone = kafka.await(Topics.RUNS,
                r -> HalfPublishedRunsResource.UNPLANNABLE.equals(r.key()), 2, Duration.ofSeconds(30));
        assertEquals(List.of("PUBLISHING", "ABORTED"), types(gone));
        assertEquals("the composer stopped while publishing this run and cannot finish it: benchmark 'retired-bench' is no longer configured",
                gone.get(1).value().path("reason").asText());

        List<ConsumerRecord<String, JsonNode>> finished = kafka.await(Topics.RUNS,
                r -> HalfPublishedRunsResource.FINISHED.equals(r.key()), 3, Duration.ofSeconds(5));
        assertEquals(List.of("PUBLISHING", "COMPOSED"), types(finished), "a finished run is not published again");

        given().get("/q/health/ready").then().statusCode(200);
    }

    private static List<String> types(List<ConsumerRecord<String, JsonNode>> events) {
        return events.stream().map(r -> r.value().path("type").asText()).toList();
    }
}

package dev.stresslab.analytics.messaging;

import dev.stresslab.contracts.QuestionVerdict;
import dev.stresslab.contracts.RunEvent;
import dev.stresslab.contracts.ScoreEvent;
import dev.stresslab.contracts.Topics;
import dev.stresslab.contracts.Usage;
import dev.stresslab.testkit.KafkaBrokerResource;
import dev.stresslab.testkit.KafkaTestSupport;
import dev.stresslab.testkit.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A score event whose row the database refuses (a model id longer than its column) used to fail the whole batch and
 * stop the scores channel for good. Now the batch is stored event by event, the refused event is recorded as a
 * FAILED prompt with kind STORAGE_ERROR and the database's reason, and its run completes.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(PostgresResource.class)
class StorageFailureKafkaTest extends KafkaTestSupport {

    @Test
    void aRowTheDatabaseRefusesIsRecordedAsAStorageFailureAndTheRunCompletes() throws Exception {
        String runId = "run-" + UUID.randomUUID().toString().substring(0, 8);
        kafka.send(Topics.RUNS, runId, new RunEvent(1, RunEvent.Type.COMPOSED, runId, "sim", "gsm8k", List.of(2), 3, 1, 3, Instant.now()));
        kafka.send(Topics.SCORES, runId, score(runId, 0, "sim"));
        kafka.send(Topics.SCORES, runId, score(runId, 1, "m".repeat(500))); // model_id is varchar(200)
        kafka.send(Topics.SCORES, runId, score(runId, 2, "sim"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/runs/" + runId).then().statusCode(200)
                .body("status", equalTo("COMPLETE")));
        given().get("/runs/" + runId).then().body("composed", equalTo(3)).body("scored", equalTo(2)).body("failed", equalTo(1))
                .body("levels[0].slots", equalTo(6)).body("levels[0].correct", equalTo(2));

        Map<String, String> failures = new HashMap<>();
        try (Connection db = DriverManager.getConnection(config("quarkus.datasource.jdbc.url"), "postgres", "postgres");
             PreparedStatement q = db.prepareStatement("select prompt_id, failure_kind, failure_message from prompt_result where run_id = ?")) {
            q.setString(1, runId);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    failures.put(rs.getString(1), rs.getString(2) == null ? null : rs.getString(2) + ": " + rs.getString(3));
                }
            }
        }
        assertEquals(3, failures.size(), "every prompt has a row: " + failures);
        String refused = failures.get(runId + "/gsm8k/L2/G1/S0");
        assertEquals("STORAGE_ERROR: the result could not be stored: ERROR: value too long for type character varying(200)", refused);
        assertEquals(null, failures.get(runId + "/gsm8k/L2/G0/S0"), "the other events of the batch are stored as scored");

        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().body(containsString("stresslab_analytics_scores_total{result=\"storage-error\"} 1.0"));
    }

    private static ScoreEvent score(String runId, int index, String modelId) {
        List<QuestionVerdict> verdicts = List.of(
                new QuestionVerdict(1, "q1", "7", "7", true, false, 40, List.of()),
                new QuestionVerdict(2, "q2", "8", "9", false, false, 60, List.of()));
        return new ScoreEvent(1, runId, runId + "/gsm8k/L2/G" + index + "/S0", modelId, "gsm8k", 2, index, 0,
                ScoreEvent.Outcome.SCORED, null, "stop", false, new Usage(10, 100, 80), 900, verdicts);
    }

    private static String config(String key) {
        return ConfigProvider.getConfig().getValue(key, String.class);
    }
}

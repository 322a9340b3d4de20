package dev.stresslab.analytics.messaging;

import dev.stresslab.contracts.Failure;
import dev.stresslab.contracts.QuestionVerdict;
import dev.stresslab.contracts.RunEvent;
import dev.stresslab.contracts.ScoreEvent;
import dev.stresslab.contracts.Topics;
import dev.stresslab.contracts.Usage;
import dev.stresslab.testkit.KafkaBrokerResource;
import dev.stresslab.testkit.KafkaTestSupport;
import dev.stresslab.testkit.PostgresResource;
import dev.stresslab.analytics.persistence.QuestionResultEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Analytics on a real broker and a real PostgreSQL: events in, idempotent rows, the report over HTTP. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(PostgresResource.class)
class ResultIngestorKafkaTest extends KafkaTestSupport {

    @Test
    void storesScoresOnceAndReportsAccuracyPerLevel() {
        String runId = "run-" + UUID.randomUUID().toString().substring(0, 8);
        kafka.send(Topics.RUNS, runId, new RunEvent(1, RunEvent.Type.COMPOSED, runId, "sim", "gsm8k", List.of(1, 2), 2, 1, 4, Instant.now()));
        // Level 1: both right. Level 2: prompt 0 gets 1 of 2; prompt 1 failed (its 2 slots are wrong).
        kafka.send(Topics.SCORES, runId, score(runId, 1, 0, true));
        kafka.send(Topics.SCORES, runId, score(runId, 1, 1, true));
        kafka.send(Topics.SCORES, runId, "{not json"); // skipped and counted; the records after it are still stored
        kafka.send(Topics.SCORES, runId, score(runId, 2, 0, true, false));
        ScoreEvent failed = failedScore(runId, 2, 1);
        kafka.send(Topics.SCORES, runId, failed);
        kafka.send(Topics.SCORES, runId, failed); // a redelivery must change nothing

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/runs/" + runId).then().statusCode(200)
                .body("status", equalTo("COMPLETE")));
        given().get("/runs/" + runId).then()
                .body("composed", equalTo(4)).body("completed", equalTo(4))
                .body("scored", equalTo(3)).body("failed", equalTo(1))
                .body("levels[0].accuracy", equalTo(100.0f))
                .body("levels[1].slots", equalTo(4)).body("levels[1].correct", equalTo(1))
                .body("levels[1].accuracy", equalTo(25.0f))
                .body("levels[1].dropFromLevel1", equalTo(75.0f))
                .body("levels[1].failedPrompts", equalTo(1));
        // Version-1 events: no error category (UNCLASSIFIED), flags still counted. Adaptive effort at level 2: q1 gets
        // 50 tokens first and 50 alone (difference 0); the failed prompt's first slot has no token count (excluded).
        given().get("/runs/" + runId + "/analysis").then().statusCode(200)
                .body("positions.size()", equalTo(3))
                .body("positions[1].level", equalTo(2)).body("positions[1].position", equalTo(1))
                .body("positions[1].accuracy", equalTo(50.0f)).body("positions[1].meanTokens", equalTo(50.0f))
                .body("levels[1].errorCategories.UNCLASSIFIED", equalTo(4))
                .body("levels[1].flags.model-call-failed", equalTo(2))
                .body("adaptiveEffort[0].level", equalTo(2)).body("adaptiveEffort[0].questions", equalTo(1))
                .body("adaptiveEffort[0].difference", equalTo(0.0f))
                .body("adaptiveEffort[0].excludedUnknownTokens", equalTo(1));
        given().get("/runs/" + runId + "/report").then().statusCode(200).body("levels[1].accuracy", equalTo(25.0f));
        given().get("/runs").then().statusCode(200).body("runId", hasItem(runId));
        // The comparable complete runs of model "sim" on gsm8k (only this run here): level 2 at 25 %, 75 points below
        // level 1; Single 100, Stress 25.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/q/metrics").then().statusCode(200)
                .body(containsString("stresslab_rest_accuracy_percent{benchmark=\"gsm8k\",model=\"sim\",stress_level=\"2\"} 25.0"))
                .body(containsString("stresslab_rest_drop_from_level1_points{benchmark=\"gsm8k\",model=\"sim\",stress_level=\"2\"} 75.0"))
                .body(containsString("stresslab_stress_score{benchmark=\"gsm8k\",model=\"sim\"} 25.0"))
                // level 2, position 1: prompt 0 right, failed prompt 1 wrong -> 50 %
                .body(containsString("stresslab_rest_position_accuracy_percent{benchmark=\"gsm8k\",model=\"sim\",position=\"1\",stress_level=\"2\"} 50.0"))
                .body(containsString("stresslab_analytics_scores_total{result=\"unreadable\"} 1.0")));
        given().get("/runs/run-that-never-was").then().statusCode(404);
    }

    @Test
    void followsTheRunsLifecycleAndNeverMovesItBack() {
        String aborted = "run-" + UUID.randomUUID().toString().substring(0, 8);
        RunEvent publishing = new RunEvent(1, RunEvent.Type.PUBLISHING, aborted, "sim-lifecycle", "gsm8k", List.of(1), 4, 1, 4,
                Instant.now(), null, null);
        kafka.send(Topics.RUNS, aborted, publishing);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/runs/" + aborted).then().statusCode(200)
                .body("status", equalTo("COMPOSING")).body("composed", equalTo(4)));
        kafka.send(Topics.SCORES, aborted, score(aborted, 1, 0, true));
        kafka.send(Topics.RUNS, aborted, publishing.as(RunEvent.Type.ABORTED, "benchmark 'x' is no longer configured"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/runs/" + aborted).then()
                .body("status", equalTo("ABORTED")).body("statusReason", equalTo("benchmark 'x' is no longer configured"))
                .body("completed", equalTo(1)));

        String composed = "run-" + UUID.randomUUID().toString().substring(0, 8);
        RunEvent started = new RunEvent(1, RunEvent.Type.PUBLISHING, composed, "sim-lifecycle", "gsm8k", List.of(1), 1, 1, 1,
                Instant.now(), null, null);
        kafka.send(Topics.RUNS, composed, started);
        kafka.send(Topics.RUNS, composed, started.as(RunEvent.Type.COMPOSED, null));
        kafka.send(Topics.RUNS, composed, started); // a redelivered PUBLISHING (a resumed run) does not move it back
        kafka.send(Topics.SCORES, composed, score(composed, 1, 0, true));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/runs/" + composed).then()
                .body("status", equalTo("COMPLETE")).body("statusReason", org.hamcrest.Matchers.nullValue()));
    }

    @Test
    void storesTheRuleBasedReadingBesideAnLlmExtractorsAndReportsTheirAgreement() {
        String runId = "run-" + UUID.randomUUID().toString().substring(0, 8);
        kafka.send(Topics.RUNS, runId, new RunEvent(1, RunEvent.Type.COMPOSED, runId, "sim", "gpqa-diamond", List.of(2), 1, 1, 1, Instant.now()));
        // the LLM read C for Q1 (right; the rules found nothing) and A for Q2 (wrong, as the rules' A)
        List<QuestionVerdict> verdicts = List.of(
                new QuestionVerdict(1, "g1", "C", "C", true, false, null, List.of("llm-extracted", "llm-reading-differs"),
                        null, null, null, null, null, false),
                new QuestionVerdict(2, "g2", "B", "A", false, false, null, List.of("llm-extracted"), null, null, null, null, "A", false));
        kafka.send(Topics.SCORES, runId, new ScoreEvent(2, runId, runId + "/gpqa-diamond/L2/G0/S0", "sim", "gpqa-diamond", 2, 0, 0,
                ScoreEvent.Outcome.SCORED, null, "stop", false, new Usage(10, 100, 80), 900, verdicts, null));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/runs/" + runId).then().statusCode(200)
                .body("status", equalTo("COMPLETE")));
        given().get("/runs/" + runId + "/analysis").then().statusCode(200)
                .body("llmExtraction.slots", equalTo(2)).body("llmExtraction.agree", equalTo(1))
                .body("llmExtraction.agreement", equalTo(50.0f)).body("llmExtraction.llmAccuracy", equalTo(50.0f))
                .body("llmExtraction.ruleAccuracy", equalTo(0.0f)).body("llmExtraction.failed", equalTo(0));
        List<Object[]> stored = QuarkusTransaction.requiringNew().call(() -> QuestionResultEntity.getEntityManager()
                .createQuery("select q.position, q.ruleExtracted, q.ruleCorrect from QuestionResultEntity q "
                        + "where q.runId = :run order by q.position", Object[].class).setParameter("run", runId).getResultList());
        assertEquals(2, stored.size());
        assertNull(stored.get(0)[1]);
        assertEquals(Boolean.FALSE, stored.get(0)[2]);
        assertEquals("A", stored.get(1)[1]);
        assertEquals(Boolean.FALSE, stored.get(1)[2]);
        given().get("/runs/" + runId + "/report.html").then().statusCode(200);
        String jsonl = given().get("/runs/" + runId + "/results.jsonl").then().statusCode(200).extract().asString();
        assertTrue(jsonl.contains("\"extracted\":\"A\",") && jsonl.contains("\"ruleExtracted\":\"A\",\"ruleCorrect\":false"), jsonl);
        assertTrue(jsonl.contains("\"ruleExtracted\":null,\"ruleCorrect\":false"), jsonl);
    }

    @Test
    void aCancelledRunStopsEarlyWithItsSkippedPromptsCountedAsCancelledNotFailedOrWrong() {
        String runId = "run-" + UUID.randomUUID().toString().substring(0, 8);
        RunEvent started = new RunEvent(1, RunEvent.Type.PUBLISHING, runId, "sim-stop", "gsm8k", List.of(1, 2), 2, 1, 4,
                Instant.now(), null, null);
        kafka.send(Topics.RUNS, runId, started);
        kafka.send(Topics.RUNS, runId, started.as(RunEvent.Type.COMPOSED, null));
        kafka.send(Topics.SCORES, runId, score(runId, 1, 0, true));
        kafka.send(Topics.SCORES, runId, score(runId, 2, 1, true, false));
        kafka.send(Topics.RUNS, runId, started.as(RunEvent.Type.CANCELLED, "sequential verdict REGRESSION after 1 round"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/runs/" + runId).then()
                .body("status", equalTo("STOPPING")).body("completed", equalTo(2)).body("cancelled", equalTo(0)));
        kafka.send(Topics.SCORES, runId, cancelledScore(runId, 1, 1));
        kafka.send(Topics.SCORES, runId, cancelledScore(runId, 2, 0));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/runs/" + runId).then()
                .body("status", equalTo("STOPPED_EARLY")).body("cancelled", equalTo(2)));
        given().get("/runs/" + runId).then()
                .body("statusReason", equalTo("sequential verdict REGRESSION after 1 round"))
                .body("composed", equalTo(4)).body("completed", equalTo(2)).body("failed", equalTo(0))
                .body("levels[0].prompts", equalTo(1)).body("levels[0].slots", equalTo(1)).body("levels[0].accuracy", equalTo(100.0f))
                .body("levels[1].prompts", equalTo(1)).body("levels[1].slots", equalTo(2)).body("levels[1].accuracy", equalTo(50.0f));
        given().get("/runs/" + runId + "/prompt-outcomes").then().statusCode(200)
                .body("size()", equalTo(4))
                .body("find { it.level == 2 && it.groupIndex == 1 }.correct", equalTo(1))
                .body("find { it.level == 2 && it.groupIndex == 1 }.slots", equalTo(2))
                .body("find { it.level == 2 && it.groupIndex == 1 }.questionIds", equalTo("q0,q1"))
                .body("find { it.level == 2 && it.groupIndex == 0 }.outcome", equalTo("CANCELLED"))
                .body("find { it.level == 2 && it.groupIndex == 0 }.slots", equalTo(0));
        // a late COMPOSED (redelivered) does not revive it
        kafka.send(Topics.RUNS, runId, started.as(RunEvent.Type.COMPOSED, null));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().get("/runs/" + runId)
                .then().body("status", equalTo("STOPPED_EARLY")));
    }

    private static ScoreEvent cancelledScore(String runId, int level, int index) {
        return new ScoreEvent(2, runId, runId + "/gsm8k/L" + level + "/G" + index + "/S0", "sim-stop", "gsm8k", level, index, 0,
                ScoreEvent.Outcome.CANCELLED, new Failure(Failure.CANCELLED, "not called", null), null, false, Usage.UNKNOWN, 0, List.of());
    }

    private static ScoreEvent score(String runId, int level, int index, boolean... correct) {
        List<QuestionVerdict> verdicts = new ArrayList<>();
        for (int i = 0; i < correct.length; i++) {
            verdicts.add(new QuestionVerdict(i + 1, "q" + ((index + i + 1) % 2), "7", correct[i] ? "7" : "8", correct[i], false, 50, List.of()));
        }
        return new ScoreEvent(1, runId, runId + "/gsm8k/L" + level + "/G" + index + "/S0", "sim", "gsm8k", level, index, 0,
                ScoreEvent.Outcome.SCORED, null, "stop", false, new Usage(10, 100, 80), 900, verdicts);
    }

    private static ScoreEvent failedScore(String runId, int level, int index) {
        List<QuestionVerdict> verdicts = new ArrayList<>();
        for (int i = 0; i < level; i++) {
            verdicts.add(new QuestionVerdict(i + 1, "q" + i, "7", null, false, false, null, List.of("model-call-failed")));
        }
        return new ScoreEvent(1, runId, runId + "/gsm8k/L" + level + "/G" + index + "/S0", "sim", "gsm8k", level, index, 0,
                ScoreEvent.Outcome.FAILED, new Failure("SERVER_ERROR", "HTTP 500", 500), null, false, Usage.UNKNOWN, 3000, verdicts);
    }
}

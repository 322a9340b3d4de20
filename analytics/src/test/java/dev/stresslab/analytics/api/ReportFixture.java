package dev.stresslab.analytics.api;

import dev.stresslab.contracts.ErrorCategory;
import dev.stresslab.contracts.GenerationSettings;
import dev.stresslab.contracts.RunSpec;
import dev.stresslab.contracts.QuestionVerdict;
import dev.stresslab.contracts.RunEvent;
import dev.stresslab.contracts.ScoreEvent;
import dev.stresslab.contracts.Topics;
import dev.stresslab.contracts.Usage;
import dev.stresslab.testkit.KafkaTestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.IntPredicate;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * A hand-computed run, published as events: 4 questions q0..q3, levels 1 and 3, one sample, REST grouping (prompt i
 * of level 3 holds q(i+1), q(i+2), q(i)). Every prompt reports usage 10 prompt / 1,000 completion / 800 reasoning
 * tokens, 50 of them unattributed; every slot 20 answer tokens. Score schema 2: error categories (CORRECT,
 * REASONING_ERROR, OUTPUT_TRUNCATION for the truncated prompt's omitted slot) and a flag the scorer's reference
 * grader adds ({@code reference-grader-differs} on level 3, prompt 1, position 3).
 * <ul>
 *   <li>Level 1: q0..q2 right, q3 wrong -> 3 / 4 = 75 %. Attributed tokens 500 + 10·i.</li>
 *   <li>Level 3 ("base" kind): positions 1 and 2 right, position 3 wrong -> 8 / 12 = 66.67 %, drop 8.33 points;
 *       prompt 0 truncated (truncation rate 25 %) and its position 3 omitted (1 / 12 = 8.33 %). Attributed tokens
 *       100·(4 − position) + 10·i, so position 1 holds 300, 310, 320, 330: quartiles 307.5 / 315 / 322.5.</li>
 *   <li>"candidate" kind: every slot right.</li>
 * </ul>
 */
final class ReportFixture {
    static final int QUESTIONS = 4;

    private ReportFixture() {
    }

    static String publish(KafkaTestClient kafka, String model, boolean allRight) {
        return publish(kafka, model, allRight, null);
    }

    /** @param generation when not null, the run starts with a PUBLISHING event whose spec has these settings */
    static String publish(KafkaTestClient kafka, String model, boolean allRight, GenerationSettings generation) {
        return publish(kafka, model, allRight, generation, 1);
    }

    /** @param tokenScale every slot's reasoning tokens multiplied by this (30 puts the boxes above 10,000 tokens) */
    static String publish(KafkaTestClient kafka, String model, boolean allRight, GenerationSettings generation,
                          int tokenScale) {
        String runId = "run-" + UUID.randomUUID().toString().substring(0, 8);
        RunEvent composed = new RunEvent(1, RunEvent.Type.COMPOSED, runId, model, "gsm8k", List.of(1, 3),
                QUESTIONS, 1, 2 * QUESTIONS, Instant.now());
        if (generation != null) {
            kafka.send(Topics.RUNS, runId, new RunEvent(1, RunEvent.Type.PUBLISHING, runId, model, "gsm8k", List.of(1, 3),
                    QUESTIONS, 1, 2 * QUESTIONS, Instant.now(),
                    new RunSpec("gsm8k", model, List.of(1, 3), QUESTIONS, null, 1, null, generation), null));
        }
        kafka.send(Topics.RUNS, runId, composed);
        for (int i = 0; i < QUESTIONS; i++) {
            int index = i;
            kafka.send(Topics.SCORES, runId, score(runId, model, 1, i, new int[]{i}, p -> allRight || index != 3,
                    p -> (500 + 10 * index) * tokenScale, false, -1));
        }
        for (int i = 0; i < QUESTIONS; i++) {
            int index = i;
            int[] questions = {(i + 1) % QUESTIONS, (i + 2) % QUESTIONS, i};
            kafka.send(Topics.SCORES, runId, score(runId, model, 3, i, questions, p -> allRight || p != 3,
                    p -> (100 * (4 - p) + 10 * index) * tokenScale, !allRight && i == 0, !allRight && i == 0 ? 3 : -1));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/runs/" + runId).then()
                .statusCode(200).body("status", equalTo("COMPLETE")));
        return runId;
    }

    static ScoreEvent score(String runId, String model, int level, int index, int[] questions,
                                    IntPredicate right, java.util.function.IntUnaryOperator tokens, boolean truncated,
                                    int omittedPosition) {
        List<QuestionVerdict> verdicts = new ArrayList<>();
        for (int p = 1; p <= questions.length; p++) {
            boolean omitted = p == omittedPosition;
            boolean correct = !omitted && right.test(p);
            List<String> flags = omitted ? List.of("omitted", "from-truncated-reasoning")
                    : level == 3 && index == 1 && p == 3 && !correct ? List.of("reference-grader-differs") : List.of();
            ErrorCategory category = correct ? ErrorCategory.CORRECT
                    : truncated && omitted ? ErrorCategory.OUTPUT_TRUNCATION : ErrorCategory.REASONING_ERROR;
            verdicts.add(new QuestionVerdict(p, "q" + questions[p - 1], "7", omitted ? null : correct ? "7" : "8, or 9",
                    correct, omitted, tokens.applyAsInt(p), flags, 20, category));
        }
        return new ScoreEvent(ScoreEvent.SCHEMA_VERSION, runId, runId + "/gsm8k/L" + level + "/G" + index + "/S0", model,
                "gsm8k", level, index, 0, ScoreEvent.Outcome.SCORED, null, truncated ? "length" : "stop", truncated,
                new Usage(10, 1000, 800), 900, verdicts, 50);
    }

    /**
     * A tagged MATH500 run (levels 1 and 3, one sample, 6 prompts): q0 Algebra level 1, q1 Algebra level 5, q2 Geometry
     * level 5, q3 without tags. Level 1: q0, q1, q3 right, q2 wrong but right under the label-aware reading
     * ({@code label-aware-correct}). Level 3: output G0 = q1 wrong, q2 wrong, q0 right but wrong label-aware
     * ({@code label-aware-wrong}); G1 = q2 right, q0 right, q1 wrong. Hand-computed in QuestionTagBreakdownTest.
     */
    static String publishTagged(KafkaTestClient kafka, String model) {
        String runId = "run-" + UUID.randomUUID().toString().substring(0, 8);
        kafka.send(Topics.RUNS, runId, new RunEvent(1, RunEvent.Type.COMPOSED, runId, model, "math500", List.of(1, 3),
                4, 1, 6, Instant.now()));
        String[][] tags = {{"Algebra", "1"}, {"Algebra", "5"}, {"Geometry", "5"}, {null, null}};
        for (int q = 0; q < 4; q++) {
            kafka.send(Topics.SCORES, runId, tagged(runId, model, 1, q, new int[]{q}, new boolean[]{q != 2},
                    q == 2 ? new String[]{"label-aware-correct"} : new String[]{null}, tags));
        }
        kafka.send(Topics.SCORES, runId, tagged(runId, model, 3, 0, new int[]{1, 2, 0}, new boolean[]{false, false, true},
                new String[]{null, null, "label-aware-wrong"}, tags));
        kafka.send(Topics.SCORES, runId, tagged(runId, model, 3, 1, new int[]{2, 0, 1}, new boolean[]{true, true, false},
                new String[]{null, null, null}, tags));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/runs/" + runId).then()
                .statusCode(200).body("status", equalTo("COMPLETE")));
        return runId;
    }

    private static ScoreEvent tagged(String runId, String model, int level, int index, int[] questions, boolean[] right,
                                     String[] flags, String[][] tags) {
        List<QuestionVerdict> verdicts = new ArrayList<>();
        for (int p = 1; p <= questions.length; p++) {
            String[] t = tags[questions[p - 1]];
            verdicts.add(new QuestionVerdict(p, "math500-" + questions[p - 1], "7", right[p - 1] ? "7" : "8",
                    right[p - 1], false, null, flags[p - 1] == null ? List.of() : List.of(flags[p - 1]), null,
                    right[p - 1] ? ErrorCategory.CORRECT : ErrorCategory.REASONING_ERROR, t[0],
                    t[1] == null ? null : Integer.valueOf(t[1]), null, null));
        }
        return new ScoreEvent(ScoreEvent.SCHEMA_VERSION, runId, runId + "/math500/L" + level + "/G" + index + "/S0",
                model, "math500", level, index, 0, ScoreEvent.Outcome.SCORED, null, "stop", false, new Usage(10, 100, 80),
                100, verdicts, null);
    }
}

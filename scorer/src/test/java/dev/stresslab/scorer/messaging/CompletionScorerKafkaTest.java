package dev.stresslab.scorer.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stresslab.contracts.AnswerKind;
import dev.stresslab.contracts.ChatMessage;
import dev.stresslab.contracts.CompletionEvent;
import dev.stresslab.contracts.Failure;
import dev.stresslab.contracts.GenerationSettings;
import dev.stresslab.contracts.PromptEvent;
import dev.stresslab.contracts.Topics;
import dev.stresslab.contracts.Usage;
import dev.stresslab.testkit.KafkaBrokerResource;
import dev.stresslab.testkit.KafkaTestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scorer on a real broker: completions in, one score event per completion out, keyed by run. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class CompletionScorerKafkaTest extends KafkaTestSupport {

    @Test
    void gradesEachQuestionAndAccountsForFailedCalls() {
        String runId = "run-" + UUID.randomUUID();
        PromptEvent prompt = new PromptEvent(1, runId, runId + "/gsm8k/L3/G0/S0", "sim", "gsm8k", 3, 0, 0,
                List.of("gsm8k-1", "gsm8k-2", "gsm8k-0"), List.of("36", "2500", "7"), AnswerKind.MATH,
                List.of(ChatMessage.user("...")), GenerationSettings.PAPER_DEFAULTS);
        kafka.send(Topics.COMPLETIONS, runId, CompletionEvent.success(prompt,
                "<think>maybe \\boxed{1}</think>Q1: \\boxed{36}\nQ2: \\boxed{2,500}\nQ3: \\boxed{8}", null, "stop",
                new Usage(100, 400, 300), 1200, 1));
        // a record that is not a completion at all must not stop the scorer: it is skipped, the next one is scored
        kafka.send(Topics.COMPLETIONS, runId, "{not json");
        PromptEvent second = new PromptEvent(1, runId, runId + "/gsm8k/L3/G1/S0", "sim", "gsm8k", 3, 1, 0,
                prompt.questionIds(), prompt.goldAnswers(), AnswerKind.MATH, prompt.messages(), prompt.generation());
        kafka.send(Topics.COMPLETIONS, runId, CompletionEvent.failure(second, new Failure("TIMEOUT", "no answer", null), 600000, 4));
        PromptEvent third = new PromptEvent(1, runId, runId + "/gsm8k/L3/G2/S0", "sim", "gsm8k", 3, 2, 0,
                prompt.questionIds(), prompt.goldAnswers(), AnswerKind.MATH, prompt.messages(), prompt.generation());
        kafka.send(Topics.COMPLETIONS, runId, CompletionEvent.failure(third, new Failure(Failure.CANCELLED, "not called: stopped", null), 0, 0));

        List<ConsumerRecord<String, JsonNode>> scores = kafka.await(Topics.SCORES, r -> runId.equals(r.key()), 3, Duration.ofSeconds(30));
        assertEquals(3, scores.size());
        JsonNode cancelled = scores.stream().map(ConsumerRecord::value).filter(s -> s.path("groupIndex").asInt() == 2).findFirst().orElseThrow();
        assertEquals("CANCELLED", cancelled.path("outcome").asText(), "neither failed nor wrong");
        assertEquals(0, cancelled.path("questions").size(), "no slot verdicts");
        assertEquals("CANCELLED", cancelled.path("failure").path("kind").asText());
        JsonNode scored = scores.stream().map(ConsumerRecord::value).filter(s -> s.path("groupIndex").asInt() == 0).findFirst().orElseThrow();
        assertEquals("SCORED", scored.path("outcome").asText());
        JsonNode q = scored.path("questions");
        assertEquals(3, q.size());
        assertEquals("36", q.get(0).path("extracted").asText());
        assertTrue(q.get(0).path("correct").asBoolean(), "the box inside <think> is not an answer");
        assertTrue(q.get(1).path("correct").asBoolean(), "2,500 equals 2500");
        assertFalse(q.get(2).path("correct").asBoolean());

        JsonNode failed = scores.stream().map(ConsumerRecord::value).filter(s -> s.path("groupIndex").asInt() == 1).findFirst().orElseThrow();
        assertEquals("FAILED", failed.path("outcome").asText());
        assertEquals("TIMEOUT", failed.path("failure").path("kind").asText());
        assertEquals(3, failed.path("questions").size());
        failed.path("questions").forEach(v -> assertFalse(v.path("correct").asBoolean()));

        String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("stresslab_scorer_unreadable_records_total") && !l.endsWith(" 0.0")),
                "the unreadable record is counted");
    }

    @Test
    void aCompletionThatCannotBeScoredYieldsAFailedScoreAndTheBatchGoesOn() {
        String runId = "run-" + UUID.randomUUID();
        PromptEvent prompt = new PromptEvent(1, runId, runId + "/gsm8k/L2/G0/S0", "sim", "gsm8k", 2, 0, 0,
                List.of("gsm8k-1", "gsm8k-2"), List.of("36", "7"), AnswerKind.MATH,
                List.of(ChatMessage.user("...")), GenerationSettings.PAPER_DEFAULTS);
        kafka.send(Topics.COMPLETIONS, runId, CompletionEvent.success(prompt, "Q1: \\boxed{36}\nQ2: \\boxed{7}", null, "stop",
                new Usage(10, 40, null), 100, 1));
        // breaks the schema's invariant (two questions, one gold answer): PromptScorer refuses it with an exception
        String secret = "SECRET-OUTPUT-TEXT";
        kafka.send(Topics.COMPLETIONS, runId, new CompletionEvent(1, runId, runId + "/gsm8k/L2/G1/S0", "sim", "gsm8k", 2, 1, 0,
                List.of("gsm8k-1", "gsm8k-2"), List.of("36"), AnswerKind.MATH, secret + " \\boxed{36}", null, "stop",
                Usage.UNKNOWN, 100, null, 1, null));
        kafka.send(Topics.COMPLETIONS, runId, CompletionEvent.success(new PromptEvent(1, runId, runId + "/gsm8k/L2/G2/S0",
                "sim", "gsm8k", 2, 2, 0, prompt.questionIds(), prompt.goldAnswers(), AnswerKind.MATH, prompt.messages(),
                prompt.generation()), "\\boxed{35} \\boxed{7}", null, "stop", Usage.UNKNOWN, 100, 1));

        List<ConsumerRecord<String, JsonNode>> scores = kafka.await(Topics.SCORES, r -> runId.equals(r.key()), 3, Duration.ofSeconds(30));
        assertEquals(3, scores.size(), "every prompt is accounted for, the unscorable one included");
        JsonNode bad = byGroup(scores, 1);
        assertEquals("FAILED", bad.path("outcome").asText());
        assertEquals("SCORING_ERROR", bad.path("failure").path("kind").asText());
        String message = bad.path("failure").path("message").asText();
        assertEquals("invalid completion: goldAnswers holds 1 entries for level 2", message);
        assertFalse(bad.toString().contains(secret), "the failure event carries no output text");
        assertEquals(2, bad.path("questions").size());
        bad.path("questions").forEach(v -> {
            assertFalse(v.path("correct").asBoolean());
            assertEquals("scoring-error", v.path("flags").get(0).asText());
        });

        JsonNode before = byGroup(scores, 0);
        assertEquals("SCORED", before.path("outcome").asText());
        before.path("questions").forEach(v -> assertTrue(v.path("correct").asBoolean()));
        JsonNode after = byGroup(scores, 2);
        assertEquals("SCORED", after.path("outcome").asText());
        assertFalse(after.path("questions").get(0).path("correct").asBoolean());
        assertTrue(after.path("questions").get(1).path("correct").asBoolean());

        RestAssured.get("/q/health/ready").then().statusCode(200);
        String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("stresslab_scorer_scoring_errors_total") && !l.endsWith(" 0.0")),
                "the scoring error is counted");
    }

    private static JsonNode byGroup(List<ConsumerRecord<String, JsonNode>> scores, int group) {
        return scores.stream().map(ConsumerRecord::value).filter(s -> s.path("groupIndex").asInt() == group).findFirst()
                .orElseThrow(() -> new AssertionError("no score for group " + group));
    }
}

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

        List<ConsumerRecord<String, JsonNode>> scores = kafka.await(Topics.SCORES, r -> runId.equals(r.key()), 2, Duration.ofSeconds(30));
        assertEquals(2, scores.size());
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
}

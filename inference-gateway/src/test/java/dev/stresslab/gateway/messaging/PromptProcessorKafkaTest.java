package dev.stresslab.gateway.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stresslab.contracts.AnswerKind;
import dev.stresslab.contracts.ChatMessage;
import dev.stresslab.contracts.GenerationSettings;
import dev.stresslab.contracts.PromptEvent;
import dev.stresslab.contracts.Topics;
import dev.stresslab.testkit.KafkaBrokerResource;
import dev.stresslab.testkit.KafkaTestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gateway on a real broker against a scripted model server over real HTTP. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(FakeModelServerResource.class)
class PromptProcessorKafkaTest extends KafkaTestSupport {

    @Test
    void completesPromptsRetriesRateLimitsAndRecordsFailures() {
        String runId = "run-" + UUID.randomUUID();
        List<String> words = List.of("OK", "RATE-LIMIT-ONCE", "ALWAYS-500", "GARBAGE", "HANG");
        for (int i = 0; i < words.size(); i++) {
            kafka.send(Topics.PROMPTS, runId, prompt(runId, i, words.get(i)));
        }
        List<ConsumerRecord<String, JsonNode>> completions = kafka.await(Topics.COMPLETIONS,
                r -> runId.equals(r.key()), words.size(), Duration.ofSeconds(60));
        assertEquals(words.size(), completions.size(), "one completion per prompt");
        Map<Integer, JsonNode> byIndex = completions.stream().map(ConsumerRecord::value)
                .collect(Collectors.toMap(c -> c.path("groupIndex").asInt(), Function.identity()));

        JsonNode ok = byIndex.get(0);
        assertTrue(ok.path("failure").isNull());
        assertEquals("Q1: \\boxed{42}", ok.path("content").asText());
        assertEquals("think think", ok.path("reasoning").asText());
        assertEquals(20, ok.path("usage").path("reasoningTokens").asInt());
        assertEquals(1, ok.path("attempts").asInt());

        JsonNode rateLimited = byIndex.get(1);
        assertTrue(rateLimited.path("failure").isNull(), rateLimited.toString());
        assertEquals(2, rateLimited.path("attempts").asInt());

        JsonNode serverError = byIndex.get(2);
        assertEquals("SERVER_ERROR", serverError.path("failure").path("kind").asText());
        assertEquals(500, serverError.path("failure").path("httpStatus").asInt());
        assertEquals(3, serverError.path("attempts").asInt());

        assertEquals("BAD_RESPONSE", byIndex.get(3).path("failure").path("kind").asText());
        assertEquals("TIMEOUT", byIndex.get(4).path("failure").path("kind").asText());

        List<ConsumerRecord<String, JsonNode>> deadLetters = kafka.await(Topics.DLQ, r -> runId.equals(r.key()), 3,
                Duration.ofSeconds(20));
        assertEquals(3, deadLetters.size(), "failed prompts also go to the dead-letter topic");
        deadLetters.forEach(d -> assertFalse(d.value().path("failure").isNull()));
    }

    @Test
    void anEndpointsRequestsPerSecondSpacesTheCalls() {
        String runId = "run-" + UUID.randomUUID();
        for (int i = 0; i < 4; i++) {
            PromptEvent p = prompt(runId, i, "OK");
            kafka.send(Topics.PROMPTS, runId, new PromptEvent(p.schemaVersion(), runId, p.promptId(), "stub-rated", p.benchmark(),
                    p.level(), p.groupIndex(), p.sample(), p.questionIds(), p.goldAnswers(), p.answerKind(), p.messages(), p.generation()));
        }
        List<ConsumerRecord<String, JsonNode>> completions = kafka.await(Topics.COMPLETIONS, r -> runId.equals(r.key()), 4,
                Duration.ofSeconds(30));
        assertEquals(4, completions.size());
        List<Long> latencies = completions.stream().map(c -> c.value().path("latencyMs").asLong()).sorted().toList();
        // 2 requests/s, burst 1: calls start 0.5 s apart, so the fourth starts 1.5 s after the first. The prompts
        // arrive ~0.1 s apart (one acknowledged send each), so the fourth waits well over 1 s.
        assertTrue(latencies.get(0) < 500, "first call is not delayed: " + latencies);
        assertTrue(latencies.get(3) >= 1000, "the fourth waits for its slot: " + latencies);
        completions.forEach(c -> assertTrue(c.value().path("failure").isNull()));
    }

    @Test
    void anUnregisteredModelIsRecordedAsFailedWithoutACall() {
        String runId = "run-" + UUID.randomUUID();
        PromptEvent p = prompt(runId, 0, "OK");
        kafka.send(Topics.PROMPTS, runId, "{not json"); // skipped and counted; the prompt after it is still handled
        kafka.send(Topics.PROMPTS, runId, new PromptEvent(p.schemaVersion(), runId, p.promptId(), "nobody", p.benchmark(),
                p.level(), p.groupIndex(), p.sample(), p.questionIds(), p.goldAnswers(), p.answerKind(), p.messages(), p.generation()));
        List<ConsumerRecord<String, JsonNode>> completions = kafka.await(Topics.COMPLETIONS, r -> runId.equals(r.key()), 1,
                Duration.ofSeconds(30));
        assertEquals("UNKNOWN_ENDPOINT", completions.get(0).value().path("failure").path("kind").asText());
        assertTrue(io.restassured.RestAssured.get("/q/metrics").asString()
                .contains("stresslab_gateway_prompts_skipped_total{reason=\"unreadable\"} 1.0"), "the unreadable record is counted");
    }

    @jakarta.inject.Inject
    CancelledRuns cancelledRuns;

    @Test
    void aCancelledRunsPromptsAreRecordedAsCancelledWithoutACall() {
        String runId = "run-" + UUID.randomUUID();
        kafka.send(Topics.RUNS, runId, new dev.stresslab.contracts.RunEvent(1, dev.stresslab.contracts.RunEvent.Type.CANCELLED,
                runId, "stub", "gsm8k", List.of(1), 3, 1, 3, java.time.Instant.now(), null, "sequential verdict REGRESSION at round 1"));
        // the cancellation reaches the gateway's own consumer of stress.runs before the prompts are sent
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> cancelledRuns.reason(runId).isPresent());
        double calledBefore = called();
        for (int i = 0; i < 3; i++) {
            kafka.send(Topics.PROMPTS, runId, prompt(runId, i, "OK"));
        }
        List<ConsumerRecord<String, JsonNode>> completions = kafka.await(Topics.COMPLETIONS, r -> runId.equals(r.key()), 3,
                Duration.ofSeconds(30));
        assertEquals(3, completions.size(), "every prompt is accounted for");
        for (ConsumerRecord<String, JsonNode> c : completions) {
            assertEquals("CANCELLED", c.value().path("failure").path("kind").asText(), c.value().toString());
            assertTrue(c.value().path("failure").path("message").asText().contains("REGRESSION at round 1"));
            assertEquals(0, c.value().path("attempts").asInt(), "no call");
        }
        assertEquals(calledBefore, called(), "the model server was not called");
        assertTrue(io.restassured.RestAssured.get("/q/metrics").asString().lines()
                .anyMatch(l -> l.startsWith("stresslab_gateway_prompts_total{outcome=\"cancelled\"}") && !l.endsWith(" 0.0")),
                "counted as cancelled");
        assertTrue(kafka.await(Topics.DLQ, r -> runId.equals(r.key()), 1, Duration.ofSeconds(2)).isEmpty(),
                "a cancelled prompt is not a failure for the dead-letter topic");
    }

    private static double called() {
        String metrics = io.restassured.RestAssured.get("/q/metrics").asString();
        double sum = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("stresslab_gateway_prompts_total{") && !line.contains("cancelled")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    @Test
    void theRegistryListsIdsAndModelsButNoUrlsOrKeys() {
        String body = given().get("/endpoints").then().statusCode(200)
                .body("id", hasItem("stub")).extract().asString();
        assertFalse(body.contains("127.0.0.1"), body);
        assertFalse(body.toLowerCase().contains("key"), body);
    }

    @Test
    void aDeployedServerIsRegisteredWithoutARestartOnlyInsideTheAllowList() {
        String stubUrl = org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("gateway.endpoints.stub.base-url", String.class);
        String token = "Bearer gateway-test-token-51e0";
        given().contentType("application/json").body(Map.of("id", "deployed-1", "model", "stub-model", "baseUrl", stubUrl))
                .post("/endpoints").then().statusCode(401);
        given().header("Authorization", token).contentType("application/json")
                .body(Map.of("id", "deployed-evil", "model", "m", "baseUrl", "http://attacker.example.com"))
                .post("/endpoints").then().statusCode(422).body("error", org.hamcrest.Matchers.containsString("allow-list"));
        given().header("Authorization", token).contentType("application/json")
                .body(Map.of("id", "deployed-1", "model", "stub-model", "baseUrl", stubUrl)).post("/endpoints").then().statusCode(201);
        given().header("Authorization", token).contentType("application/json")
                .body(Map.of("id", "deployed-1", "model", "stub-model", "baseUrl", stubUrl)).post("/endpoints").then().statusCode(200);
        given().header("Authorization", token).contentType("application/json")
                .body(Map.of("id", "deployed-1", "model", "stub-model", "baseUrl", "http://127.0.0.1:1")).post("/endpoints").then().statusCode(409);
        given().get("/endpoints").then().body("id", hasItem("deployed-1")).body("id", org.hamcrest.Matchers.not(hasItem("deployed-evil")));

        String runId = "run-" + UUID.randomUUID();
        PromptEvent p = prompt(runId, 0, "OK");
        kafka.send(Topics.PROMPTS, runId, new PromptEvent(p.schemaVersion(), runId, p.promptId(), "deployed-1", p.benchmark(),
                p.level(), p.groupIndex(), p.sample(), p.questionIds(), p.goldAnswers(), p.answerKind(), p.messages(), p.generation()));
        JsonNode completion = kafka.await(Topics.COMPLETIONS, r -> runId.equals(r.key()), 1, Duration.ofSeconds(30)).get(0).value();
        assertTrue(completion.path("failure").isNull(), completion.toString());
        assertEquals("Q1: \\boxed{42}", completion.path("content").asText());
    }

    private static PromptEvent prompt(String runId, int index, String word) {
        return new PromptEvent(PromptEvent.SCHEMA_VERSION, runId, runId + "/t/L1/G" + index + "/S0", "stub", "gsm8k", 1,
                index, 0, List.of("q" + index), List.of("42"), AnswerKind.MATH,
                List.of(ChatMessage.user("Q1: " + word + "\n\n\nAnswer the above questions one by one.")),
                new GenerationSettings(0.6, 0.95, 256, null));
    }
}

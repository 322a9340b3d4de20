package dev.stresslab.scorer.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.stresslab.contracts.AnswerKind;
import dev.stresslab.contracts.ChatMessage;
import dev.stresslab.contracts.CompletionEvent;
import dev.stresslab.contracts.GenerationSettings;
import dev.stresslab.contracts.PromptEvent;
import dev.stresslab.contracts.Topics;
import dev.stresslab.contracts.Usage;
import dev.stresslab.scorer.extract.LlmExtractPrompt;
import dev.stresslab.testkit.KafkaBrokerResource;
import dev.stresslab.testkit.KafkaTestSupport;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The LLM extractor in the scorer, on a real broker: GPQA completions are read by an extractor called through the
 * gateway's {@code POST /extractions} (here a stand-in HTTP server that answers as an extractor would, after one 503
 * to prove the retry), and a benchmark whose extractor always fails keeps the rule-based reading, flagged. The whole
 * chain through the real gateway and the simulator's extractor profile runs in PipelineEndToEndIT.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(LlmExtractionKafkaTest.FakeGateway.class)
class LlmExtractionKafkaTest extends KafkaTestSupport {
    static final ConcurrentLinkedQueue<JsonNode> REQUESTS = new ConcurrentLinkedQueue<>();
    static final AtomicInteger EXTRACTOR_CALLS = new AtomicInteger();

    /** Endpoint "extractor": 503 to its first call, then REST's reply shape; endpoint "broken": always 502. */
    public static class FakeGateway implements QuarkusTestResourceLifecycleManager {
        private HttpServer server;

        @Override
        public Map<String, String> start() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            ObjectMapper json = new ObjectMapper();
            server.createContext("/extractions", exchange -> {
                JsonNode body = json.readTree(exchange.getRequestBody());
                REQUESTS.add(body);
                boolean broken = "broken".equals(body.path("endpoint").asText());
                int extractorCall = broken ? 0 : EXTRACTOR_CALLS.incrementAndGet();
                int status;
                String reply;
                if (broken || extractorCall == 1) {
                    status = broken ? 502 : 503;
                    reply = "{\"error\":\"extraction call failed\"}";
                } else {
                    status = 200;
                    reply = json.writeValueAsString(Map.of("content",
                            "Answer to Q1: \\boxed{B}\nAnswer to Q2: \\boxed{C}", "finishReason", "stop", "attempts", 1));
                }
                byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            server.start();
            return Map.of("scorer.llm-extract.gateway-url", "http://127.0.0.1:" + server.getAddress().getPort(),
                    "scorer.llm-extract.gpqa-diamond.endpoint", "extractor",
                    "scorer.llm-extract.gpqa-broken.endpoint", "broken");
        }

        @Override
        public void stop() {
            if (server != null) {
                server.stop(0);
            }
        }
    }

    private static CompletionEvent gpqa(String runId, String benchmark) {
        String user = "Answer the following multiple choice question one by one. "
                + "Remember to give each answer in the following format: 'ANSWER: \\boxed{{$LETTER}}' (without quotes) "
                + "where LETTER is one of ABCD.\n\nQ1: first?\n\nA) a\nB) b\nC) c\nD) d\n\nQ2: second?\n\nA) a\nB) b\n"
                + "C) c\nD) d\n\n\n\nAnswer the above multiple choice question one by one. Remember to give each answer in "
                + "the following format: 'ANSWER: \\boxed{{$LETTER}}' (without quotes) where LETTER is one of ABCD.";
        PromptEvent p = new PromptEvent(1, runId, runId + "/" + benchmark + "/L2/G0/S0", "sim", benchmark, 2, 0, 0,
                List.of("q1", "q2"), List.of("B", "C"), AnswerKind.CHOICE, List.of(ChatMessage.user(user)),
                GenerationSettings.PAPER_DEFAULTS);
        // Q2's answer is in prose: the rules find none, the extractor reads C
        return CompletionEvent.success(p, "<think>hmm</think>Q1: ANSWER: \\boxed{B}\nQ2: so it has to be option C, the third.",
                null, "stop", new Usage(10, 40, null), 100, 1);
    }

    @Test
    void theExtractorsReadingIsTheHeadlineWithTheRuleBasedOneBesideIt() {
        String runId = "run-" + UUID.randomUUID();
        kafka.send(Topics.COMPLETIONS, runId, gpqa(runId, "gpqa-diamond"));
        JsonNode score = kafka.await(Topics.SCORES, r -> runId.equals(r.key()), 1, Duration.ofSeconds(60)).get(0).value();
        JsonNode q1 = score.path("questions").get(0);
        JsonNode q2 = score.path("questions").get(1);
        assertEquals("B", q1.path("extracted").asText());
        assertTrue(q1.path("correct").asBoolean());
        assertEquals("C", q2.path("extracted").asText());
        assertTrue(q2.path("correct").asBoolean(), "the extractor read the prose answer");
        assertFalse(q2.path("ruleCorrect").asBoolean(), "the rules did not");
        assertTrue(q2.path("ruleCorrect").isBoolean());
        assertTrue(q2.path("flags").toString().contains("llm-reading-differs"));

        JsonNode request = REQUESTS.stream().filter(r -> "extractor".equals(r.path("endpoint").asText())).reduce((a, b) -> b)
                .orElseThrow();
        assertEquals(0.001, request.path("temperature").asDouble());
        assertEquals(128, request.path("maxTokens").asInt());
        String expected = LlmExtractPrompt.build("Q1: first?\n\nA) a\nB) b\nC) c\nD) d\n\nQ2: second?\n\nA) a\nB) b\nC) c\nD) d\n\n",
                "Q1: ANSWER: \\boxed{B}\nQ2: so it has to be option C, the third.");
        assertEquals(expected, request.path("prompt").asText(), "REST's prompt, filled with the questions and the answer part");
        assertEquals(2, EXTRACTOR_CALLS.get(), "the first call's 503 was retried once");
    }

    @Test
    void aFailingExtractorLeavesTheRuleBasedReadingFlagged() {
        String runId = "run-" + UUID.randomUUID();
        kafka.send(Topics.COMPLETIONS, runId, gpqa(runId, "gpqa-broken"));
        List<ConsumerRecord<String, JsonNode>> scores = kafka.await(Topics.SCORES, r -> runId.equals(r.key()), 1, Duration.ofSeconds(60));
        JsonNode q = scores.get(0).value().path("questions");
        assertEquals("B", q.get(0).path("extracted").asText());
        assertTrue(q.get(0).path("correct").asBoolean());
        assertFalse(q.get(1).path("correct").asBoolean());
        for (JsonNode v : q) {
            assertTrue(v.path("flags").toString().contains("llm-extract-failed"), v.toString());
            assertTrue(v.path("ruleCorrect").isNull() || v.path("ruleCorrect").isMissingNode());
        }
        assertEquals(3, REQUESTS.stream().filter(r -> "broken".equals(r.path("endpoint").asText())).count(),
                "three attempts in all");
        String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("stresslab_scorer_llm_extractions_total{benchmark=\"gpqa-broken\",outcome=\"failed\"} 1.0"),
                metrics.lines().filter(l -> l.contains("llm")).toList().toString());
    }
}

package dev.stresslab.composer.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stresslab.composer.client.AnalyticsClient;
import dev.stresslab.composer.client.AnalyticsUnavailableException;
import dev.stresslab.composer.client.ReferenceRuns;
import dev.stresslab.contracts.Topics;
import dev.stresslab.testkit.KafkaBrokerResource;
import dev.stresslab.testkit.KafkaTestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /runs on a real broker: what is published, and that a bad request publishes nothing. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(UpstreamServicesStub.class)
class RunResourceKafkaTest extends KafkaTestSupport {

    @Test
    void publishesEveryPromptKeyedByRunThenTheComposedEvent() {
        String runId = authorized()
                .body("{\"benchmark\":\"gsm8k\",\"modelId\":\"sim-budgeter\",\"levels\":[1,3],\"limit\":4}")
                .post("/runs").then().statusCode(201)
                .body("promptCount", equalTo(8)).body("levels", equalTo(List.of(1, 3)))
                .extract().path("runId");

        List<ConsumerRecord<String, JsonNode>> prompts = kafka.await(Topics.PROMPTS, r -> runId.equals(r.key()), 8, Duration.ofSeconds(20));
        assertEquals(8, prompts.size());
        Set<String> ids = new HashSet<>();
        for (ConsumerRecord<String, JsonNode> r : prompts) {
            JsonNode p = r.value();
            ids.add(p.path("promptId").asText());
            assertEquals(1, p.path("schemaVersion").asInt());
            assertEquals(p.path("level").asInt(), p.path("questionIds").size());
            assertEquals(p.path("level").asInt(), p.path("goldAnswers").size());
            assertEquals(0.6, p.path("generation").path("temperature").asDouble());
            assertEquals(32768, p.path("generation").path("maxTokens").asInt());
        }
        assertEquals(8, ids.size(), "prompt ids are unique");
        JsonNode levelThreeFirst = prompts.stream().map(ConsumerRecord::value)
                .filter(p -> p.path("level").asInt() == 3 && p.path("groupIndex").asInt() == 0).findFirst().orElseThrow();
        // REST grouping over 4 questions: prompt 0 holds q1, q2 and then q0 last; gold "2,500" loses its comma.
        assertEquals(List.of("1", "2", "0"), suffixes(levelThreeFirst.path("questionIds")));
        assertEquals("2500", levelThreeFirst.path("goldAnswers").get(1).asText());
        String user = levelThreeFirst.path("messages").get(0).path("content").asText();
        assertTrue(user.startsWith("Q1: A box holds 12 eggs."), user);
        assertTrue(user.endsWith("\n\n\nAnswer the above questions one by one. Remember to put your final answer within \\boxed{}."), user);

        List<ConsumerRecord<String, JsonNode>> runs = kafka.await(Topics.RUNS, r -> runId.equals(r.key()), 2, Duration.ofSeconds(20));
        assertEquals(2, runs.size());
        // PUBLISHING first, with what RunRecovery needs to plan the run again; COMPOSED once every prompt is out
        assertEquals("PUBLISHING", runs.get(0).value().path("type").asText());
        assertEquals(8, runs.get(0).value().path("promptCount").asInt());
        assertEquals("gsm8k", runs.get(0).value().path("spec").path("benchmark").asText());
        assertEquals(4, runs.get(0).value().path("spec").path("limit").asInt());
        assertEquals("COMPOSED", runs.get(1).value().path("type").asText());
        assertEquals(8, runs.get(1).value().path("promptCount").asInt());
        assertTrue(runs.get(1).value().path("spec").isNull(), "the spec rides only on PUBLISHING");
    }

    @Test
    void aConfiguredUserBenchmarkRunsWithTheModelsSystemPrompt() {
        String runId = authorized()
                .body("{\"benchmark\":\"house-evals\",\"modelId\":\"sim-careful\",\"levels\":[2]}")
                .post("/runs").then().statusCode(201).body("promptCount", equalTo(3)).extract().path("runId");
        List<ConsumerRecord<String, JsonNode>> prompts = kafka.await(Topics.PROMPTS, r -> runId.equals(r.key()), 3, Duration.ofSeconds(20));
        assertEquals(3, prompts.size());
        JsonNode first = prompts.stream().map(ConsumerRecord::value).filter(p -> p.path("groupIndex").asInt() == 0).findFirst().orElseThrow();
        assertEquals("system", first.path("messages").get(0).path("role").asText());
        assertEquals("You are a careful solver.", first.path("messages").get(0).path("content").asText());
        assertEquals(List.of("9", "4"), List.of(first.path("goldAnswers").get(0).asText(), first.path("goldAnswers").get(1).asText()));
        assertTrue(first.path("messages").get(1).path("content").asText().startsWith("Q1: What is 3*3?\n\nQ2: What is 2+2?"));
    }

    @Test
    void theRequestsSystemPromptIsWhatThePromptsCarryAndEmptySendsNone() {
        // sim-careful has a configured per-model prompt; the request's own one wins over it
        String runId = authorized()
                .body("{\"benchmark\":\"gsm8k\",\"modelId\":\"sim-careful\",\"levels\":[1,2],\"limit\":3,"
                        + "\"systemPrompt\":\"Answer tersely.\\nThink first.\"}")
                .post("/runs").then().statusCode(201).body("promptCount", equalTo(6)).extract().path("runId");
        List<ConsumerRecord<String, JsonNode>> prompts = kafka.await(Topics.PROMPTS, r -> runId.equals(r.key()), 6, Duration.ofSeconds(20));
        assertEquals(6, prompts.size());
        for (ConsumerRecord<String, JsonNode> r : prompts) {
            JsonNode messages = r.value().path("messages");
            assertEquals(2, messages.size());
            assertEquals("system", messages.get(0).path("role").asText());
            assertEquals("Answer tersely.\nThink first.", messages.get(0).path("content").asText());
        }
        JsonNode publishing = kafka.await(Topics.RUNS, r -> runId.equals(r.key()), 1, Duration.ofSeconds(20)).get(0).value();
        assertEquals("Answer tersely.\nThink first.", publishing.path("spec").path("systemPrompt").asText(),
                "recovery re-plans with the prompt the run was built with");

        String noneId = authorized()
                .body("{\"benchmark\":\"gsm8k\",\"modelId\":\"sim-careful\",\"levels\":[1],\"limit\":2,\"systemPrompt\":\"\"}")
                .post("/runs").then().statusCode(201).extract().path("runId");
        for (ConsumerRecord<String, JsonNode> r : kafka.await(Topics.PROMPTS, x -> noneId.equals(x.key()), 2, Duration.ofSeconds(20))) {
            assertEquals(1, r.value().path("messages").size());
            assertEquals("user", r.value().path("messages").get(0).path("role").asText());
        }
    }

    @Test
    void anInterleavedRunPublishesWholeRoundsInTheSeedsOrderAndRecordsIt() {
        String runId = authorized()
                .body("{\"benchmark\":\"gsm8k\",\"modelId\":\"sim-budgeter\",\"levels\":[1,2],\"limit\":4,"
                        + "\"promptOrder\":\"interleaved\",\"orderSeed\":99}")
                .post("/runs").then().statusCode(201).body("promptCount", equalTo(8)).extract().path("runId");
        List<ConsumerRecord<String, JsonNode>> prompts = kafka.await(Topics.PROMPTS, r -> runId.equals(r.key()), 8, Duration.ofSeconds(20));
        List<dev.stresslab.contracts.PromptOrder.Key> published = prompts.stream().map(r -> new dev.stresslab.contracts.PromptOrder.Key(
                r.value().path("level").asInt(), r.value().path("groupIndex").asInt(), r.value().path("sample").asInt())).toList();
        assertEquals(dev.stresslab.contracts.PromptOrder.interleaved(List.of(1, 2), 4, 1, 99), published,
                "the order the gate computes from the same seed");
        JsonNode spec = kafka.await(Topics.RUNS, r -> runId.equals(r.key()), 1, Duration.ofSeconds(20)).get(0).value().path("spec");
        assertEquals("interleaved", spec.path("promptOrder").asText());
        assertEquals(99, spec.path("orderSeed").asLong(), "recovery re-publishes in the same order");

        authorized().body("{\"benchmark\":\"gsm8k\",\"modelId\":\"sim-budgeter\",\"promptOrder\":\"shuffled\"}")
                .post("/runs").then().statusCode(400).body(org.hamcrest.Matchers.containsString("promptOrder"));
    }

    @Test
    void hardFirstOrdersEveryPromptByTheReferenceRunsAccuracyFromAnalytics() {
        String runId = authorized()
                .body("{\"benchmark\":\"gsm8k\",\"modelId\":\"sim-budgeter\",\"levels\":[3],\"questionOrder\":\"hard-first\","
                        + "\"difficultyFrom\":\"" + UpstreamServicesStub.REFERENCE_RUN + "\"}")
                .post("/runs").then().statusCode(201).body("promptCount", equalTo(5)).extract().path("runId");
        List<ConsumerRecord<String, JsonNode>> prompts = kafka.await(Topics.PROMPTS, r -> runId.equals(r.key()), 5, Duration.ofSeconds(20));
        assertEquals(5, prompts.size());
        Set<String> sets = new HashSet<>();
        for (ConsumerRecord<String, JsonNode> r : prompts) {
            JsonNode p = r.value();
            // gsm8k-k was right in k of 4 reference slots: hard-first means ascending k inside every prompt
            List<String> ks = suffixes(p.path("questionIds"));
            assertEquals(ks.stream().sorted().toList(), ks, p.path("promptId").asText());
            sets.add(ks.stream().sorted().toList().toString());
            int group = p.path("groupIndex").asInt();
            assertEquals(runId + "/gsm8k/L3/G" + group + "/S0", p.path("promptId").asText(), "ids do not depend on the order");
            String user = p.path("messages").get(0).path("content").asText();
            assertTrue(user.startsWith("Q1: "), user);
        }
        assertEquals(5, sets.size(), "the same question sets as REST's prompts, one per index");
        JsonNode spec = kafka.await(Topics.RUNS, r -> runId.equals(r.key()), 1, Duration.ofSeconds(20)).get(0).value().path("spec");
        assertEquals("hard-first", spec.path("questionOrder").asText());
        assertEquals(UpstreamServicesStub.REFERENCE_RUN, spec.path("difficultyFrom").asText());
        assertEquals(0.75, spec.path("questionAccuracy").path("gsm8k-3").asDouble(), "the failed call is left out");
    }

    @Test
    void aDifficultyOrderWithoutAUsableReferenceRunIsRefusedClearly() {
        long before = kafka.endOffsetSum(Topics.PROMPTS);
        authorized().body("{\"benchmark\":\"gsm8k\",\"modelId\":\"sim-budgeter\",\"questionOrder\":\"easy-first\",\"difficultyFrom\":\"run-nosuchrun01\"}")
                .post("/runs").then().statusCode(400).body("field", equalTo("difficultyFrom"))
                .body("error", containsString("reference run 'run-nosuchrun01' is unknown to analytics"));
        authorized().body("{\"benchmark\":\"gsm8k\",\"modelId\":\"sim-budgeter\",\"questionOrder\":\"easy-first\"}")
                .post("/runs").then().statusCode(400).body("field", equalTo("difficultyFrom"));
        authorized().body("{\"benchmark\":\"gsm8k\",\"modelId\":\"sim-budgeter\",\"questionOrder\":\"random\"}")
                .post("/runs").then().statusCode(400).body("field", equalTo("questionOrder"));
        authorized().body("{\"benchmark\":\"gsm8k\",\"modelId\":\"sim-budgeter\",\"questionOrder\":\"hard-first\",\"difficultyFrom\":\"http://evil/x\"}")
                .post("/runs").then().statusCode(400).body("error", containsString("not a URL"));
        authorized().body("{\"benchmark\":\"gsm8k\",\"modelId\":\"sim-budgeter\",\"questionOrder\":\"hard-first\",\"difficultyFrom\":\""
                        + UpstreamServicesStub.BROKEN_RUN + "\"}")
                .post("/runs").then().statusCode(503).body("error", containsString("analytics answered HTTP 500"));
        assertEquals(before, kafka.endOffsetSum(Topics.PROMPTS), "a refused run publishes no prompt");

        AnalyticsClient nobodyListens = QuarkusRestClientBuilder.newBuilder().baseUri(URI.create("http://127.0.0.1:1"))
                .build(AnalyticsClient.class);
        String unreachable = assertThrows(AnalyticsUnavailableException.class,
                () -> new ReferenceRuns(nobodyListens).difficulty("run-reference01")).getMessage();
        assertTrue(unreachable.startsWith("cannot read reference run 'run-reference01' from analytics"), unreachable);
    }

    @Test
    void badRequestsGet400AndPublishNothing() {
        long before = kafka.endOffsetSum(Topics.PROMPTS);
        authorized().body("{\"benchmark\":\"nope\",\"modelId\":\"sim-budgeter\"}")
                .post("/runs").then().statusCode(400).body("error", containsString("unknown benchmark 'nope'"));
        authorized().body("{\"benchmark\":\"gsm8k\",\"modelId\":\"sim-budgeter\",\"levels\":[0]}")
                .post("/runs").then().statusCode(400).body("error", containsString("at least 1"));
        authorized().body("{\"benchmark\":\"gsm8k\",\"modelId\":\"sim-budgeter\",\"levels\":[6]}")
                .post("/runs").then().statusCode(400).body("error", containsString("larger than the 5 questions"));
        authorized().body("{\"benchmark\":\"gsm8k\",\"modelId\":\"gpt-x\",\"levels\":[1]}")
                .post("/runs").then().statusCode(400).body("error", containsString("not registered"));
        authorized().body("{\"benchmark\":\"gsm8k\"}")
                .post("/runs").then().statusCode(400).body("error", containsString("modelId"));
        authorized().body("{\"benchmark\":\"broken-evals\",\"modelId\":\"sim-budgeter\",\"levels\":[1]}")
                .post("/runs").then().statusCode(422)
                .body("error", containsString("broken-evals.jsonl:2 field 'solution'"));
        authorized().body("{not json")
                .post("/runs").then().statusCode(400).body("error", containsString("malformed JSON body"));
        assertEquals(before, kafka.endOffsetSum(Topics.PROMPTS), "a refused run publishes no prompt");
    }

    /** POST /runs needs the API token; the test profile sets one (see ApiSecurityKafkaTest for refusals). */
    static RequestSpecification authorized() {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer "
                + ConfigProvider.getConfig().getValue("stresslab.api.token", String.class));
    }

    private static List<String> suffixes(JsonNode ids) {
        List<String> out = new java.util.ArrayList<>();
        ids.forEach(id -> out.add(id.asText().substring(id.asText().lastIndexOf('-') + 1)));
        return out;
    }
}

package dev.stresslab.gate.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stresslab.contracts.DeploymentEvent;
import dev.stresslab.contracts.Topics;
import dev.stresslab.testkit.KafkaBrokerResource;
import dev.stresslab.testkit.KafkaTestClient;
import dev.stresslab.testkit.KafkaTestSupport;
import dev.stresslab.testkit.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gate on a real broker and a real PostgreSQL, with the composer, analytics and gateway as HTTP stubs: deployment
 * events start suites, completed runs become verdicts against the promoted baseline (topic, API, HTML, metrics), and
 * each trigger's guards hold (duplicates, the allow-list, the token, the schedule).
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(PeerServicesStub.class)
class ReleaseGateKafkaTest extends KafkaTestSupport {
    private static final String TOKEN = "Bearer gate-test-token-7d41c9";

    private static DeploymentEvent deployment(String id, String endpoint, String family, String baseUrl) {
        return new DeploymentEvent(1, id, "model-of-" + endpoint, endpoint, baseUrl, family, null, Instant.now());
    }

    private static JsonNode evaluations(String endpoint) {
        return KafkaTestClient.JSON.valueToTree(given().queryParam("endpoint", endpoint).get("/evaluations")
                .then().statusCode(200).extract().as(Object.class));
    }

    private static JsonNode awaitEvaluation(String endpoint, String status) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (JsonNode e : evaluations(endpoint)) {
                // RUNNING counts once every run has its id: the row is stored before the composer is called
                boolean runsStarted = true;
                for (JsonNode r : e.path("runs")) {
                    runsStarted &= !"STARTING".equals(r.path("status").asText());
                }
                if (status.equals(e.path("status").asText()) && runsStarted) {
                    found[0] = e;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private static void completeRuns(JsonNode evaluation) {
        evaluation.path("runs").forEach(r -> PeerServicesStub.RUN_STATUS.put(r.path("runId").asText(), "COMPLETE"));
    }

    @Test
    void deploymentEventStartsTheSuiteAndTheVerdictAgainstThePromotedBaselineIsPublished() throws Exception {
        // the baseline deployment: no baseline yet, so its verdict is INCONCLUSIVE, then it is promoted
        kafka.send(Topics.DEPLOYMENTS, "sim-base", deployment("base-1", "sim-base", "fam-a", null));
        JsonNode base = awaitEvaluation("sim-base", "RUNNING");
        assertEquals("rest-quick", base.path("suite").asText());
        assertEquals("DEPLOYMENT", base.path("trigger").asText());
        PeerServicesStub.Request created = PeerServicesStub.runsCreatedFor("sim-base").get(0);
        assertEquals(TOKEN, created.authorization(), "the gate calls the composer with the platform's token");
        JsonNode body = KafkaTestClient.JSON.readTree(created.body());
        assertEquals("gsm8k", body.path("benchmark").asText());
        assertEquals("[1,3]", body.path("levels").toString());
        assertEquals(20, body.path("limit").asInt());
        assertEquals(0.95, body.path("generation").path("topP").asDouble());
        completeRuns(base);
        JsonNode baseDecided = awaitEvaluation("sim-base", "DECIDED");
        assertEquals("INCONCLUSIVE", baseDecided.path("verdict").asText());
        assertTrue(baseDecided.path("reason").asText().contains("no baseline"), baseDecided.toString());

        String baseId = base.path("evaluationId").asText();
        given().post("/evaluations/" + baseId + "/promote").then().statusCode(401);
        given().header("Authorization", TOKEN).post("/evaluations/" + baseId + "/promote").then().statusCode(200);
        String baseRun = base.path("runs").get(0).path("runId").asText();

        // the candidate of the same family: 10 points worse under stress, the whole interval below -2
        PeerServicesStub.compareAnswer = PeerServicesStub.headline(-10.0, -14.0, -6.0);
        kafka.send(Topics.DEPLOYMENTS, "sim-cand", deployment("cand-1", "sim-cand", "fam-a", null));
        JsonNode candidate = awaitEvaluation("sim-cand", "RUNNING");
        String candidateRun = candidate.path("runs").get(0).path("runId").asText();
        completeRuns(candidate);
        JsonNode decided = awaitEvaluation("sim-cand", "DECIDED");
        assertEquals("REGRESSION", decided.path("verdict").asText());
        JsonNode run = decided.path("runs").get(0);
        assertEquals(baseRun, run.path("baselineRunId").asText());
        assertEquals(-10.0, run.path("difference").asDouble());
        assertTrue(PeerServicesStub.REQUESTS.stream().anyMatch(r -> r.path().equals("/compare")
                && r.query().equals("base=" + baseRun + "&candidate=" + candidateRun)), "compared with the promoted baseline");

        String id = candidate.path("evaluationId").asText();
        List<ConsumerRecord<String, JsonNode>> verdicts = kafka.await(Topics.VERDICTS, r -> id.equals(r.key()), 1, Duration.ofSeconds(20));
        assertEquals(1, verdicts.size());
        assertEquals("REGRESSION", verdicts.get(0).value().path("verdict").asText());
        assertEquals(1, verdicts.get(0).value().path("schemaVersion").asInt());
        assertEquals(-14.0, verdicts.get(0).value().path("runs").get(0).path("ciLow").asDouble());

        given().get("/evaluations/" + id + "/progress").then().statusCode(200)
                .body("prompts", org.hamcrest.Matchers.equalTo(30)).body("completed", org.hamcrest.Matchers.equalTo(30));
        given().get("/evaluations/" + id).then().statusCode(200).body("verdict", org.hamcrest.Matchers.equalTo("REGRESSION"));
        given().get("/verdicts?endpoint=sim-cand").then().statusCode(200).body("[0].evaluationId", org.hamcrest.Matchers.equalTo(id));
        given().get("/evaluations/" + id + "/verdict.html").then().statusCode(200).contentType(ContentType.HTML)
                .body(containsString("REGRESSION"), containsString(baseRun));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("stresslab_verdict{endpoint=\"sim-cand\",model=\"model-of-sim-cand\",suite=\"rest-quick\"} -1.0"), metrics);
        assertTrue(metrics.contains("stresslab_verdicts_total{outcome=\"REGRESSION\"}"), metrics);
    }

    /** Analytics' per-prompt outcomes: the given rounds of the order, level 1 always right, level 3 right or wrong. */
    private static String outcomes(List<dev.stresslab.contracts.PromptOrder.Key> order, int prompts, boolean level3Right) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < prompts; i++) {
            dev.stresslab.contracts.PromptOrder.Key k = order.get(i);
            int correct = k.level() == 1 || level3Right ? k.level() : 0;
            sb.append(i == 0 ? "" : ",").append("{\"level\":").append(k.level()).append(",\"groupIndex\":").append(k.groupIndex())
                    .append(",\"sample\":0,\"outcome\":\"SCORED\",\"slots\":").append(k.level()).append(",\"correct\":")
                    .append(correct).append(",\"questionIds\":\"g").append(k.groupIndex()).append("\"}");
        }
        return sb.append("]").toString();
    }

    @Test
    void aSequentialSuiteStopsTheRunOnceDecidedAndAccountsForEveryPrompt() {
        // suite "seq": gsm8k levels 1,3, 30 questions (60 prompts), order seed 7, stress may fall by 2, level 1 by 5
        List<dev.stresslab.contracts.PromptOrder.Key> order = dev.stresslab.contracts.PromptOrder.interleaved(List.of(1, 3), 30, 1, 7);
        kafka.send(Topics.DEPLOYMENTS, "seq-base", new DeploymentEvent(1, "seq-base-1", "m", "seq-base", null, "fam-seq",
                List.of("seq"), Instant.now()));
        JsonNode base = awaitEvaluation("seq-base", "RUNNING");
        JsonNode request = readTree(PeerServicesStub.runsCreatedFor("seq-base").get(0).body());
        assertEquals("interleaved", request.path("promptOrder").asText());
        assertEquals(7, request.path("orderSeed").asLong(), "the suite's seed, so the gate reads the order it asked for");
        String baseRun = base.path("runs").get(0).path("runId").asText();
        PeerServicesStub.PROMPT_OUTCOMES.put(baseRun, outcomes(order, 60, true));
        completeRuns(base); // no baseline yet: it runs to the end, INCONCLUSIVE, and is promoted
        assertEquals("INCONCLUSIVE", awaitEvaluation("seq-base", "DECIDED").path("verdict").asText());
        given().header("Authorization", TOKEN).post("/evaluations/" + base.path("evaluationId").asText() + "/promote")
                .then().statusCode(200);

        kafka.send(Topics.DEPLOYMENTS, "seq-cand", new DeploymentEvent(1, "seq-cand-1", "m", "seq-cand", null, "fam-seq",
                List.of("seq"), Instant.now()));
        JsonNode candidate = awaitEvaluation("seq-cand", "RUNNING");
        String run = candidate.path("runs").get(0).path("runId").asText();
        // 20 rounds (40 prompts) arrived, every level-3 prompt lost: D_3 = -1 each round, so the upper bound of the
        // Stress difference is -5.49 points after 13 rounds (SequentialVerdictTest), the first below -2
        PeerServicesStub.PROMPT_OUTCOMES.put(run, outcomes(order, 40, false));
        List<ConsumerRecord<String, JsonNode>> cancelled = kafka.await(Topics.RUNS, r -> run.equals(r.key())
                && "CANCELLED".equals(r.value().path("type").asText()), 1, Duration.ofSeconds(30));
        assertEquals(1, cancelled.size(), "the run is cancelled on stress.runs");
        assertTrue(cancelled.get(0).value().path("reason").asText().contains("REGRESSION"), cancelled.get(0).value().toString());
        JsonNode stopping = evaluations("seq-cand").get(0);
        assertEquals("RUNNING", stopping.path("status").asText(), "the verdict waits until every prompt is accounted for");
        assertEquals("STOPPING", stopping.path("runs").get(0).path("status").asText());
        assertEquals(26, stopping.path("runs").get(0).path("promptsUsed").asInt(), "13 whole rounds of 2 prompts");

        // analytics: 40 completed, 20 cancelled by the gateway; later results changed nothing
        PeerServicesStub.RUN_REPORT.put(run, "{\"runId\":\"" + run + "\",\"status\":\"STOPPED_EARLY\",\"composed\":60,"
                + "\"completed\":40,\"cancelled\":20}");
        JsonNode decided = awaitEvaluation("seq-cand", "DECIDED");
        assertEquals("REGRESSION", decided.path("verdict").asText(), decided.toString());
        JsonNode r = decided.path("runs").get(0);
        assertEquals("STOPPED_EARLY", r.path("status").asText());
        assertEquals(-100.0, r.path("difference").asDouble(), "candidate - baseline over the rounds read");
        assertEquals(-5.49, r.path("ciHigh").asDouble());
        assertEquals(26, r.path("promptsUsed").asInt());
        assertEquals(40, r.path("promptsCompleted").asInt());
        assertEquals(20, r.path("promptsCancelled").asInt());
        assertEquals("level-1", r.path("checks").get(0).path("name").asText());
        assertEquals("INCONCLUSIVE", r.path("checks").get(0).path("verdict").asText(), "level 1 tied: still open");
        assertTrue(decided.path("reason").asText().contains("60 planned, 26 used by the verdict, 14 completed after it (not counted), "
                + "20 cancelled (never called)"), decided.path("reason").asText());
        String id = decided.path("evaluationId").asText();
        JsonNode event = kafka.await(Topics.VERDICTS, x -> id.equals(x.key()), 1, Duration.ofSeconds(20)).get(0).value();
        assertEquals(26, event.path("runs").get(0).path("promptsUsed").asInt());
        assertEquals(20, event.path("runs").get(0).path("promptsCancelled").asInt());
        assertEquals(1, event.path("runs").get(0).path("checks").get(0).path("level").asInt());
        // a stopped run has not every prompt: it cannot become a baseline
        given().header("Authorization", TOKEN).post("/evaluations/" + id + "/promote").then().statusCode(org.hamcrest.Matchers.greaterThanOrEqualTo(400))
                .body(containsString("stopped early"));
    }

    @Test
    void aPerLevelCheckFailsTheRunWhenItsLevelFellTooFar() {
        // stress within tolerance (-1 +- 1, m = 2), but level 3 fell 3 points [-5, -1.5] where its check allows 1
        PeerServicesStub.compareAnswer = PeerServicesStub.headlineWithLevels(0, -1.0, 1.0, -3.0, -5.0, -1.5);
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body("{\"suite\":\"levels-fixed\",\"endpointId\":\"lvl-a\",\"baselineRunId\":\"run-ref\"}")
                .post("/evaluations").then().statusCode(org.hamcrest.Matchers.lessThan(300));
        completeRuns(awaitEvaluation("lvl-a", "RUNNING"));
        JsonNode decided = awaitEvaluation("lvl-a", "DECIDED");
        assertEquals("REGRESSION", decided.path("verdict").asText(), decided.toString());
        JsonNode check = decided.path("runs").get(0).path("checks").get(0);
        assertEquals(3, check.path("level").asInt());
        assertEquals("REGRESSION", check.path("verdict").asText());
        assertEquals(-1.5, check.path("ciHigh").asDouble());
        assertTrue(decided.path("reason").asText().contains("level 3 -3.00 points [-5.00, -1.50], may fall by 1.0: REGRESSION"),
                decided.path("reason").asText());
    }

    @jakarta.inject.Inject
    io.agroal.api.AgroalDataSource db;

    @Test
    void anEvaluationWhoseRunsWereNeverStartedIsStartedLater() throws Exception {
        // the gate died between storing the evaluation and calling the composer: the row is there, its run STARTING
        try (var c = db.getConnection(); var s = c.createStatement()) {
            s.executeUpdate("insert into evaluation (evaluation_id, trigger_key, suite, suite_version, trigger_kind, endpoint_id,"
                    + " lineage, status, created_at) values ('eval-orphan', 'deployment|orphan-1', 'rest-quick', 1, 'DEPLOYMENT',"
                    + " 'sim-orphan', 'sim-orphan', 'RUNNING', now() - interval '1 hour')");
            s.executeUpdate("insert into evaluation_run (evaluation_id, benchmark, status, start_claimed_at)"
                    + " values ('eval-orphan', 'gsm8k', 'STARTING', now() - interval '1 hour')");
        }
        JsonNode resumed = awaitEvaluation("sim-orphan", "RUNNING");
        assertEquals("eval-orphan", resumed.path("evaluationId").asText());
        assertTrue(resumed.path("runs").get(0).path("runId").asText().startsWith("run-sim-orphan-"), resumed.toString());
        assertEquals(1, PeerServicesStub.runsCreatedFor("sim-orphan").size(), "started once, by one claim");
        completeRuns(resumed);
        assertEquals("INCONCLUSIVE", awaitEvaluation("sim-orphan", "DECIDED").path("verdict").asText(), "no baseline");
    }

    private static JsonNode readTree(String json) {
        try {
            return KafkaTestClient.JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theSameDeploymentDeliveredTwiceStartsOneEvaluation() {
        DeploymentEvent event = deployment("dup-1", "sim-dup", null, null);
        kafka.send(Topics.DEPLOYMENTS, "sim-dup", event);
        kafka.send(Topics.DEPLOYMENTS, "sim-dup", event);
        // and once more through the webhook: the same deployment, the same evaluation
        awaitEvaluation("sim-dup", "RUNNING");
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(event).post("/deployments")
                .then().statusCode(202).body("[0].started", org.hamcrest.Matchers.equalTo(false));
        // a later deployment on the same key (same partition, so handled after both copies) is a new one
        kafka.send(Topics.DEPLOYMENTS, "sim-dup", deployment("dup-2", "sim-dup", null, null));
        await().atMost(Duration.ofSeconds(30)).until(() -> evaluations("sim-dup").size() == 2);
        assertEquals(2, PeerServicesStub.runsCreatedFor("sim-dup").size(), "one run per deployment, not per delivery");
    }

    @Test
    void aBaseUrlOutsideTheAllowListIsRefusedAndNothingRuns() {
        kafka.send(Topics.DEPLOYMENTS, "sim-evil", deployment("evil-1", "sim-evil", null, "http://attacker.example.com:8000"));
        JsonNode refused = awaitEvaluation("sim-evil", "REFUSED");
        assertTrue(refused.path("reason").asText().contains("not in the allow-list"), refused.toString());
        assertEquals(0, refused.path("runs").size());
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body(deployment("evil-2", "sim-evil", null, "http://user:pw@gpu.models.internal")).post("/deployments")
                .then().statusCode(422).body("error", containsString("user info"));
        assertEquals(0, PeerServicesStub.runsCreatedFor("sim-evil").size());
        assertTrue(PeerServicesStub.REQUESTS.stream().noneMatch(r -> r.path().equals("/endpoints") && r.body().contains("sim-evil")));

        // an allowed server is registered in the gateway first, then the suite runs
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body(deployment("ok-1", "sim-new", null, "http://gpu-3.models.internal:8000")).post("/deployments")
                .then().statusCode(202).body("[0].status", org.hamcrest.Matchers.equalTo("RUNNING"));
        PeerServicesStub.Request registration = PeerServicesStub.REQUESTS.stream()
                .filter(r -> r.path().equals("/endpoints") && r.body().contains("sim-new")).findFirst().orElseThrow();
        assertTrue(registration.body().contains("http://gpu-3.models.internal:8000"));
        assertEquals(TOKEN, registration.authorization());
        assertEquals(1, PeerServicesStub.runsCreatedFor("sim-new").size());
    }

    @Test
    void theWebhookNeedsTheToken() {
        given().contentType(ContentType.JSON).body(deployment("tok-1", "sim-tok", null, null)).post("/deployments")
                .then().statusCode(401);
        assertEquals(0, evaluations("sim-tok").size());
    }

    @Test
    void aScheduledSuiteFires() {
        JsonNode scheduled = awaitEvaluation("sim-scheduled", "RUNNING");
        assertEquals("SCHEDULE", scheduled.path("trigger").asText());
        assertEquals("tick", scheduled.path("suite").asText());
    }

    @Test
    void anAnalyticsWithoutTheHeadlineIsAnErrorThatSaysSo() {
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body("{\"suite\":\"rest-quick\",\"endpointId\":\"sim-old\",\"baselineRunId\":\"run-reference\"}")
                .post("/evaluations").then().statusCode(202);
        JsonNode running = awaitEvaluation("sim-old", "RUNNING");
        PeerServicesStub.compareAnswer = "{\"base\":\"run-reference\",\"result\":{}}"; // today's analytics
        completeRuns(running);
        JsonNode error = awaitEvaluation("sim-old", "ERROR");
        assertNull(error.path("verdict").textValue());
        assertTrue(error.path("reason").asText().contains("no headline.stress"), error.toString());
    }

    @Test
    void suitesAreListed() {
        given().get("/suites").then().statusCode(200)
                .body("name", org.hamcrest.Matchers.hasItems("rest-quick", "rest-full"))
                .body("find { it.name == 'rest-full' }.benchmarks", org.hamcrest.Matchers.hasItems("aime2024", "gpqa-diamond"));
    }
}

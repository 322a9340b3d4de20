package dev.stresslab.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stresslab.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Continuous evaluation in the production shape (broker process, PostgreSQL, every packaged service): a deployment
 * event on model.deployments starts a suite, the run completes, and the evaluation against the promoted baseline ends
 * on stress.verdicts, in the API and in /q/metrics, with the CLI's exit code matching it. Also: the same event twice
 * (one evaluation), a base URL outside the allow-list (refused, nothing runs), an allowed one (registered in the
 * gateway without a restart, and evaluated) and a schedule firing.
 *
 * <p>A sequential suite (it-seq: anytime-valid verdict, interleaved prompts) stops a regressed candidate early: the
 * run is cancelled on stress.runs, the gateway skips the prompts not yet called and records them as cancelled, and
 * the run ends STOPPED_EARLY with every prompt accounted for (completed or cancelled) on every topic and in analytics.
 * The simulator answers slower for longer outputs and sim-overthinker gets one call at a time, so a decision can
 * come before the run ends.
 *
 * <p>After the verdict, every dashboard and alert query that reads the verdict gauge runs in the real Prometheus
 * (when installed) and must find series: the pipeline test's stack decides no evaluation, so only this one can.
 */
class ReleaseGateEndToEndIT {
    private static Stack stack;
    private static GateClient gate;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The sequential suite needs more questions than the 16 of the test fixture: GSM8K from the shared datasets. */
    private static final boolean FULL_GSM8K = Files.isDirectory(Path.of("..").toAbsolutePath().normalize()
            .resolve("../shared/datasets/gsm8k").normalize());
    private static final int SEQ_LIMIT = FULL_GSM8K ? 150 : 16;

    @BeforeAll
    static void startStack() throws Exception {
        stack = TestStacks.start("gate-stack", 18600, false, Map.of("release-gate", List.of(
                "-Dgate.follow-every=1s",
                // a small suite no deployment starts unless it names it, and one that a schedule fires every 20 s
                "-Dgate.suites.it-quick.benchmarks=gsm8k", "-Dgate.suites.it-quick.levels=1,3", "-Dgate.suites.it-quick.limit=8",
                "-Dgate.suites.it-tick.benchmarks=gsm8k", "-Dgate.suites.it-tick.levels=1", "-Dgate.suites.it-tick.limit=2",
                "-Dgate.suites.it-tick.schedule=0/20 * * * * ?", "-Dgate.suites.it-tick.scheduled-endpoints=sim-budgeter",
                // sequential: the default rule (stress may fall by at most 2 points), error rates 5 %
                "-Dgate.suites.it-seq.benchmarks=gsm8k", "-Dgate.suites.it-seq.levels=1,3",
                "-Dgate.suites.it-seq.limit=" + SEQ_LIMIT, "-Dgate.suites.it-seq.sequential=true",
                "-Dgate.suites.it-seq.order-seed=11"),
                "model-simulator", List.of("-Dsimulator.latency.ms-per-1k-tokens=40"),
                "inference-gateway", List.of("-Dgateway.endpoints.sim-overthinker.max-in-flight=1")), 1);
        gate = new GateClient(stack.gateUrl(), null);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    private static void deploy(String deploymentId, String endpoint, String model, String baseUrl) throws Exception {
        deploy(deploymentId, endpoint, model, baseUrl, "it-family");
    }

    private static void deploy(String deploymentId, String endpoint, String model, String baseUrl, String family) throws Exception {
        deploy(deploymentId, endpoint, model, baseUrl, family, "it-quick");
    }

    private static void deploy(String deploymentId, String endpoint, String model, String baseUrl, String family,
                               String suite) throws Exception {
        ObjectNode event = GateClient.JSON.createObjectNode().put("schemaVersion", 1).put("deploymentId", deploymentId)
                .put("modelName", model).put("endpointId", endpoint).put("family", family).put("at", Instant.now().toString());
        if (baseUrl != null) {
            event.put("baseUrl", baseUrl);
        }
        event.putArray("suites").add(suite);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.config().bootstrap(), ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.DEPLOYMENTS, endpoint, event.toString())).get();
        }
    }

    private static JsonNode awaitEvaluation(String endpoint, String suite, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode e : gate.evaluations(endpoint)) {
                if (suite.equals(e.path("suite").asText())) {
                    return e;
                }
            }
            Thread.sleep(300);
        }
        throw new AssertionError("no " + suite + " evaluation of " + endpoint + " within " + timeout);
    }

    private static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void aDeploymentEventIsEvaluatedAgainstThePromotedBaselineAndTheCliExitCodeMatches() throws Exception {
        // the baseline, delivered twice: one evaluation
        deploy("it-base", "sim-budgeter", "sim-budgeter", null);
        deploy("it-base", "sim-budgeter", "sim-budgeter", null);
        JsonNode base = gate.awaitFinal(awaitEvaluation("sim-budgeter", "it-quick", Duration.ofSeconds(60)).path("evaluationId").asText(),
                Duration.ofMinutes(5), p -> { });
        assertEquals("DECIDED", base.path("status").asText(), base.toString());
        assertEquals("INCONCLUSIVE", base.path("verdict").asText(), "no baseline yet");
        assertEquals("COMPLETE", base.path("runs").get(0).path("status").asText());
        long quickEvaluations = 0;
        for (JsonNode e : gate.evaluations("sim-budgeter")) {
            quickEvaluations += "it-quick".equals(e.path("suite").asText()) ? 1 : 0;
        }
        assertEquals(1, quickEvaluations, "the same deployment delivered twice starts one evaluation");
        gate.promote(base.path("evaluationId").asText());

        deploy("it-candidate", "sim-overthinker", "sim-overthinker", null);
        JsonNode candidate = gate.awaitFinal(awaitEvaluation("sim-overthinker", "it-quick", Duration.ofSeconds(60))
                .path("evaluationId").asText(), Duration.ofMinutes(5), p -> { });
        String id = candidate.path("evaluationId").asText();
        String baseRun = base.path("runs").get(0).path("runId").asText();
        String candidateRun = candidate.path("runs").get(0).path("runId").asText();
        JsonNode comparison = GateClient.JSON.readTree(get(stack.analyticsUrl() + "/compare?base=" + baseRun
                + "&candidate=" + candidateRun));
        assertTrue(comparison.path("headline").path("stress").has("ciHigh"), "analytics serves the clustered headline: "
                + comparison);

        ByteArrayOutputStream cliOut = new ByteArrayOutputStream();
        int exit = EvalCommand.run(new String[]{"--suite", "it-quick", "--endpoint", "sim-overthinker", "--family", "it-family",
                "--url", stack.gateUrl(), "--timeout-minutes", "5"}, new PrintStream(cliOut, true, StandardCharsets.UTF_8),
                Main.home());
        JsonNode cliEvaluation = gate.evaluations("sim-overthinker").get(0); // newest first: the CLI's
        String metrics = get(stack.gateUrl() + "/q/metrics");

        assertEquals("DECIDED", candidate.path("status").asText(), candidate.toString());
        String verdict = candidate.path("verdict").asText();
        assertEquals(baseRun, candidate.path("runs").get(0).path("baselineRunId").asText());
        List<ConsumerRecord<String, byte[]>> onTopic = RunLedger.readAll(stack, Topics.VERDICTS).stream()
                .filter(r -> id.equals(r.key())).toList();
        assertEquals(1, onTopic.size(), "one verdict record per evaluation");
        assertEquals(verdict, GateClient.JSON.readTree(onTopic.get(0).value()).path("verdict").asText());
        assertTrue(get(stack.gateUrl() + "/verdicts?endpoint=sim-overthinker").contains(id));
        assertTrue(metrics.contains("stresslab_verdict{endpoint=\"sim-overthinker\",model=\"sim-overthinker\",suite=\"it-quick\"}"), metrics);
        assertEquals("DECIDED", cliEvaluation.path("status").asText(), cliEvaluation.toString());
        assertEquals(EvalVerdict.exitCode(cliEvaluation, 2), exit, cliOut.toString(StandardCharsets.UTF_8));
        assertEquals(switch (cliEvaluation.path("verdict").asText()) {
            case "PASS" -> 0;
            case "REGRESSION" -> 1;
            default -> 2;
        }, exit);
        assertVerdictQueriesFindSeries();
    }

    private static void assertVerdictQueriesFindSeries() throws Exception {
        if (!Files.isExecutable(PrometheusProcess.BINARY)) {
            System.out.println("Debian's prometheus is not installed: the verdict queries were not run (.ci/run installs it)");
            return;
        }
        Path home = stack.config().home();
        List<DashboardQueries> verdictQueries = DashboardQueries.load(home).stream().filter(DashboardQueries::parseOnly).toList();
        assertFalse(verdictQueries.isEmpty(), "the dashboard and the alert rules read the verdict gauge");
        try (PrometheusProcess prometheus = new PrometheusProcess(stack, home.resolve("deploy/prometheus/alerts.yml"),
                home.resolve("launcher/target/gate-prometheus"))) {
            assertEquals(List.of(), DashboardQueries.problems(prometheus.url(), verdictQueries, Duration.ofSeconds(60), true));
        }
    }

    @Test
    void aBaseUrlOutsideTheAllowListIsRefusedAndAnAllowedOneIsRegisteredAndRun() throws Exception {
        deploy("it-evil", "sim-evil", "sim-budgeter", "http://attacker.example.com:8000");
        JsonNode refused = awaitEvaluation("sim-evil", "it-quick", Duration.ofSeconds(60));
        assertEquals("REFUSED", refused.path("status").asText(), refused.toString());
        assertTrue(refused.path("reason").asText().contains("not in the allow-list"), refused.toString());
        assertEquals(0, refused.path("runs").size(), "nothing ran");
        assertTrue(!get("http://127.0.0.1:" + stack.config().gatewayPort() + "/endpoints").contains("sim-evil"));

        // the simulator again, under a new endpoint id: registered in the running gateway, then evaluated
        deploy("it-new", "sim-fresh", "sim-budgeter", "http://127.0.0.1:" + stack.config().simulatorPort(), null);
        JsonNode fresh = gate.awaitFinal(awaitEvaluation("sim-fresh", "it-quick", Duration.ofSeconds(60)).path("evaluationId").asText(),
                Duration.ofMinutes(5), p -> { });
        assertTrue(get("http://127.0.0.1:" + stack.config().gatewayPort() + "/endpoints").contains("sim-fresh"));
        assertEquals("COMPLETE", fresh.path("runs").get(0).path("status").asText(), fresh.toString());
    }

    @Test
    void aSequentialSuiteStopsARegressedCandidateEarlyWithEveryPromptAccountedFor() throws Exception {
        deploy("it-seq-base", "sim-budgeter", "sim-budgeter", null, "it-seq-family", "it-seq");
        JsonNode base = gate.awaitFinal(awaitEvaluation("sim-budgeter", "it-seq", Duration.ofSeconds(60)).path("evaluationId").asText(),
                Duration.ofMinutes(5), p -> { });
        assertEquals("INCONCLUSIVE", base.path("verdict").asText(), "no baseline yet: " + base);
        assertEquals("COMPLETE", base.path("runs").get(0).path("status").asText(), "it ran every prompt: " + base);
        gate.promote(base.path("evaluationId").asText());

        deploy("it-seq-cand", "sim-overthinker", "sim-overthinker", null, "it-seq-family", "it-seq");
        JsonNode candidate = gate.awaitFinal(awaitEvaluation("sim-overthinker", "it-seq", Duration.ofSeconds(60))
                .path("evaluationId").asText(), Duration.ofMinutes(5), p -> { });
        assertEquals("DECIDED", candidate.path("status").asText(), candidate.toString());
        JsonNode run = candidate.path("runs").get(0);
        String runId = run.path("runId").asText();
        int planned = run.path("promptCount").asInt();
        assertEquals(2 * SEQ_LIMIT, planned);
        System.out.printf("sequential candidate %s: %s after %s of %d prompts; completed %s, cancelled %s; %s%n", runId,
                candidate.path("verdict").asText(), run.path("promptsUsed"), planned, run.path("promptsCompleted"),
                run.path("promptsCancelled"), candidate.path("reason").asText());
        if (!FULL_GSM8K) {
            System.out.println("only the 16-question fixture is here: the early stop needs GSM8K's first 150 questions "
                    + "(../shared/datasets), so only the verdict was checked");
            return;
        }
        assertEquals("REGRESSION", candidate.path("verdict").asText(), candidate.toString());
        assertEquals("STOPPED_EARLY", run.path("status").asText(), run.toString());
        int used = run.path("promptsUsed").asInt();
        int completed = run.path("promptsCompleted").asInt();
        int cancelled = run.path("promptsCancelled").asInt();
        assertTrue(used > 0 && used < planned && used % 2 == 0, "whole rounds of two prompts, fewer than all: " + run);
        assertTrue(cancelled > 0, "prompts were never called: " + run);
        assertTrue(completed >= used, run.toString());
        assertEquals(planned, completed + cancelled, "every prompt completed or cancelled: " + run);

        // the same ledger on the topics and in analytics
        List<ConsumerRecord<String, byte[]>> runEvents = RunLedger.readAll(stack, Topics.RUNS).stream()
                .filter(r -> runId.equals(r.key())).toList();
        assertTrue(runEvents.stream().anyMatch(r -> new String(r.value(), StandardCharsets.UTF_8).contains("\"CANCELLED\"")),
                "the gate cancelled the run on stress.runs");
        long cancelledCompletions = 0;
        long completions = 0;
        for (ConsumerRecord<String, byte[]> r : RunLedger.readAll(stack, Topics.COMPLETIONS)) {
            if (runId.equals(r.key())) {
                completions++;
                cancelledCompletions += "CANCELLED".equals(GateClient.JSON.readTree(r.value()).path("failure").path("kind").asText()) ? 1 : 0;
            }
        }
        assertEquals(planned, completions, "one completion record per prompt, cancelled ones included");
        assertEquals(cancelled, cancelledCompletions);
        long cancelledScores = RunLedger.readAll(stack, Topics.SCORES).stream().filter(r -> runId.equals(r.key()))
                .filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains("\"outcome\":\"CANCELLED\"")).count();
        assertEquals(cancelled, cancelledScores, "the scorer passes them on as cancelled, not failed");
        JsonNode report = GateClient.JSON.readTree(get(stack.analyticsUrl() + "/runs/" + runId));
        assertEquals("STOPPED_EARLY", report.path("status").asText(), report.toString());
        assertEquals(cancelled, report.path("cancelled").asInt());
        assertEquals(completed, report.path("completed").asInt());
        assertEquals(0, report.path("failed").asInt(), "cancelled prompts are not failures");
        assertTrue(candidate.path("reason").asText().contains(cancelled + " cancelled (never called)"), candidate.toString());
    }

    @Test
    void aScheduleFires() throws Exception {
        JsonNode scheduled = awaitEvaluation("sim-budgeter", "it-tick", Duration.ofSeconds(90));
        assertEquals("SCHEDULE", scheduled.path("trigger").asText(), scheduled.toString());
        assertTrue(scheduled.path("runs").get(0).path("runId").isTextual(), "the scheduled evaluation started its run: " + scheduled);
    }
}

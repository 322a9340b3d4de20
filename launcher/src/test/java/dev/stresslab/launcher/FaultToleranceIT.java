package dev.stresslab.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stresslab.contracts.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults on the production shape (a Kafka broker process, PostgreSQL, the simulator and the packaged services):
 * each test starts a run, breaks something in the middle of it, and then checks with {@link RunLedger} that every
 * composed prompt is scored exactly once or recorded as failed with its reason, at every stage (the prompt ids on
 * stress.prompts, stress.completions, stress.scores and in PostgreSQL), that the report's totals equal the composed
 * count, and that the run reached a terminal state. docs/reliability.md lists each fault with its outcome.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultToleranceIT {
    private static final int PORT_BASE = 18500;
    private static final int VERBOSE_SIM_PORT = TestStacks.shifted(PORT_BASE + 25);
    private static final int FAULTY_SIM_PORT = TestStacks.shifted(PORT_BASE + 26);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Stack stack;
    private static StressRunClient client;

    @BeforeAll
    static void startStack() throws Exception {
        Map<String, List<String>> extra = Map.of(
                // slow enough (4 calls at a time, 250 ms each) that a fault lands in the middle of a run
                "model-simulator", List.of("-Dsimulator.latency.mean-ms=250", "-Dsimulator.latency.jitter-ms=0"),
                "inference-gateway", List.of("-Dgateway.endpoints.sim-budgeter.max-in-flight=4",
                        // a long-thinking model: answers of several MB, two at a time
                        "-Dgateway.endpoints.sim-verbose.base-url=http://127.0.0.1:" + VERBOSE_SIM_PORT,
                        "-Dgateway.endpoints.sim-verbose.model=sim-budgeter",
                        "-Dgateway.endpoints.sim-verbose.max-in-flight=2",
                        "-Dgateway.endpoints.sim-verbose.timeout=PT120S",
                        // a model server that answers 429, 500, garbage, hangs and drops connections
                        "-Dgateway.endpoints.sim-faulty.base-url=http://127.0.0.1:" + FAULTY_SIM_PORT,
                        "-Dgateway.endpoints.sim-faulty.model=sim-overthinker",
                        "-Dgateway.endpoints.sim-faulty.max-in-flight=8",
                        "-Dgateway.endpoints.sim-faulty.timeout=PT2S",
                        "-Dgateway.endpoints.sim-faulty.max-attempts=3",
                        "-Dgateway.endpoints.sim-faulty.initial-backoff=PT0.05S",
                        "-Dgateway.endpoints.sim-faulty.max-backoff=PT0.5S",
                        "-Dgateway.endpoints.sim-faulty.circuit-failure-threshold=1000"),
                "prompt-composer", List.of());
        stack = TestStacks.start("faults-stack", PORT_BASE, false, extra, 1);
        client = new StressRunClient(stack.composerUrl(), stack.analyticsUrl());
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void scorerKilledMidRun() throws Exception {
        faultMidRun("scorer", () -> {
            stack.kill("scorer");
            stack.restart("scorer");
        });
    }

    @Test
    @Order(2)
    void analyticsKilledMidRun() throws Exception {
        faultMidRun("analytics", () -> {
            stack.kill("analytics");
            stack.restart("analytics");
        });
    }

    @Test
    @Order(3)
    void postgresCrashedMidRun() throws Exception {
        faultMidRun("postgres", () -> stack.crashAndRestartPostgres(Duration.ofSeconds(5)));
    }

    @Test
    @Order(4)
    void kafkaBrokerKilledMidRun() throws Exception {
        faultMidRun("kafka", () -> {
            stack.kill("kafka");
            Thread.sleep(3000);
            stack.restart("kafka");
        });
    }

    @Test
    @Order(5)
    void composerKilledWhilePublishingFinishesTheRunOnRestart() throws Exception {
        Set<String> before = runIdsOnTopic();
        // 200 B/s (compressed) for every producer, for a moment: the broker lets a quota window's worth (~11 s × rate)
        // through at once, then holds the producer back, so the composer is killed with the run half-published
        throttleComposer(200.0);
        CompletableFuture<StressRunClient.Response> request = CompletableFuture.supplyAsync(() -> {
            try {
                return client.createRun("gsm8k", "sim-budgeter", List.of(1, 2), 16, 6, null);
            } catch (Exception e) {
                return null; // the composer is killed under it: no answer
            }
        });
        String runId = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Set<String> now = runIdsOnTopic();
            now.removeAll(before);
            if (!now.isEmpty()) {
                runId = now.iterator().next();
                if (!RunLedger.idsOnTopic(stack, Topics.PROMPTS, runId).isEmpty()) {
                    break;
                }
            }
            Thread.sleep(100);
        }
        assertTrue(runId != null, "the run started publishing");
        stack.kill("prompt-composer");
        int publishedBeforeKill;
        List<String> lifecycle;
        try {
            publishedBeforeKill = RunLedger.idsOnTopic(stack, Topics.PROMPTS, runId).size();
            lifecycle = lifecycleOf(runId);
        } finally {
            throttleComposer(null);
            stack.restart("prompt-composer");
        }
        assertEquals(List.of("PUBLISHING"), lifecycle, "killed halfway: the run is not COMPOSED yet");
        assertTrue(publishedBeforeKill < 192, "killed before every prompt was out: " + publishedBeforeKill);
        System.out.printf("composer killed after %d of 192 prompts of %s were published%n", publishedBeforeKill, runId);

        JsonNode report = client.awaitComplete(runId, Duration.ofMinutes(5), r -> { });
        RunLedger ledger = RunLedger.read(stack, client, runId);
        System.out.println("composer killed while publishing: " + ledger.summary());
        ledger.assertEveryPromptAccountedFor(192);
        assertEquals(0, report.path("failed").asInt());
        assertEquals(List.of("PUBLISHING", "PUBLISHING", "COMPOSED"), lifecycleOf(runId), "published again in full, then COMPOSED");
        request.cancel(true);
    }

    @Test
    @Order(6)
    void aModelServerThatFailsInEveryWayStillEndsEveryPrompt() throws Exception {
        stack.startService("sim-faulty", "model-simulator", FAULTY_SIM_PORT,
                "-Dsimulator.datasets-dir=" + stack.config().datasetsDir(),
                "-Dsimulator.faults.rate-429=0.1", "-Dsimulator.faults.rate-500=0.1",
                "-Dsimulator.faults.rate-malformed=0.05", "-Dsimulator.faults.rate-hang=0.05",
                "-Dsimulator.faults.hang-ms=3000", "-Dsimulator.faults.rate-drop=0.05",
                "-Dsimulator.faults.retry-after-seconds=0");
        // max 6,000 tokens: the over-thinker is cut off on many level-3 prompts (finish_reason "length")
        StressRunClient.Response created = client.createRun("gsm8k", "sim-faulty", List.of(1, 3), 16, 2, 6000);
        assertEquals(201, created.status(), created.body().toString());
        String runId = created.body().path("runId").asText();
        JsonNode report = client.awaitComplete(runId, Duration.ofMinutes(5), r -> { });
        RunLedger ledger = RunLedger.read(stack, client, runId);
        System.out.println("faulty model server: " + ledger.summary());
        ledger.assertEveryPromptAccountedFor(64);
        assertTrue(Set.of("RATE_LIMITED", "SERVER_ERROR", "BAD_RESPONSE", "TIMEOUT", "CONNECTION")
                .containsAll(ledger.failureKinds().keySet()), ledger.failureKinds().toString());
        long truncated = 0;
        for (JsonNode level : report.path("levels")) {
            truncated += level.path("truncatedPrompts").asLong();
        }
        assertTrue(truncated > 0, "truncated outputs are scored as such: " + report.path("levels"));
        assertTrue(report.path("scored").asInt() > 0, "most prompts get through the retries");
    }

    @Test
    @Order(7)
    void multiMegabyteOutputsAreScoredAndOversizedOnesRecorded() throws Exception {
        // ~2.9 MB of reasoning per question: level 1 ≈ 3 MB, level 3 ≈ 8.7 MB, level 5 ≈ 14.5 MB (above the 12 MiB cap)
        stack.startService("sim-verbose", "model-simulator", VERBOSE_SIM_PORT,
                "-Dsimulator.datasets-dir=" + stack.config().datasetsDir(),
                "-Dsimulator.output.filler-words-per-question=520000");
        StressRunClient.Response created = client.createRun("gsm8k", "sim-verbose", List.of(1, 3, 5), 5, 1, null);
        assertEquals(201, created.status(), created.body().toString());
        String runId = created.body().path("runId").asText();
        client.awaitComplete(runId, Duration.ofMinutes(8), r -> { });
        RunLedger ledger = RunLedger.read(stack, client, runId);
        System.out.println("multi-megabyte outputs: " + ledger.summary());
        ledger.assertEveryPromptAccountedFor(15);
        // a level-5 answer that omits a question can stay under the cap; every answer above it is a level-5 one
        assertEquals(Set.of("OUTPUT_TOO_LARGE"), ledger.failureKinds().keySet(), ledger.failureKinds().toString());
        assertTrue(ledger.failureKinds().get("OUTPUT_TOO_LARGE") >= 3, "most level-5 answers are above the cap");
        ledger.stored().forEach((id, kind) -> assertTrue(kind == null || id.contains("/L5/"), id + " failed: " + kind));
        long largest = largestCompletionBytes(runId);
        System.out.printf("largest completion record published: %,d bytes%n", largest);
        assertTrue(largest > 8_000_000, "completions above 8 MB reach the scorer: " + largest);
    }

    /** A run of 64 prompts; once a quarter of them are stored, {@code fault} runs; then the ledger must balance. */
    private void faultMidRun(String what, Fault fault) throws Exception {
        StressRunClient.Response created = client.createRun("gsm8k", "sim-budgeter", List.of(1, 2), 16, 2, null);
        assertEquals(201, created.status(), created.body().toString());
        String runId = created.body().path("runId").asText();
        int composed = created.body().path("promptCount").asInt();
        assertEquals(64, composed);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode report = null;
        // exact: the fault must land while prompts are still going, judged on what is stored now
        while (System.nanoTime() < deadline && ((report = client.report(runId, true)) == null || report.path("completed").asInt() < 16)) {
            Thread.sleep(100);
        }
        assertTrue(report != null && report.path("completed").asInt() < composed, "the fault lands mid-run: " + report);
        fault.inject();
        try {
            client.awaitComplete(runId, Duration.ofMinutes(3), r -> { });
        } catch (IllegalStateException notComplete) {
            throw new AssertionError(notComplete.getMessage() + "\n" + RunLedger.read(stack, client, runId).missing(), notComplete);
        }
        RunLedger ledger = RunLedger.read(stack, client, runId);
        System.out.println(what + " fault: " + ledger.summary());
        ledger.assertEveryPromptAccountedFor(composed);
        assertEquals(Map.of(), ledger.failureKinds(), "nothing failed for the model's sake: " + what);
    }

    interface Fault {
        void inject() throws Exception;
    }

    private static void throttleComposer(Double bytesPerSecond) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().bootstrap()))) {
            // the default quota of every client id: the composer's producer is throttled whatever id it uses
            ClientQuotaEntity entity = new ClientQuotaEntity(java.util.Collections.singletonMap(ClientQuotaEntity.CLIENT_ID, null));
            admin.alterClientQuotas(List.of(new ClientQuotaAlteration(entity,
                    List.of(new ClientQuotaAlteration.Op("producer_byte_rate", bytesPerSecond))))).all().get();
        }
    }

    private static Set<String> runIdsOnTopic() {
        return new java.util.HashSet<>(eventsOnRuns().stream().map(ConsumerRecord::key).toList());
    }

    private static List<String> lifecycleOf(String runId) {
        return eventsOnRuns().stream().filter(r -> runId.equals(r.key())).map(r -> {
            try {
                return JSON.readTree(r.value()).path("type").asText();
            } catch (java.io.IOException e) {
                return "?";
            }
        }).toList();
    }

    private static List<ConsumerRecord<String, byte[]>> eventsOnRuns() {
        return RunLedger.readAll(stack, Topics.RUNS);
    }

    private static long largestCompletionBytes(String runId) {
        return RunLedger.readAll(stack, Topics.COMPLETIONS).stream().filter(r -> runId.equals(r.key()))
                .mapToLong(r -> r.value().length).max().orElse(0);
    }
}

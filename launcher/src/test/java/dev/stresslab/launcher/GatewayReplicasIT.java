package dev.stresslab.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two gateway replicas in one consumer group, as packaged processes against one broker: both take a share of the
 * prompts, and when one is killed (-9) in the middle of its work, the other takes over its partitions and every
 * prompt of every run is still stored exactly once.
 */
class GatewayReplicasIT {
    private static final int PARTITIONS = 4; // the stack's broker creates topics with 4 partitions
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Stack stack;
    private static StressRunClient client;

    @BeforeAll
    static void startStack() throws Exception {
        Map<String, List<String>> extra = Map.of(
                // slow enough (2 calls at a time, 200 ms each, per replica) that a replica is killed mid-run
                "model-simulator", List.of("-Dsimulator.latency.mean-ms=200", "-Dsimulator.latency.jitter-ms=0"),
                "inference-gateway", List.of("-Dgateway.endpoints.sim-budgeter.max-in-flight=2",
                        // a killed member is noticed after 6 s (the broker's minimum) instead of Kafka's default 45 s
                        "-Dmp.messaging.incoming.prompts.session.timeout.ms=6000",
                        "-Dmp.messaging.incoming.prompts.heartbeat.interval.ms=2000"));
        stack = TestStacks.start("replicas-stack", 18400, false, extra, 2);
        client = new StressRunClient(stack.composerUrl(), stack.analyticsUrl());
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    /**
     * Waits until both replicas own partitions of stress.prompts. A replica is ready (HTTP) before its consumer has
     * joined the group; on a loaded machine the first replica could otherwise call every prompt before the second
     * one joins.
     */
    private static void awaitBothReplicasAssigned() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().bootstrap()))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            long assigned = 0;
            while (System.nanoTime() < deadline) {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("inference-gateway")).all().get()
                        .get("inference-gateway");
                assigned = group.members().stream().filter(m -> !m.assignment().topicPartitions().isEmpty()).count();
                if (assigned >= 2) {
                    return;
                }
                Thread.sleep(250);
            }
            throw new AssertionError("the two gateway replicas did not both get partitions in 90 s (" + assigned + " did)");
        }
    }

    @Test
    void bothReplicasWorkAndKillingOneMidRunLosesNoPrompt() throws Exception {
        awaitBothReplicasAssigned();
        // Runs are keyed by run id, so a run sits on one partition. Start runs until every partition has one: each
        // replica owns some partitions, so each then has prompts to call.
        Map<String, Integer> composed = new LinkedHashMap<>();
        Set<Integer> partitions = new HashSet<>();
        while (partitions.size() < PARTITIONS && composed.size() < 40) {
            StressRunClient.Response created = client.createRun("gsm8k", "sim-budgeter", List.of(1), 12, 3, null);
            assertEquals(201, created.status(), created.body().toString());
            String runId = created.body().path("runId").asText();
            composed.put(runId, created.body().path("promptCount").asInt());
            partitions.add(Utils.toPositive(Utils.murmur2(runId.getBytes(StandardCharsets.UTF_8))) % PARTITIONS);
        }
        assertEquals(PARTITIONS, partitions.size(), "runs on every partition");

        String second = "http://127.0.0.1:" + stack.config().gatewayPort(2);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (completedBy(second) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(completedBy(second) > 0, "the second replica took a share of the prompts");
        // let its throttled commit (every 5 s) record that work, so the survivor's share can be told from a redo
        Thread.sleep(6_000);
        double beforeKill = completedBy(second);

        long pid = stack.servicePids().get("inference-gateway-2");
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        System.out.printf("killed replica 2 (pid %d) after it completed %.0f prompts%n", pid, beforeKill);

        String first = "http://127.0.0.1:" + stack.config().gatewayPort(1);
        for (Map.Entry<String, Integer> run : composed.entrySet()) {
            JsonNode report = client.awaitComplete(run.getKey(), Duration.ofMinutes(3), r -> { });
            assertEquals("COMPLETE", report.path("status").asText(), run.getKey());
            assertEquals(run.getValue().intValue(), report.path("completed").asInt(), run.getKey());
            assertEquals(0, report.path("failed").asInt(), "the surviving replica called the model for them");
            assertEquals(run.getValue().intValue(), storedResults(run.getKey()), "each prompt stored once: " + run.getKey());
        }
        int total = composed.values().stream().mapToInt(Integer::intValue).sum();
        double byFirst = completedBy(first);
        assertTrue(byFirst > 0 && byFirst < total, "the surviving replica did its share and the rest, not every call: " + byFirst);
        System.out.printf("%d prompts: replica 2 completed at least %.0f before it was killed, replica 1 %.0f%n", total, beforeKill, byFirst);
    }

    /** The replica's {@code stresslab_gateway_prompts_total{outcome="completed"}}, 0 when absent. */
    private static double completedBy(String gatewayUrl) throws Exception {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(gatewayUrl + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(l -> l.startsWith("stresslab_gateway_prompts_total{") && l.contains("outcome=\"completed\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static int storedResults(String runId) throws Exception {
        try (Connection db = DriverManager.getConnection(stack.jdbcUrl(), "postgres", "postgres");
             PreparedStatement q = db.prepareStatement("select count(*) from prompt_result where run_id = ?")) {
            q.setString(1, runId);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}

package dev.stresslab.launcher;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ./stress-lab bench}: stress runs through the real pipeline (all services, a real broker and PostgreSQL)
 * against the simulator with capacity C concurrent requests and latency L. Prints achieved completions/s as a
 * fraction of the ideal C/L, then the same pipeline's throughput with zero latency, and each process's CPU time and
 * peak memory. Figures, not assertions: see docs/performance.md.
 */
final class ThroughputBenchmark {
    private static final long CLOCK_TICKS = 100; // USER_HZ on Linux

    private ThroughputBenchmark() {
    }

    record Phase(String label, int prompts, double seconds, double perSecond, double wallSeconds, Map<String, double[]> resources) {
    }

    static int run(Map<String, String> opts, Path home, Path datasets, PrintStream out) throws Exception {
        int capacity = Integer.parseInt(opts.getOrDefault("concurrency", "64"));
        int latencyMs = Integer.parseInt(opts.getOrDefault("latency-ms", "2000"));
        int prompts = Integer.parseInt(opts.getOrDefault("prompts", "2000"));
        int zeroLatencyPrompts = Integer.parseInt(opts.getOrDefault("zero-latency-prompts", "10000"));
        int portBase = Integer.parseInt(opts.getOrDefault("port-base", "18500"));
        Path work = Path.of(opts.getOrDefault("work-dir", home.resolve(".stress-lab/bench").toString())).toAbsolutePath();

        out.printf("benchmark: C = %d concurrent requests, L = %d ms, %d prompts; then %d prompts at L = 0%n",
                capacity, latencyMs, prompts, zeroLatencyPrompts);
        Phase loaded = phase("C=" + capacity + ", L=" + latencyMs + " ms", home, work, datasets, portBase, capacity, latencyMs, prompts, out);
        double ideal = capacity * 1000.0 / latencyMs;
        Phase zero = phase("L=0", home, work, datasets, portBase, Math.max(capacity, 256), 0, zeroLatencyPrompts, out);

        // steady = between the first and the last stored result; wall = from POST /runs to COMPLETE (includes
        // composing, the first latency and the report poll interval)
        out.printf("%n%-22s %8s %14s %14s%n", "phase", "prompts", "steady /s", "wall /s");
        out.printf("%-22s %8d %14.1f %14.1f   ideal C/L = %.1f/s: steady %.1f %%, wall %.1f %%%n", loaded.label(),
                loaded.prompts(), loaded.perSecond(), loaded.prompts() / loaded.wallSeconds(), ideal,
                100 * loaded.perSecond() / ideal, 100 * loaded.prompts() / loaded.wallSeconds() / ideal);
        out.printf("%-22s %8d %14.1f %14.1f%n", zero.label(), zero.prompts(), zero.perSecond(), zero.prompts() / zero.wallSeconds());
        for (Phase p : List.of(loaded, zero)) {
            out.printf("%nresources during '%s' (CPU seconds, CPU %% of one core over the wall time, peak RSS MB):%n", p.label());
            p.resources().forEach((name, r) -> out.printf("  %-18s %7.1f s %6.0f %% %7.0f MB%n", name, r[0], 100 * r[0] / p.wallSeconds(), r[1]));
        }
        return 0;
    }

    private static Phase phase(String label, Path home, Path work, Path datasets, int portBase, int capacity, int latencyMs,
                               int prompts, PrintStream out) throws Exception {
        Map<String, List<String>> extra = Map.of(
                "model-simulator", List.of("-Dsimulator.latency.mean-ms=" + latencyMs, "-Dsimulator.latency.jitter-ms=0",
                        "-Dquarkus.log.level=WARN"),
                "inference-gateway", List.of("-Dgateway.endpoints.sim-budgeter.max-in-flight=" + capacity,
                        "-Dgateway.max-concurrent-prompts=" + Math.max(2 * capacity, 256)));
        StackConfig config = new StackConfig(home, work, datasets, portBase, Optional.empty(), false, extra);
        try (Stack stack = new Stack(config, out::println)) {
            stack.start();
            // Enough questions × samples for the prompt count, at level 1 (one question per prompt, the cheapest).
            int questions = Math.min(prompts, 1319);
            int samples = Math.max(1, (int) Math.ceil(prompts / (double) questions));
            StressRunClient client = new StressRunClient(stack.composerUrl(), stack.analyticsUrl());
            Map<String, double[]> before = resources(stack.servicePids());
            long posted = System.nanoTime();
            StressRunClient.Response created = client.createRun("gsm8k", "sim-budgeter", List.of(1), questions, samples, 512);
            if (created.status() != 201) {
                throw new IllegalStateException("run refused: " + created.body());
            }
            String runId = created.body().path("runId").asText();
            int composed = created.body().path("promptCount").asInt();
            out.printf("phase %s: run %s, %d prompts%n", label, runId, composed);
            JsonNode report = client.awaitComplete(runId, Duration.ofMinutes(30), r -> { });
            double wall = (System.nanoTime() - posted) / 1e9;
            Map<String, double[]> after = resources(stack.servicePids());
            double seconds = recordedSpanSeconds(stack.jdbcUrl(), runId);
            Map<String, double[]> used = new HashMap<>();
            after.forEach((name, a) -> used.put(name, new double[]{a[0] - before.getOrDefault(name, new double[]{0, 0})[0], a[1]}));
            int done = report.path("completed").asInt();
            return new Phase(label, done, seconds, (done - 1) / seconds, wall, new java.util.TreeMap<>(used));
        }
    }

    /** Seconds between the first and the last result stored by analytics: the pipeline's steady output. */
    private static double recordedSpanSeconds(String jdbcUrl, String runId) throws Exception {
        try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
             ResultSet rs = db.createStatement().executeQuery("select extract(epoch from max(recorded_at) - min(recorded_at)) "
                     + "from prompt_result where run_id = '" + runId + "'")) {
            rs.next();
            return Math.max(rs.getDouble(1), 0.001);
        }
    }

    /** Per process: CPU seconds so far (user + system) and peak resident memory in MB, from /proc. */
    private static Map<String, double[]> resources(Map<String, Long> pids) throws IOException {
        Map<String, double[]> out = new HashMap<>();
        for (Map.Entry<String, Long> e : pids.entrySet()) {
            Path stat = Path.of("/proc", String.valueOf(e.getValue()), "stat");
            Path status = Path.of("/proc", String.valueOf(e.getValue()), "status");
            if (!Files.exists(stat)) {
                continue;
            }
            String s = Files.readString(stat);
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            double cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLOCK_TICKS;
            double hwmMb = Files.readAllLines(status).stream().filter(l -> l.startsWith("VmHWM:"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024.0).findFirst().orElse(0.0);
            out.put(e.getKey(), new double[]{cpu, hwmMb});
        }
        return out;
    }
}

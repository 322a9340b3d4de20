package dev.stresslab.launcher;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code ./stress-lab bench}: stress runs through the real pipeline (all services, a real broker and PostgreSQL)
 * against the simulator with capacity C concurrent requests and latency L. Prints achieved completions/s as a
 * fraction of the ideal C/L, then the same pipeline's throughput with zero latency, and each process's CPU time and
 * peak memory. Figures, not assertions: see docs/performance.md.
 */
final class ThroughputBenchmark {
    private static final long CLOCK_TICKS = 100; // USER_HZ on Linux
    /** Prompts per warm-up run (a run's samples are capped at 64). */
    private static final int WARMUP_RUN = 40_000;
    static final List<String> SERVICES = List.of("model-simulator", "inference-gateway", "scorer", "analytics", "prompt-composer");

    private ThroughputBenchmark() {
    }

    record Phase(String label, int prompts, double seconds, double perSecond, double wallSeconds,
                 Map<String, double[]> resources, Map<String, Map<String, Double>> threads) {
    }

    /** What one invocation measures; see the usage text in {@link Main}. */
    record Options(int capacity, int latencyMs, int prompts, int zeroLatencyPrompts, int warmupPrompts, int portBase,
                   Path work, List<String> phases, boolean threads, Optional<Path> jfr, List<String> jvmOptions) {
        static Options of(Map<String, String> opts, Path home) {
            return new Options(
                    Integer.parseInt(opts.getOrDefault("concurrency", "64")),
                    Integer.parseInt(opts.getOrDefault("latency-ms", "2000")),
                    Integer.parseInt(opts.getOrDefault("prompts", "2000")),
                    Integer.parseInt(opts.getOrDefault("zero-latency-prompts", "20000")),
                    Integer.parseInt(opts.getOrDefault("warmup-prompts", "100000")),
                    Integer.parseInt(opts.getOrDefault("port-base", "18500")),
                    Path.of(opts.getOrDefault("work-dir", home.resolve(".stress-lab/bench").toString())).toAbsolutePath(),
                    List.of(opts.getOrDefault("phases", "loaded,zero").split(",")),
                    Boolean.parseBoolean(opts.getOrDefault("threads", "false")),
                    Optional.ofNullable(opts.get("jfr")).map(d -> Path.of(d).toAbsolutePath()),
                    opts.getOrDefault("jvm-options", "").isBlank() ? List.of() : List.of(opts.get("jvm-options").trim().split("\\s+")));
        }
    }

    static int run(Map<String, String> opts, Path home, Path datasets, PrintStream out) throws Exception {
        Options o = Options.of(opts, home);
        if (o.phases().contains("loaded") || o.phases().contains("zero")) {
            out.printf("benchmark: C = %d concurrent requests, L = %d ms, %d prompts; then %d prompts at L = 0"
                    + " (warm-up runs first: %d prompts)%n", o.capacity(), o.latencyMs(), o.prompts(), o.zeroLatencyPrompts(),
                    o.warmupPrompts());
        }
        List<Phase> loaded = o.phases().contains("loaded")
                ? phase("C=" + o.capacity() + ", L=" + o.latencyMs() + " ms", home, datasets, o, o.capacity(),
                o.latencyMs(), o.prompts(), "loaded", out) : List.of();
        List<Phase> zero = o.phases().contains("zero")
                ? phase("L=0", home, datasets, o, Math.max(o.capacity(), 256), 0, o.zeroLatencyPrompts(), "zero", out)
                : List.of();
        if (o.phases().contains("adaptive")) {
            AdaptiveBenchmark.run(o, home, datasets, opts, out);
        }
        if (o.phases().contains("streaming")) {
            StreamingBenchmark.run(o, home, datasets, opts, out);
        }
        if (o.phases().contains("soak")) {
            SoakBenchmark.run(o, home, datasets, opts, out);
        }
        if (o.phases().contains("code")) {
            CodeRunnerBenchmark.run(o, home, datasets, opts, out);
        }
        List<Phase> done = new ArrayList<>(loaded);
        done.addAll(zero);

        if (done.isEmpty()) {
            return 0;
        }
        // steady = over the span from the first to the last stored result plus one latency; wall = from POST /runs
        // to COMPLETE (includes composing, the first latency and the report poll interval)
        out.printf("%n%-22s %8s %14s %14s%n", "phase", "prompts", "steady /s", "wall /s");
        for (Phase p : loaded) {
            double ideal = o.capacity() * 1000.0 / o.latencyMs();
            out.printf("%-22s %8d %14.1f %14.1f   ideal C/L = %.1f/s: steady %.1f %%, wall %.1f %%%n", p.label(),
                    p.prompts(), p.perSecond(), p.prompts() / p.wallSeconds(), ideal,
                    100 * p.perSecond() / ideal, 100 * p.prompts() / p.wallSeconds() / ideal);
        }
        for (Phase p : zero) {
            out.printf("%-22s %8d %14.1f %14.1f%n", p.label(), p.prompts(), p.perSecond(), p.prompts() / p.wallSeconds());
        }
        for (Phase p : done) {
            out.printf("%nresources during '%s' (CPU seconds, CPU %% of one core over the wall time, peak RSS MB):%n", p.label());
            p.resources().forEach((name, r) -> out.printf("  %-18s %7.1f s %6.0f %% %7.0f MB%n", name, r[0], 100 * r[0] / p.wallSeconds(), r[1]));
            if (o.threads()) {
                out.println("  busiest threads (CPU seconds during the measured run; digits in names folded to #):");
                p.threads().forEach((name, byThread) -> {
                    out.printf("    %-18s", name);
                    byThread.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(6)
                            .forEach(t -> out.printf(" %s %.1f s;", t.getKey(), t.getValue()));
                    out.println();
                });
            }
        }
        return 0;
    }

    /**
     * Starts a stack for one latency and measures runs on it. With a warm-up, the first run (fresh JVMs: class
     * loading, JIT compilation) is reported as "cold" and a later run as "warm", which is what a long-running
     * deployment sees: at L > 0 the next run; at L = 0 the run after the rest of the warm-up prompts.
     */
    private static List<Phase> phase(String label, Path home, Path datasets, Options o, int capacity, int latencyMs,
                                     int prompts, String name, PrintStream out) throws Exception {
        Map<String, List<String>> extra = new HashMap<>();
        extra.put("model-simulator", new ArrayList<>(List.of("-Dsimulator.latency.mean-ms=" + latencyMs,
                "-Dsimulator.latency.jitter-ms=0", "-Dquarkus.log.level=WARN")));
        extra.put("inference-gateway", new ArrayList<>(List.of("-Dgateway.endpoints.sim-budgeter.max-in-flight=" + capacity,
                "-Dgateway.max-concurrent-prompts=" + Math.max(2 * capacity, 256))));
        for (String module : SERVICES) {
            extra.computeIfAbsent(module, m -> new ArrayList<>()).addAll(o.jvmOptions());
        }
        if (o.jfr().isPresent()) {
            Path dir = Files.createDirectories(o.jfr().get().resolve(name));
            for (String module : SERVICES) {
                // started with the process: starting a recording later deoptimizes the compiled code
                extra.get(module).add("-XX:StartFlightRecording=settings=profile,filename=" + dir.resolve(module + ".jfr"));
            }
        }
        StackConfig config = new StackConfig(home, o.work(), datasets, o.portBase(), Optional.empty(), false, extra);
        try (Stack stack = new Stack(config, out::println)) {
            stack.start();
            StressRunClient client = new StressRunClient(stack.composerUrl(), stack.analyticsUrl());
            // at L > 0, whole rounds of C prompts: a partial last round still takes a whole L, which the steady rate
            // would count as lost capacity (6,595 prompts at C = 1,024 are 6.44 rounds but take 7 L: 92 % of C/L at
            // best, the "91.7 %" first measured at that scale, while the gateway held 1,024 in flight throughout)
            int round = latencyMs > 0 && capacity <= 1319 ? capacity : 0;
            if (o.warmupPrompts() == 0) {
                return List.of(measure(stack, client, label, prompts, latencyMs, round, o, out));
            }
            List<Phase> measured = new ArrayList<>();
            if (latencyMs > 0) {
                // latency-bound: the first run is warm-up enough (minutes of the same code paths)
                measured.add(measure(stack, client, label + " cold", prompts, latencyMs, round, o, out));
                measured.add(measure(stack, client, label + " warm", prompts, latencyMs, round, o, out));
                return measured;
            }
            int first = Math.min(o.warmupPrompts(), WARMUP_RUN);
            measured.add(measure(stack, client, label + " cold", first, latencyMs, 0, o, out));
            for (int left = o.warmupPrompts() - first; left > 0; left -= WARMUP_RUN) {
                String warmup = startRun(client, Math.min(left, WARMUP_RUN));
                out.printf("phase %s: warm-up run %s%n", label, warmup);
                client.awaitComplete(warmup, Duration.ofMinutes(30), r -> { });
            }
            measured.add(measure(stack, client, label + " warm", prompts, latencyMs, 0, o, out));
            return measured;
        }
    }

    /** One run on a running stack: its throughput, and each process's CPU (and threads') while it ran. */
    private static Phase measure(Stack stack, StressRunClient client, String label, int prompts, int latencyMs, int round, Options o,
                                 PrintStream out) throws Exception {
        Map<String, double[]> before = resources(stack.servicePids(), stack.postgresPid());
        Map<String, Map<String, Double>> threadsBefore = threads(stack.servicePids());
        long posted = System.nanoTime();
        String runId = round > 0 ? startRun(client, round, (int) Math.ceil(prompts / (double) round)) : startRun(client, prompts);
        out.printf("phase %s: run %s%n", label, runId);
        JsonNode report = client.awaitComplete(runId, Duration.ofMinutes(30), r -> { });
        double wall = (System.nanoTime() - posted) / 1e9;
        Map<String, double[]> after = resources(stack.servicePids(), stack.postgresPid());
        if (o.jfr().isPresent()) {
            out.printf("flight recordings: run %s is from %s to %s%n", runId,
                    java.time.Instant.now().minusNanos(System.nanoTime() - posted), java.time.Instant.now());
        }
        Map<String, Map<String, Double>> threadsUsed = new TreeMap<>();
        threads(stack.servicePids()).forEach((process, now) -> {
            Map<String, Double> was = threadsBefore.getOrDefault(process, Map.of());
            Map<String, Double> delta = new HashMap<>();
            now.forEach((t, cpu) -> delta.put(t, cpu - was.getOrDefault(t, 0.0)));
            threadsUsed.put(process, delta);
        });
        double seconds = recordedSpanSeconds(stack.jdbcUrl(), runId);
        printStages(stack.config().bootstrap(), runId, posted, out);
        Map<String, double[]> used = new TreeMap<>();
        after.forEach((process, a) -> used.put(process, new double[]{a[0] - before.getOrDefault(process, new double[]{0, 0})[0], a[1]}));
        int done = report.path("completed").asInt();
        // steady: the results over the span from the first to the last stored one, plus one latency (the first
        // results took L to arrive), so C results every L seconds give exactly C/L
        return new Phase(label, done, seconds, done / (seconds + latencyMs / 1000.0), wall, used, threadsUsed);
    }

    /**
     * Where the time goes: for each topic, the run's records and the span of their timestamps after POST /runs
     * (records are keyed by run id). A stage whose last record comes much later than the one before it is the
     * bottleneck.
     */
    private static void printStages(String bootstrap, String runId, long postedNanos, PrintStream out) {
        long postedMs = System.currentTimeMillis() - (System.nanoTime() - postedNanos) / 1_000_000;
        Map<String, Object> props = Map.of("bootstrap.servers", bootstrap, "enable.auto.commit", "false",
                "max.poll.records", "5000");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            for (String topic : List.of("stress.prompts", "stress.completions", "stress.scores")) {
                List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                consumer.assign(parts);
                Map<TopicPartition, Long> ends = consumer.endOffsets(parts);
                // from the records written since POST /runs, not the whole topic (warm-up runs are on it too)
                Map<TopicPartition, Long> since = new HashMap<>();
                parts.forEach(tp -> since.put(tp, postedMs));
                consumer.offsetsForTimes(since).forEach((tp, at) -> consumer.seek(tp, at == null ? ends.get(tp) : at.offset()));
                long count = 0;
                long first = Long.MAX_VALUE;
                long last = 0;
                while (parts.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        if (runId.equals(r.key())) {
                            count++;
                            first = Math.min(first, r.timestamp());
                            last = Math.max(last, r.timestamp());
                        }
                    }
                }
                out.printf("  %-20s %6d records, first at %6.2f s, last at %6.2f s after POST /runs%n", topic, count,
                        (first - postedMs) / 1000.0, (last - postedMs) / 1000.0);
            }
        } catch (RuntimeException e) {
            out.println("  (topic timings unavailable: " + e.getMessage() + ")");
        }
    }

    /** GSM8K at level 1 (one question per prompt, the cheapest), with enough questions × samples for the count. */
    static String startRun(StressRunClient client, int prompts) throws IOException, InterruptedException {
        return startRun(client, Math.min(prompts, 1319), samplesFor(prompts));
    }

    /** The first {@code questions} GSM8K questions at level 1, {@code samples} times each. */
    static String startRun(StressRunClient client, int questions, int samples) throws IOException, InterruptedException {
        StressRunClient.Response created = client.createRun("gsm8k", "sim-budgeter", List.of(1), questions, samples, 512);
        if (created.status() != 201) {
            throw new IllegalStateException("run refused: " + created.body());
        }
        return created.body().path("runId").asText();
    }

    private static int samplesFor(int prompts) {
        return Math.max(1, (int) Math.ceil(prompts / (double) Math.min(prompts, 1319)));
    }

    /** The prompts {@link #startRun} really starts: whole samples of GSM8K's 1,319 questions. */
    static int roundedPrompts(int prompts) {
        return Math.min(prompts, 1319) * samplesFor(prompts);
    }

    /** Per process, CPU seconds per thread name (digits folded, so "vert.x-eventloop-thread-#" sums the loops). */
    private static Map<String, Map<String, Double>> threads(Map<String, Long> pids) throws IOException {
        Map<String, Map<String, Double>> out = new HashMap<>();
        for (Map.Entry<String, Long> e : pids.entrySet()) {
            Path tasks = Path.of("/proc", String.valueOf(e.getValue()), "task");
            if (!Files.isDirectory(tasks)) {
                continue;
            }
            Map<String, Double> byName = new HashMap<>();
            try (Stream<Path> dirs = Files.list(tasks)) {
                for (Path t : dirs.toList()) {
                    try {
                        String s = Files.readString(t.resolve("stat"));
                        String thread = s.substring(s.indexOf('(') + 1, s.lastIndexOf(')')).replaceAll("\\d+", "#");
                        byName.merge(thread, cpuSeconds(s, false), Double::sum);
                    } catch (IOException | RuntimeException gone) {
                        // the thread ended meanwhile
                    }
                }
            }
            out.put(e.getKey(), byName);
        }
        return out;
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
    static Map<String, double[]> resources(Map<String, Long> pids, long postgresPid) throws IOException {
        Map<String, double[]> out = new HashMap<>();
        for (Map.Entry<String, Long> e : pids.entrySet()) {
            double[] r = cpuAndPeak(e.getValue(), false);
            if (r != null) {
                out.put(e.getKey(), r);
            }
        }
        if (postgresPid > 0) {
            // the server and its backends: exited backends are in the server's children times, live ones counted here
            double[] server = cpuAndPeak(postgresPid, true);
            if (server != null) {
                for (ProcessHandle child : ProcessHandle.of(postgresPid).map(h -> h.children().toList()).orElse(List.of())) {
                    double[] c = cpuAndPeak(child.pid(), false);
                    if (c != null) {
                        server[0] += c[0];
                        server[1] += c[1];
                    }
                }
                out.put("postgresql", server);
            }
        }
        return out;
    }

    /** User + system CPU seconds from a /proc stat line (optionally with its reaped children's). */
    private static double cpuSeconds(String statLine, boolean withChildren) {
        String[] f = statLine.substring(statLine.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        if (withChildren) {
            ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
        }
        return ticks / (double) CLOCK_TICKS;
    }

    /** CPU seconds (user + system, optionally with reaped children) and peak RSS in MB of one process, from /proc. */
    private static double[] cpuAndPeak(long pid, boolean withChildren) throws IOException {
        Path stat = Path.of("/proc", String.valueOf(pid), "stat");
        Path status = Path.of("/proc", String.valueOf(pid), "status");
        try {
            double cpu = cpuSeconds(Files.readString(stat), withChildren);
            double hwmMb = Files.readAllLines(status).stream().filter(l -> l.startsWith("VmHWM:"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024.0).findFirst().orElse(0.0);
            return new double[]{cpu, hwmMb};
        } catch (java.nio.file.NoSuchFileException gone) {
            return null;
        }
    }
}

package dev.stresslab.launcher;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./stress-lab bench --phases streaming}: production-scale streaming. E endpoints × N in flight each (C = E × N,
 * default 4 × 256), every answer streamed as SSE by the simulator, one small delta every {@code --chunk-ms} (default
 * 20 ms, so 50 chunks/s per stream and about 51,000 chunks/s at C = 1,024), about 1,000 chunks per answer (L about
 * 20 s), and about 8,000 completion tokens reported per answer. The runs are whole rounds of C prompts, so the ideal
 * is exactly C/L; L is measured by a probe request before the run. Prints completions/s against C/L, SSE chunks/s,
 * and the gateway's CPU and peak RSS, with CPU per concurrent stream. Figures, not assertions.
 */
final class StreamingBenchmark {
    private StreamingBenchmark() {
    }

    static void run(ThroughputBenchmark.Options o, Path home, Path datasets, Map<String, String> opts, PrintStream out)
            throws Exception {
        int endpoints = Integer.parseInt(opts.getOrDefault("stream-endpoints", "4"));
        int perEndpoint = Integer.parseInt(opts.getOrDefault("stream-in-flight", "256"));
        int capacity = endpoints * perEndpoint;
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "6"));
        int chunkMs = Integer.parseInt(opts.getOrDefault("chunk-ms", "20"));
        int chunkChars = Integer.parseInt(opts.getOrDefault("chunk-chars", "8"));
        // calibrated on GSM8K level 1: about 8,000 characters of reasoning, so about 1,000 deltas of 8 characters
        int fillerWords = Integer.parseInt(opts.getOrDefault("filler-words", "1100"));
        if (perEndpoint > 1319) {
            throw new IllegalArgumentException("--stream-in-flight is at most 1319 (GSM8K's questions, one round per sample)");
        }
        out.printf("%nstreaming phase: %d endpoints × %d in flight (C = %d), %d rounds (%d prompts), one SSE delta of "
                + "about %d characters every %d ms%n", endpoints, perEndpoint, capacity, rounds, capacity * rounds,
                chunkChars, chunkMs);

        Map<String, List<String>> extra = new HashMap<>();
        extra.put("model-simulator", new ArrayList<>(List.of("-Dsimulator.latency.mean-ms=0", "-Dsimulator.latency.jitter-ms=0",
                "-Dsimulator.latency.stream-chunk-ms=" + chunkMs, "-Dsimulator.output.stream-chunk-chars=" + chunkChars,
                "-Dsimulator.output.filler-words-per-question=" + fillerWords,
                "-Dsimulator.models.sim-budgeter.reasoning-tokens=6400" /* about 8,000 reported with the answer and jitter */, "-Dquarkus.log.level=WARN")));
        StackConfig probeConfig = new StackConfig(home, o.work(), datasets, o.portBase(), Optional.empty(), false);
        String sim = "http://127.0.0.1:" + probeConfig.simulatorPort();
        // Every prompt of the phase may be in progress. With 2 × C (the other phases' setting) the replica's shared
        // slots filled up with prompts queued behind the first endpoints' 256 permits, and the last endpoint had
        // 0 in flight for the first rounds (1,280 prompts waiting for stream-1..3, 2,048 slots taken): a fixed
        // number of slots is shared by every endpoint (docs/gateway.md, "the shared slots"). Waiting prompts cost
        // only memory (a few KB each), so the replica takes the whole backlog.
        List<String> gateway = new ArrayList<>(List.of("-Dgateway.max-concurrent-prompts="
                + Integer.parseInt(opts.getOrDefault("max-concurrent-prompts", String.valueOf(capacity * rounds)))));
        for (int i = 1; i <= endpoints; i++) {
            String p = "-Dgateway.endpoints.stream-" + i + ".";
            gateway.addAll(List.of(p + "base-url=" + sim, p + "model=sim-budgeter", p + "stream=true",
                    p + "max-in-flight=" + perEndpoint));
        }
        extra.put("inference-gateway", gateway);
        for (String module : ThroughputBenchmark.SERVICES) {
            extra.computeIfAbsent(module, m -> new ArrayList<>()).addAll(o.jvmOptions());
        }
        StackConfig config = new StackConfig(home, o.work(), datasets, o.portBase(), Optional.empty(), false, extra);
        try (Stack stack = new Stack(config, out::println)) {
            stack.start();
            Probe probe = probe(sim);
            double latency = probe.seconds();
            double ideal = capacity / latency;
            out.printf("probe (one request, unloaded): %d SSE events, %d characters of reasoning, %d completion tokens "
                    + "reported, L = %.2f s; ideal C/L = %.1f completions/s, %.0f chunks/s%n", probe.events(), probe.chars(),
                    probe.tokens(), latency, ideal, ideal * probe.events());

            StressRunClient client = new StressRunClient(stack.composerUrl(), stack.analyticsUrl());
            Map<String, double[]> before = ThroughputBenchmark.resources(stack.servicePids(), stack.postgresPid());
            long posted = System.nanoTime();
            List<String> runs = new ArrayList<>();
            for (int i = 1; i <= endpoints; i++) {
                StressRunClient.Response created = client.createRun("gsm8k", "stream-" + i, List.of(1), perEndpoint, rounds, 16000);
                if (created.status() != 201) {
                    throw new IllegalStateException("run refused: " + created.body());
                }
                runs.add(created.body().path("runId").asText());
            }
            out.printf("runs %s%n", runs);
            long gatewayPid = stack.servicePids().get("inference-gateway");
            String gatewayUrl = "http://127.0.0.1:" + config.gatewayPort();
            List<double[]> samples = new ArrayList<>(); // seconds, streams in flight, completed, gateway CPU seconds
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(() -> {
                try {
                    PrometheusText m = PrometheusText.scrape(gatewayUrl);
                    double[] cpu = ThroughputBenchmark.resources(Map.of("g", gatewayPid), -1).get("g");
                    synchronized (samples) {
                        samples.add(new double[]{(System.nanoTime() - posted) / 1e9,
                                m.value("stresslab_gateway_endpoint_in_flight", "stream-"),
                                m.value("stresslab_gateway_prompts_total", "outcome=\"completed\""), cpu[0]});
                    }
                } catch (Exception busy) {
                    // a missed sample is not a failed run
                }
            }, 1, 1, TimeUnit.SECONDS);
            int done = 0;
            try {
                for (String run : runs) {
                    JsonNode report = client.awaitComplete(run, Duration.ofMinutes(30), r -> { });
                    done += report.path("completed").asInt();
                }
            } finally {
                sampler.shutdownNow();
                sampler.awaitTermination(5, TimeUnit.SECONDS);
            }
            double wall = (System.nanoTime() - posted) / 1e9;
            printSeries(samples, capacity, latency, out);
            Map<String, double[]> after = ThroughputBenchmark.resources(stack.servicePids(), stack.postgresPid());
            double span = recordedSpanSeconds(stack.jdbcUrl(), runs);
            double steady = done / (span + latency);
            out.printf("%n%d completed of %d; steady %.1f/s = %.1f %% of C/L (results over the first to last stored, plus"
                    + " one L), %.0f SSE chunks/s; wall %.1f/s = %.1f %% (from POST /runs to the last COMPLETE)%n", done,
                    capacity * rounds, steady, 100 * steady / ideal, steady * probe.events(), done / wall,
                    100 * done / wall / ideal);
            out.println("resources during the runs (CPU seconds, CPU % of one core over the wall time, peak RSS MB):");
            after.forEach((name, a) -> {
                double cpu = a[0] - before.getOrDefault(name, new double[]{0, 0})[0];
                out.printf("  %-18s %7.1f s %6.0f %% %7.0f MB%n", name, cpu, 100 * cpu / wall, a[1]);
            });
            // sizing: the gateway's work is per SSE chunk, so CPU per chunk × the chunk rate of 1,000 streams; a rate
            // per stream-second measured here would be too low whenever the streams ran slower than planned
            double chunks = (double) done * probe.events();
            double chunksPerSecond = 1000.0 * probe.events() / latency;
            for (String name : List.of("inference-gateway", "model-simulator")) {
                double cpu = after.get(name)[0] - before.get(name)[0];
                out.printf("%s: %.1f CPU s for %.2f M SSE chunks = %.1f µs per chunk; 1,000 concurrent streams at %.0f"
                        + " chunks/s each (%.0f chunks/s) need %.2f cores of it%n", name, cpu, chunks / 1e6,
                        1e6 * cpu / chunks, chunksPerSecond / 1000, chunksPerSecond, cpu / chunks * chunksPerSecond);
            }
        }
    }

    record Probe(double seconds, int events, int chars, int tokens) {
    }

    /**
     * Every 10 s: streams in flight, completions/s over the last L, the gateway's CPU; then the gateway's CPU per
     * stream over the samples with at least 95 % of C in flight (the full-load part: no ramp, no tail).
     */
    private static void printSeries(List<double[]> samples, int capacity, double latency, PrintStream out) {
        synchronized (samples) {
            out.printf("%n%8s %10s %14s %14s%n", "t (s)", "in flight", "completions/s", "gateway CPU %");
            int window = (int) Math.ceil(latency);
            for (int i = window; i < samples.size(); i += 10) {
                double[] now = samples.get(i);
                double[] then = samples.get(i - window);
                double[] prev = samples.get(i - 1);
                out.printf("%8.0f %10.0f %14.1f %13.0f %%%n", now[0], now[1], (now[2] - then[2]) / (now[0] - then[0]),
                        100 * (now[3] - prev[3]) / (now[0] - prev[0]));
            }
            double cpu = 0;
            double seconds = 0;
            double streamSeconds = 0;
            for (int i = 1; i < samples.size(); i++) {
                double[] a = samples.get(i - 1);
                double[] b = samples.get(i);
                if (a[1] >= 0.95 * capacity && b[1] >= 0.95 * capacity) {
                    cpu += b[3] - a[3];
                    seconds += b[0] - a[0];
                    streamSeconds += (a[1] + b[1]) / 2 * (b[0] - a[0]);
                }
            }
            if (seconds > 0) {
                out.printf("at full load (%.0f s with >= 95 %% of C in flight): gateway %.0f %% of one core for %.0f streams"
                        + " (at the chunk rate they really ran at)%n", seconds, 100 * cpu / seconds, streamSeconds / seconds);
            }
        }
    }

    /** One streamed request with the run's settings: how long a whole answer takes unloaded, and its size. */
    private static Probe probe(String sim) throws Exception {
        String body = """
                {"model":"sim-budgeter","max_tokens":16000,"stream":true,"stream_options":{"include_usage":true},
                 "messages":[{"role":"user","content":"Q1: Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. How many clips did Natalia sell altogether in April and May?\\n\\n\\nAnswer the above questions one by one. Remember to put your final answer within \\\\boxed{}."}]}""";
        HttpClient http = HttpClient.newHttpClient();
        long start = System.nanoTime();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sim + "/v1/chat/completions"))
                .header("Content-Type", "application/json").timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        double seconds = (System.nanoTime() - start) / 1e9;
        int events = 0;
        int chars = 0;
        int tokens = 0;
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String line : r.body().split("\n")) {
            if (!line.startsWith("data: ")) {
                continue;
            }
            events++;
            String data = line.substring(6);
            if (data.equals("[DONE]")) {
                continue;
            }
            JsonNode chunk = json.readTree(data);
            JsonNode choice = chunk.path("choices").path(0);
            chars += choice.path("delta").path("reasoning_content").asText("").length();
            if (chunk.has("usage") && !chunk.path("usage").isNull()) {
                tokens = chunk.path("usage").path("completion_tokens").asInt();
            }
        }
        return new Probe(seconds, events, chars, tokens);
    }

    private static double recordedSpanSeconds(String jdbcUrl, List<String> runs) throws Exception {
        String ids = String.join("','", runs);
        try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
             ResultSet rs = db.createStatement().executeQuery("select extract(epoch from max(recorded_at) - min(recorded_at)) "
                     + "from prompt_result where run_id in ('" + ids + "')")) {
            rs.next();
            return Math.max(rs.getDouble(1), 0.001);
        }
    }
}

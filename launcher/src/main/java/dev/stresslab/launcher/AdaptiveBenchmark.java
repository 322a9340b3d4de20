package dev.stresslab.launcher;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ./stress-lab bench --phases adaptive}: the simulator serves C requests at once (beyond that 429, or a queue)
 * with latency L, and the gateway's endpoint is adaptive, started at 1 in flight and never told C. Samples the
 * gateway's completions and its limit every second and prints completions/s over time against C/L, the time until
 * the rate first reaches 90 % of C/L, and the rate sustained after that. Figures, not assertions.
 */
final class AdaptiveBenchmark {
    private static final String ENDPOINT = "sim-budgeter";

    private AdaptiveBenchmark() {
    }

    record Sample(double seconds, double completed, double limit, double inFlight) {
    }

    static void run(ThroughputBenchmark.Options o, Path home, Path datasets, Map<String, String> opts, PrintStream out)
            throws Exception {
        int capacity = o.capacity();
        int latencyMs = o.latencyMs();
        String overflow = opts.getOrDefault("overflow", "reject");
        int seconds = Integer.parseInt(opts.getOrDefault("adaptive-seconds", "120"));
        double ideal = capacity * 1000.0 / latencyMs;
        int prompts = ThroughputBenchmark.roundedPrompts((int) Math.ceil(ideal * seconds));
        int maxInFlight = 4 * capacity;
        out.printf("%nadaptive phase: simulator capacity C = %d (overflow: %s), L = %d ms, ideal C/L = %.1f/s; gateway "
                + "adaptive from 1 up to %d in flight; %d prompts (about %d s)%n", capacity, overflow, latencyMs, ideal,
                maxInFlight, prompts, seconds);

        Map<String, List<String>> extra = new HashMap<>();
        extra.put("model-simulator", new ArrayList<>(List.of("-Dsimulator.latency.mean-ms=" + latencyMs,
                "-Dsimulator.latency.jitter-ms=0", "-Dquarkus.log.level=WARN",
                "-Dsimulator.capacity.max-concurrent=" + capacity, "-Dsimulator.capacity.overflow=" + overflow)));
        String p = "-Dgateway.endpoints." + ENDPOINT + ".";
        extra.put("inference-gateway", new ArrayList<>(List.of(p + "concurrency-mode=adaptive", p + "min-in-flight=1",
                p + "max-in-flight=" + maxInFlight,
                // a 429 is retried after its Retry-After; enough attempts that the probing above C fails no prompt
                p + "max-attempts=10",
                "-Dgateway.max-concurrent-prompts=" + 2 * maxInFlight)));
        for (String module : ThroughputBenchmark.SERVICES) {
            extra.computeIfAbsent(module, m -> new ArrayList<>()).addAll(o.jvmOptions());
        }
        StackConfig config = new StackConfig(home, o.work(), datasets, o.portBase(), Optional.empty(), false, extra);
        try (Stack stack = new Stack(config, out::println)) {
            stack.start();
            String gateway = "http://127.0.0.1:" + config.gatewayPort();
            StressRunClient client = new StressRunClient(stack.composerUrl(), stack.analyticsUrl());
            Map<String, double[]> before = ThroughputBenchmark.resources(stack.servicePids(), stack.postgresPid());
            long posted = System.nanoTime();
            String runId = ThroughputBenchmark.startRun(client, prompts);
            out.printf("run %s%n", runId);
            List<Sample> samples = new ArrayList<>();
            JsonNode report = null;
            long next = posted;
            while (report == null || !"COMPLETE".equals(report.path("status").asText())) {
                next += 1_000_000_000L;
                Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
                PrometheusText m = PrometheusText.scrape(gateway);
                samples.add(new Sample((System.nanoTime() - posted) / 1e9,
                        m.value("stresslab_gateway_prompts_total", "outcome=\"completed\""),
                        m.value("stresslab_gateway_endpoint_concurrency_limit", ENDPOINT),
                        m.value("stresslab_gateway_endpoint_in_flight", ENDPOINT)));
                if (samples.size() % 5 == 0) {
                    report = client.report(runId);
                }
                if (samples.size() > 3600) {
                    throw new IllegalStateException("run " + runId + " did not complete within an hour");
                }
            }
            double wall = (System.nanoTime() - posted) / 1e9;
            Map<String, double[]> after = ThroughputBenchmark.resources(stack.servicePids(), stack.postgresPid());
            print(samples, ideal, latencyMs, prompts, report, wall, out);
            out.println("resources during the run (CPU seconds, CPU % of one core over the wall time, peak RSS MB):");
            after.forEach((name, a) -> {
                double cpu = a[0] - before.getOrDefault(name, new double[]{0, 0})[0];
                out.printf("  %-18s %7.1f s %6.0f %% %7.0f MB%n", name, cpu, 100 * cpu / wall, a[1]);
            });
        }
    }

    /** The time series every 5 s, then: when the trailing rate first reached 90 % of C/L, and the rate after that. */
    static void print(List<Sample> samples, double ideal, int latencyMs, int prompts, JsonNode report, double wall,
                      PrintStream out) {
        // trailing window: long enough to hold a few rounds of calls (one round takes L)
        double window = Math.max(5, 2 * latencyMs / 1000.0);
        out.printf("%n%8s %8s %10s %14s %10s   (completions/s over the trailing %.0f s)%n", "t (s)", "limit", "in flight",
                "completions/s", "% of C/L", window);
        Double reached = null;
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            Sample from = trailing(samples, i, window);
            double rate = from == null ? Double.NaN : (s.completed() - from.completed()) / (s.seconds() - from.seconds());
            if (reached == null && rate >= 0.9 * ideal) {
                reached = s.seconds();
            }
            if ((i + 1) % 5 == 0) {
                out.printf("%8.0f %8.0f %10.0f %14.1f %9.1f %%%n", s.seconds(), s.limit(), s.inFlight(), rate, 100 * rate / ideal);
            }
        }
        // sustained: from reaching 90 % until the backlog runs out (the last round of prompts no longer fills C)
        double backlogEnds = prompts - ideal * latencyMs / 1000.0;
        Sample start = null;
        Sample end = null;
        for (Sample s : samples) {
            if (reached != null && start == null && s.seconds() >= reached) {
                start = s;
            }
            if (s.completed() <= backlogEnds) {
                end = s;
            }
        }
        Sample firstMinute = samples.stream().filter(s -> s.seconds() <= 60.5).reduce((a, b) -> b).orElse(null);
        out.printf("%nreached 90 %% of C/L (%.1f/s) over a trailing %.0f s: %s%n", ideal, window,
                reached == null ? "never" : String.format("%.0f s after POST /runs", reached));
        if (firstMinute != null) {
            out.printf("first minute: %.0f completions, %.1f/s = %.1f %% of C/L (the first results need L)%n",
                    firstMinute.completed(), firstMinute.completed() / firstMinute.seconds(),
                    100 * firstMinute.completed() / firstMinute.seconds() / ideal);
        }
        if (start != null && end != null && end.seconds() > start.seconds()) {
            double rate = (end.completed() - start.completed()) / (end.seconds() - start.seconds());
            out.printf("after that, until the backlog ran out (%.0f s to %.0f s): %.1f/s = %.1f %% of C/L%n",
                    start.seconds(), end.seconds(), rate, 100 * rate / ideal);
        }
        out.printf("whole run: %d completed of %d prompts, %.1f/s on wall time (%.1f %% of C/L, includes the ramp-up "
                + "and the tail)%n", report.path("completed").asInt(), prompts, report.path("completed").asInt() / wall,
                100 * report.path("completed").asInt() / wall / ideal);
    }

    private static Sample trailing(List<Sample> samples, int i, double window) {
        double t = samples.get(i).seconds() - window;
        Sample found = null;
        for (int j = i - 1; j >= 0; j--) {
            if (samples.get(j).seconds() <= t + 0.5) {
                found = samples.get(j);
                break;
            }
        }
        return found;
    }
}

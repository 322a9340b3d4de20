package dev.stresslab.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./stress-lab bench --phases soak}: at least {@code --soak-prompts} (default 50,000) prompts through the
 * whole pipeline at L = 0, as back-to-back runs of {@code --soak-run} prompts, while every process's resident memory
 * is read from /proc every {@code --rss-every-ms}. Prints per process the first, last and peak RSS, and the RSS at
 * the end of each run, so growth after the warm-up shows. Figures, not assertions.
 */
final class SoakBenchmark {
    private SoakBenchmark() {
    }

    /** RSS samples of one process: seconds since the start, MB. */
    record Series(List<double[]> points) {
        double first() {
            return points.get(0)[1];
        }

        double last() {
            return points.get(points.size() - 1)[1];
        }

        double peak() {
            return points.stream().mapToDouble(p -> p[1]).max().orElse(0);
        }

        double at(double seconds) {
            double v = points.get(0)[1];
            for (double[] p : points) {
                if (p[0] <= seconds) {
                    v = p[1];
                }
            }
            return v;
        }
    }

    static void run(ThroughputBenchmark.Options o, Path home, Path datasets, Map<String, String> opts, PrintStream out)
            throws Exception {
        int total = Integer.parseInt(opts.getOrDefault("soak-prompts", "50000"));
        int perRun = ThroughputBenchmark.roundedPrompts(Integer.parseInt(opts.getOrDefault("soak-run", "10000")));
        long everyMs = Long.parseLong(opts.getOrDefault("rss-every-ms", "1000"));
        int runs = (int) Math.ceil(total / (double) perRun);
        out.printf("%nsoak phase: %d runs of %d prompts (%d in all) at L = 0, RSS of every process every %d ms%n", runs,
                perRun, runs * perRun, everyMs);
        Map<String, List<String>> extra = new LinkedHashMap<>();
        extra.put("model-simulator", new ArrayList<>(List.of("-Dsimulator.latency.mean-ms=0", "-Dquarkus.log.level=WARN")));
        extra.put("inference-gateway", new ArrayList<>(List.of("-Dgateway.endpoints.sim-budgeter.max-in-flight=256",
                "-Dgateway.max-concurrent-prompts=512")));
        if (opts.containsKey("gateway-max-prompts")) {
            // the idempotency index grows by about 100 bytes per prompt up to this cap (default 1,000,000): a lower
            // cap shows the plateau within a short soak
            extra.get("inference-gateway").add("-Dgateway.idempotency.max-prompts=" + opts.get("gateway-max-prompts"));
        }
        for (String module : ThroughputBenchmark.SERVICES) {
            extra.computeIfAbsent(module, m -> new ArrayList<>()).addAll(o.jvmOptions());
        }
        StackConfig config = new StackConfig(home, o.work(), datasets, o.portBase(), Optional.empty(), false, extra);
        try (Stack stack = new Stack(config, out::println)) {
            stack.start();
            Map<String, Long> pids = new LinkedHashMap<>(stack.servicePids());
            if (stack.postgresPid() > 0) {
                pids.put("postgresql", stack.postgresPid()); // the server process; its backends come and go
            }
            Map<String, Series> series = new LinkedHashMap<>();
            pids.keySet().forEach(name -> series.put(name, new Series(new ArrayList<>())));
            long t0 = System.nanoTime();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(() -> pids.forEach((name, pid) -> {
                double mb = rssMb(pid);
                if (mb >= 0) {
                    synchronized (series) {
                        series.get(name).points().add(new double[]{(System.nanoTime() - t0) / 1e9, mb});
                    }
                }
            }), 0, everyMs, TimeUnit.MILLISECONDS);
            StressRunClient client = new StressRunClient(stack.composerUrl(), stack.analyticsUrl());
            List<Double> runEnds = new ArrayList<>();
            Map<String, List<Double>> liveHeap = new LinkedHashMap<>();
            int done = 0;
            try {
                for (int r = 1; r <= runs; r++) {
                    long start = System.nanoTime();
                    String runId = ThroughputBenchmark.startRun(client, perRun);
                    int completed = client.awaitComplete(runId, Duration.ofMinutes(30), x -> { }).path("completed").asInt();
                    done += completed;
                    double end = (System.nanoTime() - t0) / 1e9;
                    runEnds.add(end);
                    out.printf("run %d/%d %s: %d completed in %.1f s (%.0f/s); %.0f s since the start%n", r, runs, runId,
                            completed, (System.nanoTime() - start) / 1e9, completed / ((System.nanoTime() - start) / 1e9), end);
                    // RSS of a JVM also grows while its heap expands towards -Xmx and its code cache fills, without a
                    // leak; the heap still live after a full GC is the leak test
                    stack.servicePids().forEach((name, pid) ->
                            liveHeap.computeIfAbsent(name, n -> new ArrayList<>()).add(liveHeapMb(pid)));
                }
                Thread.sleep(2 * everyMs); // a last sample after the last run
            } finally {
                sampler.shutdownNow();
                sampler.awaitTermination(5, TimeUnit.SECONDS);
            }
            out.printf("%n%d prompts completed. Resident memory (MB), sampled every %d ms:%n", done, everyMs);
            StringBuilder header = new StringBuilder(String.format("  %-18s %7s %7s %7s", "process", "first", "peak", "last"));
            for (int r = 1; r <= runEnds.size(); r++) {
                header.append(String.format(" %8s", "run " + r));
            }
            int half = Math.max(1, runEnds.size() / 2);
        header.append("   last vs end of run 2, of run " + half);
            out.println(header);
            synchronized (series) {
                series.forEach((name, s) -> {
                    if (s.points().isEmpty()) {
                        return;
                    }
                    StringBuilder line = new StringBuilder(String.format("  %-18s %7.0f %7.0f %7.0f", name, s.first(), s.peak(), s.last()));
                    runEnds.forEach(t -> line.append(String.format(" %8.0f", s.at(t))));
                    if (runEnds.size() >= 2) {
                        double afterWarmup = s.at(runEnds.get(1));
                        double halfWay = s.at(runEnds.get(half - 1));
                        line.append(String.format("   %+6.1f %%, %+6.1f %%", 100 * (s.last() - afterWarmup) / afterWarmup,
                                100 * (s.last() - halfWay) / halfWay));
                    }
                    out.println(line);
                });
            }
            out.println("(\"run n\": RSS when run n completed; runs 1 and 2 are the warm-up: JIT, heap growing to its size)");
            out.println("\nJava heap live after a full GC (jcmd GC.run, then GC.heap_info) at the end of each run, MB:");
            liveHeap.forEach((name, values) -> {
                StringBuilder line = new StringBuilder(String.format("  %-18s", name));
                values.forEach(v -> line.append(String.format(" %7.1f", v)));
                out.println(line);
            });
        }
    }

    /** The heap used right after a full GC (young plus old generation), in MB; -1 if jcmd fails. */
    static double liveHeapMb(long pid) {
        try {
            String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
            run(jcmd, String.valueOf(pid), "GC.run");
            double kb = 0;
            for (String line : run(jcmd, String.valueOf(pid), "GC.heap_info").split("\n")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\s*(def new|tenured) generation.*used (\\d+)K")
                        .matcher(line);
                if (m.find()) {
                    kb += Long.parseLong(m.group(2));
                }
            }
            return kb / 1024.0;
        } catch (Exception e) {
            return -1;
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return output;
    }

    /** VmRSS of a process in MB, or -1 when it has gone. */
    static double rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (NoSuchFileException gone) {
            return -1;
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }
}

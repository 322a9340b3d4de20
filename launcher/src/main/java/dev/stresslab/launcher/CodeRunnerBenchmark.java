package dev.stresslab.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code code} phase of {@code ./stress-lab bench}: code-runner's sandbox throughput (its {@code bench-code}
 * command, on the LiveCodeBench fixture's reference programs) and the replicas a level-5 run needs at the bench's
 * C and L. Runs the packaged code-runner, so the numbers are the service's own code path.
 */
final class CodeRunnerBenchmark {
    private CodeRunnerBenchmark() {
    }

    static void run(ThroughputBenchmark.Options o, Path home, Path datasets, Map<String, String> opts, PrintStream out)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("java", "-jar",
                home.resolve("code-runner/target/quarkus-app/quarkus-run.jar").toString(), "bench-code",
                "--datasets", datasets.toString(), "--concurrency", Integer.toString(o.capacity()),
                "--latency-ms", Long.toString(o.latencyMs())));
        for (String key : List.of("tests-per-problem", "replica-cores")) {
            if (opts.containsKey(key)) {
                cmd.addAll(List.of("--" + key, opts.get(key)));
            }
        }
        out.println();
        out.println("code-runner (phase code): " + String.join(" ", cmd.subList(3, cmd.size())));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.contains(" WARN ") && !line.startsWith("SLF4J")) {
                    out.println(line);
                }
            }
        }
        if (p.waitFor() != 0) {
            out.println("code-runner bench failed (exit " + p.exitValue() + ")");
        }
    }
}

package dev.stresslab.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code ./stress-lab eval}: runs a suite on an endpoint through the release gate, with a live progress bar, a final
 * table, optional JUnit XML, and an exit code for CI (docs/continuous-evaluation.md).
 */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluate a deployed endpoint with a release-gate suite; the exit code is the verdict.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:PASS", "1:REGRESSION", "2:error, refused, or INCONCLUSIVE (see --inconclusive-exit)"})
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--suite", required = true, description = "suite name (GET /suites on the gate), e.g. rest-quick")
    String suite;

    @Option(names = "--endpoint", required = true, description = "gateway endpoint id of the deployment to evaluate")
    String endpoint;

    @Option(names = "--baseline", description = "compare with this run id instead of the promoted baseline (single-benchmark suites)")
    String baseline;

    @Option(names = "--family", description = "baseline lineage: the family whose promoted baseline applies (default: the endpoint)")
    String family;

    @Option(names = "--url", description = "the release gate of a running stack, e.g. https://gate.example.com; "
            + "default: start the embedded stack and evaluate there")
    String url;

    @Option(names = "--junit", description = "write the verdict as JUnit XML to this file")
    Path junit;

    @Option(names = "--inconclusive-exit", defaultValue = "2", description = "exit code of an INCONCLUSIVE verdict (default ${DEFAULT-VALUE})")
    int inconclusiveExit;

    @Option(names = "--token-env", defaultValue = "STRESSLAB_API_TOKEN",
            description = "environment variable holding the API bearer token (default ${DEFAULT-VALUE}; never printed)")
    String tokenEnv;

    @Option(names = "--timeout-minutes", defaultValue = "60", description = "give up after this long (default ${DEFAULT-VALUE})")
    long timeoutMinutes;

    @Option(names = "--port-base", defaultValue = "18100", description = "embedded stack: ports P..P+19 (default ${DEFAULT-VALUE})")
    int portBase;

    @Option(names = "--datasets", description = "embedded stack: benchmark files in REST's data/ layout")
    String datasets;

    @Option(names = "--work-dir", description = "embedded stack: data and logs (default .stress-lab/eval); wiped at start")
    Path workDir;

    private final PrintStream out;
    private final Path home;

    EvalCommand(PrintStream out, Path home) {
        this.out = out;
        this.home = home;
    }

    static int run(String[] args, PrintStream out, Path home) {
        CommandLine cli = new CommandLine(new EvalCommand(out, home));
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(out, true));
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            out.println("eval failed: " + e.getMessage());
            return 2;
        });
        // a usage error exits 2 as well: "error" for a CI pipeline
        cli.setParameterExceptionHandler((e, a) -> {
            out.println(e.getMessage());
            e.getCommandLine().usage(out);
            return 2;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        String token = System.getenv(tokenEnv);
        if (url != null) {
            return evaluate(new GateClient(url, token));
        }
        DatasetsDirectory chosen = DatasetsDirectory.resolve(datasets, System.getenv("STRESSLAB_DATASETS"), home);
        Optional<String> unusable = chosen.problem();
        if (unusable.isPresent()) {
            out.println(unusable.get());
            return 2;
        }
        Path work = (workDir != null ? workDir : home.resolve(".stress-lab/eval")).toAbsolutePath();
        StackConfig config = new StackConfig(home, work, chosen.dir(), portBase, Optional.empty(), false, Map.of());
        try (Stack stack = new Stack(config, out::println)) {
            Thread hook = new Thread(stack::close);
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                stack.start();
                return evaluate(new GateClient(stack.gateUrl(), null));
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is already running
                }
            }
        }
    }

    private int evaluate(GateClient gate) throws Exception {
        JsonNode started;
        try {
            started = gate.start(suite, endpoint, family, baseline);
        } catch (GateClient.GateError refused) {
            out.println("the release gate refused the evaluation: " + refused.getMessage());
            return 2;
        }
        String id = started.path("evaluationId").asText(null);
        if (id == null) {
            out.println("no evaluation started: " + started);
            return 2;
        }
        out.printf("evaluation %s: suite %s on %s (%s)%n", id, suite, endpoint, gate.url() + "/evaluations/" + id);
        JsonNode evaluation;
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("prompts").setInitialMax(0)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).continuousUpdate()
                .showSpeed().setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(out)).build()) {
            evaluation = gate.awaitFinal(id, Duration.ofMinutes(timeoutMinutes), p -> {
                bar.maxHint(Math.max(p.path("prompts").asLong(), 1));
                bar.stepTo(p.path("completed").asLong());
                bar.setExtraMessage(" · failed " + p.path("failed").asLong());
            });
        }
        EvalVerdict.printTable(evaluation, out);
        out.println("verdict page: " + gate.url() + "/evaluations/" + id + "/verdict.html");
        if (junit != null) {
            Path parent = junit.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(junit, EvalVerdict.junitXml(evaluation));
            out.println("JUnit XML: " + junit);
        }
        int code = EvalVerdict.exitCode(evaluation, inconclusiveExit);
        out.println(EvalVerdict.outcome(evaluation) + " (exit " + code + ")");
        return code;
    }
}

package dev.stresslab.launcher;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded default: start everything locally, run one stress run, print the report, stop everything
 * (also on Ctrl-C). See {@link #USAGE}.
 */
public final class Main {
    static final String USAGE = """
            usage: ./stress-lab demo [options]
              by default: two simulated deployments through the release gate (sim-budgeter, promoted as the
              baseline; then sim-overthinker via the model.deployments topic), both reports side by side and the
              verdict (suite rest-quick). Any of the run options below, or --flow single, runs one stress run instead.
              --flow gate|single      the demo to run (default gate, or single when a run option is given)
              --benchmark NAME        gsm8k (default), math500, aime2024, aime2025, amc23, gpqa-diamond
              --levels 1,3            stress levels (default 1,3)
              --limit N               first N questions of the benchmark (default 20)
              --samples N             samples per prompt (default 1)
              --model ID              gateway endpoint id (default sim-budgeter; also sim-overthinker)
              --max-tokens N          max output tokens per prompt (default: the paper's 32768)
              --endpoint-url URL      use a real OpenAI-compatible server instead of the simulator ...
              --endpoint-model NAME   ... serving this model name ...
              --api-key-env VAR       ... with the API key in environment variable VAR (never printed)
              --max-in-flight N       concurrent requests to the real endpoint (default 8)
              --datasets DIR          benchmark files in REST's data/ layout (default: .stress-lab/datasets
                                      once fetch-data has run, else ../shared/datasets if present, else the
                                      sample in datasets/sample: first 50 GSM8K and MATH500 questions)
              --work-dir DIR          data and logs of this stack (default .stress-lab/run); wiped at start
              --port-base P           ports P..P+19 are used (default 18100)
              --timeout-minutes M     give up waiting for the run after M minutes (default 30)
              --prometheus true       also start Prometheus (Debian's, when installed) on port P+20 with the
                                      repo's alert rules, scraping every service
              --keep-running true     keep everything running after the report, until Ctrl-C
              --gateway-replicas N    run N inference-gateway processes in one consumer group (default 1;
                                      replica n > 1 listens on port P+30+n)

            usage: ./stress-lab bench [--concurrency 64] [--latency-ms 2000] [--prompts 2000]
                                      [--zero-latency-prompts 20000] [--warmup-prompts 100000] [--port-base 18500]
                                      [--phases loaded,zero] [--threads true] [--jvm-options "..."] [--jfr DIR]
              throughput of the whole pipeline against the simulator; see docs/performance.md
              --warmup-prompts N      at L = 0, N prompts before the measured run; the first 40,000 of them are
                                      reported as the cold figure (fresh JVMs); 0 measures cold only
              --phases loaded|zero    run only one phase (default both)
              --phases adaptive       the simulator serves C = --concurrency at once, the gateway's endpoint is
                                      adaptive (not told C): completions/s over time against C/L
              --overflow reject|queue adaptive phase: beyond C the simulator answers 429 (default) or queues
              --adaptive-seconds S    adaptive phase: prompts for about S seconds at C/L (default 120)
              --phases streaming      4 endpoints × 256 streams (C = 1,024), one SSE delta every 20 ms, ~1,000
                                      deltas per answer: completions/s against C/L, chunks/s, the gateway's CPU
                                      and RSS (--stream-endpoints, --stream-in-flight, --rounds 6, --chunk-ms,
                                      --chunk-chars 8, --filler-words 1100)
              --phases soak           at least --soak-prompts (50000) through the pipeline in runs of --soak-run
                                      (10000) at L = 0, every process's RSS sampled (--rss-every-ms 1000): first,
                                      last, peak and at the end of each run; --gateway-max-prompts N caps the
                                      gateway's idempotency index (default 1,000,000 ids)
              --phases code           code-runner's sandbox on the LiveCodeBench fixture: start-up cost, tests/s
                                      per core, replicas a level-5 run needs at C = --concurrency, L = --latency-ms
                                      (--tests-per-problem N, --replica-cores 2; docs/code.md)
              --jvm-options "..."     extra JVM options for the five services (e.g. -XX:TieredStopAtLevel=1)
              --threads true          also print each process's busiest threads during the measured run
              --jfr DIR               record a Java Flight Recording of each service into DIR

            usage: ./stress-lab eval --suite NAME --endpoint ID [--baseline RUN] [--url GATE] [--junit FILE]
              runs a release-gate suite on an endpoint (embedded stack without --url); exit 0 pass, 1 regression,
              2 error or inconclusive; ./stress-lab eval --help lists every option (docs/continuous-evaluation.md)

            usage: ./stress-lab fetch-data [--dest DIR] [--base-url URL] [--commit SHA]
              downloads REST's six benchmark files (opendatalab/REST, data/) and checks each one
              --dest DIR              where to put them (default .stress-lab/datasets, which the demo then reads)
              --base-url URL          the data/ folder to download from; {commit} is replaced by --commit
                                      (default https://raw.githubusercontent.com/opendatalab/REST/{commit}/data/)
              --commit SHA            REST commit (default 12c6bf3, the one whose SHA-256 digests are checked)
            """;

    /** Options of the single-run demo: given any, {@code demo} runs one stress run instead of the two deployments. */
    static final List<String> SINGLE_RUN_OPTIONS = List.of("benchmark", "levels", "limit", "samples", "model", "max-tokens",
            "endpoint-url", "endpoint-model", "api-key-env", "max-in-flight", "gateway-replicas");

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) {
        if (args.length > 0 && args[0].equals("eval")) {
            return EvalCommand.run(Arrays.copyOfRange(args, 1, args.length), out, home());
        }
        Map<String, String> opts;
        try {
            opts = parse(args);
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            out.print(USAGE);
            return 2;
        }
        if (opts.containsKey("help")) {
            out.print(USAGE);
            return 0;
        }
        if (opts.containsKey("fetch-data")) {
            try {
                return FetchDataCommand.run(opts, home(), out);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                out.println("fetch-data interrupted");
                return 1;
            }
        }
        Path home = home();
        DatasetsDirectory chosen = DatasetsDirectory.resolve(opts.get("datasets"), System.getenv("STRESSLAB_DATASETS"), home);
        Optional<String> unusable = chosen.problem();
        if (unusable.isPresent()) {
            out.println(unusable.get());
            return 2;
        }
        Path datasets = chosen.dir();
        if (opts.containsKey("bench")) {
            if (chosen.source() == DatasetsDirectory.Source.SAMPLE) {
                // the bench composes from all 1319 GSM8K questions; the sample has 50
                out.println("the bench needs the full GSM8K file, and only the shipped sample was found ("
                        + chosen.dir() + "): run ./stress-lab fetch-data once, or pass --datasets DIR");
                return 2;
            }
            try {
                return ThroughputBenchmark.run(opts, home, datasets, out);
            } catch (Exception e) {
                out.println("benchmark failed: " + e.getMessage());
                return 1;
            }
        }
        String benchmark = opts.getOrDefault("benchmark", "gsm8k");
        // the default demo is continuous evaluation; any option that shapes a single run keeps the single-run demo
        boolean gateDemo = opts.getOrDefault("flow", SINGLE_RUN_OPTIONS.stream().anyMatch(opts::containsKey) ? "single" : "gate").equals("gate");
        chosen.describe().forEach(out::println);
        // checked before anything starts: otherwise the user waits for the whole stack to hear the composer refuse
        Optional<String> missing = chosen.missing(benchmark)
                .or(() -> chosen.tooFewQuestions(benchmark, Integer.parseInt(opts.getOrDefault("limit", "20"))));
        if (missing.isPresent()) {
            out.println(missing.get());
            return 2;
        }
        Path work = Path.of(opts.getOrDefault("work-dir", home.resolve(".stress-lab/run").toString())).toAbsolutePath();
        Optional<StackConfig.RealEndpoint> real = Optional.empty();
        String model = opts.getOrDefault("model", "sim-budgeter");
        if (opts.containsKey("endpoint-url")) {
            String name = opts.get("endpoint-model");
            if (name == null) {
                out.println("--endpoint-url needs --endpoint-model");
                return 2;
            }
            model = opts.getOrDefault("model", "external");
            real = Optional.of(new StackConfig.RealEndpoint(model, opts.get("endpoint-url"), name, opts.get("api-key-env"),
                    Integer.parseInt(opts.getOrDefault("max-in-flight", "8"))));
        }
        StackConfig config = new StackConfig(home, work, datasets, Integer.parseInt(opts.getOrDefault("port-base",
                env("STRESSLAB_PORT_BASE", "18100"))), real, false, Map.of(),
                Integer.parseInt(opts.getOrDefault("gateway-replicas", "1")));
        List<Integer> levels = Arrays.stream(opts.getOrDefault("levels", "1,3").split(",")).map(String::trim)
                .map(Integer::valueOf).toList();
        int limit = Integer.parseInt(opts.getOrDefault("limit", "20"));
        int samples = Integer.parseInt(opts.getOrDefault("samples", "1"));
        Integer maxTokens = opts.containsKey("max-tokens") ? Integer.valueOf(opts.get("max-tokens")) : null;

        Stack stack = new Stack(config, out::println);
        Thread hook = new Thread(() -> {
            out.println("\nstopping everything ...");
            stack.close();
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stack.start();
            if (PrometheusProcess.installed() && "true".equals(opts.get("prometheus"))) {
                PrometheusProcess prometheus = new PrometheusProcess(stack, home.resolve("deploy/prometheus/alerts.yml"),
                        work.resolve("prometheus"), config.portBase() + 20);
                stack.alsoStop(prometheus);
                out.println("  prometheus ready on " + prometheus.url() + " (alert rules: deploy/prometheus/alerts.yml)");
            } else if (PrometheusProcess.installed()) {
                out.println("  (Prometheus is installed: add --prometheus true to start it against this stack)");
            }
            if (gateDemo) {
                int code = new GateDemo(stack, out, Duration.ofMinutes(Long.parseLong(opts.getOrDefault("timeout-minutes", "30")))).run();
                if ("true".equals(opts.get("keep-running"))) {
                    out.println("everything keeps running; Ctrl-C stops it");
                    Thread.currentThread().join();
                }
                return code;
            }
            StressRunClient client = new StressRunClient(stack.composerUrl(), stack.analyticsUrl());
            out.printf("%ncreating run: %s, levels %s, first %d questions, model %s%n", benchmark, levels, limit, model);
            StressRunClient.Response created = client.createRun(benchmark, model, levels, limit, samples, maxTokens);
            if (created.status() != 201) {
                out.println("the composer refused the run (HTTP " + created.status() + "): " + created.body().path("error").asText(created.body().toString()));
                return 1;
            }
            String runId = created.body().path("runId").asText();
            out.printf("run %s: %d prompts composed%n", runId, created.body().path("promptCount").asInt());
            JsonNode report = client.awaitComplete(runId, Duration.ofMinutes(Long.parseLong(opts.getOrDefault("timeout-minutes", "30"))),
                    r -> out.println(ReportPrinter.progress(r)));
            ReportPrinter.print(report, out);
            out.printf("%nJSON report: %s/runs/%s · HTML: %s/runs/%s/report.html (while the stack runs)%n",
                    stack.analyticsUrl(), runId, stack.analyticsUrl(), runId);
            String viewer = client.viewerUrl(runId);
            if (viewer != null) {
                out.printf("prompt viewer: %s · every prompt: %s/runs/%s/prompts%n", viewer, stack.analyticsUrl(), runId);
            }
            if ("true".equals(opts.get("keep-running"))) {
                out.println("everything keeps running; Ctrl-C stops it");
                Thread.currentThread().join();
            }
            return 0;
        } catch (Exception e) {
            out.println("failed: " + e.getMessage());
            return 1;
        } finally {
            stack.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running
            }
        }
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new HashMap<>();
        int i = 0;
        if (i < args.length && args[i].equals("demo")) {
            i++;
        } else if (i < args.length && (args[i].equals("bench") || args[i].equals("fetch-data"))) {
            opts.put(args[i], "");
            i++;
        }
        for (; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                opts.put("help", "");
                continue;
            }
            if (!a.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("unexpected argument: " + a);
            }
            opts.put(a.substring(2), args[++i]);
        }
        return opts;
    }

    /** The repository root: -Dstresslab.home, else the folder above launcher/target. */
    static Path home() {
        String property = System.getProperty("stresslab.home");
        if (property != null) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        try {
            Path p = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
            for (Path dir = p; dir != null; dir = dir.getParent()) {
                if (Files.isDirectory(dir.resolve("launcher")) && Files.exists(dir.resolve("pom.xml"))) {
                    return dir;
                }
            }
        } catch (URISyntaxException e) {
            // fall through to the working directory
        }
        return Path.of("").toAbsolutePath();
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}

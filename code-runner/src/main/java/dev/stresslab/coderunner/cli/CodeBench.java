package dev.stresslab.coderunner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stresslab.benchmarks.CodeTest;
import dev.stresslab.benchmarks.LiveCodeBench;
import dev.stresslab.benchmarks.LiveCodeBenchProblem;
import dev.stresslab.coderunner.domain.CodeTests;
import dev.stresslab.coderunner.domain.ExecResult;
import dev.stresslab.coderunner.sandbox.Sandbox;
import dev.stresslab.coderunner.sandbox.SandboxLimits;
import dev.stresslab.coderunner.sandbox.SandboxUnavailableException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code bench-code}: code-runner's throughput on this machine (CPU as the sandboxed Python reports it for itself;
 * bwrap's own share is not in it), measured on the fixture's reference programs in the
 * real sandbox: the sandbox's start-up cost (one program, one test), the cost of one more test, tests per second
 * per core (one program at a time) and on all cores, and the replicas a LiveCodeBench run at level 5 needs to keep
 * up with a model server at concurrency C and latency L: C / L prompts per second, 5 programs each.
 */
public final class CodeBench {
    public static final String NAME = "bench-code";

    private CodeBench() {
    }

    record Options(Path dataset, int rounds, int concurrency, double latencySeconds, int level, int testsPerProblem,
                   int replicaCores) {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        Options opts = new Options(Path.of(o.getOrDefault("datasets", "../shared/datasets")).resolve("livecodebench"),
                Integer.parseInt(o.getOrDefault("rounds", "3")), Integer.parseInt(o.getOrDefault("concurrency", "64")),
                Double.parseDouble(o.getOrDefault("latency-ms", "2000")) / 1000.0,
                Integer.parseInt(o.getOrDefault("level", "5")), Integer.parseInt(o.getOrDefault("tests-per-problem", "0")),
                Integer.parseInt(o.getOrDefault("replica-cores", "2")));
        try (Sandbox one = Sandbox.open(SandboxLimits.defaults(), 1); Sandbox all = Sandbox.open(SandboxLimits.defaults(), cores)) {
            List<Program> programs = programs(opts.dataset());
            // warm-up: the page cache and Python's bytecode cache
            run(one, programs, 1, true);
            Measured single = run(one, programs, opts.rounds(), true);
            double startup = single.secondsPerProgram();
            double startupCpu = single.cpuPerProgram();
            Measured full = run(one, programs, opts.rounds(), false);
            double perTest = (full.secondsPerProgram() - startup) / (full.testsPerProgram() - 1);
            double perTestCpu = Math.max(0, (full.cpuPerProgram() - startupCpu) / (full.testsPerProgram() - 1));
            Measured parallel = runParallel(all, programs, opts.rounds(), cores);
            out.printf("code-runner on %d cores, %d fixture programs x %d rounds (reference solutions, all pass)%n",
                    cores, programs.size(), opts.rounds());
            out.printf("  load average now: %s (wall times grow with it; CPU times do not)%n",
                    Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
            out.printf("  sandbox start-up (bwrap + python3 + harness, 1 test): %7.1f ms wall, %6.1f ms CPU per program%n",
                    1000 * startup, 1000 * startupCpu);
            out.printf("  each further test:                                 %7.1f ms wall, %6.1f ms CPU%n",
                    1000 * perTest, 1000 * perTestCpu);
            out.printf("  one program at a time:  %6.1f tests/s  (%.1f programs/s) on one core%n",
                    full.tests() / full.seconds(), full.programs() / full.seconds());
            out.printf("  %d at a time:            %6.1f tests/s  = %.1f tests/s per core (wall); %.1f tests per CPU second%n",
                    cores, parallel.tests() / parallel.seconds(), parallel.tests() / parallel.seconds() / cores,
                    parallel.tests() / parallel.cpuSeconds());
            int tests = opts.testsPerProblem() > 0 ? opts.testsPerProblem() : (int) Math.round(full.testsPerProgram());
            double promptsPerSecond = opts.concurrency() / opts.latencySeconds();
            double programsPerSecond = promptsPerSecond * opts.level();
            // CPU, not wall: on an idle node a program's wall time approaches its CPU time
            double coreSecondsPerProgram = startupCpu + perTestCpu * (tests - 1);
            double coresNeeded = programsPerSecond * coreSecondsPerProgram;
            int replicas = (int) Math.ceil(coresNeeded / opts.replicaCores());
            out.printf("level %d at C = %d, L = %.1f s: %.1f prompts/s -> %.1f programs/s x %d tests x %.1f ms"
                            + " CPU = %.1f cores -> %d replica(s) of %d cores%n", opts.level(), opts.concurrency(),
                    opts.latencySeconds(), promptsPerSecond, programsPerSecond, tests, 1000 * coreSecondsPerProgram,
                    coresNeeded, replicas, opts.replicaCores());
            return 0;
        } catch (SandboxUnavailableException e) {
            err.println("bench-code: " + e.getMessage());
            return 1;
        } catch (IOException | InterruptedException | java.util.concurrent.ExecutionException e) {
            err.println("bench-code: " + e);
            return 1;
        }
    }

    record Program(String code, CodeTests tests) {
    }

    record Measured(long programs, long tests, double seconds, double cpuSeconds) {
        double cpuPerProgram() {
            return cpuSeconds / programs;
        }

        double secondsPerProgram() {
            return seconds / programs;
        }

        double testsPerProgram() {
            return (double) tests / programs;
        }
    }

    static List<Program> programs(Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, LiveCodeBenchProblem> byId = new HashMap<>();
        LiveCodeBench.load(dir, LiveCodeBench.DateWindow.of("2000-01-01", "2100-01-01")).forEach(p -> byId.put(p.questionId(), p));
        List<Program> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("reference-solutions.jsonl"))) {
            JsonNode n = json.readTree(line);
            LiveCodeBenchProblem p = byId.get(n.get("question_id").asText());
            out.add(new Program(n.get("code").asText(), new CodeTests(p.questionId(),
                    p.tests().stream().map(CodeTest::input).toList(), p.tests().stream().map(CodeTest::output).toList(),
                    p.fnName())));
        }
        return out;
    }

    private static Measured run(Sandbox sandbox, List<Program> programs, int rounds, boolean oneTest) {
        long start = System.nanoTime();
        long cpuMillis = 0;
        long tests = 0;
        long n = 0;
        for (int r = 0; r < rounds; r++) {
            for (Program p : programs) {
                CodeTests t = oneTest ? new CodeTests(p.tests().questionId(), p.tests().inputs().subList(0, 1),
                        p.tests().outputs().subList(0, 1), p.tests().fnName()) : p.tests();
                ExecResult res = sandbox.run(p.code(), t);
                if (!res.passed()) {
                    throw new IllegalStateException(p.tests().questionId() + " did not pass: " + res);
                }
                tests += t.size();
                cpuMillis += res.cpuMillis();
                n++;
            }
        }
        return new Measured(n, tests, (System.nanoTime() - start) / 1e9, cpuMillis / 1000.0);
    }

    private static Measured runParallel(Sandbox sandbox, List<Program> programs, int rounds, int threads)
            throws InterruptedException, java.util.concurrent.ExecutionException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<ExecResult>> all = new ArrayList<>();
            long tests = 0;
            for (int r = 0; r < rounds * threads; r++) {
                for (Program p : programs) {
                    all.add(pool.submit(() -> sandbox.run(p.code(), p.tests())));
                    tests += p.tests().size();
                }
            }
            long cpuMillis = 0;
            for (Future<ExecResult> f : all) {
                if (!f.get().passed()) {
                    throw new IllegalStateException("a reference program did not pass: " + f.get());
                }
                cpuMillis += f.get().cpuMillis();
            }
            return new Measured(all.size(), tests, (System.nanoTime() - start) / 1e9, cpuMillis / 1000.0);
        } finally {
            pool.shutdownNow();
        }
    }
}

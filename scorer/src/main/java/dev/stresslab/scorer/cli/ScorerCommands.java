package dev.stresslab.scorer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stresslab.contracts.AnswerKind;
import dev.stresslab.scorer.code.RestCodeSplitter;
import dev.stresslab.contracts.CompletionEvent;
import dev.stresslab.contracts.ScoreEvent;
import dev.stresslab.contracts.Usage;
import dev.stresslab.scorer.grading.AnswerGrader;
import dev.stresslab.scorer.domain.HostileOutputs;
import dev.stresslab.scorer.domain.LabelAwareReader;
import dev.stresslab.scorer.domain.PromptScorer;
import dev.stresslab.scorer.domain.SplitReport;
import dev.stresslab.scorer.domain.TokenAttributor;
import dev.stresslab.scorer.parse.OutputParser;
import dev.stresslab.scorer.parse.ParsedOutput;
import dev.stresslab.scorer.domain.VerdictFlag;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The scorer's pure cores as JSONL commands (stdin to stdout, no Kafka, no database):
 * <ul>
 *   <li>{@code grade}: each line {@code {"prediction", "gold", "kind": "math"|"choice"}} is written back with
 *       {@code "equal": true|false} (and {@code "path"}, how the verdict was reached);</li>
 *   <li>{@code split}: each line {@code {"output", "level", "finishReason"?, "reasoning"?, "kind"?}} gives REST's
 *       positional answers, the label-aware answers, per-position flags, whole-output diagnostics and the token
 *       attribution (scaled to an optional {@code "usage": {"completionTokens", "reasoningTokens"}}), from the same
 *       parse and readers the scorer uses; with {@code "kind": "code"} (LiveCodeBench) REST's split_code_content, the
 *       code executed per slot, labels and flags;</li>
 *   <li>{@code bench-grading [--corpus FILE] [--iterations N] [--threads T]}: grades a fixed corpus (FILE, else the
 *       JSONL on stdin, else a built-in corpus) repeatedly and prints answers graded per second and agreement with the
 *       corpus labels ({@code "equal"} field);</li>
 *   <li>{@code bench-grading --hostile [--case NAME] [--iterations N]}: scores every hostile output of
 *       {@link HostileOutputs} (10 MB outputs, deep nesting, huge numbers, ...) with the service's
 *       {@link PromptScorer}, N times each (default 3) after one warm-up pass, and prints the worst per-output wall
 *       time, per case its slowest run and the bytes allocated per output character.</li>
 *   <li>{@code grade-diff [--corpus FILE] [--reference COMMAND | --stored] [--show N]}: our grader against
 *       Math-Verify over the differential corpus ({@link GradeDiff}).</li>
 * </ul>
 * A malformed line yields {@code {"line": n, "error": "..."}} and processing goes on; the exit code is then 1.
 */
public final class ScorerCommands {
    public static final Set<String> NAMES = Set.of("split", "grade", "bench-grading", "grade-diff");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScorerCommands() {
    }

    public static int run(String name, String[] args, InputStream in, PrintStream out, PrintStream err) {
        try {
            return switch (name) {
                case "grade" -> grade(in, out);
                case "split" -> split(in, out);
                case "bench-grading" -> bench(args, in, out, err);
                case "grade-diff" -> GradeDiff.run(args, out, err);
                default -> {
                    err.println("unknown command " + name + "; known: " + NAMES);
                    yield 2;
                }
            };
        } catch (IllegalArgumentException e) {
            err.println(name + ": " + e.getMessage());
            return 2;
        } catch (IOException | UncheckedIOException e) {
            err.println(name + ": I/O error: " + e.getMessage());
            return 3;
        }
    }

    /** Calls {@code handler} per non-blank input line; errors become error lines. Returns the exit code. */
    private static int eachLine(InputStream in, PrintStream out, LineHandler handler) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int n = 0;
        int errors = 0;
        while ((line = reader.readLine()) != null) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(line);
                if (!(node instanceof ObjectNode obj)) {
                    throw new IllegalArgumentException("not a JSON object");
                }
                out.println(JSON.writeValueAsString(handler.handle(obj)));
            } catch (IOException | RuntimeException e) {
                errors++;
                ObjectNode error = JSON.createObjectNode();
                error.put("line", n);
                error.put("error", e instanceof IOException ? "malformed JSON: " + firstLine(e.getMessage())
                        : firstLine(e.getMessage()));
                out.println(JSON.writeValueAsString(error));
            }
        }
        out.flush();
        return errors == 0 ? 0 : 1;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @FunctionalInterface
    private interface LineHandler {
        ObjectNode handle(ObjectNode line);
    }

    private static String text(ObjectNode o, String field, boolean required) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException("missing field \"" + field + "\"");
            }
            return null;
        }
        if (!v.isTextual() && !v.isNumber()) {
            throw new IllegalArgumentException("field \"" + field + "\" must be a string");
        }
        return v.asText();
    }

    private static AnswerKind kind(ObjectNode o) {
        String k = text(o, "kind", false);
        if (k == null) {
            return AnswerKind.MATH;
        }
        try {
            return AnswerKind.fromJson(k);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field \"kind\" must be \"math\", \"choice\" or \"code\"");
        }
    }

    // ------------------------------------------------------------------ grade

    private static int grade(InputStream in, PrintStream out) throws IOException {
        AnswerGrader grader = new AnswerGrader();
        return eachLine(in, out, o -> {
            String prediction = text(o, "prediction", true);
            String gold = text(o, "gold", true);
            AnswerGrader.Verdict v = grader.grade(prediction, gold, kind(o));
            ObjectNode r = o.deepCopy();
            r.put("equal", v.equal());
            r.put("path", v.path());
            return r;
        });
    }

    // ------------------------------------------------------------------ split

    private static int split(InputStream in, PrintStream out) throws IOException {
        AnswerGrader grader = new AnswerGrader();
        return eachLine(in, out, o -> {
            String output = text(o, "output", false);
            JsonNode lv = o.get("level");
            if (lv == null || !lv.canConvertToInt() || lv.asInt() < 1 || lv.asInt() > 1000) {
                throw new IllegalArgumentException("field \"level\" must be an integer 1..1000");
            }
            int level = lv.asInt();
            AnswerKind kind = kind(o);
            if (kind == AnswerKind.CODE) {
                return codeSplit(o, RestCodeSplitter.restText(output, text(o, "reasoning", false)), level);
            }
            // the scorer's own path: one parse, read by the label-aware reading and the token attribution
            ParsedOutput parsed = OutputParser.parse(output, text(o, "reasoning", false), text(o, "finishReason", false),
                    level, kind);
            SplitReport rep = LabelAwareReader.read(parsed, kind, (a, b) -> grader.equal(a, b, kind));
            TokenAttributor.Attribution tokens = TokenAttributor.attribute(parsed, usage(o));
            ObjectNode r = JSON.createObjectNode();
            if (o.has("id")) {
                r.set("id", o.get("id"));
            }
            r.put("level", level);
            r.set("rest", strings(rep.restAnswers()));
            r.set("restExtracted", strings(rep.restExtracted()));
            r.set("labelAware", strings(rep.labelAnswers()));
            r.set("labelSources", strings(rep.labelSources()));
            ArrayNode flags = r.putArray("flags");
            for (Set<VerdictFlag> f : rep.flags()) {
                flags.add(strings(VerdictFlag.words(f)));
            }
            r.set("diagnostics", strings(rep.diagnostics()));
            r.put("truncated", rep.truncated());
            r.set("reasoningTokens", JSON.valueToTree(tokens.reasoningTokens()));
            r.set("answerTokens", JSON.valueToTree(tokens.answerTokens()));
            r.set("unattributedReasoningTokens", JSON.valueToTree(tokens.unattributedReasoning()));
            return r;
        });
    }

    /** A LiveCodeBench output: REST's answers, the code REST executes per slot, the labels seen, the flags. */
    private static ObjectNode codeSplit(ObjectNode o, String text, int level) {
        List<RestCodeSplitter.Slot> slots = RestCodeSplitter.slots(text, level);
        ObjectNode r = JSON.createObjectNode();
        if (o.has("id")) {
            r.set("id", o.get("id"));
        }
        r.put("level", level);
        r.set("rest", strings(slots.stream().map(RestCodeSplitter.Slot::answer).toList()));
        r.set("code", strings(slots.stream().map(RestCodeSplitter.Slot::code).toList()));
        ArrayNode labels = r.putArray("labels");
        ArrayNode flags = r.putArray("flags");
        for (RestCodeSplitter.Slot s : slots) {
            if (s.label() == null) {
                labels.addNull();
            } else {
                labels.add(s.label());
            }
            flags.add(strings(s.flags()));
        }
        return r;
    }

    /** Optional {@code "usage": {"completionTokens", "reasoningTokens"}} to scale token counts to; else raw counts. */
    private static Usage usage(ObjectNode o) {
        JsonNode u = o.get("usage");
        if (u == null || !u.isObject()) {
            return Usage.UNKNOWN;
        }
        return new Usage(null, u.hasNonNull("completionTokens") ? u.get("completionTokens").asInt() : null,
                u.hasNonNull("reasoningTokens") ? u.get("reasoningTokens").asInt() : null);
    }

    private static ArrayNode strings(List<String> list) {
        ArrayNode a = JSON.createArrayNode();
        for (String s : list) {
            if (s == null) {
                a.addNull();
            } else {
                a.add(s);
            }
        }
        return a;
    }

    // ------------------------------------------------------------------ bench-grading

    record Case(String prediction, String gold, AnswerKind kind, Boolean expected) {
    }

    private static int bench(String[] args, InputStream in, PrintStream out, PrintStream err) throws IOException {
        Integer iterationsGiven = null;
        int threads = 1;
        Path corpus = null;
        boolean hostile = false;
        String hostileCase = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length && (a.equals("--iterations") || a.equals("--threads") || a.equals("--corpus")
                    || a.equals("--case"))) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            switch (a) {
                case "--iterations" -> iterationsGiven = positive(args[++i], a);
                case "--threads" -> threads = positive(args[++i], a);
                case "--corpus" -> corpus = Path.of(args[++i]);
                case "--stdin" -> corpus = Path.of("-");
                case "--hostile" -> hostile = true;
                case "--case" -> hostileCase = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + a
                        + " (use --corpus FILE|--stdin, --iterations N, --threads T, or --hostile [--case NAME])");
            }
        }
        if (hostile) {
            return hostileBench(iterationsGiven == null ? 3 : iterationsGiven, hostileCase, out);
        }
        // long enough for the JIT to settle: short runs understate the rate several times
        int iterations = iterationsGiven == null ? 500 : iterationsGiven;
        List<Case> cases = new ArrayList<>();
        int badLines = 0;
        List<String> lines;
        String source;
        if (corpus == null) {
            lines = BuiltinCorpus.LINES;
            source = "builtin";
        } else if (corpus.toString().equals("-")) {
            lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
            source = "stdin";
        } else {
            lines = Files.readAllLines(corpus, StandardCharsets.UTF_8);
            source = corpus.toString();
        }
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isBlank()) {
                continue;
            }
            try {
                ObjectNode o = (ObjectNode) JSON.readTree(line);
                JsonNode eq = o.get("equal");
                cases.add(new Case(text(o, "prediction", true), text(o, "gold", true), kind(o),
                        eq == null || !eq.isBoolean() ? null : eq.asBoolean()));
            } catch (IOException | RuntimeException e) {
                badLines++;
                err.println("{\"line\": " + (n + 1) + ", \"error\": " + JSON.writeValueAsString(firstLine(e.getMessage())) + "}");
            }
        }
        if (cases.isEmpty()) {
            throw new IllegalArgumentException("empty corpus");
        }
        AnswerGrader grader = new AnswerGrader();
        // warm-up pass (JIT), also the agreement check
        int agree = 0;
        int labelled = 0;
        ArrayNode disagreements = JSON.createArrayNode();
        for (Case c : cases) {
            boolean eq = grader.equal(c.prediction(), c.gold(), c.kind());
            if (c.expected() != null) {
                labelled++;
                if (eq == c.expected()) {
                    agree++;
                } else if (disagreements.size() < 20) {
                    ObjectNode d = disagreements.addObject();
                    d.put("prediction", c.prediction());
                    d.put("gold", c.gold());
                    d.put("expected", c.expected());
                }
            }
        }
        for (int w = 0; w < 3; w++) {
            for (Case c : cases) {
                grader.equal(c.prediction(), c.gold(), c.kind());
            }
        }
        final int iters = iterations;
        long start = System.nanoTime();
        long graded;
        if (threads == 1) {
            for (int it = 0; it < iters; it++) {
                for (Case c : cases) {
                    grader.equal(c.prediction(), c.gold(), c.kind());
                }
            }
            graded = (long) iters * cases.size();
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    futures.add(pool.submit(() -> {
                        for (int it = 0; it < iters; it++) {
                            for (Case c : cases) {
                                grader.equal(c.prediction(), c.gold(), c.kind());
                            }
                        }
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalArgumentException("interrupted");
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalArgumentException("grading failed: " + e.getCause());
            } finally {
                pool.shutdownNow();
            }
            graded = (long) iters * cases.size() * threads;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        ObjectNode r = JSON.createObjectNode();
        r.put("corpus", source);
        r.put("cases", cases.size());
        r.put("iterations", iterations);
        r.put("threads", threads);
        r.put("answersGraded", graded);
        r.put("seconds", Math.round(seconds * 1000) / 1000.0);
        r.put("answersPerSecond", Math.round(graded / seconds));
        r.put("microsPerAnswer", Math.round(seconds * 1e6 / graded * 10) / 10.0);
        r.put("labelled", labelled);
        r.put("agreement", labelled == 0 ? null : Math.round(10000.0 * agree / labelled) / 10000.0);
        r.set("disagreements", disagreements);
        out.println(JSON.writeValueAsString(r));
        out.flush();
        return badLines == 0 ? 0 : 1;
    }

    /**
     * The per-output wall time of the service's scorer over the hostile corpus: the measured side of the bound
     * documented in docs/grading.md ("Hostile outputs"). One warm-up pass (JIT), then {@code iterations} timed runs
     * per case; allocation is the scoring thread's, from the JVM's per-thread counter when it has one.
     */
    private static int hostileBench(int iterations, String onlyCase, PrintStream out) throws IOException {
        List<String> names = onlyCase == null ? HostileOutputs.names() : List.of(onlyCase);
        if (onlyCase != null && !HostileOutputs.names().contains(onlyCase)) {
            throw new IllegalArgumentException("no hostile case " + onlyCase + "; known: " + HostileOutputs.names());
        }
        PromptScorer scorer = PromptScorer.createDefault();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        com.sun.management.ThreadMXBean allocation = threads instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported() ? t : null;
        for (String name : names) {
            scorer.score(HostileOutputs.build(name).completion()); // warm-up
        }
        ObjectNode r = JSON.createObjectNode();
        r.put("corpus", "hostile");
        r.put("iterations", iterations);
        r.put("outputGradingBudgetMs", PromptScorer.DEFAULT_OUTPUT_BUDGET.toMillis());
        ArrayNode perCase = JSON.createArrayNode();
        String worstName = null;
        double worstMs = -1;
        double worstAllocationPerChar = 0;
        for (String name : names) {
            CompletionEvent c = HostileOutputs.build(name).completion();
            long chars = (c.content() == null ? 0 : c.content().length()) + (c.reasoning() == null ? 0 : c.reasoning().length());
            double maxMs = 0;
            long maxAllocated = -1;
            int correct = 0;
            for (int i = 0; i < iterations; i++) {
                long allocatedBefore = allocation == null ? 0 : allocation.getCurrentThreadAllocatedBytes();
                long start = System.nanoTime();
                ScoreEvent e = scorer.score(c);
                double ms = (System.nanoTime() - start) / 1e6;
                if (allocation != null) {
                    maxAllocated = Math.max(maxAllocated, allocation.getCurrentThreadAllocatedBytes() - allocatedBefore);
                }
                maxMs = Math.max(maxMs, ms);
                correct = (int) e.questions().stream().filter(q -> q.correct()).count();
            }
            ObjectNode o = perCase.addObject();
            o.put("name", name);
            o.put("chars", chars);
            o.put("maxMs", Math.round(maxMs * 10) / 10.0);
            o.put("correct", correct);
            if (maxAllocated >= 0) {
                o.put("allocatedMB", Math.round(maxAllocated / 1e5) / 10.0);
                if (chars >= 1_000_000) {
                    double perChar = (double) maxAllocated / chars;
                    o.put("allocatedBytesPerChar", Math.round(perChar * 10) / 10.0);
                    worstAllocationPerChar = Math.max(worstAllocationPerChar, perChar);
                }
            }
            if (maxMs > worstMs) {
                worstMs = maxMs;
                worstName = name;
            }
        }
        ObjectNode worst = r.putObject("worstCase");
        worst.put("name", worstName);
        worst.put("ms", Math.round(worstMs * 10) / 10.0);
        if (allocation != null) {
            // over outputs of at least a million characters, where the output itself dominates
            r.put("worstAllocatedBytesPerChar", Math.round(worstAllocationPerChar * 10) / 10.0);
        }
        r.set("cases", perCase);
        out.println(JSON.writeValueAsString(r));
        out.flush();
        return 0;
    }

    private static int positive(String v, String option) {
        try {
            int n = Integer.parseInt(v);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a positive integer, got " + v);
        }
    }
}

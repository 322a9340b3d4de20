package dev.stresslab.scorer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stresslab.scorer.grading.AnswerGrader;
import dev.stresslab.scorer.grading.CorpusPair;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * {@code grade-diff}: our grader against Math-Verify (REST's reference grader) over the differential corpus
 * (docs/grading.md). Prints the disagreements, then one summary: agreement with Math-Verify and with the intended
 * label, overall and per category, and both graders' answers per second measured in this run on one thread (ours:
 * the mean of 5 passes after 3 warm-up passes; Math-Verify: its one pass, timed around each verdict in its process).
 * <pre>
 *   grade-diff [--corpus FILE(.jsonl|.jsonl.gz)] [--reference COMMAND | --stored] [--show N]
 * </pre>
 * {@code --reference} runs the reference (default {@code tools/math-verify/run.sh}, built by
 * {@code tools/math-verify/build.sh}) over the corpus's pairs; {@code --stored} uses the verdicts stored in the
 * corpus (no Python needed; no reference speed then).
 */
final class GradeDiff {
    static final String DEFAULT_CORPUS = "scorer/src/test/resources/grading/differential-corpus.jsonl.gz";
    static final String DEFAULT_REFERENCE = "tools/math-verify/run.sh";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WARM_UP_PASSES = 3;
    private static final int TIMED_PASSES = 5;

    private GradeDiff() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        Path corpus = Path.of(DEFAULT_CORPUS);
        String reference = DEFAULT_REFERENCE;
        int show = 50;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length && (a.equals("--corpus") || a.equals("--reference") || a.equals("--show"))) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            switch (a) {
                case "--corpus" -> corpus = Path.of(args[++i]);
                case "--reference" -> reference = args[++i];
                case "--stored" -> reference = null;
                case "--show" -> show = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + a
                        + " (use --corpus FILE, --reference COMMAND | --stored, --show N)");
            }
        }
        List<CorpusPair> pairs = read(corpus);
        AnswerGrader grader = new AnswerGrader();
        boolean[] ours = new boolean[pairs.size()];
        for (int pass = 0; pass < WARM_UP_PASSES; pass++) { // the JIT settles: a cold pass understates the rate 2-3x
            for (int i = 0; i < pairs.size(); i++) {
                ours[i] = pairs.get(i).ours(grader);
            }
        }
        long start = System.nanoTime();
        for (int pass = 0; pass < TIMED_PASSES; pass++) {
            for (int i = 0; i < pairs.size(); i++) {
                ours[i] = pairs.get(i).ours(grader);
            }
        }
        double oursSeconds = (System.nanoTime() - start) / 1e9 / TIMED_PASSES;

        Boolean[] mv = new Boolean[pairs.size()];
        Double mvPerSecond = null;
        if (reference == null) {
            for (int i = 0; i < pairs.size(); i++) {
                mv[i] = pairs.get(i).mathVerify();
            }
        } else {
            mvPerSecond = runReference(reference, corpus, pairs, mv, err);
        }

        Map<String, int[]> perCategory = new TreeMap<>(); // pairs, agree with MV, agree with label, MV right, ours agree where MV right
        int shown = 0;
        for (int i = 0; i < pairs.size(); i++) {
            CorpusPair p = pairs.get(i);
            for (String key : List.of("all", p.category())) {
                int[] c = perCategory.computeIfAbsent(key, k -> new int[5]);
                c[0]++;
                if (mv[i] != null && mv[i] == ours[i]) {
                    c[1]++;
                }
                if (ours[i] == p.label()) {
                    c[2]++;
                }
                if (mv[i] != null && mv[i] == p.label()) {
                    c[3]++;
                    if (ours[i] == p.label()) {
                        c[4]++;
                    }
                }
            }
            if (mv[i] != null && mv[i] != ours[i] && shown < show) {
                shown++;
                ObjectNode d = JSON.createObjectNode();
                d.put("category", p.category());
                d.put("family", p.family());
                d.put("gold", p.gold());
                d.put("prediction", p.prediction().length() > 300 ? "…" + p.prediction().substring(p.prediction().length() - 300)
                        : p.prediction());
                d.put("ours", ours[i]);
                d.put("mathVerify", mv[i]);
                d.put("label", p.label());
                if (p.reason() != null) {
                    d.put("reason", p.reason());
                }
                out.println(JSON.writeValueAsString(JSON.createObjectNode().set("disagreement", d)));
            }
        }
        ObjectNode r = JSON.createObjectNode();
        r.put("corpus", corpus.toString());
        r.put("pairs", pairs.size());
        r.put("reference", reference == null ? "stored verdicts" : reference);
        ObjectNode cats = r.putObject("categories");
        for (Map.Entry<String, int[]> e : perCategory.entrySet()) {
            int[] c = e.getValue();
            ObjectNode o = cats.putObject(e.getKey());
            o.put("pairs", c[0]);
            o.put("agreeWithMathVerify", pct(c[1], c[0]));
            o.put("agreeWithLabel", pct(c[2], c[0]));
            o.put("mathVerifyAgreesWithLabel", pct(c[3], c[0]));
            o.put("agreeWithMathVerifyWhereItIsRight", pct(c[4], c[3]));
        }
        double oursPerSecond = pairs.size() / oursSeconds;
        r.put("oursAnswersPerSecond", Math.round(oursPerSecond));
        if (mvPerSecond != null) {
            r.put("mathVerifyAnswersPerSecond", Math.round(mvPerSecond * 10) / 10.0);
            r.put("speedup", Math.round(oursPerSecond / mvPerSecond));
        }
        r.put("threads", 1);
        out.println(JSON.writeValueAsString(r));
        out.flush();
        return 0;
    }

    private static double pct(int part, int whole) {
        return whole == 0 ? 0 : Math.round(10000.0 * part / whole) / 100.0;
    }

    /** Runs the reference over the pairs (stdin JSONL), fills {@code mv}, returns its answers per second. */
    private static double runReference(String command, Path corpus, List<CorpusPair> pairs, Boolean[] mv,
                                       PrintStream err) throws IOException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Thread feeder = new Thread(() -> {
            try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8))) {
                for (CorpusPair p : pairs) {
                    ObjectNode o = JSON.createObjectNode();
                    o.put("gold", p.gold());
                    o.put("prediction", p.prediction());
                    if (p.text()) {
                        o.put("text", true);
                    }
                    w.write(JSON.writeValueAsString(o));
                    w.newLine();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "grade-diff-feeder");
        feeder.start();
        Double perSecond = null;
        int n = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                JsonNode o = JSON.readTree(line);
                if (o.has("summary")) {
                    perSecond = o.get("summary").get("answersPerSecond").asDouble();
                } else if (n < mv.length) {
                    mv[n++] = o.get("mv").asBoolean();
                }
            }
        }
        try {
            int exit = process.waitFor();
            feeder.join();
            if (exit != 0 || n != pairs.size() || perSecond == null) {
                throw new IllegalArgumentException("reference " + command + " exited " + exit + " after " + n + " of "
                        + pairs.size() + " verdicts (build it with tools/math-verify/build.sh)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("interrupted");
        }
        return perSecond;
    }

    /** The corpus's pairs, from JSONL, gzipped when the name ends in {@code .gz}. */
    static List<CorpusPair> read(Path corpus) throws IOException {
        try (InputStream in = Files.newInputStream(corpus)) {
            return read(corpus.toString().endsWith(".gz") ? new GZIPInputStream(in) : in);
        }
    }

    static List<CorpusPair> read(InputStream in) throws IOException {
        List<CorpusPair> pairs = new ArrayList<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode o = JSON.readTree(line);
            JsonNode mv = o.get("mv");
            pairs.add(new CorpusPair(o.path("source").asText(), o.path("category").asText(), o.path("family").asText(),
                    o.get("gold").asText(), o.get("prediction").asText(), o.path("text").asBoolean(false),
                    o.get("label").asBoolean(), mv == null || mv.isNull() ? null : mv.asBoolean(),
                    o.hasNonNull("reason") ? o.get("reason").asText() : null));
        }
        return pairs;
    }
}

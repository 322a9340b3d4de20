package dev.stresslab.analytics.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Not a timed test: how long the pure analyses take over ReportBenchmark's 100,000-slot run shape (4,000 questions,
 * levels 1, 3, 5, 7, 9), with no database, so the exact report's time can be split into reading and computing.
 * Runs only with {@code -Dtest=AnalysisComputeBenchmark -Dbench=true}; prints p50 / p95 per step.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class AnalysisComputeBenchmark {
    static final int QUESTIONS = 4000;
    static final int ROUNDS = Integer.getInteger("bench.rounds", 30);

    @Test
    void analysesOfAHundredThousandSlots() {
        List<Slot> slots = slots();
        assertEquals(100_000, slots.size());
        // MATH500-like tags: seven subjects, difficulty levels 1 to 5
        Map<String, QuestionTagBreakdown.QuestionTags> tags = new java.util.HashMap<>();
        String[] subjects = {"Algebra", "Counting & Probability", "Geometry", "Intermediate Algebra", "Number Theory",
                "Prealgebra", "Precalculus"};
        for (int q = 0; q < QUESTIONS; q++) {
            tags.put("q" + q, new QuestionTagBreakdown.QuestionTags(subjects[q % 7], 1 + q % 5));
        }
        System.out.printf("%n%-40s %9s %9s%n", "step (" + ROUNDS + " rounds after 5 warm-ups)", "p50 ms", "p95 ms");
        time("positions", () -> StressAnalysis.positions(slots));
        time("tokenBoxes", () -> StressAnalysis.tokenBoxes(slots));
        time("adaptiveEffort", () -> StressAnalysis.adaptiveEffort(slots));
        time("overthinking", () -> StressAnalysis.overthinking(slots));
        time("breakdown", () -> StressAnalysis.breakdown(slots));
        time("LabelAwareReading", () -> LabelAwareReading.of(slots));
        time("QuestionTagBreakdown", () -> QuestionTagBreakdown.of(slots, tags));
        time("llmExtraction", () -> StressAnalysis.llmExtraction(slots));
        time("RunCounts.of", () -> ClusteredEstimate.RunCounts.of(slots));
        ClusteredEstimate.RunCounts counts = ClusteredEstimate.RunCounts.of(slots);
        time("Headline.ofCounts", () -> Headline.ofCounts(List.of(counts)));
        time("the analysis as ReportService.analyze", () -> {
            ClusteredEstimate.RunCounts all = ClusteredEstimate.RunCounts.of(slots);
            return List.of(StressAnalysis.positions(slots), StressAnalysis.tokenBoxes(slots),
                    StressAnalysis.adaptiveEffort(slots), StressAnalysis.overthinking(slots),
                    StressAnalysis.breakdown(slots), LabelAwareReading.of(slots, all), QuestionTagBreakdown.of(slots, tags),
                    Headline.ofCounts(List.of(all)));
        });
        time("RunAnalysis of every slot, then result()", () -> RunAnalysis.of(slots, tags).result());
        // a running run's analysis, held: one more output folded in, then finished (what an exact read costs)
        RunAnalysis held = RunAnalysis.of(slots, tags);
        int[] next = {0};
        time("held RunAnalysis: one output more, then result()", () -> {
            int g = QUESTIONS + next[0]++;
            held.addOutputs(List.of(new Slot("q" + g % QUESTIONS, "bench/math500/L1/G" + g + "/S0", 1, 1, 0, true,
                    false, false, false, 2500, "CORRECT", null)), tags);
            return held.result();
        });
        time("held RunAnalysis: counts() alone (the report's)", held::counts);
        // a checkpoint's analysis part (RunningAnalyses gzips it with the prompt ids): written, read back, finished
        byte[][] state = new byte[1][];
        time("held RunAnalysis: write its state", () -> state[0] = held.state());
        time("held RunAnalysis: read its state", () -> read(state[0]));
        time("held RunAnalysis: read its state, then result()", () -> read(state[0]).result());
        System.out.printf("%-40s %,9d bytes%n", "  its state", state[0].length);
        // the parts of result(), each finished from the same folded state
        StressAnalysis.TokenCells cells = new StressAnalysis.TokenCells();
        StressAnalysis.Effort effort = new StressAnalysis.Effort();
        LabelAwareReading.Accumulator label = new LabelAwareReading.Accumulator();
        QuestionTagBreakdown.Accumulator tagged = new QuestionTagBreakdown.Accumulator();
        for (Slot s : slots) {
            cells.add(s);
            effort.add(s);
            label.add(s);
            tagged.add(s, tags.get(s.questionId()));
        }
        label.closeOutputs();
        tagged.closeOutputs();
        ClusteredEstimate.RunCounts positional = held.counts();
        time("  finish: token boxes", cells::finish);
        time("  finish: adaptive effort", effort::finish);
        time("  finish: label-aware reading", () -> label.finish(positional));
        time("  finish: question tags", tagged::finish);
        time("  Headline.ofCounts of the held counts", () -> Headline.ofCounts(List.of(positional)));
        // what holding a running run's analysis costs in memory (RunningAnalyses also keeps its prompt ids)
        long before = usedAfterGc();
        List<RunAnalysis> kept = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            kept.add(RunAnalysis.of(slots, tags));
        }
        long after = usedAfterGc();
        long each = (after - before) / kept.size();
        System.out.printf("%nheld RunAnalysis of %,d slots (4 held): about %,d bytes each (%.0f per slot)%n",
                kept.get(0).slots(), each, (double) each / kept.get(0).slots());
        System.out.println();
    }

    private static RunAnalysis read(byte[] state) {
        try {
            return RunAnalysis.fromState(state);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static void time(String name, Supplier<Object> step) {
        double[] ms = new double[ROUNDS];
        for (int i = -5; i < ROUNDS; i++) {
            long start = System.nanoTime();
            Object out = step.get();
            double took = (System.nanoTime() - start) / 1e6;
            if (out == null && !name.equals("llmExtraction")) {
                throw new AssertionError(name + " returned nothing");
            }
            if (i >= 0) {
                ms[i] = took;
            }
        }
        Arrays.sort(ms);
        System.out.printf("%-40s %9.1f %9.1f%n", name, ms[ROUNDS / 2], ms[(int) Math.ceil(0.95 * ROUNDS) - 1]);
    }

    /** ReportBenchmark's rows, generated in Java: accuracy falls with the level, tokens vary by slot. */
    static List<Slot> slots() {
        List<Slot> out = new ArrayList<>();
        for (int l : new int[]{1, 3, 5, 7, 9}) {
            for (int g = 0; g < QUESTIONS; g++) {
                String prompt = "bench/math500/L" + l + "/G" + g + "/S0";
                boolean failed = g % 97 == 0;
                for (int p = 1; p <= l; p++) {
                    String question = "q" + (p == l ? g : (g + p) % QUESTIONS);
                    boolean correct = !failed && Math.floorMod(g * 7919 + p * 104729 + l * 31 + 5, 100) < 96 - 4 * l;
                    boolean omitted = p == l && g % 50 == 0;
                    Integer tokens = failed ? null : 2500 / l + (g * 31 + p * 17) % 500;
                    out.add(new Slot(question, prompt, l, p, 0, correct, omitted, g % 20 == 0, g % 50 == 0, tokens,
                            correct ? null : "REASONING_ERROR", omitted ? "omitted" : null));
                }
            }
        }
        return out;
    }
}

package dev.stresslab.analytics.domain;

import dev.stresslab.contracts.ErrorCategory;
import org.apache.commons.math3.distribution.TDistribution;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The REST analyses that explain a drop (docs/metrics.md, "Why it drops"), computed from a run's slots: accuracy and
 * reasoning tokens by position, token box plots with Tukey whiskers (the paper's Fig. 6), adaptive effort paired per
 * question (§4.2), tokens of wrong versus right answers within the same question, the error taxonomy (Fig. 5), every
 * diagnostic flag counted, and the label-aware reading next to the positional one (App. C). Positions come from the
 * slots, so a run whose prompts order their questions differently is analysed the same way. Pure.
 */
public final class StressAnalysis {
    /** Name of the taxonomy bucket for slots without a category (score schema 1, failed calls). */
    public static final String UNCLASSIFIED = "UNCLASSIFIED";

    private StressAnalysis() {
    }

    /** One (level, position) cell: accuracy in percent, mean reasoning tokens over the slots that have a count. */
    public record PositionReport(int level, int position, long slots, long correct, double accuracy, Double meanTokens,
                                 long tokenSlots) {
    }

    public static List<PositionReport> positions(List<Slot> slots) {
        Positions p = new Positions();
        slots.forEach(p::add);
        return p.finish();
    }

    /** {@link #positions}, folded slot by slot. */
    static final class Positions {
        /** per cell ({@link #cell}): slots, correct, token sum, slots with a token count */
        private final Map<Long, long[]> cells = new HashMap<>();

        void add(Slot s) {
            long[] c = cells.computeIfAbsent(cell(s), k -> new long[4]);
            c[0]++;
            c[1] += s.correct() ? 1 : 0;
            if (s.reasoningTokens() != null) {
                c[2] += s.reasoningTokens();
                c[3]++;
            }
        }

        void write(FoldState.Writer w) {
            w.varLong(cells.size());
            for (Map.Entry<Long, long[]> e : cells.entrySet()) {
                w.writeLong(e.getKey());
                w.longs(e.getValue());
            }
        }

        void read(FoldState.Reader r) throws IOException {
            for (int i = r.length(); i > 0; i--) {
                cells.put(r.readLong(), r.longs());
            }
        }

        List<PositionReport> finish() {
            List<PositionReport> out = new ArrayList<>();
            new TreeMap<>(cells).forEach((k, c) -> out.add(new PositionReport(level(k), position(k), c[0], c[1],
                    round(100.0 * c[1] / c[0]), c[3] == 0 ? null : round((double) c[2] / c[3]), c[3])));
            return out;
        }
    }

    /** A (level, position) cell as one number, ordered by level, then position. */
    private static long cell(Slot s) {
        return ((long) s.level() << 32) | (s.position() & 0xffffffffL);
    }

    private static int level(long cell) {
        return (int) (cell >> 32);
    }

    private static int position(long cell) {
        return (int) cell;
    }

    /** Reasoning tokens at one (level, position) over every slot with a count (n of them); see {@link TokenBox}. */
    public static List<TokenBox> tokenBoxes(List<Slot> slots) {
        TokenCells t = new TokenCells();
        slots.forEach(t::add);
        return t.finish();
    }

    /**
     * {@link #tokenBoxes}, folded slot by slot: each cell's token counts, sorted in place when the boxes are drawn; a
     * cell nothing was added to since keeps its box (a running run's new results touch a few cells).
     */
    static final class TokenCells {
        private static final class Cell {
            int[] values = new int[16];
            int n;
            TokenBox box; // null when values changed since it was drawn
        }

        private final Map<Long, Cell> cells = new HashMap<>();

        void add(Slot s) {
            if (s.reasoningTokens() == null) {
                return;
            }
            Cell c = cells.computeIfAbsent(cell(s), k -> new Cell());
            if (c.values.length == c.n) {
                c.values = java.util.Arrays.copyOf(c.values, 2 * c.n);
            }
            c.values[c.n++] = s.reasoningTokens();
            c.box = null;
        }

        void write(FoldState.Writer w) {
            w.varLong(cells.size());
            for (Map.Entry<Long, Cell> e : cells.entrySet()) {
                w.writeLong(e.getKey());
                w.ints(e.getValue().values, e.getValue().n);
            }
        }

        void read(FoldState.Reader r) throws IOException {
            for (int i = r.length(); i > 0; i--) {
                long cell = r.readLong();
                Cell c = new Cell();
                c.n = r.length();
                c.values = new int[Math.max(16, c.n)];
                for (int k = 0; k < c.n; k++) {
                    c.values[k] = r.varInt();
                }
                cells.put(cell, c);
            }
        }

        List<TokenBox> finish() {
            List<TokenBox> out = new ArrayList<>();
            new TreeMap<>(cells).forEach((cell, c) -> {
                if (c.box == null) {
                    // sorted before, new values appended: nearly sorted, which the sort merges quickly
                    java.util.Arrays.sort(c.values, 0, c.n);
                    c.box = TokenBox.ofSorted(level(cell), position(cell), c.values, c.n);
                }
                out.add(c.box);
            });
            return out;
        }
    }

    /**
     * The paper's adaptive reasoning effort at one level s > 1: the reasoning tokens a question gets at position 1 of
     * a stressed prompt against the tokens the same question gets alone (level 1), paired per question (REST's
     * cyclic grouping puts every question first once). Each side is the question's mean over its usable slots
     * (samples pooled); a slot is unusable when its token count is unknown, its output was truncated, or its output
     * omitted a question (counted in that order of precedence). {@code difference} = mean over questions of
     * (first − alone), negative when the model spends less on a question it meets first under stress; its 95 %
     * interval is Student's t over the paired questions (each question is its own cluster; the outputs on each side
     * are distinct). {@code ratio} = meanFirst / meanAlone in percent. {@code unpairedQuestions}: questions met at
     * position 1 that could not be paired (no usable slot on one side).
     */
    public record AdaptiveEffort(int level, long questions, Double meanAlone, Double meanFirst, Double difference,
                                 Double ciLow, Double ciHigh, Double ratio, long excludedUnknownTokens,
                                 long excludedTruncated, long excludedOmission, long unpairedQuestions) {
    }

    public static List<AdaptiveEffort> adaptiveEffort(List<Slot> slots) {
        Effort e = new Effort();
        slots.forEach(e::add);
        return e.finish();
    }

    /** {@link #adaptiveEffort}, folded slot by slot. */
    static final class Effort {
        private final Map<String, double[]> alone = new HashMap<>();
        private final Map<Integer, Map<String, double[]>> first = new TreeMap<>();
        private final Map<Integer, long[]> excluded = new TreeMap<>();
        private final Map<Integer, java.util.Set<String>> seenFirst = new TreeMap<>();

        void add(Slot s) {
            if (s.level() > 1 && s.position() != 1) {
                return;
            }
            if (s.level() > 1) {
                seenFirst.computeIfAbsent(s.level(), l -> new java.util.HashSet<>()).add(s.questionId());
            }
            long[] ex = s.level() > 1 ? excluded.computeIfAbsent(s.level(), l -> new long[3]) : new long[3];
            if (s.reasoningTokens() == null) {
                ex[0]++;
            } else if (s.truncated()) {
                ex[1]++;
            } else if (s.omittedInPrompt()) {
                ex[2]++;
            } else {
                Map<String, double[]> side = s.level() == 1 ? alone : first.computeIfAbsent(s.level(), l -> new HashMap<>());
                double[] sum = side.computeIfAbsent(s.questionId(), q -> new double[2]);
                sum[0] += s.reasoningTokens();
                sum[1]++;
            }
            if (s.level() > 1) {
                first.computeIfAbsent(s.level(), l -> new HashMap<>());
            }
        }

        void write(FoldState.Writer w) {
            w.stringDoubles(alone);
            w.varLong(first.size());
            for (Map.Entry<Integer, Map<String, double[]>> e : first.entrySet()) {
                w.varLong(e.getKey());
                w.stringDoubles(e.getValue());
            }
            w.varLong(excluded.size());
            for (Map.Entry<Integer, long[]> e : excluded.entrySet()) {
                w.varLong(e.getKey());
                w.longs(e.getValue());
            }
            w.varLong(seenFirst.size());
            for (Map.Entry<Integer, java.util.Set<String>> e : seenFirst.entrySet()) {
                w.varLong(e.getKey());
                w.varLong(e.getValue().size());
                for (String q : e.getValue()) {
                    w.string(q);
                }
            }
        }

        void read(FoldState.Reader r) throws IOException {
            r.stringDoubles(alone);
            for (int i = r.length(); i > 0; i--) {
                r.stringDoubles(first.computeIfAbsent(r.varInt(), l -> new HashMap<>()));
            }
            for (int i = r.length(); i > 0; i--) {
                excluded.put(r.varInt(), r.longs());
            }
            for (int i = r.length(); i > 0; i--) {
                java.util.Set<String> seen = seenFirst.computeIfAbsent(r.varInt(), l -> new java.util.HashSet<>());
                for (int k = r.length(); k > 0; k--) {
                    seen.add(r.string());
                }
            }
        }

        List<AdaptiveEffort> finish() {
            List<AdaptiveEffort> out = new ArrayList<>();
            first.forEach((level, byQuestion) -> {
                List<double[]> pairs = new ArrayList<>();
                byQuestion.forEach((q, f) -> {
                    double[] a = alone.get(q);
                    if (a != null) {
                        pairs.add(new double[]{a[0] / a[1], f[0] / f[1]});
                    }
                });
                long[] ex = excluded.getOrDefault(level, new long[3]);
                long unpaired = seenFirst.getOrDefault(level, java.util.Set.of()).size() - pairs.size();
                if (pairs.isEmpty()) {
                    out.add(new AdaptiveEffort(level, 0, null, null, null, null, null, null, ex[0], ex[1], ex[2], unpaired));
                    return;
                }
                double[] diffs = pairs.stream().mapToDouble(p -> p[1] - p[0]).toArray();
                double meanAlone = pairs.stream().mapToDouble(p -> p[0]).average().orElse(0);
                double meanFirst = pairs.stream().mapToDouble(p -> p[1]).average().orElse(0);
                double[] ci = meanInterval(diffs);
                out.add(new AdaptiveEffort(level, pairs.size(), round(meanAlone), round(meanFirst), round(ci[0]),
                        ci.length > 1 ? round(ci[1]) : null, ci.length > 1 ? round(ci[2]) : null,
                        meanAlone == 0 ? null : round(100 * meanFirst / meanAlone), ex[0], ex[1], ex[2], unpaired));
            });
            return out;
        }
    }

    /**
     * Over-thinking, redefined (the right-vs-wrong token means it replaces could point the wrong way): at one level,
     * for every question with at least one wrong and one right usable slot (token count known, not omitted, output not
     * truncated), the question's mean tokens when wrong minus its mean tokens when right; {@code difference} is the
     * mean over those questions, with a Student's t interval over them. Positive means the model spent more on a
     * question when it got it wrong. Our addition: the paper shows over-thinking on examples (§4.3), not as a number.
     */
    public record Overthinking(int level, long questions, Double difference, Double ciLow, Double ciHigh) {
    }

    public static List<Overthinking> overthinking(List<Slot> slots) {
        Overthink o = new Overthink();
        slots.forEach(o::add);
        return o.finish();
    }

    /** {@link #overthinking}, folded slot by slot. */
    static final class Overthink {
        private final Map<Integer, Map<String, double[]>> byLevel = new TreeMap<>();

        void add(Slot s) {
            Map<String, double[]> level = byLevel.computeIfAbsent(s.level(), l -> new HashMap<>());
            if (s.reasoningTokens() == null || s.omitted() || s.truncated()) {
                return;
            }
            // {wrong sum, wrong n, right sum, right n}
            double[] q = level.computeIfAbsent(s.questionId(), k -> new double[4]);
            int at = s.correct() ? 2 : 0;
            q[at] += s.reasoningTokens();
            q[at + 1]++;
        }

        void write(FoldState.Writer w) {
            w.varLong(byLevel.size());
            for (Map.Entry<Integer, Map<String, double[]>> e : byLevel.entrySet()) {
                w.varLong(e.getKey());
                w.stringDoubles(e.getValue());
            }
        }

        void read(FoldState.Reader r) throws IOException {
            for (int i = r.length(); i > 0; i--) {
                r.stringDoubles(byLevel.computeIfAbsent(r.varInt(), l -> new HashMap<>()));
            }
        }

        List<Overthinking> finish() {
            List<Overthinking> out = new ArrayList<>();
            byLevel.forEach((level, questions) -> {
                double[] diffs = questions.values().stream().filter(q -> q[1] > 0 && q[3] > 0)
                        .mapToDouble(q -> q[0] / q[1] - q[2] / q[3]).toArray();
                if (diffs.length == 0) {
                    out.add(new Overthinking(level, 0, null, null, null));
                    return;
                }
                double[] ci = meanInterval(diffs);
                out.add(new Overthinking(level, diffs.length, round(ci[0]), ci.length > 1 ? round(ci[1]) : null,
                        ci.length > 1 ? round(ci[2]) : null));
            });
            return out;
        }
    }

    /**
     * Per level: slots per {@link ErrorCategory} (declaration order = precedence, the paper's Fig. 5) and
     * {@link #UNCLASSIFIED} for slots without one; every diagnostic flag the scorer set, counted by name (new flags
     * are counted as they appear); and the label-aware reading's accuracy (App. C): the positional verdicts with
     * {@code label-aware-correct} slots counted right and {@code label-aware-wrong} slots counted wrong.
     */
    public record LevelBreakdown(int level, long slots, Map<String, Long> errorCategories, Map<String, Long> flags,
                                 double accuracy, double labelAwareAccuracy, long labelAwareChanged) {
    }

    public static List<LevelBreakdown> breakdown(List<Slot> slots) {
        Breakdown b = new Breakdown();
        slots.forEach(b::add);
        return b.finish();
    }

    /** {@link #breakdown}, folded slot by slot. */
    static final class Breakdown {
        private static final class Level {
            final Map<String, Long> categories = new LinkedHashMap<>();
            final Map<String, Long> flags = new TreeMap<>();
            long slots;
            long correct;
            long labelCorrect;
            long changed;

            Level() {
                Arrays.stream(ErrorCategory.values()).forEach(c -> categories.put(c.name(), 0L));
                categories.put(UNCLASSIFIED, 0L);
            }
        }

        private final Map<Integer, Level> byLevel = new TreeMap<>();

        void add(Slot s) {
            Level l = byLevel.computeIfAbsent(s.level(), k -> new Level());
            l.slots++;
            l.categories.merge(s.errorCategory() == null ? UNCLASSIFIED : s.errorCategory(), 1L, Long::sum);
            s.flagList().forEach(f -> l.flags.merge(f, 1L, Long::sum));
            l.correct += s.correct() ? 1 : 0;
            boolean labelRight = LabelAwareReading.correct(s);
            l.labelCorrect += labelRight ? 1 : 0;
            l.changed += labelRight != s.correct() ? 1 : 0;
        }

        void write(FoldState.Writer w) {
            w.varLong(byLevel.size());
            for (Map.Entry<Integer, Level> e : byLevel.entrySet()) {
                Level l = e.getValue();
                w.varLong(e.getKey());
                w.stringCounts(l.categories);
                w.stringCounts(l.flags);
                w.longs(new long[]{l.slots, l.correct, l.labelCorrect, l.changed});
            }
        }

        void read(FoldState.Reader r) throws IOException {
            for (int i = r.length(); i > 0; i--) {
                Level l = byLevel.computeIfAbsent(r.varInt(), k -> new Level());
                r.stringCounts(l.categories); // known categories keep their order, others follow as written
                r.stringCounts(l.flags);
                long[] c = r.counts(4, "a level's breakdown");
                l.slots = c[0];
                l.correct = c[1];
                l.labelCorrect = c[2];
                l.changed = c[3];
            }
        }

        List<LevelBreakdown> finish() {
            List<LevelBreakdown> out = new ArrayList<>();
            byLevel.forEach((level, l) -> out.add(new LevelBreakdown(level, l.slots, new LinkedHashMap<>(l.categories),
                    new TreeMap<>(l.flags), round(100.0 * l.correct / l.slots), round(100.0 * l.labelCorrect / l.slots),
                    l.changed)));
            return out;
        }
    }

    /**
     * How an LLM extractor's reading (the headline, as REST grades GPQA) agrees with the rule-based one, from the
     * scorer's flags: {@code llm-extracted} slots were read by the LLM, {@code llm-reading-differs} ones got the other
     * verdict from the rules, {@code llm-extract-failed} ones kept the rule-based reading. Accuracies are over the
     * LLM-read slots. Null when no slot of the run went to an extractor.
     */
    public record LlmExtraction(long slots, long agree, double agreement, double llmAccuracy, double ruleAccuracy,
                                long failed) {
    }

    public static LlmExtraction llmExtraction(List<Slot> slots) {
        LlmCounts c = new LlmCounts();
        slots.forEach(c::add);
        return c.finish();
    }

    /** {@link #llmExtraction}, folded slot by slot. */
    static final class LlmCounts {
        private long read;
        private long agree;
        private long llmCorrect;
        private long ruleCorrect;
        private long failed;

        void add(Slot s) {
            if (s.flags() == null) {
                return;
            }
            if (s.hasFlag("llm-extract-failed")) {
                failed++;
            } else if (s.hasFlag("llm-extracted")) {
                read++;
                boolean differs = s.hasFlag("llm-reading-differs");
                agree += differs ? 0 : 1;
                llmCorrect += s.correct() ? 1 : 0;
                ruleCorrect += s.correct() != differs ? 1 : 0;
            }
        }

        void write(FoldState.Writer w) {
            w.longs(new long[]{read, agree, llmCorrect, ruleCorrect, failed});
        }

        void read(FoldState.Reader r) throws IOException {
            long[] c = r.counts(5, "the LLM extraction");
            read = c[0];
            agree = c[1];
            llmCorrect = c[2];
            ruleCorrect = c[3];
            failed = c[4];
        }

        LlmExtraction finish() {
            if (read == 0 && failed == 0) {
                return null;
            }
            return new LlmExtraction(read, agree, read == 0 ? 0 : round(100.0 * agree / read),
                    read == 0 ? 0 : round(100.0 * llmCorrect / read), read == 0 ? 0 : round(100.0 * ruleCorrect / read),
                    failed);
        }
    }

    /** {mean} for one value, else {mean, low, high}: the 95 % Student's t interval of the mean. */
    static double[] meanInterval(double[] values) {
        int n = values.length;
        double mean = Arrays.stream(values).average().orElse(0);
        if (n < 2) {
            return new double[]{mean};
        }
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double half = new TDistribution(null, n - 1).inverseCumulativeProbability(0.975) * Math.sqrt(ss / (n - 1) / n);
        return new double[]{mean, mean - half, mean + half};
    }

    private static double round(double v) {
        return Math.round(v * 10000.0) / 10000.0;
    }
}

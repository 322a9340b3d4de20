package dev.stresslab.analytics.domain;

import org.apache.commons.math3.distribution.TDistribution;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * Estimates that are linear combinations of per-level accuracies of one or more runs, with a two-way cluster-robust
 * variance (Cameron, Gelbach and Miller 2011): slots share a question (the same question at every level, position,
 * sample and, in a comparison, in both runs) and an output (the s questions of one prompt's output). Each slot i gets
 * its influence ψ_i = w · a_l · (y_i − A_l) / n_l, where A_l is its run's accuracy at level l over n_l slots, a_l the
 * level's coefficient in the statistic and w the run's weight; then
 * V = Σ_questions (Σ ψ)² + Σ_outputs (Σ ψ)² − Σ_slots ψ², each sum with its small-sample factor G / (G − 1), and
 * the largest of the three when V is not positive. With G the smaller of the two cluster counts, the 95 % interval
 * is estimate ± t(0.975, G − 1) · √V and the p-value of "estimate = 0" is two-sided against Student's t with G − 1
 * degrees of freedom (Cameron, Gelbach and Miller's small-sample advice). docs/metrics.md gives the derivation and the simulation that checks it. Pure.
 */
public final class ClusteredEstimate {
    private ClusteredEstimate() {
    }

    /**
     * An estimate in the statistic's unit (percent or points), its standard error, 95 % interval and the two-sided
     * p-value of "it is 0"; the last four are null for a point value without an interval.
     */
    public record Estimate(double value, Double standardError, Double ciLow, Double ciHigh, Double pValue) {
        /** @param clusters the smaller cluster count G; the reference distribution is Student's t with G − 1 df */
        static Estimate of(double value, double variance, int clusters) {
            double se = Math.sqrt(Math.max(variance, 0));
            if (clusters < 2 || se == 0) {
                return new Estimate(value, se, value, value, value == 0 ? 1.0 : 0.0);
            }
            TDistribution t = new TDistribution(null, clusters - 1);
            double half = t.inverseCumulativeProbability(0.975) * se;
            double p = 2 * t.cumulativeProbability(-Math.abs(value) / se);
            return new Estimate(value, se, value - half, value + half, p);
        }

        /** A value without an interval. */
        public static Estimate point(double value) {
            return new Estimate(round2(value), null, null, null, null);
        }

        public Estimate rounded() {
            return new Estimate(round2(value), standardError == null ? null : round2(standardError),
                    ciLow == null ? null : round2(ciLow), ciHigh == null ? null : round2(ciHigh),
                    pValue == null ? null : Math.round(pValue * 1e6) / 1e6);
        }
    }

    /** A run's slot counts and its weight in the combination (1 for one run, ±1 for a difference, 1/R for a mean). */
    public record WeightedRun(RunCounts counts, double weight) {
        public WeightedRun(List<Slot> slots, double weight) {
            this(RunCounts.of(slots), weight);
        }
    }

    /**
     * What the variance needs of a run, counted once: per level n and correct, per (question, level) and per output
     * the same counts. The estimates then cost one pass over the clusters, not over the slots.
     */
    public static final class RunCounts {
        final int[] levels;
        final long[] slots;
        final long[] correct;
        /** omitted slots per level: not used by the variance, but the report's tallies take them from here */
        final long[] omitted;
        /** per question: {n, correct} for each level index */
        final Map<String, long[]> questions;
        /** per output shape: {level index, n, correct, how many outputs have it} */
        final List<long[]> outputs = new ArrayList<>();

        private RunCounts(int[] levels) {
            this(levels, 16);
        }

        private RunCounts(int[] levels, int questions) {
            this.levels = levels;
            this.questions = new HashMap<>(Math.max(16, questions * 4 / 3 + 1));
            this.slots = new long[levels.length];
            this.correct = new long[levels.length];
            this.omitted = new long[levels.length];
        }

        public static RunCounts of(List<Slot> slots) {
            return of(slots, Slot::correct);
        }

        /** The same counts with another reading's verdicts ({@code correct}), e.g. the label-aware one. */
        public static RunCounts of(List<Slot> slots, java.util.function.Predicate<Slot> correct) {
            Builder b = new Builder(correct);
            slots.forEach(b::add);
            return b.build();
        }

        /**
         * RunCounts folded slot by slot, so a running run's counts grow with its new results instead of being made
         * again from all of them (analytics' RunningAnalyses). Per question and level: slots and correct ones; per
         * output: its slots and correct ones while it is open, then only its shape (level, slots, correct) once
         * {@link #closeOutputs} says no more of its slots will come (a prompt's slots are stored together). Not
         * thread-safe.
         */
        public static final class Builder {
            private final java.util.function.Predicate<Slot> correct;
            /** per level (index = level): slots, correct, omitted */
            private long[] slots = new long[10];
            private long[] right = new long[10];
            private long[] omitted = new long[10];
            /** per question: {n, correct} per level (index 2·level, 2·level + 1), grown as levels appear */
            private final Map<String, long[]> questions = new HashMap<>();
            /** outputs whose slots may still come: {level, n, correct} */
            private final Map<String, long[]> open = new HashMap<>();
            /** closed outputs by shape (level, n, correct) -> how many */
            private final Map<List<Long>, Long> shapes = new HashMap<>();
            private String lastOutput;
            private long[] last;

            public Builder() {
                this(Slot::correct);
            }

            public Builder(java.util.function.Predicate<Slot> correct) {
                this.correct = correct;
            }

            public void add(Slot s) {
                int l = s.level();
                if (l >= slots.length) {
                    int n = Math.max(l + 1, 2 * slots.length);
                    slots = java.util.Arrays.copyOf(slots, n);
                    right = java.util.Arrays.copyOf(right, n);
                    omitted = java.util.Arrays.copyOf(omitted, n);
                }
                int y = correct.test(s) ? 1 : 0;
                slots[l]++;
                right[l] += y;
                omitted[l] += s.omitted() ? 1 : 0;
                long[] q = questions.get(s.questionId());
                if (q == null || q.length <= 2 * l + 1) {
                    long[] grown = new long[Math.max(2 * l + 2, q == null ? 0 : q.length)];
                    if (q != null) {
                        System.arraycopy(q, 0, grown, 0, q.length);
                    }
                    questions.put(s.questionId(), grown);
                    q = grown;
                }
                q[2 * l]++;
                q[2 * l + 1] += y;
                // a prompt's slots usually come one after another: look its output up only when it changes
                if (last == null || !s.outputId().equals(lastOutput)) {
                    lastOutput = s.outputId();
                    last = open.computeIfAbsent(lastOutput, x -> new long[]{l, 0, 0});
                }
                last[1]++;
                last[2] += y;
            }

            /** The open outputs are complete: keep only their shapes. */
            public void closeOutputs() {
                open.values().forEach(o -> shapes.merge(List.of(o[0], o[1], o[2]), 1L, Long::sum));
                open.clear();
                lastOutput = null;
                last = null;
            }

            /** Writes what was added (every output closed: a held analysis is written between folds). */
            void write(FoldState.Writer w) {
                if (!open.isEmpty()) {
                    throw new IllegalStateException("outputs still open");
                }
                w.longs(slots);
                w.longs(right);
                w.longs(omitted);
                w.stringLongs(questions);
                w.varLong(shapes.size());
                for (Map.Entry<List<Long>, Long> e : shapes.entrySet()) {
                    for (long v : e.getKey()) {
                        w.varLong(v);
                    }
                    w.varLong(e.getValue());
                }
            }

            /** Reads what {@link #write} wrote into this empty builder. */
            void read(FoldState.Reader r) throws java.io.IOException {
                slots = r.longs();
                right = r.longs();
                omitted = r.longs();
                if (right.length != slots.length || omitted.length != slots.length) {
                    throw new java.io.IOException("per-level counts of different lengths");
                }
                r.stringLongs(questions);
                for (int i = r.length(); i > 0; i--) {
                    shapes.put(List.of(r.varLong(), r.varLong(), r.varLong()), r.varLong());
                }
            }

            /** Slots added so far. */
            public long size() {
                long n = 0;
                for (long v : slots) {
                    n += v;
                }
                return n;
            }

            /** The counts of every slot added (open outputs included). */
            public RunCounts build() {
                int k = 0;
                int[] index = new int[slots.length];
                for (int l = 0; l < slots.length; l++) {
                    if (slots[l] > 0) {
                        index[l] = k++;
                    }
                }
                int[] levels = new int[k];
                for (int l = 0; l < slots.length; l++) {
                    if (slots[l] > 0) {
                        levels[index[l]] = l;
                    }
                }
                RunCounts counts = new RunCounts(levels, questions.size());
                for (int i = 0; i < k; i++) {
                    counts.slots[i] = slots[levels[i]];
                    counts.correct[i] = right[levels[i]];
                    counts.omitted[i] = omitted[levels[i]];
                }
                questions.forEach((id, q) -> {
                    long[] c = new long[2 * levels.length];
                    for (int i = 0; i < levels.length; i++) {
                        int l = levels[i];
                        if (2 * l + 1 < q.length) {
                            c[2 * i] = q[2 * l];
                            c[2 * i + 1] = q[2 * l + 1];
                        }
                    }
                    counts.questions.put(id, c);
                });
                shapes.forEach((shape, n) -> counts.outputs.add(new long[]{index[shape.get(0).intValue()], shape.get(1),
                        shape.get(2), n}));
                open.values().forEach(o -> counts.outputs.add(new long[]{index[(int) o[0]], o[1], o[2], 1}));
                return counts;
            }
        }

        /** A question's slots, correct and omitted ones at one level. */
        public record QuestionCount(String questionId, int level, long slots, long correct, long omitted) {
            public QuestionCount(String questionId, int level, long slots, long correct) {
                this(questionId, level, slots, correct, 0);
            }
        }

        /** How many outputs at a level have this many slots and correct ones (an output's influence depends on no more). */
        public record OutputShape(int level, long slots, long correct, long outputs) {
        }

        /** The same counts from grouped queries, so the database does the pass over the slots. */
        public static RunCounts fromAggregates(List<QuestionCount> questions, List<OutputShape> outputs) {
            int[] levels = questions.stream().mapToInt(QuestionCount::level).distinct().sorted().toArray();
            Map<Integer, Integer> index = new HashMap<>();
            for (int i = 0; i < levels.length; i++) {
                index.put(levels[i], i);
            }
            RunCounts counts = new RunCounts(levels);
            for (QuestionCount q : questions) {
                int li = index.get(q.level());
                counts.slots[li] += q.slots();
                counts.correct[li] += q.correct();
                counts.omitted[li] += q.omitted();
                long[] c = counts.questions.computeIfAbsent(q.questionId(), k -> new long[2 * levels.length]);
                c[2 * li] += q.slots();
                c[2 * li + 1] += q.correct();
            }
            for (OutputShape o : outputs) {
                Integer li = index.get(o.level());
                if (li != null) {
                    counts.outputs.add(new long[]{li, o.slots(), o.correct(), o.outputs()});
                }
            }
            return counts;
        }

        public boolean isEmpty() {
            return levels.length == 0;
        }

        /** Slots, correct and omitted slots at one level ({0, 0, 0} when the run has none there). */
        public long[] levelTotals(int level) {
            for (int i = 0; i < levels.length; i++) {
                if (levels[i] == level) {
                    return new long[]{slots[i], correct[i], omitted[i]};
                }
            }
            return new long[3];
        }
    }

    /**
     * The statistic of one run: given its per-level accuracies (fractions), the coefficient of each level (a
     * level left out of the map has coefficient 0) and the value is Σ a_l · A_l, or, for a ratio, the statistic
     * supplies its linearised coefficients and its own value.
     */
    public interface Statistic extends BiFunction<Map<Integer, Double>, Map<Integer, Double>, Double> {
        /**
         * @param accuracy     per-level accuracy of the run (fraction)
         * @param coefficients filled with each level's coefficient (the derivative of the statistic by A_l)
         * @return the statistic's value for this run, or null when the run lacks a level it needs
         */
        @Override
        Double apply(Map<Integer, Double> accuracy, Map<Integer, Double> coefficients);
    }

    /** Accuracy at one level. */
    public static Statistic level(int level) {
        return (acc, coef) -> {
            if (!acc.containsKey(level)) {
                return null;
            }
            coef.put(level, 1.0);
            return acc.get(level);
        };
    }

    /** REST's Single: accuracy at level 1. */
    public static final Statistic SINGLE = level(1);

    /** REST's Stress: the unweighted mean of the per-level accuracies over the levels above 1. */
    public static final Statistic STRESS = (acc, coef) -> {
        List<Integer> stressed = acc.keySet().stream().filter(l -> l > 1).toList();
        if (stressed.isEmpty()) {
            return null;
        }
        double sum = 0;
        for (int l : stressed) {
            coef.put(l, 1.0 / stressed.size());
            sum += acc.get(l);
        }
        return sum / stressed.size();
    };

    /** Single − Stress. */
    public static final Statistic DROP = (acc, coef) -> {
        Map<Integer, Double> s = new HashMap<>();
        Double stress = STRESS.apply(acc, s);
        if (stress == null || !acc.containsKey(1)) {
            return null;
        }
        s.forEach((l, a) -> coef.put(l, -a));
        coef.put(1, 1.0);
        return acc.get(1) - stress;
    };

    /** Stress / Single (retention), linearised: d(S/A1) = dS / A1 − (S / A1²) dA1. */
    public static final Statistic RETENTION = (acc, coef) -> {
        Map<Integer, Double> s = new HashMap<>();
        Double stress = STRESS.apply(acc, s);
        Double single = acc.get(1);
        if (stress == null || single == null || single == 0) {
            return null;
        }
        s.forEach((l, a) -> coef.put(l, a / single));
        coef.put(1, -stress / (single * single));
        return stress / single;
    };

    /**
     * Σ_r w_r · statistic(run r), in percent (accuracies are scaled by 100), with its two-way clustered variance.
     * Null when a run lacks a level the statistic needs.
     */
    public static Estimate estimate(List<WeightedRun> runs, Statistic statistic) {
        double value = 0;
        boolean single = runs.size() == 1;
        Map<String, Double> byQuestion = new HashMap<>();
        double questionSquares = 0;
        int questionClusters = 0;
        double outputSquares = 0;
        long outputs = 0;
        double slotSquares = 0;
        long slots = 0;
        for (WeightedRun run : runs) {
            RunCounts rc = run.counts();
            int k = rc.levels.length;
            Map<Integer, Double> accuracy = new TreeMap<>();
            double[] a = new double[k];
            for (int i = 0; i < k; i++) {
                a[i] = (double) rc.correct[i] / rc.slots[i];
                accuracy.put(rc.levels[i], a[i]);
            }
            Map<Integer, Double> coefficients = new HashMap<>();
            Double v = statistic.apply(accuracy, coefficients);
            if (v == null) {
                return null;
            }
            value += run.weight() * v;
            // the influence of one slot at level i is scale[i] · (y − A_i)
            double[] scale = new double[k];
            boolean[] used = new boolean[k];
            for (int i = 0; i < k; i++) {
                double coefficient = coefficients.getOrDefault(rc.levels[i], 0.0);
                used[i] = coefficient != 0;
                scale[i] = run.weight() * coefficient / rc.slots[i];
                if (used[i]) {
                    long right = rc.correct[i];
                    long wrong = rc.slots[i] - right;
                    slotSquares += scale[i] * scale[i] * (right * (1 - a[i]) * (1 - a[i]) + wrong * a[i] * a[i]);
                    slots += rc.slots[i];
                }
            }
            for (Map.Entry<String, long[]> q : rc.questions.entrySet()) {
                long[] c = q.getValue();
                double sum = 0;
                boolean any = false;
                for (int i = 0; i < k; i++) {
                    if (used[i] && c[2 * i] > 0) {
                        sum += scale[i] * (c[2 * i + 1] - a[i] * c[2 * i]);
                        any = true;
                    }
                }
                if (!any) {
                    continue;
                }
                if (single) {
                    questionSquares += sum * sum; // one run: each question's sum is complete here
                    questionClusters++;
                } else {
                    byQuestion.merge(q.getKey(), sum, Double::sum);
                }
            }
            for (long[] o : rc.outputs) {
                int i = (int) o[0];
                if (used[i]) {
                    double sum = scale[i] * (o[2] - a[i] * o[1]);
                    outputSquares += o[3] * sum * sum;
                    outputs += o[3];
                }
            }
        }
        if (!single) {
            for (double sum : byQuestion.values()) {
                questionSquares += sum * sum;
            }
            questionClusters = byQuestion.size();
        }
        double vq = questionClusters < 2 ? 0 : questionSquares * questionClusters / (questionClusters - 1);
        double vo = outputs > 1 ? outputSquares * outputs / (outputs - 1) : 0;
        double vs = slots > 1 ? slotSquares * slots / (slots - 1) : 0;
        double variance = vq + vo - vs;
        if (variance <= 0) {
            // degenerate (e.g. every question's and output's residuals cancel): the largest one-way variance,
            // and never less than the slots' own
            variance = Math.max(vs, Math.max(vq, vo));
        }
        return Estimate.of(100 * value, 100 * 100 * variance, (int) Math.min(questionClusters, outputs));
    }

    /** One run's statistic. */
    public static Estimate of(List<Slot> slots, Statistic statistic) {
        return slots.isEmpty() ? null : estimate(List.of(new WeightedRun(slots, 1)), statistic);
    }

    /** One run's statistic from counts made once. */
    public static Estimate of(RunCounts counts, Statistic statistic) {
        return counts.isEmpty() ? null : estimate(List.of(new WeightedRun(counts, 1)), statistic);
    }

    /** The mean of a statistic over runs, question clusters shared between runs. */
    public static Estimate mean(List<List<Slot>> runs, Statistic statistic) {
        List<WeightedRun> weighted = new ArrayList<>();
        runs.forEach(r -> weighted.add(new WeightedRun(r, 1.0 / runs.size())));
        return runs.isEmpty() ? null : estimate(weighted, statistic);
    }

    static double round2(double v) {
        return Math.round(v * 100.0) / 100.0;
    }
}

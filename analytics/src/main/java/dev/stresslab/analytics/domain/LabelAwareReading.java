package dev.stresslab.analytics.domain;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The label-aware reading's headline beside REST's positional one (the paper's App. C compares rule-based with LLM
 * extraction; ours compares REST's positional rule with the scorer's label-aware reading). A slot is right under the
 * label-aware reading when the scorer flagged {@code label-aware-correct}, or when it is right positionally and not
 * flagged {@code label-aware-wrong} (the scorer sets these two flags exactly when grading the label-aware answer
 * flips the verdict). Single and Stress are computed from those verdicts the same way as the headline, with the same
 * clustered intervals ({@link Headline}); {@code agreement} is the share of slots both readings grade alike. Pure.
 *
 * @param positional       REST's headline (the run's {@code headline})
 * @param labelAware       the same numbers from the label-aware verdicts
 * @param singleDifference label-aware − positional Single, in points (no interval: the two readings share every
 *                         output, which the two-run estimate does not model)
 * @param stressDifference the same for Stress
 * @param slots            slots compared
 * @param agreeing         slots both readings grade alike
 * @param agreement        agreeing / slots, percent
 * @param labelAwareOnly   slots right only under the label-aware reading
 * @param positionalOnly   slots right only under the positional reading
 * @param levels           the same counts per stress level
 */
public record LabelAwareReading(Headline positional, Headline labelAware, Double singleDifference,
                               Double stressDifference, long slots, long agreeing, Double agreement,
                               long labelAwareOnly, long positionalOnly, List<LevelAgreement> levels) {

    public static final String LABEL_AWARE_CORRECT = "label-aware-correct";
    public static final String LABEL_AWARE_WRONG = "label-aware-wrong";

    /** One level: slots, accuracy under each reading (percent) and how often they agree. */
    public record LevelAgreement(int level, long slots, double positionalAccuracy, double labelAwareAccuracy,
                                 double agreement, long labelAwareOnly, long positionalOnly) {
    }

    /** The label-aware verdict of a slot (the one rule; {@link StressAnalysis#breakdown} reads it too). */
    public static boolean correct(Slot s) {
        return s.hasFlag(LABEL_AWARE_CORRECT) || (s.correct() && !s.hasFlag(LABEL_AWARE_WRONG));
    }

    public static LabelAwareReading of(List<Slot> slots) {
        return of(slots, ClusteredEstimate.RunCounts.of(slots));
    }

    /** @param positional the run's counts under the positional verdicts (the report's, made once) */
    public static LabelAwareReading of(List<Slot> slots, ClusteredEstimate.RunCounts positional) {
        Accumulator a = new Accumulator();
        slots.forEach(a::add);
        return a.finish(positional);
    }

    /** {@link #of}, folded slot by slot (the positional counts are the run's own, given at the end). */
    public static final class Accumulator {
        /** per level: {slots, positional right, label-aware right, label-aware only, positional only} */
        private final Map<Integer, long[]> byLevel = new TreeMap<>();
        private final ClusteredEstimate.RunCounts.Builder labelCounts =
                new ClusteredEstimate.RunCounts.Builder(LabelAwareReading::correct);
        private long slots;
        private long labelOnly;
        private long positionalOnly;

        public void add(Slot s) {
            boolean label = correct(s);
            long[] c = byLevel.computeIfAbsent(s.level(), l -> new long[5]);
            c[0]++;
            c[1] += s.correct() ? 1 : 0;
            c[2] += label ? 1 : 0;
            c[3] += label && !s.correct() ? 1 : 0;
            c[4] += s.correct() && !label ? 1 : 0;
            labelOnly += label && !s.correct() ? 1 : 0;
            positionalOnly += s.correct() && !label ? 1 : 0;
            slots++;
            labelCounts.add(s);
        }

        /** See {@link ClusteredEstimate.RunCounts.Builder#closeOutputs}. */
        public void closeOutputs() {
            labelCounts.closeOutputs();
        }

        void write(FoldState.Writer w) {
            w.varLong(byLevel.size());
            for (Map.Entry<Integer, long[]> e : byLevel.entrySet()) {
                w.varLong(e.getKey());
                w.longs(e.getValue());
            }
            labelCounts.write(w);
            w.longs(new long[]{slots, labelOnly, positionalOnly});
        }

        void read(FoldState.Reader r) throws IOException {
            for (int i = r.length(); i > 0; i--) {
                byLevel.put(r.varInt(), r.longs());
            }
            labelCounts.read(r);
            long[] c = r.counts(3, "the label-aware reading");
            slots = c[0];
            labelOnly = c[1];
            positionalOnly = c[2];
        }

        public LabelAwareReading finish(ClusteredEstimate.RunCounts positional) {
            List<LevelAgreement> levels = new ArrayList<>();
            byLevel.forEach((level, c) -> levels.add(new LevelAgreement(level, c[0], percent(c[1], c[0]),
                    percent(c[2], c[0]), percent(c[0] - c[3] - c[4], c[0]), c[3], c[4])));
            Headline positionalHeadline = Headline.ofCounts(List.of(positional));
            // no slot changes under the label-aware reading: the same counts
            Headline labelAware = labelOnly + positionalOnly == 0 ? positionalHeadline
                    : Headline.ofCounts(List.of(labelCounts.build()));
            long agreeing = slots - labelOnly - positionalOnly;
            return new LabelAwareReading(positionalHeadline, labelAware,
                    difference(labelAware.single(), positionalHeadline.single()),
                    difference(labelAware.stress(), positionalHeadline.stress()), slots, agreeing,
                    slots == 0 ? null : percent(agreeing, slots), labelOnly, positionalOnly, levels);
        }
    }

    private static Double difference(ClusteredEstimate.Estimate a, ClusteredEstimate.Estimate b) {
        return a == null || b == null ? null : ClusteredEstimate.round2(a.value() - b.value());
    }

    private static double percent(long part, long whole) {
        return Math.round(10000.0 * part / whole) / 100.0;
    }
}

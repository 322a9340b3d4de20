package dev.stresslab.gate.domain;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A suite's threshold: the gated headline metric may not fall by more than {@code maxDrop} points. With the 95 %
 * interval [ciLow, ciHigh] of candidate - baseline from analytics:
 * REGRESSION when ciHigh < -maxDrop (the whole interval is below the tolerated drop: a drop larger than allowed,
 * at 95 %), PASS when ciLow > -maxDrop (the whole interval is above it), INCONCLUSIVE otherwise (the data cannot tell).
 * For {@code drop} (Single - Stress, where larger is worse) the sign is turned: it may not grow by more than maxDrop.
 */
public record VerdictRule(Metric metric, double maxDrop) {

    public enum Metric {
        SINGLE, STRESS, DROP;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public VerdictRule {
        if (maxDrop < 0 || Double.isNaN(maxDrop)) {
            throw new IllegalArgumentException("max-drop must be >= 0 points, was " + maxDrop);
        }
    }

    public Verdict decide(Difference d) {
        // "higher is better" view of the interval
        double low = metric == Metric.DROP ? -d.ciHigh() : d.ciLow();
        double high = metric == Metric.DROP ? -d.ciLow() : d.ciHigh();
        return decide(low, high, maxDrop);
    }

    /** The rule on a "higher is better" interval [low, high] of candidate - baseline, in points. */
    public static Verdict decide(double low, double high, double maxDrop) {
        if (high < -maxDrop) {
            return Verdict.REGRESSION;
        }
        if (low > -maxDrop) {
            return Verdict.PASS;
        }
        return Verdict.INCONCLUSIVE;
    }

    /**
     * The metric as "higher is better" weights on the per-level accuracies of the run's {@code levels} (the sequential
     * verdict's per-round statistic): Single w_1 = 1; Stress w_l = 1/K over the K levels above 1; drop (Single -
     * Stress, where larger is worse) the negation, -1 on level 1 and +1/K on the others.
     */
    public Map<Integer, Double> weights(List<Integer> levels) {
        List<Integer> stressed = levels.stream().filter(l -> l > 1).distinct().toList();
        Map<Integer, Double> w = new TreeMap<>();
        if (metric != Metric.STRESS) {
            if (!levels.contains(1)) {
                throw new IllegalArgumentException(metric.key() + " needs level 1; the levels are " + levels);
            }
            w.put(1, metric == Metric.SINGLE ? 1.0 : -1.0);
        }
        if (metric != Metric.SINGLE) {
            if (stressed.isEmpty()) {
                throw new IllegalArgumentException(metric.key() + " needs a level above 1; the levels are " + levels);
            }
            stressed.forEach(l -> w.put(l, 1.0 / stressed.size()));
        }
        return w;
    }

    public String describe() {
        return metric.key() + (metric == Metric.DROP ? " may not grow by more than " : " may not fall by more than ")
                + maxDrop + " points (95 % interval)";
    }
}

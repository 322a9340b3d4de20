package dev.stresslab.gate.domain;

import java.util.Locale;

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
        if (high < -maxDrop) {
            return Verdict.REGRESSION;
        }
        if (low > -maxDrop) {
            return Verdict.PASS;
        }
        return Verdict.INCONCLUSIVE;
    }

    public String describe() {
        return metric.key() + (metric == Metric.DROP ? " may not grow by more than " : " may not fall by more than ")
                + maxDrop + " points (95 % interval)";
    }
}

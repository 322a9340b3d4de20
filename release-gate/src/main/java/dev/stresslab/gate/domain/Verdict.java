package dev.stresslab.gate.domain;

import java.util.Collection;

/** The release gate's answer; {@code gaugeValue} is what stresslab_verdict shows (1 pass, 0 inconclusive, -1 regression). */
public enum Verdict {
    PASS(1), INCONCLUSIVE(0), REGRESSION(-1);

    public final int gaugeValue;

    Verdict(int gaugeValue) {
        this.gaugeValue = gaugeValue;
    }

    /** A suite of several benchmarks: any regression is a regression; it passes only when every benchmark passes. */
    public static Verdict combine(Collection<Verdict> perBenchmark) {
        if (perBenchmark.isEmpty()) {
            return INCONCLUSIVE;
        }
        if (perBenchmark.contains(REGRESSION)) {
            return REGRESSION;
        }
        return perBenchmark.stream().allMatch(v -> v == PASS) ? PASS : INCONCLUSIVE;
    }
}

package dev.stresslab.gate.domain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerdictRuleTest {
    private final VerdictRule stress2 = new VerdictRule(VerdictRule.Metric.STRESS, 2.0);

    private static Difference interval(double low, double high) {
        return new Difference(80, 80 + (low + high) / 2, (low + high) / 2, low, high, 0.5, 50);
    }

    @Test
    void regressionOnlyWhenTheWholeIntervalIsBelowTheToleratedDrop() {
        assertEquals(Verdict.REGRESSION, stress2.decide(interval(-14, -6)));
        assertEquals(Verdict.REGRESSION, stress2.decide(interval(-5, -2.01)));
        assertEquals(Verdict.INCONCLUSIVE, stress2.decide(interval(-5, -2.0)), "touching the threshold is not beyond it");
        assertEquals(Verdict.INCONCLUSIVE, stress2.decide(interval(-6, 3)));
    }

    @Test
    void passOnlyWhenTheWholeIntervalIsAboveTheToleratedDrop() {
        assertEquals(Verdict.PASS, stress2.decide(interval(-1.99, 4)));
        assertEquals(Verdict.PASS, stress2.decide(interval(1, 9)), "an improvement passes");
        assertEquals(Verdict.INCONCLUSIVE, stress2.decide(interval(-2.0, 4)));
    }

    @Test
    void aGrowingDropIsTheRegressionForTheDropMetric() {
        VerdictRule drop = new VerdictRule(VerdictRule.Metric.DROP, 2.0);
        assertEquals(Verdict.REGRESSION, drop.decide(interval(5, 12)), "Single - Stress grew by 5..12 points");
        assertEquals(Verdict.PASS, drop.decide(interval(-6, 1)));
        assertEquals(Verdict.INCONCLUSIVE, drop.decide(interval(-1, 4)));
    }

    @Test
    void aNegativeToleranceIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> new VerdictRule(VerdictRule.Metric.STRESS, -1));
    }

    @Test
    void aSuiteVerdictIsItsWorstBenchmark() {
        assertEquals(Verdict.PASS, Verdict.combine(List.of(Verdict.PASS, Verdict.PASS)));
        assertEquals(Verdict.INCONCLUSIVE, Verdict.combine(List.of(Verdict.PASS, Verdict.INCONCLUSIVE)));
        assertEquals(Verdict.REGRESSION, Verdict.combine(List.of(Verdict.PASS, Verdict.INCONCLUSIVE, Verdict.REGRESSION)));
        assertEquals(Verdict.INCONCLUSIVE, Verdict.combine(List.of()));
    }

    @Test
    void suitesMatchEndpointPatterns() {
        assertTrue(Suite.matches("*", "anything"));
        assertTrue(Suite.matches("sim-*", "sim-budgeter"));
        assertFalse(Suite.matches("sim-*", "prod-sim-budgeter"));
        assertFalse(Suite.matches("a.b", "axb"), "dots are literal");
    }
}

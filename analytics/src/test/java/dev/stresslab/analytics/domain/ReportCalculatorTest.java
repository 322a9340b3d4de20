package dev.stresslab.analytics.domain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ReportCalculatorTest {

    @Test
    void accuracyIsCorrectOverSlotsAndTheDropIsMeasuredFromLevelOne() {
        // Level 1: 10 prompts, 9 of 10 slots right. Level 3: 10 prompts (1 failed), 21 of 30 slots right.
        RunReport r = ReportCalculator.report("run", "m", "gsm8k", 20, List.of(1, 3), 10, List.of(
                new LevelTally(1, 10, 0, 0, 10, 9, 0),
                new LevelTally(3, 10, 1, 2, 30, 21, 4)));
        assertEquals("COMPLETE", r.status());
        assertEquals(20, r.completed());
        assertEquals(19, r.scored());
        assertEquals(1, r.failed());
        assertEquals(90.0, r.levels().get(0).accuracy());
        assertNull(r.levels().get(0).dropFromLevel1());
        assertEquals(70.0, r.levels().get(1).accuracy());
        assertEquals(20.0, r.levels().get(1).dropFromLevel1());
        assertEquals(2, r.levels().get(1).truncatedPrompts());
    }

    @Test
    void aRunWithPromptsStillOutstandingIsRunning() {
        RunReport r = ReportCalculator.report("run", "m", "gsm8k", 20, List.of(1, 3), 10,
                List.of(new LevelTally(1, 10, 0, 0, 10, 9, 0)));
        assertEquals("RUNNING", r.status());
        assertEquals(0, r.levels().get(1).prompts());
    }

    @Test
    void wilsonIntervalMatchesAHandComputedValue() {
        // k = 9, n = 10: p = 0.9, z = 1.96 -> [0.5958, 0.9821] (Wilson, 1927; checked with statsmodels' proportion_confint)
        double[] ci = ReportCalculator.wilson(9, 10);
        assertEquals(59.58, ci[0], 0.01);
        assertEquals(98.21, ci[1], 0.01);
        double[] none = ReportCalculator.wilson(0, 0);
        assertEquals(0, none[0]);
    }
}

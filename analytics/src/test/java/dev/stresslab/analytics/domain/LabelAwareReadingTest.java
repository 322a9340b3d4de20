package dev.stresslab.analytics.domain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelAwareReadingTest {
    private static Slot slot(String q, String output, int level, int position, boolean correct, String flags) {
        return new Slot(q, output, level, position, 0, correct, false, false, false, null, null, flags);
    }

    /**
     * Level 1: q0 right; q1 wrong positionally but right label-aware; q2 right; q3 wrong. Level 3: output o1 = q1 right,
     * q2 wrong but right label-aware, q0 right but wrong label-aware; output o2 = q2 wrong, q0 right, q1 wrong.
     */
    private static final List<Slot> RUN = List.of(
            slot("q0", "a0", 1, 1, true, null), slot("q1", "a1", 1, 1, false, "positional-differs,label-aware-correct"),
            slot("q2", "a2", 1, 1, true, null), slot("q3", "a3", 1, 1, false, "omitted"),
            slot("q1", "o1", 3, 1, true, null), slot("q2", "o1", 3, 2, false, "label-aware-correct"),
            slot("q0", "o1", 3, 3, true, "label-mismatch,label-aware-wrong"),
            slot("q2", "o2", 3, 1, false, null), slot("q0", "o2", 3, 2, true, null), slot("q1", "o2", 3, 3, false, null));

    @Test
    void theLabelAwareVerdictFollowsTheScorersFlipFlags() {
        assertTrue(LabelAwareReading.correct(RUN.get(1)));
        assertFalse(LabelAwareReading.correct(RUN.get(6)));
        assertTrue(LabelAwareReading.correct(RUN.get(0)));
        assertFalse(LabelAwareReading.correct(RUN.get(3)));
    }

    @Test
    void singleAndStressUnderBothReadingsWithTheirAgreement() {
        LabelAwareReading r = LabelAwareReading.of(RUN);
        // positional: Single 2 / 4 = 50, Stress (level 3) 3 / 6 = 50; label-aware: Single 3 / 4 = 75, Stress 3 / 6 = 50
        assertEquals(50.0, r.positional().single().value());
        assertEquals(50.0, r.positional().stress().value());
        assertEquals(75.0, r.labelAware().single().value());
        assertEquals(50.0, r.labelAware().stress().value());
        // label-aware level 1 is 1, 1, 1, 0 in four questions and outputs: the textbook se 25 (ClusteredEstimateTest)
        assertEquals(25.0, r.labelAware().single().standardError());
        assertEquals(r.positional(), Headline.of(RUN), "the positional side is the run's headline");
        assertEquals(25.0, r.singleDifference());
        assertEquals(0.0, r.stressDifference());
        // slots flipped: level 1 one (to right), level 3 two (one each way): 7 of 10 agree
        assertEquals(10, r.slots());
        assertEquals(7, r.agreeing());
        assertEquals(70.0, r.agreement());
        assertEquals(2, r.labelAwareOnly());
        assertEquals(1, r.positionalOnly());
        LabelAwareReading.LevelAgreement l3 = r.levels().get(1);
        assertEquals(3, l3.level());
        assertEquals(50.0, l3.positionalAccuracy());
        assertEquals(50.0, l3.labelAwareAccuracy());
        assertEquals(66.67, l3.agreement());
        assertEquals(1, l3.labelAwareOnly());
        assertEquals(1, l3.positionalOnly());
        assertEquals(75.0, r.levels().get(0).agreement());
    }

    @Test
    void noSlotsNoNumbers() {
        LabelAwareReading r = LabelAwareReading.of(List.of());
        assertNull(r.agreement());
        assertNull(r.labelAware().single());
        assertNull(r.singleDifference());
    }
}

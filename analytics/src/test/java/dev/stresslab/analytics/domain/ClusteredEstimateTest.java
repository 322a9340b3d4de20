package dev.stresslab.analytics.domain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ClusteredEstimateTest {

    @Test
    void independentSlotsGiveTheTextbookStandardError() {
        // Level 1, one slot per question and output: 1, 1, 1, 0 -> 75 %, ψ = (y − 0.75) / 4, Σψ² = 0.046875;
        // V_q = V_o = V_slot = 4/3 · 0.046875 = 0.0625 -> se 0.25 = sd / √n (sd 0.5); t(0.975, 3) = 3.1824.
        List<Slot> run = List.of(Slot.of("q0", "o0", 1, 1, 0, true), Slot.of("q1", "o1", 1, 1, 0, true),
                Slot.of("q2", "o2", 1, 1, 0, true), Slot.of("q3", "o3", 1, 1, 0, false));
        ClusteredEstimate.Estimate e = ClusteredEstimate.of(run, ClusteredEstimate.SINGLE);
        assertEquals(75.0, e.value(), 1e-9);
        assertEquals(25.0, e.standardError(), 1e-9);
        assertEquals(75 - 3.182446 * 25, e.ciLow(), 1e-3);
        assertNull(ClusteredEstimate.of(run, ClusteredEstimate.STRESS), "no level above 1");
    }

    @Test
    void slotsOfOneOutputMoveTogether() {
        // Level 3, two outputs of q0..q2: one all right, one all wrong -> 50 %. ψ = ±1/12. Each question has one right
        // and one wrong slot: V_q = 0. Output sums ±0.25: V_o = 2/1 · 0.125 = 0.25. V_slot = 6/5 · 6/144 = 0.05.
        // V = 0.2 -> se = 44.72 points, where independent slots would give √(0.25 / 6) = 20.41.
        List<Slot> run = List.of(Slot.of("q0", "a", 3, 1, 0, true), Slot.of("q1", "a", 3, 2, 0, true),
                Slot.of("q2", "a", 3, 3, 0, true), Slot.of("q1", "b", 3, 1, 0, false),
                Slot.of("q2", "b", 3, 2, 0, false), Slot.of("q0", "b", 3, 3, 0, false));
        ClusteredEstimate.Estimate e = ClusteredEstimate.of(run, ClusteredEstimate.STRESS);
        assertEquals(50.0, e.value(), 1e-9);
        assertEquals(44.72, e.standardError(), 0.01);
        // the same from the database's grouped counts: per (question, level), and outputs by shape
        ClusteredEstimate.RunCounts grouped = ClusteredEstimate.RunCounts.fromAggregates(List.of(
                        new ClusteredEstimate.RunCounts.QuestionCount("q0", 3, 2, 1),
                        new ClusteredEstimate.RunCounts.QuestionCount("q1", 3, 2, 1),
                        new ClusteredEstimate.RunCounts.QuestionCount("q2", 3, 2, 1)),
                List.of(new ClusteredEstimate.RunCounts.OutputShape(3, 3, 3, 1),
                        new ClusteredEstimate.RunCounts.OutputShape(3, 3, 0, 1)));
        assertEquals(e, ClusteredEstimate.of(grouped, ClusteredEstimate.STRESS));
    }

    @Test
    void aPairedDifferenceIsThePairedTTestWhenSlotsAreAlone() {
        // Base 1, 1, 0, 0; candidate 1, 1, 1, 0 on the same questions: differences 0, 0, 1, 0 -> 25 points, sd 0.5,
        // se 0.25 -> 25 points; t(3) = 1 -> p = 0.3910.
        List<Slot> base = List.of(Slot.of("q0", "b0", 1, 1, 0, true), Slot.of("q1", "b1", 1, 1, 0, true),
                Slot.of("q2", "b2", 1, 1, 0, false), Slot.of("q3", "b3", 1, 1, 0, false));
        List<Slot> candidate = List.of(Slot.of("q0", "c0", 1, 1, 0, true), Slot.of("q1", "c1", 1, 1, 0, true),
                Slot.of("q2", "c2", 1, 1, 0, true), Slot.of("q3", "c3", 1, 1, 0, false));
        Headline.Difference d = Headline.paired(base, candidate).get("single");
        assertEquals(50.0, d.base());
        assertEquals(75.0, d.candidate());
        assertEquals(25.0, d.difference());
        assertEquals(0.391002, d.pValue(), 1e-5);
        assertEquals(25 - 3.182446 * 25, d.ciLow(), 0.01);
        assertEquals(4, d.questions());
    }

    @Test
    void stressIsTheUnweightedMeanOfTheStressedLevels() {
        // Single 1 / 2 = 50; level 2: 3 / 4 = 75; level 3: 1 / 3 = 33.33 -> Stress 54.17 (pooling 4 / 7 would give
        // 57.14), drop −4.17, retention 108.33.
        List<Slot> run = List.of(Slot.of("q0", "a", 1, 1, 0, true), Slot.of("q1", "b", 1, 1, 0, false),
                Slot.of("q0", "c", 2, 1, 0, true), Slot.of("q1", "c", 2, 2, 0, true),
                Slot.of("q1", "d", 2, 1, 0, true), Slot.of("q0", "d", 2, 2, 0, false),
                Slot.of("q0", "e", 3, 1, 0, true), Slot.of("q1", "e", 3, 2, 0, false), Slot.of("q2", "e", 3, 3, 0, false));
        Headline h = Headline.of(run);
        assertEquals(50.0, h.single().value());
        assertEquals(54.17, h.stress().value());
        assertEquals(-4.17, h.drop().value());
        assertEquals(108.33, h.retention().value());
        assertEquals(List.of(2, 3), h.stressLevels());
        assertEquals(3, h.questions());
    }
}

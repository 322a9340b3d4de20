package dev.stresslab.analytics.domain;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairedComparisonTest {

    @Test
    void mcnemarExactByHand() {
        // n = 10 discordant, min = 2: P(X <= 2) = (1 + 10 + 45) / 1024 = 0.0546875, two-sided 0.109375.
        assertEquals(0.109375, PairedComparison.mcnemarExact(8, 2), 1e-12);
        assertEquals(0.109375, PairedComparison.mcnemarExact(2, 8), 1e-12);
        // n = 10, min = 1: 2 · 11 / 1024 = 0.021484375.
        assertEquals(0.021484375, PairedComparison.mcnemarExact(9, 1), 1e-12);
        // n = 7, min = 0: 2 / 128 = 0.015625.
        assertEquals(0.015625, PairedComparison.mcnemarExact(7, 0), 1e-12);
        // Balanced: 2 · 638 / 1024 > 1 -> 1. No discordant pair -> 1.
        assertEquals(1.0, PairedComparison.mcnemarExact(5, 5));
        assertEquals(1.0, PairedComparison.mcnemarExact(0, 0));
        // Large n stays finite: 600 vs 400 is about 6.3 standard deviations from 500.
        double p = PairedComparison.mcnemarExact(600, 400);
        assertTrue(p > 0 && p < 1e-8, "p = " + p);
    }

    @Test
    void slotsAreMatchedAndTheCandidateIsBetter() {
        // Level 1, q0..q9: base right on q0, q1; candidate right on q0..q8. Discordant: 7 for the candidate, 0 for the
        // base -> p = 0.015625 < 0.05, "better"; accuracies 20 % and 90 %, difference 70 points.
        // q10 only in the candidate, q11 (level 3) only in the base.
        List<SlotOutcome> base = new ArrayList<>();
        List<SlotOutcome> candidate = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            base.add(new SlotOutcome("q" + i, 1, 1, 0, i < 2));
            candidate.add(new SlotOutcome("q" + i, 1, 1, 0, i < 9));
        }
        candidate.add(new SlotOutcome("q10", 1, 1, 0, true));
        base.add(new SlotOutcome("q11", 3, 2, 0, true));
        PairedComparison.Result r = PairedComparison.compare(base, candidate, PairedComparison.Matching.SLOT);
        PairedComparison.Stats s = r.overall();
        assertEquals(10, s.units());
        assertEquals(1, r.onlyInBase());
        assertEquals(1, r.onlyInCandidate());
        assertEquals(20.0, s.baseAccuracy());
        assertEquals(90.0, s.candidateAccuracy());
        assertEquals(70.0, s.difference());
        assertEquals(7, s.candidateBetter());
        assertEquals(0, s.baseBetter());
        assertEquals(0.015625, s.pValue());
        assertEquals("better", s.verdict());
        assertTrue(s.ciLow() > 0 && s.ciLow() <= 70 && s.ciHigh() >= 70 && s.ciHigh() <= 100, s.toString());
        assertEquals(1, r.levels().size());
        assertEquals(s.ciLow(), r.levels().get(0).ciLow());
        // Fixed seed: the same interval every time; swapping the runs mirrors everything.
        assertEquals(s, PairedComparison.compare(base, candidate, PairedComparison.Matching.SLOT).overall());
        PairedComparison.Stats swapped = PairedComparison.compare(candidate, base, PairedComparison.Matching.SLOT).overall();
        assertEquals("worse", swapped.verdict());
        assertEquals(-70.0, swapped.difference());
    }

    @Test
    void aSmallDifferenceIsNotSignificant() {
        // 8 discordant vs 2: p = 0.109375 -> no significant difference although the candidate gains 6 points.
        List<SlotOutcome> base = new ArrayList<>();
        List<SlotOutcome> candidate = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            boolean b = i < 50 || (i >= 90 && i < 92);
            boolean c = i < 50 || (i >= 80 && i < 88);
            base.add(new SlotOutcome("q" + i, 1, 1, 0, b));
            candidate.add(new SlotOutcome("q" + i, 1, 1, 0, c));
        }
        PairedComparison.Stats s = PairedComparison.compare(base, candidate, PairedComparison.Matching.SLOT).overall();
        assertEquals(8, s.candidateBetter());
        assertEquals(2, s.baseBetter());
        assertEquals(0.109375, s.pValue());
        assertEquals(6.0, s.difference());
        assertEquals("no significant difference", s.verdict());
        assertTrue(s.ciLow() <= 6 && 6 <= s.ciHigh());
    }

    @Test
    void questionMatchingPoolsPositionsAndSamples() {
        // Level 3, three slots per question. q0: base 3/3, candidate 1/3 (base better). q1: base 0/3, candidate 3/3
        // (candidate better). q2: both 2/3 (tie). Base (1 + 0 + 2/3)/3 = 55.56 %, candidate (1/3 + 1 + 2/3)/3 =
        // 66.67 %, difference 11.11 points; 1 vs 1 discordant -> p = 1.
        boolean[][] b = {{true, true, true}, {false, false, false}, {true, true, false}};
        boolean[][] c = {{true, false, false}, {true, true, true}, {false, true, true}};
        List<SlotOutcome> base = new ArrayList<>();
        List<SlotOutcome> candidate = new ArrayList<>();
        for (int q = 0; q < 3; q++) {
            for (int p = 0; p < 3; p++) {
                base.add(new SlotOutcome("q" + q, 3, p + 1, 0, b[q][p]));
                candidate.add(new SlotOutcome("q" + q, 3, (p + 1) % 3 + 1, 0, c[q][p]));
            }
        }
        PairedComparison.Stats s = PairedComparison.compare(base, candidate, PairedComparison.Matching.QUESTION).overall();
        assertEquals(3, s.units());
        assertEquals(55.56, s.baseAccuracy());
        assertEquals(66.67, s.candidateAccuracy());
        assertEquals(11.11, s.difference());
        assertEquals(1, s.candidateBetter());
        assertEquals(1, s.baseBetter());
        assertEquals(1.0, s.pValue());
        assertEquals("no significant difference", s.verdict());
    }

    @Test
    void bootstrapOfAConstantDifferenceIsThatConstantAndIsReproducible() {
        assertArrayEquals(new double[]{100, 100}, PairedComparison.bootstrap(new double[]{1, 1, 1}, 500, 1));
        assertArrayEquals(new double[]{0, 0}, PairedComparison.bootstrap(new double[]{}, 500, 1));
        double[] d = {1, 0, 0, -1, 1, 1, 0, 1};
        assertArrayEquals(PairedComparison.bootstrap(d, 2000, 7), PairedComparison.bootstrap(d, 2000, 7));
    }
}

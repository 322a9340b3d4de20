package dev.stresslab.gate.domain;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class SequentialVerdictTest {
    private static final SequentialVerdict.Check STRESS =
            new SequentialVerdict.Check("stress", Map.of(3, 1.0), 2.0, 0.05, 0.05);

    private static List<Map<Integer, Double>> rounds(int n, double d1, double d3) {
        List<Map<Integer, Double>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Map.of(1, d1, 3, d3));
        }
        return out;
    }

    @Test
    void everyStressedPromptLostStopsAtTheThirteenthRound() {
        // D_3 = -1 every round: the upper bound is -1 + 2 (1 - L_t(ones)); at alpha 0.05 it is +0.0238 after 12
        // rounds and -0.0549 after 13 (ConfidenceSequenceTest), the first below -m = -0.02
        SequentialVerdict.Result r = SequentialVerdict.decide(List.of(STRESS), rounds(40, 0, -1), 40);
        assertEquals(Verdict.REGRESSION, r.verdict());
        assertEquals(13, r.rounds());
        SequentialVerdict.CheckState s = r.checks().get(0);
        assertEquals(-100.0, s.estimate());
        assertEquals(-5.49, s.upper());
        assertEquals(Verdict.REGRESSION, s.verdict());
    }

    @Test
    void undecidedWhileRoundsRemainInconclusiveWhenTheSuiteIsUsedUp() {
        List<Map<Integer, Double>> tied = rounds(10, 0, 0);
        assertNull(SequentialVerdict.decide(List.of(STRESS), tied, 50).verdict(), "40 rounds still to come");
        SequentialVerdict.Result end = SequentialVerdict.decide(List.of(STRESS), tied, 10);
        assertEquals(Verdict.INCONCLUSIVE, end.verdict());
        assertEquals(10, end.rounds());
    }

    @Test
    void identicalRunsPassOnceTheBoundIsWithinTheTolerance() {
        // D = 0 every round is X = 0, y = 1/2: both sides close in on 0; PASS when the lower bound passes -m.
        // With m = 20 points (y > 0.4) the lower bound of y = 1/2 needs sum bet * 0.5 - ln 20 - penalty > 0.4 sum bet
        SequentialVerdict.Check wide = new SequentialVerdict.Check("stress", Map.of(3, 1.0), 20.0, 0.05, 0.05);
        SequentialVerdict.Result r = SequentialVerdict.decide(List.of(wide), rounds(2000, 0, 0), 2000);
        assertEquals(Verdict.PASS, r.verdict());
        assertEquals(0.0, r.checks().get(0).estimate());
        assertFalse(r.checks().get(0).lower() <= -20.0);
        SequentialVerdict.Result justBefore = SequentialVerdict.decide(List.of(wide), rounds(r.rounds() - 1, 0, 0), 2000);
        assertNull(justBefore.verdict(), "the first deciding round is the answer");
    }

    @Test
    void anyFailingCheckIsARegressionAndPassNeedsEveryCheck() {
        // level 1 lost every time, level 3 tied: the per-level check of level 1 regresses while stress is open
        SequentialVerdict.Check level1 = new SequentialVerdict.Check("level-1", Map.of(1, 1.0), 5.0, 0.05, 0.05);
        SequentialVerdict.Result r = SequentialVerdict.decide(List.of(STRESS, level1), rounds(40, -1, 0), 40);
        assertEquals(Verdict.REGRESSION, r.verdict());
        assertNull(r.checks().get(0).verdict());
        assertEquals(Verdict.REGRESSION, r.checks().get(1).verdict());

        SequentialVerdict.Check wide = new SequentialVerdict.Check("stress", Map.of(3, 1.0), 20.0, 0.05, 0.05);
        SequentialVerdict.Check strict = new SequentialVerdict.Check("level-3", Map.of(3, 1.0), 0.5, 0.05, 0.05);
        SequentialVerdict.Result open = SequentialVerdict.decide(List.of(wide, strict), rounds(300, 0, 0), 1000);
        assertNull(open.verdict(), "the wide check passed, the strict one is still open: " + open);
        assertEquals(Verdict.PASS, open.checks().get(0).verdict());
    }

    @Test
    void aRoundIsTheWeightedSumOfItsLevels() {
        // drop, higher is better: -D_1 + (D_3 + D_5) / 2
        SequentialVerdict.Check drop = new SequentialVerdict.Check("drop", Map.of(1, -1.0, 3, 0.5, 5, 0.5), 2.0, 0.05, 0.05);
        assertEquals(-0.5 + 0.1 - 0.2, SequentialVerdict.value(drop, Map.of(1, 0.5, 3, 0.2, 5, -0.4)), 1e-12);
        assertEquals(2.0, drop.range(), 1e-12);
    }
}

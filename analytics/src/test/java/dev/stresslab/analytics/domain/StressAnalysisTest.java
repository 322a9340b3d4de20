package dev.stresslab.analytics.domain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class StressAnalysisTest {

    @Test
    void positionAccuracyAndMeanTokensByHand() {
        List<StressAnalysis.PositionReport> r = StressAnalysis.positions(List.of(
                new PositionTally(3, 2, 10, 7, 3000, 10),
                new PositionTally(3, 1, 10, 9, 1000, 5),
                new PositionTally(1, 1, 10, 10, 0, 0)));
        assertEquals(1, r.get(0).level());
        assertNull(r.get(0).meanTokens(), "no attributed tokens, no mean");
        assertEquals(90.0, r.get(1).accuracy());
        assertEquals(200.0, r.get(1).meanTokens());
        assertEquals(70.0, r.get(2).accuracy());
        assertEquals(300.0, r.get(2).meanTokens());
    }

    @Test
    void firstQuestionShareAndInterferenceByHand() {
        // Level 3 tokens: position 1 = 6000, positions 2 and 3 = 2000 each -> share 0.6.
        // Pairs: 20 after a wrong answer, 12 of them wrong (60 %); 80 after a right one, 16 wrong (20 %) -> +40 points.
        List<StressAnalysis.LevelEffort> e = StressAnalysis.effort(List.of(
                        new PositionTally(3, 1, 50, 40, 6000, 50),
                        new PositionTally(3, 2, 50, 35, 2000, 50),
                        new PositionTally(3, 3, 50, 30, 2000, 50)),
                List.of(new TransitionTally(3, 20, 12, 80, 16)));
        assertEquals(0.6, e.get(0).firstQuestionTokenShare());
        assertEquals(40.0, e.get(0).interference());
        assertEquals(100, e.get(0).pairs());
    }

    @Test
    void interferenceIsUndefinedWithoutBothKindsOfPairs() {
        assertNull(StressAnalysis.interference(new TransitionTally(2, 0, 0, 10, 1)));
    }

    @Test
    void tokensWhenRightVersusWrongByHand() {
        // Correct slots: 4000 + 1400 + 900 = 6300 tokens over 40 + 35 + 30 = 105 slots -> 60.
        // Wrong slots: (6000-4000) + (2000-1400) + (2000-900) = 3700 tokens over 10 + 15 + 20 = 45 slots -> 82.2222.
        List<StressAnalysis.LevelEffort> e = StressAnalysis.effort(List.of(
                        new PositionTally(3, 1, 50, 40, 6000, 50, 4000, 40),
                        new PositionTally(3, 2, 50, 35, 2000, 50, 1400, 35),
                        new PositionTally(3, 3, 50, 30, 2000, 50, 900, 30),
                        new PositionTally(1, 1, 10, 10, 0, 0, 0, 0)),
                List.of());
        assertNull(e.get(0).meanTokensCorrect(), "level 1 has no attributed tokens");
        assertNull(e.get(0).meanTokensWrong());
        assertEquals(60.0, e.get(1).meanTokensCorrect());
        assertEquals(82.2222, e.get(1).meanTokensWrong());
        assertEquals(105, e.get(1).correctTokenSlots());
        assertEquals(45, e.get(1).wrongTokenSlots());
    }
}

package dev.stresslab.gate.domain;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfidenceSequenceTest {

    @Test
    void theFirstStepsByHand() {
        // y = 1, 1 in [0, 1], alpha 0.1 on the lower side. Step 1: sigma^2_0 = 1/4, bet = min(sqrt(2 ln 10 /
        // (0.25 * 1 * ln 2)), 1/2) = 1/2 (the root is 5.15); deviation 1 - 1/2 = 1/2; psi(1/2) = ln 2 - 1/2 = 0.193147;
        // L_1 = (0.5 - ln 10 - 0.25 * 0.193147) / 0.5 = -3.701744.
        // Step 2: mu^_1 = (0.5 + 1) / 2 = 0.75, deviation 0.25, the bet again capped at 1/2:
        // L_2 = (0.5 + 0.5 - ln 10 - (0.25 + 0.0625) * 0.193147) / 1.0 = -1.362944. Both below 0: the bound stays 0.
        ConfidenceSequence cs = new ConfidenceSequence(0, 1, 0.1, 0.1);
        cs.add(1);
        assertEquals(0, cs.lowerBound(), 1e-12);
        cs.add(1);
        assertEquals(0, cs.lowerBound(), 1e-12);
        assertEquals(1, cs.upperBound(), 1e-12);
        assertEquals(1.0, cs.mean(), 1e-12);
    }

    @Test
    void allOnesAgainstTheReferenceFormula() {
        // the same formula evaluated independently (Python, float64): alpha 0.05, y = 1 every time
        // t = 7: 0.123219, t = 12: 0.488117, t = 13: 0.527448, t = 40: 0.846302 (bets uncapped from t = 21 on)
        ConfidenceSequence cs = new ConfidenceSequence(0, 1, 0.05, 0.05);
        double[] expected = new double[41];
        expected[7] = 0.123219;
        expected[12] = 0.488117;
        expected[13] = 0.527448;
        expected[40] = 0.846302;
        for (int t = 1; t <= 40; t++) {
            cs.add(1);
            if (expected[t] != 0) {
                assertEquals(expected[t], cs.lowerBound(), 1e-6, "t = " + t);
            }
        }
    }

    @Test
    void aRangeIsRescaledAndTheUpperSideMirrorsTheLower() {
        // X = -1 in [-1, 1] is y = 0; the upper side is the lower bound of 1 - y = 1, so after 13 steps at alpha 0.05
        // the upper bound of X is -1 + 2 * (1 - 0.527448) = -0.054896
        ConfidenceSequence cs = new ConfidenceSequence(-1, 1, 0.05, 0.05);
        for (int t = 0; t < 13; t++) {
            cs.add(-1);
        }
        assertEquals(-0.054897, cs.upperBound(), 1e-6);
        assertEquals(-1, cs.lowerBound(), 1e-12);
    }

    @Test
    void coversTheMeanAtEveryStepAtLeastAsOftenAsPromised() {
        // Bernoulli(0.3) streams of 400 steps: the share of streams whose lower bound ever passes 0.3 must stay
        // below alpha = 0.1 (plus Monte-Carlo error: 2,000 streams give a standard error of 0.7 points)
        SplittableRandom rnd = new SplittableRandom(20261202);
        int streams = 2000;
        int missedLow = 0;
        int missedHigh = 0;
        for (int s = 0; s < streams; s++) {
            ConfidenceSequence cs = new ConfidenceSequence(0, 1, 0.1, 0.1);
            boolean low = false;
            boolean high = false;
            for (int t = 0; t < 400; t++) {
                cs.add(rnd.nextDouble() < 0.3 ? 1 : 0);
                low |= cs.lowerBound() > 0.3;
                high |= cs.upperBound() < 0.3;
            }
            missedLow += low ? 1 : 0;
            missedHigh += high ? 1 : 0;
        }
        assertTrue(missedLow < 0.1 * streams, "lower bound passed the mean in " + missedLow + " of " + streams);
        assertTrue(missedHigh < 0.1 * streams, "upper bound passed the mean in " + missedHigh + " of " + streams);
    }
}

package dev.stresslab.scorer.domain;

import dev.stresslab.contracts.Usage;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenAttributorTest {
    private static final String OUT = "<think>Let me start with Q1. " + "Adding the numbers carefully. ".repeat(30)
            + "Now the second question. " + "Quick. ".repeat(3) + "</think>Q1: \\boxed{4}\nQ2: \\boxed{9}";

    @Test
    void splitsReasoningWhereTheModelMovesOn() {
        int[] t = TokenAttributor.attribute(OUT, null, Usage.UNKNOWN, 2);
        assertEquals(2, t.length);
        assertTrue(t[0] > 5 * t[1], Arrays.toString(t));
        assertTrue(t[1] > 0);
    }

    @Test
    void scalesToServerUsage() {
        int[] t = TokenAttributor.attribute(OUT, null, new Usage(100, 1000, 800), 2);
        assertEquals(1000, t[0] + t[1]);
        int[] c = TokenAttributor.attribute(OUT, null, new Usage(100, 517, null), 2);
        assertEquals(517, c[0] + c[1]);
    }

    @Test
    void separateReasoningAndHiddenReasoning() {
        int[] sep = TokenAttributor.attribute("Q1: \\boxed{1} Q2: \\boxed{2}", "Q1 is long " + "x ".repeat(50) + "Q2 short",
                new Usage(10, 300, 250), 2);
        assertEquals(300, sep[0] + sep[1]);
        assertTrue(sep[0] > sep[1]);
        int[] hidden = TokenAttributor.attribute("Q1: \\boxed{1}\nQ2: \\boxed{2}", null, new Usage(10, 200, 180), 2);
        assertEquals(200, hidden[0] + hidden[1]);
    }

    @Test
    void boxesMoveOnWithoutLabels() {
        int[] t = TokenAttributor.attribute("work work work \\boxed{1} more work here \\boxed{2} tail", null, Usage.UNKNOWN, 3);
        assertTrue(t[0] > 0 && t[1] > 0 && t[2] > 0, Arrays.toString(t));
    }

    @Test
    void largestRemainderRounding() {
        assertArrayEquals(new int[]{1, 1, 1}, TokenAttributor.round(new double[]{1.0 / 3 * 3, 1.0, 1.0}));
        int[] r = TokenAttributor.round(new double[]{0.5, 0.25, 0.25});
        assertEquals(1, r[0] + r[1] + r[2]);
    }
}

package dev.stresslab.scorer.grading;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The linear trailing-period removal must answer what the loop it replaced (copied verbatim) answered. */
class LatexNormalizerEquivalenceTest {
    private static final int CASES = 20_000;
    private static final long SEED = Long.getLong("fuzz.seed", 20261202L);

    @Test
    void linearTrailingPeriodRemovalEqualsTheOldLoop() {
        SplittableRandom r = new SplittableRandom(SEED);
        String[] tokens = {".", "\\.", " ", "\\", "1", "x", "..", "\t"};
        for (int n = 0; n < CASES; n++) {
            StringBuilder b = new StringBuilder();
            int count = r.nextInt(12);
            for (int i = 0; i < count; i++) {
                b.append(tokens[r.nextInt(tokens.length)]);
            }
            String text = b.toString().strip();
            assertEquals(oldStripTrailing(text), LatexNormalizer.stripTrailing(text), "\"" + text + "\"");
        }
    }

    private static String oldStripTrailing(String s) {
        String t = s;
        while (!t.isEmpty() && (t.endsWith(".") && !t.endsWith("\\.")) || t.endsWith("\\.")) {
            t = t.substring(0, t.length() - (t.endsWith("\\.") ? 2 : 1)).strip();
            if (t.isEmpty()) {
                return s;
            }
        }
        return t;
    }
}

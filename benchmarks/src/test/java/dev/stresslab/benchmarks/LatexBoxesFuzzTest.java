package dev.stresslab.benchmarks;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gold extraction on hostile solution text (issue 9, "Fuzz the scorer"): random mixes of boxes, braces and
 * lone surrogates never throw, and whatever comes out is the content of the last {@code \boxed{...}}, balanced.
 */
class LatexBoxesFuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", 20261202L);
    private static final String[] TOKENS = {"\\boxed{", "\\boxed", "\\fbox{", "{", "}", "\\{", "\\}", "1", "x", " ",
            "\ud800", "\udc00", "\\frac{1}{2}"};

    @Test
    void randomSolutionsNeverThrowAndYieldTheLastBalancedBox() {
        SplittableRandom r = new SplittableRandom(SEED);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder b = new StringBuilder();
            int count = r.nextInt(30);
            for (int i = 0; i < count; i++) {
                b.append(TOKENS[r.nextInt(TOKENS.length)]);
            }
            String text = b.toString();
            String content = LatexBoxes.lastBoxedContent(text);
            if (content != null) {
                int last = text.lastIndexOf("\\boxed");
                assertTrue(text.startsWith("\\boxed{" + content + "}", last), "seed " + SEED + " text " + text);
                assertEquals(0, depthChange(content), "unbalanced content from " + text);
            }
        }
    }

    @Test
    void hugeUnbalancedSolutionsAreLinear() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertNull(LatexBoxes.lastBoxedContent("\\boxed{" + "{".repeat(5_000_000)));
            assertNull(LatexBoxes.lastBoxedContent("\\boxed".repeat(1_000_000) + "}".repeat(1_000_000)));
            String deep = "\\boxed{" + "{".repeat(1_000_000) + "}".repeat(1_000_000) + "}";
            assertEquals(2_000_000, LatexBoxes.lastBoxedContent(deep).length());
        });
    }

    private static int depthChange(String s) {
        int d = 0;
        for (int i = 0; i < s.length(); i++) {
            d += s.charAt(i) == '{' ? 1 : s.charAt(i) == '}' ? -1 : 0;
        }
        return d;
    }
}

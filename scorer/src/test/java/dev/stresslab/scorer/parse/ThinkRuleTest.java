package dev.stresslab.scorer.parse;

import dev.stresslab.contracts.AnswerKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code <think>} rule's edge cases, written once: each reader used to decide them on its own (the attribution
 * counted text between two {@code </think>} of a close-only output as answer, and re-found an unclosed tag that the
 * removal of a closed span had put together).
 */
class ThinkRuleTest {
    private static String kinds(String content) {
        StringBuilder b = new StringBuilder();
        for (Region r : ThinkRule.regions(content)) {
            b.append(r.kind().name().charAt(0)).append('[').append(content, r.start(), r.end()).append(']');
        }
        return b.toString();
    }

    @Test
    void closedSpansAreReasoningAndTheRestIsAnswer() {
        assertEquals("A[a ]R[r1]A[ b ]R[r2]A[ c]", kinds("a <think>r1</think> b <think>r2</think> c"));
        assertEquals("a  b  c", ThinkRule.restText("a <think>r1</think> b <think>r2</think> c",
                ThinkRule.regions("a <think>r1</think> b <think>r2</think> c")).text());
    }

    @Test
    void closeOnlyMeansAllBeforeTheLastCloseIsReasoning() {
        assertEquals("R[r1</think> r2]A[ answer]", kinds("r1</think> r2</think> answer"));
    }

    @Test
    void unclosedReasoningRunsToTheEndAndStaysInRestsText() {
        String c = "x <think>a</think> y <think>cut here \\boxed{4}";
        assertEquals("A[x ]R[a]A[ y ]U[cut here \\boxed{4}]", kinds(c));
        ThinkRule.RestText rest = ThinkRule.restText(c, ThinkRule.regions(c));
        assertEquals("x  y <think>cut here \\boxed{4}", rest.text());
        assertEquals(5, rest.unclosedAt());
    }

    @Test
    void strayCloseAfterASpanIsAnswerText() {
        assertEquals("R[a]A[ b </think> c]", kinds("<think>a</think> b </think> c"));
    }

    @Test
    void removingASpanDoesNotMakeANewTag() {
        // "<thi" + "nk>" meet once the span is gone; REST's regex leaves "<think>" in its text, but no reader may
        // take it for unclosed reasoning
        String c = "<thi<think>r</think>nk> \\boxed{1}";
        ParsedOutput p = OutputParser.parse(c, null, "stop", 1, AnswerKind.MATH);
        assertEquals("<think> \\boxed{1}", p.restText());
        assertFalse(p.unclosedThink());
        assertEquals(p.restText().length(), p.readableEnd());
        assertEquals(ThinkRule.removeClosedSpans(c), "<think> \\boxed{1}");
    }

    @Test
    void emptyUnclosedTagStillMarksTruncation() {
        ParsedOutput p = OutputParser.parse("answer? <think>", null, "stop", 1, AnswerKind.MATH);
        assertTrue(p.unclosedThink());
        assertEquals(List.of(Region.Kind.ANSWER, Region.Kind.UNCLOSED_REASONING),
                p.regions().stream().map(Region::kind).toList());
    }

    @Test
    void pythonStripTrimsUnicodeSpaces() {
        assertEquals("x", ThinkRule.pyStrip("\u00a0 x \u0085"));
    }
}

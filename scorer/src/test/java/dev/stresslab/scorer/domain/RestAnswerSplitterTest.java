package dev.stresslab.scorer.domain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** REST's positional rule, rest-method.md sections 5 and 8. */
class RestAnswerSplitterTest {
    private static final String NONE = RestAnswerSplitter.NONE;

    @Test
    void closingTagOnlyKeepsTextAfterTheLastOne() {
        String out = "the template opened it \\boxed{1}</think> still thinking \\boxed{2}</think>\n Answer \\boxed{3}  ";
        assertEquals(List.of("\\boxed{3}"), RestAnswerSplitter.split(out, 1));
        assertEquals("Answer \\boxed{3}", RestAnswerSplitter.stripReasoning(out));
    }

    @Test
    void completeThinkSpansAreRemovedNonGreedily() {
        String out = "<think>try \\boxed{9}</think>Q1 \\boxed{1}<think>again \\boxed{8}</think> Q2 \\boxed{2}";
        assertEquals(List.of("\\boxed{1}", "\\boxed{2}"), RestAnswerSplitter.split(out, 2));
    }

    @Test
    void unclosedThinkStaysSoBoxesInReasoningCount() {
        String out = "<think>for Q1 maybe \\boxed{3} but wait";
        assertEquals(List.of("\\boxed{3}", NONE), RestAnswerSplitter.split(out, 2));
    }

    @Test
    void tagsAreCaseSensitive() {
        String out = "<THINK>draft \\boxed{1}</THINK> final \\boxed{2}";
        assertEquals(List.of("\\boxed{1}"), RestAnswerSplitter.split(out, 1));
    }

    @Test
    void braceMatchingStartsAtTheNextBraceHoweverFar() {
        List<String> a = RestAnswerSplitter.split("\\boxed 5 is my answer, next \\boxed{6} done", 2);
        assertEquals(List.of("\\boxed 5 is my answer, next \\boxed{6}", NONE), a);
        assertEquals("6", RestAnswerSplitter.unwrap(a.get(0)));
    }

    @Test
    void boxedAnswerPrefixStillMatches() {
        List<String> a = RestAnswerSplitter.split("\\boxedanswer{7}", 1);
        assertEquals(List.of("\\boxedanswer{7}"), a);
        assertEquals("7", RestAnswerSplitter.unwrap(a.get(0)));
    }

    @Test
    void escapedBracesCountAsBraces() {
        assertEquals(List.of("\\boxed{\\{1,2\\}}"), RestAnswerSplitter.split("\\boxed{\\{1,2\\}}", 1));
        // "\}" closes the group early
        assertEquals(List.of("\\boxed{a \\}", "\\boxed{c}"), RestAnswerSplitter.split("\\boxed{a \\} b} \\boxed{c}", 2));
        // an unbalanced "\{" leaves the group open: None, scan over
        assertEquals(List.of(NONE, NONE), RestAnswerSplitter.split("\\boxed{\\{1,2} and \\boxed{3}", 2));
    }

    @Test
    void unterminatedGroupYieldsNoneAndEndsTheScan() {
        assertEquals(List.of("\\boxed{1}", NONE, NONE),
                RestAnswerSplitter.split("\\boxed{1} then \\boxed{2 oops \\boxed{3}", 3));
    }

    @Test
    void closingBraceBeforeAnyOpeningYieldsNoneAndEndsTheScan() {
        assertEquals(List.of(NONE, NONE), RestAnswerSplitter.split("\\boxed} 5 {6} \\boxed{7}", 2));
        assertEquals(List.of(NONE), RestAnswerSplitter.split("\\boxed}", 1));
    }

    @Test
    void pythonCounterCanRecoverFromANegativeDepthInContrivedText() {
        // REST's counter goes -1, 0, 1, 0: the group closes at the first brace after "a" (kept as Python does)
        assertEquals(List.of("\\boxed}{{a}", "\\boxed{b}"), RestAnswerSplitter.split("\\boxed}{{a}} \\boxed{b}", 2));
    }

    @Test
    void firstSGroupsAreKeptAndMissingOnesAreNone() {
        String out = "\\boxed{1} \\boxed{2} \\boxed{3}";
        assertEquals(List.of("\\boxed{1}", "\\boxed{2}"), RestAnswerSplitter.split(out, 2));
        assertEquals(List.of("\\boxed{1}", "\\boxed{2}", "\\boxed{3}", NONE), RestAnswerSplitter.split(out, 4));
    }

    @Test
    void levelOneTakesTheFirstBoxNotTheLast() {
        assertEquals(List.of("\\boxed{1}"), RestAnswerSplitter.split("first \\boxed{1}, corrected: \\boxed{2}", 1));
    }

    @Test
    void labelsAreIgnored() {
        String out = "Answer to Q2: \\boxed{b}\nAnswer to Q1: \\boxed{a}";
        assertEquals(List.of("\\boxed{b}", "\\boxed{a}"), RestAnswerSplitter.split(out, 2));
    }

    @Test
    void fboxIsNeverReached() {
        assertEquals(List.of(NONE), RestAnswerSplitter.split("\\fbox{5}", 1));
    }

    @Test
    void nullOrEmptyOutputGivesNoneEverywhere() {
        assertEquals(List.of(NONE, NONE), RestAnswerSplitter.split(null, 2));
        assertEquals(List.of(NONE), RestAnswerSplitter.split("", 1));
    }

    @Test
    void nestedBracesAndUnwrap() {
        List<String> a = RestAnswerSplitter.split("\\boxed{\\frac{1}{2}}", 1);
        assertEquals("\\frac{1}{2}", RestAnswerSplitter.unwrap(a.get(0)));
        assertNull(RestAnswerSplitter.unwrap("\\boxed{None}"));
        assertNull(RestAnswerSplitter.unwrap(null));
    }

    @Test
    void stripIsPythonStrip() {
        assertEquals("x", RestAnswerSplitter.stripReasoning("\u00a0 x \u0085"));
    }

    @Test
    void gpqaDoubledBracesAreOneGroup() {
        assertEquals(List.of("\\boxed{{A}}"), RestAnswerSplitter.split("ANSWER: \\boxed{{A}}", 1));
    }
}

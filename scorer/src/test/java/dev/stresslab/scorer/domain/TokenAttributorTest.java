package dev.stresslab.scorer.domain;

import dev.stresslab.contracts.AnswerKind;
import dev.stresslab.contracts.Usage;
import dev.stresslab.scorer.parse.OutputParser;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenAttributorTest {
    private static final String OUT = "<think>Let me start with Q1. " + "Adding the numbers carefully. ".repeat(30)
            + "Now the second question. " + "Quick. ".repeat(3) + "</think>Q1: \\boxed{4}\nQ2: \\boxed{9}";

    private static TokenAttributor.Attribution attribute(String content, String reasoning, Usage usage, int level) {
        return TokenAttributor.attribute(OutputParser.parse(content, reasoning, "stop", level, AnswerKind.MATH), usage);
    }

    private static int sum(List<Integer> xs) {
        return xs.stream().mapToInt(Integer::intValue).sum();
    }

    @Test
    void splitsReasoningWhereTheModelMovesOn() {
        TokenAttributor.Attribution t = attribute(OUT, null, Usage.UNKNOWN, 2);
        List<Integer> r = t.reasoningTokens();
        assertEquals(2, r.size());
        assertTrue(r.get(0) > 5 * r.get(1), r.toString());
        assertTrue(r.get(1) > 0);
        assertEquals(0, t.unattributedReasoning());
        assertTrue(t.answerTokens().get(0) > 0 && t.answerTokens().get(1) > 0, t.answerTokens().toString());
    }

    @Test
    void scalesToServerUsage() {
        TokenAttributor.Attribution t = attribute(OUT, null, new Usage(100, 1000, 800), 2);
        assertEquals(800, sum(t.reasoningTokens()) + t.unattributedReasoning());
        assertEquals(200, sum(t.answerTokens()));
        TokenAttributor.Attribution c = attribute(OUT, null, new Usage(100, 517, null), 2);
        assertEquals(517, sum(c.reasoningTokens()) + c.unattributedReasoning() + sum(c.answerTokens()));
    }

    @Test
    void separateReasoningAndHiddenReasoning() {
        TokenAttributor.Attribution sep = attribute("Q1: \\boxed{1} Q2: \\boxed{2}",
                "Q1 is long " + "x ".repeat(50) + "\nQ2 short", new Usage(10, 300, 250), 2);
        assertEquals(250, sum(sep.reasoningTokens()) + sep.unattributedReasoning());
        assertEquals(50, sum(sep.answerTokens()));
        assertTrue(sep.reasoningTokens().get(0) > sep.reasoningTokens().get(1));
        // hidden reasoning (a count, no text): unknown per position, never spread by answer length
        TokenAttributor.Attribution hidden = attribute("Q1: \\boxed{1}\nQ2: \\boxed{2}", null,
                new Usage(10, 200, 180), 2);
        assertEquals(Arrays.asList(null, null), hidden.reasoningTokens());
        assertNull(hidden.unattributedReasoning());
        assertEquals(20, sum(hidden.answerTokens()));
    }

    @Test
    void boxesMoveOnWithoutLabelsInTheAnswerPart() {
        TokenAttributor.Attribution t = attribute("work work work \\boxed{1} more work here \\boxed{2} tail", null,
                Usage.UNKNOWN, 3);
        List<Integer> a = t.answerTokens();
        assertTrue(a.get(0) > 0 && a.get(1) > 0 && a.get(2) > 0, a.toString());
    }

    @Test
    void confoundersDoNotMoveTokens() {
        String q1 = "Q1. Let q2 be the larger root and Q2 in the notes is unrelated; " + "we expand the square. ".repeat(40)
                + "Tentatively \\boxed{7}, let me verify. " + "Checking each term again. ".repeat(40);
        String q2 = "Q2. " + "Short work here. ".repeat(10);
        String preamble = "Okay, two questions, I will go one by one. ";
        String recap = "To summarize: Q1 is 7. Q2 is 3.";
        TokenAttributor.Attribution t = attribute("<think>" + preamble + q1 + q2 + recap + "</think>Q1: \\boxed{7}\nQ2: \\boxed{3}",
                null, Usage.UNKNOWN, 2);
        int q1Tokens = (int) TokenAttributor.count(q1);
        int q2Tokens = (int) TokenAttributor.count(q2);
        assertEquals(q1Tokens, t.reasoningTokens().get(0), 2.0, t.toString());
        assertEquals(q2Tokens, t.reasoningTokens().get(1), 2.0, t.toString());
        assertEquals(TokenAttributor.count(preamble) + TokenAttributor.count(recap), t.unattributedReasoning(), 2.0);
    }

    @Test
    void unlabelledReasoningAtSeveralQuestionsIsUnknownPerPosition() {
        TokenAttributor.Attribution t = attribute("<think>I will just think. " + "Hmm. ".repeat(20) + "</think>"
                + "\\boxed{1} \\boxed{2}", null, new Usage(1, 100, 90), 2);
        assertEquals(Arrays.asList(null, null), t.reasoningTokens());
        assertEquals(90, t.unattributedReasoning());
        // at level 1 all reasoning is question 1's
        TokenAttributor.Attribution one = attribute("<think>Hmm, let me think. " + "Hmm. ".repeat(20) + "</think>\\boxed{1}",
                null, new Usage(1, 100, 90), 1);
        assertEquals(List.of(90), one.reasoningTokens());
        assertEquals(0, one.unattributedReasoning());
    }

    @Test
    void largestRemainderRounding() {
        assertArrayEquals(new int[]{1, 1, 1}, TokenAttributor.round(new double[]{1.0 / 3 * 3, 1.0, 1.0}));
        int[] r = TokenAttributor.round(new double[]{0.5, 0.25, 0.25});
        assertEquals(1, r[0] + r[1] + r[2]);
    }
}

package dev.stresslab.scorer.extract;

import dev.stresslab.contracts.AnswerKind;
import dev.stresslab.contracts.ChatMessage;
import dev.stresslab.contracts.CompletionEvent;
import dev.stresslab.contracts.GenerationSettings;
import dev.stresslab.contracts.PromptEvent;
import dev.stresslab.contracts.QuestionVerdict;
import dev.stresslab.contracts.ScoreEvent;
import dev.stresslab.contracts.Usage;
import dev.stresslab.scorer.domain.PromptScorer;
import dev.stresslab.scorer.grading.AnswerGrader;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LlmReadingTest {
    private static final AnswerGrader GRADER = new AnswerGrader();

    /** A level-3 GPQA output whose second answer is written without a box, the third not at all. */
    private static ScoreEvent ruleBased() {
        PromptEvent p = new PromptEvent(1, "run-1", "run-1/gpqa-diamond/L3/G0/S0", "m", "gpqa-diamond", 3, 0, 0,
                List.of("g1", "g2", "g3"), List.of("B", "C", "A"), AnswerKind.CHOICE,
                List.of(ChatMessage.user("...")), GenerationSettings.PAPER_DEFAULTS);
        CompletionEvent c = CompletionEvent.success(p, "Answer to Q1: ANSWER: \\boxed{B}\nAnswer to Q2: it must be C.\n"
                + "Answer to Q3: I am not sure.", null, "stop", new Usage(10, 40, null), 100, 1);
        return PromptScorer.createDefault().score(c);
    }

    @Test
    void theLlmsReadingBecomesTheHeadlineAndTheRuleBasedOneStaysBesideIt() {
        ScoreEvent rule = ruleBased();
        assertTrue(rule.questions().get(0).correct());
        assertFalse(rule.questions().get(1).correct(), "no box, no ANSWER: line: the rules find no answer");

        ScoreEvent llm = LlmReading.apply(rule, "Answer to Q1: \\boxed{B}\nAnswer to Q2: \\boxed{C}\nAnswer to Q3: \\boxed{None}", GRADER);
        QuestionVerdict q1 = llm.questions().get(0);
        QuestionVerdict q2 = llm.questions().get(1);
        QuestionVerdict q3 = llm.questions().get(2);
        assertEquals("B", q1.extracted());
        assertTrue(q1.correct());
        assertEquals("B", q1.ruleExtracted());
        assertEquals(Boolean.TRUE, q1.ruleCorrect());
        assertTrue(q1.flags().contains("llm-extracted"));
        assertFalse(q1.flags().contains("llm-reading-differs"));

        assertEquals("C", q2.extracted());
        assertTrue(q2.correct());
        assertEquals(Boolean.FALSE, q2.ruleCorrect());
        assertTrue(q2.flags().contains("llm-reading-differs"));

        assertNull(q3.extracted(), "\\boxed{None} is no answer");
        assertTrue(q3.omitted());
        assertFalse(q3.correct());
        assertEquals(rule.questions().get(2).flags().size() + 1, q3.flags().size());
    }

    @Test
    void aShortReplyLeavesTheMissingSlotsUnanswered() {
        ScoreEvent llm = LlmReading.apply(ruleBased(), "Answer to Q1: \\boxed{D}", GRADER);
        assertEquals("D", llm.questions().get(0).extracted());
        assertFalse(llm.questions().get(0).correct());
        assertTrue(llm.questions().get(0).flags().contains("llm-reading-differs"));
        assertNull(llm.questions().get(1).extracted());
    }

    @Test
    void aFailedExtractionKeepsTheRuleBasedReadingFlagged() {
        ScoreEvent rule = ruleBased();
        ScoreEvent failed = LlmReading.failed(rule);
        for (int i = 0; i < 3; i++) {
            QuestionVerdict v = failed.questions().get(i);
            assertEquals(rule.questions().get(i).extracted(), v.extracted());
            assertEquals(rule.questions().get(i).correct(), v.correct());
            assertTrue(v.flags().contains("llm-extract-failed"));
            assertNull(v.ruleCorrect());
        }
    }
}

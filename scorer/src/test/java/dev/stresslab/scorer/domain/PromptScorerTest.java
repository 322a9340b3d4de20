package dev.stresslab.scorer.domain;

import dev.stresslab.contracts.AnswerKind;
import dev.stresslab.contracts.CompletionEvent;
import dev.stresslab.contracts.ErrorCategory;
import dev.stresslab.contracts.Failure;
import dev.stresslab.contracts.QuestionVerdict;
import dev.stresslab.contracts.ScoreEvent;
import dev.stresslab.contracts.Usage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromptScorerTest {
    private final PromptScorer scorer = PromptScorer.createDefault();

    private static CompletionEvent completion(int level, List<String> gold, AnswerKind kind, String content,
                                              String reasoning, String finish, Usage usage, Failure failure) {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < level; i++) {
            ids.add("q" + i);
        }
        return new CompletionEvent(1, "run", "p1", "m", "math500", level, 0, 0, ids, gold, kind, content, reasoning,
                finish, usage, 10, null, 1, failure);
    }

    @Test
    void headlineIsRestPositionalWithLabelDiagnostics() {
        ScoreEvent e = scorer.score(completion(2, List.of("\\frac{1}{2}", "4"), AnswerKind.MATH,
                "<think>Q1 first ... then Q2</think>**Q2:** \\boxed{4}\n**Q1:** \\boxed{0.5}", null, "stop",
                new Usage(50, 400, 300), null));
        assertEquals(ScoreEvent.Outcome.SCORED, e.outcome());
        QuestionVerdict q1 = e.questions().get(0);
        QuestionVerdict q2 = e.questions().get(1);
        assertEquals("4", q1.extracted());
        assertFalse(q1.correct());
        assertFalse(q2.correct());
        assertTrue(q1.flags().contains("label-mismatch"));
        assertTrue(q1.flags().contains("label-aware-correct"));
        // schema 2: reasoning apart from the answer ("then Q2" mid-sentence is not a label: all of it is Q1's work)
        assertEquals(300, q1.reasoningTokens() + q2.reasoningTokens() + e.unattributedReasoningTokens());
        assertEquals(300, q1.reasoningTokens());
        assertEquals(100, q1.answerTokens() + q2.answerTokens());
        assertEquals(ErrorCategory.FORMAT_VIOLATION, q1.errorCategory(), "answered right, in the wrong order");
        assertFalse(e.truncated());
    }

    @Test
    void eachVerdictCarriesItsQuestionsSubjectAndLevelFromTheCompletion() {
        CompletionEvent c = completion(2, List.of("27", "3"), AnswerKind.MATH, "Q1: \\boxed{27}\nQ2: \\boxed{4}", null,
                "stop", Usage.UNKNOWN, null);
        CompletionEvent tagged = new CompletionEvent(c.schemaVersion(), c.runId(), c.promptId(), c.modelId(), c.benchmark(),
                c.level(), c.groupIndex(), c.sample(), c.questionIds(), c.goldAnswers(), c.answerKind(), c.content(),
                c.reasoning(), c.finishReason(), c.usage(), c.latencyMs(), null, 1, null,
                java.util.Arrays.asList("Algebra", null), List.of(2, 5));
        ScoreEvent scored = scorer.score(tagged);
        assertEquals("Algebra", scored.questions().get(0).subject());
        assertEquals(2, scored.questions().get(0).difficultyLevel());
        assertNull(scored.questions().get(1).subject());
        assertEquals(5, scored.questions().get(1).difficultyLevel());
        assertTrue(scored.questions().get(0).correct());
        assertFalse(scored.questions().get(1).correct());
        ScoreEvent failed = scorer.score(CompletionEvent.failure(new dev.stresslab.contracts.PromptEvent(1, "run", "p1",
                "m", "math500", 2, 0, 0, c.questionIds(), c.goldAnswers(), AnswerKind.MATH, List.of(), null,
                List.of("Algebra", "Geometry"), List.of(2, 5)), new Failure("HTTP_500", "boom", 500), 10, 3));
        assertEquals(List.of("Algebra", "Geometry"), failed.questions().stream().map(QuestionVerdict::subject).toList());
        assertEquals(List.of(2, 5), failed.questions().stream().map(QuestionVerdict::difficultyLevel).toList());
        assertNull(scorer.score(c).questions().get(0).subject(), "untagged completions give untagged verdicts");
    }

    @Test
    void correctAnswers() {
        ScoreEvent e = scorer.score(completion(2, List.of("27.0", "\\frac{\\sqrt{3}}{2}"), AnswerKind.MATH,
                "Q1: \\boxed{27}\nQ2: \\boxed{\\dfrac{\\sqrt3}{2}}", null, "stop", Usage.UNKNOWN, null));
        assertTrue(e.questions().get(0).correct());
        assertTrue(e.questions().get(1).correct());
        // no reasoning text and no reasoning count: unknown, not zero; the answer part is counted
        assertNull(e.questions().get(0).reasoningTokens());
        assertNotNull(e.questions().get(0).answerTokens());
        assertEquals(ErrorCategory.CORRECT, e.questions().get(0).errorCategory());
    }

    @Test
    void failedCompletionIsFailedWithEverySlotWrong() {
        ScoreEvent e = scorer.score(completion(3, List.of("1", "2", "3"), AnswerKind.MATH, null, null, null,
                Usage.UNKNOWN, new Failure("TIMEOUT", "timed out", null)));
        assertEquals(ScoreEvent.Outcome.FAILED, e.outcome());
        assertEquals(3, e.questions().size());
        assertTrue(e.questions().stream().noneMatch(QuestionVerdict::correct));
        assertTrue(e.questions().stream().allMatch(q -> q.errorCategory() == null));
        assertEquals(List.of(1, 2, 3), e.questions().stream().map(QuestionVerdict::position).toList());
    }

    @Test
    void omittedAndTruncated() {
        ScoreEvent e = scorer.score(completion(2, List.of("1", "2"), AnswerKind.MATH,
                "<think>Q1 is \\boxed{1} probably and Q2", null, "length", Usage.UNKNOWN, null));
        assertTrue(e.truncated());
        QuestionVerdict q1 = e.questions().get(0);
        assertTrue(q1.correct(), "REST counts the box inside the unclosed reasoning");
        assertTrue(q1.flags().contains("from-truncated-reasoning"));
        QuestionVerdict q2 = e.questions().get(1);
        assertTrue(q2.omitted());
        assertNull(q2.extracted());
        assertEquals(ErrorCategory.OUTPUT_TRUNCATION, q2.errorCategory());
    }

    @Test
    void literalBoxedNoneIsOmitted() {
        ScoreEvent e = scorer.score(completion(1, List.of("1"), AnswerKind.MATH, "\\boxed{None}", null, "stop",
                Usage.UNKNOWN, null));
        assertTrue(e.questions().get(0).omitted());
    }

    @Test
    void choiceFallsBackToAnswerLines() {
        ScoreEvent e = scorer.score(completion(2, List.of("B", "C"), AnswerKind.CHOICE,
                "Q1: ... ANSWER: \\boxed{{B}}\nQ2: ... ANSWER: C", null, "stop", Usage.UNKNOWN, null));
        assertTrue(e.questions().get(0).correct());
        assertTrue(e.questions().get(1).correct());
        assertTrue(e.questions().get(1).flags().contains("choice-fallback"));
    }
}

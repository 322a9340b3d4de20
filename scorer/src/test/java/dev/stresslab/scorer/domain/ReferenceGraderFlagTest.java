package dev.stresslab.scorer.domain;

import dev.stresslab.contracts.AnswerKind;
import dev.stresslab.contracts.CompletionEvent;
import dev.stresslab.contracts.QuestionVerdict;
import dev.stresslab.contracts.Usage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-slot {@code reference-grader-differs} flag and the reading of a level-1 answer with no box. */
class ReferenceGraderFlagTest {
    private final PromptScorer scorer = PromptScorer.createDefault();

    private List<QuestionVerdict> score(List<String> gold, String content, AnswerKind kind) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < gold.size(); i++) {
            ids.add("q" + i);
        }
        return scorer.score(new CompletionEvent(1, "run", "p", "m", "math500", gold.size(), 0, 0, ids, gold, kind,
                content, null, "stop", Usage.UNKNOWN, 10, null, 1, null)).questions();
    }

    @Test
    void slotsWhereMathVerifysQuirksWouldFlipTheVerdictAreFlagged() {
        List<QuestionVerdict> q = score(List.of("9", "\\frac{4}{3}", "52_8", "1\\frac{4}{5}", "10", "7"),
                "Q1: \\boxed{9.}\nQ2: \\boxed{\\frac43}\nQ3: \\boxed{52_9}\nQ4: \\boxed{\\frac{4}{5}}\nQ5: \\boxed{10\\%}"
                        + "\nQ6: \\boxed{7}", AnswerKind.MATH);
        // ours: right, right, wrong, wrong, right, right; Math-Verify: wrong, wrong, right, right, wrong, right
        boolean[] ours = {true, true, false, false, true, true};
        for (int i = 0; i < 6; i++) {
            assertEquals(ours[i], q.get(i).correct(), "slot " + (i + 1));
            assertEquals(i < 5, q.get(i).flags().contains("reference-grader-differs"), "slot " + (i + 1) + " " + q.get(i).flags());
        }
    }

    @Test
    void choiceSlotsAreNotFlagged() {
        List<QuestionVerdict> q = score(List.of("C"), "\\boxed{C}", AnswerKind.CHOICE);
        assertTrue(q.get(0).correct());
        assertFalse(q.get(0).flags().contains("reference-grader-differs"));
    }

    @Test
    void aLevelOneAnswerWithNoBoxIsReadLikeMathVerifyBesideRestsVerdict() {
        QuestionVerdict right = score(List.of("42"), "<think>maybe 41</think>So the final answer is $42$.", AnswerKind.MATH).get(0);
        assertFalse(right.correct()); // REST: no box, no answer
        assertNull(right.extracted());
        assertTrue(right.flags().contains("unboxed-answer"), right.flags().toString());
        assertTrue(right.flags().contains("label-aware-correct"), right.flags().toString());

        QuestionVerdict wrong = score(List.of("42"), "Adding them up gives 41.", AnswerKind.MATH).get(0);
        assertTrue(wrong.flags().contains("unboxed-answer"));
        assertFalse(wrong.flags().contains("label-aware-correct"));

        QuestionVerdict insideReasoning = score(List.of("42"), "<think>the final answer is 42", AnswerKind.MATH).get(0);
        assertFalse(insideReasoning.flags().contains("unboxed-answer"), "nothing is read from unclosed reasoning");
    }
}

package dev.stresslab.scorer.grading;

import dev.stresslab.contracts.AnswerKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnswerGraderTest {
    private final AnswerGrader grader = new AnswerGrader();

    @Test
    void fastPathsNameHowTheVerdictWasReached() {
        assertEquals("text", grader.grade("\\dfrac{1}{2}", "\\frac{1}{2}", AnswerKind.MATH).path());
        assertEquals("number", grader.grade("27", "27.0", AnswerKind.MATH).path());
        assertEquals("symbolic", grader.grade("2\\sqrt{3}", "\\sqrt{12}", AnswerKind.MATH).path());
        assertEquals("choice", grader.grade("(A)", "A", AnswerKind.CHOICE).path());
    }

    @Test
    void nullsAreNeverEqual() {
        assertFalse(grader.equal(null, "1", AnswerKind.MATH));
        assertFalse(grader.equal("1", null, AnswerKind.MATH));
        assertFalse(grader.equal("  ", "  ", AnswerKind.MATH));
    }

    @Test
    void pathologicalInputsAreBounded() {
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            deep.append("\\frac{1}{");
        }
        String tower = "2^{2^{2^{2^{2^{2^{2^{2^{2^{2^{2}}}}}}}}}}";
        String manyVars = "(a+b+c+d+e+f+g+h)^{12}".repeat(40);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertFalse(grader.equal(deep.toString(), "1", AnswerKind.MATH));
            assertFalse(grader.equal(tower, tower + "+1", AnswerKind.MATH));
            grader.equal(manyVars, manyVars + "+1", AnswerKind.MATH);
            grader.equal("9!!!!!!!", "1", AnswerKind.MATH);
        });
    }

    @Test
    void aTinyBudgetAnswersNotEqualInsteadOfRunningOn() {
        AnswerGrader tiny = new AnswerGrader(50, Duration.ofMillis(50));
        AnswerGrader.Verdict v = tiny.grade("(x+1)^2+(y+1)^2+(z+1)^2", "x^2+2x+y^2+2y+z^2+2z+3", AnswerKind.MATH);
        assertFalse(v.equal());
        assertEquals("budget", v.path());
        assertTrue(grader.equal("(x+1)^2+(y+1)^2+(z+1)^2", "x^2+2x+y^2+2y+z^2+2z+3", AnswerKind.MATH));
    }

    @Test
    void choiceLetters() {
        assertEquals("A", AnswerGrader.choiceLetter("\\boxed{A}"));
        assertEquals("B", AnswerGrader.choiceLetter("ANSWER: \\boxed{B}"));
        assertEquals("C", AnswerGrader.choiceLetter("{$C}"));
        assertNull(AnswerGrader.choiceLetter("$LETTER"));
        assertNull(AnswerGrader.choiceLetter("apple"));
    }
}

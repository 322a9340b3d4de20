package dev.stresslab.scorer.domain;

import dev.stresslab.contracts.AnswerKind;
import dev.stresslab.contracts.CompletionEvent;
import dev.stresslab.contracts.ErrorCategory;
import dev.stresslab.contracts.QuestionVerdict;
import dev.stresslab.contracts.Usage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** One hand-written output per category of the paper's taxonomy (docs/metrics.md, "Error taxonomy"). */
class ErrorClassifierTest {
    private final PromptScorer scorer = PromptScorer.createDefault();

    private List<ErrorCategory> categories(String content, String finish, String... gold) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < gold.length; i++) {
            ids.add("q" + i);
        }
        CompletionEvent c = new CompletionEvent(1, "run", "p", "m", "math500", gold.length, 0, 0, ids, List.of(gold),
                AnswerKind.MATH, content, null, finish, Usage.UNKNOWN, 10, null, 1, null);
        return scorer.score(c).questions().stream().map(QuestionVerdict::errorCategory).toList();
    }

    private static final String WORK = "Expand, collect the terms and compare both sides. ".repeat(4);

    @Test
    void correctAndReasoningError() {
        List<ErrorCategory> c = categories("<think>Q1. " + WORK + "So the answer to Q1 is 5.\nQ2. " + WORK
                + "So the answer to Q2 is 21.</think>Q1: \\boxed{5}\nQ2: \\boxed{21}", "stop", "5", "12");
        assertEquals(List.of(ErrorCategory.CORRECT, ErrorCategory.REASONING_ERROR), c);
    }

    @Test
    void summaryErrorWhenTheFinalAnswerContradictsTheWork() {
        List<ErrorCategory> c = categories("<think>Q1. " + WORK + "So the answer to Q1 is 5.\nQ2. " + WORK
                + "Tentatively \\boxed{20}, check again. " + WORK + "So the answer to Q2 is 12.</think>"
                + "Q1: \\boxed{5}\nQ2: \\boxed{21}", "stop", "5", "12");
        assertEquals(List.of(ErrorCategory.CORRECT, ErrorCategory.SUMMARY_ERROR), c);
    }

    @Test
    void questionOmissionWhenTheReasoningNeverWorksOnIt() {
        List<ErrorCategory> c = categories("<think>Q1. " + WORK + "So the answer to Q1 is 5.\nQ3. " + WORK
                + "So the answer to Q3 is 9.</think>Q1: \\boxed{5}\nQ2: \\boxed{3}\nQ3: \\boxed{9}", "stop",
                "5", "4", "9");
        assertEquals(List.of(ErrorCategory.CORRECT, ErrorCategory.QUESTION_OMISSION, ErrorCategory.CORRECT), c);
    }

    @Test
    void formatViolationWhenAnsweredWithoutTheBox() {
        List<ErrorCategory> c = categories("<think>Q1. " + WORK + "\nQ2. " + WORK + "</think>"
                + "Q1: The answer is \\boxed{5}.\nQ2: The answer is 7.", "stop", "5", "7");
        assertEquals(List.of(ErrorCategory.CORRECT, ErrorCategory.FORMAT_VIOLATION), c);
        // answered in order of the labels, not of the positions: REST reads Q2's box for Q1
        List<ErrorCategory> swapped = categories("<think>Q1. " + WORK + "\nQ2. " + WORK + "</think>"
                + "**Q2:** \\boxed{7}\n**Q1:** \\boxed{5}", "stop", "5", "7");
        assertEquals(List.of(ErrorCategory.FORMAT_VIOLATION, ErrorCategory.FORMAT_VIOLATION), swapped);
    }

    @Test
    void outputTruncationBeforeTheAnswer() {
        List<ErrorCategory> c = categories("<think>Q1. " + WORK + "So the answer to Q1 is 5.\nQ2. " + WORK,
                "length", "5", "12");
        assertEquals(List.of(ErrorCategory.OUTPUT_TRUNCATION, ErrorCategory.OUTPUT_TRUNCATION), c);
        // answered before the cut: the first slot is judged on its answer
        List<ErrorCategory> late = categories("<think>Q1. " + WORK + "\nQ2. " + WORK + "</think>Q1: \\boxed{5}\nQ2: Let",
                "length", "5", "12");
        assertEquals(List.of(ErrorCategory.CORRECT, ErrorCategory.OUTPUT_TRUNCATION), late);
    }

    @Test
    void endlessRepetitionAtTheCut() {
        List<ErrorCategory> c = categories("<think>Q1. " + WORK + "So the answer to Q1 is 5.\nQ2. "
                + "Wait, let me recompute the sum of the digits again. ".repeat(120), "length", "5", "12");
        assertEquals(List.of(ErrorCategory.ENDLESS_REPETITION, ErrorCategory.ENDLESS_REPETITION), c);
    }
}

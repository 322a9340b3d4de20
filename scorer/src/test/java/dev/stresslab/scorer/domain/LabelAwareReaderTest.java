package dev.stresslab.scorer.domain;

import dev.stresslab.contracts.AnswerKind;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelAwareReaderTest {

    private static SplitReport read(String out, int level) {
        return LabelAwareReader.read(out, null, "stop", level);
    }

    @Test
    void answersInTheRightOrderAgree() {
        SplitReport r = read("Q1: 2+2 gives \\boxed{4}\n\nQ2: so \\boxed{7}", 2);
        assertEquals(List.of("4", "7"), r.restExtracted());
        assertEquals(List.of("4", "7"), r.labelAnswers());
        assertEquals(List.of(Set.of(), Set.of()), r.flags());
        assertFalse(r.truncated());
    }

    @Test
    void outOfOrderAnswersAreMatchedByLabel() {
        SplitReport r = read("**Q2:** easy, \\boxed{b}\n\n**Q1:** harder, \\boxed{a}", 2);
        assertEquals(List.of("b", "a"), r.restExtracted());
        assertEquals(List.of("a", "b"), r.labelAnswers());
        assertTrue(r.flags().get(0).contains(VerdictFlag.LABEL_MISMATCH));
        assertTrue(r.flags().get(0).contains(VerdictFlag.POSITIONAL_DIFFERS));
        assertTrue(r.diagnostics().contains("out-of-order"));
    }

    @Test
    void omittedQuestionShiftsThePositionalReading() {
        SplitReport r = read("Answer to Q1: \\boxed{1}\nAnswer to Q3: \\boxed{3}", 3);
        assertEquals(Arrays.asList("1", "3", null), r.restExtracted());
        assertEquals(Arrays.asList("1", null, "3"), r.labelAnswers());
        assertTrue(r.flags().get(1).contains(VerdictFlag.LABEL_MISMATCH));
        assertTrue(r.flags().get(1).contains(VerdictFlag.NO_LABELLED_ANSWER));
        assertTrue(r.flags().get(2).contains(VerdictFlag.OMITTED));
    }

    @Test
    void repeatedBoxFoolsThePositionalRule() {
        SplitReport r = read("Q1: \\boxed{1}, double-checking: \\boxed{1}\nQ2: \\boxed{2}", 2);
        assertEquals(List.of("1", "1"), r.restExtracted());
        assertEquals(List.of("1", "2"), r.labelAnswers());
        assertTrue(r.flags().get(0).contains(VerdictFlag.MULTIPLE_BOXES));
        assertTrue(r.flags().get(1).contains(VerdictFlag.LABEL_MISMATCH));
        assertTrue(r.diagnostics().contains("extra-answers"));
    }

    @Test
    void summaryListContradictingTheWorkIsReported() {
        String out = "Q1: work ... \\boxed{1}\nQ2: work ... \\boxed{2}\n\n**Final Answers**\n1. \\boxed{1}\n2. \\boxed{3}";
        SplitReport r = read(out, 2);
        assertEquals(List.of("1", "2"), r.restExtracted());
        assertEquals(List.of("1", "2"), r.labelAnswers());
        assertTrue(r.diagnostics().contains("summary-list"));
        assertTrue(r.flags().get(1).contains(VerdictFlag.SUMMARY_CONTRADICTS));
        assertFalse(r.flags().get(0).contains(VerdictFlag.SUMMARY_CONTRADICTS));
    }

    @Test
    void summaryOnlyAnswersAreUsedWhenTheWorkHasNoBoxes() {
        String out = "Q1: the answer is 5.\nQ2: the answer is 7.\n\nQ1: \\boxed{5}\nQ2: \\boxed{7}";
        SplitReport r = read(out, 2);
        assertEquals(List.of("5", "7"), r.labelAnswers());
    }

    @Test
    void summaryByRestartedLabels() {
        String out = "Q1: \\boxed{5}\nQ2: \\boxed{6}\nSo: Q1: \\boxed{5} Q2: \\boxed{8}";
        SplitReport r = read(out, 2);
        assertEquals(List.of("5", "6"), r.labelAnswers());
        assertTrue(r.flags().get(1).contains(VerdictFlag.SUMMARY_CONTRADICTS));
    }

    @Test
    void neverTakesAnAnswerFromInsideUnclosedReasoning() {
        SplitReport r = LabelAwareReader.read("<think>Q1 looks like \\boxed{4}, now Q2", null, "length", 2);
        assertEquals(Arrays.asList("4", null), r.restExtracted());
        assertEquals(Arrays.asList(null, null), r.labelAnswers());
        assertTrue(r.truncated());
        assertTrue(r.flags().get(0).contains(VerdictFlag.FROM_TRUNCATED_REASONING));
        assertTrue(r.flags().get(0).contains(VerdictFlag.TRUNCATED_BEFORE_ANSWER));
        assertTrue(r.diagnostics().containsAll(List.of("truncated", "unclosed-think")));
    }

    @Test
    void lengthFinishReasonMarksTruncation() {
        SplitReport r = LabelAwareReader.read("Q1: \\boxed{1}\nQ2: let me", null, "length", 2);
        assertTrue(r.truncated());
        assertTrue(r.flags().get(1).contains(VerdictFlag.TRUNCATED_BEFORE_ANSWER));
    }

    @Test
    void separateReasoningMeansContentIsTheAnswerPart() {
        SplitReport r = LabelAwareReader.read("Q1: \\boxed{3}", "Q1 ... \\boxed{2} no wait", "stop", 1);
        assertEquals(List.of("3"), r.labelAnswers());
        assertEquals(List.of("3"), r.restExtracted());
        assertTrue(r.diagnostics().contains("separate-reasoning"));
    }

    @Test
    void unterminatedBoxLosesLaterPositionalAnswersButNotLabelled() {
        SplitReport r = read("Q1: \\boxed{1\nQ2: \\boxed{2}", 2);
        assertEquals(Arrays.asList(null, null), r.restExtracted());
        assertTrue(r.flags().get(0).contains(VerdictFlag.UNTERMINATED_BOX));
        assertTrue(r.flags().get(1).contains(VerdictFlag.LOST_AFTER_UNTERMINATED));
        assertEquals(Arrays.asList(null, "2"), r.labelAnswers());
    }

    @Test
    void choiceLinesWithoutBoxesAreReadForChoice() {
        SplitReport r = LabelAwareReader.read("Q1: reasoning. ANSWER: B\nQ2: ANSWER: \\boxed{C}", null, "stop", 2,
                AnswerKind.CHOICE, LabelAwareReader::sameText);
        assertEquals(Arrays.asList("\\boxed{C}", RestAnswerSplitter.NONE), r.restAnswers());
        assertEquals(List.of("B", "C"), r.labelAnswers());
        assertTrue(r.flags().get(0).contains(VerdictFlag.UNBOXED_ANSWER));
    }

    @Test
    void unlabelledBoxesArePositional() {
        SplitReport r = read("first \\boxed{1} then \\boxed{2}", 2);
        assertEquals(List.of("1", "2"), r.labelAnswers());
        assertEquals(List.of("position", "position"), r.labelSources());
    }

    @Test
    void noBoxesAtAll() {
        SplitReport r = read("I could not solve these.", 2);
        assertTrue(r.diagnostics().contains("no-boxes"));
        assertTrue(r.flags().get(0).containsAll(List.of(VerdictFlag.OMITTED, VerdictFlag.NO_LABELLED_ANSWER)));
    }

    // Extraction like the reference (issue 10 item 5): a question with no box is read by AnswerExtractor's rule

    @Test
    void aLevelOneAnswerWithoutBoxIsReadAsMathVerifyWould() {
        SplitReport r = read("<think>2+2 is 4, or is it 5?</think>Adding them gives 4, so the final answer is $4$.", 1);
        assertEquals(Arrays.asList((String) null), r.restExtracted());
        assertEquals(List.of("4"), r.labelAnswers());
        assertEquals(List.of("position"), r.labelSources());
        assertTrue(r.flags().get(0).containsAll(Set.of(VerdictFlag.UNBOXED_ANSWER, VerdictFlag.POSITIONAL_DIFFERS)));
        assertTrue(r.diagnostics().contains("unboxed-answers"));
    }

    @Test
    void aLabelledQuestionWithoutBoxIsReadFromItsOwnPart() {
        SplitReport r = read("Q1: the sum is \\boxed{12}\n\nQ2: the area is $\\frac{3}{4}$\n\nQ3: so it takes 17 days.", 3);
        assertEquals(Arrays.asList("12", null, null), r.restExtracted());
        assertEquals(List.of("12", "\\frac{3}{4}", "17"), r.labelAnswers());
        assertFalse(r.flags().get(0).contains(VerdictFlag.UNBOXED_ANSWER));
        assertTrue(r.flags().get(1).contains(VerdictFlag.UNBOXED_ANSWER));
        assertTrue(r.flags().get(2).contains(VerdictFlag.UNBOXED_ANSWER));
    }

    @Test
    void unlabelledTextAtAHigherLevelNamesNoQuestion() {
        SplitReport r = read("First 3, then 5, and finally 8.", 3);
        assertEquals(Arrays.asList(null, null, null), r.labelAnswers());
        assertTrue(r.flags().stream().allMatch(f -> f.contains(VerdictFlag.NO_LABELLED_ANSWER)));
    }

    @Test
    void aMalformedBoxIsNotReadAsAnUnboxedAnswer() {
        SplitReport r = read("The final answer is \\boxed{42", 1);
        assertEquals(Arrays.asList((String) null), r.labelAnswers());
    }

    @Test
    void multipleChoiceIsNotReadByTheMathExtractor() {
        SplitReport r = LabelAwareReader.read("I think it is option two, 2.", null, "stop", 1, AnswerKind.CHOICE,
                LabelAwareReader::sameText);
        assertEquals(Arrays.asList((String) null), r.labelAnswers());
    }
}

package dev.stresslab.scorer.domain;

import dev.stresslab.contracts.ErrorCategory;
import dev.stresslab.scorer.parse.AttributionCut;
import dev.stresslab.scorer.parse.ParsedOutput;

import java.util.Set;
import java.util.function.BiPredicate;

/**
 * The REST paper's failure taxonomy per slot (§4.3, Table 3, Fig. 5), by rules over one parse. A correct slot is
 * {@link ErrorCategory#CORRECT}; a wrong one gets the first category whose rule holds, in {@link ErrorCategory}'s
 * order (docs/metrics.md, "Error taxonomy"):
 * <ol>
 *   <li>output truncation: the output was cut (token limit, or inside its reasoning) before this slot's final answer,
 *       and its end is not a loop;</li>
 *   <li>endless repetition: the same, but the output's last words repeat the same 4-grams over and over (also an
 *       output that stopped inside such a loop);</li>
 *   <li>format violation: the slot was answered in the text, not where REST's rule looks (no box but "the answer
 *       is X" under its label, an {@code ANSWER: X} line, or a box out of order whose labelled answer grades
 *       right);</li>
 *   <li>question omission: the reasoning holds no work on this question (when the reasoning is hidden, or no part of it
 *       could be given to a question: no answer anywhere either);</li>
 *   <li>summary error: the answer the reasoning stated for this question, or the per-question work, differs from the
 *       final answer;</li>
 *   <li>reasoning error: otherwise.</li>
 * </ol>
 */
public final class ErrorClassifier {
    private ErrorClassifier() {
    }

    /**
     * @param i           slot index (0 = position 1)
     * @param correct     the slot's headline verdict
     * @param finalAnswer the answer that was graded (REST's, or the choice fallback), null when none
     * @param flags       the slot's flags
     * @param same        answer equivalence (the grader in production)
     */
    public static ErrorCategory classify(ParsedOutput parsed, SplitReport report, int i, boolean correct,
                                         String finalAnswer, Set<VerdictFlag> flags, BiPredicate<String, String> same) {
        if (correct) {
            return ErrorCategory.CORRECT;
        }
        String labelAnswer = report.labelAnswers().get(i);
        if (labelAnswer == null) {
            labelAnswer = parsed.unboxedAnswers().get(i);
        }
        boolean noFinalAnswer = finalAnswer == null || flags.contains(VerdictFlag.FROM_TRUNCATED_REASONING);
        boolean unanswered = noFinalAnswer && labelAnswer == null;
        if (unanswered && (parsed.truncated() || parsed.endsInRepetition())) {
            return parsed.endsInRepetition() ? ErrorCategory.ENDLESS_REPETITION : ErrorCategory.OUTPUT_TRUNCATION;
        }
        if (noFinalAnswer && labelAnswer != null || flags.contains(VerdictFlag.CHOICE_FALLBACK)
                || flags.contains(VerdictFlag.LABEL_AWARE_CORRECT)) {
            return ErrorCategory.FORMAT_VIOLATION;
        }
        if (!workedOn(parsed, i + 1, unanswered)) {
            return ErrorCategory.QUESTION_OMISSION;
        }
        String stated = parsed.reasoningAnswers().get(i);
        String given = finalAnswer != null ? finalAnswer : labelAnswer;
        if (flags.contains(VerdictFlag.SUMMARY_CONTRADICTS)
                || stated != null && given != null && !safeSame(same, stated, given)) {
            return ErrorCategory.SUMMARY_ERROR;
        }
        return ErrorCategory.REASONING_ERROR;
    }

    /**
     * Whether the reasoning holds work on {@code position}: some of it was attributed there. When no reasoning text
     * could be attributed at all (hidden, or unlabelled at level above 1), a slot counts as worked on unless it has
     * no answer anywhere.
     */
    static boolean workedOn(ParsedOutput parsed, int position, boolean unanswered) {
        boolean anyOwned = false;
        for (AttributionCut cut : parsed.cuts()) {
            if (cut.reasoning() && cut.position() > 0 && !parsed.text(cut).isBlank()) {
                if (cut.position() == position) {
                    return true;
                }
                anyOwned = true;
            }
        }
        return !anyOwned && !unanswered;
    }

    private static boolean safeSame(BiPredicate<String, String> same, String a, String b) {
        try {
            return same.test(a, b);
        } catch (RuntimeException e) {
            return LabelAwareReader.sameText(a, b);
        }
    }
}

package dev.stresslab.scorer.domain;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Per-slot diagnostics, stored in {@code QuestionVerdict.flags} as their kebab-case {@link #word()} (the strings
 * stored data and analytics already hold). The reading ones come from {@link LabelAwareReader}, the grading ones from
 * {@link PromptScorer}, {@code scoring-error} from the service's {@code CompletionScorer}.
 */
public enum VerdictFlag {
    /** REST has no answer for the slot. */
    OMITTED,
    /** The label-aware reading finds no answer either. */
    NO_LABELLED_ANSWER,
    /** REST's box for this slot sits under another question's label. */
    LABEL_MISMATCH,
    /** REST's box for this slot is in the final summary list. */
    FROM_SUMMARY,
    /** REST's box is inside an unclosed {@code <think>}. */
    FROM_TRUNCATED_REASONING,
    /** REST's scan stopped at this slot's group, which never closes. */
    UNTERMINATED_BOX,
    /** The slot is empty because an earlier group never closed. */
    LOST_AFTER_UNTERMINATED,
    /** REST's answer is not the label-aware one. */
    POSITIONAL_DIFFERS,
    /** Several boxes under this question's label. */
    MULTIPLE_BOXES,
    /** The summary's answer differs from the per-question work. */
    SUMMARY_CONTRADICTS,
    /** The label-aware answer was only found in the summary. */
    ANSWER_FROM_SUMMARY,
    /** The output was cut before the label-aware reading found an answer. */
    TRUNCATED_BEFORE_ANSWER,
    /** An answer read without a box: a choice letter from an {@code ANSWER: X} line, or a level-1 math answer found
     *  the way Math-Verify finds one ({@code AnswerExtractor}: "the final answer is …", {@code $…$}, a last number). */
    UNBOXED_ANSWER,
    /** The model call failed; the slot is wrong. */
    MODEL_CALL_FAILED,
    /** Multiple choice: REST had no answer, the label-aware one was graded. */
    CHOICE_FALLBACK,
    /** Graded after the output's grading budget ran out: wrong. */
    GRADING_BUDGET_EXCEEDED,
    /** Compared as exact text only (too long to parse). */
    GRADING_INPUT_TOO_LONG,
    /** The label-aware reading stopped at its box or label cap. */
    OUTPUT_SCAN_CAPPED,
    /** Grading the label-aware answer would make the slot correct. */
    LABEL_AWARE_CORRECT,
    /** Grading the label-aware answer would make the slot wrong. */
    LABEL_AWARE_WRONG,
    /** Math-Verify as REST calls it (its known quirks applied, {@code RestCompatibleReading}) would give the other verdict. */
    REFERENCE_GRADER_DIFFERS,
    /** {@code extracted} is cut to {@link PromptScorer#MAX_ECHO_CHARS}; it was graded whole. */
    EXTRACTED_CUT,
    /** Scoring threw; the service sent a FAILED score (failure kind {@code SCORING_ERROR}). */
    SCORING_ERROR,
    /** The headline is an LLM extractor's reading (REST's GPQA grading); the rule-based one is kept beside it. */
    LLM_EXTRACTED,
    /** The LLM extractor's reading and the rule-based one give different verdicts. */
    LLM_READING_DIFFERS,
    /** The LLM extractor was configured but failed (after its retries): the headline is the rule-based reading. */
    LLM_EXTRACT_FAILED;

    private final String word = name().toLowerCase(Locale.ROOT).replace('_', '-');

    /** The stored form, e.g. {@code label-mismatch}. */
    public String word() {
        return word;
    }

    @Override
    public String toString() {
        return word;
    }

    /** The stored forms, in the given order. */
    public static List<String> words(Collection<VerdictFlag> flags) {
        return flags.stream().map(VerdictFlag::word).toList();
    }
}

package dev.stresslab.contracts;

/**
 * Why a question slot ended as it did, in the REST paper's failure taxonomy (§4.3, Table 3, Fig. 5). A slot gets the
 * first category that applies, in declaration order, so the order is the precedence: a truncated output is a
 * truncation even if it also repeats itself. {@link #CORRECT} is the category of a correct slot.
 */
public enum ErrorCategory {
    /** The output hit the token limit before this slot's answer. */
    OUTPUT_TRUNCATION,
    /** The output ended in endless repetition (repeated n-grams at the cut). */
    ENDLESS_REPETITION,
    /** The question was answered in the text but not in the required format (no box where REST looks). */
    FORMAT_VIOLATION,
    /** No work on the question in the reasoning: the model never addressed it. */
    QUESTION_OMISSION,
    /** The answer worked out in the reasoning differs from the final one. */
    SUMMARY_ERROR,
    /** The question was worked on and answered, and the answer is wrong. */
    REASONING_ERROR,
    CORRECT
}

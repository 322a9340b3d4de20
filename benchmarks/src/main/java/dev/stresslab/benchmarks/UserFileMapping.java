package dev.stresslab.benchmarks;

import dev.stresslab.contracts.AnswerKind;

import java.util.Objects;

/**
 * Which fields of a user's records hold the question, the gold answer and (optionally) a question id.
 *
 * @param questionField field whose text goes after "Qj: " exactly as stored
 * @param answerField   field holding the gold answer (a string, or a JSON number printed as Python prints it)
 * @param idField       optional field whose value (string or integer) is the question id; null = {@code <name>-<row>}
 * @param kind          {@code MATH} (Math-Verify grading, math template) or {@code CHOICE} (letter A-Z, GPQA template;
 *                      the question text must then already list its options)
 * @param goldTransform how the gold is derived from the answer field
 */
public record UserFileMapping(String questionField, String answerField, String idField, AnswerKind kind,
                              GoldTransform goldTransform) {
    public UserFileMapping {
        Objects.requireNonNull(questionField, "questionField");
        Objects.requireNonNull(answerField, "answerField");
        kind = kind == null ? AnswerKind.MATH : kind;
        goldTransform = goldTransform == null ? GoldTransform.NONE : goldTransform;
        if (questionField.isBlank() || answerField.isBlank()) {
            throw new IllegalArgumentException("question and answer field names must not be blank");
        }
        if (idField != null && idField.isBlank()) {
            idField = null;
        }
    }

    /** {@code question}/{@code answer}, math, gold as is. */
    public static UserFileMapping defaults() {
        return new UserFileMapping("question", "answer", null, AnswerKind.MATH, GoldTransform.NONE);
    }
}

package dev.stresslab.benchmarks;

import dev.stresslab.contracts.AnswerKind;

/**
 * One benchmark question. {@code text} is exactly what goes after "Qj: " in a stress prompt (for multiple choice it
 * already holds the rotated options); {@code gold} is the reference answer as REST grades it. {@code subject} and
 * {@code difficultyLevel} are the dataset's tags where it has them (MATH500's {@code subject} and {@code level}, 1 to
 * 5), else null; they travel with the question to the analyses (accuracy by subject and level, the paper's App. F).
 */
public record Question(String id, String text, String gold, AnswerKind kind, String subject, Integer difficultyLevel) {

    /** A question without dataset tags. */
    public Question(String id, String text, String gold, AnswerKind kind) {
        this(id, text, gold, kind, null, null);
    }
}

package dev.stresslab.benchmarks;

import dev.stresslab.contracts.AnswerKind;

/**
 * One benchmark question. {@code text} is exactly what goes after "Qj: " in a stress prompt (for multiple choice it
 * already holds the rotated options); {@code gold} is the reference answer as REST grades it.
 */
public record Question(String id, String text, String gold, AnswerKind kind) {
}

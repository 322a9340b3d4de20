package dev.stresslab.composer.domain;

import dev.stresslab.benchmarks.Question;

import java.util.List;

/**
 * One stress prompt: the questions in prompt order (position 1..level) and the exact message text.
 * {@code system} is null when no system message is sent.
 */
public record StressPrompt(String benchmark, int level, int index, List<Question> questions, String system, String user) {
}

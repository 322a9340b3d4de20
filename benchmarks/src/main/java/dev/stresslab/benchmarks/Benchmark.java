package dev.stresslab.benchmarks;

import dev.stresslab.contracts.AnswerKind;

import java.util.List;

/** A loaded benchmark: its questions in file order and the stress levels REST uses for it. */
public record Benchmark(String name, AnswerKind kind, List<Question> questions, List<Integer> defaultLevels) {
    public int size() {
        return questions.size();
    }
}

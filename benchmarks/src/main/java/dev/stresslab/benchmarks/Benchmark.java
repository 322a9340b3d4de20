package dev.stresslab.benchmarks;

import dev.stresslab.contracts.AnswerKind;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded benchmark: its questions in file order and the stress levels REST uses for it. {@code placeholderValues}
 * is empty except for LiveCodeBench, where REST's prompt rendering substitutes the anchor row's column values for
 * {@code {column}} placeholders inside statements: per question id, the values of the columns that matter.
 */
public record Benchmark(String name, AnswerKind kind, List<Question> questions, List<Integer> defaultLevels,
                        Map<String, Map<String, String>> placeholderValues) {
    public Benchmark {
        questions = List.copyOf(questions);
        defaultLevels = List.copyOf(defaultLevels);
        placeholderValues = Map.copyOf(placeholderValues);
    }

    public Benchmark(String name, AnswerKind kind, List<Question> questions, List<Integer> defaultLevels) {
        this(name, kind, questions, defaultLevels, Map.of());
    }

    public int size() {
        return questions.size();
    }

    /** The question with this id, if any. */
    public Optional<Question> question(String id) {
        return questions.stream().filter(q -> q.id().equals(id)).findFirst();
    }
}

package dev.stresslab.benchmarks;

import dev.stresslab.contracts.AnswerKind;

import java.util.List;
import java.util.Optional;

/** A loaded benchmark: its questions in file order and the stress levels REST uses for it. */
public record Benchmark(String name, AnswerKind kind, List<Question> questions, List<Integer> defaultLevels) {
    public Benchmark {
        questions = List.copyOf(questions);
        defaultLevels = List.copyOf(defaultLevels);
    }

    public int size() {
        return questions.size();
    }

    /** The question with this id, if any. */
    public Optional<Question> question(String id) {
        return questions.stream().filter(q -> q.id().equals(id)).findFirst();
    }
}

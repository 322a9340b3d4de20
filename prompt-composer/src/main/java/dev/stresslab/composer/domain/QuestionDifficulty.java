package dev.stresslab.composer.domain;

import dev.stresslab.benchmarks.Question;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-question accuracy of a reference run: correct slots / scored slots of that question, over every level, position
 * and sample of the run. Slots of failed model calls are left out (they say nothing about the question). A question
 * answered correctly more often is easier.
 */
public record QuestionDifficulty(String referenceRunId, Map<String, Double> accuracy) {

    /** One scored slot of the reference run. */
    public record Slot(String questionId, boolean correct) {
    }

    public QuestionDifficulty {
        accuracy = Map.copyOf(accuracy);
    }

    public static QuestionDifficulty fromSlots(String referenceRunId, Iterable<Slot> slots) {
        Map<String, int[]> counts = new LinkedHashMap<>(); // questionId -> {correct, total}
        for (Slot s : slots) {
            int[] c = counts.computeIfAbsent(s.questionId(), k -> new int[2]);
            c[0] += s.correct() ? 1 : 0;
            c[1]++;
        }
        Map<String, Double> accuracy = new HashMap<>();
        counts.forEach((id, c) -> accuracy.put(id, (double) c[0] / c[1]));
        return new QuestionDifficulty(referenceRunId, accuracy);
    }

    /** Fails, naming the first few, when the reference run has no scored slot for some of the run's questions. */
    void requireAll(Collection<Question> questions) {
        List<String> missing = new ArrayList<>();
        for (Question q : questions) {
            if (!accuracy.containsKey(q.id())) {
                missing.add(q.id());
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidRunException("reference run '" + referenceRunId + "' has no scored result for "
                    + missing.size() + " of the run's questions (" + String.join(", ", missing.subList(0, Math.min(5, missing.size())))
                    + (missing.size() > 5 ? ", ..." : "") + "); choose a complete run over the same questions", "difficultyFrom");
        }
    }

    /**
     * One prompt's questions in the given order: {@code EASY_FIRST} by accuracy descending, {@code HARD_FIRST}
     * ascending. The sort is stable, so questions of equal accuracy keep REST's cyclic order.
     */
    public List<Question> arrange(List<Question> group, QuestionOrder order) {
        Comparator<Question> harderFirst = Comparator.comparingDouble(q -> accuracy.get(q.id()));
        List<Question> out = new ArrayList<>(group);
        switch (order) {
            case DATASET -> {
                return List.copyOf(group);
            }
            case EASY_FIRST -> out.sort(harderFirst.reversed());
            case HARD_FIRST -> out.sort(harderFirst);
        }
        return List.copyOf(out);
    }
}

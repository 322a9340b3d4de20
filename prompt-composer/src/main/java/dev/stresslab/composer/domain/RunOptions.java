package dev.stresslab.composer.domain;

import dev.stresslab.contracts.GenerationSettings;
import dev.stresslab.contracts.RunSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run asks for, from the HTTP API or the {@code prompts} command, before any check. Null means "the default":
 * the benchmark's REST levels, every question, one sample, the system prompt of the composer's per-model rules, the
 * paper's generation settings, REST's question order.
 *
 * @param systemPrompt   an explicit system prompt; it wins over the per-model rules ("" = no system message)
 * @param questionOrder  dataset (default), easy-first or hard-first ({@link QuestionOrder})
 * @param difficultyFrom the reference run whose per-question accuracy orders the questions (with easy-/hard-first)
 */
public record RunOptions(String modelId, List<Integer> levels, Integer limit, List<String> questionIds, Integer samples,
                         String systemPrompt, GenerationSettings generation, String questionOrder, String difficultyFrom) {

    /**
     * What the run event records: these options with what planning resolved (the system prompt the prompts carry,
     * the order, and the reference accuracy of the run's own questions), so {@link #replanning} gives the same prompts.
     */
    public RunSpec toSpec(String benchmark, StressPlan plan) {
        Map<String, Double> accuracy = null;
        if (plan.difficulty() != null) {
            accuracy = new LinkedHashMap<>();
            for (var q : plan.questions()) {
                accuracy.put(q.id(), plan.difficulty().accuracy().get(q.id()));
            }
        }
        return new RunSpec(benchmark, modelId, levels, limit, questionIds, samples, plan.system(), generation,
                plan.order().json(), difficultyFrom, accuracy);
    }

    /** The options a recorded run was planned from, with its resolved system prompt as explicit ("" = none). */
    public static RunOptions replanning(RunSpec spec) {
        return new RunOptions(spec.modelId(), spec.levels(), spec.limit(), spec.questionIds(), spec.samples(),
                spec.systemPrompt() == null ? "" : spec.systemPrompt(), spec.generation(), spec.questionOrder(),
                spec.difficultyFrom());
    }

    /** The reference accuracy a recorded run was ordered by; null for REST's own order. */
    public static QuestionDifficulty recordedDifficulty(RunSpec spec) {
        return spec.questionAccuracy() == null ? null : new QuestionDifficulty(spec.difficultyFrom(), spec.questionAccuracy());
    }
}

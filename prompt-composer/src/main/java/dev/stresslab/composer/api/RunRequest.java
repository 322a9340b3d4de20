package dev.stresslab.composer.api;

import dev.stresslab.contracts.GenerationSettings;
import dev.stresslab.contracts.RunSpec;

import java.util.List;

/**
 * POST /runs body. Only {@code benchmark} and {@code modelId} are required: levels default to REST's levels for the
 * benchmark, {@code limit} to every question, {@code samples} to 1, generation settings to the paper's.
 */
public record RunRequest(
        String benchmark,
        String modelId,
        List<Integer> levels,
        Integer limit,
        List<String> questionIds,
        Integer samples,
        String systemPrompt,
        GenerationSettings generation) {

    /** What the run event records: this request, with the system prompt the prompts were actually built with. */
    public RunSpec toSpec(String resolvedSystemPrompt) {
        return new RunSpec(benchmark, modelId, levels, limit, questionIds, samples, resolvedSystemPrompt, generation);
    }

    /** The request a recorded run was planned from (RunRecovery plans it again). */
    public static RunRequest of(RunSpec spec) {
        return new RunRequest(spec.benchmark(), spec.modelId(), spec.levels(), spec.limit(), spec.questionIds(),
                spec.samples(), spec.systemPrompt(), spec.generation());
    }
}

package dev.stresslab.composer.api;

import dev.stresslab.contracts.GenerationSettings;

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
}

package dev.stresslab.composer.api;

import dev.stresslab.composer.domain.RunOptions;
import dev.stresslab.contracts.GenerationSettings;

import java.util.List;

/**
 * POST /runs body. Only {@code benchmark} and {@code modelId} are required: levels default to REST's levels for the
 * benchmark, {@code limit} to every question, {@code samples} to 1, {@code systemPrompt} to the composer's per-model
 * rules ("" = none), generation settings to the paper's, {@code questionOrder} to {@code dataset} (REST's order;
 * {@code easy-first} and {@code hard-first} need {@code difficultyFrom}, a reference run id), {@code promptOrder} to
 * {@code level-by-level} ({@code interleaved}: rounds of one prompt per level in a seeded random order, contracts'
 * PromptOrder; {@code orderSeed} fixes the seed, else one is drawn).
 */
public record RunRequest(
        String benchmark,
        String modelId,
        List<Integer> levels,
        Integer limit,
        List<String> questionIds,
        Integer samples,
        String systemPrompt,
        GenerationSettings generation,
        String questionOrder,
        String difficultyFrom,
        String promptOrder,
        Long orderSeed) {

    public RunRequest(String benchmark, String modelId, List<Integer> levels, Integer limit, List<String> questionIds,
                      Integer samples, String systemPrompt, GenerationSettings generation, String questionOrder,
                      String difficultyFrom) {
        this(benchmark, modelId, levels, limit, questionIds, samples, systemPrompt, generation, questionOrder,
                difficultyFrom, null, null);
    }

    /** A request in REST's own question order. */
    public RunRequest(String benchmark, String modelId, List<Integer> levels, Integer limit, List<String> questionIds,
                      Integer samples, String systemPrompt, GenerationSettings generation) {
        this(benchmark, modelId, levels, limit, questionIds, samples, systemPrompt, generation, null, null, null, null);
    }

    public RunOptions options() {
        return new RunOptions(modelId, levels, limit, questionIds, samples, systemPrompt, generation, questionOrder, difficultyFrom);
    }
}

package dev.stresslab.contracts;

import java.util.List;
import java.util.Map;

/**
 * What a run was asked for, as the composer planned it: enough to plan the very same prompts again (prompt ids are
 * deterministic), so a composer that died while publishing can finish the run when it starts again.
 * {@code systemPrompt} is the system prompt the prompts were built with (resolved from the request and the
 * composer's per-model rules), not necessarily the request's field.
 * <p>
 * Added in schema 1 as optional fields (null = REST's own order): {@code questionOrder} ({@code dataset},
 * {@code easy-first} or {@code hard-first}), {@code difficultyFrom} (the reference run) and {@code questionAccuracy}
 * (that run's per-question accuracy as the composer used it, so a re-plan needs no call to analytics).
 * {@code promptOrder} ({@link PromptOrder}: null or {@code level-by-level}, or {@code interleaved}) and
 * {@code orderSeed} (the interleaved order's seed) were added later, also optional.
 */
public record RunSpec(
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
        Map<String, Double> questionAccuracy,
        String promptOrder,
        Long orderSeed) {

    /** A spec in the default, level-by-level prompt order. */
    public RunSpec(String benchmark, String modelId, List<Integer> levels, Integer limit, List<String> questionIds,
                   Integer samples, String systemPrompt, GenerationSettings generation, String questionOrder,
                   String difficultyFrom, Map<String, Double> questionAccuracy) {
        this(benchmark, modelId, levels, limit, questionIds, samples, systemPrompt, generation, questionOrder,
                difficultyFrom, questionAccuracy, null, null);
    }

    /** The same spec, its prompts published in {@code promptOrder} with {@code orderSeed}. */
    public RunSpec withOrder(String promptOrder, Long orderSeed) {
        return new RunSpec(benchmark, modelId, levels, limit, questionIds, samples, systemPrompt, generation,
                questionOrder, difficultyFrom, questionAccuracy, promptOrder, orderSeed);
    }

    /** A spec in REST's own question order. */
    public RunSpec(String benchmark, String modelId, List<Integer> levels, Integer limit, List<String> questionIds,
                   Integer samples, String systemPrompt, GenerationSettings generation) {
        this(benchmark, modelId, levels, limit, questionIds, samples, systemPrompt, generation, null, null, null);
    }
}

package dev.stresslab.contracts;

import java.util.List;

/**
 * What a run was asked for, as the composer planned it: enough to plan the very same prompts again (prompt ids are
 * deterministic), so a composer that died while publishing can finish the run when it starts again.
 * {@code systemPrompt} is the system prompt the prompts were built with (resolved from the request and the
 * composer's per-model rules), not necessarily the request's field.
 */
public record RunSpec(
        String benchmark,
        String modelId,
        List<Integer> levels,
        Integer limit,
        List<String> questionIds,
        Integer samples,
        String systemPrompt,
        GenerationSettings generation) {
}

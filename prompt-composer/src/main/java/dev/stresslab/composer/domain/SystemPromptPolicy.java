package dev.stresslab.composer.domain;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The system prompt per model (and benchmark). REST sends no system message by default; for Nemotron-style models its
 * configs add {@code detailed thinking on}, for AIME24, AIME25 and AMC23 only ({@link #restDefaults()}). A model set
 * explicitly with {@link #withModel} gets that prompt for every benchmark ({@code null} = no system message); any other
 * model gets the {@link #withDefault} prompt. A run's own system prompt wins over all of these ({@link RunPlanner}).
 */
public final class SystemPromptPolicy {
    public static final String NEMOTRON_THINKING = "detailed thinking on";
    static final Set<String> NEMOTRON_BENCHMARKS = Set.of("aime2024", "aime2025", "amc23");

    private final boolean nemotronRule;
    private final Map<String, String> perModel;
    private final String fallback;

    private SystemPromptPolicy(boolean nemotronRule, Map<String, String> perModel, String fallback) {
        this.nemotronRule = nemotronRule;
        this.perModel = perModel;
        this.fallback = fallback;
    }

    /** No system message for any model. */
    public static SystemPromptPolicy none() {
        return new SystemPromptPolicy(false, Map.of(), null);
    }

    /** REST's rule: models whose id contains "nemotron" get "detailed thinking on" on AIME24, AIME25 and AMC23. */
    public static SystemPromptPolicy restDefaults() {
        return new SystemPromptPolicy(true, Map.of(), null);
    }

    /** A copy where {@code modelId} gets {@code systemPrompt} (null = no system message) on every benchmark. */
    public SystemPromptPolicy withModel(String modelId, String systemPrompt) {
        Map<String, String> copy = new LinkedHashMap<>(perModel);
        copy.put(modelId, systemPrompt);
        return new SystemPromptPolicy(nemotronRule, copy, fallback);
    }

    /** A copy that gives {@code systemPrompt} to every model no other rule covers (null = no system message). */
    public SystemPromptPolicy withDefault(String systemPrompt) {
        return new SystemPromptPolicy(nemotronRule, perModel, systemPrompt);
    }

    /** The system prompt for a model on a benchmark, or null for none. */
    public String systemFor(String modelId, String benchmark) {
        if (modelId != null && perModel.containsKey(modelId)) {
            return perModel.get(modelId);
        }
        if (nemotronRule && modelId != null && modelId.toLowerCase(Locale.ROOT).contains("nemotron")
                && benchmark != null && NEMOTRON_BENCHMARKS.contains(benchmark)) {
            return NEMOTRON_THINKING;
        }
        return fallback;
    }
}

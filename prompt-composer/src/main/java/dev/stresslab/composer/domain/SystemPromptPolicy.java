package dev.stresslab.composer.domain;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The system prompt per model (and benchmark). REST sends no system message by default; for Nemotron-style models its
 * configs add {@code detailed thinking on}, for AIME24, AIME25 and AMC23 only ({@link #restDefaults()}). A model set
 * explicitly with {@link #withModel} gets that prompt for every benchmark ({@code null} = no system message).
 */
public final class SystemPromptPolicy {
    public static final String NEMOTRON_THINKING = "detailed thinking on";
    static final Set<String> NEMOTRON_BENCHMARKS = Set.of("aime2024", "aime2025", "amc23");

    private final boolean nemotronRule;
    private final Map<String, String> perModel;

    private SystemPromptPolicy(boolean nemotronRule, Map<String, String> perModel) {
        this.nemotronRule = nemotronRule;
        this.perModel = perModel;
    }

    /** No system message for any model. */
    public static SystemPromptPolicy none() {
        return new SystemPromptPolicy(false, Map.of());
    }

    /** REST's rule: models whose id contains "nemotron" get "detailed thinking on" on AIME24, AIME25 and AMC23. */
    public static SystemPromptPolicy restDefaults() {
        return new SystemPromptPolicy(true, Map.of());
    }

    /** A copy where {@code modelId} gets {@code systemPrompt} (null = no system message) on every benchmark. */
    public SystemPromptPolicy withModel(String modelId, String systemPrompt) {
        Map<String, String> copy = new LinkedHashMap<>(perModel);
        copy.put(modelId, systemPrompt);
        return new SystemPromptPolicy(nemotronRule, copy);
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
        return null;
    }
}

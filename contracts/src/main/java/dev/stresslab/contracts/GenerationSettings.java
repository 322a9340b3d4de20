package dev.stresslab.contracts;

/** Sampling settings of a run; the defaults are the REST paper's. {@code seed} may be null. */
public record GenerationSettings(double temperature, double topP, int maxTokens, Long seed) {
    public static final GenerationSettings PAPER_DEFAULTS = new GenerationSettings(0.6, 0.95, 32_768, null);
}

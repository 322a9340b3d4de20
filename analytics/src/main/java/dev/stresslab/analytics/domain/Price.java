package dev.stresslab.analytics.domain;

/** A model's price per 1,000,000 prompt tokens and per 1,000,000 completion tokens (in the configured currency). */
public record Price(double promptPerMillion, double completionPerMillion) {

    /** Cost of the given token counts. Reasoning tokens are billed as completion tokens (they are part of them). */
    public double cost(long promptTokens, long completionTokens) {
        return (promptTokens * promptPerMillion + completionTokens * completionPerMillion) / 1_000_000.0;
    }
}

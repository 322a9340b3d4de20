package dev.stresslab.simulator.domain;

import java.util.Locale;

/** Where the simulated reasoning text goes (openai-compat.md: the three ways servers deliver reasoning). */
public enum OutputStyle {
    /** Separate {@code reasoning_content} field (DeepSeek API, vLLM/SGLang with a reasoning parser). */
    REASONING_CONTENT,
    /** Inline {@code <think>…</think>} in {@code content} (R1-distilled model without a parser). */
    THINK_TAGS,
    /** Only the closing {@code </think>} appears in {@code content} (the chat template opened the tag). */
    THINK_CLOSE_ONLY,
    /** No reasoning text at all, only {@code usage.completion_tokens_details.reasoning_tokens} (OpenAI o-series). */
    HIDDEN;

    /** Parses {@code reasoning-content}, {@code think-tags}, {@code think-close-only}, {@code hidden} (case and _/- insensitive). */
    public static OutputStyle parse(String value) {
        String v = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return valueOf(v);
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

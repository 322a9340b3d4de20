package dev.stresslab.analytics.domain;

import java.util.Arrays;
import java.util.List;

/**
 * One question slot as the analyses see it. {@code outputId} names the model output the slot came from (the prompt
 * id: one output per prompt and sample), {@code questionId} the question; these are the two clusters of REST's
 * design (docs/metrics.md, "Clustered intervals"). {@code truncated} is the prompt's; {@code omittedInPrompt} says
 * whether any slot of the same output was omitted; {@code reasoningTokens} is null when unknown; {@code errorCategory}
 * is the {@link dev.stresslab.contracts.ErrorCategory} name (null before score schema 2 and for failed calls);
 * {@code flags} the scorer's diagnostics, comma-separated (null when none).
 */
public record Slot(String questionId, String outputId, int level, int position, int sample, boolean correct,
                   boolean omitted, boolean truncated, boolean omittedInPrompt, Integer reasoningTokens,
                   String errorCategory, String flags) {

    /** A slot with only what the accuracy statistics need. */
    public static Slot of(String questionId, String outputId, int level, int position, int sample, boolean correct) {
        return new Slot(questionId, outputId, level, position, sample, correct, false, false, false, null, null, null);
    }

    public List<String> flagList() {
        return flags == null || flags.isEmpty() ? List.of() : Arrays.asList(flags.split(","));
    }

    /** Whether {@code flag} is one of the comma-separated flags (no split: the analyses ask this of every slot). */
    public boolean hasFlag(String flag) {
        if (flags == null) {
            return false;
        }
        for (int at = flags.indexOf(flag); at >= 0; at = flags.indexOf(flag, at + 1)) {
            int end = at + flag.length();
            if ((at == 0 || flags.charAt(at - 1) == ',') && (end == flags.length() || flags.charAt(end) == ',')) {
                return true;
            }
        }
        return false;
    }
}

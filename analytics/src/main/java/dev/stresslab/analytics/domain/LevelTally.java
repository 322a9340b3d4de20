package dev.stresslab.analytics.domain;

/**
 * Counts for one stress level of a run: prompts ended (scored + failed), question slots and the correct ones
 * (a failed prompt's slots count as wrong, as in REST's N × s denominator), and the token usage the model server
 * reported, summed over the prompts that reported it ({@code usagePrompts}).
 */
public record LevelTally(int level, long prompts, long failedPrompts, long truncatedPrompts, long slots, long correct,
                         long omitted, long promptTokens, long completionTokens, long reasoningTokens,
                         long usagePrompts) {

    public LevelTally(int level, long prompts, long failedPrompts, long truncatedPrompts, long slots, long correct,
                      long omitted) {
        this(level, prompts, failedPrompts, truncatedPrompts, slots, correct, omitted, 0, 0, 0, 0);
    }
}

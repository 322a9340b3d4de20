package dev.stresslab.analytics.domain;

/**
 * Counts for one stress level of a run: prompts ended (scored + failed), question slots and the correct ones
 * (a failed prompt's slots count as wrong, as in REST's N × s denominator).
 */
public record LevelTally(int level, long prompts, long failedPrompts, long truncatedPrompts, long slots, long correct,
                         long omitted) {
}

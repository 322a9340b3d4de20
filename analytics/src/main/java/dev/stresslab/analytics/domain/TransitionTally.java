package dev.stresslab.analytics.domain;

/**
 * Consecutive question pairs (position p, p+1) inside the same prompt, at one stress level: how often the later
 * answer was wrong after a wrong one, and after a right one.
 */
public record TransitionTally(int level, long afterWrong, long wrongAfterWrong, long afterRight, long wrongAfterRight) {
}

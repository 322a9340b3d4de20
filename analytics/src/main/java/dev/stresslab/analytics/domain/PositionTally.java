package dev.stresslab.analytics.domain;

/** Counts for one (stress level, position) of a run; tokens are summed over slots that have an attribution. */
public record PositionTally(int level, int position, long slots, long correct, long tokenSum, long tokenSlots) {
}

package dev.stresslab.analytics.domain;

/**
 * Counts for one (stress level, position) of a run; tokens are summed over slots that have an attribution
 * ({@code tokenSlots} of them), and separately over the correct slots with an attribution.
 */
public record PositionTally(int level, int position, long slots, long correct, long tokenSum, long tokenSlots,
                            long correctTokenSum, long correctTokenSlots) {

    public PositionTally(int level, int position, long slots, long correct, long tokenSum, long tokenSlots) {
        this(level, position, slots, correct, tokenSum, tokenSlots, 0, 0);
    }
}

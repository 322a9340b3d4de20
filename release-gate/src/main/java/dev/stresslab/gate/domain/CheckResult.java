package dev.stresslab.gate.domain;

/**
 * One check of a run against its baseline besides the headline metric: today a per-level check ({@code level} set),
 * "the accuracy at this level may not fall by more than {@code maxDrop} points". {@code difference} is candidate -
 * baseline in points with its interval (95 % clustered in fixed mode; the anytime-valid bounds in sequential mode).
 */
public record CheckResult(String name, Integer level, Double difference, Double ciLow, Double ciHigh, double maxDrop,
                          Verdict verdict, String reason) {
}

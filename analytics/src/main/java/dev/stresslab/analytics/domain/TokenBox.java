package dev.stresslab.analytics.domain;

/**
 * The distribution of attributed reasoning tokens at one (level, position): minimum, quartiles (linear interpolation
 * between order statistics, PostgreSQL's percentile_cont, numpy's default) and maximum, over {@code n} slots.
 */
public record TokenBox(int level, int position, long n, double min, double q1, double median, double q3, double max) {
}

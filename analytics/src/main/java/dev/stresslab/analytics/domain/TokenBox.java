package dev.stresslab.analytics.domain;

import java.util.Arrays;

/**
 * The distribution of reasoning tokens at one (level, position), drawn as the paper's box plots (Fig. 6): quartiles by
 * linear interpolation between order statistics (numpy's default, PostgreSQL's percentile_cont), Tukey's whiskers at
 * the most extreme values within 1.5 × IQR of the box, the values beyond them counted as {@code outliers}, and the
 * minimum and maximum.
 */
public record TokenBox(int level, int position, long n, double min, double whiskerLow, double q1, double median,
                       double q3, double whiskerHigh, double max, long outliers) {

    public static TokenBox of(int level, int position, double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return ofSortedValues(level, position, v);
    }

    /** The box of the first {@code n} values of {@code sorted}, which are in ascending order. */
    public static TokenBox ofSorted(int level, int position, int[] sorted, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = sorted[i];
        }
        return ofSortedValues(level, position, v);
    }

    private static TokenBox ofSortedValues(int level, int position, double[] v) {
        double q1 = quantile(v, 0.25);
        double q3 = quantile(v, 0.75);
        double fence = 1.5 * (q3 - q1);
        double low = v[v.length - 1];
        double high = v[0];
        long outliers = 0;
        for (double x : v) {
            if (x < q1 - fence || x > q3 + fence) {
                outliers++;
            } else {
                low = Math.min(low, x);
                high = Math.max(high, x);
            }
        }
        return new TokenBox(level, position, v.length, v[0], low, q1, quantile(v, 0.5), q3, high, v[v.length - 1], outliers);
    }

    /** Linear interpolation at (n − 1)·p between the sorted values. */
    static double quantile(double[] sorted, double p) {
        double at = (sorted.length - 1) * p;
        int lo = (int) Math.floor(at);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
    }
}

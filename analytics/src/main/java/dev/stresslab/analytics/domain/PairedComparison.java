package dev.stresslab.analytics.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Paired comparison of two runs on the same questions (docs/metrics.md, "Comparing two runs"). Slots are matched by
 * (questionId, level, position, sample) in {@link Matching#SLOT} mode, or pooled per (questionId, level) in
 * {@link Matching#QUESTION} mode, where each run's value for a question is the fraction of its slots that were right.
 * The test is McNemar's exact test, i.e. a two-sided binomial (sign) test on the discordant units; the interval is a
 * paired percentile bootstrap of the accuracy difference with a fixed seed. Pure.
 */
public final class PairedComparison {
    public static final double ALPHA = 0.05;
    public static final int DEFAULT_RESAMPLES = 2000;
    public static final long DEFAULT_SEED = 20250710L;

    private PairedComparison() {
    }

    public enum Matching { SLOT, QUESTION }

    /**
     * @param units              matched units (slots or questions)
     * @param baseAccuracy       mean of the base run's values over the units, in percent
     * @param difference         candidate − base, in percentage points
     * @param candidateBetter    units where the candidate scored higher (discordant: base wrong, candidate right)
     * @param baseBetter         units where the base scored higher
     * @param pValue             two-sided exact binomial p over the discordant units (1 when there are none)
     * @param ciLow              2.5th percentile of the bootstrapped difference, in points
     * @param verdict            "better", "worse" or "no significant difference" (candidate relative to base, 95 %)
     */
    public record Stats(Integer level, long units, double baseAccuracy, double candidateAccuracy, double difference,
                        long candidateBetter, long baseBetter, double pValue, double ciLow, double ciHigh,
                        String verdict) {
    }

    public record Result(Matching matching, long baseUnits, long candidateUnits, long onlyInBase,
                         long onlyInCandidate, int resamples, long seed, Stats overall, List<Stats> levels) {
    }

    /** A matched unit: its level and each run's value in [0, 1]. */
    record Unit(int level, double base, double candidate) {
    }

    public static Result compare(List<SlotOutcome> base, List<SlotOutcome> candidate, Matching matching) {
        return compare(base, candidate, matching, DEFAULT_RESAMPLES, DEFAULT_SEED);
    }

    public static Result compare(List<SlotOutcome> base, List<SlotOutcome> candidate, Matching matching,
                                 int resamples, long seed) {
        Map<Key, double[]> b = values(base, matching);
        Map<Key, double[]> c = values(candidate, matching);
        List<Unit> units = new ArrayList<>();
        long onlyBase = 0;
        // Keys in a fixed order, so the bootstrap with a fixed seed gives the same interval every time.
        List<Key> keys = new ArrayList<>(b.keySet());
        keys.sort(KEY_ORDER);
        for (Key key : keys) {
            double[] other = c.get(key);
            if (other == null) {
                onlyBase++;
            } else {
                units.add(new Unit(key.level(), mean(b.get(key)), mean(other)));
            }
        }
        long onlyCandidate = c.keySet().stream().filter(k -> !b.containsKey(k)).count();
        Stats overall = stats(null, units, resamples, seed);
        TreeMap<Integer, List<Unit>> byLevel = new TreeMap<>();
        units.forEach(u -> byLevel.computeIfAbsent(u.level(), l -> new ArrayList<>()).add(u));
        List<Stats> levels = new ArrayList<>();
        byLevel.forEach((level, us) -> levels.add(stats(level, us, resamples, seed)));
        return new Result(matching, b.size(), c.size(), onlyBase, onlyCandidate, resamples, seed, overall,
                List.copyOf(levels));
    }

    static Stats stats(Integer level, List<Unit> units, int resamples, long seed) {
        int n = units.size();
        double[] diffs = new double[n];
        double sumBase = 0;
        double sumCandidate = 0;
        long candidateBetter = 0;
        long baseBetter = 0;
        for (int i = 0; i < n; i++) {
            Unit u = units.get(i);
            sumBase += u.base();
            sumCandidate += u.candidate();
            diffs[i] = u.candidate() - u.base();
            if (u.candidate() > u.base()) {
                candidateBetter++;
            } else if (u.base() > u.candidate()) {
                baseBetter++;
            }
        }
        double p = mcnemarExact(candidateBetter, baseBetter);
        double[] ci = bootstrap(diffs, resamples, seed);
        String verdict = p >= ALPHA || candidateBetter == baseBetter ? "no significant difference"
                : candidateBetter > baseBetter ? "better" : "worse";
        return new Stats(level, n, n == 0 ? 0 : round(100 * sumBase / n), n == 0 ? 0 : round(100 * sumCandidate / n),
                n == 0 ? 0 : round(100 * (sumCandidate - sumBase) / n), candidateBetter, baseBetter, roundP(p),
                round(ci[0]), round(ci[1]), verdict);
    }

    /**
     * McNemar's exact test: under H0 each of the b + c discordant units favours either run with probability 1/2, so
     * p = min(1, 2 · P(X ≤ min(b, c))) with X ~ Binomial(b + c, 1/2). Summed in log space, exact enough for n in
     * the millions.
     */
    public static double mcnemarExact(long b, long c) {
        long n = b + c;
        if (n == 0) {
            return 1.0;
        }
        long k = Math.min(b, c);
        double logHalfN = n * Math.log(0.5);
        double logTerm = logHalfN; // log P(X = 0)
        double maxLog = logTerm;
        double[] logs = new double[(int) k + 1];
        logs[0] = logTerm;
        for (long i = 0; i < k; i++) {
            logTerm += Math.log((double) (n - i) / (i + 1));
            logs[(int) i + 1] = logTerm;
            maxLog = Math.max(maxLog, logTerm);
        }
        double sum = 0;
        for (double l : logs) {
            sum += Math.exp(l - maxLog);
        }
        double tail = Math.exp(maxLog + Math.log(sum));
        return Math.min(1.0, 2 * tail);
    }

    /**
     * Paired percentile bootstrap of the mean difference, in points: {@code resamples} draws of n units with
     * replacement from a {@link SplittableRandom} seeded with {@code seed}; the interval is the sorted means at indexes
     * floor(0.025·B) and ceil(0.975·B) − 1.
     */
    public static double[] bootstrap(double[] diffs, int resamples, long seed) {
        int n = diffs.length;
        if (n == 0 || resamples <= 0) {
            return new double[]{0, 0};
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] means = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += diffs[random.nextInt(n)];
            }
            means[r] = 100 * sum / n;
        }
        Arrays.sort(means);
        return new double[]{means[(int) Math.floor(0.025 * resamples)],
                means[(int) Math.ceil(0.975 * resamples) - 1]};
    }

    private record Key(String questionId, int level, int position, int sample) {
    }

    private static final Comparator<Key> KEY_ORDER = Comparator.comparingInt(Key::level)
            .thenComparing(Key::questionId, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingInt(Key::position).thenComparingInt(Key::sample);

    private static Map<Key, double[]> values(List<SlotOutcome> slots, Matching matching) {
        // value[0] = right, value[1] = slots
        Map<Key, double[]> out = new HashMap<>();
        for (SlotOutcome s : slots) {
            Key key = matching == Matching.SLOT
                    ? new Key(s.questionId(), s.level(), s.position(), s.sample())
                    : new Key(s.questionId(), s.level(), 0, 0);
            double[] v = out.computeIfAbsent(key, k -> new double[2]);
            v[0] += s.correct() ? 1 : 0;
            v[1] += 1;
        }
        return out;
    }

    private static double mean(double[] v) {
        return v[0] / v[1];
    }

    private static double round(double v) {
        return Math.round(v * 100.0) / 100.0;
    }

    private static double roundP(double p) {
        return Math.round(p * 1e6) / 1e6;
    }
}

package dev.stresslab.analytics.domain;

import dev.stresslab.analytics.domain.ClusteredEstimate.Estimate;
import dev.stresslab.analytics.domain.ClusteredEstimate.Statistic;
import dev.stresslab.analytics.domain.ClusteredEstimate.WeightedRun;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * REST's headline numbers (the paper's Tables 1 and 2): Single = accuracy at level 1; Stress = the unweighted mean of
 * the per-level accuracies over the levels above 1; drop = Single − Stress; retention = Stress / Single. Each with a
 * two-way clustered 95 % interval ({@link ClusteredEstimate}). Pure.
 *
 * @param stressLevels the levels above 1 that Stress averages
 * @param questions    distinct questions behind the numbers
 * @param runs         runs averaged (1 for one run's report)
 */
public record Headline(Estimate single, Estimate stress, Estimate drop, Estimate retention, List<Integer> stressLevels,
                       long questions, int runs) {

    /** One run's headline. */
    public static Headline of(List<Slot> slots) {
        return mean(List.of(slots));
    }

    /** The mean over runs of each run's numbers, question clusters shared between runs (same questions). */
    public static Headline mean(List<List<Slot>> runs) {
        return ofCounts(runs.stream().map(ClusteredEstimate.RunCounts::of).toList());
    }

    /** The same from counts made once (each run weighs 1 / runs). */
    public static Headline ofCounts(List<ClusteredEstimate.RunCounts> runs) {
        List<WeightedRun> weighted = new ArrayList<>();
        Set<String> questions = new HashSet<>();
        TreeSet<Integer> levels = new TreeSet<>();
        for (ClusteredEstimate.RunCounts run : runs) {
            weighted.add(new WeightedRun(run, 1.0 / runs.size()));
            questions.addAll(run.questions.keySet());
            for (int level : run.levels) {
                levels.add(level);
            }
        }
        if (runs.isEmpty() || questions.isEmpty()) {
            return new Headline(null, null, null, null, List.of(), 0, runs.size());
        }
        return new Headline(clip(estimate(weighted, ClusteredEstimate.SINGLE)), clip(estimate(weighted, ClusteredEstimate.STRESS)),
                estimate(weighted, ClusteredEstimate.DROP), estimate(weighted, ClusteredEstimate.RETENTION),
                levels.stream().filter(l -> l > 1).toList(), questions.size(), runs.size());
    }

    /** A point value only (no interval, not rounded), from per-level accuracies in percent: for the gauges. */
    public static Double point(Map<Integer, Double> accuracyPercent, Statistic statistic) {
        Map<Integer, Double> fractions = new TreeMap<>();
        accuracyPercent.forEach((l, a) -> fractions.put(l, a / 100));
        Double v = statistic.apply(fractions, new HashMap<>());
        return v == null ? null : 100 * v;
    }

    /** One of the three compared numbers: both runs' values, candidate − base with its paired clustered interval. */
    public record Difference(double base, double candidate, double difference, double ciLow, double ciHigh,
                             double pValue, long questions) {
    }

    /**
     * Candidate − base on the questions and samples both runs have, paired by question (the question cluster is
     * shared by the two runs; each run's outputs are their own clusters). Keys: single, stress, drop, and
     * {@code level-<s>} for each stress level both runs have (the release gate's per-level checks); a key is left
     * out when a run lacks the levels it needs. Levels present in only one run are left out.
     */
    public static Map<String, Difference> paired(List<Slot> base, List<Slot> candidate) {
        Set<String> common = questionsOf(base);
        common.retainAll(questionsOf(candidate));
        Set<Integer> samples = samplesOf(base);
        samples.retainAll(samplesOf(candidate));
        Set<Integer> levels = levelsOf(base);
        levels.retainAll(levelsOf(candidate));
        List<Slot> b = base.stream().filter(s -> keep(s, common, samples, levels)).toList();
        List<Slot> c = candidate.stream().filter(s -> keep(s, common, samples, levels)).toList();
        Map<String, Difference> out = new LinkedHashMap<>();
        if (b.isEmpty() || c.isEmpty()) {
            return out;
        }
        Map<String, Statistic> statistics = new LinkedHashMap<>();
        statistics.put("single", ClusteredEstimate.SINGLE);
        statistics.put("stress", ClusteredEstimate.STRESS);
        statistics.put("drop", ClusteredEstimate.DROP);
        new java.util.TreeSet<>(levels).forEach(l -> statistics.put("level-" + l, ClusteredEstimate.level(l)));
        ClusteredEstimate.RunCounts bc = ClusteredEstimate.RunCounts.of(b);
        ClusteredEstimate.RunCounts cc = ClusteredEstimate.RunCounts.of(c);
        statistics.forEach((name, statistic) -> {
            Estimate baseValue = ClusteredEstimate.of(bc, statistic);
            Estimate candidateValue = ClusteredEstimate.of(cc, statistic);
            Estimate diff = ClusteredEstimate.estimate(List.of(new WeightedRun(cc, 1), new WeightedRun(bc, -1)), statistic);
            if (baseValue != null && candidateValue != null && diff != null) {
                Estimate r = diff.rounded();
                out.put(name, new Difference(ClusteredEstimate.round2(baseValue.value()),
                        ClusteredEstimate.round2(candidateValue.value()), r.value(), r.ciLow(), r.ciHigh(), r.pValue(),
                        common.size()));
            }
        });
        return out;
    }

    private static Estimate estimate(List<WeightedRun> runs, Statistic statistic) {
        Estimate e = ClusteredEstimate.estimate(runs, statistic);
        return e == null ? null : e.rounded();
    }

    /** An accuracy's interval cut to [0, 100]. */
    static Estimate clip(Estimate e) {
        return e == null || e.ciLow() == null ? e : new Estimate(e.value(), e.standardError(), Math.max(0, e.ciLow()),
                Math.min(100, e.ciHigh()), e.pValue());
    }

    private static boolean keep(Slot s, Set<String> questions, Set<Integer> samples, Set<Integer> levels) {
        return questions.contains(s.questionId()) && samples.contains(s.sample()) && levels.contains(s.level());
    }

    private static Set<String> questionsOf(List<Slot> slots) {
        Set<String> out = new HashSet<>();
        slots.forEach(s -> out.add(s.questionId()));
        return out;
    }

    private static Set<Integer> samplesOf(List<Slot> slots) {
        Set<Integer> out = new HashSet<>();
        slots.forEach(s -> out.add(s.sample()));
        return out;
    }

    private static Set<Integer> levelsOf(List<Slot> slots) {
        Set<Integer> out = new HashSet<>();
        slots.forEach(s -> out.add(s.level()));
        return out;
    }
}

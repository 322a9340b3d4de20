package dev.stresslab.analytics.domain;

import dev.stresslab.analytics.domain.ClusteredEstimate.Estimate;
import dev.stresslab.analytics.domain.ClusteredEstimate.WeightedRun;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The paper's tables, rows = models, columns = stress levels: per (model, benchmark) and group of comparable
 * complete runs (same levels, questions and settings key, {@link Comparability}), each run's numbers averaged over the
 * runs (the paper averages 8 runs per level on AIME and AMC), with the run count and the spread between runs. Runs
 * that are not complete (running, aborted) are left out, as are runs known only from their results. Pure.
 */
public final class ModelSummary {
    private ModelSummary() {
    }

    /** A stored run: {@code complete} when its prompts all ended and it was not aborted. */
    public record RunInfo(String runId, String modelId, String benchmark, List<Integer> levels, int questionCount,
                          String settingsKey, boolean complete, Instant composedAt) {
    }

    /** One run's counts at one level. */
    public record LevelCount(String runId, int level, long prompts, long slots, long correct, long omitted,
                             long truncatedPrompts) {
    }

    /** Comparable complete runs of one model on one benchmark, newest first. */
    public record Group(String modelId, String benchmark, List<Integer> levels, int questionCount, String settingsKey,
                        List<RunInfo> runs) {
    }

    /**
     * One cell: the mean over the group's runs of each run's accuracy at this level, in percent, with its clustered
     * 95 % interval when the slots were read (null otherwise); counts summed over the runs.
     */
    public record Cell(int level, long runs, long prompts, long slots, long correct, double accuracy, Double ciLow,
                       Double ciHigh, Double dropFromLevel1, Double omissionRate, Double truncationRate) {
    }

    /** Between-run spread: sample standard deviations (null with one run) and the range of Stress, in points. */
    public record Spread(Double singleSd, Double stressSd, Double stressMin, Double stressMax) {
    }

    /**
     * @param current true for the group with the newest run of its (model, benchmark): the one the gauges show
     * @param single  REST's headline numbers averaged over the runs ({@link Headline}); intervals only when the
     *                slots were read
     */
    public record Row(String modelId, String benchmark, String settingsKey, long runs, List<String> runIds,
                      boolean current, List<Cell> levels, Estimate single, Estimate stress, Estimate drop,
                      Estimate retention, Spread spread) {
    }

    /** A model's mean over its benchmarks (the paper's "Avg." column), per settings key, current groups only. */
    public record BenchmarkMean(String modelId, String settingsKey, List<String> benchmarks, Double single,
                                Double stress, Double drop) {
    }

    /** @param levels every level that occurs, ascending: the table's columns */
    public record Table(List<Integer> levels, List<Row> rows, List<BenchmarkMean> meanOverBenchmarks) {
    }

    public static List<Group> groups(List<RunInfo> runs) {
        Map<List<Object>, List<RunInfo>> byKey = new LinkedHashMap<>();
        runs.stream().filter(RunInfo::complete)
                .sorted(Comparator.comparing(RunInfo::composedAt, Comparator.nullsLast(Comparator.reverseOrder())))
                .forEach(r -> byKey.computeIfAbsent(java.util.Arrays.asList(r.modelId(), r.benchmark(),
                        r.levels().stream().sorted().toList(), r.questionCount(), r.settingsKey()),
                        k -> new ArrayList<>()).add(r));
        List<Group> out = new ArrayList<>();
        byKey.forEach((k, rs) -> out.add(new Group(rs.get(0).modelId(), rs.get(0).benchmark(),
                rs.get(0).levels().stream().sorted().toList(), rs.get(0).questionCount(), rs.get(0).settingsKey(),
                List.copyOf(rs))));
        // groups whose newest run is newest come first within a (model, benchmark)
        out.sort(Comparator.comparing(Group::benchmark).thenComparing(Group::modelId));
        return out;
    }

    /**
     * @param countsOf a run's counts for the clustered intervals, or null for point values only (the gauges)
     */
    public static Table table(List<Group> groups, Map<String, List<LevelCount>> countsByRun,
                              Function<String, ClusteredEstimate.RunCounts> countsOf) {
        TreeSet<Integer> allLevels = new TreeSet<>();
        List<Row> rows = new ArrayList<>();
        Map<List<String>, Boolean> seen = new HashMap<>();
        for (Group g : groups) {
            boolean current = seen.putIfAbsent(List.of(g.modelId(), g.benchmark()), true) == null;
            List<ClusteredEstimate.RunCounts> runCounts = countsOf == null ? null
                    : g.runs().stream().map(r -> countsOf.apply(r.runId())).toList();
            List<WeightedRun> counted = runCounts == null ? null
                    : runCounts.stream().map(r -> new WeightedRun(r, 1.0 / runCounts.size())).toList();
            Map<Integer, long[]> sums = new TreeMap<>();
            Map<Integer, Double> meanAccuracy = new TreeMap<>();
            List<Double> singles = new ArrayList<>();
            List<Double> stresses = new ArrayList<>();
            List<Double> retentions = new ArrayList<>();
            for (RunInfo r : g.runs()) {
                Map<Integer, Double> accuracy = new TreeMap<>();
                for (LevelCount c : countsByRun.getOrDefault(r.runId(), List.of())) {
                    long[] s = sums.computeIfAbsent(c.level(), l -> new long[5]);
                    s[0] += c.prompts();
                    s[1] += c.slots();
                    s[2] += c.correct();
                    s[3] += c.omitted();
                    s[4] += c.truncatedPrompts();
                    if (c.slots() > 0) {
                        accuracy.put(c.level(), 100.0 * c.correct() / c.slots());
                    }
                }
                accuracy.forEach((l, a) -> meanAccuracy.merge(l, a / g.runs().size(), Double::sum));
                singles.add(Headline.point(accuracy, ClusteredEstimate.SINGLE));
                stresses.add(Headline.point(accuracy, ClusteredEstimate.STRESS));
                retentions.add(Headline.point(accuracy, ClusteredEstimate.RETENTION));
            }
            Double single = meanAccuracy.get(1);
            List<Cell> cells = new ArrayList<>();
            sums.forEach((level, s) -> {
                allLevels.add(level);
                Estimate e = counted == null ? null : estimate(counted, ClusteredEstimate.level(level));
                double accuracy = meanAccuracy.getOrDefault(level, 0.0);
                cells.add(new Cell(level, g.runs().size(), s[0], s[1], s[2], round(accuracy),
                        e == null ? null : e.ciLow(), e == null ? null : e.ciHigh(),
                        single == null || level == 1 ? null : round(single - accuracy),
                        s[1] == 0 ? null : round(100.0 * s[3] / s[1]),
                        s[0] == 0 ? null : round(100.0 * s[4] / s[0])));
            });
            Headline h = runCounts == null ? null : Headline.ofCounts(runCounts);
            Double pointSingle = mean(singles);
            Double pointStress = mean(stresses);
            rows.add(new Row(g.modelId(), g.benchmark(), g.settingsKey(), g.runs().size(),
                    g.runs().stream().map(RunInfo::runId).toList(), current, List.copyOf(cells),
                    h != null ? h.single() : point(pointSingle),
                    h != null ? h.stress() : point(pointStress),
                    h != null ? h.drop() : point(pointSingle == null || pointStress == null ? null : pointSingle - pointStress),
                    h != null ? h.retention() : point(mean(retentions)),
                    new Spread(sd(singles), sd(stresses),
                            stresses.stream().filter(Objects::nonNull).min(Double::compare).map(ModelSummary::round).orElse(null),
                            stresses.stream().filter(Objects::nonNull).max(Double::compare).map(ModelSummary::round).orElse(null))));
        }
        return new Table(List.copyOf(allLevels), List.copyOf(rows), benchmarkMeans(rows));
    }

    private static List<BenchmarkMean> benchmarkMeans(List<Row> rows) {
        Map<List<String>, List<Row>> byModel = new LinkedHashMap<>();
        rows.stream().filter(Row::current).sorted(Comparator.comparing(Row::modelId))
                .forEach(r -> byModel.computeIfAbsent(java.util.Arrays.asList(r.modelId(), r.settingsKey()),
                        k -> new ArrayList<>()).add(r));
        List<BenchmarkMean> out = new ArrayList<>();
        byModel.forEach((k, rs) -> out.add(new BenchmarkMean(k.get(0), k.get(1), rs.stream().map(Row::benchmark).toList(),
                meanOf(rs, Row::single), meanOf(rs, Row::stress), meanOf(rs, Row::drop))));
        return out;
    }

    /** Mean of the rows' values, null unless every row has one. */
    private static Double meanOf(List<Row> rows, Function<Row, Estimate> value) {
        double sum = 0;
        for (Row r : rows) {
            Estimate e = value.apply(r);
            if (e == null) {
                return null;
            }
            sum += e.value();
        }
        return round(sum / rows.size());
    }

    private static Estimate estimate(List<WeightedRun> weighted, ClusteredEstimate.Statistic statistic) {
        Estimate e = ClusteredEstimate.estimate(weighted, statistic);
        return e == null ? null : e.rounded();
    }

    private static Estimate point(Double v) {
        return v == null ? null : Estimate.point(v);
    }

    private static Double mean(List<Double> values) {
        if (values.isEmpty() || values.contains(null)) {
            return null;
        }
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    private static Double sd(List<Double> values) {
        if (values.size() < 2 || values.contains(null)) {
            return null;
        }
        double m = mean(values);
        double ss = values.stream().mapToDouble(v -> (v - m) * (v - m)).sum();
        return round(Math.sqrt(ss / (values.size() - 1)));
    }

    private static double round(double v) {
        return Math.round(v * 100.0) / 100.0;
    }
}

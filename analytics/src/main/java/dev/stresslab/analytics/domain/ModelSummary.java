package dev.stresslab.analytics.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Accuracy per (model, benchmark, level) pooled over every run of that model on that benchmark: the paper's table,
 * rows = models, columns = stress levels. Pure.
 */
public final class ModelSummary {
    private ModelSummary() {
    }

    /** Counts of one (model, benchmark, level) over all runs. */
    public record Tally(String modelId, String benchmark, int level, long runs, long prompts, long slots,
                        long correct, long omitted) {
    }

    /** One cell: accuracy in percent over the pooled slots, a 95% Wilson interval, the drop from level 1. */
    public record Cell(int level, long runs, long prompts, long slots, long correct, double accuracy, double ciLow,
                       double ciHigh, Double dropFromLevel1, Double omissionRate) {
    }

    public record Row(String modelId, String benchmark, long runs, List<Cell> levels) {
    }

    /** @param levels every level that occurs, ascending: the table's columns */
    public record Table(List<Integer> levels, List<Row> rows) {
    }

    public static Table table(List<Tally> tallies) {
        Map<List<String>, List<Tally>> byRow = new LinkedHashMap<>();
        tallies.stream()
                .sorted(Comparator.comparing(Tally::benchmark).thenComparing(Tally::modelId).thenComparingInt(Tally::level))
                .forEach(t -> byRow.computeIfAbsent(List.of(t.modelId(), t.benchmark()), k -> new ArrayList<>()).add(t));
        TreeSet<Integer> levels = new TreeSet<>();
        List<Row> rows = new ArrayList<>();
        byRow.forEach((key, ts) -> {
            Tally base = ts.stream().filter(t -> t.level() == 1).findFirst().orElse(null);
            Double baseAccuracy = base == null || base.slots() == 0 ? null : 100.0 * base.correct() / base.slots();
            List<Cell> cells = new ArrayList<>();
            long runs = 0;
            for (Tally t : ts) {
                levels.add(t.level());
                runs = Math.max(runs, t.runs());
                double accuracy = t.slots() == 0 ? 0 : 100.0 * t.correct() / t.slots();
                double[] ci = ReportCalculator.wilson(t.correct(), t.slots());
                Double drop = baseAccuracy == null || t.level() == 1 || t.slots() == 0 ? null : round(baseAccuracy - accuracy);
                cells.add(new Cell(t.level(), t.runs(), t.prompts(), t.slots(), t.correct(), round(accuracy),
                        round(ci[0]), round(ci[1]), drop, t.slots() == 0 ? null : round(100.0 * t.omitted() / t.slots())));
            }
            rows.add(new Row(key.get(0), key.get(1), runs, List.copyOf(cells)));
        });
        return new Table(List.copyOf(levels), List.copyOf(rows));
    }

    private static double round(double v) {
        return Math.round(v * 100.0) / 100.0;
    }
}

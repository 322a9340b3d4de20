package dev.stresslab.analytics.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Turns per-level tallies into the run report. Pure. */
public final class ReportCalculator {
    private ReportCalculator() {
    }

    /**
     * @param levels           the run's levels, in the order requested
     * @param expectedPerLevel prompts composed per level (questions × samples)
     */
    public static RunReport report(String runId, String modelId, String benchmark, long composed, List<Integer> levels,
                                   long expectedPerLevel, List<LevelTally> tallies) {
        return report(runId, modelId, benchmark, composed, levels, expectedPerLevel, tallies, null);
    }

    /** @param price the model's configured price, or null when none is configured (costs are then null) */
    public static RunReport report(String runId, String modelId, String benchmark, long composed, List<Integer> levels,
                                   long expectedPerLevel, List<LevelTally> tallies, Price price) {
        Map<Integer, LevelTally> byLevel = tallies.stream().collect(Collectors.toMap(LevelTally::level, Function.identity()));
        LevelTally base = byLevel.get(1);
        Double baseAccuracy = base == null || base.slots() == 0 ? null : percent(base.correct(), base.slots());
        List<RunReport.LevelReport> out = new ArrayList<>();
        long ended = 0;
        long failed = 0;
        long promptTokens = 0;
        long completionTokens = 0;
        long reasoningTokens = 0;
        long usagePrompts = 0;
        for (int level : levels) {
            LevelTally t = byLevel.getOrDefault(level, new LevelTally(level, 0, 0, 0, 0, 0, 0));
            ended += t.prompts();
            failed += t.failedPrompts();
            promptTokens += t.promptTokens();
            completionTokens += t.completionTokens();
            reasoningTokens += t.reasoningTokens();
            usagePrompts += t.usagePrompts();
            double accuracy = t.slots() == 0 ? 0 : percent(t.correct(), t.slots());
            Double drop = baseAccuracy == null || level == 1 || t.slots() == 0 ? null : round(baseAccuracy - accuracy);
            out.add(new RunReport.LevelReport(level, t.prompts(), expectedPerLevel, t.failedPrompts(), t.truncatedPrompts(),
                    t.slots(), t.correct(), t.omitted(), round(accuracy), null, null, drop,
                    t.slots() == 0 ? null : round(percent(t.omitted(), t.slots())),
                    t.prompts() == 0 ? null : round(percent(t.truncatedPrompts(), t.prompts())),
                    t.promptTokens(), t.completionTokens(), t.reasoningTokens(),
                    t.usagePrompts() == 0 ? null : round((double) t.completionTokens() / t.usagePrompts()),
                    price == null ? null : roundCost(price.cost(t.promptTokens(), t.completionTokens()))));
        }
        RunReport.UsageReport usage = new RunReport.UsageReport(promptTokens, completionTokens, reasoningTokens,
                usagePrompts, price == null ? null : price.promptPerMillion(),
                price == null ? null : price.completionPerMillion(),
                price == null ? null : roundCost(price.cost(promptTokens, completionTokens)));
        String status = composed == 0 ? "COMPOSING" : ended >= composed ? "COMPLETE" : "RUNNING";
        return new RunReport(runId, modelId, benchmark, status, composed, ended, ended - failed, failed, List.copyOf(out),
                usage, null, null);
    }

    /**
     * The report with its statistics from the run's counts ({@link ClusteredEstimate.RunCounts}): each level's
     * clustered 95 % interval (clipped to [0, 100]) and REST's headline numbers ({@link Headline}).
     */
    public static RunReport withCounts(RunReport report, ClusteredEstimate.RunCounts counts) {
        List<RunReport.LevelReport> levels = new ArrayList<>();
        for (RunReport.LevelReport l : report.levels()) {
            // a level's statistic only weighs that level's slots, questions and outputs
            ClusteredEstimate.Estimate e = l.slots() == 0 || counts.isEmpty() ? null
                    : ClusteredEstimate.estimate(List.of(new ClusteredEstimate.WeightedRun(counts, 1)),
                    ClusteredEstimate.level(l.level()));
            levels.add(e == null ? l : l.withInterval(round(Math.max(0, e.ciLow())), round(Math.min(100, e.ciHigh()))));
        }
        return report.with(List.copyOf(levels), Headline.ofCounts(List.of(counts)));
    }

    private static double percent(long k, long n) {
        return 100.0 * k / n;
    }

    /** Costs keep 6 decimals (a millionth of the currency unit). */
    private static double roundCost(double v) {
        return Math.round(v * 1_000_000.0) / 1_000_000.0;
    }

    private static double round(double v) {
        return Math.round(v * 100.0) / 100.0;
    }
}

package dev.stresslab.analytics.service;

import dev.stresslab.analytics.config.PriceCatalog;
import dev.stresslab.analytics.domain.Comparability;
import dev.stresslab.analytics.domain.Headline;
import dev.stresslab.analytics.domain.ModelSummary;
import dev.stresslab.analytics.domain.PairedComparison;
import dev.stresslab.analytics.domain.ReportCalculator;
import dev.stresslab.analytics.domain.RunReport;
import dev.stresslab.analytics.domain.Slot;
import dev.stresslab.analytics.domain.SlotOutcome;
import dev.stresslab.analytics.domain.StressAnalysis;
import dev.stresslab.analytics.domain.TokenBox;
import dev.stresslab.analytics.persistence.ReportQueries;
import dev.stresslab.analytics.persistence.RunEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Report assembly, in one place for every page and endpoint: reads through {@link ReportQueries}, computes with the
 * pure domain classes. The one rule for "does this run exist" is {@link #requireRun}.
 */
@ApplicationScoped
public class ReportService {
    private final ReportQueries queries;
    private final PriceCatalog prices;

    public ReportService(ReportQueries queries, PriceCatalog prices) {
        this.queries = queries;
        this.prices = prices;
    }

    /**
     * Why accuracy drops (docs/metrics.md, "Why it drops"): accuracy and tokens by position, token boxes with Tukey
     * whiskers, adaptive effort paired per question, over-thinking within a question, and per level the error
     * taxonomy, every flag counted and the label-aware accuracy.
     */
    public record StressAnalysisReport(String runId, List<StressAnalysis.PositionReport> positions,
                                       List<TokenBox> tokenBoxes, List<StressAnalysis.AdaptiveEffort> adaptiveEffort,
                                       List<StressAnalysis.Overthinking> overthinking,
                                       List<StressAnalysis.LevelBreakdown> levels) {
    }

    /**
     * The comparison of two runs. {@code result}: the slot- or question-matched McNemar test and bootstrap (kept for
     * existing callers; it treats units as independent). {@code headline}: REST's Single, Stress and drop of both
     * runs, candidate − base with a paired two-way clustered interval and p-value (the release gate reads these).
     * {@code comparable} is false, with the {@code reason}, when the runs differ in benchmark, levels or settings.
     */
    public record Comparison(String base, String candidate, boolean comparable, String reason,
                             Map<String, Headline.Difference> headline, PairedComparison.Result result) {
    }

    /**
     * A run exists when its lifecycle event or any of its results has been stored (results may arrive before the
     * run event). Unknown runs are a 404 for every endpoint.
     */
    public void requireRun(String runId) {
        if (!queries.runExists(runId)) {
            throw new NotFoundException("no run '" + runId + "'");
        }
    }

    /** Status, accuracy per level with clustered intervals, and the headline numbers. */
    public RunReport report(String runId) {
        requireRun(runId);
        RunEntity run = RunEntity.findById(runId);
        var tallies = queries.tallies(runId);
        RunReport report;
        if (run == null) {
            // Scores arrived before the run's lifecycle event: report what is there.
            List<Integer> levels = tallies.stream().map(t -> t.level()).sorted().toList();
            report = ReportCalculator.report(runId, null, null, 0, levels, 0, tallies);
        } else {
            report = ReportCalculator.report(run.runId, run.modelId, run.benchmark, run.promptCount, run.levelList(),
                    (long) run.questionCount * run.samples, tallies, prices.priceOf(run.modelId))
                    .inLifecycle(run.state, run.stateReason);
            if ("CANCELLED".equals(run.state)) {
                report = report.cancelled(queries.cancelled(runId), run.stateReason);
            }
        }
        return ReportCalculator.withCounts(report, queries.counts(runId));
    }

    /** Every ended prompt of the run with its slots and right ones (the release gate pairs them). */
    public List<ReportQueries.PromptOutcome> promptOutcomes(String runId) {
        requireRun(runId);
        return queries.promptOutcomes(runId);
    }

    public StressAnalysisReport analysis(String runId) {
        requireRun(runId);
        List<Slot> slots = queries.slots(runId);
        return new StressAnalysisReport(runId, StressAnalysis.positions(slots), StressAnalysis.tokenBoxes(slots),
                StressAnalysis.adaptiveEffort(slots), StressAnalysis.overthinking(slots), StressAnalysis.breakdown(slots));
    }

    public Comparison compare(String base, String candidate, PairedComparison.Matching matching) {
        requireRun(base);
        requireRun(candidate);
        List<Slot> b = queries.verdicts(base);
        List<Slot> c = queries.verdicts(candidate);
        Comparability.Verdict verdict = Comparability.check(settings(base, b), settings(candidate, c));
        return new Comparison(base, candidate, verdict.comparable(), verdict.reason(), Headline.paired(b, c),
                PairedComparison.compare(outcomes(b), outcomes(c), matching));
    }

    /** The model table with clustered intervals (reads every comparable complete run's slots). */
    public ModelSummary.Table modelSummary() {
        return modelTable(true);
    }

    /** The model table's point values only: one grouped scan, cheap enough for the gauges' timer. */
    public ModelSummary.Table modelPoints() {
        return modelTable(false);
    }

    private ModelSummary.Table modelTable(boolean intervals) {
        Map<String, List<ModelSummary.LevelCount>> counts = queries.levelCounts().stream()
                .collect(Collectors.groupingBy(ModelSummary.LevelCount::runId));
        return ModelSummary.table(ModelSummary.groups(queries.runs()), counts, intervals ? queries::counts : null);
    }

    private static Comparability.RunSettings settings(String runId, List<Slot> slots) {
        RunEntity run = RunEntity.findById(runId);
        if (run == null) {
            return new Comparability.RunSettings(runId, null,
                    slots.stream().map(Slot::level).distinct().sorted().toList(), null);
        }
        return new Comparability.RunSettings(runId, run.benchmark, run.levelList(), run.settingsKey);
    }

    private static List<SlotOutcome> outcomes(List<Slot> slots) {
        return slots.stream().map(s -> new SlotOutcome(s.questionId(), s.level(), s.position(), s.sample(), s.correct()))
                .toList();
    }
}

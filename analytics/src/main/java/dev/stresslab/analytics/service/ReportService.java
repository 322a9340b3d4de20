package dev.stresslab.analytics.service;

import dev.stresslab.analytics.config.PriceCatalog;
import dev.stresslab.analytics.domain.ModelSummary;
import dev.stresslab.analytics.domain.PairedComparison;
import dev.stresslab.analytics.domain.ReportCalculator;
import dev.stresslab.analytics.domain.RunReport;
import dev.stresslab.analytics.domain.StressAnalysis;
import dev.stresslab.analytics.domain.TokenBox;
import dev.stresslab.analytics.persistence.ReportQueries;
import dev.stresslab.analytics.persistence.RunEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;

import java.util.List;

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

    /** Why accuracy drops: accuracy and effort by position, first-question token share, interference. */
    public record StressAnalysisReport(String runId, List<StressAnalysis.PositionReport> positions,
                                       List<StressAnalysis.LevelEffort> levels, List<TokenBox> tokenBoxes) {
    }

    public record Comparison(String base, String candidate, PairedComparison.Result result) {
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

    /** Status and accuracy per level. */
    public RunReport report(String runId) {
        requireRun(runId);
        RunEntity run = RunEntity.findById(runId);
        var tallies = queries.tallies(runId);
        if (run == null) {
            // Scores arrived before the run's lifecycle event: report what is there.
            List<Integer> levels = tallies.stream().map(t -> t.level()).sorted().toList();
            return ReportCalculator.report(runId, null, null, 0, levels, 0, tallies);
        }
        return ReportCalculator.report(run.runId, run.modelId, run.benchmark, run.promptCount, run.levelList(),
                (long) run.questionCount * run.samples, tallies, prices.priceOf(run.modelId))
                .inLifecycle(run.state, run.stateReason);
    }

    public StressAnalysisReport analysis(String runId) {
        requireRun(runId);
        var positions = queries.positionTallies(runId);
        return new StressAnalysisReport(runId, StressAnalysis.positions(positions),
                StressAnalysis.effort(positions, queries.transitionTallies(runId)), queries.tokenBoxes(runId));
    }

    public Comparison compare(String base, String candidate, PairedComparison.Matching matching) {
        requireRun(base);
        requireRun(candidate);
        return new Comparison(base, candidate,
                PairedComparison.compare(queries.slotOutcomes(base), queries.slotOutcomes(candidate), matching));
    }

    public ModelSummary.Table modelSummary() {
        return ModelSummary.table(queries.modelTallies());
    }
}

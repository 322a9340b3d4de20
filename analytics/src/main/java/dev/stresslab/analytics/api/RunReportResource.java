package dev.stresslab.analytics.api;

import dev.stresslab.analytics.domain.ReportCalculator;
import dev.stresslab.analytics.domain.RunReport;
import dev.stresslab.analytics.domain.StressAnalysis;
import dev.stresslab.analytics.persistence.ResultStore;
import dev.stresslab.analytics.persistence.RunEntity;
import io.quarkus.panache.common.Sort;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import java.util.List;

/** Run status and accuracy under stress. */
@Path("/runs")
public class RunReportResource {
    private final ResultStore store;

    public RunReportResource(ResultStore store) {
        this.store = store;
    }

    public record RunSummary(String runId, String modelId, String benchmark, List<Integer> levels, int promptCount,
                             String composedAt) {
    }

    @GET
    public List<RunSummary> list() {
        return RunEntity.<RunEntity>findAll(Sort.descending("composedAt")).page(0, 200).list().stream()
                .map(r -> new RunSummary(r.runId, r.modelId, r.benchmark, r.levelList(), r.promptCount, r.composedAt.toString()))
                .toList();
    }

    /** Why accuracy drops: accuracy and effort by position, first-question token share, interference. */
    public record StressAnalysisReport(String runId, List<StressAnalysis.PositionReport> positions,
                                       List<StressAnalysis.LevelEffort> levels) {
    }

    @GET
    @Path("/{runId}/analysis")
    public StressAnalysisReport analysis(@PathParam("runId") String runId) {
        var positions = store.positionTallies(runId);
        if (positions.isEmpty() && RunEntity.findById(runId) == null) {
            throw new NotFoundException("no run '" + runId + "'");
        }
        return new StressAnalysisReport(runId, StressAnalysis.positions(positions),
                StressAnalysis.effort(positions, store.transitionTallies(runId)));
    }

    @GET
    @Path("/{runId}")
    public RunReport report(@PathParam("runId") String runId) {
        RunEntity run = RunEntity.findById(runId);
        var tallies = store.tallies(runId);
        if (run == null && tallies.isEmpty()) {
            throw new NotFoundException("no run '" + runId + "'");
        }
        if (run == null) {
            // Scores arrived before the run's COMPOSED event: report what is there.
            List<Integer> levels = tallies.stream().map(t -> t.level()).sorted().toList();
            return ReportCalculator.report(runId, null, null, 0, levels, 0, tallies);
        }
        return ReportCalculator.report(run.runId, run.modelId, run.benchmark, run.promptCount, run.levelList(),
                (long) run.questionCount * run.samples, tallies);
    }
}

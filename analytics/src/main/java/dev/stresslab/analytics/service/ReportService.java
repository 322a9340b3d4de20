package dev.stresslab.analytics.service;

import dev.stresslab.analytics.config.PriceCatalog;
import dev.stresslab.analytics.domain.ClusteredEstimate;
import dev.stresslab.analytics.domain.Comparability;
import dev.stresslab.analytics.domain.Headline;
import dev.stresslab.analytics.domain.LabelAwareReading;
import dev.stresslab.analytics.domain.ModelSummary;
import dev.stresslab.analytics.domain.PairedComparison;
import dev.stresslab.analytics.domain.QuestionTagBreakdown;
import dev.stresslab.analytics.domain.ReportCalculator;
import dev.stresslab.analytics.domain.RunReport;
import dev.stresslab.analytics.domain.Slot;
import dev.stresslab.analytics.domain.SlotOutcome;
import dev.stresslab.analytics.domain.StressAnalysis;
import dev.stresslab.analytics.domain.TokenBox;
import dev.stresslab.analytics.persistence.ReportQueries;
import dev.stresslab.analytics.persistence.ResultsStored;
import dev.stresslab.analytics.persistence.RunEntity;
import dev.stresslab.analytics.persistence.RunVersion;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CaffeineCache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.ws.rs.NotFoundException;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Report assembly, in one place for every page and endpoint: reads through {@link ReportQueries}, computes with the
 * pure domain classes. The one rule for "does this run exist" is {@link #requireRun}.
 * <p>
 * A run's report, analysis and interval counts are computed once per {@link RunVersion} and kept in Quarkus caches
 * (Caffeine; sizes in application.properties): every request reads the version (one cheap query), and any stored
 * result or lifecycle step makes a new version, so a cached value is never stale. When ingestion completes a run
 * ({@link ResultsStored}) its report and analysis are computed at once, so the first reader finds them ready.
 */
@ApplicationScoped
public class ReportService {
    private static final Logger LOG = Logger.getLogger(ReportService.class);

    private final ReportQueries queries;
    private final PriceCatalog prices;
    private final Cache reports;
    private final Cache analyses;
    private final Cache counts;

    public ReportService(ReportQueries queries, PriceCatalog prices, @CacheName("run-report") Cache reports,
                         @CacheName("run-analysis") Cache analyses, @CacheName("run-counts") Cache counts) {
        this.queries = queries;
        this.prices = prices;
        this.reports = reports;
        this.analyses = analyses;
        this.counts = counts;
    }

    /**
     * Why accuracy drops (docs/metrics.md, "Why it drops"): accuracy and tokens by position, token boxes with Tukey
     * whiskers, adaptive effort paired per question, over-thinking within a question, and per level the error
     * taxonomy, every flag counted and the label-aware accuracy; {@code labelAware}: the label-aware reading's Single
     * and Stress beside the positional ones with their agreement (App. C); {@code questionTags}: accuracy by MATH500
     * subject and level per stress level (App. F), null when the benchmark has no such tags; {@code llmExtraction}: an
     * LLM extractor's reading against the rule-based one (null when the run had none).
     */
    public record StressAnalysisReport(String runId, List<StressAnalysis.PositionReport> positions,
                                       List<TokenBox> tokenBoxes, List<StressAnalysis.AdaptiveEffort> adaptiveEffort,
                                       List<StressAnalysis.Overthinking> overthinking,
                                       List<StressAnalysis.LevelBreakdown> levels, LabelAwareReading labelAware,
                                       QuestionTagBreakdown questionTags, StressAnalysis.LlmExtraction llmExtraction) {
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
    public RunVersion requireRun(String runId) {
        RunVersion version = queries.version(runId);
        if (!version.exists()) {
            throw new NotFoundException("no run '" + runId + "'");
        }
        return version;
    }

    /** Status, accuracy per level with clustered intervals, and the headline numbers. */
    public RunReport report(String runId) {
        return cached(reports, requireRun(runId), this::computeReport);
    }

    public StressAnalysisReport analysis(String runId) {
        return cached(analyses, requireRun(runId), this::computeAnalysis);
    }

    /** Computes and keeps the report and analysis of runs that ingestion just completed. */
    @ActivateRequestContext
    void precompute(@ObservesAsync ResultsStored stored) {
        for (String runId : stored.runIds()) {
            try {
                RunVersion version = queries.version(runId);
                if (version.complete()) {
                    cached(reports, version, this::computeReport);
                    cached(analyses, version, this::computeAnalysis);
                }
            } catch (RuntimeException e) {
                // only a head start: the first request computes it instead
                LOG.debugf(e, "report of run %s not precomputed", runId);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T cached(Cache cache, RunVersion version, Function<RunVersion, T> compute) {
        return (T) cache.get(version, v -> compute.apply(version)).await().indefinitely();
    }

    private ClusteredEstimate.RunCounts counts(RunVersion version) {
        return cached(counts, version, v -> queries.counts(v.runId()));
    }

    private RunReport computeReport(RunVersion version) {
        String runId = version.runId();
        RunEntity run = RunEntity.findById(runId);
        ClusteredEstimate.RunCounts runCounts = counts(version);
        var tallies = queries.tallies(runId, runCounts);
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
        return ReportCalculator.withCounts(report, runCounts);
    }

    /** Every ended prompt of the run with its slots and right ones (the release gate pairs them). */
    public List<ReportQueries.PromptOutcome> promptOutcomes(String runId) {
        requireRun(runId);
        return queries.promptOutcomes(runId);
    }

    private StressAnalysisReport computeAnalysis(RunVersion version) {
        String runId = version.runId();
        List<Slot> slots = queries.slots(runId);
        // the report's interval counts follow from the same slots: the report page then reads the run only once
        counts.as(CaffeineCache.class).put(version,
                CompletableFuture.completedFuture(ClusteredEstimate.RunCounts.of(slots)));
        return new StressAnalysisReport(runId, StressAnalysis.positions(slots), StressAnalysis.tokenBoxes(slots),
                StressAnalysis.adaptiveEffort(slots), StressAnalysis.overthinking(slots), StressAnalysis.breakdown(slots),
                LabelAwareReading.of(slots), QuestionTagBreakdown.of(slots, queries.questionTags(runId)),
                StressAnalysis.llmExtraction(slots));
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
        return ModelSummary.table(ModelSummary.groups(queries.runs()), counts, intervals ? runId -> counts(queries.version(runId)) : null);
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

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
import dev.stresslab.analytics.domain.RunAnalysis;
import dev.stresslab.analytics.domain.RunReport;
import dev.stresslab.analytics.domain.Slot;
import dev.stresslab.analytics.domain.SlotOutcome;
import dev.stresslab.analytics.domain.StressAnalysis;
import dev.stresslab.analytics.domain.TokenBox;
import dev.stresslab.analytics.persistence.ReportQueries;
import dev.stresslab.analytics.persistence.ResultsStored;
import dev.stresslab.analytics.persistence.RunEntity;
import dev.stresslab.analytics.persistence.RunVersion;
import dev.stresslab.analytics.persistence.SettledComputations;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CaffeineCache;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.ws.rs.NotFoundException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Report assembly, in one place for every page and endpoint: reads through {@link ReportQueries}, computes with the
 * pure domain classes. The one rule for "does this run exist" is {@link #requireRun}.
 * <p>
 * A settled run's report, analysis and interval counts are computed once per {@link RunVersion} and kept in Quarkus
 * caches (Caffeine; sizes in application.properties): every request reads the version (one cheap query), and any
 * stored result or lifecycle step makes a new version, so a cached value is never stale. A running run's versions
 * pass quickly and are not cached per version (they would push settled runs out); its newest value is kept instead. When ingestion completes a run
 * ({@link ResultsStored}) its report and analysis are computed at once, so the first reader finds them ready, and
 * stored ({@link SettledComputations}), so after a restart or on another replica they are read, not computed again.
 * <p>
 * A <b>running</b> run changes with every result, so exact values would be recomputed on nearly every read (hundreds
 * of milliseconds at 100,000 results). When its last computation took {@code analytics.reports.exact-below} or more,
 * its readers get the newest computation instead, at most
 * {@code analytics.reports.max-staleness} old, and a scheduled refresher recomputes every watched running run (read in
 * the last {@code analytics.reports.watch-window}) whose version moved, every {@code analytics.reports.refresh-interval}
 * and never more than a quarter of one core. A run that is settled (complete, stopped, aborted) is always exact, so
 * a status that a pipeline acts on is never stale; {@code exact=true} asks for exact values of a running run.
 * <p>
 * A running run's computations come from {@link RunningAnalyses}, which holds its analysis folded slot by slot and
 * folds in only what was stored since, so an exact computation costs neither a read nor a pass over every slot.
 */
@ApplicationScoped
public class ReportService {
    private static final Logger LOG = Logger.getLogger(ReportService.class);

    private final ReportQueries queries;
    private final RunningAnalyses running;
    private final SettledComputations settledComputations;
    private final PriceCatalog prices;
    private final Cache reports;
    private final Cache analyses;
    private final Cache counts;
    private final Cache levelCounts;
    private final Duration maxStaleness;
    private final Duration watchWindow;
    private final Duration exactBelow;
    private final LatestComputations<RunReport> latestReports = new LatestComputations<>();
    private final LatestComputations<StressAnalysisReport> latestAnalyses = new LatestComputations<>();
    private volatile long nextRefreshNanos = System.nanoTime();
    private boolean runningFollowed; // only the refresher's thread (no concurrent execution) reads and writes it

    public ReportService(ReportQueries queries, RunningAnalyses running, SettledComputations settledComputations,
                         PriceCatalog prices, @CacheName("run-report") Cache reports,
                         @CacheName("run-analysis") Cache analyses, @CacheName("run-counts") Cache counts,
                         @CacheName("run-level-counts") Cache levelCounts,
                         @ConfigProperty(name = "analytics.reports.max-staleness") Duration maxStaleness,
                         @ConfigProperty(name = "analytics.reports.watch-window") Duration watchWindow,
                         @ConfigProperty(name = "analytics.reports.exact-below") Duration exactBelow) {
        this.queries = queries;
        this.running = running;
        this.settledComputations = settledComputations;
        this.prices = prices;
        this.reports = reports;
        this.analyses = analyses;
        this.counts = counts;
        this.levelCounts = levelCounts;
        this.maxStaleness = maxStaleness;
        this.watchWindow = watchWindow;
        this.exactBelow = exactBelow;
    }

    /**
     * What a read returns: the value, the run version it was computed for ({@code covered}) and the run's version
     * now; {@code computedAt} when the value was computed for an earlier version (null when exact).
     */
    public record Served<T>(T value, RunVersion covered, RunVersion current, Instant computedAt) {
        public boolean exact() {
            return covered.equals(current);
        }
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

    /** Status, accuracy per level with clustered intervals, and the headline numbers (a running run's newest). */
    public RunReport report(String runId) {
        return report(runId, false).value();
    }

    /** @param exact computed for the run's version now, even while it runs */
    public Served<RunReport> report(String runId, boolean exact) {
        return serve(runId, exact, reports, latestReports, this::computeReport, this::runningReport);
    }

    public StressAnalysisReport analysis(String runId) {
        return analysis(runId, false).value();
    }

    public Served<StressAnalysisReport> analysis(String runId, boolean exact) {
        return serve(runId, exact, analyses, latestAnalyses, this::computeAnalysis, v -> analyze(v).analysis());
    }

    /**
     * @param settled computes a settled run's value, kept per version in {@code cache}
     * @param passing computes a running run's value, kept only as its newest in {@code latest}
     */
    private <T> Served<T> serve(String runId, boolean exact, Cache cache, LatestComputations<T> latest,
                                Function<RunVersion, T> settled, Function<RunVersion, T> passing) {
        RunVersion current = requireRun(runId);
        if (current.settled()) {
            latest.forget(runId);
            running.forget(runId);
            return new Served<>(cached(cache, current, settled), current, current, null);
        }
        long now = System.nanoTime();
        if (!exact) {
            Optional<LatestComputations.Computed<T>> newest = latest.read(runId, now);
            if (newest.isPresent() && (newest.get().version().equals(current)
                    // a run whose computation is cheap is simply computed again: only large runs are served stale
                    || newest.get().tookNanos() >= exactBelow.toNanos()
                    && now - newest.get().computedAtNanos() <= maxStaleness.toNanos())) {
                LatestComputations.Computed<T> c = newest.get();
                return new Served<>(c.value(), c.version(), current, c.version().equals(current) ? null : c.computedAt());
            }
        }
        LatestComputations.Computed<T> computed = compute(current, passing);
        // an exact reader computes for itself: it does not make the refresher watch the run
        latest.offer(runId, computed, System.nanoTime(), !exact);
        return new Served<>(computed.value(), current, current, null);
    }

    private static <T> LatestComputations.Computed<T> compute(RunVersion version, Function<RunVersion, T> compute) {
        long start = System.nanoTime();
        T value = compute.apply(version);
        long end = System.nanoTime();
        return new LatestComputations.Computed<>(version, value, Instant.now(), end, end - start);
    }

    /**
     * Recomputes the watched running runs whose version moved since their newest computation, from the analyses
     * {@link RunningAnalyses} holds (folded forward first). After a pass that took T, the next waits 3T, so
     * however many runs are watched the refresher uses at most a quarter of one core.
     */
    @Scheduled(every = "${analytics.reports.refresh-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @ActivateRequestContext
    void refreshWatched() {
        long start = System.nanoTime();
        if (start - nextRefreshNanos < 0) {
            return;
        }
        if (!runningFollowed) {
            // after a start (or restart), the running runs' analyses are folded in ahead, so their first exact read
            // does not read every slot
            try {
                queries.runningRunIds().forEach(running::follow);
                runningFollowed = true;
            } catch (RuntimeException e) {
                LOG.debugf(e, "running runs not listed; the next pass tries again");
            }
        }
        running.catchUp();
        running.checkpoint();
        running.forgetUnreadSince(start - watchWindow.toNanos());
        // a running run's versions are passing: they are not put in the per-version caches (a watched run would fill
        // them with versions nobody reads again, pushing out settled runs)
        refresh(latestAnalyses, analyses, this::computeAnalysis, v -> analyze(v).analysis(), start);
        refresh(latestReports, reports, this::computeReport, this::runningReport, start);
        long end = System.nanoTime();
        nextRefreshNanos = end + 3 * (end - start);
    }

    /**
     * @param settled computes a settled run's value into the cache, so its reader finds it ready
     * @param passing computes a running run's value for {@code latest} only
     */
    private <T> void refresh(LatestComputations<T> latest, Cache cache, Function<RunVersion, T> settled,
                             Function<RunVersion, T> passing, long now) {
        for (LatestComputations.Computed<T> c : latest.watched(now, watchWindow.toNanos())) {
            String runId = c.version().runId();
            if (c.tookNanos() < exactBelow.toNanos()) {
                continue; // cheap to compute: its readers compute it exactly themselves
            }
            try {
                RunVersion current = queries.version(runId);
                if (current.equals(c.version())) {
                    continue;
                }
                if (current.settled()) {
                    cached(cache, current, settled);
                    latest.forget(runId);
                    running.forget(runId);
                } else {
                    latest.offer(runId, compute(current, passing), System.nanoTime(), false);
                }
            } catch (RuntimeException e) {
                LOG.debugf(e, "report of run %s not refreshed", runId); // the next pass or a reader tries again
            }
        }
    }

    /**
     * Computes and keeps the report and analysis of runs that ingestion just completed; for running runs, has the
     * {@link RunningAnalyses} read their new slots ahead.
     */
    @ActivateRequestContext
    void precompute(@ObservesAsync ResultsStored stored) {
        for (String runId : stored.runIds()) {
            try {
                RunVersion version = queries.version(runId);
                if (version.complete()) {
                    running.forget(runId);
                    cached(analyses, version, this::computeAnalysis);
                    cached(reports, version, this::computeReport);
                    cached(levelCounts, version, v -> queries.levelCounts(v.runId()));
                } else if (!version.settled()) {
                    running.follow(runId); // read its new slots ahead, so an exact read finds them held
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

    /**
     * A running run's report: its interval counts from the analysis {@link RunningAnalyses} holds, brought up to what
     * is stored now (not only to {@code version}): the per-level prompt tallies are read after them, so the slots can
     * never lag behind the prompts they are reported beside.
     */
    private RunReport runningReport(RunVersion version) {
        return report(version, running.read(version.runId(), RunAnalysis::counts));
    }

    /** A settled run's report: stored once computed (a restart or another replica reads it back). */
    private RunReport computeReport(RunVersion version) {
        return settledValue(version, "report", RunReport.class, v -> report(v, counts(v)));
    }

    private <T> T settledValue(RunVersion version, String kind, Class<T> type, Function<RunVersion, T> compute) {
        Optional<T> stored = settledComputations.load(version, kind, type);
        if (stored.isPresent()) {
            return stored.get();
        }
        T value = compute.apply(version);
        try {
            settledComputations.store(version, kind, value);
        } catch (RuntimeException e) {
            LOG.debugf(e, "%s of run %s not stored; it is computed again after a restart", kind, version.runId());
        }
        return value;
    }

    private RunReport report(RunVersion version, ClusteredEstimate.RunCounts runCounts) {
        String runId = version.runId();
        RunEntity run = RunEntity.findById(runId);
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

    /** A settled run's analysis: stored once computed, as its report. */
    private StressAnalysisReport computeAnalysis(RunVersion version) {
        return settledValue(version, "analysis", StressAnalysisReport.class, v -> {
            Analyzed a = analyze(v);
            counts.as(CaffeineCache.class).put(v, CompletableFuture.completedFuture(a.counts()));
            return a.analysis();
        });
    }

    /** The analysis, and the report's interval counts from the same slots (the report page then reads the run once). */
    private record Analyzed(StressAnalysisReport analysis, ClusteredEstimate.RunCounts counts) {
    }

    private Analyzed analyze(RunVersion version) {
        String runId = version.runId();
        // a running run's analysis is held and folded forward; a settled run's is made once, for its cached value
        RunAnalysis.Result r;
        if (version.settled()) {
            ReportQueries.RunSlots read = queries.slots(runId);
            r = RunAnalysis.of(read.slots(), read.questionTags()).result();
        } else {
            r = running.read(version, RunAnalysis::result);
        }
        return new Analyzed(new StressAnalysisReport(runId, r.positions(), r.tokenBoxes(), r.adaptiveEffort(),
                r.overthinking(), r.levels(), r.labelAware(), r.questionTags(), r.llmExtraction()), r.counts());
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

    /**
     * Only complete runs enter the table, and a complete run's numbers never change: its level counts and interval
     * counts are kept per {@link RunVersion}, so the table costs one query over the run table plus what runs completed
     * since the last read, not a scan of every stored result.
     */
    private ModelSummary.Table modelTable(boolean intervals) {
        List<ReportQueries.StoredRun> runs = queries.runs();
        List<ModelSummary.Group> groups = ModelSummary.groups(runs.stream().map(ReportQueries.StoredRun::info).toList());
        Map<String, RunVersion> versions = runs.stream()
                .collect(Collectors.toMap(r -> r.info().runId(), ReportQueries.StoredRun::version));
        Map<String, List<ModelSummary.LevelCount>> levels = new java.util.HashMap<>();
        groups.stream().flatMap(g -> g.runs().stream()).forEach(r -> levels.put(r.runId(),
                cached(levelCounts, versions.get(r.runId()), v -> queries.levelCounts(v.runId()))));
        return ModelSummary.table(groups, levels, intervals ? runId -> counts(versions.get(runId)) : null);
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

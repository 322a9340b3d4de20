package dev.stresslab.analytics.metrics;

import dev.stresslab.analytics.domain.ModelSummary;
import dev.stresslab.analytics.persistence.ReportQueries;
import dev.stresslab.analytics.service.ReportService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * REST's numbers as Prometheus gauges (docs/metrics.md, "Prometheus gauges"). Per (model, benchmark), from the same
 * rule as GET /models/summary (the mean over the comparable complete runs of the group with the newest run): Single
 * ({@code stresslab_single_accuracy}), Stress ({@code stresslab_stress_score}) and Single − Stress
 * ({@code stresslab_stress_drop}), and per stress_level accuracy, drop from level 1 and omission and truncation rates; accuracy per
 * position is pooled over all runs. Labels are bounded by the registered models and benchmarks, never by runs.
 * Refreshed on a timer from grouped queries (no interval is computed), so a scrape never queries the database.
 */
@ApplicationScoped
public class RestGauges {
    private static final Logger LOG = Logger.getLogger(RestGauges.class);

    private final ReportQueries store;
    private final ReportService reports;
    private final MultiGauge single;
    private final MultiGauge stress;
    private final MultiGauge stressDrop;
    private final MultiGauge accuracy;
    private final MultiGauge drop;
    private final MultiGauge omission;
    private final MultiGauge truncation;
    private final MultiGauge positionAccuracy;
    private final Duration interval;
    private ScheduledExecutorService timer;

    public RestGauges(ReportQueries store, ReportService reports, MeterRegistry registry,
                      @ConfigProperty(name = "analytics.gauges.refresh", defaultValue = "PT30S") Duration interval) {
        this.store = store;
        this.reports = reports;
        // no base unit: the dashboard reads exactly these names (a unit would add a suffix)
        this.single = MultiGauge.builder("stresslab.single.accuracy")
                .description("REST Single: accuracy at stress level 1 in percent, mean over comparable complete runs")
                .register(registry);
        this.stress = MultiGauge.builder("stresslab.stress.score")
                .description("REST Stress: mean of the per-level accuracies over levels above 1, in percent")
                .register(registry);
        this.stressDrop = MultiGauge.builder("stresslab.stress.drop")
                .description("REST Single minus Stress, in percentage points").register(registry);
        this.interval = interval;
        this.accuracy = MultiGauge.builder("stresslab.rest.accuracy")
                .description("REST accuracy in percent, mean over comparable complete runs")
                .baseUnit("percent").register(registry);
        this.drop = MultiGauge.builder("stresslab.rest.drop.from.level1").description("Accuracy drop from stress level 1, points")
                .baseUnit("points").register(registry);
        this.omission = MultiGauge.builder("stresslab.rest.omission.rate").description("Share of question slots left unanswered")
                .register(registry);
        this.truncation = MultiGauge.builder("stresslab.rest.truncation.rate")
                .description("Share of prompts whose output hit the token limit, in percent").register(registry);
        this.positionAccuracy = MultiGauge.builder("stresslab.rest.position.accuracy")
                .description("REST accuracy in percent at one question position, all runs pooled").baseUnit("percent")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rest-gauges");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::refreshQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warnf("could not refresh the REST gauges: %s", e.getMessage());
        }
    }

    /** Re-reads the per-level numbers and replaces every gauge row. */
    public void refresh() {
        List<MultiGauge.Row<?>> singles = new ArrayList<>();
        List<MultiGauge.Row<?>> stresses = new ArrayList<>();
        List<MultiGauge.Row<?>> stressDrops = new ArrayList<>();
        List<MultiGauge.Row<?>> acc = new ArrayList<>();
        List<MultiGauge.Row<?>> drops = new ArrayList<>();
        List<MultiGauge.Row<?>> omitted = new ArrayList<>();
        List<MultiGauge.Row<?>> truncated = new ArrayList<>();
        for (ModelSummary.Row row : reports.modelPoints().rows()) {
            if (!row.current()) {
                continue;
            }
            Tags model = Tags.of("model", row.modelId(), "benchmark", row.benchmark());
            if (row.single() != null) {
                singles.add(MultiGauge.Row.of(model, row.single().value()));
            }
            if (row.stress() != null) {
                stresses.add(MultiGauge.Row.of(model, row.stress().value()));
            }
            if (row.drop() != null) {
                stressDrops.add(MultiGauge.Row.of(model, row.drop().value()));
            }
            for (ModelSummary.Cell cell : row.levels()) {
                Tags tags = Tags.of("model", row.modelId(), "benchmark", row.benchmark(), "stress_level", String.valueOf(cell.level()));
                acc.add(MultiGauge.Row.of(tags, cell.accuracy()));
                if (cell.dropFromLevel1() != null) {
                    drops.add(MultiGauge.Row.of(tags, cell.dropFromLevel1()));
                }
                if (cell.omissionRate() != null) {
                    omitted.add(MultiGauge.Row.of(tags, cell.omissionRate()));
                }
                if (cell.truncationRate() != null) {
                    truncated.add(MultiGauge.Row.of(tags, cell.truncationRate()));
                }
            }
        }
        single.register(singles, true);
        stress.register(stresses, true);
        stressDrop.register(stressDrops, true);
        accuracy.register(acc, true);
        drop.register(drops, true);
        omission.register(omitted, true);
        truncation.register(truncated, true);
        List<MultiGauge.Row<?>> positions = new ArrayList<>();
        for (ReportQueries.PositionAccuracy p : store.positionAccuracy()) {
            if (p.slots() > 0) {
                positions.add(MultiGauge.Row.of(Tags.of("model", p.modelId(), "benchmark", p.benchmark(),
                        "stress_level", String.valueOf(p.level()), "position", String.valueOf(p.position())),
                        100.0 * p.correct() / p.slots()));
            }
        }
        positionAccuracy.register(positions, true);
    }
}

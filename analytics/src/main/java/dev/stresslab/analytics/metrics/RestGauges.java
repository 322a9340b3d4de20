package dev.stresslab.analytics.metrics;

import dev.stresslab.analytics.domain.ModelSummary;
import dev.stresslab.analytics.persistence.ReportQueries;
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
 * REST's headline numbers as Prometheus gauges, pooled over all runs per (model, benchmark, stress_level): accuracy,
 * drop from level 1 and omission rate; and accuracy per position (positions are at most the largest stress level). Labels are bounded by the registered models and benchmarks, never by runs.
 * Refreshed on a timer from the same query as GET /models/summary, so a scrape never queries the database.
 */
@ApplicationScoped
public class RestGauges {
    private static final Logger LOG = Logger.getLogger(RestGauges.class);

    private final ReportQueries store;
    private final MultiGauge accuracy;
    private final MultiGauge drop;
    private final MultiGauge omission;
    private final MultiGauge positionAccuracy;
    private final Duration interval;
    private ScheduledExecutorService timer;

    public RestGauges(ReportQueries store, MeterRegistry registry,
                      @ConfigProperty(name = "analytics.gauges.refresh", defaultValue = "PT30S") Duration interval) {
        this.store = store;
        this.interval = interval;
        this.accuracy = MultiGauge.builder("stresslab.rest.accuracy").description("REST accuracy in percent, all runs pooled")
                .baseUnit("percent").register(registry);
        this.drop = MultiGauge.builder("stresslab.rest.drop.from.level1").description("Accuracy drop from stress level 1, points")
                .baseUnit("points").register(registry);
        this.omission = MultiGauge.builder("stresslab.rest.omission.rate").description("Share of question slots left unanswered")
                .register(registry);
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

    /** Re-reads the pooled per-level numbers and replaces every gauge row. */
    public void refresh() {
        List<MultiGauge.Row<?>> acc = new ArrayList<>();
        List<MultiGauge.Row<?>> drops = new ArrayList<>();
        List<MultiGauge.Row<?>> omitted = new ArrayList<>();
        for (ModelSummary.Row row : ModelSummary.table(store.modelTallies()).rows()) {
            for (ModelSummary.Cell cell : row.levels()) {
                Tags tags = Tags.of("model", row.modelId(), "benchmark", row.benchmark(), "stress_level", String.valueOf(cell.level()));
                acc.add(MultiGauge.Row.of(tags, cell.accuracy()));
                if (cell.dropFromLevel1() != null) {
                    drops.add(MultiGauge.Row.of(tags, cell.dropFromLevel1()));
                }
                if (cell.omissionRate() != null) {
                    omitted.add(MultiGauge.Row.of(tags, cell.omissionRate()));
                }
            }
        }
        accuracy.register(acc, true);
        drop.register(drops, true);
        omission.register(omitted, true);
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

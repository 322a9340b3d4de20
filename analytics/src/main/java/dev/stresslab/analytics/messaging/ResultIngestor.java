package dev.stresslab.analytics.messaging;

import dev.stresslab.analytics.persistence.ResultStore;
import dev.stresslab.contracts.RunEvent;
import dev.stresslab.contracts.ScoreEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.List;
import java.util.Objects;

/** Stores run lifecycle events and score events; duplicates (redeliveries) are counted and ignored. */
@ApplicationScoped
public class ResultIngestor {
    private static final Logger LOG = Logger.getLogger(ResultIngestor.class);

    private final ResultStore store;
    private final Counter stored;
    private final Counter duplicates;
    private final Counter unreadable;

    public ResultIngestor(ResultStore store, MeterRegistry registry) {
        this.store = store;
        // registered once, not looked up per batch
        this.stored = registry.counter("stresslab.analytics.scores", "result", "stored");
        this.duplicates = registry.counter("stresslab.analytics.scores", "result", "duplicate");
        this.unreadable = registry.counter("stresslab.analytics.scores", "result", "unreadable");
    }

    @Incoming("runs")
    @Blocking
    public void onRun(RunEvent event) {
        if (event == null) {
            LOG.warn("skipped a record on stress.runs that is not a readable run event");
            return;
        }
        store.recordRun(event);
    }

    /** Batches (mp.messaging.incoming.scores.batch=true): one transaction per poll, not per event. */
    @Incoming("scores")
    @Blocking
    public void onScores(List<ScoreEvent> batch) {
        // a record that could not be read arrives as null (fail-on-deserialization-failure=false): count, skip
        List<ScoreEvent> events = batch.stream().filter(Objects::nonNull).toList();
        if (events.size() < batch.size()) {
            unreadable.increment(batch.size() - events.size());
            LOG.warnf("skipped %d records on stress.scores that are not readable score events", batch.size() - events.size());
        }
        int fresh = store.recordScores(events);
        stored.increment(fresh);
        duplicates.increment(events.size() - fresh);
    }
}

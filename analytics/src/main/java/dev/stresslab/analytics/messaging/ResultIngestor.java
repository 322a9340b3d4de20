package dev.stresslab.analytics.messaging;

import dev.stresslab.analytics.persistence.ResultStore;
import dev.stresslab.contracts.RunEvent;
import dev.stresslab.contracts.ScoreEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.List;

/** Stores run lifecycle events and score events; duplicates (redeliveries) are counted and ignored. */
@ApplicationScoped
public class ResultIngestor {
    private final ResultStore store;
    private final MeterRegistry registry;

    public ResultIngestor(ResultStore store, MeterRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    @Incoming("runs")
    @Blocking
    public void onRun(RunEvent event) {
        store.recordRun(event);
    }

    /** Batches (mp.messaging.incoming.scores.batch=true): one transaction per poll, not per event. */
    @Incoming("scores")
    @Blocking
    public void onScores(List<ScoreEvent> events) {
        int stored = store.recordScores(events);
        registry.counter("stresslab.analytics.scores", "result", "stored").increment(stored);
        registry.counter("stresslab.analytics.scores", "result", "duplicate").increment(events.size() - stored);
    }
}

package dev.stresslab.analytics.messaging;

import dev.stresslab.analytics.persistence.ResultStore;
import dev.stresslab.contracts.RunEvent;
import dev.stresslab.contracts.ScoreEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

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

    @Incoming("scores")
    @Blocking
    public void onScore(ScoreEvent event) {
        boolean stored = store.recordScore(event);
        registry.counter("stresslab.analytics.scores", "result", stored ? "stored" : "duplicate").increment();
    }
}

package dev.stresslab.analytics.messaging;

import dev.stresslab.analytics.persistence.ResultsStored;
import dev.stresslab.analytics.persistence.RetryingWriter;
import dev.stresslab.analytics.persistence.StorageErrors;
import dev.stresslab.contracts.RunEvent;
import dev.stresslab.contracts.ScoreEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import org.jboss.logging.Logger;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Stores run lifecycle events and score events; duplicates (redeliveries) are counted and ignored.
 * <p>
 * No record can stop a channel (docs/reliability.md). A database that is away is waited for ({@link RetryingWriter}:
 * the batch is retried until it is back, and its offsets are not committed before). A batch the database refuses
 * for good is stored event by event; an event refused alone is recorded as a FAILED prompt with kind STORAGE_ERROR
 * and the database's reason, so its run still completes. Only if even that minimal row is refused is the event
 * dropped, logged and counted ({@code stresslab_analytics_scores_total{result="unstorable"}}).
 */
@ApplicationScoped
public class ResultIngestor {
    private static final Logger LOG = Logger.getLogger(ResultIngestor.class);

    private final RetryingWriter writer;
    private final Counter stored;
    private final Counter duplicates;
    private final Counter unreadable;
    private final Counter storageErrors;
    private final Counter unstorable;
    private final Counter runsUnstorable;
    private final Event<ResultsStored> changed;

    public ResultIngestor(RetryingWriter writer, MeterRegistry registry, Event<ResultsStored> changed) {
        this.writer = writer;
        this.changed = changed;
        // registered once, not looked up per batch
        this.stored = registry.counter("stresslab.analytics.scores", "result", "stored");
        this.duplicates = registry.counter("stresslab.analytics.scores", "result", "duplicate");
        this.unreadable = registry.counter("stresslab.analytics.scores", "result", "unreadable");
        this.storageErrors = registry.counter("stresslab.analytics.scores", "result", "storage-error");
        this.unstorable = registry.counter("stresslab.analytics.scores", "result", "unstorable");
        this.runsUnstorable = registry.counter("stresslab.analytics.runs.unstorable");
    }

    @Incoming("runs")
    @Blocking
    public void onRun(RunEvent event) {
        if (event == null) {
            LOG.warn("skipped a record on stress.runs that is not a readable run event");
            return;
        }
        try {
            if (writer.run(event)) {
                changed.fireAsync(new ResultsStored(Set.of(event.runId())));
            }
        } catch (RuntimeException e) {
            runsUnstorable.increment();
            LOG.errorf("run event %s %s could not be stored and is skipped: %s", event.type(), event.runId(), StorageErrors.reason(e));
        }
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
        if (events.isEmpty()) {
            return;
        }
        int fresh;
        try {
            fresh = writer.scores(events);
        } catch (RuntimeException refused) {
            LOG.warnf("the database refused a batch of %d score events (%s); storing them one by one", events.size(),
                    StorageErrors.reason(refused));
            fresh = events.stream().mapToInt(this::storeAlone).sum();
        }
        stored.increment(fresh);
        duplicates.increment(events.size() - fresh);
        if (fresh > 0) {
            // lets the report service compute the reports of runs this batch completed (ReportService.precompute)
            changed.fireAsync(new ResultsStored(events.stream().map(ScoreEvent::runId).collect(Collectors.toSet())));
        }
    }

    /** @return 1 when the event was new (stored, or recorded as a storage failure), 0 for a duplicate */
    private int storeAlone(ScoreEvent event) {
        try {
            return writer.scores(List.of(event));
        } catch (RuntimeException refused) {
            String reason = StorageErrors.reason(refused);
            try {
                boolean fresh = writer.unstorableScore(event, reason);
                storageErrors.increment();
                LOG.errorf("score of prompt %s could not be stored (%s); recorded as a STORAGE_ERROR failure", event.promptId(), reason);
                return fresh ? 1 : 0;
            } catch (RuntimeException alsoRefused) {
                unstorable.increment();
                LOG.errorf("score of prompt %s could not be stored at all and is skipped: %s; then %s", event.promptId(),
                        reason, StorageErrors.reason(alsoRefused));
                return 0;
            }
        }
    }
}

package dev.stresslab.analytics.persistence;

import dev.stresslab.contracts.RunEvent;
import dev.stresslab.contracts.ScoreEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import org.jboss.logging.Logger;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;

/**
 * The store's writes, waiting out a database that is away: a transient error (connection lost, server shutting
 * down) is retried with exponential backoff up to 30 s apart for as long as the outage lasts, holding the Kafka
 * records it was writing (so no offset moves past them). Any other error is thrown to the caller, which records the
 * event as a storage failure instead of stopping the channel (ResultIngestor).
 * <p>
 * SmallRye Fault Tolerance does the retrying, for every public method; the max duration is a year only because the annotation has no
 * "forever": an outage is waited out, never turned into lost results.
 */
@ApplicationScoped
@Retry(maxRetries = -1, delay = 250, jitter = 100, maxDuration = 365, durationUnit = ChronoUnit.DAYS,
        retryOn = StorageUnavailableException.class)
@ExponentialBackoff(factor = 2, maxDelay = 30, maxDelayUnit = ChronoUnit.SECONDS)
public class RetryingWriter {
    private static final Logger LOG = Logger.getLogger(RetryingWriter.class);

    private final ResultWriter store;
    private final Counter transientErrors;

    public RetryingWriter(ResultWriter store, MeterRegistry registry) {
        this.store = store;
        this.transientErrors = registry.counter("stresslab.analytics.storage.retries");
    }

    public int scores(List<ScoreEvent> events) {
        return transientAware(() -> store.recordScores(events));
    }

    public boolean unstorableScore(ScoreEvent event, String reason) {
        return transientAware(() -> store.recordUnstorable(event, reason));
    }

    public int promptTexts(List<dev.stresslab.contracts.PromptEvent> prompts) {
        return transientAware(() -> store.recordPromptTexts(prompts));
    }

    public boolean run(RunEvent event) {
        return transientAware(() -> store.recordRun(event));
    }

    private <T> T transientAware(Supplier<T> write) {
        try {
            return write.get();
        } catch (RuntimeException e) {
            if (StorageErrors.isTransient(e)) {
                transientErrors.increment();
                LOG.warnf("database unavailable (%s); the write is retried", StorageErrors.reason(e));
                throw new StorageUnavailableException(e);
            }
            throw e;
        }
    }
}

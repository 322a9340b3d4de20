package dev.stresslab.analytics.service;

import dev.stresslab.analytics.domain.TranscriptRetention;
import dev.stresslab.analytics.persistence.TranscriptQueries;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Instant;

/**
 * Enforces analytics.transcripts.retention (docs/reports.md, "Transcripts"): every
 * analytics.transcripts.retention-check, transcripts and prompt texts older than the setting are deleted. A bad
 * setting fails the start, not the first check.
 */
@ApplicationScoped
public class TranscriptRetentionJob {
    private static final Logger LOG = Logger.getLogger(TranscriptRetentionJob.class);

    private final TranscriptRetention retention;
    private final TranscriptQueries transcripts;
    private final Counter deleted;

    public TranscriptRetentionJob(@ConfigProperty(name = "analytics.transcripts.retention") String retention,
                                  TranscriptQueries transcripts, MeterRegistry registry) {
        this.retention = TranscriptRetention.parse(retention);
        this.transcripts = transcripts;
        this.deleted = registry.counter("stresslab.analytics.transcripts.deleted");
    }

    @Scheduled(every = "${analytics.transcripts.retention-check}", delayed = "${analytics.transcripts.retention-check}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void enforce() {
        retention.cutoff(Instant.now()).ifPresent(cutoff -> {
            int n = transcripts.deleteOlderThan(cutoff);
            if (n > 0) {
                deleted.increment(n);
                LOG.infof("deleted %d transcripts recorded before %s (analytics.transcripts.retention)", n, cutoff);
            }
        });
    }
}

package dev.stresslab.analytics.messaging;

import dev.stresslab.analytics.persistence.RetryingWriter;
import dev.stresslab.analytics.persistence.StorageErrors;
import dev.stresslab.contracts.PromptEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Objects;

/**
 * stress.prompts → each prompt's text, once per prompt id, for the prompt viewer (docs/reports.md, "Transcripts").
 * Score events do not repeat it. Like {@link ResultIngestor}, nothing here stops the channel: an unreadable record
 * is skipped, a database that is away is waited for, and a batch the database refuses is dropped, logged and
 * counted (the viewer then shows the transcript without its prompt; the scores are not touched).
 */
@ApplicationScoped
public class PromptTextIngestor {
    private static final Logger LOG = Logger.getLogger(PromptTextIngestor.class);

    private final RetryingWriter writer;
    private final Counter stored;
    private final Counter dropped;

    public PromptTextIngestor(RetryingWriter writer, MeterRegistry registry) {
        this.writer = writer;
        this.stored = registry.counter("stresslab.analytics.prompt.texts", "result", "stored");
        this.dropped = registry.counter("stresslab.analytics.prompt.texts", "result", "dropped");
    }

    @Incoming("prompts")
    @Blocking
    public void onPrompts(List<PromptEvent> batch) {
        List<PromptEvent> prompts = batch.stream().filter(Objects::nonNull).toList();
        if (prompts.isEmpty()) {
            return;
        }
        try {
            stored.increment(writer.promptTexts(prompts));
        } catch (RuntimeException refused) {
            dropped.increment(prompts.size());
            LOG.errorf("the texts of %d prompts could not be stored and are skipped: %s", prompts.size(),
                    StorageErrors.reason(refused));
        }
    }
}

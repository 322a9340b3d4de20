package dev.stresslab.gateway.messaging;

import dev.stresslab.contracts.RunEvent;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The runs cancelled on stress.runs (RunEvent CANCELLED, sent by the release gate once its sequential verdict is
 * decided), with the reason. Every replica reads every cancellation: its consumer group is its own (one per process,
 * read from the beginning of the topic, which holds a few events per run). Bounded: the newest
 * {@value #MAX_RUNS} cancelled runs are kept; an older run has had its prompts skipped long ago.
 */
@ApplicationScoped
public class CancelledRuns {
    private static final Logger LOG = Logger.getLogger(CancelledRuns.class);
    static final int MAX_RUNS = 100_000;

    private final Map<String, String> reasons = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_RUNS;
        }
    });

    @Incoming("run-events")
    public void onRunEvent(RunEvent event) {
        // other lifecycle steps, and records this gateway cannot read (null), are not its business
        if (event != null && event.type() == RunEvent.Type.CANCELLED && event.runId() != null) {
            if (reasons.put(event.runId(), event.reason() == null ? "the run was cancelled" : event.reason()) == null) {
                LOG.infof("run %s cancelled: its prompts not yet called are skipped (%s)", event.runId(), event.reason());
            }
        }
    }

    /** Why the run was cancelled; empty when it was not. */
    public Optional<String> reason(String runId) {
        return Optional.ofNullable(reasons.get(runId));
    }
}

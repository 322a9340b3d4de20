package dev.stresslab.gate.messaging;

import dev.stresslab.contracts.RunEvent;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cancels a run once its sequential verdict is decided: RunEvent CANCELLED on stress.runs, keyed by run id, with the
 * reason. The gateway skips the run's prompts not yet called and records each as cancelled; analytics ends the run
 * as STOPPED_EARLY once every prompt is accounted for. Waits for the broker's acknowledgement.
 */
@ApplicationScoped
public class RunCancellations {
    private final Emitter<Record<String, RunEvent>> runs;

    public RunCancellations(@Channel("run-cancellations") Emitter<Record<String, RunEvent>> runs) {
        this.runs = runs;
    }

    public void cancel(String runId, String modelId, String benchmark, List<Integer> levels, int questionCount, int samples,
                       int promptCount, String reason) {
        RunEvent event = new RunEvent(RunEvent.SCHEMA_VERSION, RunEvent.Type.CANCELLED, runId, modelId, benchmark, levels,
                questionCount, samples, promptCount, Instant.now(), null, reason);
        runs.send(Record.of(runId, event)).toCompletableFuture().orTimeout(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS).join();
    }
}

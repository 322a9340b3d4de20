package dev.stresslab.gate.messaging;

import dev.stresslab.contracts.VerdictEvent;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import java.time.Duration;

/** Publishes verdicts to stress.verdicts, keyed by evaluation id, and waits for the broker's acknowledgement. */
@ApplicationScoped
public class VerdictPublisher {
    private final Emitter<Record<String, VerdictEvent>> verdicts;

    public VerdictPublisher(@Channel("verdicts") Emitter<Record<String, VerdictEvent>> verdicts) {
        this.verdicts = verdicts;
    }

    public void publish(VerdictEvent event) {
        verdicts.send(Record.of(event.evaluationId(), event)).toCompletableFuture()
                .orTimeout(Duration.ofSeconds(30).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS).join();
    }
}

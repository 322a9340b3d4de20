package dev.stresslab.composer.messaging;

import dev.stresslab.composer.api.RunPlanner;
import dev.stresslab.contracts.PromptEvent;
import dev.stresslab.contracts.RunEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.Instant;

/**
 * Publishes a run's prompts to stress.prompts, then, once the broker has acknowledged every one, the COMPOSED run
 * event to stress.runs. All records are keyed by run id.
 */
@ApplicationScoped
public class RunPublisher {
    /** Sends in flight at once; below the emitter's buffer so a large run never overflows it. */
    private static final int IN_FLIGHT = 64;

    private final MutinyEmitter<PromptEvent> prompts;
    private final MutinyEmitter<RunEvent> runs;
    private final Counter composed;

    public RunPublisher(@Channel("prompts") MutinyEmitter<PromptEvent> prompts,
                        @Channel("runs") MutinyEmitter<RunEvent> runs, MeterRegistry registry) {
        this.prompts = prompts;
        this.runs = runs;
        this.composed = Counter.builder("stresslab.prompts.composed").description("Stress prompts published").register(registry);
    }

    public Uni<Void> publish(RunPlanner.Plan plan) {
        return Multi.createFrom().iterable(plan.prompts())
                .onItem().transformToUni(p -> prompts.sendMessage(keyed(p.runId(), p)).invoke(() -> composed.increment()))
                .merge(IN_FLIGHT)
                .collect().last()
                .replaceWith(runs.sendMessage(keyed(plan.runId(), new RunEvent(RunEvent.SCHEMA_VERSION,
                        RunEvent.Type.COMPOSED, plan.runId(), plan.modelId(), plan.benchmark().name(), plan.levels(),
                        plan.questions().size(), plan.samples(), plan.prompts().size(), Instant.now()))));
    }

    static <T> Message<T> keyed(String key, T payload) {
        return Message.of(payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
    }
}

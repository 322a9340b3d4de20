package dev.stresslab.composer.messaging;

import dev.stresslab.composer.domain.ComposedRun;
import dev.stresslab.contracts.PromptEvent;
import dev.stresslab.contracts.RunEvent;
import dev.stresslab.contracts.RunSpec;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes a run: PUBLISHING (with the run's spec) to stress.runs, its prompts to stress.prompts, then, once the
 * broker has acknowledged every one, COMPOSED. All records are keyed by run id. A composer killed between the first
 * and the last step leaves a PUBLISHING run that {@link RunRecovery} finishes when the composer starts again;
 * prompt ids are deterministic, so prompts published twice are recognised downstream as the same ones.
 */
@ApplicationScoped
public class RunPublisher {
    /** Sends in flight at once; below the emitter's buffer so a large run never overflows it. */
    private static final int IN_FLIGHT = 64;

    private final MutinyEmitter<PromptEvent> prompts;
    private final MutinyEmitter<RunEvent> runs;
    private final Counter composed;
    private final Set<String> publishing = ConcurrentHashMap.newKeySet();

    public RunPublisher(@Channel("prompts") MutinyEmitter<PromptEvent> prompts,
                        @Channel("runs") MutinyEmitter<RunEvent> runs, MeterRegistry registry) {
        this.prompts = prompts;
        this.runs = runs;
        this.composed = Counter.builder("stresslab.prompts.composed").description("Stress prompts published").register(registry);
    }

    public Uni<Void> publish(ComposedRun plan, RunSpec spec) {
        RunEvent started = new RunEvent(RunEvent.SCHEMA_VERSION, RunEvent.Type.PUBLISHING, plan.runId(), plan.modelId(),
                plan.plan().benchmark().name(), plan.plan().levels(), plan.plan().questions().size(), plan.plan().samples(),
                plan.prompts().size(), Instant.now(), spec, null);
        publishing.add(plan.runId());
        return runs.sendMessage(keyed(plan.runId(), started))
                .chain(() -> Multi.createFrom().iterable(plan.prompts())
                        .onItem().transformToUni(p -> prompts.sendMessage(keyed(p.runId(), p)).invoke(() -> composed.increment()))
                        .merge(IN_FLIGHT)
                        .collect().last())
                .chain(() -> runs.sendMessage(keyed(plan.runId(), started.as(RunEvent.Type.COMPOSED, null))))
                .eventually(() -> publishing.remove(plan.runId()));
    }

    /** Marks a run that can never be fully published (its benchmark is gone, say) as ABORTED, with the reason. */
    public Uni<Void> abort(RunEvent run, String reason) {
        return runs.sendMessage(keyed(run.runId(), run.as(RunEvent.Type.ABORTED, reason)));
    }

    /** True while this process is publishing the run (recovery leaves such a run alone). */
    boolean isPublishing(String runId) {
        return publishing.contains(runId);
    }

    static <T> Message<T> keyed(String key, T payload) {
        return Message.of(payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
    }
}

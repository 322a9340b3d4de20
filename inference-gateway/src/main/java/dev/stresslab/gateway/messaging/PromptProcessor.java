package dev.stresslab.gateway.messaging;

import dev.stresslab.contracts.CompletionEvent;
import dev.stresslab.contracts.PromptEvent;
import dev.stresslab.gateway.client.ModelCaller;
import dev.stresslab.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * stress.prompts → model → stress.completions. At most {@code gateway.max-concurrent-prompts} prompts are in
 * progress; beyond that the stream stops requesting and the Kafka connector pauses the partitions (back-pressure),
 * so consumption follows model capacity. A prompt's offset is committed only after its completion is written.
 * Failed prompts also go to stress.dlq with their reason.
 */
@ApplicationScoped
public class PromptProcessor {
    private final ModelCaller caller;
    private final MutinyEmitter<CompletionEvent> deadLetters;
    private final int concurrency;
    private final MeterRegistry registry;
    private final AtomicInteger inProgress;

    public PromptProcessor(ModelCaller caller, @Channel("dead-letters") MutinyEmitter<CompletionEvent> deadLetters,
                           GatewayConfig config, MeterRegistry registry) {
        this.caller = caller;
        this.deadLetters = deadLetters;
        this.concurrency = config.maxConcurrentPrompts();
        this.registry = registry;
        this.inProgress = registry.gauge("stresslab.gateway.prompts.in.progress", new AtomicInteger());
    }

    @Incoming("prompts")
    @Outgoing("completions")
    public Multi<Message<CompletionEvent>> process(Multi<Message<PromptEvent>> prompts) {
        return prompts.onItem().transformToUni(message -> {
            PromptEvent prompt = message.getPayload();
            inProgress.incrementAndGet();
            return caller.complete(prompt)
                    .call(completion -> completion.failed()
                            ? deadLetters.sendMessage(keyed(completion.runId(), completion))
                            : io.smallrye.mutiny.Uni.createFrom().voidItem())
                    .onTermination().invoke(inProgress::decrementAndGet)
                    .map(completion -> {
                        registry.counter("stresslab.gateway.prompts", "outcome", completion.failed() ? "failed" : "completed").increment();
                        return message.withPayload(completion)
                                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(completion.runId()).build());
                    });
        }).merge(concurrency);
    }

    private static <T> Message<T> keyed(String key, T payload) {
        return Message.of(payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
    }
}

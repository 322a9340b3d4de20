package dev.stresslab.gateway.messaging;

import dev.stresslab.contracts.CompletionEvent;
import dev.stresslab.contracts.PromptEvent;
import dev.stresslab.gateway.client.ModelCaller;
import dev.stresslab.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * stress.prompts → model → stress.completions. At most {@code gateway.max-concurrent-prompts} prompts are in
 * progress; beyond that the stream stops requesting and the Kafka connector pauses the partitions (back-pressure),
 * so consumption follows model capacity. A prompt's offset is committed only after its completion is written.
 * Failed prompts also go to stress.dlq with their reason.
 * <p>
 * Idempotency ({@link CompletionIndex}): a prompt whose completion was already produced is acknowledged without a
 * model call and without a second completion; a prompt id already in progress here waits for the first delivery.
 */
@ApplicationScoped
public class PromptProcessor {
    private static final Logger LOG = Logger.getLogger(PromptProcessor.class);

    private final ModelCaller caller;
    private final CompletionIndex index;
    private final MutinyEmitter<CompletionEvent> deadLetters;
    private final int concurrency;
    private final Set<String> served;
    private final MeterRegistry registry;
    private final AtomicInteger inProgress;
    private final Counter promptsCompleted;
    private final Counter promptsFailed;

    public PromptProcessor(ModelCaller caller, CompletionIndex index,
                           @Channel("dead-letters") MutinyEmitter<CompletionEvent> deadLetters,
                           GatewayConfig config, MeterRegistry registry) {
        this.caller = caller;
        this.index = index;
        this.deadLetters = deadLetters;
        this.concurrency = config.maxConcurrentPrompts();
        this.served = config.serveEndpoints().map(List::copyOf).map(Set::copyOf).orElse(null);
        this.registry = registry;
        this.inProgress = registry.gauge("stresslab.gateway.prompts.in.progress", new AtomicInteger());
        this.promptsCompleted = registry.counter("stresslab.gateway.prompts", "outcome", "completed");
        this.promptsFailed = registry.counter("stresslab.gateway.prompts", "outcome", "failed");
    }

    @Incoming("prompts")
    @Outgoing("completions")
    public Multi<Message<CompletionEvent>> process(Multi<Message<PromptEvent>> prompts) {
        // a Uni that ends with null emits nothing downstream: skipped prompts are acknowledged and produce no record
        return prompts.onItem().transformToUni(this::handle).merge(concurrency);
    }

    private Uni<Message<CompletionEvent>> handle(Message<PromptEvent> message) {
        PromptEvent prompt = message.getPayload();
        if (prompt == null) {
            // not a readable prompt event (fail-on-deserialization-failure=false): it names no prompt to account for
            LOG.warn("skipping a record on stress.prompts that is not a readable prompt event");
            return skip(message, "unreadable");
        }
        if (served != null && !served.contains(prompt.modelId())) {
            return skip(message, "not-served");
        }
        return index.ready().chain(() -> {
            CompletionIndex.Claim claim = index.claim(prompt);
            if (claim instanceof CompletionIndex.AlreadyDone) {
                LOG.debugf("prompt %s already has a completion; not calling the model again", prompt.promptId());
                return skip(message, "already-completed");
            }
            if (claim instanceof CompletionIndex.InProgress running) {
                LOG.debugf("prompt %s is already in progress here; waiting for it instead of calling again", prompt.promptId());
                // acknowledged only when the first delivery has written its completion (or given up)
                return Uni.createFrom().completionStage(running.finished()).chain(() -> skip(message, "in-progress"));
            }
            inProgress.incrementAndGet();
            return caller.complete(prompt)
                    .onTermination().invoke(inProgress::decrementAndGet)
                    .chain(completion -> {
                        if (index.isDone(prompt.runId(), prompt.promptId())) {
                            // another replica wrote it while this one was calling (a rebalance): don't publish twice
                            index.release(prompt, false);
                            return skip(message, "completed-elsewhere");
                        }
                        Uni<Void> dlq = completion.failed()
                                ? deadLetters.sendMessage(keyed(completion.runId(), completion))
                                : Uni.createFrom().voidItem();
                        return dlq.map(v -> out(message, prompt, completion));
                    })
                    .onFailure().invoke(e -> index.release(prompt, false))
                    .onCancellation().invoke(() -> index.release(prompt, false));
        });
    }

    /**
     * The completion record; it acknowledges the prompt when Kafka has it. Only then is the prompt id marked done
     * and a duplicate delivery waiting on it let go, so no offset is committed past a completion not yet written.
     */
    private Message<CompletionEvent> out(Message<PromptEvent> in, PromptEvent prompt, CompletionEvent completion) {
        (completion.failed() ? promptsFailed : promptsCompleted).increment();
        return in.withPayload(completion)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(completion.runId()).build())
                .withAck(() -> {
                    index.release(prompt, true);
                    return in.ack();
                })
                .withNack(error -> {
                    index.release(prompt, false);
                    return in.nack(error);
                });
    }

    private Uni<Message<CompletionEvent>> skip(Message<PromptEvent> message, String reason) {
        registry.counter("stresslab.gateway.prompts.skipped", "reason", reason).increment();
        return Uni.createFrom().completionStage(message.ack()).replaceWith((Message<CompletionEvent>) null);
    }

    private static <T> Message<T> keyed(String key, T payload) {
        return Message.of(payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
    }
}

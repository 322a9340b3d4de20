package dev.stresslab.gateway.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stresslab.contracts.CompletionEvent;
import dev.stresslab.contracts.Failure;
import dev.stresslab.contracts.PromptEvent;
import dev.stresslab.gateway.client.ModelCaller;
import dev.stresslab.gateway.config.GatewayConfig;
import dev.stresslab.gateway.domain.CompletionSizeGuard;
import dev.stresslab.gateway.domain.FailureKind;
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
import org.apache.kafka.common.errors.RetriableException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * stress.prompts → model → stress.completions. At most {@code gateway.max-concurrent-prompts} prompts are in
 * progress; beyond that the stream stops requesting and the Kafka connector pauses the partitions (back-pressure),
 * so consumption follows model capacity. A prompt's offset is committed only after its completion is written.
 * Failed prompts also go to stress.dlq with their reason.
 * <p>
 * Idempotency ({@link CompletionIndex}): a prompt whose completion was already produced is acknowledged without a
 * model call and without a second completion; a prompt id already in progress here waits for the first delivery.
 * <p>
 * No prompt can stop the channel (docs/reliability.md): an answer above {@code gateway.max-completion-bytes} is
 * published as a failed completion (OUTPUT_TOO_LARGE); a completion Kafka refuses for good is replaced by a failed
 * one (PUBLISH_FAILED), one it cannot take for now (broker down) is sent again until it can; a fault while handling
 * one prompt becomes a failed completion for that prompt (GATEWAY_ERROR). Nothing is nacked, so the channel's
 * fail-stop strategy is never triggered by one record.
 * <p>
 * A prompt of a cancelled run ({@link CancelledRuns}) is not called: it gets a failed completion of kind CANCELLED
 * with the run's reason, so it is accounted for downstream as cancelled (not failed, not wrong). The check is made
 * here and again in ModelCaller once the endpoint's permit is in hand (prompts queue for permits); prompts already
 * being called when the cancellation arrives finish normally.
 */
@ApplicationScoped
public class PromptProcessor {
    private static final Logger LOG = Logger.getLogger(PromptProcessor.class);

    private final ModelCaller caller;
    private final CompletionIndex index;
    private final CancelledRuns cancelledRuns;
    private final Counter promptsCancelled;
    private final MutinyEmitter<CompletionEvent> deadLetters;
    private final MutinyEmitter<CompletionEvent> republished;
    private final CompletionSizeGuard sizeGuard;
    private final int concurrency;
    private final Set<String> served;
    private final MeterRegistry registry;
    private final AtomicInteger inProgress;
    private final Counter promptsCompleted;
    private final Counter promptsFailed;
    private final Counter tooLarge;
    private final Counter republishedCount;
    private final Counter handlingErrors;
    private final Counter deadLetterErrors;

    public PromptProcessor(ModelCaller caller, CompletionIndex index, CancelledRuns cancelledRuns,
                           @Channel("dead-letters") MutinyEmitter<CompletionEvent> deadLetters,
                           @Channel("completions-republished") MutinyEmitter<CompletionEvent> republished,
                           GatewayConfig config, MeterRegistry registry, ObjectMapper json) {
        this.caller = caller;
        this.index = index;
        this.cancelledRuns = cancelledRuns;
        this.promptsCancelled = registry.counter("stresslab.gateway.prompts", "outcome", "cancelled");
        this.deadLetters = deadLetters;
        this.republished = republished;
        this.sizeGuard = new CompletionSizeGuard(config.maxCompletionBytes(), c -> serializedSize(json, c));
        this.concurrency = config.maxConcurrentPrompts();
        this.served = config.serveEndpoints().map(List::copyOf).map(Set::copyOf).orElse(null);
        this.registry = registry;
        this.inProgress = registry.gauge("stresslab.gateway.prompts.in.progress", new AtomicInteger());
        this.promptsCompleted = registry.counter("stresslab.gateway.prompts", "outcome", "completed");
        this.promptsFailed = registry.counter("stresslab.gateway.prompts", "outcome", "failed");
        this.tooLarge = registry.counter("stresslab.gateway.completions.too.large");
        this.republishedCount = registry.counter("stresslab.gateway.completions.republished");
        this.handlingErrors = registry.counter("stresslab.gateway.prompts.handling.errors");
        this.deadLetterErrors = registry.counter("stresslab.gateway.dead.letters.unsent");
    }

    @Incoming("prompts")
    @Outgoing("completions")
    public Multi<Message<CompletionEvent>> process(Multi<Message<PromptEvent>> prompts) {
        // a Uni that ends with null emits nothing downstream: skipped prompts are acknowledged and produce no record
        return prompts.onItem().transformToUni(this::handleSafely).merge(concurrency);
    }

    /** A failure of one prompt's handling must not end the stream: it becomes that prompt's failed completion. */
    private Uni<Message<CompletionEvent>> handleSafely(Message<PromptEvent> message) {
        if (message.getPayload() == null) {
            return handle(message); // skipped and counted there: it names no prompt to account for
        }
        return Uni.createFrom().deferred(() -> handle(message)).onFailure().recoverWithItem(error -> {
            handlingErrors.increment();
            PromptEvent prompt = message.getPayload();
            LOG.errorf(error, "handling prompt %s failed; recording it as failed", prompt.promptId());
            return out(message, prompt, CompletionEvent.failure(prompt, new Failure(FailureKind.GATEWAY_ERROR.name(),
                    "the gateway failed while handling this prompt: " + error.getClass().getSimpleName(), null), 0, 0));
        });
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
            java.util.Optional<String> cancelled = cancelledRuns.reason(prompt.runId());
            if (cancelled.isPresent()) {
                return Uni.createFrom().item(out(message, prompt, CompletionEvent.failure(prompt,
                        new Failure(Failure.CANCELLED, "not called: " + cancelled.get(), null), 0, 0)));
            }
            inProgress.incrementAndGet();
            return caller.complete(prompt)
                    .onTermination().invoke(inProgress::decrementAndGet)
                    .map(this::withinSizeCap)
                    .chain(completion -> {
                        if (index.isDone(prompt.runId(), prompt.promptId())) {
                            // another replica wrote it while this one was calling (a rebalance): don't publish twice
                            index.release(prompt, false);
                            return skip(message, "completed-elsewhere");
                        }
                        // the DLQ is a copy for people to inspect; failing to write it must not fail the prompt
                        Uni<Void> dlq = completion.failed()
                                ? deadLetters.sendMessage(keyed(completion.runId(), completion)).onFailure().recoverWithItem(e -> {
                                    deadLetterErrors.increment();
                                    LOG.warnf("could not copy failed prompt %s to stress.dlq: %s", prompt.promptId(), e.toString());
                                    return null;
                                })
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
        if (completion.failure() != null && completion.failure().cancelled()) {
            promptsCancelled.increment();
        } else {
            (completion.failed() ? promptsFailed : promptsCompleted).increment();
        }
        return in.withPayload(completion)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(completion.runId()).build())
                .withAck(() -> {
                    index.release(prompt, true);
                    return in.ack();
                })
                .withNack(error -> republish(in, prompt, completion, error));
    }

    private CompletionEvent withinSizeCap(CompletionEvent completion) {
        CompletionEvent checked = sizeGuard.check(completion);
        if (checked != completion) {
            tooLarge.increment();
            LOG.warnf("prompt %s: %s", completion.promptId(), checked.failure().message());
        }
        return checked;
    }

    /**
     * Kafka did not take the completion. A transient cause (the broker unreachable beyond the producer's own delivery
     * timeout) sends the same completion again; anything else (too large, not serializable) sends a failed completion
     * with the reason instead. Either is retried with backoff until Kafka has it; then the prompt is acknowledged.
     */
    private CompletionStage<Void> republish(Message<PromptEvent> in, PromptEvent prompt, CompletionEvent completion,
                                            Throwable error) {
        republishedCount.increment();
        boolean transientError = isTransient(error);
        CompletionEvent record = transientError ? completion : CompletionEvent.failure(prompt,
                new Failure(FailureKind.PUBLISH_FAILED.name(), "Kafka refused the completion ("
                        + error.getClass().getSimpleName() + "); recorded as failed instead", null),
                completion.latencyMs(), completion.attempts());
        LOG.warnf("completion of prompt %s was not written (%s); sending %s again", prompt.promptId(), error.toString(),
                transientError ? "it" : "a failed completion");
        return republished.sendMessage(keyed(record.runId(), record))
                .onFailure().invoke(e -> LOG.warnf("re-sending the completion of %s failed (%s); trying again", prompt.promptId(), e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30)).indefinitely()
                .chain(() -> {
                    index.release(prompt, true);
                    return Uni.createFrom().completionStage(in.ack());
                })
                .subscribeAsCompletionStage();
    }

    private static boolean isTransient(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof RetriableException) {
                return true;
            }
        }
        return false;
    }

    private static long serializedSize(ObjectMapper json, CompletionEvent completion) {
        CountingStream counter = new CountingStream();
        try {
            json.writeValue(counter, completion);
        } catch (IOException e) {
            throw new IllegalStateException("cannot measure completion " + completion.promptId(), e);
        }
        return counter.count;
    }

    /** Counts bytes instead of keeping them: measuring a 12 MB event should not allocate another 12 MB. */
    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    private Uni<Message<CompletionEvent>> skip(Message<PromptEvent> message, String reason) {
        registry.counter("stresslab.gateway.prompts.skipped", "reason", reason).increment();
        return Uni.createFrom().completionStage(message.ack()).replaceWith((Message<CompletionEvent>) null);
    }

    private static <T> Message<T> keyed(String key, T payload) {
        return Message.of(payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
    }
}

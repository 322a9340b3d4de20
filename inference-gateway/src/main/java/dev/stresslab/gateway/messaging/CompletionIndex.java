package dev.stresslab.gateway.messaging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.stresslab.contracts.PromptEvent;
import dev.stresslab.contracts.Topics;
import dev.stresslab.gateway.config.GatewayConfig;
import dev.stresslab.gateway.domain.CompletedPrompts;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * "Was this prompt already completed?" in O(1), without a database, surviving restarts.
 * <p>
 * Every replica tails the whole of stress.completions (all partitions, assigned, no consumer group, no commits)
 * from {@code retention} ago, and keeps the completed prompt ids per run ({@link CompletedPrompts}: idle runs are
 * forgotten after {@code retention}, at most {@code max-runs} runs). Prompts are held back (without a thread
 * waiting) until that reader has caught up with the end offsets the topic had when the gateway started, so a prompt
 * redelivered after a crash finds the completion that was written before the crash. Completions this replica
 * produces are recorded the moment they are emitted, and a prompt already in progress here (the same prompt id
 * delivered twice) waits for the first one instead of calling the model again.
 */
@ApplicationScoped
public class CompletionIndex {
    private static final Logger LOG = Logger.getLogger(CompletionIndex.class);
    private static final JsonFactory JSON = new JsonFactory();

    /** What to do with a prompt. */
    public sealed interface Claim {
    }

    /** Not done and not in progress here: the caller owns it and must call {@link #release}. */
    public record Owned(PromptEvent prompt) implements Claim {
    }

    /** Its completion has already been produced (here, or by any replica before). */
    public record AlreadyDone() implements Claim {
    }

    /** The same prompt id is in progress here; {@code finished} completes when that one ends. */
    public record InProgress(CompletableFuture<Void> finished) implements Claim {
    }

    private final GatewayConfig.Idempotency config;
    private final Config mpConfig;
    private final CompletedPrompts done;
    private final Map<String, CompletableFuture<Void>> inProgress = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread reader;

    public CompletionIndex(GatewayConfig config, Config mpConfig, MeterRegistry registry) {
        this.config = config.idempotency();
        this.mpConfig = mpConfig;
        this.done = new CompletedPrompts(this.config.retention(), this.config.maxRuns(), this.config.maxPrompts());
        Gauge.builder("stresslab.gateway.idempotency.prompts", done, CompletedPrompts::size)
                .description("completed prompt ids remembered for the already-done check").register(registry);
        Gauge.builder("stresslab.gateway.idempotency.runs", done, CompletedPrompts::runs).register(registry);
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            ready.complete(null);
            return;
        }
        reader = new Thread(this::readLoop, "completions-index");
        reader.setDaemon(true);
        reader.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    /** Completes once the index holds everything stress.completions had when this gateway started. */
    public Uni<Void> ready() {
        return Uni.createFrom().completionStage(ready);
    }

    public boolean isReady() {
        return ready.isDone();
    }

    /** Completed prompt ids remembered now (for the readiness check's data). */
    public long knownPrompts() {
        return done.size();
    }

    public boolean isDone(String runId, String promptId) {
        return done.contains(runId, promptId);
    }

    public Claim claim(PromptEvent prompt) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> other = inProgress.putIfAbsent(prompt.promptId(), mine);
        if (other != null) {
            return new InProgress(other);
        }
        // checked after taking the slot: an owner records "done" before it frees the slot, so nothing slips between
        if (config.enabled() && done.contains(prompt.runId(), prompt.promptId())) {
            inProgress.remove(prompt.promptId(), mine);
            mine.complete(null);
            return new AlreadyDone();
        }
        return new Owned(prompt);
    }

    /** The owner is finished; {@code produced} when its completion is being written to stress.completions. */
    public void release(PromptEvent prompt, boolean produced) {
        if (produced && config.enabled()) {
            done.add(prompt.runId(), prompt.promptId(), System.currentTimeMillis());
        }
        CompletableFuture<Void> mine = inProgress.remove(prompt.promptId());
        if (mine != null) {
            mine.complete(null);
        }
    }

    private void readLoop() {
        Set<TopicPartition> assigned = new HashSet<>();
        Map<TopicPartition, Long> catchUpTo = null;
        long nextRefresh = 0;
        long nextEviction = System.currentTimeMillis() + 60_000;
        while (running) {
            try {
                if (consumer == null) {
                    consumer = new KafkaConsumer<>(consumerConfig(), new StringDeserializer(), new ByteArrayDeserializer());
                    assigned.clear();
                    nextRefresh = 0;
                }
                if (System.currentTimeMillis() >= nextRefresh) {
                    boolean first = catchUpTo == null;
                    Map<TopicPartition, Long> ends = assignNewPartitions(assigned);
                    if (first) {
                        catchUpTo = ends; // partitions present now: be caught up with them before the first prompt
                        LOG.infof("idempotency: reading %s (%d partitions) back to %s before processing prompts",
                                Topics.COMPLETIONS, ends.size(), config.retention());
                    }
                    nextRefresh = System.currentTimeMillis() + (assigned.isEmpty() ? 1_000 : 30_000);
                }
                if (!assigned.isEmpty()) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        record(r);
                    }
                }
                if (!ready.isDone() && caughtUp(catchUpTo)) {
                    LOG.infof("idempotency: %d completed prompts of %d runs known; processing prompts", done.size(), done.runs());
                    ready.complete(null);
                }
                if (System.currentTimeMillis() >= nextEviction) {
                    done.evict(System.currentTimeMillis());
                    nextEviction = System.currentTimeMillis() + 60_000;
                }
                if (assigned.isEmpty()) {
                    Thread.sleep(1_000);
                }
            } catch (WakeupException e) {
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                LOG.warnf("idempotency: reading %s failed (%s); retrying in 2 s", Topics.COMPLETIONS, e.getClass().getSimpleName());
                closeConsumer();
                sleepQuietly();
            }
        }
        closeConsumer();
    }

    /** Assigns partitions not assigned yet, positioned at {@code retention} ago; returns end offsets of all assigned. */
    private Map<TopicPartition, Long> assignNewPartitions(Set<TopicPartition> assigned) {
        List<TopicPartition> all = consumer.partitionsFor(Topics.COMPLETIONS, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        Set<TopicPartition> fresh = new HashSet<>(all);
        fresh.removeAll(assigned);
        if (!fresh.isEmpty()) {
            assigned.addAll(fresh);
            consumer.assign(assigned);
            long since = System.currentTimeMillis() - config.retention().toMillis();
            Map<TopicPartition, Long> query = new HashMap<>();
            fresh.forEach(tp -> query.put(tp, Math.max(0, since)));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, Duration.ofSeconds(10));
            Map<TopicPartition, Long> ends = consumer.endOffsets(fresh, Duration.ofSeconds(10));
            for (TopicPartition tp : fresh) {
                OffsetAndTimestamp at = found.get(tp);
                consumer.seek(tp, at == null ? ends.get(tp) : at.offset()); // null: nothing that recent
            }
        }
        return assigned.isEmpty() ? Map.of() : new HashMap<>(consumer.endOffsets(assigned, Duration.ofSeconds(10)));
    }

    private boolean caughtUp(Map<TopicPartition, Long> target) {
        if (target == null) {
            return false;
        }
        for (Map.Entry<TopicPartition, Long> e : target.entrySet()) {
            if (consumer.position(e.getKey(), Duration.ofSeconds(10)) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void record(ConsumerRecord<String, byte[]> r) {
        String runId = r.key();
        String promptId = null;
        if (r.value() != null) {
            try (JsonParser p = JSON.createParser(r.value())) {
                // top-level fields only; stop at promptId (it comes early), skip bodies of long texts unread
                if (p.nextToken() == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String field = p.currentName();
                        JsonToken value = p.nextToken();
                        if ("promptId".equals(field) && value == JsonToken.VALUE_STRING) {
                            promptId = p.getText();
                        } else if ("runId".equals(field) && value == JsonToken.VALUE_STRING) {
                            runId = p.getText();
                        } else {
                            p.skipChildren();
                        }
                        if (promptId != null && runId != null) {
                            break;
                        }
                    }
                }
            } catch (IOException e) {
                LOG.debugf("idempotency: skipping an unreadable record at %s-%d@%d", r.topic(), r.partition(), r.offset());
            }
        }
        if (runId != null && promptId != null) {
            done.add(runId, promptId, r.timestamp() > 0 ? r.timestamp() : System.currentTimeMillis());
        }
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> props = new HashMap<>();
        // the same broker settings as the messaging channels (kafka.* keys: bootstrap servers, security, ...)
        for (String name : mpConfig.getPropertyNames()) {
            if (name.startsWith("kafka.") && !name.contains("deserializer") && !name.contains("serializer")) {
                mpConfig.getOptionalValue(name, String.class).ifPresent(v -> props.put(name.substring("kafka.".length()), v));
            }
        }
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, mpConfig.getValue("kafka.bootstrap.servers", String.class));
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "inference-gateway-completions-index");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        // completions may be several MB each: bound a poll's bytes (a larger record still comes, alone)
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(dev.stresslab.contracts.Topics.MAX_RECORD_BYTES));
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        return props;
    }

    private void closeConsumer() {
        KafkaConsumer<String, byte[]> c = consumer;
        consumer = null;
        if (c != null) {
            try {
                c.close(Duration.ofSeconds(2));
            } catch (RuntimeException ignored) {
                // closing after a failure; nothing to do
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

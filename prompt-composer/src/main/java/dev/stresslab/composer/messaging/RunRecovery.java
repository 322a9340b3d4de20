package dev.stresslab.composer.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stresslab.benchmarks.Benchmark;
import dev.stresslab.composer.config.ComposerConfig;
import dev.stresslab.composer.data.BenchmarkLibrary;
import dev.stresslab.composer.domain.ComposedRun;
import dev.stresslab.composer.domain.RunOptions;
import dev.stresslab.composer.domain.RunPlanner;
import dev.stresslab.composer.domain.SystemPromptPolicy;
import dev.stresslab.contracts.RunEvent;
import dev.stresslab.contracts.RunSpec;
import dev.stresslab.contracts.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finishes the runs a composer left half-published (killed while publishing, say). At start it reads stress.runs
 * from the beginning to its current end; every run whose last event is PUBLISHING is planned again from its
 * {@link RunSpec} with the same run id (so the same prompt ids) and published again in full: prompts that were
 * already out are recognised downstream as the same ones (the gateway's completion index, analytics' prompt-id key).
 * A run that cannot be planned again (its benchmark file is gone or changed size) is marked ABORTED with the reason,
 * so every run reaches a terminal state. Until the scan has finished, readiness reports DOWN.
 * <p>
 * Several composer replicas starting at once may each resume the same run; that publishes duplicates, which are
 * harmless for the reason above.
 */
@ApplicationScoped
@Readiness
public class RunRecovery implements HealthCheck {
    private static final Logger LOG = Logger.getLogger(RunRecovery.class);

    private final RunPublisher publisher;
    private final BenchmarkLibrary library;
    private final ComposerConfig config;
    private final String bootstrap;
    private final ObjectMapper json;
    private final Counter resumed;
    private final Counter aborted;
    private volatile boolean scanned;
    private volatile Thread worker;

    public RunRecovery(RunPublisher publisher, BenchmarkLibrary library, ComposerConfig config, MeterRegistry registry,
                       ObjectMapper json, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.json = json;
        this.publisher = publisher;
        this.library = library;
        this.config = config;
        this.bootstrap = bootstrap;
        this.resumed = registry.counter("stresslab.composer.runs.recovered", "outcome", "resumed");
        this.aborted = registry.counter("stresslab.composer.runs.recovered", "outcome", "aborted");
    }

    void onStart(@Observes StartupEvent event) {
        Thread t = new Thread(this::recoverUntilDone, "run-recovery");
        t.setDaemon(true);
        worker = t;
        t.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        Thread t = worker;
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("run-recovery").status(scanned).build();
    }

    /** Scans until it can (the broker may not be up yet), then resumes what it found. */
    private void recoverUntilDone() {
        long backoffMs = 500;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Map<String, RunEvent> unfinished = unfinishedRuns();
                scanned = true;
                unfinished.values().forEach(this::resume);
                return;
            } catch (RuntimeException e) {
                LOG.warnf("cannot read %s to find half-published runs yet (%s); trying again", Topics.RUNS, e.toString());
                try {
                    Thread.sleep(backoffMs);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoffMs = Math.min(backoffMs * 2, 15_000);
            }
        }
    }

    /** The last event of every run on stress.runs, read up to the end the topic has now; those left PUBLISHING. */
    Map<String, RunEvent> unfinishedRuns() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "prompt-composer-run-recovery");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        Map<String, RunEvent> last = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.RUNS, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    RunEvent e = read(r.value());
                    if (e != null && e.runId() != null && e.type() != null) {
                        last.put(e.runId(), e);
                    }
                }
            }
        }
        last.values().removeIf(e -> e.type() != RunEvent.Type.PUBLISHING || publisher.isPublishing(e.runId()));
        if (!last.isEmpty()) {
            LOG.infof("found %d half-published run(s): %s", last.size(), last.keySet());
        }
        return last;
    }

    private void resume(RunEvent run) {
        RunSpec spec = run.spec();
        ComposedRun plan;
        try {
            if (spec == null) {
                throw new IllegalStateException("its PUBLISHING event carries no spec");
            }
            Benchmark benchmark = library.find(spec.benchmark()).orElseThrow(() ->
                    new IllegalStateException("benchmark '" + spec.benchmark() + "' is no longer configured"));
            // the spec holds what planning resolved (system prompt, reference accuracy): no rule or analytics is asked again
            plan = ComposedRun.of(run.runId(), spec.modelId(), RunPlanner.plan(RunOptions.replanning(spec), benchmark,
                    SystemPromptPolicy.none(), config.maxPromptsPerRun(), RunOptions.recordedDifficulty(spec)), spec.generation(),
                    dev.stresslab.contracts.PromptOrder.INTERLEAVED.equals(spec.promptOrder()) ? spec.orderSeed() : null);
            if (plan.prompts().size() != run.promptCount()) {
                throw new IllegalStateException("planning it again gives " + plan.prompts().size() + " prompts, not "
                        + run.promptCount() + " (the benchmark file changed)");
            }
        } catch (RuntimeException e) {
            String reason = "the composer stopped while publishing this run and cannot finish it: " + e.getMessage();
            LOG.warnf("run %s: %s", run.runId(), reason);
            publisher.abort(run, reason).await().atMost(Duration.ofMinutes(2));
            aborted.increment();
            return;
        }
        LOG.infof("run %s was left half-published; publishing its %d prompts again", run.runId(), plan.prompts().size());
        publisher.publish(plan, spec).await().atMost(Duration.ofMinutes(30));
        resumed.increment();
    }

    private RunEvent read(byte[] value) {
        try {
            // lenient: an event written by a newer composer, with fields this one does not know, is still read
            return value == null ? null : json.readerFor(RunEvent.class)
                    .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(value);
        } catch (java.io.IOException e) {
            return null; // not a run event: nothing to resume
        }
    }
}

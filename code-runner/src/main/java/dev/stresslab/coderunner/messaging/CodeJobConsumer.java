package dev.stresslab.coderunner.messaging;

import dev.stresslab.coderunner.config.SandboxProducer;
import dev.stresslab.coderunner.data.ProblemTests;
import dev.stresslab.coderunner.domain.CodeTests;
import dev.stresslab.coderunner.domain.ExecOutcome;
import dev.stresslab.coderunner.domain.ExecResult;
import dev.stresslab.coderunner.domain.JobCompleter;
import dev.stresslab.coderunner.sandbox.Sandbox;
import dev.stresslab.contracts.CodeJob;
import dev.stresslab.contracts.ScoreEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * stress.code-jobs → stress.scores: runs every slot's program of a batch of jobs in the sandbox (as many at once as
 * the sandbox allows) and publishes one completed score event per job, keyed by run id. The batch's offsets are
 * committed only after Kafka has all its scores. Nothing is lost or stuck: a job always ends as a score event, FAILED
 * with the reason when no sandbox can run here; a slot whose problem is unknown or whose sandbox broke is wrong with
 * {@code exec-infra-error}. Idempotent on prompt id: a redelivered job gets the score computed the first time
 * (kept for the last {@link #REMEMBERED} prompts), so execution is not repeated; analytics drops duplicates anyway.
 */
@ApplicationScoped
public class CodeJobConsumer {
    private static final Logger LOG = Logger.getLogger(CodeJobConsumer.class);
    static final int REMEMBERED = 10_000;

    private final MutinyEmitter<ScoreEvent> scores;
    private final SandboxProducer sandboxes;
    private final ProblemTests tests;
    private final ExecutorService workers;
    private final Map<ExecOutcome, Counter> outcomes = new EnumMap<>(ExecOutcome.class);
    private final Timer programTime;
    private final Counter unreadable;
    private final Map<String, ScoreEvent> done = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ScoreEvent> eldest) {
            return size() > REMEMBERED;
        }
    });

    public CodeJobConsumer(@Channel("scores") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
                           MutinyEmitter<ScoreEvent> scores, SandboxProducer sandboxes, ProblemTests tests,
                           MeterRegistry registry) {
        this.scores = scores;
        this.sandboxes = sandboxes;
        this.tests = tests;
        this.workers = Executors.newFixedThreadPool(sandboxes.concurrency(), r -> {
            Thread t = new Thread(r, "code-runner-exec");
            t.setDaemon(true);
            return t;
        });
        for (ExecOutcome o : ExecOutcome.values()) {
            outcomes.put(o, registry.counter("stresslab.coderunner.slots", "outcome", o.flag()));
        }
        this.programTime = Timer.builder("stresslab.coderunner.program.time").publishPercentileHistogram().register(registry);
        this.unreadable = registry.counter("stresslab.coderunner.unreadable.records");
    }

    @Incoming("code-jobs")
    @Blocking
    public void run(List<CodeJob> jobs) {
        List<Uni<Void>> sent = new ArrayList<>(jobs.size());
        List<CompletableFuture<ScoreEvent>> pending = new ArrayList<>(jobs.size());
        for (CodeJob job : jobs) {
            if (job == null || job.partial() == null) {
                unreadable.increment();
                LOG.warn("skipping a record on stress.code-jobs that is not a readable code job");
                continue;
            }
            pending.add(complete(job));
        }
        for (CompletableFuture<ScoreEvent> f : pending) {
            ScoreEvent score = f.join();
            done.put(score.promptId(), score);
            sent.add(scores.sendMessage(Message.of(score)
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(score.runId()).build())));
        }
        if (!sent.isEmpty()) {
            Uni.join().all(sent).andFailFast().await().indefinitely();
        }
    }

    private CompletableFuture<ScoreEvent> complete(CodeJob job) {
        ScoreEvent earlier = done.get(job.promptId());
        if (earlier != null) {
            return CompletableFuture.completedFuture(earlier);
        }
        Optional<Sandbox> sandbox = sandboxes.sandbox();
        if (sandbox.isEmpty()) {
            return CompletableFuture.completedFuture(JobCompleter.notExecuted(job, sandboxes.unavailableReason()));
        }
        Map<String, CodeTests> byId = tests.all();
        List<CompletableFuture<ExecResult>> slots = new ArrayList<>();
        for (JobCompleter.Task task : JobCompleter.tasks(job, byId)) {
            slots.add(CompletableFuture.supplyAsync(() -> execute(sandbox.get(), task), workers));
        }
        return CompletableFuture.allOf(slots.toArray(CompletableFuture[]::new))
                .thenApply(v -> JobCompleter.complete(job, slots.stream().map(CompletableFuture::join).toList()));
    }

    private ExecResult execute(Sandbox sandbox, JobCompleter.Task task) {
        ExecResult r;
        if (task.program().isEmpty()) {
            r = new ExecResult(ExecOutcome.NO_CODE, "no code block for this slot", 0, 0);
        } else if (task.tests() == null) {
            String why = tests.loadError() != null ? tests.loadError() : "question id not in the loaded release and window";
            r = new ExecResult(ExecOutcome.INFRA_ERROR, "no tests for " + task.questionId() + ": " + why, 0, 0);
        } else {
            try {
                r = programTime.record(() -> sandbox.run(task.program(), task.tests()));
            } catch (RuntimeException e) {
                r = new ExecResult(ExecOutcome.INFRA_ERROR, "sandbox error: " + e, 0, 0);
            }
        }
        if (r.outcome() == ExecOutcome.INFRA_ERROR) {
            LOG.warnf("question %s not executed: %s", task.questionId(), r.reason());
        }
        outcomes.get(r.outcome()).increment();
        return r;
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }
}

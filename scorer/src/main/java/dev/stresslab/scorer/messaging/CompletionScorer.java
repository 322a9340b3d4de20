package dev.stresslab.scorer.messaging;

import dev.stresslab.contracts.CompletionEvent;
import dev.stresslab.contracts.QuestionVerdict;
import dev.stresslab.contracts.ScoreEvent;
import dev.stresslab.scorer.domain.PromptScorer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * stress.completions → stress.scores: one score event per completion (failed completions included, so every
 * prompt is accounted for). Scoring is a pure function of the completion, so a redelivered completion yields the
 * same score event; analytics ignores the duplicate by prompt id.
 * <p>
 * Completions arrive in batches (one per poll): grading a level-1 answer takes microseconds, less than handing a
 * single record to a worker thread and back, so per-record dispatch cost more than the grading. A batch is
 * acknowledged only once Kafka has every score of it. A record that is not a readable completion (deserialization
 * failed, so its payload is null) is counted and skipped: it names no prompt to account for.
 */
@ApplicationScoped
public class CompletionScorer {
    private static final Logger LOG = Logger.getLogger(CompletionScorer.class);

    private final PromptScorer scorer = PromptScorer.createDefault();
    private final MutinyEmitter<ScoreEvent> scores;
    private final MeterRegistry registry;
    private final Timer scoringTime;
    private final Counter unreadable;
    private final Map<String, Counter> verdicts = new ConcurrentHashMap<>();

    // a whole batch (max.poll.records) is sent at once, beyond what the sink has in flight: buffer, don't fail
    public CompletionScorer(@Channel("scores") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
                            MutinyEmitter<ScoreEvent> scores, MeterRegistry registry) {
        this.scores = scores;
        this.registry = registry;
        this.scoringTime = Timer.builder("stresslab.scorer.scoring.time").publishPercentileHistogram().register(registry);
        this.unreadable = registry.counter("stresslab.scorer.unreadable.records");
    }

    @Incoming("completions")
    @Blocking // grading is CPU work: off the event loop; one batch at a time, scale out with replicas
    public void score(List<CompletionEvent> completions) {
        List<Uni<Void>> sent = new ArrayList<>(completions.size());
        for (CompletionEvent completion : completions) {
            if (completion == null) {
                unreadable.increment();
                LOG.warn("skipping a record on stress.completions that is not a readable completion event");
                continue;
            }
            ScoreEvent score = score(completion);
            sent.add(scores.sendMessage(Message.of(score)
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(score.runId()).build())));
        }
        if (!sent.isEmpty()) {
            // on a worker thread: wait for the broker, so the batch's offsets are committed only after its scores
            Uni.join().all(sent).andFailFast().await().indefinitely();
        }
    }

    private ScoreEvent score(CompletionEvent completion) {
        ScoreEvent score = scoringTime.record(() -> scorer.score(completion));
        for (QuestionVerdict v : score.questions()) {
            String verdict = score.outcome() == ScoreEvent.Outcome.FAILED ? "failed" : v.omitted() ? "omitted" : v.correct() ? "correct" : "wrong";
            // looked up once per benchmark and verdict, not per question (a registry lookup showed in the profile)
            verdicts.computeIfAbsent(score.benchmark() + '\n' + verdict, k -> registry.counter("stresslab.scorer.verdicts",
                    "benchmark", score.benchmark(), "verdict", verdict)).increment();
        }
        return score;
    }
}

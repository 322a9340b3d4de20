package dev.stresslab.scorer.messaging;

import dev.stresslab.contracts.CompletionEvent;
import dev.stresslab.contracts.QuestionVerdict;
import dev.stresslab.contracts.ScoreEvent;
import dev.stresslab.scorer.domain.PromptScorer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * stress.completions → stress.scores: one score event per completion (failed completions included, so every
 * prompt is accounted for). Scoring is a pure function of the completion, so a redelivered completion yields the
 * same score event; analytics ignores the duplicate by prompt id.
 */
@ApplicationScoped
public class CompletionScorer {
    private final PromptScorer scorer = PromptScorer.createDefault();
    private final MeterRegistry registry;
    private final Timer scoringTime;
    private final Map<String, Counter> verdicts = new ConcurrentHashMap<>();

    public CompletionScorer(MeterRegistry registry) {
        this.registry = registry;
        this.scoringTime = Timer.builder("stresslab.scorer.scoring.time").publishPercentileHistogram().register(registry);
    }

    @Incoming("completions")
    @Outgoing("scores")
    @Blocking(ordered = false) // grading is CPU work: keep it off the event loop, in parallel on workers
    public Message<ScoreEvent> score(Message<CompletionEvent> message) {
        ScoreEvent score = scoringTime.record(() -> scorer.score(message.getPayload()));
        for (QuestionVerdict v : score.questions()) {
            String verdict = score.outcome() == ScoreEvent.Outcome.FAILED ? "failed" : v.omitted() ? "omitted" : v.correct() ? "correct" : "wrong";
            // looked up once per benchmark and verdict, not per question (a registry lookup showed in the profile)
            verdicts.computeIfAbsent(score.benchmark() + '\n' + verdict, k -> registry.counter("stresslab.scorer.verdicts",
                    "benchmark", score.benchmark(), "verdict", verdict)).increment();
        }
        return message.withPayload(score)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(score.runId()).build());
    }
}

package dev.stresslab.scorer.messaging;

import dev.stresslab.contracts.AnswerKind;
import dev.stresslab.contracts.CodeJob;
import dev.stresslab.contracts.CompletionEvent;
import dev.stresslab.contracts.Failure;
import dev.stresslab.contracts.QuestionVerdict;
import dev.stresslab.contracts.ScoreEvent;
import dev.stresslab.scorer.client.LlmExtractor;
import dev.stresslab.scorer.code.CodeJobBuilder;
import dev.stresslab.scorer.domain.PromptScorer;
import dev.stresslab.scorer.domain.VerdictFlag;
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
 * <p>
 * A completion whose scoring throws (an invariant broken, or a scorer bug) must not fail the batch: a failed batch is
 * redelivered and fails again, and the channel stops. It gets a FAILED score event instead, failure kind
 * {@code SCORING_ERROR} and every position wrong with flag {@code scoring-error}, so the prompt is still accounted
 * for; it is counted in {@code stresslab.scorer.scoring.errors}. The failure message names the exception, never the
 * output's text.
 * <p>
 * When an LLM extractor is configured for the completion's benchmark ({@code scorer.llm-extract.<benchmark>.endpoint},
 * multiple choice only), its score is sent once the extraction answered or failed ({@link LlmExtractor}): every
 * extraction of a batch is started before the batch waits, so they overlap; the thread waits once per batch, as it
 * already did for the broker.
 * <p>
 * A completion the gateway never called because its run was cancelled (failure kind CANCELLED) gets a score event
 * with outcome CANCELLED and no question verdicts: accounted for, neither failed nor wrong.
 */
@ApplicationScoped
public class CompletionScorer {
    private static final Logger LOG = Logger.getLogger(CompletionScorer.class);

    private final PromptScorer scorer = PromptScorer.createDefault();
    private final MutinyEmitter<ScoreEvent> scores;
    private final MutinyEmitter<CodeJob> codeJobs;
    private final MeterRegistry registry;
    private final LlmExtractor extractor;
    private final Timer scoringTime;
    private final Counter unreadable;
    private final Counter scoringErrors;
    private final Map<String, Counter> verdicts = new ConcurrentHashMap<>();

    // a whole batch (max.poll.records) is sent at once, beyond what the sink has in flight: buffer, don't fail
    public CompletionScorer(@Channel("scores") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
                            MutinyEmitter<ScoreEvent> scores,
                            @Channel("code-jobs") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
                            MutinyEmitter<CodeJob> codeJobs, MeterRegistry registry, LlmExtractor extractor) {
        this.scores = scores;
        this.extractor = extractor;
        this.codeJobs = codeJobs;
        this.registry = registry;
        this.scoringTime = Timer.builder("stresslab.scorer.scoring.time").publishPercentileHistogram().register(registry);
        this.unreadable = registry.counter("stresslab.scorer.unreadable.records");
        this.scoringErrors = registry.counter("stresslab.scorer.scoring.errors");
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
            if (completion.answerKind() == AnswerKind.CODE && !completion.failed() && CodeJobBuilder.buildable(completion)) {
                // code is graded by running it, in code-runner, which publishes the score (docs/code.md)
                CodeJob job = CodeJobBuilder.build(completion);
                sent.add(codeJobs.sendMessage(Message.of(job)
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(job.runId()).build())));
                continue;
            }
            ScoreEvent ruleBased = score(completion);
            // GPQA as REST grades it: an LLM reads the answers (calls run concurrently, bounded; LlmExtractor)
            Uni<ScoreEvent> score = extractor.endpointFor(completion)
                    .map(endpoint -> extractor.read(completion, ruleBased, endpoint))
                    .orElseGet(() -> Uni.createFrom().item(ruleBased));
            sent.add(score.chain(s -> scores.sendMessage(Message.of(s)
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(s.runId()).build()))));
        }
        if (!sent.isEmpty()) {
            // on a worker thread: wait for the broker, so the batch's offsets are committed only after its scores.
            // LLM extractions of the batch run concurrently meanwhile (non-blocking calls): one wait per batch.
            Uni.join().all(sent).andFailFast().await().indefinitely();
        }
    }

    private ScoreEvent score(CompletionEvent completion) {
        if (completion.failure() != null && completion.failure().cancelled()) {
            return cancelled(completion);
        }
        ScoreEvent score = scoreOrFail(completion);
        for (QuestionVerdict v : score.questions()) {
            String verdict = score.outcome() == ScoreEvent.Outcome.FAILED ? "failed" : v.omitted() ? "omitted" : v.correct() ? "correct" : "wrong";
            // looked up once per benchmark and verdict, not per question (a registry lookup showed in the profile)
            verdicts.computeIfAbsent(score.benchmark() + '\n' + verdict, k -> registry.counter("stresslab.scorer.verdicts",
                    "benchmark", score.benchmark(), "verdict", verdict)).increment();
        }
        return score;
    }

    private ScoreEvent scoreOrFail(CompletionEvent completion) {
        try {
            return scoringTime.record(() -> scorer.score(completion));
        } catch (RuntimeException | StackOverflowError e) {
            scoringErrors.increment();
            LOG.errorf("scoring prompt %s failed (%s); publishing a FAILED score for it", completion.promptId(), e.getClass().getName());
            return scoringFailed(completion, e);
        }
    }

    static ScoreEvent cancelled(CompletionEvent c) {
        return new ScoreEvent(ScoreEvent.SCHEMA_VERSION, c.runId(), c.promptId(), c.modelId(), c.benchmark(), c.level(),
                c.groupIndex(), c.sample(), ScoreEvent.Outcome.CANCELLED, c.failure(), null, false, c.usage(), c.latencyMs(),
                List.of());
    }

    /** Most positions a scoring failure lists: a corrupt level must not make the failure event itself huge. */
    static final int MAX_FAILED_POSITIONS = 10_000;

    /**
     * The score event for a completion that could not be scored: outcome FAILED, kind SCORING_ERROR, one wrong verdict
     * per position. The message is the invariant that broke (sizes only) or the exception's class: exception messages
     * elsewhere may quote the output, which is not for the failure record.
     */
    static ScoreEvent scoringFailed(CompletionEvent c, Throwable e) {
        String message = e instanceof PromptScorer.InvalidCompletion ? "invalid completion: " + e.getMessage()
                : "scoring threw " + e.getClass().getName();
        int positions = Math.max(0, Math.min(c.level(), MAX_FAILED_POSITIONS));
        List<QuestionVerdict> verdicts = new ArrayList<>(positions);
        for (int i = 0; i < positions; i++) {
            verdicts.add(new QuestionVerdict(i + 1, at(c.questionIds(), i), at(c.goldAnswers(), i), null, false, false,
                    null, List.of(VerdictFlag.SCORING_ERROR.word())));
        }
        return new ScoreEvent(ScoreEvent.SCHEMA_VERSION, c.runId(), c.promptId(), c.modelId(), c.benchmark(), c.level(),
                c.groupIndex(), c.sample(), ScoreEvent.Outcome.FAILED, new Failure("SCORING_ERROR", message, null),
                c.finishReason(), false, c.usage(), c.latencyMs(), List.copyOf(c.withQuestionTags(verdicts)));
    }

    private static String at(List<String> list, int i) {
        return list != null && i < list.size() ? list.get(i) : null;
    }
}

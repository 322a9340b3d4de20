package dev.stresslab.analytics.persistence;

import dev.stresslab.analytics.domain.Comparability;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stresslab.contracts.PromptEvent;
import dev.stresslab.contracts.QuestionVerdict;
import dev.stresslab.contracts.RunEvent;
import dev.stresslab.contracts.ScoreEvent;
import dev.stresslab.contracts.Transcript;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Turns run and score events into rows, idempotently (keyed by run id / prompt id). The report reads are {@link ReportQueries}. */
@ApplicationScoped
public class ResultWriter {
    private final EntityManager em;
    private final ObjectMapper mapper;

    public ResultWriter(EntityManager em, ObjectMapper mapper) {
        this.em = em;
        this.mapper = mapper;
    }

    /**
     * Records a step of a run's lifecycle. PUBLISHING creates the run; COMPOSED or ABORTED settle it. A run is never
     * moved back (a redelivered PUBLISHING after COMPOSED changes nothing), and the first settling step wins, except
     * that CANCELLED (the release gate stopped the run early) also follows COMPOSED; nothing follows CANCELLED.
     *
     * @return false when the event changed nothing (a redelivery)
     */
    @Transactional
    public boolean recordRun(RunEvent event) {
        RunEntity run = RunEntity.findById(event.runId());
        String state = event.type().name();
        if (run != null) {
            boolean cancelsComposed = event.type() == RunEvent.Type.CANCELLED && RunEvent.Type.COMPOSED.name().equals(run.state);
            if ((!RunEvent.Type.PUBLISHING.name().equals(run.state) && !cancelsComposed) || event.type() == RunEvent.Type.PUBLISHING) {
                return false;
            }
            run.state = state;
            run.stateReason = truncate(event.reason(), 1000);
            run.promptCount = event.promptCount();
            if (run.settingsKey == null) {
                run.settingsKey = truncate(Comparability.settingsKey(event), 500);
            }
            return true;
        }
        run = new RunEntity();
        run.runId = event.runId();
        run.modelId = truncate(event.modelId(), 200);
        run.benchmark = truncate(event.benchmark(), 100);
        run.levels = truncate(RunEntity.joinLevels(event.levels()), 200);
        run.questionCount = event.questionCount();
        run.samples = event.samples();
        run.promptCount = event.promptCount();
        run.composedAt = event.at() != null ? event.at() : Instant.now();
        run.state = state;
        run.stateReason = truncate(event.reason(), 1000);
        run.settingsKey = truncate(Comparability.settingsKey(event), 500);
        run.persist();
        return true;
    }

    /**
     * Stores a batch of score events in one transaction; prompts already stored (or repeated inside the batch) are
     * skipped, found with one keyed query. Prompt rows are inserted before question rows so JDBC batches stay whole;
     * each event's transcript (when it carries one) goes in the same transaction, gzip'd (docs/reports.md,
     * "Transcripts").
     *
     * @return how many events were new
     */
    @Transactional
    public int recordScores(List<ScoreEvent> events) {
        Map<String, ScoreEvent> fresh = notYetStored(events, ScoreEvent::promptId, "PromptResultEntity");
        Instant now = Instant.now();
        for (ScoreEvent s : fresh.values()) {
            promptRow(s, now).persist();
        }
        for (ScoreEvent s : fresh.values()) {
            for (QuestionVerdict v : s.questions()) {
                questionRow(s, v).persist();
            }
        }
        for (ScoreEvent s : fresh.values()) {
            if (s.transcript() != null) {
                transcriptRow(s, now).persist();
            }
        }
        return fresh.size();
    }

    /**
     * A score event whose rows the database refused for good (ResultIngestor tried it alone): stored as a FAILED
     * prompt with kind STORAGE_ERROR and the database's reason, every slot wrong and flagged, strings cut to their
     * columns, so the prompt is still accounted for and its run can complete.
     *
     * @return false when the prompt was already stored
     */
    @Transactional
    public boolean recordUnstorable(ScoreEvent s, String reason) {
        if (PromptResultEntity.findById(s.promptId()) != null) {
            return false;
        }
        // not promptRow/questionRow: only fields that cannot be what the database refused, each cut to its column
        PromptResultEntity p = new PromptResultEntity();
        p.promptId = s.promptId();
        p.runId = s.runId();
        p.modelId = truncate(s.modelId(), 200);
        p.benchmark = truncate(s.benchmark(), 100);
        p.stressLevel = s.level();
        p.groupIndex = s.groupIndex();
        p.sample = s.sample();
        p.outcome = ScoreEvent.Outcome.FAILED.name();
        p.failureKind = STORAGE_ERROR;
        p.failureMessage = truncate("the result could not be stored: " + reason, 1000);
        p.truncated = s.truncated();
        p.latencyMs = s.latencyMs();
        p.recordedAt = Instant.now();
        p.persist();
        int positions = s.questions() == null || s.questions().isEmpty() ? s.level() : s.questions().size();
        for (int i = 0; i < positions; i++) {
            QuestionVerdict v = s.questions() == null || i >= s.questions().size() ? null : s.questions().get(i);
            QuestionResultEntity q = new QuestionResultEntity();
            q.promptId = s.promptId();
            q.position = i + 1;
            q.runId = s.runId();
            q.stressLevel = s.level();
            q.sample = s.sample();
            q.questionId = truncate(v == null || v.questionId() == null ? "unknown" : v.questionId(), 200);
            q.gold = v == null ? null : truncate(v.gold(), 2000);
            q.correct = false;
            q.omitted = false;
            q.flags = "storage-error";
            q.persist();
        }
        return true;
    }

    /** failure_kind of a prompt whose result the database refused (see {@link #recordUnstorable}). */
    public static final String STORAGE_ERROR = "STORAGE_ERROR";

    private static PromptResultEntity promptRow(ScoreEvent s, Instant now) {
        PromptResultEntity p = new PromptResultEntity();
        p.promptId = s.promptId();
        p.runId = s.runId();
        p.modelId = s.modelId();
        p.benchmark = s.benchmark();
        p.stressLevel = s.level();
        p.groupIndex = s.groupIndex();
        p.sample = s.sample();
        p.outcome = s.outcome().name();
        if (s.failure() != null) {
            p.failureKind = s.failure().kind();
            p.failureMessage = truncate(s.failure().message(), 1000);
        }
        p.finishReason = s.finishReason();
        p.truncated = s.truncated();
        if (s.usage() != null) {
            p.promptTokens = s.usage().promptTokens();
            p.completionTokens = s.usage().completionTokens();
            p.reasoningTokens = s.usage().reasoningTokens();
        }
        p.unattributedReasoningTokens = s.unattributedReasoningTokens();
        p.latencyMs = s.latencyMs();
        p.recordedAt = now;
        return p;
    }

    private PromptTranscriptEntity transcriptRow(ScoreEvent s, Instant now) {
        Transcript t = s.transcript();
        PromptTranscriptEntity row = new PromptTranscriptEntity();
        row.promptId = s.promptId();
        row.runId = s.runId();
        row.contentChars = t.content() == null ? 0 : t.content().length();
        row.reasoningChars = t.reasoning() == null ? 0 : t.reasoning().length();
        row.body = GzipJson.write(mapper, t);
        row.storedBytes = row.body.length;
        row.recordedAt = now;
        return row;
    }

    /**
     * Stores each prompt's text once (the prompt viewer shows it beside the transcript); prompts already stored are
     * skipped.
     *
     * @return how many were new
     */
    @Transactional
    public int recordPromptTexts(List<PromptEvent> prompts) {
        Map<String, PromptEvent> fresh = notYetStored(prompts, PromptEvent::promptId, "PromptTextEntity");
        Instant now = Instant.now();
        for (PromptEvent p : fresh.values()) {
            PromptTextEntity row = new PromptTextEntity();
            row.promptId = p.promptId();
            row.runId = p.runId();
            row.recordedAt = now;
            row.body = GzipJson.write(mapper, p.messages() == null ? List.of() : p.messages());
            row.persist();
        }
        return fresh.size();
    }

    /**
     * The events of a batch, one per prompt id (the first one), without those whose prompt id {@code entity} already
     * holds: one keyed query, so a redelivered batch stores nothing twice.
     */
    private <T> Map<String, T> notYetStored(List<T> events, Function<T, String> promptId, String entity) {
        Map<String, T> fresh = new LinkedHashMap<>();
        events.forEach(e -> fresh.putIfAbsent(promptId.apply(e), e));
        em.createQuery("select e.promptId from " + entity + " e where e.promptId in :ids", String.class)
                .setParameter("ids", fresh.keySet()).getResultList().forEach(fresh::remove);
        return fresh;
    }

    private static QuestionResultEntity questionRow(ScoreEvent s, QuestionVerdict v) {
        QuestionResultEntity q = new QuestionResultEntity();
        q.promptId = s.promptId();
        q.position = v.position();
        q.runId = s.runId();
        q.stressLevel = s.level();
        q.sample = s.sample();
        q.questionId = v.questionId();
        q.gold = truncate(v.gold(), 2000);
        q.extracted = truncate(v.extracted(), 4000);
        q.correct = v.correct();
        q.omitted = v.omitted();
        q.reasoningTokens = v.reasoningTokens();
        q.flags = v.flags() == null || v.flags().isEmpty() ? null : truncate(String.join(",", v.flags()), 500);
        q.answerTokens = v.answerTokens();
        q.errorCategory = v.errorCategory() == null ? null : v.errorCategory().name();
        q.subject = truncate(v.subject(), 100);
        q.difficultyLevel = v.difficultyLevel();
        q.ruleExtracted = truncate(v.ruleExtracted(), 4000);
        q.ruleCorrect = v.ruleCorrect();
        return q;
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}

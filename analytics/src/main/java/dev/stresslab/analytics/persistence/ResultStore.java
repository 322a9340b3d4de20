package dev.stresslab.analytics.persistence;

import dev.stresslab.analytics.domain.LevelTally;
import dev.stresslab.analytics.domain.ModelSummary;
import dev.stresslab.analytics.domain.SlotOutcome;
import dev.stresslab.analytics.domain.TokenBox;
import dev.stresslab.analytics.domain.PositionTally;
import dev.stresslab.analytics.domain.TransitionTally;
import dev.stresslab.contracts.QuestionVerdict;
import dev.stresslab.contracts.RunEvent;
import dev.stresslab.contracts.ScoreEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes runs and results idempotently (keyed by run id / prompt id) and reads the report's aggregates. */
@ApplicationScoped
public class ResultStore {
    private final EntityManager em;

    public ResultStore(EntityManager em) {
        this.em = em;
    }

    /**
     * Records a step of a run's lifecycle. PUBLISHING creates the run; COMPOSED or ABORTED settle it. A run is never
     * moved back (a redelivered PUBLISHING after COMPOSED changes nothing), and the first settling step wins.
     *
     * @return false when the event changed nothing (a redelivery)
     */
    @Transactional
    public boolean recordRun(RunEvent event) {
        RunEntity run = RunEntity.findById(event.runId());
        String state = event.type().name();
        if (run != null) {
            if (!RunEvent.Type.PUBLISHING.name().equals(run.state) || event.type() == RunEvent.Type.PUBLISHING) {
                return false;
            }
            run.state = state;
            run.stateReason = truncate(event.reason(), 1000);
            run.promptCount = event.promptCount();
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
        run.persist();
        return true;
    }

    /**
     * Stores a batch of score events in one transaction; prompts already stored (or repeated inside the batch) are
     * skipped, found with one keyed query. Prompt rows are inserted before question rows so JDBC batches stay whole.
     *
     * @return how many events were new
     */
    @Transactional
    public int recordScores(List<ScoreEvent> events) {
        Map<String, ScoreEvent> fresh = new LinkedHashMap<>();
        events.forEach(e -> fresh.putIfAbsent(e.promptId(), e));
        em.createQuery("select p.promptId from PromptResultEntity p where p.promptId in :ids", String.class)
                .setParameter("ids", fresh.keySet()).getResultList().forEach(fresh::remove);
        Instant now = Instant.now();
        for (ScoreEvent s : fresh.values()) {
            promptRow(s, now).persist();
        }
        for (ScoreEvent s : fresh.values()) {
            for (QuestionVerdict v : s.questions()) {
                questionRow(s, v).persist();
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
        p.latencyMs = s.latencyMs();
        p.recordedAt = now;
        return p;
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
        return q;
    }

    /** Per-level counts of one run, from two grouped queries over the run's indexed rows. */
    @Transactional
    public List<LevelTally> tallies(String runId) {
        List<Object[]> prompts = em.createQuery("""
                select p.stressLevel, count(p), sum(case when p.outcome = 'FAILED' then 1 else 0 end),
                       sum(case when p.truncated then 1 else 0 end),
                       coalesce(sum(p.promptTokens), 0), coalesce(sum(p.completionTokens), 0),
                       coalesce(sum(p.reasoningTokens), 0), count(p.completionTokens)
                from PromptResultEntity p where p.runId = :run group by p.stressLevel""", Object[].class)
                .setParameter("run", runId).getResultList();
        List<Object[]> slots = em.createQuery("""
                select q.stressLevel, count(q), sum(case when q.correct then 1 else 0 end),
                       sum(case when q.omitted then 1 else 0 end)
                from QuestionResultEntity q where q.runId = :run group by q.stressLevel""", Object[].class)
                .setParameter("run", runId).getResultList();
        java.util.Map<Integer, Object[]> slotsByLevel = new java.util.HashMap<>();
        slots.forEach(r -> slotsByLevel.put((Integer) r[0], r));
        return prompts.stream().map(r -> {
            Object[] s = slotsByLevel.getOrDefault((Integer) r[0], new Object[]{r[0], 0L, 0L, 0L});
            return new LevelTally((Integer) r[0], num(r[1]), num(r[2]), num(r[3]), num(s[1]), num(s[2]), num(s[3]),
                    num(r[4]), num(r[5]), num(r[6]), num(r[7]));
        }).toList();
    }

    /** Pooled over all runs: (model, benchmark, level, position) → slots and correct ones, for the position gauges. */
    @Transactional
    public List<PositionAccuracy> positionAccuracy() {
        List<Object[]> rows = em.createNativeQuery("""
                select p.model_id, p.benchmark, q.stress_level, q.position, count(*), sum(case when q.correct then 1 else 0 end)
                from question_result q join prompt_result p on p.prompt_id = q.prompt_id
                group by p.model_id, p.benchmark, q.stress_level, q.position""").getResultList();
        return rows.stream().map(r -> new PositionAccuracy((String) r[0], (String) r[1], ((Number) r[2]).intValue(),
                ((Number) r[3]).intValue(), num(r[4]), num(r[5]))).toList();
    }

    public record PositionAccuracy(String modelId, String benchmark, int level, int position, long slots, long correct) {
    }

    /** Per (level, position): slots, correct, and reasoning tokens where the scorer attributed them. */
    @Transactional
    public List<PositionTally> positionTallies(String runId) {
        return em.createQuery("""
                select q.stressLevel, q.position, count(q), sum(case when q.correct then 1 else 0 end),
                       coalesce(sum(q.reasoningTokens), 0), count(q.reasoningTokens),
                       coalesce(sum(case when q.correct then q.reasoningTokens else 0 end), 0),
                       sum(case when q.correct and q.reasoningTokens is not null then 1 else 0 end)
                from QuestionResultEntity q where q.runId = :run group by q.stressLevel, q.position""", Object[].class)
                .setParameter("run", runId).getResultList().stream()
                .map(r -> new PositionTally((Integer) r[0], (Integer) r[1], num(r[2]), num(r[3]), num(r[4]), num(r[5]),
                        num(r[6]), num(r[7])))
                .toList();
    }

    /** Per (level, position): min, quartiles and max of the attributed reasoning tokens (PostgreSQL percentile_cont). */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<TokenBox> tokenBoxes(String runId) {
        List<Object[]> rows = em.createNativeQuery("""
                select stress_level, position, count(*), min(reasoning_tokens),
                       percentile_cont(0.25) within group (order by reasoning_tokens),
                       percentile_cont(0.5) within group (order by reasoning_tokens),
                       percentile_cont(0.75) within group (order by reasoning_tokens),
                       max(reasoning_tokens)
                from question_result where run_id = :run and reasoning_tokens is not null
                group by stress_level, position order by stress_level, position""")
                .setParameter("run", runId).getResultList();
        return rows.stream().map(r -> new TokenBox(((Number) r[0]).intValue(), ((Number) r[1]).intValue(), num(r[2]),
                dbl(r[3]), dbl(r[4]), dbl(r[5]), dbl(r[6]), dbl(r[7]))).toList();
    }

    /** Every slot of a run with its verdict, for the paired comparison. */
    @Transactional
    public List<SlotOutcome> slotOutcomes(String runId) {
        return em.createQuery("""
                select q.questionId, q.stressLevel, q.position, q.sample, q.correct
                from QuestionResultEntity q where q.runId = :run""", Object[].class)
                .setParameter("run", runId).getResultList().stream()
                .map(r -> new SlotOutcome((String) r[0], (Integer) r[1], (Integer) r[2], (Integer) r[3], (Boolean) r[4]))
                .toList();
    }

    /** Per (model, benchmark, level), pooled over all runs: runs, prompts, slots, correct, omitted. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<ModelSummary.Tally> modelTallies() {
        List<Object[]> rows = em.createNativeQuery("""
                select p.model_id, p.benchmark, p.stress_level, count(distinct p.run_id), count(distinct p.prompt_id),
                       count(*), sum(case when q.correct then 1 else 0 end), sum(case when q.omitted then 1 else 0 end)
                from question_result q join prompt_result p on p.prompt_id = q.prompt_id
                group by p.model_id, p.benchmark, p.stress_level""").getResultList();
        return rows.stream().map(r -> new ModelSummary.Tally((String) r[0], (String) r[1], ((Number) r[2]).intValue(),
                num(r[3]), num(r[4]), num(r[5]), num(r[6]), num(r[7]))).toList();
    }

    /** True when the run's COMPOSED event or any of its results has been stored. */
    @Transactional
    public boolean runExists(String runId) {
        return RunEntity.findById(runId) != null
                || !em.createQuery("select p.promptId from PromptResultEntity p where p.runId = :run", String.class)
                .setParameter("run", runId).setMaxResults(1).getResultList().isEmpty();
    }

    /**
     * Per level: consecutive pairs (p, p+1) of the same prompt, split by whether the earlier answer was right. One
     * pass over the run's rows in (prompt, position) order with lag(), instead of a self-join.
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<TransitionTally> transitionTallies(String runId) {
        List<Object[]> rows = em.createNativeQuery("""
                select stress_level,
                       sum(case when prev = false then 1 else 0 end),
                       sum(case when prev = false and correct = false then 1 else 0 end),
                       sum(case when prev = true then 1 else 0 end),
                       sum(case when prev = true and correct = false then 1 else 0 end)
                from (select stress_level, correct, position,
                             lag(correct) over (partition by prompt_id order by position) as prev,
                             lag(position) over (partition by prompt_id order by position) as prev_position
                      from question_result where run_id = :run) t
                where prev_position = position - 1
                group by stress_level""")
                .setParameter("run", runId).getResultList();
        return rows.stream()
                .map(r -> new TransitionTally(((Number) r[0]).intValue(), num(r[1]), num(r[2]), num(r[3]), num(r[4])))
                .toList();
    }

    private static double dbl(Object o) {
        return o == null ? 0 : ((Number) o).doubleValue();
    }

    private static long num(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}

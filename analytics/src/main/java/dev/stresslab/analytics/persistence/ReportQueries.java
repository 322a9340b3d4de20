package dev.stresslab.analytics.persistence;

import dev.stresslab.analytics.domain.LevelTally;
import dev.stresslab.analytics.domain.ModelSummary;
import dev.stresslab.analytics.domain.PositionTally;
import dev.stresslab.analytics.domain.SlotOutcome;
import dev.stresslab.analytics.domain.TokenBox;
import dev.stresslab.analytics.domain.TransitionTally;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.List;

/** The report's reads: grouped queries over a run's rows. Writing is {@link ResultWriter}'s. */
@ApplicationScoped
public class ReportQueries {
    private final EntityManager em;

    public ReportQueries(EntityManager em) {
        this.em = em;
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
}

package dev.stresslab.analytics.persistence;

import dev.stresslab.analytics.domain.ClusteredEstimate;
import dev.stresslab.analytics.domain.LevelTally;
import dev.stresslab.analytics.domain.ModelSummary;
import dev.stresslab.analytics.domain.Slot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
                from PromptResultEntity p where p.runId = :run and p.outcome <> 'CANCELLED' group by p.stressLevel""", Object[].class)
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

    /** Prompts of the run that were never called because the run was cancelled (outcome CANCELLED). */
    @Transactional
    public long cancelled(String runId) {
        return em.createQuery("select count(p) from PromptResultEntity p where p.runId = :run and p.outcome = 'CANCELLED'",
                Long.class).setParameter("run", runId).getSingleResult();
    }

    /**
     * One row per prompt that ended: (level, group, sample), outcome, slots, right slots and its question ids in
     * position order; for the release gate's sequential verdict, which pairs prompts of two runs. One grouped query.
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<PromptOutcome> promptOutcomes(String runId) {
        List<Object[]> rows = em.createNativeQuery("""
                select p.stress_level, p.group_index, p.sample, p.outcome, count(q.position),
                       coalesce(sum(case when q.correct then 1 else 0 end), 0),
                       string_agg(q.question_id, ',' order by q.position)
                from prompt_result p left join question_result q on q.prompt_id = p.prompt_id
                where p.run_id = :run
                group by p.prompt_id, p.stress_level, p.group_index, p.sample, p.outcome""")
                .setParameter("run", runId).getResultList();
        return rows.stream().map(r -> new PromptOutcome(((Number) r[0]).intValue(), ((Number) r[1]).intValue(),
                ((Number) r[2]).intValue(), (String) r[3], num(r[4]), num(r[5]), (String) r[6])).toList();
    }

    /** A prompt's result for pairing: a failed prompt's slots are all wrong; a cancelled one has none. */
    public record PromptOutcome(int level, int groupIndex, int sample, String outcome, long slots, long correct,
                                String questionIds) {
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

    /**
     * Every slot of a run for the analyses (docs/metrics.md): question, output (prompt id), level, position, sample,
     * verdict, the prompt's truncation, tokens, error category and flags; {@code omittedInPrompt} is derived here from
     * the output's other slots. One indexed read of the run's rows.
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<Slot> slots(String runId) {
        List<Object[]> rows = em.createNativeQuery("""
                select q.question_id, q.prompt_id, q.stress_level, q.position, q.sample, q.correct, q.omitted,
                       p.truncated, q.reasoning_tokens, q.error_category, q.flags
                from question_result q join prompt_result p on p.prompt_id = q.prompt_id
                where q.run_id = :run""").setParameter("run", runId).getResultList();
        Set<String> omitting = new HashSet<>();
        rows.stream().filter(r -> (Boolean) r[6]).forEach(r -> omitting.add((String) r[1]));
        List<Slot> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            out.add(new Slot((String) r[0], (String) r[1], ((Number) r[2]).intValue(), ((Number) r[3]).intValue(),
                    ((Number) r[4]).intValue(), (Boolean) r[5], (Boolean) r[6], (Boolean) r[7],
                    omitting.contains((String) r[1]), r[8] == null ? null : ((Number) r[8]).intValue(), (String) r[9],
                    (String) r[10]));
        }
        return out;
    }

    /**
     * A run's slots with only what the accuracy statistics need (question, output, level, position, sample, verdict):
     * no join, for the report, the comparison and the model table.
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<Slot> verdicts(String runId) {
        List<Object[]> rows = em.createNativeQuery("""
                select question_id, prompt_id, stress_level, position, sample, correct
                from question_result where run_id = :run""").setParameter("run", runId).getResultList();
        List<Slot> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            out.add(Slot.of((String) r[0], (String) r[1], ((Number) r[2]).intValue(), ((Number) r[3]).intValue(),
                    ((Number) r[4]).intValue(), (Boolean) r[5]));
        }
        return out;
    }

    /**
     * What the clustered intervals need of a run, grouped in the database: per (question, level) slots and correct
     * ones, and how many outputs share each (level, slots, correct) shape. Two grouped scans of the run's rows.
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public ClusteredEstimate.RunCounts counts(String runId) {
        List<Object[]> questions = em.createNativeQuery("""
                select question_id, stress_level, count(*), sum(case when correct then 1 else 0 end)
                from question_result where run_id = :run group by question_id, stress_level""")
                .setParameter("run", runId).getResultList();
        List<Object[]> outputs = em.createNativeQuery("""
                select stress_level, n, c, count(*) from (
                    select stress_level, count(*) as n, sum(case when correct then 1 else 0 end) as c
                    from question_result where run_id = :run group by prompt_id, stress_level) o
                group by stress_level, n, c""").setParameter("run", runId).getResultList();
        return ClusteredEstimate.RunCounts.fromAggregates(
                questions.stream().map(r -> new ClusteredEstimate.RunCounts.QuestionCount((String) r[0],
                        ((Number) r[1]).intValue(), num(r[2]), num(r[3]))).toList(),
                outputs.stream().map(r -> new ClusteredEstimate.RunCounts.OutputShape(((Number) r[0]).intValue(),
                        num(r[1]), num(r[2]), num(r[3]))).toList());
    }

    /** Every stored run with what comparability and completeness need (prompts ended counted per run). */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<ModelSummary.RunInfo> runs() {
        List<Object[]> rows = em.createNativeQuery("""
                select r.run_id, r.model_id, r.benchmark, r.levels, r.question_count, r.settings_key, r.state,
                       r.prompt_count, r.composed_at, (select count(*) from prompt_result p where p.run_id = r.run_id)
                from run r""").getResultList();
        return rows.stream().map(r -> new ModelSummary.RunInfo((String) r[0], (String) r[1], (String) r[2],
                RunEntity.parseLevels((String) r[3]), ((Number) r[4]).intValue(), (String) r[5],
                "COMPOSED".equals(r[6]) && ((Number) r[7]).longValue() > 0 && num(r[9]) >= ((Number) r[7]).longValue(),
                instant(r[8]))).toList();
    }

    /**
     * Per run and level: prompts, slots, correct and omitted slots, and prompts whose output was truncated (one
     * grouped scan of each table, for the model table).
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<ModelSummary.LevelCount> levelCounts() {
        List<Object[]> rows = em.createNativeQuery("""
                select q.run_id, q.stress_level, count(distinct q.prompt_id), count(*),
                       sum(case when q.correct then 1 else 0 end), sum(case when q.omitted then 1 else 0 end),
                       max(t.truncated)
                from question_result q
                left join (select run_id, stress_level, sum(case when truncated then 1 else 0 end) as truncated
                           from prompt_result group by run_id, stress_level) t
                       on t.run_id = q.run_id and t.stress_level = q.stress_level
                group by q.run_id, q.stress_level""").getResultList();
        return rows.stream().map(r -> new ModelSummary.LevelCount((String) r[0], ((Number) r[1]).intValue(), num(r[2]),
                num(r[3]), num(r[4]), num(r[5]), num(r[6]))).toList();
    }

    private static Instant instant(Object o) {
        if (o instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (o instanceof java.time.OffsetDateTime t) {
            return t.toInstant();
        }
        return o instanceof Instant i ? i : null;
    }

    /** True when the run's COMPOSED event or any of its results has been stored. */
    @Transactional
    public boolean runExists(String runId) {
        return RunEntity.findById(runId) != null
                || !em.createQuery("select p.promptId from PromptResultEntity p where p.runId = :run", String.class)
                .setParameter("run", runId).setMaxResults(1).getResultList().isEmpty();
    }

    private static long num(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }
}

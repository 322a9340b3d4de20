package dev.stresslab.analytics.persistence;

import dev.stresslab.analytics.domain.ClusteredEstimate;
import dev.stresslab.analytics.domain.LevelTally;
import dev.stresslab.analytics.domain.ModelSummary;
import dev.stresslab.analytics.domain.QuestionTagBreakdown;
import dev.stresslab.analytics.domain.Slot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** The report's reads: grouped queries over a run's rows. Writing is {@link ResultWriter}'s. */
@ApplicationScoped
public class ReportQueries {
    static final int SLOT_FETCH = 5000;

    private final EntityManager em;
    private final DataSource dataSource;

    public ReportQueries(EntityManager em, DataSource dataSource) {
        this.em = em;
        this.dataSource = dataSource;
    }

    /**
     * Per-level counts of one run: prompts, failures, truncations and token usage from one grouped query over the
     * run's prompts; slots, correct and omitted ones from the run's {@code counts} (already read for the intervals).
     */
    @Transactional
    public List<LevelTally> tallies(String runId, ClusteredEstimate.RunCounts counts) {
        List<Object[]> prompts = em.createQuery("""
                select p.stressLevel, count(p), sum(case when p.outcome = 'FAILED' then 1 else 0 end),
                       sum(case when p.truncated then 1 else 0 end),
                       coalesce(sum(p.promptTokens), 0), coalesce(sum(p.completionTokens), 0),
                       coalesce(sum(p.reasoningTokens), 0), count(p.completionTokens)
                from PromptResultEntity p where p.runId = :run and p.outcome <> 'CANCELLED' group by p.stressLevel""", Object[].class)
                .setParameter("run", runId).getResultList();
        return prompts.stream().map(r -> {
            long[] s = counts.levelTotals((Integer) r[0]);
            return new LevelTally((Integer) r[0], num(r[1]), num(r[2]), num(r[3]), s[0], s[1], s[2],
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
     * the output's other slots; and the dataset tags (subject, difficulty level) of the questions that have any (a
     * question's tags are the same in every slot).
     */
    public RunSlots slots(String runId) {
        SlotRead read = slotsSince(runId, null, prompt -> false);
        return new RunSlots(read.slots(), read.questionTags());
    }

    /**
     * What {@link #slots} reads, for the prompts of the run recorded at or after {@code since} (all when null) that
     * are not {@code known}, and how many prompt results the run has: all in one snapshot (repeatable read), so a
     * caller that knew {@code known} and adds these knows every stored prompt exactly when its count equals
     * {@code storedPrompts}. Plain JDBC (a cursor of {@value #SLOT_FETCH} rows, no entity or Object[] per row); the
     * prompts come from their index by (run, recorded_at), the slots of a whole run from the run's index and those of
     * a few new prompts by primary key.
     */
    public SlotRead slotsSince(String runId, Instant since, Predicate<String> known) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            int isolation = c.getTransactionIsolation();
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                long stored = 0;
                Instant newest = null;
                Map<String, Boolean> fresh = new HashMap<>(); // prompt id -> truncated
                try (PreparedStatement ps = c.prepareStatement(since == null
                        ? "select prompt_id, truncated, recorded_at from prompt_result where run_id = ?"
                        : "select prompt_id, truncated, recorded_at from prompt_result where run_id = ? and recorded_at >= ?")) {
                    ps.setFetchSize(SLOT_FETCH);
                    ps.setString(1, runId);
                    if (since != null) {
                        ps.setTimestamp(2, Timestamp.from(since));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            stored++;
                            Instant at = rs.getTimestamp(3).toInstant();
                            newest = newest == null || at.isAfter(newest) ? at : newest;
                            String prompt = rs.getString(1);
                            if (!known.test(prompt)) {
                                fresh.put(prompt, rs.getBoolean(2));
                            }
                        }
                    }
                }
                if (since != null) {
                    try (PreparedStatement ps = c.prepareStatement("select count(*) from prompt_result where run_id = ?")) {
                        ps.setString(1, runId);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            stored = rs.getLong(1);
                        }
                    }
                }
                List<Slot> slots = new ArrayList<>();
                Map<String, QuestionTagBreakdown.QuestionTags> tags = new HashMap<>();
                if (!fresh.isEmpty()) {
                    try (PreparedStatement ps = c.prepareStatement(since == null ? SLOT_COLUMNS + " where run_id = ?"
                            : SLOT_COLUMNS + " where prompt_id = any(?)")) {
                        ps.setFetchSize(SLOT_FETCH);
                        if (since == null) {
                            ps.setString(1, runId);
                        } else {
                            ps.setArray(1, c.createArrayOf("varchar", fresh.keySet().toArray()));
                        }
                        readSlots(ps, fresh, slots, tags);
                    }
                }
                return new SlotRead(stored, fresh.keySet(), newest, slots, tags);
            } finally {
                c.rollback(); // read only
                c.setTransactionIsolation(isolation);
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the slots of run '" + runId + "' failed: " + e.getMessage(), e);
        }
    }

    private static final String SLOT_COLUMNS = """
            select question_id, prompt_id, stress_level, position, sample, correct, omitted,
                   reasoning_tokens, error_category, flags, subject, difficulty_level
            from question_result""";

    /** The slots of the {@code prompts} (id -> truncated) among the rows; one prompt's slots are never split. */
    private static void readSlots(PreparedStatement ps, Map<String, Boolean> prompts, List<Slot> out,
                                  Map<String, QuestionTagBreakdown.QuestionTags> tags) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        Set<String> omitting = new HashSet<>();
        Map<String, String> promptIds = new HashMap<>(); // one String per prompt id, shared by its slots
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String prompt = rs.getString(2);
                if (!prompts.containsKey(prompt)) {
                    continue; // stored after the snapshot's prompt read began: the next read takes it whole
                }
                prompt = promptIds.computeIfAbsent(prompt, p -> p);
                int tokens = rs.getInt(8);
                Integer reasoningTokens = rs.wasNull() ? null : tokens;
                boolean omitted = rs.getBoolean(7);
                String question = rs.getString(1);
                if (omitted) {
                    omitting.add(prompt);
                }
                String subject = rs.getString(11);
                int difficulty = rs.getInt(12);
                Integer difficultyLevel = rs.wasNull() ? null : difficulty;
                if (subject != null || difficultyLevel != null) {
                    tags.putIfAbsent(question, new QuestionTagBreakdown.QuestionTags(subject, difficultyLevel));
                }
                rows.add(new Object[]{question, prompt, rs.getInt(3), rs.getInt(4), rs.getInt(5),
                        rs.getBoolean(6), omitted, reasoningTokens, rs.getString(9), rs.getString(10)});
            }
        }
        for (Object[] r : rows) {
            String prompt = (String) r[1];
            out.add(new Slot((String) r[0], prompt, (Integer) r[2], (Integer) r[3], (Integer) r[4],
                    (Boolean) r[5], (Boolean) r[6], prompts.get(prompt), omitting.contains(prompt),
                    (Integer) r[7], (String) r[8], (String) r[9]));
        }
    }

    /**
     * A read of {@link #slotsSince}: the run's stored prompt results in the snapshot ({@code storedPrompts}), the
     * prompts read that were not known ({@code prompts}) with their {@code slots} and question tags, and the newest
     * recorded_at among the prompts read (null when none was).
     */
    public record SlotRead(long storedPrompts, Set<String> prompts, Instant newestRecorded, List<Slot> slots,
                           Map<String, QuestionTagBreakdown.QuestionTags> questionTags) {
    }

    /** A run's slots and, per question id, its dataset tags (only questions that have any). */
    public record RunSlots(List<Slot> slots, Map<String, QuestionTagBreakdown.QuestionTags> questionTags) {
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
     * What the clustered intervals need of a run, grouped in the database in one scan of the run's slots (two
     * grouping sets): per (question, level) slots, correct and omitted ones, and per output (prompt) its slots and
     * correct ones, which are then counted by shape. Plain JDBC.
     */
    public ClusteredEstimate.RunCounts counts(String runId) {
        List<ClusteredEstimate.RunCounts.QuestionCount> questions = new ArrayList<>();
        java.util.Map<List<Long>, Long> shapes = new java.util.HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     select question_id, stress_level, count(*), sum(case when correct then 1 else 0 end),
                            sum(case when omitted then 1 else 0 end), grouping(question_id)
                     from question_result where run_id = ?
                     group by grouping sets ((question_id, stress_level), (prompt_id, stress_level))""")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getInt(6) == 0) {
                        questions.add(new ClusteredEstimate.RunCounts.QuestionCount(rs.getString(1), rs.getInt(2),
                                rs.getLong(3), rs.getLong(4), rs.getLong(5)));
                    } else {
                        shapes.merge(List.of(rs.getLong(2), rs.getLong(3), rs.getLong(4)), 1L, Long::sum);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("counting the slots of run '" + runId + "' failed: " + e.getMessage(), e);
        }
        List<ClusteredEstimate.RunCounts.OutputShape> outputs = new ArrayList<>();
        shapes.forEach((k, n) -> outputs.add(new ClusteredEstimate.RunCounts.OutputShape(k.get(0).intValue(), k.get(1),
                k.get(2), n)));
        return ClusteredEstimate.RunCounts.fromAggregates(questions, outputs);
    }

    /** Every stored run with what comparability and completeness need, and its {@link RunVersion}. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<StoredRun> runs() {
        List<Object[]> rows = em.createNativeQuery("""
                select r.run_id, r.model_id, r.benchmark, r.levels, r.question_count, r.settings_key, r.state,
                       r.prompt_count, r.composed_at, (select count(*) from prompt_result p where p.run_id = r.run_id)
                from run r""").getResultList();
        return rows.stream().map(r -> {
            RunVersion version = new RunVersion((String) r[0], (String) r[6], num(r[7]), num(r[9]));
            return new StoredRun(new ModelSummary.RunInfo((String) r[0], (String) r[1], (String) r[2],
                    RunEntity.parseLevels((String) r[3]), ((Number) r[4]).intValue(), (String) r[5], version.complete(),
                    instant(r[8])), version);
        }).toList();
    }

    /**
     * Runs still running: published or composed, and not every composed prompt has a stored result (analytics folds
     * their results in ahead after a restart; service.RunningAnalyses).
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<String> runningRunIds() {
        return em.createNativeQuery("""
                select r.run_id from run r
                where r.state in ('PUBLISHING', 'COMPOSED')
                  and (r.state = 'PUBLISHING' or r.prompt_count > (select count(*) from prompt_result p where p.run_id = r.run_id))""")
                .getResultList();
    }

    /** A run row for the model table and the version its numbers are cached under. */
    public record StoredRun(ModelSummary.RunInfo info, RunVersion version) {
    }

    /**
     * One run's counts per level: prompts, slots, correct and omitted slots, and prompts whose output was truncated
     * (one grouped scan of the run's slots and one of its prompts, for the model table).
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<ModelSummary.LevelCount> levelCounts(String runId) {
        List<Object[]> rows = em.createNativeQuery("""
                select q.stress_level, count(distinct q.prompt_id), count(*),
                       sum(case when q.correct then 1 else 0 end), sum(case when q.omitted then 1 else 0 end),
                       max(t.truncated)
                from question_result q
                left join (select stress_level, sum(case when truncated then 1 else 0 end) as truncated
                           from prompt_result where run_id = :run group by stress_level) t
                       on t.stress_level = q.stress_level
                where q.run_id = :run
                group by q.stress_level""").setParameter("run", runId).getResultList();
        return rows.stream().map(r -> new ModelSummary.LevelCount(runId, ((Number) r[0]).intValue(), num(r[1]),
                num(r[2]), num(r[3]), num(r[4]), num(r[5]))).toList();
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

    /**
     * The run's version ({@link RunVersion}): its lifecycle state and composed prompt count, and how many prompt
     * results are stored. One query: the run row by its key and a count over the run's index entries.
     */
    @Transactional
    public RunVersion version(String runId) {
        Object[] r = (Object[]) em.createNativeQuery("""
                select (select state from run where run_id = :run), (select prompt_count from run where run_id = :run),
                       (select count(*) from prompt_result where run_id = :run)""")
                .setParameter("run", runId).getSingleResult();
        return new RunVersion(runId, (String) r[0], num(r[1]), num(r[2]));
    }

    private static long num(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }
}

package dev.stresslab.gate.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stresslab.gate.domain.CheckResult;
import dev.stresslab.gate.domain.Difference;
import dev.stresslab.gate.domain.Evaluation;
import dev.stresslab.gate.domain.Suite;
import dev.stresslab.gate.domain.Trigger;
import dev.stresslab.gate.domain.Verdict;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The gate's tables (schema release_gate, Flyway V1): evaluations with their runs, and promoted baselines. Plain JDBC:
 * the idempotent insert is PostgreSQL's {@code on conflict do nothing}, which an ORM would only wrap.
 */
@ApplicationScoped
public class EvaluationStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AgroalDataSource db;

    public EvaluationStore(AgroalDataSource db) {
        this.db = db;
    }

    /**
     * Creates the evaluation (status {@code status}) and one STARTING row per benchmark, unless one exists for the same
     * trigger key and suite: then empty, and nothing is written.
     */
    public Optional<String> create(Trigger trigger, Suite suite, String status, String reason) {
        String id = "eval-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("""
                    insert into evaluation (evaluation_id, trigger_key, suite, suite_version, trigger_kind, endpoint_id,
                        model_name, lineage, base_url, baseline_run_id, status, reason, created_at)
                    values (?,?,?,?,?,?,?,?,?,?,?,?,?) on conflict (trigger_key, suite) do nothing""")) {
                insert.setString(1, id);
                insert.setString(2, trigger.key());
                insert.setString(3, suite.name());
                insert.setInt(4, suite.version());
                insert.setString(5, trigger.kind().name());
                insert.setString(6, trigger.endpointId());
                insert.setString(7, trigger.modelName());
                insert.setString(8, trigger.lineage());
                insert.setString(9, trigger.baseUrl());
                insert.setString(10, trigger.baselineRunId());
                insert.setString(11, status);
                insert.setString(12, clip(reason));
                insert.setTimestamp(13, Timestamp.from(Instant.now()));
                if (insert.executeUpdate() == 0) {
                    c.rollback();
                    return Optional.empty();
                }
            }
            if (!"REFUSED".equals(status)) {
                try (PreparedStatement run = c.prepareStatement(
                        "insert into evaluation_run (evaluation_id, benchmark, status, start_claimed_at) values (?,?,'STARTING',?)")) {
                    for (String benchmark : suite.benchmarks()) {
                        run.setString(1, id);
                        run.setString(2, benchmark);
                        run.setTimestamp(3, Timestamp.from(Instant.now()));
                        run.addBatch();
                    }
                    run.executeBatch();
                }
            }
            c.commit();
            return Optional.of(id);
        } catch (SQLException e) {
            throw new IllegalStateException("could not store the evaluation: " + e.getMessage(), e);
        }
    }

    /** The composer accepted the run: its id and what it planned (levels, questions, samples), and the order's seed. */
    public void runStarted(String evaluationId, String benchmark, String runId, int promptCount, List<Integer> levels,
                           int questionCount, int samples, Long orderSeed) {
        update("""
                update evaluation_run set run_id = ?, prompt_count = ?, status = 'RUNNING', levels = ?, question_count = ?,
                    samples = ?, order_seed = ? where evaluation_id = ? and benchmark = ? and status = 'STARTING'""",
                runId, promptCount, levels == null ? null : String.join(",", levels.stream().map(String::valueOf).toList()),
                questionCount, samples, orderSeed, evaluationId, benchmark);
    }

    /**
     * Claims the runs of RUNNING evaluations still STARTING whose last claim is older than {@code grace} (the gate
     * died between storing the evaluation and starting its runs, or the start is stuck): their claim is renewed,
     * atomically, so one replica resumes each.
     *
     * @return (evaluation id, benchmark) of each run claimed
     */
    public List<String[]> claimStalledStarts(java.time.Duration grace) {
        List<String[]> out = new ArrayList<>();
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                update evaluation_run r set start_claimed_at = ? from evaluation e
                where e.evaluation_id = r.evaluation_id and e.status = 'RUNNING' and r.status = 'STARTING'
                  and (r.start_claimed_at is null or r.start_claimed_at < ?)
                returning r.evaluation_id, r.benchmark""")) {
            s.setTimestamp(1, now);
            s.setTimestamp(2, Timestamp.from(now.toInstant().minus(grace)));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new String[]{r.getString(1), r.getString(2)});
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The sequential verdict of one run, decided after {@code promptsUsed} prompts: the run is STOPPING (its other
     * prompts cancelled) until analytics has accounted for every prompt, or COMPLETE when the verdict needed them all.
     */
    public void runDecidedSequentially(String evaluationId, String benchmark, String status, String baselineRunId,
                                       String metric, Difference d, Verdict verdict, String reason, int promptsUsed,
                                       List<CheckResult> checks) {
        update("""
                update evaluation_run set status = ?, baseline_run_id = ?, metric = ?, base_value = ?, candidate_value = ?,
                    difference = ?, ci_low = ?, ci_high = ?, p_value = null, questions = ?, verdict = ?, reason = ?,
                    prompts_used = ?, checks = ? where evaluation_id = ? and benchmark = ? and status = 'RUNNING'""",
                status, baselineRunId, metric, d.base(), d.candidate(), d.difference(), d.ciLow(), d.ciHigh(), d.questions(),
                verdict.name(), clip(reason), promptsUsed, json(checks), evaluationId, benchmark);
    }

    /** A run the gate cancelled without a verdict of its own (another benchmark of the suite regressed). */
    public void runCancelled(String evaluationId, String benchmark, String reason) {
        update("update evaluation_run set status = 'STOPPING', reason = ? where evaluation_id = ? and benchmark = ? and status = 'RUNNING'",
                clip(reason), evaluationId, benchmark);
    }

    /** A stopping run that analytics reports ended: STOPPED_EARLY (or COMPLETE), with its completed and cancelled prompts. */
    public void runStopped(String evaluationId, String benchmark, String status, long completed, long cancelled) {
        update("""
                update evaluation_run set status = ?, prompts_completed = ?, prompts_cancelled = ?
                where evaluation_id = ? and benchmark = ? and status = 'STOPPING'""",
                status, (int) completed, (int) cancelled, evaluationId, benchmark);
    }

    /** A run that could not be started or was aborted: the evaluation ends in ERROR with the reason. */
    public void runFailed(String evaluationId, String benchmark, String status, String reason) {
        update("update evaluation_run set status = ?, reason = ? where evaluation_id = ? and benchmark = ?",
                status, clip(reason), evaluationId, benchmark);
        update("update evaluation set status = 'ERROR', reason = ?, decided_at = ? where evaluation_id = ? and status = 'RUNNING'",
                clip(benchmark + ": " + reason), Timestamp.from(Instant.now()), evaluationId);
    }

    public void runCompared(String evaluationId, String benchmark, String baselineRunId, String metric, Difference d,
                            Verdict verdict, String reason) {
        runCompared(evaluationId, benchmark, baselineRunId, metric, d, verdict, reason, List.of());
    }

    /** A complete run's fixed-size comparison with its baseline, with the per-level checks. */
    public void runCompared(String evaluationId, String benchmark, String baselineRunId, String metric, Difference d,
                            Verdict verdict, String reason, List<CheckResult> checks) {
        update("""
                update evaluation_run set status = 'COMPLETE', baseline_run_id = ?, metric = ?, base_value = ?,
                    candidate_value = ?, difference = ?, ci_low = ?, ci_high = ?, p_value = ?, questions = ?, verdict = ?,
                    reason = ?, checks = ? where evaluation_id = ? and benchmark = ?""",
                baselineRunId, metric, d == null ? null : d.base(), d == null ? null : d.candidate(),
                d == null ? null : d.difference(), d == null ? null : d.ciLow(), d == null ? null : d.ciHigh(),
                d == null ? null : d.pValue(), d == null ? null : d.questions(), verdict.name(), clip(reason),
                json(checks), evaluationId, benchmark);
    }

    private static String json(List<CheckResult> checks) {
        if (checks == null || checks.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(checks);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<CheckResult> checks(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<List<CheckResult>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable checks " + json, e);
        }
    }

    /** Sets the verdict of a RUNNING evaluation; false when another replica (or an earlier pass) already did. */
    public boolean decide(String evaluationId, Verdict verdict, String reason) {
        return update("update evaluation set status = 'DECIDED', verdict = ?, reason = ?, decided_at = ? "
                        + "where evaluation_id = ? and status = 'RUNNING'",
                verdict.name(), clip(reason), Timestamp.from(Instant.now()), evaluationId) == 1;
    }

    public List<Evaluation> running() {
        return query("where e.status = 'RUNNING'", List.of(), 10_000);
    }

    public Optional<Evaluation> find(String evaluationId) {
        return query("where e.evaluation_id = ?", List.of(evaluationId), 1).stream().findFirst();
    }

    /** Newest first; {@code endpointId} and {@code suite} filter when not null. */
    public List<Evaluation> list(String endpointId, String suite, boolean decidedOnly, int limit) {
        List<Object> args = new ArrayList<>();
        StringBuilder where = new StringBuilder("where 1 = 1");
        if (endpointId != null) {
            where.append(" and e.endpoint_id = ?");
            args.add(endpointId);
        }
        if (suite != null) {
            where.append(" and e.suite = ?");
            args.add(suite);
        }
        if (decidedOnly) {
            where.append(" and e.status = 'DECIDED'");
        }
        return query(where.toString(), args, limit);
    }

    public void promote(String lineage, String suite, String benchmark, String runId, String evaluationId) {
        update("""
                insert into baseline (lineage, suite, benchmark, run_id, evaluation_id, promoted_at) values (?,?,?,?,?,?)
                on conflict (lineage, suite, benchmark) do update set run_id = excluded.run_id,
                    evaluation_id = excluded.evaluation_id, promoted_at = excluded.promoted_at""",
                lineage, suite, benchmark, runId, evaluationId, Timestamp.from(Instant.now()));
    }

    public Optional<String> baselineRun(String lineage, String suite, String benchmark) {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("select run_id from baseline where lineage = ? and suite = ? and benchmark = ?")) {
            s.setString(1, lineage);
            s.setString(2, suite);
            s.setString(3, benchmark);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Baselines as rows of lineage, suite, benchmark, runId, evaluationId, promotedAt. */
    public List<Baseline> baselines() {
        List<Baseline> out = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("select lineage, suite, benchmark, run_id, evaluation_id, promoted_at "
                     + "from baseline order by lineage, suite, benchmark");
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                out.add(new Baseline(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                        r.getTimestamp(6).toInstant()));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public record Baseline(String lineage, String suite, String benchmark, String runId, String evaluationId, Instant promotedAt) {
    }

    private List<Evaluation> query(String where, List<Object> args, int limit) {
        List<Evaluation> out = new ArrayList<>();
        try (Connection c = db.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("""
                    select e.evaluation_id, e.suite, e.suite_version, e.trigger_kind, e.endpoint_id, e.model_name,
                        e.lineage, e.base_url, e.baseline_run_id, e.status, e.verdict, e.reason, e.created_at,
                        e.decided_at from evaluation e""" + " " + where + " order by e.created_at desc limit " + limit)) {
                bind(s, args.toArray());
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(new Evaluation(r.getString(1), r.getString(2), r.getInt(3), r.getString(4), r.getString(5),
                                r.getString(6), r.getString(7), r.getString(8), r.getString(9), r.getString(10),
                                r.getString(11) == null ? null : Verdict.valueOf(r.getString(11)), r.getString(12),
                                r.getTimestamp(13).toInstant(), r.getTimestamp(14) == null ? null : r.getTimestamp(14).toInstant(),
                                runs(c, r.getString(1))));
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Evaluation.Run> runs(Connection c, String evaluationId) throws SQLException {
        List<Evaluation.Run> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("""
                select benchmark, run_id, prompt_count, status, baseline_run_id, metric, base_value, candidate_value,
                    difference, ci_low, ci_high, p_value, questions, verdict, reason, levels, question_count, samples,
                    order_seed, prompts_used, prompts_completed, prompts_cancelled, checks
                from evaluation_run where evaluation_id = ? order by benchmark""")) {
            s.setString(1, evaluationId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new Evaluation.Run(r.getString(1), r.getString(2), (Integer) r.getObject(3), r.getString(4),
                            r.getString(5), r.getString(6), (Double) r.getObject(7), (Double) r.getObject(8),
                            (Double) r.getObject(9), (Double) r.getObject(10), (Double) r.getObject(11),
                            (Double) r.getObject(12), (Integer) r.getObject(13),
                            r.getString(14) == null ? null : Verdict.valueOf(r.getString(14)), r.getString(15),
                            r.getString(16) == null ? null : java.util.Arrays.stream(r.getString(16).split(","))
                                    .map(String::strip).map(Integer::valueOf).toList(),
                            (Integer) r.getObject(17), (Integer) r.getObject(18), (Long) r.getObject(19),
                            (Integer) r.getObject(20), (Integer) r.getObject(21), (Integer) r.getObject(22),
                            checks(r.getString(23))));
                }
            }
        }
        return out;
    }

    private int update(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void bind(PreparedStatement s, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a == null) {
                s.setNull(i + 1, Types.NULL);
            } else if (a instanceof Timestamp t) {
                s.setTimestamp(i + 1, t);
            } else {
                s.setObject(i + 1, a);
            }
        }
    }

    private static String clip(String reason) {
        return reason == null || reason.length() <= 2000 ? reason : reason.substring(0, 1997) + "...";
    }
}

package dev.stresslab.analytics.persistence;

import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Streams a run's per-question rows straight from PostgreSQL: plain JDBC with autocommit off and a fetch size, so
 * the driver reads the rows through a cursor, {@value #FETCH_SIZE} at a time, and nothing holds the whole run.
 */
@ApplicationScoped
public class ResultExporter {
    static final int FETCH_SIZE = 2000;
    private static final String SQL = """
            select q.prompt_id, q.question_id, q.position, q.stress_level, q.sample, q.gold, q.extracted, q.correct,
                   q.omitted, q.reasoning_tokens, q.flags, p.truncated, p.failure_kind, p.group_index,
                   q.answer_tokens, q.error_category, case when ? and q.position = 1 then t.body end,
                   q.subject, q.difficulty_level, q.rule_extracted, q.rule_correct
            from question_result q join prompt_result p on p.prompt_id = q.prompt_id
                 left join prompt_transcript t on ? and t.prompt_id = q.prompt_id
            where q.run_id = ?
            order by q.stress_level, p.group_index, q.sample, q.position""";

    private final DataSource dataSource;

    public ResultExporter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** One exported row: a question slot of a prompt, with its prompt's truncation and failure kind. */
    public record Row(String promptId, String questionId, int position, int level, int sample, String gold,
                      String extracted, boolean correct, boolean omitted, Integer reasoningTokens, String flags,
                      boolean truncated, String failure, Integer answerTokens, String errorCategory,
                      byte[] transcript, String subject, Integer difficultyLevel, String ruleExtracted,
                      Boolean ruleCorrect) {
    }

    @FunctionalInterface
    public interface RowSink {
        void accept(Row row) throws IOException;
    }

    /** Calls {@code sink} for every row of the run, in (level, group, sample, position) order. */
    public long export(String runId, RowSink sink) throws IOException {
        return export(runId, false, sink);
    }

    /**
     * As {@link #export(String, RowSink)}; with {@code transcripts}, each prompt's first row also holds its stored
     * transcript (gzip'd JSON, {@link GzipJson}), null when none is stored.
     */
    public long export(String runId, boolean transcripts, RowSink sink) throws IOException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(SQL)) {
                ps.setFetchSize(FETCH_SIZE);
                ps.setBoolean(1, transcripts);
                ps.setBoolean(2, transcripts);
                ps.setString(3, runId);
                long n = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int tokens = rs.getInt(10);
                        Integer reasoningTokens = rs.wasNull() ? null : tokens;
                        int answer = rs.getInt(15);
                        Integer answerTokens = rs.wasNull() ? null : answer;
                        byte[] transcript = rs.getBytes(17);
                        int difficulty = rs.getInt(19);
                        Integer difficultyLevel = rs.wasNull() ? null : difficulty;
                        boolean rule = rs.getBoolean(21);
                        Boolean ruleCorrect = rs.wasNull() ? null : rule;
                        sink.accept(new Row(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getInt(5),
                                rs.getString(6), rs.getString(7), rs.getBoolean(8), rs.getBoolean(9), reasoningTokens,
                                rs.getString(11), rs.getBoolean(12), rs.getString(13), answerTokens, rs.getString(16),
                                transcript, rs.getString(18), difficultyLevel, rs.getString(20), ruleCorrect));
                        n++;
                    }
                }
                return n;
            } finally {
                c.rollback(); // read only
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("export of run '" + runId + "' failed: " + e.getMessage(), e));
        }
    }
}

package dev.stresslab.analytics.persistence;

import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The filtered prompt list of a run (docs/reports.md, "Prompt viewer"): prompts with at least one slot that matches
 * (level, position, filter), in prompt id order, a page at a time from a keyset cursor (the last prompt id of the
 * previous page), so page 100 costs what page 1 costs. V10's partial indexes hold only each filter's slots.
 */
@ApplicationScoped
public class PromptListQueries {
    /** What a list can be filtered to; {@code slotCondition} is SQL over question_result q and prompt_result p. */
    public enum Filter {
        WRONG("wrong", "not q.correct and not q.omitted and p.outcome = 'SCORED'"),
        OMITTED("omitted", "q.omitted and p.outcome = 'SCORED'"),
        TRUNCATED("truncated", "p.truncated", true),
        // the LIKE matches V10's partial index; the comma test keeps "answer-from-summary" out of "from-summary"
        LABEL_MISMATCH("label-mismatch", "q.flags like '%label-mismatch%' and (',' || q.flags || ',') like '%,label-mismatch,%'"),
        FROM_SUMMARY("from-summary", "q.flags like '%from-summary%' and (',' || q.flags || ',') like '%,from-summary,%'"),
        FAILED("failed", "p.outcome = 'FAILED'", true);

        public final String word;
        final String slotCondition;
        /** The condition is on the prompt alone (then the list needs no slot). */
        final boolean promptLevel;

        Filter(String word, String slotCondition) {
            this(word, slotCondition, false);
        }

        Filter(String word, String slotCondition, boolean promptLevel) {
            this.word = word;
            this.slotCondition = slotCondition;
            this.promptLevel = promptLevel;
        }

        /** The filter named {@code word}; null for none; IllegalArgumentException naming the choices otherwise. */
        public static Filter of(String word) {
            if (word == null || word.isBlank()) {
                return null;
            }
            for (Filter f : values()) {
                if (f.word.equals(word.toLowerCase(Locale.ROOT))) {
                    return f;
                }
            }
            throw new IllegalArgumentException("filter must be one of wrong, omitted, truncated, label-mismatch, "
                    + "from-summary, failed; not '" + word + "'");
        }
    }

    /** One position of a listed prompt. */
    public record SlotRow(int position, String gold, String extracted, boolean correct, boolean omitted, String flags) {
    }

    /** One listed prompt with every slot's verdict. */
    public record PromptRow(String promptId, int level, int groupIndex, int sample, String outcome, boolean truncated,
                            String failureKind, Integer completionTokens, List<SlotRow> slots) {
    }

    private final DataSource dataSource;

    public PromptListQueries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Up to {@code limit} prompts after {@code after} (null: from the first); {@code flag}, when not null, keeps
     * slots carrying that verdict flag (any word of the flags table).
     */
    public List<PromptRow> page(String runId, Integer level, Integer position, Filter filter, String flag, String after,
                                int limit) {
        if (flag == null && (filter == null || filter.promptLevel)) {
            return promptPage(runId, level, position, filter, after, limit);
        }
        StringBuilder sql = new StringBuilder("""
                select q.prompt_id from question_result q join prompt_result p on p.prompt_id = q.prompt_id
                where q.run_id = ?""");
        List<Object> args = new ArrayList<>(List.of(runId));
        if (level != null) {
            sql.append(" and q.stress_level = ?");
            args.add(level);
        }
        if (position != null) {
            sql.append(" and q.position = ?");
            args.add(position);
        }
        if (after != null) {
            sql.append(" and q.prompt_id > ?");
            args.add(after);
        }
        if (filter != null) {
            sql.append(" and ").append(filter.slotCondition);
        }
        if (flag != null) {
            sql.append(" and (',' || q.flags || ',') like ?");
            args.add("%," + flag.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + ",%");
        }
        sql.append(" group by q.prompt_id order by q.prompt_id limit ?");
        args.add(limit);
        return ids(runId, sql.toString(), args);
    }

    /**
     * The list when no slot condition applies: read from prompt_result alone, in the order of V10's (run, level,
     * prompt) index. Every prompt has one slot per position up to its level (failed ones too), so a position is a
     * level at least that high.
     */
    private List<PromptRow> promptPage(String runId, Integer level, Integer position, Filter filter, String after,
                                       int limit) {
        StringBuilder sql = new StringBuilder("select p.prompt_id from prompt_result p where p.run_id = ?");
        List<Object> args = new ArrayList<>(List.of(runId));
        if (level != null) {
            sql.append(" and p.stress_level = ?");
            args.add(level);
        }
        if (position != null) {
            sql.append(" and p.stress_level >= ?");
            args.add(position);
        }
        if (after != null) {
            sql.append(" and p.prompt_id > ?");
            args.add(after);
        }
        if (filter != null) {
            sql.append(" and ").append(filter.slotCondition);
        }
        sql.append(" order by p.prompt_id limit ?");
        args.add(limit);
        return ids(runId, sql.toString(), args);
    }

    private List<PromptRow> ids(String runId, String sql, List<Object> args) {
        try (Connection c = dataSource.getConnection()) {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            return ids.isEmpty() ? List.of() : rows(c, ids);
        } catch (SQLException e) {
            throw new IllegalStateException("prompt list of run '" + runId + "' failed: " + e.getMessage(), e);
        }
    }

    private static List<PromptRow> rows(Connection c, List<String> ids) throws SQLException {
        Map<String, List<SlotRow>> slots = new LinkedHashMap<>();
        ids.forEach(id -> slots.put(id, new ArrayList<>()));
        try (PreparedStatement ps = c.prepareStatement("""
                select prompt_id, position, gold, extracted, correct, omitted, flags from question_result
                where prompt_id = any (?) order by prompt_id, position""")) {
            ps.setArray(1, c.createArrayOf("varchar", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    slots.get(rs.getString(1)).add(new SlotRow(rs.getInt(2), rs.getString(3), rs.getString(4),
                            rs.getBoolean(5), rs.getBoolean(6), rs.getString(7)));
                }
            }
        }
        List<PromptRow> out = new ArrayList<>(ids.size());
        try (PreparedStatement ps = c.prepareStatement("""
                select prompt_id, stress_level, group_index, sample, outcome, truncated, failure_kind, completion_tokens
                from prompt_result where prompt_id = any (?) order by prompt_id""")) {
            ps.setArray(1, c.createArrayOf("varchar", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int tokens = rs.getInt(8);
                    Integer completionTokens = rs.wasNull() ? null : tokens;
                    out.add(new PromptRow(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getString(5),
                            rs.getBoolean(6), rs.getString(7), completionTokens, slots.get(rs.getString(1))));
                }
            }
        }
        return out;
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (a instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else {
                ps.setString(i + 1, (String) a);
            }
        }
    }
}

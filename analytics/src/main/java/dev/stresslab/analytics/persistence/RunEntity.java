package dev.stresslab.analytics.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

@Entity
@Table(name = "run")
public class RunEntity extends PanacheEntityBase {
    @Id
    @Column(name = "run_id")
    public String runId;
    @Column(name = "model_id")
    public String modelId;
    public String benchmark;
    /** Comma-separated stress levels, in the order requested. */
    public String levels;
    @Column(name = "question_count")
    public int questionCount;
    public int samples;
    @Column(name = "prompt_count")
    public int promptCount;
    @Column(name = "composed_at")
    public Instant composedAt;
    /** The last lifecycle step the composer reported: PUBLISHING, COMPOSED or ABORTED (RunEvent.Type). */
    public String state;
    /** Why the run was ABORTED; null otherwise. */
    @Column(name = "state_reason")
    public String stateReason;
    /** What makes runs comparable ({@link dev.stresslab.analytics.domain.Comparability}); null without a spec. */
    @Column(name = "settings_key")
    public String settingsKey;

    public List<Integer> levelList() {
        return parseLevels(levels);
    }

    public static List<Integer> parseLevels(String levels) {
        return Arrays.stream(levels.split(",")).map(String::trim).map(Integer::valueOf).toList();
    }

    public static String joinLevels(List<Integer> levels) {
        return levels.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}

package dev.stresslab.analytics.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One prompt's text (V10): its chat messages as gzip'd JSON ({@link GzipJson}), stored once per prompt id. */
@Entity
@Table(name = "prompt_text")
public class PromptTextEntity extends PanacheEntityBase {
    @Id
    @Column(name = "prompt_id")
    public String promptId;
    @Column(name = "run_id")
    public String runId;
    @Column(name = "recorded_at")
    public Instant recordedAt;
    public byte[] body;
}

package dev.stresslab.analytics.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One prompt's transcript (V10): the contracts' Transcript as gzip'd JSON ({@link GzipJson}). */
@Entity
@Table(name = "prompt_transcript")
public class PromptTranscriptEntity extends PanacheEntityBase {
    @Id
    @Column(name = "prompt_id")
    public String promptId;
    @Column(name = "run_id")
    public String runId;
    @Column(name = "content_chars")
    public int contentChars;
    @Column(name = "reasoning_chars")
    public int reasoningChars;
    @Column(name = "stored_bytes")
    public int storedBytes;
    @Column(name = "recorded_at")
    public Instant recordedAt;
    public byte[] body;
}

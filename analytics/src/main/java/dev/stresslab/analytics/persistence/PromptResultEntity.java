package dev.stresslab.analytics.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

@Entity
@Table(name = "prompt_result")
public class PromptResultEntity extends PanacheEntityBase {
    @Id
    @Column(name = "prompt_id")
    public String promptId;
    @Column(name = "run_id")
    public String runId;
    @Column(name = "model_id")
    public String modelId;
    public String benchmark;
    @Column(name = "stress_level")
    public int stressLevel;
    @Column(name = "group_index")
    public int groupIndex;
    public int sample;
    public String outcome;
    @Column(name = "failure_kind")
    public String failureKind;
    @Column(name = "failure_message")
    public String failureMessage;
    @Column(name = "finish_reason")
    public String finishReason;
    public boolean truncated;
    @Column(name = "prompt_tokens")
    public Integer promptTokens;
    @Column(name = "completion_tokens")
    public Integer completionTokens;
    @Column(name = "reasoning_tokens")
    public Integer reasoningTokens;
    @Column(name = "unattributed_reasoning_tokens")
    public Integer unattributedReasoningTokens;
    @Column(name = "latency_ms")
    public long latencyMs;
    @Column(name = "recorded_at")
    public Instant recordedAt;
}

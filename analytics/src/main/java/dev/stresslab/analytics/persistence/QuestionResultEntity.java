package dev.stresslab.analytics.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;

@Entity
@Table(name = "question_result")
@IdClass(QuestionResultEntity.Key.class)
public class QuestionResultEntity extends PanacheEntityBase {
    @Id
    @Column(name = "prompt_id")
    public String promptId;
    @Id
    public int position;
    @Column(name = "run_id")
    public String runId;
    @Column(name = "stress_level")
    public int stressLevel;
    public int sample;
    @Column(name = "question_id")
    public String questionId;
    public String gold;
    public String extracted;
    public boolean correct;
    public boolean omitted;
    @Column(name = "reasoning_tokens")
    public Integer reasoningTokens;
    public String flags;
    @Column(name = "answer_tokens")
    public Integer answerTokens;
    /** {@link dev.stresslab.contracts.ErrorCategory} name; null for version-1 events and failed calls. */
    @Column(name = "error_category")
    public String errorCategory;
    /** The dataset's subject of the question (MATH500), null when the benchmark has none (V14). */
    public String subject;
    /** The dataset's difficulty level of the question (MATH500's 1 to 5), null when the benchmark has none (V14). */
    @Column(name = "difficulty_level")
    public Integer difficultyLevel;

    /** The rule-based reading when an LLM extractor's is the headline (GPQA as REST grades it); null otherwise. */
    @Column(name = "rule_extracted")
    public String ruleExtracted;

    @Column(name = "rule_correct")
    public Boolean ruleCorrect;

    /** Composite key (prompt, position). */
    public static class Key implements Serializable {
        public String promptId;
        public int position;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && position == k.position && java.util.Objects.equals(promptId, k.promptId);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(promptId, position);
        }
    }
}

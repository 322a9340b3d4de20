package dev.stresslab.contracts;

import java.util.List;

/**
 * The graded result of one prompt (topic stress.scores, key = runId). A prompt whose model call failed is still
 * reported here, with outcome FAILED and every slot wrong, so every composed prompt ends up accounted for.
 * Since schema version 2, {@code unattributedReasoningTokens} counts the reasoning tokens no question could be given
 * (preambles, recaps), null when the reasoning is hidden. Outcome CANCELLED: the prompt was never called because its
 * run was cancelled (failure kind CANCELLED, no question verdicts): accounted for, neither failed nor wrong.
 */
public record ScoreEvent(
        int schemaVersion,
        String runId,
        String promptId,
        String modelId,
        String benchmark,
        int level,
        int groupIndex,
        int sample,
        Outcome outcome,
        Failure failure,
        String finishReason,
        boolean truncated,
        Usage usage,
        long latencyMs,
        List<QuestionVerdict> questions,
        Integer unattributedReasoningTokens) {

    public static final int SCHEMA_VERSION = 2;

    /** An event without the unattributed-token count (schema version 1 readers and writers). */
    public ScoreEvent(int schemaVersion, String runId, String promptId, String modelId, String benchmark, int level,
                      int groupIndex, int sample, Outcome outcome, Failure failure, String finishReason,
                      boolean truncated, Usage usage, long latencyMs, List<QuestionVerdict> questions) {
        this(schemaVersion, runId, promptId, modelId, benchmark, level, groupIndex, sample, outcome, failure,
                finishReason, truncated, usage, latencyMs, questions, null);
    }

    public enum Outcome { SCORED, FAILED, CANCELLED }
}

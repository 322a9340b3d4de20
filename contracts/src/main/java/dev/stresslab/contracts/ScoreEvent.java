package dev.stresslab.contracts;

import java.util.List;

/**
 * The graded result of one prompt (topic stress.scores, key = runId). A prompt whose model call failed is still
 * reported here, with outcome FAILED and every slot wrong, so every composed prompt ends up accounted for.
 * Since schema version 2, {@code unattributedReasoningTokens} counts the reasoning tokens no question could be given
 * (preambles, recaps), null when the reasoning is hidden. {@code transcript} (added without a version bump: readers
 * ignore unknown fields and older events read as null) is the output and its spans for the prompt viewer, null for
 * failed calls.
 * Outcome CANCELLED: the prompt was never called because its run was cancelled (failure kind CANCELLED, no question
 * verdicts): accounted for, neither failed nor wrong.
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
        Integer unattributedReasoningTokens,
        Transcript transcript) {

    public static final int SCHEMA_VERSION = 2;

    /** An event without the unattributed-token count (schema version 1 readers and writers). */
    public ScoreEvent(int schemaVersion, String runId, String promptId, String modelId, String benchmark, int level,
                      int groupIndex, int sample, Outcome outcome, Failure failure, String finishReason,
                      boolean truncated, Usage usage, long latencyMs, List<QuestionVerdict> questions) {
        this(schemaVersion, runId, promptId, modelId, benchmark, level, groupIndex, sample, outcome, failure,
                finishReason, truncated, usage, latencyMs, questions, null, null);
    }

    /** An event without a transcript (before transcripts were stored). */
    public ScoreEvent(int schemaVersion, String runId, String promptId, String modelId, String benchmark, int level,
                      int groupIndex, int sample, Outcome outcome, Failure failure, String finishReason,
                      boolean truncated, Usage usage, long latencyMs, List<QuestionVerdict> questions,
                      Integer unattributedReasoningTokens) {
        this(schemaVersion, runId, promptId, modelId, benchmark, level, groupIndex, sample, outcome, failure,
                finishReason, truncated, usage, latencyMs, questions, unattributedReasoningTokens, null);
    }

    /** The same event with other verdicts (a later reading of the same output: an LLM extractor, executed code). */
    public ScoreEvent withQuestions(List<QuestionVerdict> verdicts) {
        return new ScoreEvent(schemaVersion, runId, promptId, modelId, benchmark, level, groupIndex, sample, outcome,
                failure, finishReason, truncated, usage, latencyMs, List.copyOf(verdicts), unattributedReasoningTokens,
                transcript);
    }

    public enum Outcome { SCORED, FAILED, CANCELLED }
}

package dev.stresslab.contracts;

import java.util.List;

/**
 * The graded result of one prompt (topic stress.scores, key = runId). A prompt whose model call failed is still
 * reported here, with outcome FAILED and every slot wrong, so every composed prompt ends up accounted for.
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
        List<QuestionVerdict> questions) {

    public static final int SCHEMA_VERSION = 1;

    public enum Outcome { SCORED, FAILED }
}

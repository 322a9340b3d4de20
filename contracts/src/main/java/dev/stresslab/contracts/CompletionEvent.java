package dev.stresslab.contracts;

import java.util.List;

/**
 * The model's answer to one prompt, or the reason there is none (topic stress.completions, key = runId).
 * Exactly one of ({@code content}/{@code reasoning}) or {@code failure} is meaningful.
 */
public record CompletionEvent(
        int schemaVersion,
        String runId,
        String promptId,
        String modelId,
        String benchmark,
        int level,
        int groupIndex,
        int sample,
        List<String> questionIds,
        List<String> goldAnswers,
        AnswerKind answerKind,
        String content,
        String reasoning,
        String finishReason,
        Usage usage,
        long latencyMs,
        int attempts,
        Failure failure) {

    public static final int SCHEMA_VERSION = 1;

    public boolean failed() {
        return failure != null;
    }

    public static CompletionEvent success(PromptEvent p, String content, String reasoning, String finishReason,
                                          Usage usage, long latencyMs, int attempts) {
        return new CompletionEvent(SCHEMA_VERSION, p.runId(), p.promptId(), p.modelId(), p.benchmark(), p.level(),
                p.groupIndex(), p.sample(), p.questionIds(), p.goldAnswers(), p.answerKind(), content, reasoning,
                finishReason, usage, latencyMs, attempts, null);
    }

    public static CompletionEvent failure(PromptEvent p, Failure failure, long latencyMs, int attempts) {
        return new CompletionEvent(SCHEMA_VERSION, p.runId(), p.promptId(), p.modelId(), p.benchmark(), p.level(),
                p.groupIndex(), p.sample(), p.questionIds(), p.goldAnswers(), p.answerKind(), null, null, null,
                Usage.UNKNOWN, latencyMs, attempts, failure);
    }
}

package dev.stresslab.contracts;

import java.util.List;

/**
 * The model's answer to one prompt, or the reason there is none (topic stress.completions, key = runId).
 * Exactly one of ({@code content}/{@code reasoning}) or {@code failure} is meaningful. {@code timeToFirstTokenMs} is
 * set only for streamed calls (null otherwise; added in schema 1 as an optional field, so older readers ignore it).
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
        Long timeToFirstTokenMs,
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
                finishReason, usage, latencyMs, null, attempts, null);
    }

    /** The same completion with the time from sending the request to the first streamed token. */
    public CompletionEvent withTimeToFirstToken(long ms) {
        return new CompletionEvent(schemaVersion, runId, promptId, modelId, benchmark, level, groupIndex, sample,
                questionIds, goldAnswers, answerKind, content, reasoning, finishReason, usage, latencyMs, ms, attempts, failure);
    }

    public static CompletionEvent failure(PromptEvent p, Failure failure, long latencyMs, int attempts) {
        return new CompletionEvent(SCHEMA_VERSION, p.runId(), p.promptId(), p.modelId(), p.benchmark(), p.level(),
                p.groupIndex(), p.sample(), p.questionIds(), p.goldAnswers(), p.answerKind(), null, null, null,
                Usage.UNKNOWN, latencyMs, null, attempts, failure);
    }
}

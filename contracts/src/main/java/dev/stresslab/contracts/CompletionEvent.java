package dev.stresslab.contracts;

import java.util.List;

/**
 * The model's answer to one prompt, or the reason there is none (topic stress.completions, key = runId).
 * Exactly one of ({@code content}/{@code reasoning}) or {@code failure} is meaningful. {@code timeToFirstTokenMs} is
 * set only for streamed calls (null otherwise; added in schema 1 as an optional field, so older readers ignore it).
 * {@code subjects} and {@code difficultyLevels} are the prompt's question tags, copied from {@link PromptEvent}
 * (optional, null when the benchmark has none).
 * {@code prompt} (added at the end, optional, null in older events) is the user message the model was sent, carried
 * only for multiple-choice prompts: REST's GPQA LLM extractor quotes the questions (docs/grading.md, "LLM extractor").
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
        Failure failure,
        List<String> subjects,
        List<Integer> difficultyLevels,
        String prompt) {

    public static final int SCHEMA_VERSION = 1;

    /** A completion without question tags or prompt text. */
    public CompletionEvent(int schemaVersion, String runId, String promptId, String modelId, String benchmark,
                           int level, int groupIndex, int sample, List<String> questionIds, List<String> goldAnswers,
                           AnswerKind answerKind, String content, String reasoning, String finishReason, Usage usage,
                           long latencyMs, Long timeToFirstTokenMs, int attempts, Failure failure) {
        this(schemaVersion, runId, promptId, modelId, benchmark, level, groupIndex, sample, questionIds, goldAnswers,
                answerKind, content, reasoning, finishReason, usage, latencyMs, timeToFirstTokenMs, attempts, failure,
                null, null, null);
    }

    /** A completion with question tags, without the prompt's text. */
    public CompletionEvent(int schemaVersion, String runId, String promptId, String modelId, String benchmark,
                           int level, int groupIndex, int sample, List<String> questionIds, List<String> goldAnswers,
                           AnswerKind answerKind, String content, String reasoning, String finishReason, Usage usage,
                           long latencyMs, Long timeToFirstTokenMs, int attempts, Failure failure,
                           List<String> subjects, List<Integer> difficultyLevels) {
        this(schemaVersion, runId, promptId, modelId, benchmark, level, groupIndex, sample, questionIds, goldAnswers,
                answerKind, content, reasoning, finishReason, usage, latencyMs, timeToFirstTokenMs, attempts, failure,
                subjects, difficultyLevels, null);
    }

    public boolean failed() {
        return failure != null;
    }

    public static CompletionEvent success(PromptEvent p, String content, String reasoning, String finishReason,
                                          Usage usage, long latencyMs, int attempts) {
        return new CompletionEvent(SCHEMA_VERSION, p.runId(), p.promptId(), p.modelId(), p.benchmark(), p.level(),
                p.groupIndex(), p.sample(), p.questionIds(), p.goldAnswers(), p.answerKind(), content, reasoning,
                finishReason, usage, latencyMs, null, attempts, null, p.subjects(), p.difficultyLevels(), promptFor(p));
    }

    /** The last user message of a multiple-choice prompt (what an LLM extractor must quote), else null. */
    private static String promptFor(PromptEvent p) {
        if (p.answerKind() != AnswerKind.CHOICE || p.messages() == null) {
            return null;
        }
        String user = null;
        for (ChatMessage m : p.messages()) {
            if ("user".equals(m.role())) {
                user = m.content();
            }
        }
        return user;
    }

    /** The same completion with the time from sending the request to the first streamed token. */
    public CompletionEvent withTimeToFirstToken(long ms) {
        return new CompletionEvent(schemaVersion, runId, promptId, modelId, benchmark, level, groupIndex, sample,
                questionIds, goldAnswers, answerKind, content, reasoning, finishReason, usage, latencyMs, ms, attempts, failure,
                subjects, difficultyLevels, prompt);
    }

    public static CompletionEvent failure(PromptEvent p, Failure failure, long latencyMs, int attempts) {
        return new CompletionEvent(SCHEMA_VERSION, p.runId(), p.promptId(), p.modelId(), p.benchmark(), p.level(),
                p.groupIndex(), p.sample(), p.questionIds(), p.goldAnswers(), p.answerKind(), null, null, null,
                Usage.UNKNOWN, latencyMs, null, attempts, failure, p.subjects(), p.difficultyLevels(), null);
    }

    /**
     * The verdicts with each position's question tags from this completion (position p takes entry p − 1); the
     * verdicts unchanged when the completion carries none.
     */
    public List<QuestionVerdict> withQuestionTags(List<QuestionVerdict> verdicts) {
        if (subjects == null && difficultyLevels == null) {
            return verdicts;
        }
        return verdicts.stream().map(v -> v.withQuestionTags(tagAt(subjects, v.position() - 1),
                tagAt(difficultyLevels, v.position() - 1))).toList();
    }

    private static <T> T tagAt(List<T> tags, int i) {
        return tags != null && i >= 0 && i < tags.size() ? tags.get(i) : null;
    }
}

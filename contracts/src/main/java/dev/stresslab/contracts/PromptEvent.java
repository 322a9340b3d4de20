package dev.stresslab.contracts;

import java.util.List;

/**
 * One stress prompt (topic stress.prompts, key = runId). {@code questionIds} and {@code goldAnswers} are in
 * prompt order (position 1..level); the gold answers travel with the prompt so the scorer needs no lookup.
 * {@code subjects} and {@code difficultyLevels} (added in schema 1 as optional fields) are the dataset's tags of each
 * question in the same order (MATH500's {@code subject} and {@code level}); null when the benchmark has none, and an
 * entry is null for a question without that tag. They travel so the analyses can break accuracy down by them.
 */
public record PromptEvent(
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
        List<ChatMessage> messages,
        GenerationSettings generation,
        List<String> subjects,
        List<Integer> difficultyLevels) {

    public static final int SCHEMA_VERSION = 1;

    /** A prompt without question tags. */
    public PromptEvent(int schemaVersion, String runId, String promptId, String modelId, String benchmark, int level,
                       int groupIndex, int sample, List<String> questionIds, List<String> goldAnswers,
                       AnswerKind answerKind, List<ChatMessage> messages, GenerationSettings generation) {
        this(schemaVersion, runId, promptId, modelId, benchmark, level, groupIndex, sample, questionIds, goldAnswers,
                answerKind, messages, generation, null, null);
    }
}

package dev.stresslab.contracts;

import java.util.List;

/**
 * One stress prompt (topic stress.prompts, key = runId). {@code questionIds} and {@code goldAnswers} are in
 * prompt order (position 1..level); the gold answers travel with the prompt so the scorer needs no lookup.
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
        GenerationSettings generation) {

    public static final int SCHEMA_VERSION = 1;
}

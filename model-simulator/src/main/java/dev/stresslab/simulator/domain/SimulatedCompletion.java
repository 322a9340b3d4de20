package dev.stresslab.simulator.domain;

import java.util.List;

/**
 * One simulated output. {@code reasoning} is the separate reasoning text (only for {@link OutputStyle#REASONING_CONTENT},
 * else null); {@code content} is what goes in {@code message.content} (null when a reasoning-content model was cut
 * inside its reasoning). Token counts are the realistic ones reported in usage, not the size of the compact text.
 * The ground truth for token attribution: each question's {@link QuestionOutcome#reasoningTokens()}, and
 * {@code unattributedReasoningTokens}, the reasoning tokens of no question (preamble, recap); together they add up to
 * {@code reasoningTokens}.
 */
public record SimulatedCompletion(String reasoning, String content, FinishReason finishReason, int reasoningTokens,
                                  int completionTokens, List<QuestionOutcome> questions,
                                  int unattributedReasoningTokens) {

    public long answeredCount() {
        return questions.stream().filter(QuestionOutcome::answered).count();
    }
}

package dev.stresslab.simulator.domain;

/**
 * What the simulator decided for one question of a prompt.
 *
 * @param known           the question text was found in the question bank
 * @param correct         the planned answer equals the gold answer
 * @param omitted         the model "forgot" the question (no reasoning, no answer section)
 * @param answered        the answer section was emitted completely (false when omitted or cut by the token limit)
 * @param reasoningTokens reasoning tokens spent on it as reported in usage (after any cut)
 */
public record QuestionOutcome(int position, boolean known, boolean correct, boolean omitted, boolean answered,
                              String answer, String gold, int reasoningTokens) {
}

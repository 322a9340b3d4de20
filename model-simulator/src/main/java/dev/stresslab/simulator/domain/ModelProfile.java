package dev.stresslab.simulator.domain;

/**
 * A simulated model's behaviour. Accuracy at stress level s and position j is
 * {@code clamp(baseAccuracy - slopeLevel*(s-1) - slopePosition*(j-1), minAccuracy, maxAccuracy)}.
 * Reasoning tokens for question j: {@code reasoningTokens * s^(-effortDecay)}, times
 * {@code 1 + firstQuestionGrowth*(s-1)} for j = 1, times {@code wrongAnswerTokenFactor} when the answer is wrong,
 * times a uniform jitter of ±{@code tokenJitter}. Questions after the first are omitted with probability
 * {@code min(omissionMax, omissionPerLevel*(s-1))}.
 *
 * @param defaultMaxTokens output limit when the request names none
 * @param contextLength    prompt + max output tokens above this are rejected with 400 (as vLLM does)
 */
public record ModelProfile(
        String id,
        String ownedBy,
        OutputStyle style,
        double baseAccuracy,
        double slopeLevel,
        double slopePosition,
        double minAccuracy,
        double maxAccuracy,
        int reasoningTokens,
        double effortDecay,
        double firstQuestionGrowth,
        double tokenJitter,
        double wrongAnswerTokenFactor,
        double omissionPerLevel,
        double omissionMax,
        int defaultMaxTokens,
        int contextLength) {

    public ModelProfile {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("model id must not be blank");
        }
        if (minAccuracy > maxAccuracy) {
            throw new IllegalArgumentException(id + ": min-accuracy > max-accuracy");
        }
        if (reasoningTokens < 0 || defaultMaxTokens < 1 || contextLength < 1) {
            throw new IllegalArgumentException(id + ": token settings must be positive");
        }
    }

    /** Probability of a correct answer for the question at {@code position} (1-based) of a level-{@code level} prompt. */
    public double accuracy(int level, int position) {
        double p = baseAccuracy - slopeLevel * (level - 1) - slopePosition * (position - 1);
        return Math.max(minAccuracy, Math.min(maxAccuracy, p));
    }

    /** Probability that the question at {@code position} gets no answer at all (the first question never is). */
    public double omissionProbability(int level, int position) {
        if (position <= 1) {
            return 0.0;
        }
        return Math.max(0.0, Math.min(omissionMax, omissionPerLevel * (level - 1)));
    }

    /** Expected reasoning tokens (no jitter) for a question; see the class comment. */
    public double expectedReasoningTokens(int level, int position, boolean correct) {
        double t = reasoningTokens * Math.pow(level, -effortDecay);
        if (position == 1) {
            t *= 1 + firstQuestionGrowth * (level - 1);
        }
        if (!correct) {
            t *= wrongAnswerTokenFactor;
        }
        return t;
    }
}

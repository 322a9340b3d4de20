package dev.stresslab.contracts;

import java.util.List;

/**
 * The verdict for one question slot of a prompt. {@code extracted} is REST's positional answer (null when omitted);
 * {@code reasoningTokens} is the share of the output's tokens attributed to this position (null when unknown);
 * {@code flags} are diagnostics such as "omitted", "label-mismatch", "from-truncated-reasoning".
 *
 * <p>Since schema version 2: {@code reasoningTokens} counts reasoning only (null when the reasoning is hidden or could
 * not be attributed); {@code answerTokens} counts this position's part of the final answer text;
 * {@code errorCategory} is the slot's {@link ErrorCategory} (null in version-1 events and for failed calls).
 * {@code subject} and {@code difficultyLevel} (optional, null when the benchmark has no such tag) are the question's
 * dataset tags, MATH500's {@code subject} and {@code level} (1 to 5), for the accuracy breakdown of App. F.
 */
public record QuestionVerdict(
        int position,
        String questionId,
        String gold,
        String extracted,
        boolean correct,
        boolean omitted,
        Integer reasoningTokens,
        List<String> flags,
        Integer answerTokens,
        ErrorCategory errorCategory,
        String subject,
        Integer difficultyLevel) {

    /** A verdict without question tags. */
    public QuestionVerdict(int position, String questionId, String gold, String extracted, boolean correct,
                           boolean omitted, Integer reasoningTokens, List<String> flags, Integer answerTokens,
                           ErrorCategory errorCategory) {
        this(position, questionId, gold, extracted, correct, omitted, reasoningTokens, flags, answerTokens,
                errorCategory, null, null);
    }

    /** A version-1 verdict: no answer-token count, no error category. */
    public QuestionVerdict(int position, String questionId, String gold, String extracted, boolean correct,
                           boolean omitted, Integer reasoningTokens, List<String> flags) {
        this(position, questionId, gold, extracted, correct, omitted, reasoningTokens, flags, null, null);
    }

    /** The same verdict with the question's dataset tags. */
    public QuestionVerdict withQuestionTags(String subject, Integer difficultyLevel) {
        return new QuestionVerdict(position, questionId, gold, extracted, correct, omitted, reasoningTokens, flags,
                answerTokens, errorCategory, subject, difficultyLevel);
    }
}

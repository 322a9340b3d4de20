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
        ErrorCategory errorCategory) {

    /** A version-1 verdict: no answer-token count, no error category. */
    public QuestionVerdict(int position, String questionId, String gold, String extracted, boolean correct,
                           boolean omitted, Integer reasoningTokens, List<String> flags) {
        this(position, questionId, gold, extracted, correct, omitted, reasoningTokens, flags, null, null);
    }
}

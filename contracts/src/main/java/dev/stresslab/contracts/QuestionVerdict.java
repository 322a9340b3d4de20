package dev.stresslab.contracts;

import java.util.List;

/**
 * The verdict for one question slot of a prompt. {@code extracted} is REST's positional answer (null when omitted);
 * {@code reasoningTokens} is the share of the output's tokens attributed to this position (null when unknown);
 * {@code flags} are diagnostics such as "omitted", "label-mismatch", "from-truncated-reasoning".
 */
public record QuestionVerdict(
        int position,
        String questionId,
        String gold,
        String extracted,
        boolean correct,
        boolean omitted,
        Integer reasoningTokens,
        List<String> flags) {
}

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
 *
 * <p>Added at the end (no version bump; null in older events): when an LLM extractor read the slot (GPQA as REST
 * grades it, docs/grading.md "LLM extractor"), {@code extracted} and {@code correct} are the LLM's reading, and
 * {@code ruleExtracted} / {@code ruleCorrect} keep the rule-based reading beside it. Null when no LLM reading was
 * made (not configured, or it failed: flag {@code llm-extract-failed}, and the headline is the rule-based reading).
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
        Integer difficultyLevel,
        String ruleExtracted,
        Boolean ruleCorrect) {

    /** A version-2 verdict without question tags or an LLM extractor's reading. */
    public QuestionVerdict(int position, String questionId, String gold, String extracted, boolean correct,
                           boolean omitted, Integer reasoningTokens, List<String> flags, Integer answerTokens,
                           ErrorCategory errorCategory) {
        this(position, questionId, gold, extracted, correct, omitted, reasoningTokens, flags, answerTokens,
                errorCategory, null, null, null, null);
    }

    /** A version-1 verdict: no answer-token count, no error category. */
    public QuestionVerdict(int position, String questionId, String gold, String extracted, boolean correct,
                           boolean omitted, Integer reasoningTokens, List<String> flags) {
        this(position, questionId, gold, extracted, correct, omitted, reasoningTokens, flags, null, null, null, null, null, null);
    }

    /** The same verdict with the question's dataset tags. */
    public QuestionVerdict withQuestionTags(String subject, Integer difficultyLevel) {
        return new QuestionVerdict(position, questionId, gold, extracted, correct, omitted, reasoningTokens, flags,
                answerTokens, errorCategory, subject, difficultyLevel, ruleExtracted, ruleCorrect);
    }
}

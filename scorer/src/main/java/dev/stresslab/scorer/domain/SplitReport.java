package dev.stresslab.scorer.domain;

import java.util.List;

/**
 * Both readings of one multi-answer output, position by position (index 0 = question 1).
 *
 * @param restAnswers   REST's positional answers, wrapped as REST keeps them ({@code \boxed{None}} when missing)
 * @param restExtracted the content of each positional answer, null when REST has none
 * @param labelAnswers  the label-aware reading: the answer the model gave for Qk (content), null when none found
 * @param labelSources  where each label-aware answer came from: "label", "position", "summary" or null
 * @param flags         per-position diagnostic words (see {@link LabelAwareReader})
 * @param diagnostics   whole-output diagnostic words
 * @param truncated     finish_reason "length" or an unclosed {@code <think>}
 */
public record SplitReport(
        List<String> restAnswers,
        List<String> restExtracted,
        List<String> labelAnswers,
        List<String> labelSources,
        List<List<String>> flags,
        List<String> diagnostics,
        boolean truncated) {

    public int level() {
        return restAnswers.size();
    }
}

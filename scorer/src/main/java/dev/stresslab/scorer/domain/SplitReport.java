package dev.stresslab.scorer.domain;

import dev.stresslab.scorer.parse.ParsedOutput;

import java.util.List;
import java.util.Set;

/**
 * Both readings of one multi-answer output, position by position (index 0 = question 1).
 *
 * @param restAnswers   REST's positional answers, wrapped as REST keeps them ({@code \boxed{None}} when missing)
 * @param restExtracted the content of each positional answer, null when REST has none
 * @param labelAnswers  the label-aware reading: the answer the model gave for Qk (content), null when none found
 * @param labelSources  where each label-aware answer came from: "label", "position", "summary" or null
 * @param flags         per-position diagnostics (see {@link LabelAwareReader})
 * @param diagnostics   whole-output diagnostic words
 * @param truncated     finish_reason "length" or an unclosed {@code <think>}
 * @param parsed        the parse both readings were made from
 * @param labelBoxes    per position, the box (or ANSWER line) the label-aware answer was read from, in the
 *                      coordinates of {@link ParsedOutput#readable()}; null when none
 */
public record SplitReport(
        List<String> restAnswers,
        List<String> restExtracted,
        List<String> labelAnswers,
        List<String> labelSources,
        List<Set<VerdictFlag>> flags,
        List<String> diagnostics,
        boolean truncated,
        ParsedOutput parsed,
        List<dev.stresslab.scorer.parse.AnswerMarks.Box> labelBoxes) {

    public int level() {
        return restAnswers.size();
    }
}

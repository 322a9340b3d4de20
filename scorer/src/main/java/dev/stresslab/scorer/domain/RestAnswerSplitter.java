package dev.stresslab.scorer.domain;

import dev.stresslab.contracts.AnswerKind;
import dev.stresslab.scorer.parse.OutputParser;
import dev.stresslab.scorer.parse.ParsedOutput;
import dev.stresslab.scorer.parse.RestGroup;
import dev.stresslab.scorer.parse.ThinkRule;

import java.util.ArrayList;
import java.util.List;

/**
 * REST's positional answer rule ({@code split_boxed_content} and {@code extract_boxed} in
 * {@code opencompass/utils/text_postprocessors.py}; rest-method.md section 5), reproduced character for character,
 * read off a {@link ParsedOutput}:
 * <ol>
 *   <li>reasoning dropped by {@link ThinkRule}: {@code </think>} without {@code <think>} keeps what follows the last
 *       {@code </think>}; otherwise every {@code <think>…</think>} span (non-greedy) is removed; the result is trimmed
 *       the way Python's {@code str.strip()} trims. An unclosed {@code <think>} stays, so boxes inside reasoning
 *       count;</li>
 *   <li>scan left to right for {@code \boxed} ({@link RestGroup#scan}, braces by
 *       {@link dev.stresslab.contracts.text.RestBoxes}); an unterminated group, or a {@code }} before any {@code {},
 *       makes the slot {@code \boxed{None}} and ends the scan;</li>
 *   <li>each answer keeps its text from {@code \boxed} to the closing brace; the first {@code level} are kept, missing
 *       ones are {@code \boxed{None}}. Labels are ignored and {@code \fbox} is never reached.</li>
 * </ol>
 */
public final class RestAnswerSplitter {
    public static final String NONE = RestGroup.NONE;

    private RestAnswerSplitter() {
    }

    /** Removes the reasoning the way REST does: an unclosed {@code <think>} stays. */
    public static String stripReasoning(String text) {
        if (text == null) {
            return "";
        }
        return ThinkRule.restText(text, ThinkRule.regions(text)).text();
    }

    /** What {@code re.sub(r"<think>(.*?)</think>", "", text, flags=re.DOTALL)} returns, in one linear pass. */
    static String removeThinkSpans(String text) {
        return ThinkRule.removeClosedSpans(text);
    }

    /** The answers for positions 1..level, each still wrapped in {@code \boxed...{...}} as REST keeps it. */
    public static List<String> split(String output, int level) {
        return answers(OutputParser.parse(output, null, null, level, AnswerKind.MATH));
    }

    /** REST's answers for positions 1..level of an output already parsed. */
    public static List<String> answers(ParsedOutput parsed) {
        List<RestGroup> groups = parsed.restGroups();
        List<String> answers = new ArrayList<>(parsed.level());
        for (int i = 0; i < parsed.level(); i++) {
            answers.add(i < groups.size() ? groups.get(i).answer() : NONE);
        }
        return answers;
    }

    /**
     * The content of a positional answer: the text between the first {@code {} after {@code \boxed} and the closing
     * brace, or null for {@code \boxed{None}} (REST's marker for a missing answer; a literal {@code \boxed{None}} from
     * the model reads the same).
     */
    public static String unwrap(String boxed) {
        if (boxed == null || NONE.equals(boxed)) {
            return null;
        }
        int open = boxed.indexOf('{');
        if (open < 0 || !boxed.endsWith("}")) {
            return null;
        }
        return boxed.substring(open + 1, boxed.length() - 1);
    }
}

package dev.stresslab.scorer.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * REST's positional answer rule ({@code split_boxed_content} and {@code extract_boxed} in
 * {@code opencompass/utils/text_postprocessors.py}; rest-method.md section 5), reproduced character for character:
 * <ol>
 *   <li>reasoning dropped: {@code </think>} without {@code <think>} keeps what follows the last {@code </think>};
 *       otherwise every {@code <think>…</think>} span (non-greedy) is removed; the result is trimmed the way Python's
 *       {@code str.strip()} trims. An unclosed {@code <think>} stays, so boxes inside reasoning count;</li>
 *   <li>scan left to right for {@code \boxed}; the brace counter starts at {@code \boxed} itself and counts every
 *       {@code {} and {@code }} (escaped ones too) until it returns to zero on a {@code }}, so matching starts at the
 *       next {@code {} however far away. If it never returns to zero (unterminated, or a {@code }} before any
 *       {@code {} leaves the counter negative) the slot is {@code \boxed{None}} and the scan ends;</li>
 *   <li>each answer keeps its text from {@code \boxed} to the closing brace; the first {@code level} are kept, missing
 *       ones are {@code \boxed{None}}. Labels are ignored and {@code \fbox} is never reached.</li>
 * </ol>
 */
public final class RestAnswerSplitter {
    public static final String NONE = "\\boxed{None}";
    static final String BOXED = "\\boxed";
    private static final String THINK_OPEN = "<think>";
    private static final String THINK_CLOSE = "</think>";
    /**
     * The most groups {@link #scan} keeps. REST only uses the first s (s is at most a benchmark's size, 1,319 for
     * GSM8K, and 12 in the paper); without a cap 10 MB of {@code \boxed{}} made 1.3 million group objects (about
     * ten times the output's own size in memory). Groups past the cap are not read at all.
     */
    public static final int MAX_GROUPS = 10_000;

    private RestAnswerSplitter() {
    }

    /** One group found by REST's scan, in coordinates of the reasoning-stripped text. */
    public record Group(String raw, int start, int end, boolean terminated) {
        /** The answer REST keeps for this group: its raw text, or {@code \boxed{None}} when unterminated. */
        public String answer() {
            return terminated ? raw : NONE;
        }
    }

    /** Removes the reasoning the way REST does: an unclosed {@code <think>} stays. */
    public static String stripReasoning(String text) {
        if (text == null) {
            return "";
        }
        if (!text.contains("<think>") && text.contains("</think>")) {
            return pyStrip(text.substring(text.lastIndexOf("</think>") + "</think>".length()));
        }
        return pyStrip(removeThinkSpans(text));
    }

    /**
     * What {@code re.sub(r"<think>(.*?)</think>", "", text, flags=re.DOTALL)} returns, in one pass. The regex, run by
     * java.util.regex, rescans to the end of the text from every {@code <think>} that has no closing tag (quadratic:
     * 100,000 unclosed tags took minutes); here, once a {@code <think>} has no {@code </think>} after it, no later
     * one has either, so the scan stops.
     */
    static String removeThinkSpans(String text) {
        int open = text.indexOf(THINK_OPEN);
        if (open < 0) {
            return text;
        }
        StringBuilder kept = null;
        int copied = 0;
        while (open >= 0) {
            int close = text.indexOf(THINK_CLOSE, open + THINK_OPEN.length());
            if (close < 0) {
                break;
            }
            if (kept == null) {
                kept = new StringBuilder(text.length());
            }
            kept.append(text, copied, open);
            copied = close + THINK_CLOSE.length();
            open = text.indexOf(THINK_OPEN, copied);
        }
        return kept == null ? text : kept.append(text, copied, text.length()).toString();
    }

    /** The answers for positions 1..level, each still wrapped in {@code \boxed...{...}} as REST keeps it. */
    public static List<String> split(String output, int level) {
        List<Group> groups = scan(stripReasoning(output));
        List<String> answers = new ArrayList<>(Math.max(level, 0));
        for (int i = 0; i < level; i++) {
            answers.add(i < groups.size() ? groups.get(i).answer() : NONE);
        }
        return answers;
    }

    /**
     * The groups REST's loop would produce on already reasoning-stripped text (all of them, not only the first s, up
     * to {@link #MAX_GROUPS}).
     */
    public static List<Group> scan(String text) {
        List<Group> groups = new ArrayList<>();
        int from = 0;
        while (from < text.length() && groups.size() < MAX_GROUPS) {
            int idx = text.indexOf(BOXED, from);
            if (idx < 0) {
                break;
            }
            int close = closingBrace(text, idx);
            if (close < 0) {
                groups.add(new Group(text.substring(idx), idx, text.length(), false));
                break;
            }
            groups.add(new Group(text.substring(idx, close + 1), idx, close + 1, true));
            // Python: right_string is None when the group ends the text, which also ends the loop.
            from = close + 1;
        }
        return groups;
    }

    /** REST's extract_boxed counter: from idx, +1 per '{', -1 per '}', done when a '}' brings it to zero. */
    private static int closingBrace(String text, int idx) {
        int open = 0;
        for (int i = idx; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                open++;
            }
            if (c == '}') {
                open--;
                if (open == 0) {
                    return i;
                }
            }
        }
        return -1;
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

    /** Python's {@code str.strip()} (also strips U+00A0, U+0085 and other Unicode spaces Java's strip keeps). */
    static String pyStrip(String s) {
        int b = 0;
        int e = s.length();
        while (b < e && pySpace(s.charAt(b))) {
            b++;
        }
        while (e > b && pySpace(s.charAt(e - 1))) {
            e--;
        }
        return s.substring(b, e);
    }

    static boolean pySpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }
}

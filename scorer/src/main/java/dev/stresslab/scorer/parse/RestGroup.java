package dev.stresslab.scorer.parse;

import dev.stresslab.contracts.text.RestBoxes;

import java.util.ArrayList;
import java.util.List;

/** One group found by REST's positional scan, in coordinates of REST's reasoning-stripped text. */
public record RestGroup(String raw, int start, int end, boolean terminated) {
    /** REST's marker for a missing answer. */
    public static final String NONE = "\\boxed{None}";
    /**
     * The most groups {@link #scan} keeps. REST only uses the first s (s is at most a benchmark's size, 1,319 for
     * GSM8K, and 12 in the paper); without a cap 10 MB of {@code \boxed{}} made 1.3 million group objects (about
     * ten times the output's own size in memory). Groups past the cap are not read at all.
     */
    public static final int MAX_GROUPS = 10_000;

    /** The answer REST keeps for this group: its raw text, or {@code \boxed{None}} when unterminated. */
    public String answer() {
        return terminated ? raw : NONE;
    }

    /**
     * The groups REST's loop produces on reasoning-stripped text (all of them up to {@link #MAX_GROUPS}, not only the
     * first s): scan left to right for {@code \boxed}, match braces with {@link RestBoxes#closingBrace}; an
     * unterminated group ends the scan.
     */
    public static List<RestGroup> scan(String text) {
        List<RestGroup> groups = new ArrayList<>();
        int from = 0;
        while (from < text.length() && groups.size() < MAX_GROUPS) {
            int idx = text.indexOf(RestBoxes.BOXED, from);
            if (idx < 0) {
                break;
            }
            int close = RestBoxes.closingBrace(text, idx);
            if (close < 0) {
                groups.add(new RestGroup(text.substring(idx), idx, text.length(), false));
                break;
            }
            groups.add(new RestGroup(text.substring(idx, close + 1), idx, close + 1, true));
            // Python: right_string is None when the group ends the text, which also ends the loop.
            from = close + 1;
        }
        return groups;
    }
}

package dev.stresslab.scorer.parse;

import dev.stresslab.contracts.AnswerKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The label-aware reading's marks in an answer text: question labels ({@code Q3:}, {@code Answer to Q3},
 * {@code **Q3**}, {@code Question 3}), well-formed boxes ({@code \boxed} or {@code \fbox}, escaped braces not
 * counted: unlike REST's scan in {@link dev.stresslab.contracts.text.RestBoxes}, a malformed box is skipped, not
 * fatal), {@code ANSWER: X} choice lines, and where a final summary list starts. Found once per output by
 * {@link OutputParser}.
 */
public final class AnswerMarks {
    private AnswerMarks() {
    }

    /** A label introducing the answer/work for question {@code k}. */
    public record Label(int pos, int k) {
    }

    /** A well-formed box (or choice line) in the readable part. */
    public record Box(int start, int end, String content, boolean unboxed) {
    }

    // Regexes here run over whole outputs (megabytes), so no two adjacent quantifiers may match the same characters:
    // "^[ \t>#*_\-]*(?:\*\*|__)?[ \t]*" backtracked quadratically over a line of a million spaces (minutes), and the
    // choice line's four "[ \t]*" did so to the fourth power. Every run is possessive (*+, ++) and the optional
    // markup it already covers is gone; each pattern matches exactly the strings it matched before.
    private static final String LINE_PREFIX = "^[ \\t>#*_\\-]*+";
    public static final Pattern LINE_LABEL = Pattern.compile(
            "(?im)" + LINE_PREFIX + "(?:(?:final[ \\t]++)?answer[ \\t]++(?:to|for)[ \\t]++)?"
                    + "(?:Q|Question|Problem)[ \\t]*+(?:#[ \\t]*+)?(\\d{1,3})(?![\\d.,]\\d)");
    public static final Pattern INLINE_LABEL = Pattern.compile(
            "(?i)(?:answer[ \\t]++(?:to|for)[ \\t]++(?:Q|Question|Problem)[ \\t]*+(\\d{1,3})\\b)"
                    + "|(?:\\*\\*[ \\t]*+(?:Q|Question|Problem)[ \\t]*+(\\d{1,3})\\b)"
                    + "|(?:\\bQ(\\d{1,3})[ \\t]*+[:：])");
    public static final Pattern SUMMARY_HEADING = Pattern.compile(
            "(?im)" + LINE_PREFIX + "(?:final[ \\t]++answers|summary(?:[ \\t]++of[ \\t]++(?:the[ \\t]++)?answers)?"
                    + "|answers[ \\t]++summary|in[ \\t]++summary|to[ \\t]++summari[sz]e|all[ \\t]++answers|answers)"
                    + "\\b[^\\n]{0,40}$");
    public static final Pattern CHOICE_LINE = Pattern.compile(
            "(?i)\\banswer[ \\t]*+(?:is[ \\t]*+)?(?:[:：][ \\t]*+)?(?:\\*++[ \\t]*+)?\\(?([A-J])\\)?(?![A-Za-z])");

    /**
     * The most boxes (and, for multiple choice, {@code ANSWER: X} lines) and the most labels read from one output.
     * A 32k-token output holds at most a few thousand of either; without the caps 10 MB of labels or boxes made
     * millions of objects (many times the output's size in memory). Past a cap the rest of the output is not read for
     * the label-aware reading, and the whole-output diagnostic {@code scan-capped} says so.
     */
    public static final int MAX_BOXES = 10_000;
    public static final int MAX_LABELS = 10_000;

    /** How many real boxes (not ANSWER: lines) start before {@code pos}; {@code starts} is sorted. */
    private static int boxesBefore(int[] starts, int pos) {
        int i = java.util.Arrays.binarySearch(starts, pos);
        if (i < 0) {
            return -i - 1;
        }
        while (i > 0 && starts[i - 1] == pos) {
            i--;
        }
        return i;
    }

    /**
     * Where the final summary list starts, or {@code text.length()} when there is none: a second pass of labels
     * (labels restart at a question already answered, after a higher one), or a summary heading ("Final answers",
     * "Summary") followed by at least two boxes (one at level 1) that comes after earlier boxes.
     */
    public static int summaryStart(String text, List<Label> labels, List<Box> boxes, int level) {
        // counted by binary search over the sorted starts: per label and per heading a walk over every box was
        // quadratic (200,000 "Final answers" headings took minutes)
        int[] allStarts = boxes.stream().mapToInt(Box::start).toArray();
        int[] realStarts = boxes.stream().filter(b -> !b.unboxed()).mapToInt(Box::start).toArray();
        int restart = text.length();
        Set<Integer> seen = new java.util.HashSet<>();
        int prev = 0;
        int prevPos = 0;
        for (Label l : labels) {
            if (seen.contains(l.k()) && l.k() < prev && hasBoxBetween(allStarts, prevPos, l.pos())
                    || seen.contains(l.k()) && l.k() == 1 && prev >= 1 && seen.size() >= Math.min(2, level)
                    && hasBoxBetween(allStarts, 0, l.pos())) {
                restart = l.pos();
                break;
            }
            seen.add(l.k());
            prev = l.k();
            prevPos = l.pos();
        }
        int heading = text.length();
        Matcher m = SUMMARY_HEADING.matcher(text);
        while (m.find()) {
            int at = m.start();
            int before = boxesBefore(realStarts, at);
            int after = realStarts.length - before;
            if (before > 0 && after >= Math.min(2, Math.max(level, 1))) {
                heading = at;
            }
        }
        if (restart < text.length()) {
            // A heading just before the restarted labels belongs to the summary.
            if (heading < restart && restart - heading < 200) {
                return heading;
            }
            return restart;
        }
        return heading;
    }

    private static boolean hasBoxBetween(int[] starts, int from, int to) {
        return boxesBefore(starts, to) > boxesBefore(starts, from);
    }

    /** Labels in reading order, one per question mention, duplicates within a short stretch merged. */
    public static List<Label> labels(String text) {
        TreeMap<Integer, Integer> found = new TreeMap<>();
        Matcher m = LINE_LABEL.matcher(text);
        while (found.size() < MAX_LABELS && m.find()) {
            found.put(m.start(1), Integer.parseInt(m.group(1)));
        }
        m = INLINE_LABEL.matcher(text);
        while (found.size() < MAX_LABELS && m.find()) {
            for (int g = 1; g <= 3; g++) {
                if (m.group(g) != null) {
                    found.putIfAbsent(m.start(g), Integer.parseInt(m.group(g)));
                }
            }
        }
        List<Label> labels = new ArrayList<>();
        Label last = null;
        for (var e : found.entrySet()) {
            Label l = new Label(e.getKey(), e.getValue());
            if (last != null && last.k() == l.k() && l.pos() - last.pos() < 40
                    && text.substring(last.pos(), l.pos()).indexOf("\\boxed") < 0) {
                continue; // "**Q1:** Answer to Q1" is one label
            }
            labels.add(l);
            last = l;
        }
        return labels;
    }

    /**
     * Well-formed boxes: {@code \boxed} or {@code \fbox}, optional spaces, then a brace group whose escaped braces
     * ({@code \{ \}}) do not count. Malformed ones are skipped, not fatal. For CHOICE also {@code ANSWER: X} lines.
     */
    public static List<Box> boxes(String text, AnswerKind kind) {
        List<Box> out = new ArrayList<>();
        int from = 0;
        // the next \boxed and \fbox at or after `from`, each searched again only once passed: searching both on
        // every step rescanned to the end for the absent one (quadratic; 10 MB of boxes took minutes)
        int b = text.indexOf("\\boxed");
        int f = text.indexOf("\\fbox");
        // Once one box never closes, every later unclosed one would rescan to the end (100,000 nested unclosed
        // boxes: quadratic), so the first failure switches to a table of all matching braces built in one pass.
        int[] matching = null;
        while (out.size() < MAX_BOXES) {
            if (b >= 0 && b < from) {
                b = text.indexOf("\\boxed", from);
            }
            if (f >= 0 && f < from) {
                f = text.indexOf("\\fbox", from);
            }
            int start = b < 0 ? f : f < 0 ? b : Math.min(b, f);
            if (start < 0) {
                break;
            }
            int i = start + (start == b ? 6 : 5);
            while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
                i++;
            }
            if (i >= text.length() || text.charAt(i) != '{') {
                from = start + 1;
                continue;
            }
            int close;
            if (matching != null) {
                close = matching[i];
            } else {
                close = closing(text, i);
                if (close < 0) {
                    matching = matchingBraces(text);
                }
            }
            if (close < 0) {
                from = i + 1;
                continue;
            }
            out.add(new Box(start, close + 1, text.substring(i + 1, close).strip(), false));
            from = close + 1;
        }
        if (kind == AnswerKind.CHOICE) {
            List<Box> real = List.copyOf(out);
            Matcher m = CHOICE_LINE.matcher(text);
            while (out.size() < MAX_BOXES && m.find()) {
                int at = m.start();
                boolean insideBox = overlapsBox(real, at, m.end());
                boolean followedByBox = text.startsWith("\\boxed", skipSpaces(text, m.start(1)))
                        || text.substring(m.start(), Math.min(text.length(), m.end() + 12)).contains("\\boxed");
                if (!insideBox && !followedByBox) {
                    out.add(new Box(at, m.end(), m.group(1).toUpperCase(Locale.ROOT), true));
                }
            }
            out.sort(java.util.Comparator.comparingInt(Box::start));
        }
        return out;
    }

    /**
     * Whether [from, to] meets one of {@code boxes} (sorted, disjoint, so their ends are sorted too): only the last
     * box starting at or before {@code to} can reach back to {@code from}.
     */
    private static boolean overlapsBox(List<Box> boxes, int from, int to) {
        int lo = 0;
        int hi = boxes.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (boxes.get(mid).start() <= to) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo > 0 && from < boxes.get(lo - 1).end();
    }

    private static int skipSpaces(String t, int i) {
        while (i < t.length() && Character.isWhitespace(t.charAt(i))) {
            i++;
        }
        return i;
    }

    /**
     * For every {@code {} its closing brace as {@link #closing} finds it, or -1 when none; other entries are
     * meaningless. One pass with a stack: a {@code }} closes the innermost open brace, a stray one closes nothing.
     * Escapes pair up the same way as in {@link #closing}, because a box's opening brace never follows a backslash.
     * The stack lives in the table itself (an open brace's entry links to the enclosing open brace until it is
     * closed), so the only memory is one int per character.
     */
    public static int[] matchingBraces(String text) {
        int[] match = new int[text.length()];
        int top = -1; // innermost open brace, -1 when none
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char n = text.charAt(i + 1);
                if (n == '{' || n == '}' || n == '\\') {
                    i++;
                    continue;
                }
            }
            if (c == '{') {
                match[i] = top;
                top = i;
            } else if (c == '}' && top >= 0) {
                int enclosing = match[top];
                match[top] = i;
                top = enclosing;
            }
        }
        while (top >= 0) { // never closed
            int enclosing = match[top];
            match[top] = -1;
            top = enclosing;
        }
        return match;
    }

    public static int closing(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char n = text.charAt(i + 1);
                if (n == '{' || n == '}' || n == '\\') {
                    i++;
                    continue;
                }
            }
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }
}

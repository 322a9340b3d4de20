package dev.stresslab.scorer.domain;

import dev.stresslab.contracts.AnswerKind;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stress Lab's second reading of a multi-answer output, next to REST's positional one: answers are matched to
 * questions by their labels ({@code Q3:}, {@code Answer to Q3}, {@code **Q3**}, {@code Question 3}), a final summary
 * list is recognised, and nothing is ever taken from inside reasoning (an unclosed {@code <think>} ends the readable
 * part). It also says, per position, where REST's positional rule is fooled.
 *
 * <p>Per-position flags: {@code omitted} (REST has no answer for the slot), {@code no-labelled-answer} (the label-aware
 * reading finds none either), {@code label-mismatch} (REST's box for this slot sits under another question's label),
 * {@code from-summary} (REST's box for this slot is in the final summary list), {@code from-truncated-reasoning}
 * (REST's box is inside an unclosed {@code <think>}), {@code unterminated-box} (REST's scan stopped here),
 * {@code lost-after-unterminated} (slot empty because an earlier group never closed), {@code positional-differs}
 * (REST's answer is not the label-aware one), {@code multiple-boxes} (several boxes under this question's label),
 * {@code summary-contradicts} (the summary's answer differs from the per-question work), {@code answer-from-summary}
 * (label-aware answer only found in the summary), {@code truncated-before-answer}, {@code unboxed-answer} (choice
 * letter read from an {@code ANSWER: X} line).
 *
 * <p>Whole-output diagnostics: {@code truncated}, {@code unclosed-think}, {@code no-boxes}, {@code extra-answers},
 * {@code out-of-order}, {@code summary-list}, {@code summary-contradicts}, {@code unterminated-box},
 * {@code label-beyond-level}, {@code separate-reasoning}.
 */
public final class LabelAwareReader {

    /** A label introducing the answer/work for question {@code k}. */
    record Label(int pos, int k) {
    }

    /** A well-formed box (or choice line) in the readable part. */
    record Box(int start, int end, String content, boolean unboxed) {
    }

    // Regexes here run over whole outputs (megabytes), so no two adjacent quantifiers may match the same characters:
    // "^[ \t>#*_\-]*(?:\*\*|__)?[ \t]*" backtracked quadratically over a line of a million spaces (minutes), and the
    // choice line's four "[ \t]*" did so to the fourth power. Every run is possessive (*+, ++) and the optional
    // markup it already covers is gone; each pattern matches exactly the strings it matched before.
    private static final String LINE_PREFIX = "^[ \\t>#*_\\-]*+";
    static final Pattern LINE_LABEL = Pattern.compile(
            "(?im)" + LINE_PREFIX + "(?:(?:final[ \\t]++)?answer[ \\t]++(?:to|for)[ \\t]++)?"
                    + "(?:Q|Question|Problem)[ \\t]*+(?:#[ \\t]*+)?(\\d{1,3})(?![\\d.,]\\d)");
    static final Pattern INLINE_LABEL = Pattern.compile(
            "(?i)(?:answer[ \\t]++(?:to|for)[ \\t]++(?:Q|Question|Problem)[ \\t]*+(\\d{1,3})\\b)"
                    + "|(?:\\*\\*[ \\t]*+(?:Q|Question|Problem)[ \\t]*+(\\d{1,3})\\b)"
                    + "|(?:\\bQ(\\d{1,3})[ \\t]*+[:：])");
    static final Pattern SUMMARY_HEADING = Pattern.compile(
            "(?im)" + LINE_PREFIX + "(?:final[ \\t]++answers|summary(?:[ \\t]++of[ \\t]++(?:the[ \\t]++)?answers)?"
                    + "|answers[ \\t]++summary|in[ \\t]++summary|to[ \\t]++summari[sz]e|all[ \\t]++answers|answers)"
                    + "\\b[^\\n]{0,40}$");
    static final Pattern CHOICE_LINE = Pattern.compile(
            "(?i)\\banswer[ \\t]*+(?:is[ \\t]*+)?(?:[:：][ \\t]*+)?(?:\\*++[ \\t]*+)?\\(?([A-J])\\)?(?![A-Za-z])");

    /**
     * The most boxes (and, for multiple choice, {@code ANSWER: X} lines) and the most labels read from one output.
     * A 32k-token output holds at most a few thousand of either; without the caps 10 MB of labels or boxes made
     * millions of objects (many times the output's size in memory). Past a cap the rest of the output is not read for
     * the label-aware reading, and the whole-output diagnostic {@code scan-capped} says so.
     */
    static final int MAX_BOXES = 10_000;
    static final int MAX_LABELS = 10_000;

    private LabelAwareReader() {
    }

    /** Reads with plain normalised-text comparison for {@code summary-contradicts} and {@code positional-differs}. */
    public static SplitReport read(String content, String reasoning, String finishReason, int level) {
        return read(content, reasoning, finishReason, level, AnswerKind.MATH, LabelAwareReader::sameText);
    }

    /**
     * @param content      the completion's content (may hold {@code <think>} spans)
     * @param reasoning    separate reasoning text (reasoning_content), or null; when present content is the answer part
     * @param finishReason the server's finish_reason, or null
     * @param kind         for CHOICE, {@code ANSWER: X} lines also count as answers in the label-aware reading
     * @param same         equivalence of two answer contents (the grader in production)
     */
    public static SplitReport read(String content, String reasoning, String finishReason, int level, AnswerKind kind,
                                   BiPredicate<String, String> same) {
        int s = Math.max(level, 0);
        String text = RestAnswerSplitter.stripReasoning(content);
        List<RestAnswerSplitter.Group> groups = RestAnswerSplitter.scan(text);
        Set<String> diag = new LinkedHashSet<>();
        if (reasoning != null && !reasoning.isEmpty()) {
            diag.add("separate-reasoning");
        }
        int cutoff = text.indexOf("<think>");
        boolean unclosedThink = cutoff >= 0;
        if (!unclosedThink) {
            cutoff = text.length();
        }
        boolean lengthCut = "length".equals(finishReason);
        boolean truncated = lengthCut || unclosedThink;
        if (lengthCut) {
            diag.add("truncated");
        }
        if (unclosedThink) {
            diag.add("unclosed-think");
            diag.add("truncated");
        }
        String readable = text.substring(0, cutoff);

        List<Box> boxes = boxes(readable, kind);
        List<Label> found = labels(readable);
        if (boxes.size() >= MAX_BOXES || found.size() >= MAX_LABELS || groups.size() >= RestAnswerSplitter.MAX_GROUPS) {
            diag.add("scan-capped");
        }
        List<Label> labels = new ArrayList<>();
        for (Label l : found) {
            if (l.k() >= 1 && l.k() <= s) {
                labels.add(l);
            } else {
                diag.add("label-beyond-level");
            }
        }
        int summaryStart = summaryStart(readable, labels, boxes, s);

        // Per-question work: by label when there are labels, else by position.
        String[] work = new String[s];
        int[] workCount = new int[s];
        String[] summary = new String[s];
        List<Label> workLabels = labels.stream().filter(l -> l.pos() < summaryStart).toList();
        List<Label> summaryLabels = labels.stream().filter(l -> l.pos() >= summaryStart).toList();
        List<Box> workBoxes = boxes.stream().filter(b -> b.start() < summaryStart).toList();
        List<Box> summaryBoxes = boxes.stream().filter(b -> b.start() >= summaryStart).toList();
        boolean unboxedUsed = false;
        boolean[] unboxed = new boolean[s];
        if (workLabels.isEmpty()) {
            int i = 0;
            for (Box b : preferBoxed(workBoxes)) {
                if (i < s) {
                    work[i] = b.content();
                    workCount[i] = 1;
                    unboxed[i] = b.unboxed();
                }
                i++;
            }
        } else {
            for (Box b : workBoxes) {
                Label owner = owner(workLabels, b.start());
                if (owner == null) {
                    continue;
                }
                int k = owner.k() - 1;
                if (b.unboxed() && work[k] != null && !unboxed[k]) {
                    continue; // a real box beats an ANSWER: line
                }
                work[k] = b.content();
                unboxed[k] = b.unboxed();
                workCount[k]++;
            }
        }
        if (summaryStart < readable.length()) {
            if (summaryLabels.isEmpty()) {
                int i = 0;
                for (Box b : preferBoxed(summaryBoxes)) {
                    if (i < s) {
                        summary[i] = b.content();
                    }
                    i++;
                }
            } else {
                for (Box b : summaryBoxes) {
                    Label owner = owner(summaryLabels, b.start());
                    if (owner != null) {
                        summary[owner.k() - 1] = b.content();
                    }
                }
            }
            diag.add("summary-list");
        }

        List<String> rest = new ArrayList<>(s);
        List<String> restExtracted = new ArrayList<>(s);
        List<String> labelAnswers = new ArrayList<>(s);
        List<String> sources = new ArrayList<>(s);
        List<List<String>> flags = new ArrayList<>(s);
        int realBoxes = (int) boxes.stream().filter(b -> !b.unboxed()).count();
        if (groups.isEmpty()) {
            diag.add("no-boxes");
        }
        if (groups.size() > s || realBoxes > s && summaryStart >= readable.length()) {
            diag.add("extra-answers");
        }
        int unterminatedAt = -1;
        for (int i = 0; i < groups.size(); i++) {
            if (!groups.get(i).terminated()) {
                unterminatedAt = i;
                diag.add("unterminated-box");
            }
        }
        for (int i = 0; i < s; i++) {
            Set<String> f = new LinkedHashSet<>();
            RestAnswerSplitter.Group g = i < groups.size() ? groups.get(i) : null;
            String answer = g == null ? RestAnswerSplitter.NONE : g.answer();
            String extracted = RestAnswerSplitter.unwrap(answer);
            rest.add(answer);
            restExtracted.add(extracted);
            if (extracted == null) {
                f.add("omitted");
            }
            if (g != null && !g.terminated()) {
                f.add("unterminated-box");
            } else if (g == null && unterminatedAt >= 0 && i > unterminatedAt) {
                f.add("lost-after-unterminated");
            }
            if (g != null) {
                if (g.start() >= cutoff) {
                    f.add("from-truncated-reasoning");
                } else if (g.start() >= summaryStart) {
                    f.add("from-summary");
                    Label owner = owner(summaryLabels, g.start());
                    if (owner != null && owner.k() != i + 1) {
                        f.add("label-mismatch");
                        diag.add("out-of-order");
                    }
                } else {
                    Label owner = owner(workLabels, g.start());
                    if (owner != null && owner.k() != i + 1) {
                        f.add("label-mismatch");
                        diag.add("out-of-order");
                    }
                }
            }
            String label = work[i];
            String source = label == null ? null : workLabels.isEmpty() ? "position" : "label";
            if (label == null && summary[i] != null) {
                label = summary[i];
                source = "summary";
                f.add("answer-from-summary");
            }
            if (label != null && unboxed[i] && "label".equals(source) || "position".equals(source) && unboxed[i]) {
                f.add("unboxed-answer");
                unboxedUsed = true;
            }
            if (workCount[i] > 1) {
                f.add("multiple-boxes");
            }
            if (work[i] != null && summary[i] != null && !safeSame(same, work[i], summary[i])) {
                f.add("summary-contradicts");
                diag.add("summary-contradicts");
            }
            if (label == null) {
                f.add("no-labelled-answer");
                if (truncated) {
                    f.add("truncated-before-answer");
                }
            }
            if (!(label == null && extracted == null) && (label == null || extracted == null
                    || !safeSame(same, extracted, label))) {
                f.add("positional-differs");
            }
            labelAnswers.add(label);
            sources.add(source);
            flags.add(List.copyOf(f));
        }
        if (unboxedUsed) {
            diag.add("unboxed-answers");
        }
        return new SplitReport(List.copyOf(rest), unmodifiable(restExtracted), unmodifiable(labelAnswers),
                unmodifiable(sources), List.copyOf(flags), List.copyOf(diag), truncated);
    }

    private static <T> List<T> unmodifiable(List<T> list) {
        return java.util.Collections.unmodifiableList(new ArrayList<>(list));
    }

    private static boolean safeSame(BiPredicate<String, String> same, String a, String b) {
        try {
            return same.test(a, b);
        } catch (RuntimeException e) {
            return sameText(a, b);
        }
    }

    /** When real boxes exist, ANSWER: lines are ignored in positional order (they usually repeat the boxes). */
    private static List<Box> preferBoxed(List<Box> boxes) {
        boolean anyBoxed = boxes.stream().anyMatch(b -> !b.unboxed());
        return anyBoxed ? boxes.stream().filter(b -> !b.unboxed()).toList() : boxes;
    }

    /** The last label at or before {@code pos} (labels are in reading order): a binary search, not a walk. */
    private static Label owner(List<Label> labels, int pos) {
        int lo = 0;
        int hi = labels.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (labels.get(mid).pos() <= pos) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo == 0 ? null : labels.get(lo - 1);
    }

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
    static int summaryStart(String text, List<Label> labels, List<Box> boxes, int level) {
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
    static List<Label> labels(String text) {
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
    static List<Box> boxes(String text, AnswerKind kind) {
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
    static int[] matchingBraces(String text) {
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

    static int closing(String text, int open) {
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

    /** Whitespace-, dollar- and case-insensitive text equality, the reader's default equivalence. */
    public static boolean sameText(String a, String b) {
        if (a == null || b == null) {
            return a == b;
        }
        return squash(a).equals(squash(b));
    }

    private static String squash(String s) {
        return s.replace("$", "").replace("\\dfrac", "\\frac").replace("\\tfrac", "\\frac")
                .replaceAll("\\\\[,;:! ]", "").replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
    }
}

package dev.stresslab.scorer.grading;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one final answer out of a text that may have no box, with Math-Verify's priorities (its
 * {@code LatexExtractionConfig} and {@code ExprExtractionConfig} targets): the last {@code \boxed{}} (or
 * {@code \fbox{}}), then an answer after "final answer is", then the last {@code $…$} / {@code $$…$$} span, then the
 * last {@code \(…\)}, then the last {@code \[…\]}, then a trailing plain number, else the last number of the
 * text's final 300 characters (Math-Verify's expression target takes the last one). Null when none is found.
 *
 * <p>Pure and linear: one backwards scan per rule, no backtracking regex over the whole text. Used for outputs whose
 * answer is not boxed (a single answer with no box, user benchmarks whose model writes "The answer is 42").
 */
public final class AnswerExtractor {
    /** Longest text scanned; an answer sits at the end, so only the tail of a longer text is read. */
    static final int MAX_SCAN_CHARS = 100_000;
    private static final Pattern FINAL_ANSWER = Pattern.compile("(?i)final\\s{1,5}answer\\s{0,5}(?:is|:)");
    private static final Pattern WORDS = Pattern.compile("(?<![\\\\A-Za-z])[A-Za-z]{3,}\\s+[A-Za-z]{2,}");
    private static final Pattern NUMBER = Pattern.compile(
            "(?<![\\w.])[-+]?(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?(?:/\\d+)?(?![\\w])");
    private static final Pattern TRAILING_NUMBER = Pattern.compile(
            "[-+]?(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?(?:/\\d+)?");

    private AnswerExtractor() {
    }

    /** The answer {@code text} gives, without its box or delimiters, or null. */
    public static String extract(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.length() > MAX_SCAN_CHARS ? text.substring(text.length() - MAX_SCAN_CHARS) : text;
        String answer = lastBoxed(t);
        if (answer == null) {
            answer = afterFinalAnswer(t);
        }
        if (answer == null) {
            answer = lastDollarSpan(t);
        }
        if (answer == null) {
            answer = lastDelimited(t, "\\(", "\\)");
        }
        if (answer == null) {
            answer = lastDelimited(t, "\\[", "\\]");
        }
        if (answer == null) {
            answer = trailingNumber(t);
        }
        if (answer == null) {
            answer = lastNumber(t.length() > 300 ? t.substring(t.length() - 300) : t);
        }
        return answer == null || answer.isBlank() ? null : answer.strip();
    }

    /** Content of the last {@code \boxed{…}} or {@code \fbox{…}} whose braces close (of the last 100 boxes). */
    static String lastBoxed(String t) {
        int from = t.length();
        for (int tries = 0; from > 0 && tries < 100; tries++) {
            int b = t.lastIndexOf("\\boxed", from - 1);
            int f = t.lastIndexOf("\\fbox", from - 1);
            int at = Math.max(b, f);
            if (at < 0) {
                return null;
            }
            int open = at + (at == b ? 6 : 5);
            while (open < t.length() && t.charAt(open) == ' ') {
                open++;
            }
            if (open < t.length() && t.charAt(open) == '{') {
                int close = closing(t, open);
                if (close > 0) {
                    return t.substring(open + 1, close);
                }
            }
            from = at;
        }
        return null;
    }

    /** The answer after the last "final answer is": its math span, else the rest of the sentence. */
    static String afterFinalAnswer(String t) {
        Matcher m = FINAL_ANSWER.matcher(t);
        int end = -1;
        while (m.find()) {
            end = m.end();
        }
        if (end < 0) {
            return null;
        }
        String rest = t.substring(end, Math.min(t.length(), end + 500)).strip();
        String boxed = lastBoxedAtStart(rest);
        if (boxed != null) {
            return boxed;
        }
        for (String[] d : new String[][]{{"$$", "$$"}, {"$", "$"}, {"\\(", "\\)"}, {"\\[", "\\]"}}) {
            if (rest.startsWith(d[0])) {
                int close = rest.indexOf(d[1], d[0].length());
                if (close > d[0].length()) {
                    return rest.substring(d[0].length(), close);
                }
            }
        }
        int stop = rest.length();
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            boolean sentenceEnd = c == '.' && (i + 1 == rest.length() || Character.isWhitespace(rest.charAt(i + 1)));
            if (c == '\n' || sentenceEnd) {
                stop = i;
                break;
            }
        }
        String sentence = rest.substring(0, stop).strip();
        if (sentence.isEmpty()) {
            return null;
        }
        // "The final answer: the largest $n$ is 34": a sentence in words gives its last math span or number
        if (WORDS.matcher(sentence).find()) {
            String math = lastDollarSpan(sentence);
            String number = lastNumber(sentence);
            int mathAt = math == null ? -1 : sentence.lastIndexOf('$');
            int numberAt = number == null ? -1 : sentence.lastIndexOf(number);
            return numberAt > mathAt ? number : math != null ? math : sentence;
        }
        return sentence;
    }

    private static String lastBoxedAtStart(String rest) {
        String r = rest.startsWith("$") ? rest.substring(rest.startsWith("$$") ? 2 : 1).strip() : rest;
        return r.startsWith("\\boxed") || r.startsWith("\\fbox") ? lastBoxed(r.substring(0, boxEnd(r))) : null;
    }

    private static int boxEnd(String r) {
        int open = r.indexOf('{');
        int close = open < 0 ? -1 : closing(r, open);
        return close < 0 ? r.length() : close + 1;
    }

    /** The last {@code $…$} or {@code $$…$$} span; escaped {@code \$} is not a delimiter. */
    static String lastDollarSpan(String t) {
        int close = lastUnescapedDollar(t, t.length());
        if (close < 0) {
            return null;
        }
        boolean dd = close > 0 && t.charAt(close - 1) == '$' && !escaped(t, close - 1);
        int contentEnd = dd ? close - 1 : close;
        int open = lastUnescapedDollar(t, contentEnd);
        if (open < 0) {
            return null;
        }
        int contentStart = open + 1;
        if (dd && open > 0 && t.charAt(open - 1) == '$') {
            open--;
        }
        return contentStart < contentEnd ? t.substring(contentStart, contentEnd) : null;
    }

    private static int lastUnescapedDollar(String t, int before) {
        int i = t.lastIndexOf('$', before - 1);
        while (i >= 0 && escaped(t, i)) {
            i = i == 0 ? -1 : t.lastIndexOf('$', i - 1);
        }
        return i;
    }

    private static boolean escaped(String t, int i) {
        return i > 0 && t.charAt(i - 1) == '\\';
    }

    static String lastDelimited(String t, String open, String close) {
        int c = t.lastIndexOf(close);
        if (c < 0) {
            return null;
        }
        int o = t.lastIndexOf(open, c - 1);
        return o < 0 || o + open.length() > c ? null : t.substring(o + open.length(), c);
    }

    /** A number ending the text, allowing a closing period or unit-free punctuation after it. */
    static String trailingNumber(String t) {
        int end = t.length();
        while (end > 0 && (Character.isWhitespace(t.charAt(end - 1)) || ".!)*".indexOf(t.charAt(end - 1)) >= 0)) {
            end--;
        }
        int start = end;
        while (start > 0 && (Character.isDigit(t.charAt(start - 1)) || ",./-+".indexOf(t.charAt(start - 1)) >= 0)) {
            start--;
        }
        String tail = t.substring(start, end);
        while (!tail.isEmpty() && !Character.isDigit(tail.charAt(0)) && tail.charAt(0) != '-' && tail.charAt(0) != '+') {
            tail = tail.substring(1);
        }
        return TRAILING_NUMBER.matcher(tail).matches() ? tail : null;
    }

    /** The last plain number in {@code t} ("… is 2/3. I hope it is correct."), or null. */
    static String lastNumber(String t) {
        Matcher m = NUMBER.matcher(t);
        String last = null;
        while (m.find()) {
            last = m.group();
        }
        return last;
    }

    /** Index of the brace closing the one at {@code open}, or -1; escaped braces count as LaTeX does not. */
    static int closing(String t, int open) {
        int depth = 0;
        for (int i = open; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '\\' && i + 1 < t.length() && (t.charAt(i + 1) == '{' || t.charAt(i + 1) == '}')) {
                i++;
            } else if (c == '{') {
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

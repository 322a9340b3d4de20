package dev.stresslab.scorer.domain;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.stresslab.contracts.Usage;

import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Attributes an output's tokens (reasoning and answer) to question positions, for the paper's "reasoning tokens per
 * position" analysis. The text is cut where the model moves on to another question: a question label ({@code Q2},
 * {@code Question 2}, {@code Problem 2}, "the second question") switches to that question, and a {@code \boxed{}}
 * answer moves on to the next one unless a label follows. Each piece is counted with jtokkit's cl100k_base; the counts
 * are then scaled to the server's {@code usage} (reasoning part to {@code reasoningTokens}, answer part to
 * {@code completionTokens - reasoningTokens}, or everything to {@code completionTokens}) and rounded by largest
 * remainder so the positions add up exactly. Thread-safe (jtokkit encodings are immutable).
 */
public final class TokenAttributor {
    private static final Encoding ENCODING = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
    private static final String[] ORDINALS = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh",
            "eighth", "ninth", "tenth", "eleventh", "twelfth"};
    static final Pattern LABEL = Pattern.compile(
            // possessive runs: "[ \t]*#?[ \t]*" backtracked quadratically after a "Q" followed by a million spaces
            "(?i)\\b(?:Q|Question|Problem)[ \\t]*+(?:#[ \\t]*+)?(\\d{1,3})(?![\\d.]\\d)"
                    + "|\\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)[ \\t]+(?:question|problem)\\b");
    private static final Pattern THINK = Pattern.compile("<think>(.*?)(?:</think>|$)", Pattern.DOTALL);

    /**
     * Pieces longer than this are not tokenised whole: their first {@code EXACT_CHARS} characters are, and the count
     * is scaled by length. Only proportions matter (counts are scaled to the server's usage anyway), and jtokkit's
     * cost grows faster than linearly on long runs without spaces (10 MB of letters: over a minute).
     */
    static final int EXACT_CHARS = 16_384;
    /**
     * At most this many characters of one output are tokenised (about 64k tokens, twice the paper's longest output);
     * later pieces are estimated at the tokens-per-character rate measured so far. Tokenising 10 MB of short pieces
     * took 4 to 8 seconds.
     */
    static final int EXACT_CHARS_PER_OUTPUT = 262_144;
    /** The most question changes honoured per text; past them the rest stays with the current question. */
    static final int MAX_CHANGE_POINTS = 10_000;

    private TokenAttributor() {
    }

    /** One piece of text attributed to one position. */
    record Piece(int position, boolean reasoning, String text) {
    }

    /**
     * Tokens per position 1..level (index 0 = position 1), or null when level is below 1.
     *
     * @param content   the completion content (may hold inline {@code <think>} reasoning)
     * @param reasoning separate reasoning text, or null
     */
    public static int[] attribute(String content, String reasoning, Usage usage, int level) {
        if (level < 1) {
            return null;
        }
        double[] reasoningCounts = new double[level];
        double[] answerCounts = new double[level];
        // pieces are counted as they are cut, not collected: together they are a second copy of the output
        double[] exact = new double[2]; // characters tokenised so far, their tokens
        pieces(content == null ? "" : content, reasoning, level, p -> {
            double n;
            if (exact[0] < EXACT_CHARS_PER_OUTPUT) {
                n = count(p.text());
                int sampled = Math.min(p.text().length(), EXACT_CHARS);
                exact[0] += sampled;
                exact[1] += n * sampled / Math.max(1, p.text().length());
            } else {
                n = p.text().length() * exact[1] / exact[0];
            }
            (p.reasoning() ? reasoningCounts : answerCounts)[p.position() - 1] += n;
        });
        Usage u = usage == null ? Usage.UNKNOWN : usage;
        double rSum = sum(reasoningCounts);
        double aSum = sum(answerCounts);
        double[] total = new double[level];
        if (u.reasoningTokens() != null && u.completionTokens() != null) {
            double answerBudget = Math.max(0, u.completionTokens() - u.reasoningTokens());
            double[] r = rSum > 0 ? scale(reasoningCounts, u.reasoningTokens())
                    : scale(aSum > 0 ? answerCounts : even(level), u.reasoningTokens()); // hidden reasoning
            double[] a = aSum > 0 ? scale(answerCounts, answerBudget) : scale(rSum > 0 ? reasoningCounts : even(level), answerBudget);
            for (int i = 0; i < level; i++) {
                total[i] = r[i] + a[i];
            }
        } else if (u.completionTokens() != null) {
            double[] all = new double[level];
            for (int i = 0; i < level; i++) {
                all[i] = reasoningCounts[i] + answerCounts[i];
            }
            total = scale(rSum + aSum > 0 ? all : even(level), u.completionTokens());
        } else if (u.reasoningTokens() != null) {
            double[] r = scale(rSum > 0 ? reasoningCounts : aSum > 0 ? answerCounts : even(level), u.reasoningTokens());
            for (int i = 0; i < level; i++) {
                total[i] = r[i] + answerCounts[i];
            }
        } else {
            for (int i = 0; i < level; i++) {
                total[i] = reasoningCounts[i] + answerCounts[i];
            }
        }
        return round(total);
    }

    /** cl100k_base tokens of {@code text}, extrapolated from its first {@link #EXACT_CHARS} characters when longer. */
    static double count(String text) {
        if (text.isEmpty()) {
            return 0;
        }
        if (text.length() <= EXACT_CHARS) {
            return ENCODING.countTokensOrdinary(Utf16.wellFormed(text));
        }
        int cut = EXACT_CHARS;
        if (Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--; // do not split a surrogate pair
        }
        return ENCODING.countTokensOrdinary(Utf16.wellFormed(text.substring(0, cut))) * (double) text.length() / cut;
    }

    /** Cuts reasoning and answer text into pieces owned by positions, handing each to {@code out} in order. */
    static void pieces(String content, String reasoning, int level, Consumer<Piece> out) {
        int[] owner = {1};
        if (reasoning != null && !reasoning.isEmpty()) {
            walk(reasoning, true, level, owner, out);
            walk(content, false, level, owner, out);
            return;
        }
        if (!content.contains("<think>") && content.contains("</think>")) {
            int end = content.lastIndexOf("</think>");
            walk(content.substring(0, end), true, level, owner, out);
            walk(content.substring(end + "</think>".length()), false, level, owner, out);
            return;
        }
        Matcher m = THINK.matcher(content);
        int last = 0;
        while (m.find()) {
            walk(content.substring(last, m.start()), false, level, owner, out);
            walk(m.group(1), true, level, owner, out);
            last = m.end();
        }
        walk(content.substring(last), false, level, owner, out);
    }

    private static void walk(String text, boolean reasoning, int level, int[] owner, Consumer<Piece> out) {
        if (text.isEmpty()) {
            return;
        }
        // change points: position -> new owner (-1 = "move on after a box")
        TreeMap<Integer, Integer> points = new TreeMap<>();
        Matcher m = LABEL.matcher(text);
        while (points.size() < MAX_CHANGE_POINTS && m.find()) {
            int k = m.group(1) != null ? parse(m.group(1)) : ordinal(m.group(2));
            if (k >= 1 && k <= level) {
                points.put(m.start(), k);
            }
        }
        int from = 0;
        while (points.size() < MAX_CHANGE_POINTS) {
            int b = text.indexOf("\\boxed", from);
            if (b < 0) {
                break;
            }
            int close = text.indexOf('}', b);
            int end = close < 0 ? text.length() : close + 1;
            int next = end;
            // a box answers the current question; the text after it belongs to the next one unless a label follows
            Integer label = points.ceilingKey(end);
            boolean labelSoon = label != null && label - end < 200;
            if (!labelSoon && end < text.length()) {
                points.putIfAbsent(end, -1);
            }
            from = next;
        }
        int start = 0;
        for (var e : points.entrySet()) {
            if (e.getKey() > start) {
                out.accept(new Piece(owner[0], reasoning, text.substring(start, e.getKey())));
                start = e.getKey();
            }
            owner[0] = e.getValue() == -1 ? Math.min(level, owner[0] + 1) : e.getValue();
        }
        out.accept(new Piece(owner[0], reasoning, text.substring(start)));
    }

    private static int parse(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int ordinal(String word) {
        for (int i = 0; i < ORDINALS.length; i++) {
            if (ORDINALS[i].equalsIgnoreCase(word)) {
                return i + 1;
            }
        }
        return -1;
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double x : a) {
            s += x;
        }
        return s;
    }

    private static double[] even(int level) {
        double[] e = new double[level];
        java.util.Arrays.fill(e, 1);
        return e;
    }

    private static double[] scale(double[] counts, double target) {
        double s = sum(counts);
        double[] out = new double[counts.length];
        if (s <= 0) {
            return out;
        }
        for (int i = 0; i < counts.length; i++) {
            out[i] = counts[i] * target / s;
        }
        return out;
    }

    /** Largest-remainder rounding: the integers add up to the rounded total. */
    static int[] round(double[] values) {
        int n = values.length;
        int[] out = new int[n];
        double total = sum(values);
        long target = Math.round(total);
        long assigned = 0;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            out[i] = (int) Math.floor(values[i]);
            assigned += out[i];
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(values[b] - Math.floor(values[b]), values[a] - Math.floor(values[a])));
        for (int i = 0; i < n && assigned < target; i++) {
            out[order[i]]++;
            assigned++;
        }
        return out;
    }
}

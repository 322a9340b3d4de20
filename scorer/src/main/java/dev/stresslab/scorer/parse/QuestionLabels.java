package dev.stresslab.scorer.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a model moves on to a question, for token attribution: a question label only where one can stand, at the
 * start of a line or a sentence (after optional Markdown and a short lead such as "Now," or "Moving on to"), written
 * in the case the prompt writes it ({@code Q2}, {@code Question 2}, {@code Problem 2}, "The second question"). A
 * variable {@code q2}, or {@code Q2} in the middle of a sentence ("as in Q2 we..."), is not a label. Also finds recap
 * headings ("To summarize", "So the final answers are"), which start text that belongs to no question.
 */
public final class QuestionLabels {
    private static final String ORDINALS_ALT = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
            + "|eleventh|twelfth";
    private static final String[] ORDINALS = ORDINALS_ALT.split("\\|");
    // A sentence start: the text's start, a line start, or after . ! ? and up to 8 spaces. Searching a pattern that
    // begins with this look-behind tried it at every character (seconds on 10 MB); the labels and headings are found
    // by their core words first, and only then is the short text before them checked (PREFIX_WINDOW characters).
    private static final String START = "(?:^|(?<=[.!?][ \\t]{1,8}))[ \\t>#*_\\-]*+";
    private static final String LEAD = "(?:(?:Now|Next|Then|Finally|OK|Okay|Alright|So|Moving on|Starting|Back|"
            + "Turning|Let(?:'s| me| us)[ \\t]++(?:start|begin|move on|move|turn|go back|go|get back|look|tackle|"
            + "work|solve|do|check)|(?:Final[ \\t]++)?Answer)(?:[ \\t]++(?:with|to|on to|for|at|on))?[ ,:]*+)?"
            + "(?:[Tt]he[ \\t]++)?";
    /** Group 1: digits of {@code Q2} / {@code Question 2} / {@code Problem 2}; group 2: an ordinal word. */
    static final Pattern LABEL_CORE = Pattern.compile(
            // the look-ahead is one character-class test per position; without it every position tried all 27
            // alternatives (seconds on 10 MB of spaces)
            "(?=[QPFSTENfsten])(?:(?:Q|Question|Problem)[ \\t]*+(?:#[ \\t]*+)?(\\d{1,3})(?![\\d.,]\\d)(?![A-Za-z_])"
            + "|(" + ORDINALS_ALT + "|" + capitalised(ORDINALS_ALT) + ")[ \\t]++(?:question|problem|one)\\b)");
    private static final Pattern LABEL_PREFIX = Pattern.compile("(?m)" + START + LEAD);
    static final Pattern RECAP_CORE = Pattern.compile(
            "(?=[TISRaFfPL])(?:To[ \\t]++(?:recap|summari[sz]e|sum up)|In[ \\t]++summary|Summary|Summari[sz]ing|Recap"
            + "|answers[ \\t]++(?:are|would be)|[Ff]inal[ \\t]++answers|Putting[ \\t]++(?:it|everything)[ \\t]++together"
            + "|Let[ \\t]++me[ \\t]++(?:recap|summari[sz]e|list))");
    private static final Pattern RECAP_PREFIX = Pattern.compile("(?m)" + START
            + "(?:So,?[ \\t]++)?(?:[Tt]he[ \\t]++|[Mm]y[ \\t]++|[Aa]ll[ \\t]++)?(?:[Ff]inal[ \\t]++)?");
    /** How far before a label's core word its sentence start may be (markup, a lead such as "Let's move on to the"). */
    static final int PREFIX_WINDOW = 64;
    /** The most labels read per text; past them the rest stays with the current question. */
    public static final int MAX_LABELS = 10_000;

    private QuestionLabels() {
    }

    /** A label for question {@code k} starting at {@code pos} (1-based k; only 1..level kept). */
    public record Label(int pos, int k) {
    }

    /** Matchers reused over many short texts (one output's think spans): a fresh set per text allocated 1 KB each. */
    public static final class Scanner {
        private final Matcher label = LABEL_CORE.matcher("");
        private final Matcher labelPrefix = LABEL_PREFIX.matcher("").useTransparentBounds(true).useAnchoringBounds(false);
        private final Matcher recap = RECAP_CORE.matcher("").useTransparentBounds(true);
        private final Matcher recapPrefix = RECAP_PREFIX.matcher("").useTransparentBounds(true).useAnchoringBounds(false);
    }

    /** Labels of questions 1..level in {@code text}, in reading order. */
    public static List<Label> find(CharSequence text, int level) {
        return find(text, level, new Scanner());
    }

    /** Labels of questions 1..level in {@code text}, in reading order, with {@code scanner}'s matchers. */
    public static List<Label> find(CharSequence text, int level, Scanner scanner) {
        List<Label> out = new ArrayList<>();
        Matcher m = scanner.label.reset(text);
        Matcher prefix = scanner.labelPrefix.reset(text);
        while (out.size() < MAX_LABELS && m.find()) {
            int k = m.group(1) != null ? parse(m.group(1)) : ordinal(m.group(2));
            if (k >= 1 && k <= level) {
                int start = sentenceStart(text, m.start(), prefix);
                if (start >= 0) {
                    out.add(new Label(start, k));
                }
            }
        }
        return out;
    }

    /** Starts of recap headings in {@code text}, in reading order. */
    public static List<Integer> recaps(CharSequence text) {
        return recaps(text, 0, new Scanner());
    }

    /** Starts of recap headings in {@code text} whose core word is at or after {@code from}. */
    public static List<Integer> recaps(CharSequence text, int from) {
        return recaps(text, from, new Scanner());
    }

    /** As {@link #recaps(CharSequence, int)}, with {@code scanner}'s matchers. */
    public static List<Integer> recaps(CharSequence text, int from, Scanner scanner) {
        List<Integer> out = new ArrayList<>();
        Matcher m = scanner.recap.reset(text).region(from, text.length());
        Matcher prefix = scanner.recapPrefix.reset(text);
        while (out.size() < MAX_LABELS && m.find()) {
            int start = sentenceStart(text, m.start(), prefix);
            if (start >= 0 && !(out.size() > 0 && out.get(out.size() - 1) == start)) {
                out.add(start);
            }
        }
        return out;
    }

    /**
     * Where the sentence holding a core word at {@code core} starts, when all between is what {@code prefix} allows
     * (so the word stands where a label stands), else -1. Only the places a sentence can start are tried: the text's
     * start, after a line break, after one of . ! ? and a space, at most {@link #PREFIX_WINDOW} characters back and
     * not before the line's start.
     */
    private static int sentenceStart(CharSequence text, int core, Matcher prefix) {
        int floor = Math.max(0, core - PREFIX_WINDOW);
        for (int s = core; s >= floor; s--) {
            boolean lineStart = s == 0 || text.charAt(s - 1) == '\n';
            boolean afterSentence = s >= 2 && (text.charAt(s - 1) == ' ' || text.charAt(s - 1) == '\t')
                    && ".!?".indexOf(text.charAt(s - 2)) >= 0;
            if ((lineStart || afterSentence) && prefix.region(s, core).matches()) {
                return s;
            }
            if (lineStart) {
                break;
            }
        }
        return -1;
    }

    private static String capitalised(String alternatives) {
        StringBuilder b = new StringBuilder();
        for (String w : alternatives.split("\\|")) {
            if (b.length() > 0) {
                b.append('|');
            }
            b.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
        }
        return b.toString();
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
}

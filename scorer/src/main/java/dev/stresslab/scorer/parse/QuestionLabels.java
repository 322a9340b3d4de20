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
    // sentence start: the text's start, a line start, or after . ! ? and up to 8 spaces (bounded look-behind)
    private static final String START = "(?:^|(?<=[.!?][ \\t]{1,8}))[ \\t>#*_\\-]*+";
    private static final String LEAD = "(?:(?:Now|Next|Then|Finally|OK|Okay|Alright|So|Moving on|Starting|Back|"
            + "Turning|Let(?:'s| me| us)[ \\t]++(?:start|begin|move on|move|turn|go back|go|get back|look|tackle|"
            + "work|solve|do|check)|(?:Final[ \\t]++)?Answer)(?:[ \\t]++(?:with|to|on to|for|at|on))?[ ,:]*+)?"
            + "(?:[Tt]he[ \\t]++)?";
    /** Group 1: digits of {@code Q2} / {@code Question 2} / {@code Problem 2}; group 2: an ordinal word. */
    static final Pattern LABEL = Pattern.compile("(?m)" + START + LEAD
            + "(?:(?:Q|Question|Problem)[ \\t]*+(?:#[ \\t]*+)?(\\d{1,3})(?![\\d.,]\\d)(?![A-Za-z_])"
            + "|(" + ORDINALS_ALT + "|" + capitalised(ORDINALS_ALT) + ")[ \\t]++(?:question|problem|one)\\b)");
    static final Pattern RECAP = Pattern.compile("(?m)" + START
            + "(?:To[ \\t]++(?:recap|summari[sz]e|sum up)|In[ \\t]++summary|Summary|Summari[sz]ing|Recap"
            + "|(?:So,?[ \\t]++)?(?:[Tt]he[ \\t]++|[Mm]y[ \\t]++|[Aa]ll[ \\t]++)?(?:[Ff]inal[ \\t]++)?answers[ \\t]++(?:are|would be)"
            + "|(?:[Tt]he[ \\t]++)?[Ff]inal[ \\t]++answers|Putting[ \\t]++(?:it|everything)[ \\t]++together"
            + "|Let[ \\t]++me[ \\t]++(?:recap|summari[sz]e|list))\\b");
    /** The most labels read per text; past them the rest stays with the current question. */
    public static final int MAX_LABELS = 10_000;

    private QuestionLabels() {
    }

    /** A label for question {@code k} starting at {@code pos} (1-based k; only 1..level kept). */
    public record Label(int pos, int k) {
    }

    /** Labels of questions 1..level in {@code text}, in reading order. */
    public static List<Label> find(CharSequence text, int level) {
        List<Label> out = new ArrayList<>();
        Matcher m = LABEL.matcher(text);
        while (out.size() < MAX_LABELS && m.find()) {
            int k = m.group(1) != null ? parse(m.group(1)) : ordinal(m.group(2));
            if (k >= 1 && k <= level) {
                out.add(new Label(m.start(), k));
            }
        }
        return out;
    }

    /** Starts of recap headings in {@code text}, in reading order. */
    public static List<Integer> recaps(CharSequence text) {
        List<Integer> out = new ArrayList<>();
        Matcher m = RECAP.matcher(text);
        while (out.size() < MAX_LABELS && m.find()) {
            out.add(m.start());
        }
        return out;
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

package dev.stresslab.scorer.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * REST's positional answer rule ({@code split_boxed_content}, rest-method.md section 5): reasoning removed, then the
 * {@code \boxed{}} groups in order, the first {@code level} kept, missing ones {@code \boxed{None}}.
 */
public final class RestAnswerSplitter {
    public static final String NONE = "\\boxed{None}";
    private static final Pattern THINK_SPAN = Pattern.compile("<think>.*?</think>", Pattern.DOTALL);

    private RestAnswerSplitter() {
    }

    /** Removes the reasoning the way REST does: an unclosed {@code <think>} stays. */
    public static String stripReasoning(String text) {
        if (text == null) {
            return "";
        }
        if (text.contains("</think>") && !text.contains("<think>")) {
            return text.substring(text.lastIndexOf("</think>") + "</think>".length()).strip();
        }
        return THINK_SPAN.matcher(text).replaceAll("").strip();
    }

    /** The answers for positions 1..level, each still wrapped in {@code \boxed{...}}. */
    public static List<String> split(String output, int level) {
        String text = stripReasoning(output);
        List<String> boxes = new ArrayList<>();
        int from = 0;
        while (true) {
            int start = text.indexOf("\\boxed", from);
            if (start < 0) {
                break;
            }
            int open = text.indexOf('{', start);
            if (open < 0) {
                boxes.add(NONE);
                break;
            }
            int close = matchingBrace(text, start, open);
            if (close < 0) {
                boxes.add(NONE);
                break;
            }
            boxes.add("\\boxed{" + text.substring(open + 1, close) + "}");
            from = close + 1;
        }
        List<String> answers = new ArrayList<>(level);
        for (int i = 0; i < level; i++) {
            answers.add(i < boxes.size() ? boxes.get(i) : NONE);
        }
        return answers;
    }

    /** Index of the brace closing the group opened at {@code open}, or -1 (unterminated, or a '}' before '{'). */
    private static int matchingBrace(String text, int start, int open) {
        int close = text.indexOf('}', start);
        if (close >= 0 && close < open) {
            return -1;
        }
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
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

    /** The content of a {@code \boxed{...}} wrapper, or null for {@code \boxed{None}}. */
    public static String unwrap(String boxed) {
        if (boxed == null || NONE.equals(boxed)) {
            return null;
        }
        return boxed.substring("\\boxed{".length(), boxed.length() - 1);
    }
}

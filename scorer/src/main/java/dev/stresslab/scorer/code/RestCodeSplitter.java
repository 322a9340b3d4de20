package dev.stresslab.scorer.code;

import dev.stresslab.contracts.PythonText;
import dev.stresslab.scorer.domain.RestAnswerSplitter;
import dev.stresslab.scorer.parse.Region;
import dev.stresslab.scorer.parse.ThinkRule;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * REST's {@code split_code_content} (rest-livecodebench.md section 4), positional: reasoning removed as for math
 * ({@link RestAnswerSplitter#stripReasoning}), then the first {@code level} {@code ```python ... ```} blocks
 * (lowercase opener, non-greedy to the next {@code ```}, an unterminated last block dropped), each answer
 * {@code "```python\n" + strip(code) + "\n```"}, padded with {@code "```python ```"}. The code REST executes for a
 * slot is the stripped capture ({@link Slot#code()}, "" for padding). Linear in the output's length.
 *
 * <p>Alongside, a label-aware reading for diagnostics only (as for math): the last {@code Qn} / {@code Question n}
 * label before each block names the question the model meant; a slot whose block is labelled for another question
 * is flagged {@code label-mismatch}, a padded slot {@code omitted}, a block from an unclosed {@code <think>}
 * {@code from-unclosed-reasoning}, and answers beyond the level {@code extra-blocks-ignored} (on the last slot).
 */
public final class RestCodeSplitter {
    static final String OPEN = "```python";
    static final String FENCE = "```";
    public static final String PADDING = "```python ```";
    private static final Pattern LABEL = Pattern.compile("(?:\\bQ|\\bQuestion\\s*)(\\d{1,4})\\b");

    /**
     * One slot: REST's answer text, the code executed, the label the model put before it (null if none), flags, and
     * where its block is ({@code [start, end)} from its opening {@code ```python} through its closing fence, in UTF-16
     * offsets of the text given to {@link #slots}; -1 for a padded slot).
     */
    public record Slot(String answer, String code, Integer label, List<String> flags, int start, int end) {
        public Slot(String answer, String code, Integer label, List<String> flags) {
            this(answer, code, label, flags, -1, -1);
        }

        public boolean found() {
            return start >= 0;
        }
    }

    private RestCodeSplitter() {
    }

    /** The text REST splits: the content, or the reasoning when the content is empty (OpenCompass's stored output). */
    public static String restText(String content, String reasoning) {
        return content != null && !content.isEmpty() ? content : reasoning == null ? "" : reasoning;
    }

    /** REST's {@code split_code_content(text, n_merge=level)}. */
    public static List<String> split(String text, int level) {
        return slots(text, level).stream().map(Slot::answer).toList();
    }

    /** The slots 1..level with the code executed, the label-aware flags and where each block is in {@code text}. */
    public static List<Slot> slots(String text, int level) {
        String whole = text == null ? "" : text;
        // RestAnswerSplitter.stripReasoning, keeping the layout to map the blocks back to the text the model wrote
        List<Region> regions = ThinkRule.regions(whole);
        String body = ThinkRule.restText(whole, regions).text();
        boolean unclosed = body.contains("<think>");
        List<int[]> blocks = new ArrayList<>();
        int from = 0;
        while (true) {
            int open = body.indexOf(OPEN, from);
            if (open < 0) {
                break;
            }
            int close = body.indexOf(FENCE, open + OPEN.length());
            if (close < 0) {
                break; // unterminated: re.findall finds nothing from here on
            }
            blocks.add(new int[]{open, open + OPEN.length(), close});
            from = close + FENCE.length();
        }
        List<Slot> slots = new ArrayList<>(level);
        int previousEnd = 0;
        for (int j = 0; j < level; j++) {
            if (j >= blocks.size()) {
                slots.add(new Slot(PADDING, "", null, List.of("omitted")));
                continue;
            }
            int[] b = blocks.get(j);
            String code = PythonText.strip(body.substring(b[1], b[2]));
            Integer label = lastLabel(body.substring(previousEnd, b[0]));
            previousEnd = b[2] + FENCE.length();
            List<String> flags = new ArrayList<>();
            if (label != null && label != j + 1) {
                flags.add("label-mismatch");
            }
            if (unclosed && body.lastIndexOf("<think>", b[0]) >= 0) {
                flags.add("from-unclosed-reasoning");
            }
            if (code.isEmpty()) {
                flags.add("empty-block");
            }
            if (j == level - 1 && blocks.size() > level) {
                flags.add("extra-blocks-ignored");
            }
            int blockEnd = b[2] + FENCE.length();
            slots.add(new Slot("```python\n" + code + "\n```", code, label, List.copyOf(flags),
                    ThinkRule.contentOffset(whole, regions, b[0]), ThinkRule.contentEnd(whole, regions, b[0], blockEnd)));
        }
        return slots;
    }

    /** REST's {@code extract_code_generation} (v1): the lines strictly between the first two lines holding ```. */
    public static String executedCode(String answer) {
        String[] lines = answer.split("\n", -1);
        int first = -1;
        for (int k = 0; k < lines.length; k++) {
            if (lines[k].contains(FENCE)) {
                if (first < 0) {
                    first = k;
                } else {
                    return String.join("\n", java.util.Arrays.copyOfRange(lines, first + 1, k));
                }
            }
        }
        return "";
    }

    private static Integer lastLabel(String between) {
        Matcher m = LABEL.matcher(between);
        Integer last = null;
        while (m.find()) {
            last = Integer.parseInt(m.group(1));
        }
        return last;
    }
}

package dev.stresslab.scorer.domain;

import dev.stresslab.contracts.AnswerKind;
import dev.stresslab.scorer.parse.AnswerMarks;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The fixes for what the fuzzer found must not change a verdict: each linear rewrite is checked against the code it
 * replaced (copied here verbatim) on tens of thousands of short random texts built from the tokens that matter to
 * it. Short texts keep the old, super-linear versions fast.
 */
class ScorerFuzzEquivalenceTest {
    private static final int CASES = 20_000;
    private static final long SEED = Long.getLong("fuzz.seed", 20261202L);

    // the patterns as they were before the possessive rewrite
    private static final Pattern OLD_LINE_LABEL = Pattern.compile(
            "(?im)^[ \\t>#*_\\-]*(?:\\*\\*|__)?[ \\t]*(?:(?:final[ \\t]+)?answer[ \\t]+(?:to|for)[ \\t]+)?"
                    + "(?:Q|Question|Problem)[ \\t]*#?[ \\t]*(\\d{1,3})(?![\\d.,]\\d)");
    private static final Pattern OLD_INLINE_LABEL = Pattern.compile(
            "(?i)(?:answer[ \\t]+(?:to|for)[ \\t]+(?:Q|Question|Problem)[ \\t]*(\\d{1,3})\\b)"
                    + "|(?:\\*\\*[ \\t]*(?:Q|Question|Problem)[ \\t]*(\\d{1,3})\\b)"
                    + "|(?:\\bQ(\\d{1,3})[ \\t]*[:：])");
    private static final Pattern OLD_SUMMARY_HEADING = Pattern.compile(
            "(?im)^[ \\t>#*_\\-]*(?:\\*\\*|__)?[ \\t]*(?:final[ \\t]+answers|summary(?:[ \\t]+of[ \\t]+(?:the[ \\t]+)?answers)?"
                    + "|answers[ \\t]+summary|in[ \\t]+summary|to[ \\t]+summari[sz]e|all[ \\t]+answers|answers)"
                    + "\\b[^\\n]{0,40}$");
    private static final Pattern OLD_CHOICE_LINE = Pattern.compile(
            "(?i)\\banswer[ \\t]*(?:is)?[ \\t]*[:：]?[ \\t]*\\**[ \\t]*\\(?([A-J])\\)?(?![A-Za-z])");
    private static final Pattern OLD_THINK_SPAN = Pattern.compile("<think>(.*?)</think>", Pattern.DOTALL);

    private static final String[] LABEL_TOKENS = {" ", "  ", "\t", "*", "**", "_", "__", "#", ">", "-", "\n", "Q", "q",
            "Question", "Problem", "answer", "Answer", "final", "to", "for", "is", ":", "：", "1", "2", "12", "345", ".", ",",
            "Final answers", "summary", "Summary of the answers", "answers", "In summary", "all", "A", "b", "J", "(", ")",
            "second question", "x"};

    @Test
    void possessiveLabelPatternsFindExactlyWhatTheOldOnesFound() {
        SplittableRandom r = new SplittableRandom(SEED);
        for (int n = 0; n < CASES; n++) {
            String text = join(r, LABEL_TOKENS, 1 + r.nextInt(30));
            String where = "text " + quote(text);
            assertEquals(matches(OLD_LINE_LABEL, text), matches(AnswerMarks.LINE_LABEL, text), where);
            assertEquals(matches(OLD_INLINE_LABEL, text), matches(AnswerMarks.INLINE_LABEL, text), where);
            assertEquals(matches(OLD_SUMMARY_HEADING, text), matches(AnswerMarks.SUMMARY_HEADING, text), where);
            assertEquals(matches(OLD_CHOICE_LINE, text), matches(AnswerMarks.CHOICE_LINE, text), where);
        }
    }

    @Test
    void oneScanThinkRemovalEqualsTheRegex() {
        SplittableRandom r = new SplittableRandom(SEED);
        String[] tokens = {"<think>", "</think>", "a", "\n", "<", ">", "think", "/", "<think", "</think"};
        for (int n = 0; n < CASES; n++) {
            String text = join(r, tokens, r.nextInt(20));
            assertEquals(OLD_THINK_SPAN.matcher(text).replaceAll(""), RestAnswerSplitter.removeThinkSpans(text), quote(text));
        }
    }

    @Test
    void theBraceTableAgreesWithTheBraceCounterAtEveryBoxOpening() {
        SplittableRandom r = new SplittableRandom(SEED);
        String[] tokens = {"{", "}", "\\{", "\\}", "\\\\", "\\", "d{", " {", "a", "{{", "}}"};
        for (int n = 0; n < CASES; n++) {
            String text = join(r, tokens, r.nextInt(25));
            int[] table = AnswerMarks.matchingBraces(text);
            for (int p = 0; p < text.length(); p++) {
                // a box's opening brace follows "\boxed", "\fbox" or spaces: never a backslash
                boolean boxOpening = text.charAt(p) == '{' && (p == 0 || text.charAt(p - 1) == 'd' || text.charAt(p - 1) == ' ');
                if (boxOpening) {
                    assertEquals(AnswerMarks.closing(text, p), table[p], quote(text) + " at " + p);
                }
            }
        }
    }

    @Test
    void boxesReadWithTheBraceTableAreTheBoxesReadOneByOne() {
        SplittableRandom r = new SplittableRandom(SEED);
        String[] tokens = {"\\boxed{", "\\boxed ", "\\fbox{", "{", "}", "\\}", "1", "x", " ", "ANSWER: B\n", "answer is (C)"};
        for (int n = 0; n < CASES; n++) {
            String text = join(r, tokens, r.nextInt(25));
            AnswerKind kind = r.nextBoolean() ? AnswerKind.MATH : AnswerKind.CHOICE;
            assertEquals(oldBoxes(text, kind), AnswerMarks.boxes(text, kind), quote(text));
        }
    }

    // ------------------------------------------------------------------ the replaced code, verbatim

    private static List<AnswerMarks.Box> oldBoxes(String text, AnswerKind kind) {
        List<AnswerMarks.Box> out = new ArrayList<>();
        int from = 0;
        while (true) {
            int b = text.indexOf("\\boxed", from);
            int f = text.indexOf("\\fbox", from);
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
            int close = AnswerMarks.closing(text, i);
            if (close < 0) {
                from = i + 1;
                continue;
            }
            out.add(new AnswerMarks.Box(start, close + 1, text.substring(i + 1, close).strip(), false));
            from = close + 1;
        }
        if (kind == AnswerKind.CHOICE) {
            Matcher m = OLD_CHOICE_LINE.matcher(text);
            while (m.find()) {
                int at = m.start();
                boolean insideBox = out.stream().anyMatch(x -> !x.unboxed() && x.start() <= m.end() && at < x.end());
                int k = m.start(1);
                while (k < text.length() && Character.isWhitespace(text.charAt(k))) {
                    k++;
                }
                boolean followedByBox = text.startsWith("\\boxed", k)
                        || text.substring(m.start(), Math.min(text.length(), m.end() + 12)).contains("\\boxed");
                if (!insideBox && !followedByBox) {
                    out.add(new AnswerMarks.Box(at, m.end(), m.group(1).toUpperCase(java.util.Locale.ROOT), true));
                }
            }
            out.sort(java.util.Comparator.comparingInt(AnswerMarks.Box::start));
        }
        return out;
    }

    // ------------------------------------------------------------------ helpers

    private static List<String> matches(Pattern p, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            StringBuilder b = new StringBuilder().append(m.start()).append('-').append(m.end());
            for (int g = 1; g <= m.groupCount(); g++) {
                b.append('|').append(m.group(g)).append('@').append(m.start(g));
            }
            found.add(b.toString());
        }
        return found;
    }

    private static String join(SplittableRandom r, String[] tokens, int count) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            b.append(tokens[r.nextInt(tokens.length)]);
        }
        return b.toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\n", "\\n").replace("\t", "\\t") + "\"";
    }
}

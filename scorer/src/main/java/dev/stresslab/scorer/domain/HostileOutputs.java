package dev.stresslab.scorer.domain;

import dev.stresslab.contracts.AnswerKind;
import dev.stresslab.contracts.CompletionEvent;
import dev.stresslab.contracts.Usage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Named adversarial model outputs, the corpus behind {@code bench-grading --hostile} and {@code ScorerFuzzTest}:
 * deep nesting, tens of thousands of boxes, unbalanced braces and {@code <think>} tags, labels everywhere, huge
 * numbers, pathological LaTeX, 10 MB outputs, lone surrogates (invalid UTF-16), empty and null content.
 *
 * <p>Unless a case says otherwise its gold answers are {@link #SENTINEL_MATH} / {@link #SENTINEL_CHOICE}, and no text
 * in a sentinel case contains the characters {@code 8}, {@code J} or {@code j}: a {@code correct = true} verdict on
 * such a case is a grader false positive. The few cases with real gold answers ({@link Case#expectedCorrect}) check
 * that right answers hidden among hostile text still grade as right.
 */
public final class HostileOutputs {
    /** A MATH gold no sentinel case can spell: every number in those cases is written without the digit 8. */
    public static final String SENTINEL_MATH = "8675309";
    /** A CHOICE gold no sentinel case can spell: those cases never contain J or j. */
    public static final String SENTINEL_CHOICE = "J";

    static final int MB = 1 << 20;

    /**
     * One hostile output.
     *
     * @param expectedCorrect per position: true/false when the verdict is known, null when any verdict is acceptable
     */
    public record Case(String name, CompletionEvent completion, List<Boolean> expectedCorrect) {
    }

    private HostileOutputs() {
    }

    /** The names of the corpus's cases, for {@link #build}: several cases are 10 MB, so they are built one at a time. */
    public static List<String> names() {
        return List.of(NAMES);
    }

    private static final String[] NAMES = {
            "empty-content", "null-content-and-reasoning", "whitespace-10MB", "boxed-nested-10k",
            "boxed-nested-unclosed-100k", "boxes-50k", "empty-boxes-10MB", "close-braces-1M", "boxed-then-close-braces-1M",
            "open-braces-1M", "unclosed-think-100k", "close-think-100k", "think-tags-interleaved-10MB",
            "labels-everywhere-10MB", "label-then-space-run-1M", "space-line-1M", "summary-headings-everywhere",
            "choice-answer-space-runs", "huge-number-100k-digits", "huge-number-equal-gold", "power-of-ten-100k",
            "frac-chain-5000", "frac-unbraced-chain", "sqrt-nested-5000", "caret-runs", "exponent-towers",
            "factorials-and-binomials", "relation-chains", "pm-and-union-chains", "random-unicode-10MB",
            "lone-surrogates", "letters-10MB-no-spaces", "digits-10MB-in-box", "reasoning-10MB-then-answers",
            "separate-reasoning-10MB", "answers-then-50k-junk-boxes", "level-12-hostile-slots"};

    /** A fresh copy of the named case. */
    public static Case build(String name) {
        return switch (name) {
            case "empty-content" -> sentinel(name, 3, AnswerKind.MATH, "", null);
            case "null-content-and-reasoning" -> sentinel(name, 3, AnswerKind.MATH, null, null);
            case "whitespace-10MB" -> sentinel(name, 2, AnswerKind.MATH, fill(" \n\t\u00a0\u2003", 10 * MB), null);
            case "boxed-nested-10k" -> sentinel(name, 3, AnswerKind.MATH,
                    "\\boxed{".repeat(10_000) + "1" + "}".repeat(10_000), null);
            case "boxed-nested-unclosed-100k" -> sentinel(name, 3, AnswerKind.MATH, "\\boxed{".repeat(100_000), null);
            case "boxes-50k" -> sentinel(name, 12, AnswerKind.MATH, "\\boxed{1} ".repeat(50_000), null);
            case "empty-boxes-10MB" -> sentinel(name, 12, AnswerKind.MATH, fill("\\boxed{}", 10 * MB), null);
            case "close-braces-1M" -> sentinel(name, 3, AnswerKind.MATH, "}".repeat(MB) + "\\boxed{1}", null);
            case "boxed-then-close-braces-1M" -> sentinel(name, 3, AnswerKind.MATH,
                    "\\boxed" + "}".repeat(MB) + "{1}\\boxed{2}", null);
            case "open-braces-1M" -> sentinel(name, 3, AnswerKind.MATH, "\\boxed{1}\\boxed{" + "{".repeat(MB), null);
            case "unclosed-think-100k" -> sentinel(name, 3, AnswerKind.MATH,
                    "<think>".repeat(100_000) + "Q1: \\boxed{1}", null);
            case "close-think-100k" -> sentinel(name, 3, AnswerKind.MATH,
                    "</think>".repeat(100_000) + "Q1: \\boxed{1}", null);
            case "think-tags-interleaved-10MB" -> sentinel(name, 3, AnswerKind.MATH,
                    fill("<think>Q1 \\boxed{2}</think><think><think>\\boxed{3}</think></think>", 10 * MB) + "<think>", null);
            case "labels-everywhere-10MB" -> sentinel(name, 5, AnswerKind.MATH,
                    fill("Q1: Answer to Q2 **Q3** Question 4\nProblem 5 the second question Q999: \\boxed{7}\n", 10 * MB), null);
            case "label-then-space-run-1M" -> sentinel(name, 3, AnswerKind.CHOICE,
                    "Q" + " ".repeat(MB) + "1\nanswer" + "\t".repeat(MB) + "is\n**Q" + " ".repeat(MB) + "#" + " ".repeat(MB),
                    "Question" + " ".repeat(MB) + "x");
            case "space-line-1M" -> sentinel(name, 3, AnswerKind.MATH,
                    "\\boxed{1}\n" + " ".repeat(MB) + "\n" + "*".repeat(MB) + "\n" + "_-#>".repeat(MB / 4) + "\n\\boxed{2}", null);
            case "summary-headings-everywhere" -> sentinel(name, 3, AnswerKind.MATH,
                    "\\boxed{1}\n" + "Final answers\n\\boxed{2}\n".repeat(200_000), null);
            case "choice-answer-space-runs" -> sentinel(name, 3, AnswerKind.CHOICE,
                    "\\boxed{answer" + " ".repeat(20_000) + "is" + " ".repeat(20_000) + "}\nANSWER" + " ".repeat(MB) + ":"
                            + " ".repeat(MB) + "\\boxed{the final answer" + "\u3000".repeat(30_000) + "}", null);
            case "huge-number-100k-digits" -> sentinel(name, 2, AnswerKind.MATH,
                    "\\boxed{" + "9".repeat(100_000) + "}\\boxed{" + "1".repeat(50_000) + "." + "5".repeat(50_000) + "}", null);
            case "huge-number-equal-gold" -> {
                String big = "1" + "0".repeat(100_000);
                yield known(name, 2, AnswerKind.MATH, "Q1: \\boxed{" + big + "}\nQ2: \\boxed{" + big + "}",
                        List.of(big, "7"), Arrays.asList(true, false));
            }
            case "power-of-ten-100k" -> sentinel(name, 3, AnswerKind.MATH,
                    "\\boxed{10^{100000}}\\boxed{10^{" + "9".repeat(100_000) + "}}\\boxed{2^{-" + "9".repeat(5000) + "}}", null);
            case "frac-chain-5000" -> sentinel(name, 2, AnswerKind.MATH,
                    "\\boxed{" + "\\frac{1}{".repeat(5000) + "2" + "}".repeat(5000) + "}\\boxed{" + "\\frac{1}{".repeat(300)
                            + "2" + "}".repeat(300) + "}", null);
            case "frac-unbraced-chain" -> sentinel(name, 2, AnswerKind.MATH,
                    "\\boxed{" + "\\frac".repeat(20_000) + "12}\\boxed{" + "\\frac1".repeat(300) + "2}", null);
            case "sqrt-nested-5000" -> sentinel(name, 2, AnswerKind.MATH,
                    "\\boxed{" + "\\sqrt{".repeat(5000) + "2" + "}".repeat(5000) + "}\\boxed{" + "\\sqrt[3]{".repeat(200)
                            + "2" + "}".repeat(200) + "}", null);
            case "caret-runs" -> sentinel(name, 3, AnswerKind.MATH,
                    "\\boxed{2" + "^".repeat(100_000) + "3}\\boxed{" + "x^".repeat(500) + "2}\\boxed{" + "x^{-".repeat(300)
                            + "-".repeat(1000) + "}".repeat(300) + "}", null);
            case "exponent-towers" -> sentinel(name, 4, AnswerKind.MATH,
                    "\\boxed{" + "2^{".repeat(12) + "2" + "}".repeat(12) + "}\\boxed{" + "9^{".repeat(6) + "9" + "}".repeat(6)
                            + "}\\boxed{" + "2^".repeat(900) + "2}\\boxed{(2^{2^{2^{2^{2^{2}}}}})^{2^{2^{2^{2^{2}}}}}-1}", null);
            case "factorials-and-binomials" -> sentinel(name, 5, AnswerKind.MATH,
                    "\\boxed{(10^{100})!}\\boxed{1000000!}\\boxed{3" + "!".repeat(1000) + "}\\boxed{\\binom{999999}{499999}}"
                            + "\\boxed{\\binom{10^{9}}{5}\\cdot 400! \\cdot 399! \\cdot \\binom{900000}{450000}}", null);
            case "relation-chains" -> sentinel(name, 3, AnswerKind.MATH,
                    "\\boxed{" + "x=".repeat(900) + "1}\\boxed{" + "a<".repeat(600) + "b}\\boxed{" + "1+".repeat(990) + "1}", null);
            case "pm-and-union-chains" -> sentinel(name, 3, AnswerKind.MATH,
                    "\\boxed{" + "1\\pm ".repeat(300) + "1}\\boxed{" + "(1,2)\\cup ".repeat(180) + "(3,4)}\\boxed{\\{"
                            + "1,".repeat(900) + "1\\}}", null);
            case "random-unicode-10MB" -> sentinel(name, 6, AnswerKind.MATH, randomUnicode(new SplittableRandom(42), 10 * MB), null);
            case "lone-surrogates" -> sentinel(name, 3, AnswerKind.MATH,
                    "Q1: \\boxed{\ud800}\nQ2: \\boxed{\udfff\ud83d}\nQ3: \\boxed{x\ud83d\ude00\udc00}" + "\ud800".repeat(MB), "\udc00\ud800");
            case "letters-10MB-no-spaces" -> sentinel(name, 3, AnswerKind.MATH, fill("abcdefghiklmnopqrstuvwxyz", 10 * MB), null);
            case "digits-10MB-in-box" -> sentinel(name, 2, AnswerKind.MATH, "\\boxed{" + fill("1234567909", 10 * MB) + "}", null);
            case "reasoning-10MB-then-answers" -> known(name, 2, AnswerKind.MATH,
                    "<think>" + fill("Q1: maybe \\boxed{41}? no. Q2 \\boxed{7} hmm\n", 10 * MB) + "</think>Q1: \\boxed{42}\nQ2: \\boxed{\\dfrac{1}{2}}",
                    List.of("42", "0.5"), List.of(true, true));
            case "separate-reasoning-10MB" -> new Case(name, completion(2, AnswerKind.MATH, "Q1: \\boxed{42}\nQ2: \\boxed{x+1}",
                    fill("Q1 is \\boxed{41}. Now the second question: ", 10 * MB), List.of("42", "1+x")), List.of(true, true));
            case "answers-then-50k-junk-boxes" -> known(name, 3, AnswerKind.MATH,
                    "Q1: \\boxed{3}\nQ2: \\boxed{(1,2]}\nQ3: \\boxed{\\sqrt{12}}\n" + "\\boxed{\\frac{1}{".repeat(50_000),
                    List.of("3", "(1,2]", "2\\sqrt{3}"), List.of(true, true, true));
            case "level-12-hostile-slots" -> {
                StringBuilder b = new StringBuilder();
                String[] slots = {"\\frac{1}{".repeat(200) + "1" + "}".repeat(200), "2^{2^{2^{2^{2^{9}}}}}", "9".repeat(5000),
                        "\\sqrt{".repeat(100) + "2" + "}".repeat(100), "x".repeat(1999), "(a+b+c+d+e+f+g+h+i)^{12}".repeat(40),
                        "\\begin{pmatrix}" + "1&".repeat(300) + "1\\end{pmatrix}", "|".repeat(1000), "1/".repeat(900) + "1",
                        "\\ln\\ln\\ln".repeat(200) + "x", "\\{\\{\\{".repeat(200), "e^{e^{e^{e^{e^{e^{e}}}}}}"};
                for (int i = 0; i < slots.length; i++) {
                    b.append("Q").append(i + 1).append(": \\boxed{").append(slots[i]).append("}\n");
                }
                yield sentinel(name, 12, AnswerKind.MATH, b.toString(), null);
            }
            default -> throw new IllegalArgumentException("no hostile case named " + name);
        };
    }

    private static Case sentinel(String name, int level, AnswerKind kind, String content, String reasoning) {
        String gold = kind == AnswerKind.CHOICE ? SENTINEL_CHOICE : SENTINEL_MATH;
        return new Case(name, completion(level, kind, content, reasoning, Collections.nCopies(level, gold)),
                Collections.nCopies(level, false));
    }

    private static Case known(String name, int level, AnswerKind kind, String content, List<String> gold,
                              List<Boolean> expected) {
        return new Case(name, completion(level, kind, content, null, gold), expected);
    }

    /** A completion in the service's shape: one question id and one gold per position. */
    public static CompletionEvent completion(int level, AnswerKind kind, String content, String reasoning, List<String> gold) {
        List<String> ids = new ArrayList<>(level);
        for (int i = 0; i < level; i++) {
            ids.add("hostile-" + i);
        }
        return new CompletionEvent(CompletionEvent.SCHEMA_VERSION, "hostile", "hostile/p", "fuzz", "math500", level, 0, 0,
                ids, gold, kind, content, reasoning, "stop", new Usage(100, 32_768, 30_000), 1, null, 1, null);
    }

    /** {@code unit} repeated to about {@code chars} characters. */
    static String fill(String unit, int chars) {
        return unit.repeat(Math.max(1, chars / unit.length()));
    }

    /**
     * Random UTF-16 code units over the whole range, lone surrogates included, except {@code 8}, {@code J} and
     * {@code j} (so the sentinel golds stay unspellable); biased towards the characters the scorer treats specially.
     */
    public static String randomUnicode(SplittableRandom random, int chars) {
        String special = "\\{}<>/^_!|()[],.:;=+-*QqAaxe0123456790 \n\t$%";
        StringBuilder b = new StringBuilder(chars);
        while (b.length() < chars) {
            char c = random.nextInt(4) == 0 ? special.charAt(random.nextInt(special.length())) : (char) random.nextInt(0x10000);
            if (c != '8' && c != 'J' && c != 'j') {
                b.append(c);
            }
        }
        return b.toString();
    }
}

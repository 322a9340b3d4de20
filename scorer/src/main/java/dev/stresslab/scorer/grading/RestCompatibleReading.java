package dev.stresslab.scorer.grading;

import dev.stresslab.contracts.AnswerKind;

import java.util.regex.Pattern;

/**
 * What Math-Verify 0.8.0, called as REST calls it, would answer for a boxed prediction: our grader with Math-Verify's
 * known quirks applied (docs/grading.md, "Where we deliberately differ"). Each quirk was measured with the reference
 * itself (tools/math-verify) on the differential corpus:
 * <ul>
 *   <li>the prediction is rejected when it ends with a period ({@code \boxed{9.}}), has an unbraced {@code \frac43},
 *       {@code \frac{270}7} or {@code \sqrt2}, the Unicode degree sign, or thin-space thousands ({@code 2\,000});</li>
 *   <li>a percent is a hundredth on either side ({@code 10\%} is 0.1);</li>
 *   <li>a mixed number is a product ({@code 1\frac{4}{5}} is 4/5);</li>
 *   <li>a base subscript is dropped ({@code 52_9} equals {@code 52_8}).</li>
 * </ul>
 * Used to flag slots where a REST-compatible verdict would differ from ours ({@code reference-grader-differs}).
 */
public final class RestCompatibleReading {
    private static final Pattern REJECTED_PREDICTION = Pattern.compile(
            "\\\\[dtc]?frac\\s*(?!\\s*\\{)|\\\\[dtc]?frac\\s*\\{[^{}]*\\}\\s*(?!\\s*\\{)|\\\\sqrt\\s*(?![\\s{\\[])|°|\\d\\\\,\\d{3}");
    private static final Pattern PERCENT = Pattern.compile("^\\s*([-+]?\\d+(?:\\.\\d+)?)\\s*\\\\?%\\s*$");
    private static final Pattern MIXED_NUMBER = Pattern.compile("(\\d)\\s*(\\\\[dt]?frac)");
    private static final Pattern BASE_SUBSCRIPT = Pattern.compile("(\\d)_(?:\\{\\d+\\}|\\d+)");

    private RestCompatibleReading() {
    }

    /** Math-Verify's verdict under REST's call, as far as its known quirks go; CHOICE answers are ours unchanged. */
    public static boolean verdict(AnswerGrader grader, String prediction, String gold, AnswerKind kind) {
        return verdict(grader, prediction, gold, kind, Long.MAX_VALUE);
    }

    public static boolean verdict(AnswerGrader grader, String prediction, String gold, AnswerKind kind, long deadlineNanos) {
        if (prediction == null || gold == null) {
            return false;
        }
        if (kind == AnswerKind.CHOICE) {
            return grader.grade(prediction, gold, kind, deadlineNanos).equal();
        }
        String p = LatexNormalizer.unwrapCommand(prediction.strip(), "\\boxed");
        if (p.endsWith(".") || REJECTED_PREDICTION.matcher(p).find()) {
            return false;
        }
        return grader.grade(quirks(p), quirks(gold), kind, deadlineNanos).equal();
    }

    private static String quirks(String s) {
        String t = PERCENT.matcher(s).replaceFirst("\\\\frac{$1}{100}");
        t = MIXED_NUMBER.matcher(t).replaceAll("$1\\\\cdot $2");
        return BASE_SUBSCRIPT.matcher(t).replaceAll("$1");
    }
}

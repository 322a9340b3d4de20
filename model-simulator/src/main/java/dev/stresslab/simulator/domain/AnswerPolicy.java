package dev.stresslab.simulator.domain;

import dev.stresslab.contracts.AnswerKind;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/** Plausible wrong answers: gold + 1 for numbers, another letter for multiple choice, "gold+1" for other LaTeX. */
public final class AnswerPolicy {
    private static final Pattern INTEGER = Pattern.compile("-?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("-?\\d+\\.\\d+");
    private static final String LETTERS = "ABCD";

    private AnswerPolicy() {
    }

    public static String wrongAnswer(String gold, AnswerKind kind, SplittableRandom rnd) {
        if (kind == AnswerKind.CODE) {
            return CodeAnswers.wrongProgram(gold, rnd);
        }
        String g = gold.strip();
        if (kind == AnswerKind.CHOICE) {
            String up = g.toUpperCase(Locale.ROOT);
            int idx = up.length() == 1 ? LETTERS.indexOf(up.charAt(0)) : -1;
            if (idx < 0) {
                return String.valueOf(LETTERS.charAt(rnd.nextInt(LETTERS.length())));
            }
            return String.valueOf(LETTERS.charAt((idx + 1 + rnd.nextInt(LETTERS.length() - 1)) % LETTERS.length()));
        }
        if (INTEGER.matcher(g).matches()) {
            return new BigInteger(g).add(BigInteger.ONE).toString();
        }
        if (DECIMAL.matcher(g).matches()) {
            return new BigDecimal(g).add(BigDecimal.ONE).toPlainString();
        }
        return g + "+1";
    }

    /** An answer for a question whose gold is unknown: a number, almost surely wrong. */
    public static String unknownAnswer(SplittableRandom rnd) {
        return Integer.toString(100 + rnd.nextInt(900));
    }
}

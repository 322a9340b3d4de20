package dev.stresslab.scorer.domain;

import dev.stresslab.contracts.AnswerKind;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * Decides whether a predicted answer equals the gold answer. First version: normalised text and exact decimal
 * comparison; symbolic LaTeX equivalence is the method issue's work.
 */
public final class AnswerGrader {

    public boolean equal(String prediction, String gold, AnswerKind kind) {
        if (prediction == null || gold == null) {
            return false;
        }
        if (kind == AnswerKind.CHOICE) {
            return choiceLetter(prediction).equalsIgnoreCase(gold.strip());
        }
        String p = normalise(prediction);
        String g = normalise(gold);
        if (p.equals(g)) {
            return true;
        }
        BigDecimal pn = number(p);
        BigDecimal gn = number(g);
        return pn != null && gn != null && pn.compareTo(gn) == 0;
    }

    private static String choiceLetter(String prediction) {
        String s = prediction.replace("\\text{", "").replace("}", "").replace("(", "").replace(")", "").strip();
        return s.length() >= 1 ? s.substring(0, 1) : s;
    }

    static String normalise(String s) {
        String t = s.strip();
        t = t.replace("\\!", "").replace("\\,", "").replace("\\ ", "").replace("$", "");
        t = t.replace("\\dfrac", "\\frac").replace("\\tfrac", "\\frac").replace("\\left", "").replace("\\right", "");
        t = t.replaceAll("\\\\text\\{\\s*([^}]*)\\}", "$1");
        t = t.replaceAll("\\s+", "");
        t = t.replaceAll("(?<=\\d),(?=\\d{3}(\\D|$))", "");
        if (t.endsWith(".")) {
            t = t.substring(0, t.length() - 1);
        }
        return t.toLowerCase(Locale.ROOT);
    }

    private static BigDecimal number(String s) {
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

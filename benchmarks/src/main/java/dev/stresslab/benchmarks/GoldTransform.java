package dev.stresslab.benchmarks;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the gold answer is derived from the answer field of a record. */
public enum GoldTransform {
    /** The field as it is (JSON numbers printed as Python prints them). */
    NONE("none"),
    /** GSM8K: {@code answer.split('#### ')[1].replace(',', '')} (REST's {@code gsm8k_dataset_postprocess}). */
    AFTER_HASHES("after-####"),
    /** MATH: the content of the last {@code \boxed{}} of a worked solution ({@link LatexBoxes}). */
    LAST_BOXED("last-boxed");

    private final String label;

    GoldTransform(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static GoldTransform parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (GoldTransform g : values()) {
            if (g.label.equals(t) || g.name().toLowerCase(Locale.ROOT).equals(t)) {
                return g;
            }
        }
        if (t.equals("gsm8k") || t.equals("after-hashes")) {
            return AFTER_HASHES;
        }
        throw new IllegalArgumentException("unknown gold transform '" + text + "'; known: "
                + Arrays.stream(values()).map(GoldTransform::label).collect(Collectors.joining(", ")));
    }

    /** Applies the transform; returns null when the text has no such answer (the caller reports the record). */
    public String apply(String answer) {
        return switch (this) {
            case NONE -> answer;
            case AFTER_HASHES -> afterHashes(answer);
            case LAST_BOXED -> LatexBoxes.lastBoxedContent(answer);
        };
    }

    private static String afterHashes(String answer) {
        int mark = answer.indexOf("#### ");
        if (mark < 0) {
            return null;
        }
        String rest = answer.substring(mark + 5);
        int next = rest.indexOf("#### ");
        if (next >= 0) {
            rest = rest.substring(0, next);
        }
        return rest.replace(",", "");
    }
}

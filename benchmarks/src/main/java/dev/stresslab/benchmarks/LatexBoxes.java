package dev.stresslab.benchmarks;

import dev.stresslab.contracts.text.RestBoxes;

/**
 * The last {@code \boxed{...}} of a worked solution, as OpenCompass's {@code last_boxed_only_string} +
 * {@code remove_boxed} compute it (REST's MATH500 loader uses it on {@code solution}; for the 500 problems it equals the
 * {@code answer} field, which is what {@link BenchmarkCatalog} reads).
 */
public final class LatexBoxes {
    private LatexBoxes() {
    }

    /**
     * The content of the last {@code \boxed{...}} (falling back to the last {@code \fbox}, as REST does, which then
     * yields null because only a {@code \boxed{} } wrapper can be removed), or null when there is none or its braces
     * never close. Braces are counted by REST's scan ({@link RestBoxes#closingBrace}), the one the
     * scorer's positional split uses.
     */
    public static String lastBoxedContent(String text) {
        int idx = text.lastIndexOf("\\boxed");
        if (idx < 0) {
            idx = text.lastIndexOf("\\fbox");
            if (idx < 0) {
                return null;
            }
        }
        int close = RestBoxes.closingBrace(text, idx);
        if (close < 0) {
            return null;
        }
        String boxed = text.substring(idx, close + 1);
        String left = "\\boxed{";
        if (!boxed.startsWith(left) || !boxed.endsWith("}")) {
            return null;
        }
        return boxed.substring(left.length(), boxed.length() - 1);
    }
}

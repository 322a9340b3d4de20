package dev.stresslab.contracts.text;

/**
 * REST's {@code \boxed} brace scan, written once for the scorer's positional split and the benchmarks' gold
 * extraction (OpenCompass {@code extract_boxed} / {@code last_boxed_only_string}, rest-method.md section 5). It lives
 * here because {@code contracts} is the one plain-Java module both depend on.
 *
 * <p>The counter starts at the {@code \boxed} itself and counts every {@code {} and {@code }} (escaped ones too) until a
 * {@code }} brings it back to zero, so matching starts at the next {@code {} however far away, and a {@code }} before
 * any {@code {} leaves it negative for good.
 */
public final class RestBoxes {
    public static final String BOXED = "\\boxed";

    private RestBoxes() {
    }

    /** The index of the {@code }} that closes the group started at {@code from}, or -1 when it never closes. */
    public static int closingBrace(CharSequence text, int from) {
        int open = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                open++;
            } else if (c == '}') {
                open--;
                if (open == 0) {
                    return i;
                }
            }
        }
        return -1;
    }
}

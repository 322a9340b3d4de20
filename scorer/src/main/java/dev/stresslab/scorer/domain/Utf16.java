package dev.stresslab.scorer.domain;

/** Model outputs may carry invalid UTF-16 (lone surrogates, e.g. from a JSON {@code "\ud800"} escape). */
final class Utf16 {
    private Utf16() {
    }

    /**
     * {@code s} with every lone surrogate replaced by U+FFFD, or {@code s} itself when it is well formed. jtokkit
     * asserts its input is valid UTF-8 (an AssertionError under {@code -ea}), and a JSON producer may refuse to encode
     * a lone surrogate as UTF-8.
     */
    static String wellFormed(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                if (b != null) {
                    b.append(ch).append(s.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(ch)) {
                if (b == null) {
                    b = new StringBuilder(s.length()).append(s, 0, i);
                }
                b.append('\ufffd');
            } else if (b != null) {
                b.append(ch);
            }
        }
        return b == null ? s : b.toString();
    }
}

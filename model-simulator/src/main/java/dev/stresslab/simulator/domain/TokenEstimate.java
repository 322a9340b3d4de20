package dev.stresslab.simulator.domain;

/** Token counts without a tokenizer: about four characters per token, as for English text with BPE vocabularies. */
public final class TokenEstimate {
    public static final int CHARS_PER_TOKEN = 4;

    private TokenEstimate() {
    }

    public static int of(String text) {
        return text == null || text.isEmpty() ? 0 : (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }
}

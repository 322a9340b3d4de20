package dev.stresslab.scorer.parse;

/**
 * One stretch of a completion's {@code content}, tags excluded: {@code [start, end)} in content coordinates.
 * {@code tagBefore} is the length of the {@code <think>} tag just before a reasoning region (0 otherwise).
 */
public record Region(Kind kind, int start, int end, int tagBefore) {
    public enum Kind { ANSWER, REASONING, UNCLOSED_REASONING }

    public boolean reasoning() {
        return kind != Kind.ANSWER;
    }
}

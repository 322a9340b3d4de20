package dev.stresslab.scorer.parse;

/**
 * A stretch of the output given to one question: {@code [start, end)} in {@code source}'s coordinates (the
 * completion's {@code content}, or its separate {@code reasoning} field). {@code position} is 1-based, 0 when the
 * stretch belongs to no question (a preamble, a recap). A viewer colours the output with these.
 */
public record AttributionCut(Source source, int start, int end, int position, boolean reasoning) {
    public enum Source { CONTENT, REASONING_FIELD }

    public int length() {
        return end - start;
    }
}

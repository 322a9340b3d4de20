package dev.stresslab.contracts;

/**
 * One highlighted stretch of a {@link Transcript}: {@code [start, end)} in UTF-16 offsets of {@code source}'s text.
 *
 * @param kind     what the stretch is
 * @param source   which text it is in
 * @param position the question it belongs to (1-based); 0 for an attribution cut no question could be given
 *                 (a preamble, a recap)
 */
public record TranscriptSpan(Kind kind, Source source, int start, int end, int position) {
    public enum Kind {
        /** token attribution's cut of the reasoning (docs/metrics.md, "Token attribution") */
        REASONING_CUT,
        /** token attribution's cut of the final answer text */
        ANSWER_CUT,
        /** REST's positional group for {@code position} (the headline answer) */
        REST_BOX,
        /** the box or ANSWER line the label-aware reading took for {@code position} */
        LABEL_ANSWER
    }

    public enum Source { CONTENT, REASONING }
}

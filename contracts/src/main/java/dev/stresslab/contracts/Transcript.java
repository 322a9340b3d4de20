package dev.stresslab.contracts;

import java.util.List;

/**
 * What the model wrote for one prompt, with the spans a viewer draws over it, taken from the scorer's one parse
 * (docs/reports.md, "Transcripts"). Travels at the end of {@link ScoreEvent} (null in events before it and for
 * failed calls; a code prompt's comes with its {@link CodeJob}'s partial score). The prompt's text is not repeated
 * here: analytics keeps it once per prompt id from stress.prompts.
 *
 * @param content   the completion's content, as the gateway published it ("" when the model sent none)
 * @param reasoning the separate reasoning field (reasoning_content), or null; inline {@code <think>} stays in content
 * @param spans     attribution cuts, REST's positional boxes and the label-aware answers, in
 *                  {@code [start, end)} UTF-16 offsets of their source text; at most {@link #MAX_SPANS}
 * @param spansCut  true when the output had more spans than {@link #MAX_SPANS} and the rest were dropped
 * @param textCut   true when the texts were longer than {@link #MAX_TEXT_JSON_BYTES} as JSON (an output the gateway
 *                  would not have published) and only their first part is kept, with the spans inside it
 */
public record Transcript(String content, String reasoning, List<TranscriptSpan> spans, boolean spansCut,
                         boolean textCut) {
    /**
     * The most bytes the two texts take in the event's JSON: the gateway's completion cap
     * (gateway.max-completion-bytes, 12 MiB), so a transcript of anything the gateway publishes is whole.
     */
    public static final long MAX_TEXT_JSON_BYTES = 12L * 1024 * 1024;

    /**
     * The most spans one transcript carries. A span is at most about 80 bytes of JSON, so the spans add at most
     * 1.6 MB to a score event, which together with the gateway's completion cap (12 MiB) stays below the record
     * limit ({@link Topics#MAX_RECORD_BYTES}).
     */
    public static final int MAX_SPANS = 20_000;
}

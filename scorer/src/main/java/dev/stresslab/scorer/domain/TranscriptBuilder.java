package dev.stresslab.scorer.domain;

import dev.stresslab.contracts.Transcript;
import dev.stresslab.contracts.TranscriptSpan;
import dev.stresslab.scorer.parse.AnswerMarks;
import dev.stresslab.scorer.parse.AttributionCut;
import dev.stresslab.scorer.parse.ParsedOutput;
import dev.stresslab.scorer.parse.RestGroup;
import dev.stresslab.scorer.parse.ThinkRule;

import java.util.ArrayList;
import java.util.List;

/**
 * The transcript a score event carries (docs/reports.md, "Transcripts"): the output as the model wrote it and the
 * spans the prompt viewer draws, all read from the one parse the verdicts came from, never parsed again. REST's
 * boxes and the label-aware answers are found in REST's reasoning-stripped text and mapped back to the content
 * ({@link ThinkRule#contentOffset}); the attribution cuts are already in the content's or the reasoning field's
 * offsets. Answers come first, so a transcript cut at {@link Transcript#MAX_SPANS} keeps every answer span.
 * {@link #of} is the one home of the rules every transcript follows (math, choice and code prompts alike): the
 * attribution cuts, the span cap and the text budget.
 */
public final class TranscriptBuilder {
    private TranscriptBuilder() {
    }

    /** A math or choice prompt's transcript: REST's groups and the label-aware answers, then {@link #of}. */
    public static Transcript build(SplitReport report) {
        ParsedOutput parsed = report.parsed();
        List<TranscriptSpan> answers = new ArrayList<>();
        int level = report.level();
        List<RestGroup> groups = parsed.restGroups();
        for (int i = 0; i < level && i < groups.size(); i++) {
            RestGroup g = groups.get(i);
            answers.add(inContent(parsed, TranscriptSpan.Kind.REST_BOX, g.start(), g.end(), i + 1));
        }
        for (int i = 0; i < level && i < report.labelBoxes().size(); i++) {
            AnswerMarks.Box b = report.labelBoxes().get(i);
            if (b != null) {
                answers.add(inContent(parsed, TranscriptSpan.Kind.LABEL_ANSWER, b.start(), b.end(), i + 1));
            }
        }
        return of(parsed, answers);
    }

    /**
     * The transcript of a parsed output with the answer spans its kind of prompt found (already in their source
     * text's offsets): those first, then the attribution cuts of {@code parsed}, at most {@link Transcript#MAX_SPANS}
     * spans, the texts within {@link Transcript#MAX_TEXT_JSON_BYTES}.
     */
    public static Transcript of(ParsedOutput parsed, List<TranscriptSpan> answerSpans) {
        return of(parsed, answerSpans, Transcript.MAX_TEXT_JSON_BYTES);
    }

    /**
     * As {@link #of(ParsedOutput, List)}, the texts within {@code textBudget} JSON bytes: less than
     * {@link Transcript#MAX_TEXT_JSON_BYTES} when the record carrying the transcript also carries copies of the
     * output (a code job's programs).
     */
    public static Transcript of(ParsedOutput parsed, List<TranscriptSpan> answerSpans, long textBudget) {
        List<TranscriptSpan> spans = new ArrayList<>(answerSpans);
        boolean cut = false;
        for (AttributionCut c : parsed.cuts()) {
            if (spans.size() >= Transcript.MAX_SPANS) {
                cut = true;
                break;
            }
            spans.add(new TranscriptSpan(c.reasoning() ? TranscriptSpan.Kind.REASONING_CUT : TranscriptSpan.Kind.ANSWER_CUT,
                    c.source() == AttributionCut.Source.CONTENT ? TranscriptSpan.Source.CONTENT : TranscriptSpan.Source.REASONING,
                    c.start(), c.end(), c.position()));
        }
        if (spans.size() > Transcript.MAX_SPANS) { // only at levels above 10,000 answers
            spans = new ArrayList<>(spans.subList(0, Transcript.MAX_SPANS));
            cut = true;
        }
        return withinBudget(parsed.content(), parsed.reasoningField(), spans, cut, textBudget);
    }

    /**
     * The transcript of an output the parser could not read: its texts, no spans, within {@code textBudget} JSON
     * bytes as for {@link #of(ParsedOutput, List, long)} (the output is still worth reading in the viewer).
     */
    public static Transcript unparsed(String content, String reasoning, long textBudget) {
        return withinBudget(content == null ? "" : content, reasoning, List.of(), false, textBudget);
    }

    /** The content (it holds the answers) first, then the reasoning, within the JSON budget; spans cut with them. */
    private static Transcript withinBudget(String content, String reasoning, List<TranscriptSpan> spans,
                                           boolean spansCut, long textBudget) {
        long budget = Math.max(0, Math.min(textBudget, Transcript.MAX_TEXT_JSON_BYTES));
        int contentKeep = fitting(content, budget);
        long left = budget - jsonBytes(content, contentKeep);
        int reasoningKeep = reasoning == null ? 0 : fitting(reasoning, left);
        boolean textCut = contentKeep < content.length() || reasoning != null && reasoningKeep < reasoning.length();
        if (textCut) {
            List<TranscriptSpan> kept = new ArrayList<>();
            for (TranscriptSpan s : spans) {
                int keep = s.source() == TranscriptSpan.Source.CONTENT ? contentKeep : reasoningKeep;
                if (s.start() < keep) {
                    kept.add(new TranscriptSpan(s.kind(), s.source(), s.start(), Math.min(s.end(), keep), s.position()));
                }
            }
            spans = kept;
            content = content.substring(0, contentKeep);
            reasoning = reasoning == null ? null : reasoning.substring(0, reasoningKeep);
        }
        return new Transcript(content, reasoning, List.copyOf(spans), spansCut, textCut);
    }

    /** How many leading characters of {@code s} take at most {@code budget} bytes as JSON (never half a pair). */
    static int fitting(String s, long budget) {
        long used = 0;
        for (int i = 0; i < s.length(); i++) {
            used += jsonBytes(s.charAt(i));
            if (used > budget) {
                return i > 0 && Character.isHighSurrogate(s.charAt(i - 1)) ? i - 1 : i;
            }
        }
        return s.length();
    }

    /** At most the bytes {@code s} takes as a JSON string's content. */
    public static long jsonBytes(String s) {
        return jsonBytes(s, s.length());
    }

    private static long jsonBytes(String s, int chars) {
        long n = 0;
        for (int i = 0; i < chars; i++) {
            n += jsonBytes(s.charAt(i));
        }
        return n;
    }

    /**
     * At most what Jackson writes for one UTF-16 unit in a UTF-8 JSON string: its short escapes take 2 (code is
     * mostly newlines and tabs), other control characters and lone surrogates 6.
     */
    private static int jsonBytes(char c) {
        if (c == '"' || c == '\\' || c == '\n' || c == '\t' || c == '\r' || c == '\b' || c == '\f') {
            return 2;
        }
        if (c < 0x20 || Character.isSurrogate(c)) {
            return 6;
        }
        return c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
    }

    /** A span of REST's text, in content offsets ({@link ThinkRule#contentEnd} says how its end is mapped). */
    private static TranscriptSpan inContent(ParsedOutput parsed, TranscriptSpan.Kind kind, int start, int end, int position) {
        int from = ThinkRule.contentOffset(parsed.content(), parsed.regions(), start);
        int to = ThinkRule.contentEnd(parsed.content(), parsed.regions(), start, end);
        return new TranscriptSpan(kind, TranscriptSpan.Source.CONTENT, from, to, position);
    }
}

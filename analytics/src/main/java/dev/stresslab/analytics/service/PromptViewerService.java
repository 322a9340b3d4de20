package dev.stresslab.analytics.service;

import dev.stresslab.analytics.persistence.PromptListQueries;
import dev.stresslab.analytics.persistence.PromptListQueries.Filter;
import dev.stresslab.analytics.persistence.PromptResultEntity;
import dev.stresslab.analytics.persistence.QuestionResultEntity;
import dev.stresslab.analytics.persistence.TranscriptQueries;
import dev.stresslab.contracts.ChatMessage;
import dev.stresslab.contracts.Transcript;
import dev.stresslab.contracts.TranscriptSpan;
import dev.stresslab.contracts.text.PromptQuestions;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotFoundException;

import java.util.Arrays;
import java.util.List;

/**
 * From the report to one sample (docs/reports.md, "Prompt viewer"): the filtered prompt list and one prompt's
 * view, its verdicts, its prompt text and its transcript's spans, with the transcript's text served in pieces. Runs
 * are checked by {@link ReportService#requireRun}, the one rule for "does this run exist".
 */
@ApplicationScoped
public class PromptViewerService {
    /** The most characters one text piece holds: a 500 KB output arrives in eight pieces, drawn as they come. */
    public static final int MAX_PIECE_CHARS = 65_536;
    /** The first piece of each text the HTML page embeds, so it draws without a request. */
    public static final int FIRST_PIECE_CHARS = 16_384;
    public static final int MAX_PAGE = 500;

    private final ReportService reports;
    private final PromptListQueries list;
    private final TranscriptQueries transcripts;

    public PromptViewerService(ReportService reports, PromptListQueries list, TranscriptQueries transcripts) {
        this.reports = reports;
        this.list = list;
        this.transcripts = transcripts;
    }

    /** One page of the list; {@code next} is the cursor of the following page, null on the last. */
    public record PromptList(String runId, Integer level, Integer position, String filter, String flag, String after,
                             int limit,
                             List<PromptListQueries.PromptRow> prompts, String next) {
    }

    public PromptList list(String runId, Integer level, Integer position, String filter, String flag, String after,
                           int limit) {
        reports.requireRun(runId);
        if (limit < 1 || limit > MAX_PAGE) {
            throw new BadRequestException("limit must be between 1 and " + MAX_PAGE);
        }
        Filter f;
        try {
            f = Filter.of(filter);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
        List<PromptListQueries.PromptRow> rows = list.page(runId, level, position, f,
                flag == null || flag.isBlank() ? null : flag, after, limit + 1);
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            next = rows.get(limit - 1).promptId();
        }
        return new PromptList(runId, level, position, f == null ? null : f.word,
                flag == null || flag.isBlank() ? null : flag, after, limit, rows, next);
    }

    /**
     * One position as the viewer shows it; {@code questionText} is the question as the prompt put it (null when the
     * prompt's text is not stored or does not split into one question per position, as for code prompts).
     */
    public record Position(int position, String questionId, String gold, String extracted, boolean correct,
                           boolean omitted, List<String> flags, Integer reasoningTokens, Integer answerTokens,
                           String errorCategory, String questionText) {
    }

    /** A transcript without its text: the text's lengths, and its spans. */
    public record TranscriptOutline(int contentChars, int reasoningChars, boolean spansCut, List<TranscriptSpan> spans) {
    }

    /**
     * One prompt: who answered, how it ended, per position the verdict, the prompt's messages (null when not
     * stored), and the transcript's outline (null when none is stored: a failed call, or aged out by retention).
     */
    public record PromptView(String runId, String promptId, String modelId, String benchmark, int level,
                             int groupIndex, int sample, String outcome, String failureKind, String failureMessage,
                             String finishReason, boolean truncated, Integer promptTokens, Integer completionTokens,
                             Integer reasoningTokens, Integer unattributedReasoningTokens, long latencyMs,
                             List<Position> positions, List<ChatMessage> prompt, TranscriptOutline transcript,
                             int pieceChars) {
    }

    public PromptView prompt(String runId, String promptId) {
        return page(runId, promptId).prompt();
    }

    /** What the viewer's HTML page embeds: the view and the first piece of each text, from one read. */
    public record ViewerPage(PromptView prompt, List<TextPiece> firstPieces) {
    }

    @Transactional
    public ViewerPage page(String runId, String promptId) {
        PromptResultEntity p = promptOf(runId, promptId);
        java.util.Optional<Transcript> transcript = transcripts.transcript(promptId);
        List<ChatMessage> promptText = transcripts.promptText(promptId).orElse(null);
        List<QuestionResultEntity> rows = QuestionResultEntity.list("promptId", Sort.by("position"), promptId);
        List<String> questionTexts = questionTexts(promptText, rows.size());
        List<Position> positions = rows.stream().map(q -> new Position(q.position, q.questionId, q.gold, q.extracted,
                q.correct, q.omitted, q.flags == null ? List.of() : Arrays.asList(q.flags.split(",")), q.reasoningTokens,
                q.answerTokens, q.errorCategory, q.position >= 1 && q.position <= questionTexts.size()
                        ? questionTexts.get(q.position - 1).strip() : null)).toList();
        TranscriptOutline outline = transcript.map(t -> new TranscriptOutline(
                length(t.content()), length(t.reasoning()), t.spansCut(), t.spans())).orElse(null);
        PromptView view = new PromptView(runId, promptId, p.modelId, p.benchmark, p.stressLevel, p.groupIndex, p.sample, p.outcome,
                p.failureKind, p.failureMessage, p.finishReason, p.truncated, p.promptTokens, p.completionTokens,
                p.reasoningTokens, p.unattributedReasoningTokens, p.latencyMs, positions,
                promptText, outline, MAX_PIECE_CHARS);
        return new ViewerPage(view, transcript.map(PromptViewerService::firstPieces).orElse(List.of()));
    }

    /**
     * The questions of the prompt's last user message, split as REST's template joined them
     * ({@link PromptQuestions}); empty unless it gives exactly one text per position (never a guess).
     */
    static List<String> questionTexts(List<ChatMessage> messages, int positions) {
        if (messages == null) {
            return List.of();
        }
        String user = null;
        for (ChatMessage m : messages) {
            if ("user".equals(m.role())) {
                user = m.content();
            }
        }
        if (user == null) {
            return List.of();
        }
        List<String> texts = PromptQuestions.questions(user);
        return texts.size() == positions ? texts : List.of();
    }

    /** {@code [from, to)} of one source text of the transcript; {@code total} is that text's length. */
    public record TextPiece(String source, int from, int to, int total, String text) {
    }

    /** The first {@link #FIRST_PIECE_CHARS} of each text of a transcript. */
    private static List<TextPiece> firstPieces(Transcript t) {
        List<TextPiece> pieces = new java.util.ArrayList<>();
        if (t.reasoning() != null && !t.reasoning().isEmpty()) {
            pieces.add(piece(TranscriptSpan.Source.REASONING, t.reasoning(), 0, FIRST_PIECE_CHARS));
        }
        pieces.add(piece(TranscriptSpan.Source.CONTENT, t.content(), 0, FIRST_PIECE_CHARS));
        return pieces;
    }

    public TextPiece text(String runId, String promptId, String source, int from, int length) {
        promptOf(runId, promptId);
        TranscriptSpan.Source s;
        try {
            s = TranscriptSpan.Source.valueOf(source.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new BadRequestException("source must be content or reasoning");
        }
        if (from < 0 || length < 1) {
            throw new BadRequestException("from must be 0 or more and length 1 or more");
        }
        Transcript t = transcripts.transcript(promptId)
                .orElseThrow(() -> new NotFoundException("no transcript stored for prompt '" + promptId + "'"));
        return piece(s, s == TranscriptSpan.Source.CONTENT ? t.content() : t.reasoning(), from, length);
    }

    private static TextPiece piece(TranscriptSpan.Source s, String text, int from, int length) {
        text = text == null ? "" : text;
        int start = Math.min(from, text.length());
        int end = Math.min(text.length(), start + Math.min(length, MAX_PIECE_CHARS));
        // never split a surrogate pair between pieces
        if (end < text.length() && end > start && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return new TextPiece(s.name().toLowerCase(java.util.Locale.ROOT), start, end, text.length(),
                text.substring(start, end));
    }

    private PromptResultEntity promptOf(String runId, String promptId) {
        reports.requireRun(runId);
        PromptResultEntity p = PromptResultEntity.findById(promptId);
        if (p == null || !runId.equals(p.runId)) {
            throw new NotFoundException("no prompt '" + promptId + "' in run '" + runId + "'");
        }
        return p;
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }
}

package dev.stresslab.scorer.code;

import dev.stresslab.contracts.AnswerKind;
import dev.stresslab.contracts.CodeJob;
import dev.stresslab.contracts.CompletionEvent;
import dev.stresslab.contracts.QuestionVerdict;
import dev.stresslab.contracts.ScoreEvent;
import dev.stresslab.contracts.Transcript;
import dev.stresslab.contracts.TranscriptSpan;
import dev.stresslab.contracts.Usage;
import dev.stresslab.scorer.domain.TokenAttributor;
import dev.stresslab.scorer.domain.TranscriptBuilder;
import dev.stresslab.scorer.parse.OutputParser;
import dev.stresslab.scorer.parse.ParsedOutput;

import java.util.ArrayList;
import java.util.List;

/**
 * A code prompt's completion as a {@link CodeJob}: REST's positional split ({@link RestCodeSplitter}), label-aware
 * flags and tokens per position, the transcript (kept by code-runner on the final score), every slot not yet passed;
 * code-runner executes the programs and completes it. Pure: the scorer stays stateless and never runs code.
 */
public final class CodeJobBuilder {
    /** Characters of a program echoed in {@code QuestionVerdict.extracted} (the whole program travels in the job). */
    public static final int MAX_ECHO_CHARS = 1_000;

    private CodeJobBuilder() {
    }

    /**
     * Whether a code completion can become a job: a level of 1 or more with one question id per position. Otherwise
     * the scorer's ordinary path records it as a FAILED score (an invalid completion), as for math.
     */
    public static boolean buildable(CompletionEvent c) {
        return c.level() >= 1 && c.questionIds() != null && c.questionIds().size() == c.level();
    }

    public static CodeJob build(CompletionEvent c) {
        int level = c.level();
        String text = RestCodeSplitter.restText(c.content(), c.reasoning());
        List<RestCodeSplitter.Slot> slots = RestCodeSplitter.slots(text, level);
        ParsedOutput parsed = parse(c, level);
        TokenAttributor.Attribution tokens = tokens(parsed, c.usage());
        boolean truncated = "length".equals(c.finishReason());
        List<QuestionVerdict> verdicts = new ArrayList<>(level);
        List<String> programs = new ArrayList<>(level);
        for (int i = 0; i < level; i++) {
            RestCodeSplitter.Slot s = slots.get(i);
            String id = i < c.questionIds().size() ? c.questionIds().get(i) : null;
            String gold = c.goldAnswers() != null && i < c.goldAnswers().size() ? c.goldAnswers().get(i) : id;
            boolean omitted = s.code().isEmpty();
            verdicts.add(new QuestionVerdict(i + 1, id, gold, omitted ? null : echo(s.code()), false, omitted,
                    tokens == null ? null : tokens.reasoningTokens().get(i), s.flags(),
                    tokens == null ? null : tokens.answerTokens().get(i), null));
            programs.add(s.code());
        }
        ScoreEvent partial = new ScoreEvent(ScoreEvent.SCHEMA_VERSION, c.runId(), c.promptId(), c.modelId(),
                c.benchmark(), level, c.groupIndex(), c.sample(), ScoreEvent.Outcome.SCORED, null, c.finishReason(),
                truncated, c.usage(), c.latencyMs(), List.copyOf(verdicts),
                tokens == null ? null : tokens.unattributedReasoning(), transcript(c, parsed, slots));
        return new CodeJob(CodeJob.SCHEMA_VERSION, partial, programs);
    }

    static String echo(String code) {
        String cut = code.length() > MAX_ECHO_CHARS ? code.substring(0, MAX_ECHO_CHARS) + "\u2026" : code;
        // a lone surrogate would make the event unreadable as JSON text
        return cut.codePoints().mapToObj(cp -> Character.isSurrogate((char) cp) && cp <= 0xffff ? "\ufffd"
                : new String(Character.toChars(cp))).reduce(new StringBuilder(), StringBuilder::append,
                StringBuilder::append).toString();
    }

    /** The scorer's one parse, as for math; null if the output defeats it (the job still runs). */
    private static ParsedOutput parse(CompletionEvent c, int level) {
        try {
            return OutputParser.parse(c.content(), c.reasoning(), c.finishReason(), level, AnswerKind.CODE);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Token attribution from that parse; null without one, or if the output defeats it. */
    private static TokenAttributor.Attribution tokens(ParsedOutput parsed, Usage usage) {
        if (parsed == null) {
            return null;
        }
        try {
            return TokenAttributor.attribute(parsed, usage);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The output and its spans for the prompt viewer: a {@code REST_BOX} per position whose block REST found, then
     * the attribution cuts ({@link TranscriptBuilder#of}); without a parse, the raw text alone. The programs travel
     * whole in the same record and are copies of the output's text, so the texts give up the programs' share of
     * the budget: a job with a block as large as the gateway's cap stays below the record limit.
     */
    private static Transcript transcript(CompletionEvent c, ParsedOutput parsed, List<RestCodeSplitter.Slot> slots) {
        long textBudget = Transcript.MAX_TEXT_JSON_BYTES;
        for (RestCodeSplitter.Slot s : slots) {
            textBudget -= TranscriptBuilder.jsonBytes(s.code());
        }
        if (parsed == null) {
            return TranscriptBuilder.unparsed(c.content(), c.reasoning(), textBudget);
        }
        // the slots' offsets are already in the text REST split (restText): the content, or the reasoning field
        // when the content is empty, mapped back through any <think> REST dropped
        TranscriptSpan.Source source = parsed.content().isEmpty() ? TranscriptSpan.Source.REASONING
                : TranscriptSpan.Source.CONTENT;
        List<TranscriptSpan> boxes = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            RestCodeSplitter.Slot s = slots.get(i);
            if (s.found()) {
                boxes.add(new TranscriptSpan(TranscriptSpan.Kind.REST_BOX, source, s.start(), s.end(), i + 1));
            }
        }
        return TranscriptBuilder.of(parsed, boxes, textBudget);
    }
}

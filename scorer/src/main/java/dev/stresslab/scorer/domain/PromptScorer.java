package dev.stresslab.scorer.domain;

import dev.stresslab.contracts.AnswerKind;
import dev.stresslab.contracts.CompletionEvent;
import dev.stresslab.contracts.ErrorCategory;
import dev.stresslab.contracts.QuestionVerdict;
import dev.stresslab.contracts.ScoreEvent;
import dev.stresslab.contracts.Transcript;
import dev.stresslab.scorer.grading.AnswerGrader;
import dev.stresslab.scorer.grading.RestCompatibleReading;
import dev.stresslab.scorer.parse.OutputParser;
import dev.stresslab.scorer.parse.ParsedOutput;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Turns one completion into one score event. The headline verdict per slot ({@code correct}, {@code extracted}) is
 * REST's: positional split, then the grader. The label-aware reading adds diagnostics to {@code flags}
 * ({@link LabelAwareReader}), plus {@code label-aware-correct} / {@code label-aware-wrong} when grading the
 * label-aware answer would change the verdict; {@code reasoningTokens}, {@code answerTokens} and the event's
 * {@code unattributedReasoningTokens} come from {@link TokenAttributor}, {@code errorCategory} from
 * {@link ErrorClassifier}, the event's {@code transcript} (the output and the viewer's spans) from
 * {@link TranscriptBuilder}. The output is parsed once ({@link OutputParser}) for all of them.
 *
 * <p>For multiple choice (GPQA), where REST uses an LLM extractor because models often skip {@code \boxed{}}, a slot
 * left empty by the positional rule falls back to the rule-based label-aware answer ({@code ANSWER: X}), flagged
 * {@code choice-fallback}.
 *
 * <p>Math slots also get {@code reference-grader-differs} when a REST-compatible reading (Math-Verify's known quirks,
 * {@link RestCompatibleReading}) would give the other verdict. A math question with no box is read as Math-Verify
 * would ("the final answer is …", {@code $…$}, a trailing number) into the label-aware answer, flagged
 * {@code unboxed-answer} ({@link LabelAwareReader}); the headline stays REST's (no box: wrong).
 *
 * <p>Hostile outputs (docs/grading.md, "Hostile outputs"): splitting is linear in the output's length; all grading
 * of one output shares one wall-clock budget ({@link #DEFAULT_OUTPUT_BUDGET}), and a slot graded after it ran out is
 * wrong with {@code grading-budget-exceeded}. Other flags for work not done: {@code grading-input-too-long} (the
 * answer was compared as exact text only, {@link AnswerGrader#MAX_INPUT_CHARS}), {@code output-scan-capped} (the
 * label-aware reading stopped at its box or label cap) and {@code extracted-cut} (the answer echoed in
 * {@code extracted} is cut to {@link #MAX_ECHO_CHARS}; it was graded whole).
 */
public final class PromptScorer {
    /** All grading of one output (every slot, label-aware comparisons included) stops after this much wall time. */
    public static final Duration DEFAULT_OUTPUT_BUDGET = Duration.ofSeconds(1);
    /**
     * The most characters of an answer echoed in {@code QuestionVerdict.extracted}: a 10 MB box echoed whole made a
     * score event larger than Kafka accepts (1 MB by default), failing the whole batch.
     */
    public static final int MAX_ECHO_CHARS = 1_000;

    /** The completion breaks an invariant of the event schema; the message names sizes only, never output text. */
    public static final class InvalidCompletion extends IllegalArgumentException {
        InvalidCompletion(String message) {
            super(message);
        }
    }

    private final AnswerGrader grader;
    private final long outputBudgetNanos;

    public PromptScorer(AnswerGrader grader) {
        this(grader, DEFAULT_OUTPUT_BUDGET);
    }

    public PromptScorer(AnswerGrader grader, Duration outputBudget) {
        this.grader = grader;
        this.outputBudgetNanos = outputBudget.toNanos();
    }

    /** The scorer the service uses. */
    public static PromptScorer createDefault() {
        return new PromptScorer(new AnswerGrader());
    }

    /**
     * One score event with one verdict per position 1..level.
     *
     * @throws InvalidCompletion when level is below 1 or questionIds / goldAnswers do not hold one entry per position
     */
    public ScoreEvent score(CompletionEvent c) {
        GradingDeadline deadline = new GradingDeadline(outputBudgetNanos);
        int level = c.level();
        validate(c);
        List<QuestionVerdict> verdicts = new ArrayList<>(level);
        if (c.failed()) {
            for (int i = 0; i < level; i++) {
                verdicts.add(new QuestionVerdict(i + 1, at(c.questionIds(), i), at(c.goldAnswers(), i), null,
                        false, false, null, List.of(VerdictFlag.MODEL_CALL_FAILED.word())));
            }
            return event(c, ScoreEvent.Outcome.FAILED, false, verdicts, null, null);
        }
        AnswerKind kind = c.answerKind() == null ? AnswerKind.MATH : c.answerKind();
        BiPredicate<String, String> same = (a, b) -> grader.grade(a, b, kind, deadline.nanos()).equal();
        ParsedOutput parsed = OutputParser.parse(c.content(), c.reasoning(), c.finishReason(), level, kind);
        SplitReport report = LabelAwareReader.read(parsed, kind, same);
        boolean scanCapped = report.diagnostics().contains("scan-capped");
        TokenAttributor.Attribution tokens = tokens(parsed, c);
        for (int i = 0; i < level; i++) {
            String gold = at(c.goldAnswers(), i);
            String extracted = report.restExtracted().get(i);
            Set<VerdictFlag> flags = EnumSet.noneOf(VerdictFlag.class);
            flags.addAll(report.flags().get(i));
            String label = report.labelAnswers().get(i);
            if (extracted == null && kind == AnswerKind.CHOICE && label != null) {
                extracted = label;
                flags.add(VerdictFlag.CHOICE_FALLBACK);
            }
            boolean omitted = extracted == null;
            AnswerGrader.Verdict v = omitted ? new AnswerGrader.Verdict(false, "empty")
                    : grader.grade(extracted, gold, kind, deadline.nanos());
            if ("budget".equals(v.path())) {
                flags.add(VerdictFlag.GRADING_BUDGET_EXCEEDED);
            } else if ("too-long".equals(v.path())) {
                flags.add(VerdictFlag.GRADING_INPUT_TOO_LONG);
            }
            if (scanCapped) {
                flags.add(VerdictFlag.OUTPUT_SCAN_CAPPED);
            }
            if (kind == AnswerKind.MATH && !"budget".equals(v.path()) && gold != null
                    && (omitted ? false : RestCompatibleReading.verdict(grader, extracted, gold, kind, deadline.nanos())) != v.equal()) {
                flags.add(VerdictFlag.REFERENCE_GRADER_DIFFERS); // Math-Verify as REST calls it would answer otherwise
            }
            if (label != null && flags.contains(VerdictFlag.POSITIONAL_DIFFERS) && gold != null) {
                AnswerGrader.Verdict labelVerdict = grader.grade(label, gold, kind, deadline.nanos());
                if (labelVerdict.equal() != v.equal()) {
                    flags.add(labelVerdict.equal() ? VerdictFlag.LABEL_AWARE_CORRECT : VerdictFlag.LABEL_AWARE_WRONG);
                }
            }
            if (extracted != null && extracted.length() > MAX_ECHO_CHARS) {
                flags.add(VerdictFlag.EXTRACTED_CUT);
            }
            ErrorCategory category = ErrorClassifier.classify(parsed, report, i, v.equal(), extracted, flags, same);
            verdicts.add(new QuestionVerdict(i + 1, at(c.questionIds(), i), gold, echo(extracted), v.equal(),
                    omitted, tokens == null ? null : tokens.reasoningTokens().get(i), VerdictFlag.words(flags),
                    tokens == null ? null : tokens.answerTokens().get(i), category));
        }
        return event(c, ScoreEvent.Outcome.SCORED, report.truncated(), verdicts,
                tokens == null ? null : tokens.unattributedReasoning(), TranscriptBuilder.build(report));
    }

    /**
     * One output's grading deadline, started by its first grading call: splitting a long output is linear work
     * outside the grading budget, and must not leave the answers no time to be graded.
     */
    private static final class GradingDeadline {
        private final long budgetNanos;
        private long deadline;
        private boolean started;

        GradingDeadline(long budgetNanos) {
            this.budgetNanos = budgetNanos;
        }

        long nanos() {
            if (!started) {
                deadline = System.nanoTime() + budgetNanos;
                started = true;
            }
            return deadline;
        }
    }

    private static void validate(CompletionEvent c) {
        if (c.level() < 1) {
            throw new InvalidCompletion("level " + c.level() + " is below 1");
        }
        if (c.questionIds() == null || c.questionIds().size() != c.level()) {
            throw new InvalidCompletion("questionIds holds " + (c.questionIds() == null ? "no list" : c.questionIds().size()
                    + " entries") + " for level " + c.level());
        }
        if (c.goldAnswers() == null || c.goldAnswers().size() != c.level()) {
            throw new InvalidCompletion("goldAnswers holds " + (c.goldAnswers() == null ? "no list" : c.goldAnswers().size()
                    + " entries") + " for level " + c.level());
        }
    }

    /**
     * An answer as it travels in a score event: at most {@link #MAX_ECHO_CHARS} characters, and well-formed UTF-16
     * ({@link Utf16#wellFormed}).
     */
    static String echo(String s) {
        if (s == null) {
            return null;
        }
        return Utf16.wellFormed(s.length() > MAX_ECHO_CHARS ? s.substring(0, MAX_ECHO_CHARS) + "\u2026" : s);
    }

    private static TokenAttributor.Attribution tokens(ParsedOutput parsed, CompletionEvent c) {
        try {
            return TokenAttributor.attribute(parsed, c.usage());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String at(List<String> list, int i) {
        return list != null && i < list.size() ? list.get(i) : null;
    }

    private static ScoreEvent event(CompletionEvent c, ScoreEvent.Outcome outcome, boolean truncated,
                                    List<QuestionVerdict> verdicts, Integer unattributedReasoningTokens,
                                    Transcript transcript) {
        return new ScoreEvent(ScoreEvent.SCHEMA_VERSION, c.runId(), c.promptId(), c.modelId(), c.benchmark(),
                c.level(), c.groupIndex(), c.sample(), outcome, c.failure(), c.finishReason(), truncated, c.usage(),
                c.latencyMs(), List.copyOf(c.withQuestionTags(verdicts)), unattributedReasoningTokens, transcript);
    }
}

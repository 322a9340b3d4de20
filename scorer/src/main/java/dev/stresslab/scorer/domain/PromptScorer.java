package dev.stresslab.scorer.domain;

import dev.stresslab.contracts.AnswerKind;
import dev.stresslab.contracts.CompletionEvent;
import dev.stresslab.contracts.QuestionVerdict;
import dev.stresslab.contracts.ScoreEvent;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns one completion into one score event. The headline verdict per slot ({@code correct}, {@code extracted}) is
 * REST's: positional split, then the grader. The label-aware reading adds diagnostics to {@code flags}
 * ({@link LabelAwareReader}), plus {@code label-aware-correct} / {@code label-aware-wrong} when grading the
 * label-aware answer would change the verdict; {@code reasoningTokens} comes from {@link TokenAttributor}.
 *
 * <p>For multiple choice (GPQA), where REST uses an LLM extractor because models often skip {@code \boxed{}}, a slot
 * left empty by the positional rule falls back to the rule-based label-aware answer ({@code ANSWER: X}), flagged
 * {@code choice-fallback}.
 */
public final class PromptScorer {
    private final AnswerGrader grader;

    public PromptScorer(AnswerGrader grader) {
        this.grader = grader;
    }

    /** The scorer the service uses. */
    public static PromptScorer createDefault() {
        return new PromptScorer(new AnswerGrader());
    }

    public ScoreEvent score(CompletionEvent c) {
        int level = c.level();
        List<QuestionVerdict> verdicts = new ArrayList<>(level);
        if (c.failed()) {
            for (int i = 0; i < level; i++) {
                verdicts.add(new QuestionVerdict(i + 1, at(c.questionIds(), i), at(c.goldAnswers(), i), null,
                        false, false, null, List.of("model-call-failed")));
            }
            return event(c, ScoreEvent.Outcome.FAILED, false, verdicts);
        }
        AnswerKind kind = c.answerKind() == null ? AnswerKind.MATH : c.answerKind();
        SplitReport report = LabelAwareReader.read(c.content(), c.reasoning(), c.finishReason(), level, kind,
                (a, b) -> grader.equal(a, b, kind));
        int[] tokens = tokens(c, level);
        for (int i = 0; i < level; i++) {
            String gold = at(c.goldAnswers(), i);
            String extracted = report.restExtracted().get(i);
            Set<String> flags = new LinkedHashSet<>(report.flags().get(i));
            String label = report.labelAnswers().get(i);
            if (extracted == null && kind == AnswerKind.CHOICE && label != null) {
                extracted = label;
                flags.add("choice-fallback");
            }
            boolean omitted = extracted == null;
            AnswerGrader.Verdict v = omitted ? new AnswerGrader.Verdict(false, "empty") : grader.grade(extracted, gold, kind);
            if ("budget".equals(v.path())) {
                flags.add("grading-budget-exceeded");
            }
            if (label != null && flags.contains("positional-differs") && gold != null) {
                boolean labelCorrect = grader.equal(label, gold, kind);
                if (labelCorrect != v.equal()) {
                    flags.add(labelCorrect ? "label-aware-correct" : "label-aware-wrong");
                }
            }
            verdicts.add(new QuestionVerdict(i + 1, at(c.questionIds(), i), gold, extracted, v.equal(), omitted,
                    tokens == null ? null : tokens[i], List.copyOf(flags)));
        }
        return event(c, ScoreEvent.Outcome.SCORED, report.truncated(), verdicts);
    }

    private static int[] tokens(CompletionEvent c, int level) {
        try {
            return TokenAttributor.attribute(c.content(), c.reasoning(), c.usage(), level);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String at(List<String> list, int i) {
        return list != null && i < list.size() ? list.get(i) : null;
    }

    private static ScoreEvent event(CompletionEvent c, ScoreEvent.Outcome outcome, boolean truncated,
                                    List<QuestionVerdict> verdicts) {
        return new ScoreEvent(ScoreEvent.SCHEMA_VERSION, c.runId(), c.promptId(), c.modelId(), c.benchmark(),
                c.level(), c.groupIndex(), c.sample(), outcome, c.failure(), c.finishReason(), truncated, c.usage(),
                c.latencyMs(), List.copyOf(verdicts));
    }
}

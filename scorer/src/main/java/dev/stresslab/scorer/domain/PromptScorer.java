package dev.stresslab.scorer.domain;

import dev.stresslab.contracts.CompletionEvent;
import dev.stresslab.contracts.QuestionVerdict;
import dev.stresslab.contracts.ScoreEvent;

import java.util.ArrayList;
import java.util.List;

/** Turns one completion into one score event: REST positional split, then a verdict per question slot. */
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
        boolean truncated = "length".equals(c.finishReason());
        if (c.failed()) {
            for (int i = 0; i < level; i++) {
                verdicts.add(new QuestionVerdict(i + 1, c.questionIds().get(i), c.goldAnswers().get(i), null,
                        false, false, null, List.of("model-call-failed")));
            }
            return event(c, ScoreEvent.Outcome.FAILED, false, verdicts);
        }
        List<String> answers = RestAnswerSplitter.split(c.content(), level);
        for (int i = 0; i < level; i++) {
            String extracted = RestAnswerSplitter.unwrap(answers.get(i));
            boolean omitted = extracted == null;
            String gold = c.goldAnswers().get(i);
            boolean correct = !omitted && grader.equal(extracted, gold, c.answerKind());
            verdicts.add(new QuestionVerdict(i + 1, c.questionIds().get(i), gold, extracted, correct, omitted, null,
                    omitted ? List.of("omitted") : List.of()));
        }
        return event(c, ScoreEvent.Outcome.SCORED, truncated, verdicts);
    }

    private static ScoreEvent event(CompletionEvent c, ScoreEvent.Outcome outcome, boolean truncated,
                                    List<QuestionVerdict> verdicts) {
        return new ScoreEvent(ScoreEvent.SCHEMA_VERSION, c.runId(), c.promptId(), c.modelId(), c.benchmark(),
                c.level(), c.groupIndex(), c.sample(), outcome, c.failure(), c.finishReason(), truncated, c.usage(),
                c.latencyMs(), List.copyOf(verdicts));
    }
}

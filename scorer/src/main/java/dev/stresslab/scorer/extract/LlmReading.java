package dev.stresslab.scorer.extract;

import dev.stresslab.contracts.AnswerKind;
import dev.stresslab.contracts.QuestionVerdict;
import dev.stresslab.contracts.ScoreEvent;
import dev.stresslab.scorer.domain.RestAnswerSplitter;
import dev.stresslab.scorer.domain.VerdictFlag;
import dev.stresslab.scorer.grading.AnswerGrader;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Puts an LLM extractor's reply into a rule-based score event, as REST grades GPQA
 * ({@code StressTestLLMExtractEvaluator.score}): the reply is split by REST's positional rule
 * ({@code split_boxed_content}, {@link RestAnswerSplitter}), {@code \boxed{None}} is no answer, and each answer is
 * graded against the gold letter. The LLM's reading becomes the headline ({@code extracted}, {@code correct},
 * {@code omitted}, flag {@code llm-extracted}); the rule-based reading stays in {@code ruleExtracted} /
 * {@code ruleCorrect}, and {@code llm-reading-differs} marks a slot where the two verdicts differ. The error category
 * stays the rule-based reading's. Pure.
 */
public final class LlmReading {
    private LlmReading() {
    }

    /** The score event with the extractor's {@code reply} as its headline reading. */
    public static ScoreEvent apply(ScoreEvent rule, String reply, AnswerGrader grader) {
        List<String> answers = RestAnswerSplitter.split(reply == null ? "" : reply, rule.level());
        List<QuestionVerdict> out = new ArrayList<>(rule.questions().size());
        for (QuestionVerdict v : rule.questions()) {
            int i = v.position() - 1;
            String answer = i >= 0 && i < answers.size() ? RestAnswerSplitter.unwrap(answers.get(i)) : null;
            if (answer != null && answer.strip().equalsIgnoreCase("None")) {
                answer = null;
            }
            boolean correct = answer != null && v.gold() != null && grader.equal(answer, v.gold(), AnswerKind.CHOICE);
            Set<String> flags = new LinkedHashSet<>(v.flags());
            flags.add(VerdictFlag.LLM_EXTRACTED.word());
            if (correct != v.correct()) {
                flags.add(VerdictFlag.LLM_READING_DIFFERS.word());
            }
            out.add(new QuestionVerdict(v.position(), v.questionId(), v.gold(), answer, correct, answer == null,
                    v.reasoningTokens(), List.copyOf(flags), v.answerTokens(), v.errorCategory(), v.subject(),
                    v.difficultyLevel(), v.extracted(), v.correct()));
        }
        return rule.withQuestions(out);
    }

    /** The rule-based score event, every slot flagged {@code llm-extract-failed}. */
    public static ScoreEvent failed(ScoreEvent rule) {
        List<QuestionVerdict> out = new ArrayList<>(rule.questions().size());
        for (QuestionVerdict v : rule.questions()) {
            Set<String> flags = new LinkedHashSet<>(v.flags());
            flags.add(VerdictFlag.LLM_EXTRACT_FAILED.word());
            out.add(new QuestionVerdict(v.position(), v.questionId(), v.gold(), v.extracted(), v.correct(), v.omitted(),
                    v.reasoningTokens(), List.copyOf(flags), v.answerTokens(), v.errorCategory(), v.subject(),
                    v.difficultyLevel(), v.ruleExtracted(), v.ruleCorrect()));
        }
        return rule.withQuestions(out);
    }
}

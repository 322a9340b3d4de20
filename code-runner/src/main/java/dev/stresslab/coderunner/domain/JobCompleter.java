package dev.stresslab.coderunner.domain;

import dev.stresslab.contracts.CodeJob;
import dev.stresslab.contracts.ErrorCategory;
import dev.stresslab.contracts.Failure;
import dev.stresslab.contracts.QuestionVerdict;
import dev.stresslab.contracts.ScoreEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Completes a code job's partial score event with the execution results: a slot is correct iff its program passed
 * every test (REST's pass@1), and carries its outcome as a flag ({@link ExecOutcome#flag()}). Plain Java.
 */
public final class JobCompleter {
    private JobCompleter() {
    }

    /** The score event for {@code job} given one result per position. */
    public static ScoreEvent complete(CodeJob job, List<ExecResult> results) {
        ScoreEvent p = job.partial();
        List<QuestionVerdict> verdicts = new ArrayList<>(p.questions().size());
        for (int i = 0; i < p.questions().size(); i++) {
            QuestionVerdict v = p.questions().get(i);
            ExecResult r = results.get(i);
            List<String> flags = new ArrayList<>(v.flags() == null ? List.of() : v.flags());
            flags.add(r.outcome().flag());
            verdicts.add(new QuestionVerdict(v.position(), v.questionId(), v.gold(), v.extracted(), r.passed(),
                    v.omitted(), v.reasoningTokens(), List.copyOf(flags), v.answerTokens(),
                    r.passed() ? ErrorCategory.CORRECT : v.errorCategory()));
        }
        return p.withQuestions(verdicts);
    }

    /** The score event when nothing could be executed (no sandbox here): FAILED, with the reason, every slot wrong. */
    public static ScoreEvent notExecuted(CodeJob job, String reason) {
        ScoreEvent p = job.partial();
        List<QuestionVerdict> verdicts = new ArrayList<>();
        for (QuestionVerdict v : p.questions()) {
            List<String> flags = new ArrayList<>(v.flags() == null ? List.of() : v.flags());
            flags.add(ExecOutcome.INFRA_ERROR.flag());
            verdicts.add(new QuestionVerdict(v.position(), v.questionId(), v.gold(), v.extracted(), false, v.omitted(),
                    v.reasoningTokens(), List.copyOf(flags), v.answerTokens(), v.errorCategory()));
        }
        return new ScoreEvent(p.schemaVersion(), p.runId(), p.promptId(), p.modelId(), p.benchmark(), p.level(),
                p.groupIndex(), p.sample(), ScoreEvent.Outcome.FAILED, new Failure("CODE_EXECUTION_UNAVAILABLE", reason, null),
                p.finishReason(), p.truncated(), p.usage(), p.latencyMs(), List.copyOf(verdicts),
                p.unattributedReasoningTokens(), p.transcript()); // the output is still worth reading
    }

    /** The results for a job whose slots' tests are looked up by question id ({@code tests} may lack some). */
    public static List<Task> tasks(CodeJob job, Map<String, CodeTests> tests) {
        List<Task> out = new ArrayList<>();
        List<QuestionVerdict> qs = job.partial().questions();
        for (int i = 0; i < qs.size(); i++) {
            String program = i < job.programs().size() ? job.programs().get(i) : "";
            String id = qs.get(i).questionId();
            out.add(new Task(program, id == null ? null : tests.get(id), id));
        }
        return out;
    }

    /** One program to run against its problem's tests (null when the question id is unknown here). */
    public record Task(String program, CodeTests tests, String questionId) {
    }
}

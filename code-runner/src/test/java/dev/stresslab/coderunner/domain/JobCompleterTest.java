package dev.stresslab.coderunner.domain;

import dev.stresslab.contracts.CodeJob;
import dev.stresslab.contracts.QuestionVerdict;
import dev.stresslab.contracts.ScoreEvent;
import dev.stresslab.contracts.Transcript;
import dev.stresslab.contracts.TranscriptSpan;
import dev.stresslab.contracts.Usage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The final score is the partial one with the execution verdicts: the scorer's transcript travels on unchanged. */
class JobCompleterTest {
    static final String OUTPUT = "Q1:\n```python\nprint(1)\n```\nQ2:\n```python\nprint(2)\n```";
    static final Transcript TRANSCRIPT = new Transcript(OUTPUT, null, List.of(
            new TranscriptSpan(TranscriptSpan.Kind.REST_BOX, TranscriptSpan.Source.CONTENT, 4, 26, 1),
            new TranscriptSpan(TranscriptSpan.Kind.REST_BOX, TranscriptSpan.Source.CONTENT, 31, 53, 2)), false, false);

    static CodeJob job() {
        List<QuestionVerdict> slots = List.of(
                new QuestionVerdict(1, "a", "a", "print(1)", false, false, 10, List.of()),
                new QuestionVerdict(2, "b", "b", "print(2)", false, false, 10, List.of()));
        ScoreEvent partial = new ScoreEvent(ScoreEvent.SCHEMA_VERSION, "run-1", "run-1/livecodebench/L2/G0/S0", "sim",
                "livecodebench", 2, 0, 0, ScoreEvent.Outcome.SCORED, null, "stop", false, new Usage(10, 30, 20), 100,
                slots, 0, TRANSCRIPT);
        return new CodeJob(CodeJob.SCHEMA_VERSION, partial, List.of("print(1)", "print(2)"));
    }

    @Test
    void theCompletedScoreKeepsTheTranscript() {
        ScoreEvent done = JobCompleter.complete(job(), List.of(new ExecResult(ExecOutcome.PASSED, "", 3, 5),
                new ExecResult(ExecOutcome.WRONG_ANSWER, "expected 3", 1, 5)));
        assertTrue(done.questions().get(0).correct());
        assertFalse(done.questions().get(1).correct());
        assertEquals(TRANSCRIPT, done.transcript());
    }

    @Test
    void aJobThatCouldNotRunStillKeepsTheTranscript() {
        ScoreEvent failed = JobCompleter.notExecuted(job(), "no bubblewrap");
        assertEquals(ScoreEvent.Outcome.FAILED, failed.outcome());
        assertEquals(TRANSCRIPT, failed.transcript());
    }
}

package dev.stresslab.coderunner.domain;

/**
 * The verdict on one program: its outcome, a short reason a person can read (REST's error message, or what the
 * sandbox stopped), how many tests ran until the first failure, and the wall time of the sandboxed process.
 */
public record ExecResult(ExecOutcome outcome, String reason, int testsRun, long wallMillis) {
    public boolean passed() {
        return outcome.passed();
    }
}

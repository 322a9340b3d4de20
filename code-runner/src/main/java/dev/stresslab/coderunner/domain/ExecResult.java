package dev.stresslab.coderunner.domain;

/**
 * The verdict on one program: its outcome, a short reason a person can read (REST's error message, or what the
 * sandbox stopped), how many tests ran until the first failure, the wall time of the sandboxed process and the CPU
 * time Python reported for itself and its children (-1 when the program gave no verdict).
 */
public record ExecResult(ExecOutcome outcome, String reason, int testsRun, long wallMillis, long cpuMillis) {
    public ExecResult(ExecOutcome outcome, String reason, int testsRun, long wallMillis) {
        this(outcome, reason, testsRun, wallMillis, -1);
    }

    public boolean passed() {
        return outcome.passed();
    }
}

package dev.stresslab.coderunner.domain;

import java.util.Locale;

/**
 * How one code slot ended when executed against its problem's tests. The flag ({@link #flag()}) is what a score
 * event carries per slot; analytics counts flags per level, which gives the per-level outcome breakdown.
 */
public enum ExecOutcome {
    /** Every test passed (REST's pass@1 counts the slot). */
    PASSED,
    /** A test's output differed (REST's error code -2). */
    WRONG_ANSWER,
    /** The 6 s per-test alarm, the CPU-time limit or the wall-clock kill ended it (REST's -3). */
    TIME_LIMIT,
    /** An exception, a compile error, a killed or crashed process, too much output (REST's -4 and -1). */
    RUNTIME_ERROR,
    /** The slot held no code (REST's padding answer or an empty block). */
    NO_CODE,
    /** The sandbox itself could not run (not the program's fault); the slot is recorded as not passed. */
    INFRA_ERROR;

    public String flag() {
        return "exec-" + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public boolean passed() {
        return this == PASSED;
    }
}

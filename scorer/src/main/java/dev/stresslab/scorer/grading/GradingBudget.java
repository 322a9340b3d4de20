package dev.stresslab.scorer.grading;

/**
 * A per-answer work bound that needs no signals or extra threads: every parse and evaluation step calls
 * {@link #tick()}, which throws once the step limit or the wall-clock deadline is passed. One instance per grading
 * call, never shared between threads.
 */
final class GradingBudget {
    /** Thrown when an answer took too much work; the grader then answers "not equal" and flags it. */
    static final class Exceeded extends RuntimeException {
        Exceeded(String message) {
            super(message, null, false, false);
        }
    }

    private final long deadline;
    private final long maxSteps;
    private long steps;

    GradingBudget(long maxSteps, long timeoutNanos) {
        this.maxSteps = maxSteps;
        this.deadline = System.nanoTime() + timeoutNanos;
    }

    void tick() {
        steps++;
        if (steps > maxSteps) {
            throw new Exceeded("step limit " + maxSteps);
        }
        if ((steps & 255) == 0 && System.nanoTime() > deadline) {
            throw new Exceeded("time limit");
        }
    }

    long steps() {
        return steps;
    }
}

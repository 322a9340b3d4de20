package dev.stresslab.gateway.domain;

/**
 * A fixed limit ({@code concurrency-mode=fixed}): at most {@code max} calls in flight to one endpoint; the queue
 * beyond it is {@link PermitQueue}'s.
 */
public final class InFlightLimiter extends PermitQueue {
    private final int max;

    public InFlightLimiter(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max in flight must be at least 1");
        }
        this.max = max;
    }

    @Override
    protected int limitLocked() {
        return max;
    }

    /** Gives a permit back; a fixed limit learns nothing from the outcome. */
    public void release() {
        long now = System.nanoTime();
        release(Signal.IGNORE, now, now);
    }
}

package dev.stresslab.gateway.domain;


/**
 * An in-flight limit that finds the endpoint's capacity (additive increase, multiplicative decrease, as TCP does),
 * within {@code [min, max]}:
 * <ul>
 *   <li><b>Slow start.</b> Until the first decrease, every success while the limit is in use raises the limit by 1,
 *   so it doubles per window: from 1 to 1,024 in 10 windows instead of 1,023.</li>
 *   <li><b>Additive increase.</b> After that, +1 per <i>window</i>: a window is as many successes as the limit was
 *   when the window began (about one round of calls).</li>
 *   <li><b>Multiplicative decrease.</b> The limit becomes {@code floor(limit × backoffRatio)} (at least 1 less) on
 *   an overload signal (429, 503, timeout), or at the end of a window whose mean latency exceeds
 *   {@code latencyRatio ×} the baseline (the lowest window mean seen; a server that queues requests beyond its
 *   capacity answers slower instead of refusing). Calls that were sent before the last decrease cannot trigger
 *   another one, and their successes are not counted: a burst of 429s from one round of calls is one signal, not
 *   fifty, and answers that queued under the old limit do not lower the new one.</li>
 *   <li>Successes while fewer than half the permits are in use do not count: an endpoint that is not kept busy says
 *   nothing about its capacity, and its limit would otherwise drift up to {@code max} and overload it later.</li>
 * </ul>
 * Plain Java, no clock of its own (callers pass {@link System#nanoTime()} readings), so tests can feed exact sequences.
 * <p>
 * Why not Netflix's {@code concurrency-limits} (its {@code AIMDLimit}): its limiters hand out permits synchronously
 * (or block a thread to wait), while the gateway waits for a permit on a future without a thread; its AIMD adds 1
 * per success (no additive phase, so no steady state near the capacity) and counts every 429 of one round as a new
 * decrease. The queue of waiting callers is {@link PermitQueue}'s, shared with the fixed limit.
 */
public final class AimdLimiter extends PermitQueue {
    private final int min;
    private final int max;
    private final double backoffRatio;
    private final double latencyRatio;

    private int limit;
    private boolean slowStart = true;
    private boolean decreased;
    private long lastDecreaseNanos;
    private int windowSize;
    private int windowSuccesses;
    private long windowLatencyNanos;
    private long baselineNanos = -1;
    private int decreases;

    /**
     * @param backoffRatio the factor applied on a decrease, in (0, 1)
     * @param latencyRatio a window mean latency above this many times the baseline is an overload; 0 turns it off
     */
    public AimdLimiter(int min, int max, int initial, double backoffRatio, double latencyRatio) {
        if (min < 1 || max < min || initial < min || initial > max) {
            throw new IllegalArgumentException("need 1 <= min-in-flight <= initial <= max-in-flight, got " + min + ", "
                    + initial + ", " + max);
        }
        if (!(backoffRatio > 0 && backoffRatio < 1)) {
            throw new IllegalArgumentException("backoff ratio must be between 0 and 1, got " + backoffRatio);
        }
        if (latencyRatio != 0 && !(latencyRatio > 1)) {
            throw new IllegalArgumentException("latency ratio must be above 1 (or 0: off), got " + latencyRatio);
        }
        this.min = min;
        this.max = max;
        this.backoffRatio = backoffRatio;
        this.latencyRatio = latencyRatio;
        this.limit = initial;
        this.windowSize = initial;
    }

    @Override
    protected int limitLocked() {
        return limit;
    }

    @Override
    protected void onRelease(Signal signal, long startedNanos, long endedNanos, int inFlightBefore) {
        boolean inUse = inFlightBefore * 2 >= limit;
        // a call sent before the last decrease measured the old limit: it is not news either way
        boolean current = !decreased || startedNanos - lastDecreaseNanos >= 0;
        if (signal == Signal.OVERLOAD && current) {
            decrease(endedNanos);
        } else if (signal == Signal.SUCCESS && inUse && current) {
            onSuccess(endedNanos - startedNanos, endedNanos);
        }
    }

    private void onSuccess(long latencyNanos, long endedNanos) {
        if (slowStart) {
            limit = Math.min(max, limit + 1);
        }
        windowSuccesses++;
        windowLatencyNanos += latencyNanos;
        if (windowSuccesses < windowSize) {
            return;
        }
        long mean = windowLatencyNanos / windowSuccesses;
        if (latencyRatio > 0 && baselineNanos > 0 && mean > baselineNanos * latencyRatio) {
            decrease(endedNanos);
            return;
        }
        if (!slowStart) {
            limit = Math.min(max, limit + 1);
        }
        baselineNanos = baselineNanos < 0 ? mean : Math.min(baselineNanos, mean);
        newWindow();
    }

    private void decrease(long nowNanos) {
        limit = Math.max(min, Math.min(limit - 1, (int) Math.floor(limit * backoffRatio)));
        slowStart = false;
        decreased = true;
        lastDecreaseNanos = nowNanos;
        decreases++;
        newWindow();
    }

    private void newWindow() {
        windowSize = limit;
        windowSuccesses = 0;
        windowLatencyNanos = 0;
    }

    /** How many times the limit was lowered (for tests and logs). */
    public synchronized int decreases() {
        return decreases;
    }

    /** The lowest window mean latency seen, in nanoseconds, or -1 before the first full window. */
    public synchronized long baselineNanos() {
        return baselineNanos;
    }
}

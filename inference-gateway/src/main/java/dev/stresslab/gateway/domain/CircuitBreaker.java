package dev.stresslab.gateway.domain;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A per-endpoint circuit breaker in plain Java. CLOSED: calls go through; {@code threshold} consecutive failures
 * open it. OPEN: calls are refused (the caller fails fast and retries later) until {@code cooldown} has passed.
 * HALF_OPEN: exactly one probe call goes through; its success closes the breaker, its failure opens it again for
 * another cooldown. Only failures that say "the endpoint is down" should be reported here (5xx, timeouts,
 * connection errors), not 4xx or rate limiting. Thread-safe; never blocks.
 */
public final class CircuitBreaker {

    public enum State { CLOSED, OPEN, HALF_OPEN }

    /** The answer to "may I call?": allowed (maybe as the probe), or refused with the time until a probe may go. */
    public record Permission(boolean allowed, boolean probe, Duration retryIn) {
        static final Permission GO = new Permission(true, false, Duration.ZERO);
        static final Permission PROBE = new Permission(true, true, Duration.ZERO);
    }

    private final int threshold;
    private final long cooldownNanos;
    private final LongSupplier clock;

    private State state = State.CLOSED;
    private int consecutiveFailures;
    private long openedAt;
    private boolean probeInFlight;
    private FailureKind lastFailure;
    private long timesOpened;

    public CircuitBreaker(int threshold, Duration cooldown, LongSupplier nanoClock) {
        if (threshold < 1) {
            throw new IllegalArgumentException("failure threshold must be at least 1");
        }
        this.threshold = threshold;
        this.cooldownNanos = cooldown.toNanos();
        this.clock = nanoClock;
    }

    public CircuitBreaker(int threshold, Duration cooldown) {
        this(threshold, cooldown, System::nanoTime);
    }

    public synchronized Permission tryAcquire() {
        switch (state) {
            case CLOSED:
                return Permission.GO;
            case OPEN: {
                long waited = clock.getAsLong() - openedAt;
                if (waited < cooldownNanos) {
                    return new Permission(false, false, Duration.ofNanos(cooldownNanos - waited));
                }
                state = State.HALF_OPEN;
                probeInFlight = true;
                return Permission.PROBE;
            }
            default: // HALF_OPEN
                if (!probeInFlight) {
                    probeInFlight = true;
                    return Permission.PROBE;
                }
                // the probe is out: check back after a fraction of the cooldown
                return new Permission(false, false, Duration.ofNanos(Math.max(1, cooldownNanos / 4)));
        }
    }

    /** The call reached a live server (any answer that is not a "down" signal). */
    public synchronized void onSuccess(boolean probe) {
        consecutiveFailures = 0;
        if (probe || state == State.HALF_OPEN) {
            probeInFlight = false;
        }
        state = State.CLOSED;
    }

    /** The call failed in a way that says the endpoint is down. */
    public synchronized void onFailure(FailureKind kind, boolean probe) {
        lastFailure = kind;
        consecutiveFailures++;
        if (probe || state == State.HALF_OPEN) {
            probeInFlight = false;
            open();
        } else if (state == State.CLOSED && consecutiveFailures >= threshold) {
            open();
        }
    }

    /** The probe ended without a verdict (e.g. a 4xx about the prompt): let the next call probe again. */
    public synchronized void onNeutral(boolean probe) {
        if (probe) {
            probeInFlight = false;
        }
    }

    private void open() {
        state = State.OPEN;
        openedAt = clock.getAsLong();
        timesOpened++;
    }

    public synchronized State state() {
        return state;
    }

    public synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** The kind of the last "down" failure, or null. */
    public synchronized FailureKind lastFailure() {
        return lastFailure;
    }

    public synchronized long timesOpened() {
        return timesOpened;
    }

    public int threshold() {
        return threshold;
    }
}

package dev.stresslab.gateway.domain;

/**
 * Requests per second to one endpoint, as a reservation (the generic cell rate algorithm): each caller learns how
 * long to wait before its request may start, so nobody blocks a thread. A burst of up to {@code burst} requests
 * may start at once after a quiet period.
 */
public final class RequestRateLimiter {
    private final long intervalNanos;
    private final long burstAllowanceNanos;
    private long theoreticalArrival;
    private boolean started;

    public RequestRateLimiter(double requestsPerSecond, int burst) {
        if (requestsPerSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("requests per second must be > 0 and burst >= 1");
        }
        this.intervalNanos = (long) (1_000_000_000L / requestsPerSecond);
        this.burstAllowanceNanos = (burst - 1) * intervalNanos;
    }

    /** Reserves the next slot; returns the nanoseconds to wait before sending (0 = now). */
    public synchronized long reserve(long nowNanos) {
        if (!started || theoreticalArrival - nowNanos < 0) {
            theoreticalArrival = nowNanos;
            started = true;
        }
        long wait = Math.max(0, theoreticalArrival - nowNanos - burstAllowanceNanos);
        theoreticalArrival += intervalNanos;
        return wait;
    }
}

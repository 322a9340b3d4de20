package dev.stresslab.gateway.domain;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RequestRateLimiterTest {
    private static final long S = 1_000_000_000L;

    @Test
    void spacesRequestsAtTheRateAfterTheBurst() {
        RequestRateLimiter limiter = new RequestRateLimiter(2, 2); // 2/s, bursts of 2
        long t0 = 10 * S;
        assertEquals(0, limiter.reserve(t0));
        assertEquals(0, limiter.reserve(t0));
        assertEquals(S / 2, limiter.reserve(t0));
        assertEquals(S, limiter.reserve(t0));
    }

    @Test
    void aQuietPeriodRefillsTheBurst() {
        RequestRateLimiter limiter = new RequestRateLimiter(10, 1);
        assertEquals(0, limiter.reserve(0));
        assertEquals(S / 10, limiter.reserve(0));
        assertEquals(0, limiter.reserve(5 * S));
    }
}

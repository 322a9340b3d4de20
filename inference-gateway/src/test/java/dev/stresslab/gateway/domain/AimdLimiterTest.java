package dev.stresslab.gateway.domain;

import dev.stresslab.gateway.domain.ConcurrencyLimiter.Signal;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hand-computed sequences: each call ends one second after the previous one, so it was sent after any decrease. */
class AimdLimiterTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long MS = 1_000_000L;
    private long now = 10 * SECOND;

    /** Takes permits until the limit is in use, as a busy endpoint does. */
    private static void saturate(AimdLimiter limiter) {
        while (limiter.inFlight() < limiter.limit()) {
            assertTrue(limiter.acquire().toCompletableFuture().isDone());
        }
    }

    /** One call ends now with this signal, having taken {@code latencyMs}. */
    private void finish(AimdLimiter limiter, Signal signal, long latencyMs) {
        now += SECOND;
        limiter.release(signal, now - latencyMs * MS, now);
    }

    @Test
    void slowStartAddsOnePerSuccessThenAdditiveIncreaseAddsOnePerWindow() {
        AimdLimiter limiter = new AimdLimiter(1, 100, 1, 0.5, 0);
        for (int expected = 2; expected <= 11; expected++) {
            saturate(limiter);
            finish(limiter, Signal.SUCCESS, 100);
            assertEquals(expected, limiter.limit(), "slow start: +1 per success");
        }
        saturate(limiter);
        finish(limiter, Signal.OVERLOAD, 100);
        assertEquals(5, limiter.limit(), "floor(11 × 0.5)");

        // a window is as many successes as the limit: 5, then 6
        for (int i = 1; i <= 4; i++) {
            saturate(limiter);
            finish(limiter, Signal.SUCCESS, 100);
            assertEquals(5, limiter.limit(), "success " + i + " of the window of 5");
        }
        saturate(limiter);
        finish(limiter, Signal.SUCCESS, 100);
        assertEquals(6, limiter.limit());
        for (int i = 1; i <= 5; i++) {
            saturate(limiter);
            finish(limiter, Signal.SUCCESS, 100);
            assertEquals(6, limiter.limit(), "success " + i + " of the window of 6");
        }
        saturate(limiter);
        finish(limiter, Signal.SUCCESS, 100);
        assertEquals(7, limiter.limit());
    }

    @Test
    void theOverloadsOfOneRoundLowerTheLimitOnceAndNeverBelowMin() {
        AimdLimiter limiter = new AimdLimiter(2, 16, 8, 0.5, 0);
        saturate(limiter);
        long sentTogether = now;
        for (int i = 0; i < 8; i++) {
            now += SECOND;
            limiter.release(Signal.OVERLOAD, sentTogether, now);
        }
        assertEquals(4, limiter.limit(), "8 × 0.5, once: the other 7 were sent before the decrease");
        assertEquals(1, limiter.decreases());

        saturate(limiter);
        finish(limiter, Signal.OVERLOAD, 100);
        assertEquals(2, limiter.limit(), "a call sent after the decrease lowers it again: 4 × 0.5");
        saturate(limiter);
        finish(limiter, Signal.OVERLOAD, 100);
        assertEquals(2, limiter.limit(), "min-in-flight is 2");
    }

    @Test
    void aRatioCloseToOneStillLowersByAtLeastOne() {
        AimdLimiter limiter = new AimdLimiter(1, 16, 5, 0.9, 0);
        saturate(limiter);
        finish(limiter, Signal.OVERLOAD, 100);
        assertEquals(4, limiter.limit(), "floor(5 × 0.9) = 4");
        saturate(limiter);
        finish(limiter, Signal.OVERLOAD, 100);
        assertEquals(3, limiter.limit(), "floor(4 × 0.9) = 3");
        saturate(limiter);
        finish(limiter, Signal.OVERLOAD, 100);
        assertEquals(2, limiter.limit(), "floor(3 × 0.9) = 2");
    }

    @Test
    void neverRisesAboveMax() {
        AimdLimiter limiter = new AimdLimiter(1, 3, 1, 0.5, 0);
        for (int i = 0; i < 20; i++) {
            saturate(limiter);
            finish(limiter, Signal.SUCCESS, 100);
        }
        assertEquals(3, limiter.limit());
    }

    @Test
    void aWindowWhoseMeanLatencyRisesAboveTheRatioLowersTheLimit() {
        AimdLimiter limiter = new AimdLimiter(1, 100, 4, 0.5, 2.0);
        for (int i = 0; i < 4; i++) { // first window (4 calls): the baseline, 100 ms; slow start 4 -> 8
            saturate(limiter);
            finish(limiter, Signal.SUCCESS, 100);
        }
        assertEquals(8, limiter.limit());
        assertEquals(100 * MS, limiter.baselineNanos());
        for (int i = 0; i < 7; i++) { // second window (8 calls) at 300 ms: slow start 8 -> 15 ...
            saturate(limiter);
            finish(limiter, Signal.SUCCESS, 300);
        }
        assertEquals(15, limiter.limit());
        saturate(limiter);
        finish(limiter, Signal.SUCCESS, 300); // ... 16, and the window's mean 300 ms > 2 × 100 ms: 16 × 0.5
        assertEquals(8, limiter.limit());
        for (int i = 0; i < 8; i++) { // a window of 8 at 150 ms (< 200 ms) is fine: additive increase
            saturate(limiter);
            finish(limiter, Signal.SUCCESS, 150);
        }
        assertEquals(9, limiter.limit());
        assertEquals(100 * MS, limiter.baselineNanos(), "the baseline is the lowest window mean");
    }

    @Test
    void latencyIsIgnoredWhenTheRatioIsZero() {
        AimdLimiter limiter = new AimdLimiter(1, 100, 2, 0.5, 0);
        for (int i = 0; i < 2; i++) { // the first window: a 10 ms baseline
            saturate(limiter);
            finish(limiter, Signal.SUCCESS, 10);
        }
        for (int i = 0; i < 20; i++) {
            saturate(limiter);
            finish(limiter, Signal.SUCCESS, 60_000);
        }
        assertEquals(24, limiter.limit(), "slow start from 2: +1 for each of the 22 successes");
        assertEquals(0, limiter.decreases());
    }

    @Test
    void successesWhileLessThanHalfThePermitsAreUsedDoNotRaiseTheLimit() {
        AimdLimiter limiter = new AimdLimiter(1, 100, 10, 0.5, 0);
        for (int i = 0; i < 50; i++) {
            assertTrue(limiter.acquire().toCompletableFuture().isDone());
            finish(limiter, Signal.SUCCESS, 100); // one call at a time: 1 of 10 permits in use
        }
        assertEquals(10, limiter.limit());
    }

    @Test
    void ignoredOutcomesChangeNothing() {
        AimdLimiter limiter = new AimdLimiter(1, 100, 4, 0.5, 0);
        for (int i = 0; i < 10; i++) {
            saturate(limiter);
            finish(limiter, Signal.IGNORE, 100);
        }
        assertEquals(4, limiter.limit());
        assertEquals(0, limiter.decreases());
    }

    @Test
    void aRaisedLimitLetsWaitersGoAndALoweredOneHoldsThem() {
        AimdLimiter limiter = new AimdLimiter(1, 100, 2, 0.5, 0);
        saturate(limiter);
        CompletableFuture<Void> third = limiter.acquire().toCompletableFuture();
        CompletableFuture<Void> fourth = limiter.acquire().toCompletableFuture();
        assertFalse(third.isDone());
        assertEquals(2, limiter.waiting());

        finish(limiter, Signal.SUCCESS, 100); // limit 3, 1 in flight: both waiters go
        assertTrue(third.isDone());
        assertTrue(fourth.isDone());
        assertEquals(3, limiter.inFlight());

        finish(limiter, Signal.OVERLOAD, 100); // limit min(3 - 1, floor(1.5)) = 1, 2 still in flight
        assertEquals(1, limiter.limit());
        CompletableFuture<Void> fifth = limiter.acquire().toCompletableFuture();
        finish(limiter, Signal.IGNORE, 100); // 1 in flight, limit 1: still full
        assertFalse(fifth.isDone());
        finish(limiter, Signal.IGNORE, 100);
        assertTrue(fifth.isDone());
        assertEquals(1, limiter.inFlight());
    }

    @Test
    void refusesBoundsThatCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> new AimdLimiter(0, 10, 1, 0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> new AimdLimiter(4, 10, 2, 0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> new AimdLimiter(1, 10, 11, 0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> new AimdLimiter(1, 10, 1, 1.0, 0));
        assertThrows(IllegalArgumentException.class, () -> new AimdLimiter(1, 10, 1, 0.5, 0.8));
    }
}

package dev.stresslab.gateway.domain;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletionStage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InFlightLimiterTest {
    @Test
    void holdsCallersBeyondTheLimitUntilAPermitIsReleased() {
        InFlightLimiter limiter = new InFlightLimiter(2);
        assertTrue(limiter.acquire().toCompletableFuture().isDone());
        assertTrue(limiter.acquire().toCompletableFuture().isDone());
        CompletionStage<Void> third = limiter.acquire();
        assertFalse(third.toCompletableFuture().isDone());
        assertEquals(1, limiter.waiting());

        limiter.release();
        assertTrue(third.toCompletableFuture().isDone());
        assertEquals(2, limiter.inFlight());
        limiter.release();
        limiter.release();
        assertEquals(0, limiter.inFlight());
    }
}

package dev.stresslab.gateway.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CircuitBreakerTest {
    private final AtomicLong now = new AtomicLong();
    private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(10), now::get);

    @Test
    void opensAfterConsecutiveFailuresOnly() {
        breaker.onFailure(FailureKind.CONNECTION, false);
        breaker.onFailure(FailureKind.CONNECTION, false);
        breaker.onSuccess(false); // resets the count
        breaker.onFailure(FailureKind.TIMEOUT, false);
        breaker.onFailure(FailureKind.TIMEOUT, false);
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
        assertTrue(breaker.tryAcquire().allowed());
        breaker.onFailure(FailureKind.TIMEOUT, false);
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        assertEquals(FailureKind.TIMEOUT, breaker.lastFailure());
    }

    @Test
    void refusesWhileOpenThenLetsOneProbeThrough() {
        open();
        now.addAndGet(Duration.ofSeconds(4).toNanos());
        CircuitBreaker.Permission refused = breaker.tryAcquire();
        assertFalse(refused.allowed());
        assertEquals(Duration.ofSeconds(6), refused.retryIn());

        now.addAndGet(Duration.ofSeconds(6).toNanos());
        CircuitBreaker.Permission probe = breaker.tryAcquire();
        assertTrue(probe.allowed() && probe.probe());
        assertEquals(CircuitBreaker.State.HALF_OPEN, breaker.state());
        assertFalse(breaker.tryAcquire().allowed(), "one probe at a time");

        breaker.onSuccess(true);
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
        assertTrue(breaker.tryAcquire().allowed());
    }

    @Test
    void aFailedProbeOpensForAnotherCooldownAndANeutralOneFreesTheProbe() {
        open();
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertTrue(breaker.tryAcquire().probe());
        breaker.onNeutral(true); // e.g. a 429: the server lives but said nothing about health
        assertTrue(breaker.tryAcquire().probe(), "next call probes");
        breaker.onFailure(FailureKind.SERVER_ERROR, true);
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        assertFalse(breaker.tryAcquire().allowed());
        assertEquals(2, breaker.timesOpened());
    }

    private void open() {
        for (int i = 0; i < 3; i++) {
            breaker.onFailure(FailureKind.CONNECTION, false);
        }
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
    }
}

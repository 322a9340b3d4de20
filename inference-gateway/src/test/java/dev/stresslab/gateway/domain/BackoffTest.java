package dev.stresslab.gateway.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new Random(7));

    @Test
    void growsExponentiallyWithJitterAndStaysUnderTheCap() {
        for (int attempt = 1; attempt <= 10; attempt++) {
            long exponential = Math.min(30_000, 1000L << (attempt - 1));
            long d = backoff.delayAfter(attempt, Optional.empty()).toMillis();
            assertTrue(d >= exponential / 2 && d <= Math.min(30_000, exponential + 1), "attempt " + attempt + ": " + d);
        }
    }

    @Test
    void retryAfterWinsWhenLongerButIsCapped() {
        assertEquals(20_000, backoff.delayAfter(1, Optional.of(Duration.ofSeconds(20))).toMillis());
        assertEquals(30_000, backoff.delayAfter(1, Optional.of(Duration.ofHours(1))).toMillis());
    }

    @Test
    void parsesRetryAfterSeconds() {
        assertEquals(Optional.of(Duration.ofMillis(1500)), Backoff.parseRetryAfter("1.5"));
        assertEquals(Optional.empty(), Backoff.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT"));
        assertEquals(Optional.empty(), Backoff.parseRetryAfter(null));
    }
}

package dev.stresslab.gateway.domain;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Delay before the next attempt: exponential with full jitter, capped; a server's Retry-After wins when it asks
 * for longer (also capped, so a hostile header cannot park a prompt forever).
 */
public final class Backoff {
    private final Duration initial;
    private final Duration max;
    private final RandomGenerator random;

    public Backoff(Duration initial, Duration max, RandomGenerator random) {
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /** @param attempt the attempt that just failed, 1-based */
    public Duration delayAfter(int attempt, Optional<Duration> retryAfter) {
        long cap = max.toMillis();
        long exponential = Math.min(cap, initial.toMillis() << Math.min(attempt - 1, 20));
        long jittered = exponential / 2 + (long) (random.nextDouble() * (exponential / 2.0 + 1));
        long wanted = retryAfter.map(Duration::toMillis).map(r -> Math.max(r, jittered)).orElse(jittered);
        return Duration.ofMillis(Math.min(cap, wanted));
    }

    /** Parses Retry-After in seconds (the HTTP-date form is rare on model servers and ignored). */
    public static Optional<Duration> parseRetryAfter(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        try {
            double seconds = Double.parseDouble(header.trim());
            return seconds >= 0 ? Optional.of(Duration.ofMillis((long) (seconds * 1000))) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}

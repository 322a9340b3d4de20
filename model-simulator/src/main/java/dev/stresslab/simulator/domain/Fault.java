package dev.stresslab.simulator.domain;

import java.util.Locale;
import java.util.Optional;

/** Failures the simulator can inject instead of (or around) a normal answer. */
public enum Fault {
    NONE,
    /** 429 with a Retry-After header, immediately. */
    RATE_LIMITED,
    /** 500 with an OpenAI-shaped error body. */
    SERVER_ERROR,
    /** 503 with an OpenAI-shaped error body (header only). */
    UNAVAILABLE,
    /** 200 with a body (or stream chunk) that is not valid JSON. */
    MALFORMED,
    /** No response within any sane client timeout; the connection is closed after the hang time. */
    HANG,
    /** The TCP connection is closed without any response. */
    DROP;

    /** Parses an {@code X-Sim-Fault} header value; empty for an unknown value. */
    public static Optional<Fault> parseHeader(String value) {
        if (value == null || value.isBlank()) {
            return Optional.of(NONE);
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "none", "ok" -> Optional.of(NONE);
            case "429", "rate-limit", "rate-limited" -> Optional.of(RATE_LIMITED);
            case "500", "error", "server-error" -> Optional.of(SERVER_ERROR);
            case "503", "unavailable" -> Optional.of(UNAVAILABLE);
            case "malformed", "bad-json" -> Optional.of(MALFORMED);
            case "hang", "timeout" -> Optional.of(HANG);
            case "drop", "reset", "close" -> Optional.of(DROP);
            default -> Optional.empty();
        };
    }

    /** Bounded metric label. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

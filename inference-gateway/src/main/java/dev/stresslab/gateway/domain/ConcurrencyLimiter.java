package dev.stresslab.gateway.domain;

import java.util.concurrent.CompletionStage;

/**
 * How many calls one endpoint may have in flight: {@link InFlightLimiter} (a fixed number) or {@link AimdLimiter}
 * (a number found from the endpoint's answers). Non-blocking: a caller beyond the limit gets a future that completes
 * when a permit frees up.
 */
public interface ConcurrencyLimiter {

    /** What a finished call says about the endpoint's capacity. */
    enum Signal {
        /** The endpoint answered; its latency tells how loaded it is. */
        SUCCESS,
        /** The endpoint is overloaded: 429, 503, or no answer in time. */
        OVERLOAD,
        /** Says nothing about capacity (a client error, a dropped connection, a cancelled call). */
        IGNORE
    }

    CompletionStage<Void> acquire();

    /**
     * Gives the permit back. {@code startedNanos} and {@code endedNanos} are {@link System#nanoTime()} readings of when
     * the call was sent and when it ended.
     */
    void release(Signal signal, long startedNanos, long endedNanos);

    /** The current limit. */
    int limit();

    int inFlight();

    int waiting();
}

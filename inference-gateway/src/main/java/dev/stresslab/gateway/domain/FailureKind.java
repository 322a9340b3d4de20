package dev.stresslab.gateway.domain;

/** Why a model call failed, and whether trying again can help. */
public enum FailureKind {
    RATE_LIMITED(true), SERVER_ERROR(true), TIMEOUT(true), CONNECTION(true), BAD_RESPONSE(true),
    CLIENT_ERROR(false), UNKNOWN_ENDPOINT(false),
    /** The answer came, but as an event it is larger than {@code gateway.max-completion-bytes}: recorded, not published. */
    OUTPUT_TOO_LARGE(false),
    /** Kafka refused the completion for good (not a transient broker outage): recorded as failed instead. */
    PUBLISH_FAILED(false),
    /** A fault inside the gateway while handling this prompt; the prompt is recorded as failed, the channel goes on. */
    GATEWAY_ERROR(false);

    private final boolean retryable;

    FailureKind(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }

    /** Failures that say "the endpoint is down or overloaded beyond use"; they count towards the circuit breaker. */
    public boolean endpointDown() {
        return this == SERVER_ERROR || this == TIMEOUT || this == CONNECTION;
    }

    public static FailureKind ofHttpStatus(int status) {
        if (status == 429) {
            return RATE_LIMITED;
        }
        if (status == 408 || status >= 500) {
            return status == 408 || status == 504 ? TIMEOUT : SERVER_ERROR;
        }
        return CLIENT_ERROR;
    }
}

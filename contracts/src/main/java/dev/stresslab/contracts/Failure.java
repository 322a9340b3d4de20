package dev.stresslab.contracts;

/**
 * Why a prompt could not be completed. {@code kind} is a stable machine-readable word
 * (TIMEOUT, RATE_LIMITED, SERVER_ERROR, CLIENT_ERROR, CONNECTION, BAD_RESPONSE, UNKNOWN_ENDPOINT, or
 * {@value #CANCELLED}: never called, its run was cancelled);
 * {@code message} is for people and never contains credentials.
 */
public record Failure(String kind, String message, Integer httpStatus) {
    /** The kind of a prompt the gateway skipped because its run was cancelled (RunEvent CANCELLED). */
    public static final String CANCELLED = "CANCELLED";

    public boolean cancelled() {
        return CANCELLED.equals(kind);
    }
}

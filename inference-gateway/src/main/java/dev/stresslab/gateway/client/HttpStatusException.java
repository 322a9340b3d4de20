package dev.stresslab.gateway.client;

/**
 * A model server answered with an error status on the streaming path. Carries the status and Retry-After only:
 * the body is not kept, so nothing the server echoes (a prompt, a key) can travel into events or logs.
 */
public final class HttpStatusException extends RuntimeException {
    private final int status;
    private final String retryAfter;

    public HttpStatusException(int status, String retryAfter) {
        super("model server answered HTTP " + status, null, false, false);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    public String retryAfter() {
        return retryAfter;
    }
}

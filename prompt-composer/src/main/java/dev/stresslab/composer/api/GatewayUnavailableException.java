package dev.stresslab.composer.api;

/** The gateway's endpoint registry could not be asked, so the model id cannot be checked. */
public class GatewayUnavailableException extends RuntimeException {
    public GatewayUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

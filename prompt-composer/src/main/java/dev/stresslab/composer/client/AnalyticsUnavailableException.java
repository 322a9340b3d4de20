package dev.stresslab.composer.client;

/** Analytics could not be asked for a reference run's results, so a difficulty order cannot be planned (HTTP 503). */
public class AnalyticsUnavailableException extends RuntimeException {
    public AnalyticsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.stresslab.composer.api;

/** A run request that cannot be composed; becomes a 400 with the message. Nothing is published. */
public class BadRunRequestException extends RuntimeException {
    public BadRunRequestException(String message) {
        super(message);
    }
}

package dev.stresslab.composer.api;

/** A run request that cannot be composed; becomes a 400 with the message (and the field at fault, if one). Nothing is published. */
public class BadRunRequestException extends RuntimeException {
    private final String field;

    public BadRunRequestException(String message) {
        this(message, null);
    }

    public BadRunRequestException(String message, String field) {
        super(message);
        this.field = field;
    }

    /** The request field at fault, e.g. {@code benchmark} or {@code questionIds[2]}; null when not one field. */
    public String field() {
        return field;
    }
}

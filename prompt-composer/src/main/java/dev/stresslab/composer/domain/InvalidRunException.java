package dev.stresslab.composer.domain;

/**
 * A run that cannot be planned as asked (a level larger than the questions selected, a limit and ids together, ...).
 * The HTTP API answers it with a 400 naming {@link #field()}; the {@code prompts} command with its usage text.
 */
public class InvalidRunException extends IllegalArgumentException {
    private final String field;

    public InvalidRunException(String message, String field) {
        super(message);
        this.field = field;
    }

    /** The run option at fault, e.g. {@code levels} or {@code difficultyFrom}; null when not one option. */
    public String field() {
        return field;
    }
}

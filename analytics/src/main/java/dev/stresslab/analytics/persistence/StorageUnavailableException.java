package dev.stresslab.analytics.persistence;

/** The database is away (connection lost, shutting down, overloaded): the write is retried until it is back. */
public class StorageUnavailableException extends RuntimeException {
    public StorageUnavailableException(Throwable cause) {
        super("the database is unavailable: " + StorageErrors.reason(cause), cause);
    }
}

package dev.stresslab.analytics.persistence;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Tells a database that is away (worth waiting for) from a write that can never succeed (worth recording and
 * moving past). Getting this wrong either way is costly: a permanent error taken for transient stalls the channel on
 * one record forever; a transient one taken for permanent records a good result as a storage failure.
 */
public final class StorageErrors {
    /**
     * SQLSTATE classes of a server that is unreachable, shutting down, out of resources, or that asks for a retry:
     * 08 connection exception, 53 insufficient resources, 57 operator intervention (admin shutdown, crash shutdown,
     * cannot connect now), 58 system error, 40 transaction rollback (serialization failure, deadlock).
     */
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "53", "57", "58", "40");

    private StorageErrors() {
    }

    public static boolean isTransient(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException || t instanceof ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                // no state: the pool could not hand out a connection (acquisition timeout), not a statement's fault
                return state == null || state.length() < 2 || TRANSIENT_CLASSES.contains(state.substring(0, 2));
            }
            if (t.getClass().getName().equals("org.hibernate.exception.JDBCConnectionException")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The innermost SQL message in the chain: the server's own words ("value too long for type character
     * varying(200)"), not the driver's batch wrapper, which repeats the whole row. Else the outermost error's.
     */
    public static String reason(Throwable error) {
        String found = null;
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getMessage() != null) {
                found = sql.getMessage();
            }
        }
        return found != null ? found : error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
    }
}

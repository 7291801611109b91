package dev.retort.core.runner;

/**
 * Something the user must act on: a failed step, an unacknowledged data loss, an edited
 * migration. The message says what happened, what is already committed, and how to recover.
 */
public class MigrationException extends RuntimeException {

    public MigrationException(String message) {
        super(message);
    }

    public MigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}

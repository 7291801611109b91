package dev.retort.core.runner;

import dev.retort.core.errors.Text;
import java.time.Duration;

/** Another migration run holds the database lock and did not release it in time. */
public class LockBusyException extends MigrationException {

    private final String lock;
    private final Duration waited;

    public LockBusyException(String lock, Duration waited) {
        super(
                Text.of("Another migration run holds the lock '" + lock + "' on this database; waited "
                        + waited.toSeconds() + " s. Try again when it has finished."),
                null);
        this.lock = lock;
        this.waited = waited;
    }

    public String lock() {
        return lock;
    }

    public Duration waited() {
        return waited;
    }
}

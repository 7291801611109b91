package dev.retort.core.h2;

import dev.retort.core.dialect.Session;
import java.sql.SQLException;
import java.time.Duration;

/** An H2 session: its own lock timeout bounds each attempt; a batch reads its rows without FOR UPDATE. */
final class H2Session implements Session {

    /** LOCK_TIMEOUT_1. */
    private static final int LOCK_TIMEOUT = 50200;

    @Override
    public void prepare() {}

    @Override
    public boolean isLockBusy(SQLException e) {
        return e.getErrorCode() == LOCK_TIMEOUT;
    }

    @Override
    public Duration defaultLockWait() {
        return Duration.ofSeconds(10);
    }

    @Override
    public String lockRowsClause() {
        return "";
    }
}

package dev.retort.core.mysql;

import dev.retort.core.dialect.Ddl;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * A MariaDB session running Retort's DDL. MariaDB states the lock wait in the statement itself:
 * {@code NOWAIT} by default, {@code WAIT 1} when, judged just before the statement is sent, only
 * the short writes of ordinary traffic hold the table (an in-place build needs the lock at its
 * start and end, which {@code NOWAIT} would almost never find free under steady writes), {@code
 * WAIT n} with {@code migrate.lockWait}. A transaction idle or reading, or a second old, keeps the
 * attempt at {@code NOWAIT} ({@link Blockers#lingeringHolder}). CREATE and DROP TRIGGER take no
 * such clause: they are not sent while such a transaction holds the table, and a shadow copy
 * bounds them by lock_wait_timeout.
 */
final class MariaDbSession extends MySqlSession {

    MariaDbSession(Connection connection, MariaDbDialect dialect, Context context) {
        super(connection, dialect, context);
    }

    /** MariaDB has no FOR SHARE (before 11.x); its NOWAIT fails a locking read with a lock wait timeout. */
    @Override
    String shareLockNoWait() {
        return "LOCK IN SHARE MODE NOWAIT";
    }

    /** The wait is stated in each statement. */
    @Override
    protected void boundLockWait() {}

    @Override
    public Duration defaultLockWait() {
        return Duration.ZERO;
    }

    @Override
    public Ddl bounded(Ddl statement, boolean patient) {
        long millis = patient ? 1000 : lockWait(context).toMillis();
        String wait = millis == 0 ? "NOWAIT" : "WAIT " + Math.max(1, (millis + 999) / 1000);
        return switch (statement.form()) {
            case ALTER_TABLE, RENAME_TABLE, CREATE_INDEX, DROP_TABLE -> statement.withLockWait(wait);
            case OTHER -> statement;
        };
    }

    @Override
    protected boolean lingers(List<String> tables, Ddl statement) {
        return statement.form() == Ddl.Form.OTHER
                && (statement.head().startsWith("CREATE TRIGGER ")
                        || statement.head().startsWith("DROP TRIGGER "))
                && blockers.lingeringHolder(tables);
    }

    /** An in-place build or a table swap with the default lock wait (sent so only when {@link #onlyShortHolders} agrees). */
    @Override
    public boolean waitsAtOnce(Ddl statement) {
        return context.lockWait() == null && (buildsInPlace(statement) || statement.form() == Ddl.Form.RENAME_TABLE);
    }

    @Override
    public boolean onlyShortHolders(List<String> tables) {
        return context.lockWait() == null && !blockers.lingeringHolder(tables);
    }

    @Override
    protected boolean instantUsedUp(SQLException e) {
        return false;
    }

    @Override
    public String advice(SQLException e) {
        return null;
    }

    @Override
    Long triggerLockWaitSeconds() {
        return context.lockWait() == null ? 1 : Math.max(1, (context.lockWait().toMillis() + 999) / 1000);
    }

    @Override
    boolean cachesTableStatistics() {
        return false;
    }

    @Override
    boolean renamesKeyIndexExplicitly() {
        return false;
    }

    @Override
    boolean checkNamesPerSchema() {
        return false;
    }
}

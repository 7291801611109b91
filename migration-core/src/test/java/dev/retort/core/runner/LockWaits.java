package dev.retort.core.runner;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Waiting for a run to be blocked, instead of sleeping for a guessed while: polls the server until
 * another session of the same database waits for a lock (a row lock, or a table's metadata lock on
 * MySQL/MariaDB; any heavyweight lock on PostgreSQL). A test that must act while a statement is
 * blocked acts as soon as it is, and fails loudly if it never is.
 */
final class LockWaits {

    private LockWaits() {}

    /** Returns once another session of {@code admin}'s database waits for a lock; fails after {@code seconds}. */
    static void awaitBlocked(Connection admin, long seconds) throws SQLException, InterruptedException {
        String sql = admin.getMetaData()
                        .getDatabaseProductName()
                        .toLowerCase(Locale.ROOT)
                        .contains("postgres")
                ? "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
                        + "AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'"
                : "SELECT COUNT(*) FROM information_schema.PROCESSLIST p WHERE p.DB = DATABASE() "
                        + "AND p.ID <> CONNECTION_ID() AND (p.STATE LIKE 'Waiting for%lock' OR p.ID IN "
                        + "(SELECT t.trx_mysql_thread_id FROM information_schema.INNODB_TRX t "
                        + "WHERE t.trx_state = 'LOCK WAIT'))";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            try (Statement s = admin.createStatement();
                    ResultSet rs = s.executeQuery(sql)) {
                if (rs.next() && rs.getLong(1) > 0) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no session of the database waited for a lock within " + seconds + " s");
            }
            Thread.sleep(20);
        }
    }
}

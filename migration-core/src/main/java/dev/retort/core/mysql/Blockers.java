package dev.retort.core.mysql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Names the MySQL/MariaDB sessions that keep a DDL statement from its lock, as far as the server
 * tells: MySQL with performance_schema names the holders of the table's locks exactly; MariaDB
 * without the metadata_lock_info plugin only shows which transactions are open, oldest first, and
 * the message says so.
 */
final class Blockers {

    private final Connection connection;

    Blockers(Connection connection) {
        this.connection = connection;
    }

    /**
     * MySQL/MariaDB: true when another session holds a transaction that can keep a table's metadata
     * lock for long: idle inside an open transaction, or open for 2 s or more. False when the only
     * open transactions are the short ones of ordinary write traffic, which release the lock within
     * milliseconds; waiting for those is harmless, while never waiting starves the DDL.
     */
    boolean longTransactionOpen() {
        try (PreparedStatement ps = connection.prepareStatement("SELECT COUNT(*) FROM information_schema.INNODB_TRX x "
                        + "JOIN information_schema.PROCESSLIST p ON p.ID = x.trx_mysql_thread_id WHERE p.ID <> CONNECTION_ID() "
                        + "AND (p.COMMAND = 'Sleep' OR x.trx_started <= NOW() - INTERVAL 2 SECOND)");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getLong(1) > 0;
        } catch (SQLException e) {
            return true; // cannot tell: assume the worst, do not queue writers
        }
    }

    /**
     * MySQL: true when another session keeps a lock on one of {@code tables} for its whole
     * transaction while idle in it or while running a statement for a second or more. MySQL has no
     * {@code NOWAIT} for DDL: a statement sent then waits {@code lock_wait_timeout} (at least 1 s)
     * with every write to the table queued behind it, so Retort does not send it until such a
     * holder is gone. Without a readable performance_schema, any idle or long transaction counts.
     */
    boolean lingeringHolder(List<String> tables) {
        for (String table : tables) {
            try (PreparedStatement ps =
                    connection.prepareStatement("SELECT COUNT(*) FROM performance_schema.metadata_locks m "
                            + "JOIN performance_schema.threads t ON t.THREAD_ID = m.OWNER_THREAD_ID WHERE m.OBJECT_TYPE = 'TABLE' "
                            + "AND m.OBJECT_SCHEMA = DATABASE() AND m.OBJECT_NAME = ? AND m.LOCK_STATUS = 'GRANTED' "
                            + "AND m.LOCK_DURATION = 'TRANSACTION' AND t.PROCESSLIST_ID <> CONNECTION_ID() "
                            + "AND (t.PROCESSLIST_COMMAND = 'Sleep' OR t.PROCESSLIST_TIME >= 1)")) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getLong(1) > 0) {
                        return true;
                    }
                }
            } catch (SQLException e) {
                return longTransactionOpen();
            }
        }
        return false;
    }

    /** One clause for a log line or an error: "held by session 17 (…)"; never throws. */
    String describe(List<String> tables) {
        try {
            List<String> found = holders(tables);
            return found.isEmpty() ? "the session holding the lock could not be identified" : String.join("; ", found);
        } catch (SQLException e) {
            return "the session holding the lock could not be identified (" + e.getMessage() + ")";
        }
    }

    private List<String> holders(List<String> tables) throws SQLException {
        List<String> exact = new ArrayList<>();
        for (String table : tables) {
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT DISTINCT t.PROCESSLIST_ID, t.PROCESSLIST_USER, "
                            + "t.PROCESSLIST_HOST, t.PROCESSLIST_COMMAND, t.PROCESSLIST_TIME FROM performance_schema.metadata_locks m "
                            + "JOIN performance_schema.threads t ON t.THREAD_ID = m.OWNER_THREAD_ID WHERE m.OBJECT_SCHEMA = DATABASE() "
                            + "AND m.OBJECT_NAME = ? AND m.LOCK_STATUS = 'GRANTED' AND t.PROCESSLIST_ID <> CONNECTION_ID()")) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        exact.add("held by session " + rs.getLong(1) + " (" + rs.getString(2) + "@" + rs.getString(3)
                                + ", "
                                + rs.getString(4) + " for " + rs.getLong(5) + " s) on " + table + "; end it with KILL "
                                + rs.getLong(1)
                                + " if it must go");
                    }
                }
            } catch (SQLException e) {
                // performance_schema off or not readable: fall back to the open transactions
            }
        }
        if (!exact.isEmpty()) {
            return exact;
        }
        List<String> open = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT p.ID, p.USER, p.HOST, p.COMMAND, p.TIME, "
                        + "TIMESTAMPDIFF(SECOND, x.trx_started, NOW()), p.INFO FROM information_schema.INNODB_TRX x "
                        + "JOIN information_schema.PROCESSLIST p ON p.ID = x.trx_mysql_thread_id WHERE p.ID <> CONNECTION_ID() "
                        + "ORDER BY x.trx_started LIMIT 3");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String info = rs.getString(7);
                open.add("session " + rs.getLong(1) + " (" + rs.getString(2)
                        + (rs.getString(3) == null || rs.getString(3).isEmpty() ? "" : "@" + rs.getString(3))
                        + ", transaction open " + rs.getLong(6) + " s, "
                        + ("Sleep".equals(rs.getString(4))
                                ? "idle for " + rs.getLong(5) + " s"
                                : "running: " + abbreviate(info))
                        + "; KILL " + rs.getLong(1) + " ends it)");
            }
        }
        if (open.isEmpty()) {
            return open;
        }
        return List.of("probably " + (open.size() == 1 ? "" : "one of ") + String.join(", ", open)
                + " (the oldest open transaction" + (open.size() == 1 ? "" : "s")
                + "; MariaDB names the exact holder only with the metadata_lock_info plugin)");
    }

    private static String abbreviate(String sql) {
        if (sql == null) {
            return "-";
        }
        String flat = sql.replaceAll("\\s+", " ");
        return flat.length() <= 80 ? flat : flat.substring(0, 77) + "...";
    }

    /**
     * The other transactions that hold row locks (InnoDB's own view, the same on MySQL and
     * MariaDB), longest open first; never throws.
     */
    String rowLockHolders() {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                        "SELECT x.trx_mysql_thread_id, p.USER, p.HOST, p.COMMAND, "
                                + "TIMESTAMPDIFF(SECOND, x.trx_started, NOW()), x.trx_rows_locked, LEFT(COALESCE(x.trx_query, p.INFO, ''), 120) "
                                + "FROM information_schema.INNODB_TRX x LEFT JOIN information_schema.PROCESSLIST p ON p.ID = x.trx_mysql_thread_id "
                                + "WHERE x.trx_mysql_thread_id <> CONNECTION_ID() AND x.trx_rows_locked > 0 ORDER BY x.trx_started LIMIT 3");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add("transaction of session " + rs.getLong(1) + " (" + rs.getString(2) + "@" + rs.getString(3)
                        + ", "
                        + rs.getString(4) + ", open " + rs.getLong(5) + " s, " + rs.getLong(6) + " rows locked"
                        + (rs.getString(7).isEmpty() ? "" : ", running: " + rs.getString(7)) + "); end it with KILL "
                        + rs.getLong(1) + " if it must go");
            }
        } catch (SQLException e) {
            return "the transaction holding the rows could not be identified (" + e.getMessage() + ")";
        }
        return out.isEmpty() ? "the transaction holding the rows could not be identified" : String.join("; ", out);
    }
}

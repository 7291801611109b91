package dev.retort.core.mysql;

import dev.retort.core.dialect.Session;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

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

    /** A statement that changes rows and so ends quickly in ordinary write traffic; anything else may run or sit long. */
    private static final Pattern WRITE = Pattern.compile(
            "^\\s*(?:/\\*.*?\\*/\\s*)*(?:INSERT|UPDATE|DELETE|REPLACE)\\b", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    /** Where this server tells who holds a table's metadata lock; found on first use. */
    private enum Source {
        /** MariaDB's metadata_lock_info plugin. */
        METADATA_LOCK_INFO,
        /** performance_schema with the metadata-lock instrument on (MySQL 8 by default, MariaDB 10.5+ when enabled). */
        PERFORMANCE_SCHEMA,
        /** Neither: every open InnoDB transaction counts, whatever table it holds. */
        OPEN_TRANSACTIONS
    }

    private Source source;

    /**
     * True when another session holds one of {@code tables} for longer than a write of ordinary
     * traffic would: a lock of transaction (or LOCK TABLES) duration held by a session that sits
     * idle in its transaction, runs a statement for a second or more, runs anything but a row
     * change (a reader's SELECT keeps the lock until its transaction ends, however soon the
     * statement does), or whose transaction is a second old or more. A DDL statement sent then
     * waits for its lock with every write to the table queued behind it, so Retort does not send
     * one that waits. When the server cannot name the holders of the table (MariaDB without the
     * metadata_lock_info plugin or performance_schema's metadata-lock instrument), every open
     * transaction of another session is judged so, whatever table it holds.
     */
    boolean lingeringHolder(List<String> tables) {
        try {
            for (Holder h : lockHolders(source(), tables)) {
                if (!h.brief()) {
                    return true;
                }
            }
            return false;
        } catch (SQLException e) {
            return true; // cannot tell: assume the worst, do not queue writers
        }
    }

    /** A session holding a table's lock, as the processlist shows it. */
    private record Holder(long id, String command, long seconds, String info, long transactionSeconds) {
        /** Running a row change for under a second, in a transaction under a second old. */
        boolean brief() {
            return writingFor(0);
        }

        /**
         * Looks like ordinary write traffic to a reader of the log: a row change running, in a
         * transaction, for at most the server's "1 s" (it counts whole seconds of the clock, so that
         * may be a tenth of one). Such a session is not named as a blocker nor offered to KILL.
         */
        boolean inFlight() {
            return writingFor(1);
        }

        private boolean writingFor(long atMostSeconds) {
            return ("Query".equals(command) || "Execute".equals(command))
                    && seconds <= atMostSeconds
                    && transactionSeconds <= atMostSeconds
                    && info != null
                    && WRITE.matcher(info).find();
        }
    }

    /*
     * A session of an open transaction, joined from INNODB_TRX (x), the server's copy of its
     * transactions, up to 0.1 s old, and the live processlist (p): a transaction that copy shows
     * running a statement (trx_query) was not idle in its transaction, whatever the processlist shows
     * a moment later (an autocommit write done, its session between writes); it is judged by that
     * statement, for as long as its transaction is open.
     */
    private static final String TRX_COMMAND = "IF(x.trx_query IS NULL, p.COMMAND, 'Query')";
    private static final String TRX_TIME =
            "IF(x.trx_query IS NULL, p.TIME, TIMESTAMPDIFF(SECOND, x.trx_started, NOW()))";
    private static final String TRX_INFO = "COALESCE(x.trx_query, p.INFO)";

    private Source source() {
        if (source == null) {
            if (answers("SELECT COUNT(*) FROM information_schema.METADATA_LOCK_INFO WHERE 1 = 0")) {
                source = Source.METADATA_LOCK_INFO;
            } else if (answers(
                    "SELECT 1 FROM performance_schema.setup_instruments "
                            + "WHERE NAME = 'wait/lock/metadata/sql/mdl' AND ENABLED = 'YES' AND @@GLOBAL.performance_schema = 1")) {
                source = Source.PERFORMANCE_SCHEMA;
            } else {
                source = Source.OPEN_TRANSACTIONS;
            }
        }
        return source;
    }

    /** True when the query runs and returns a row. */
    private boolean answers(String sql) {
        try (PreparedStatement ps = connection.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            return rs.next();
        } catch (SQLException e) {
            return false;
        }
    }

    private List<Holder> lockHolders(Source from, List<String> tables) throws SQLException {
        List<Holder> out = new ArrayList<>();
        String sql = switch (from) {
            case METADATA_LOCK_INFO ->
                "SELECT p.ID, p.COMMAND, p.TIME, p.INFO, "
                        + "TIMESTAMPDIFF(SECOND, x.trx_started, NOW()) FROM information_schema.METADATA_LOCK_INFO m "
                        + "JOIN information_schema.PROCESSLIST p ON p.ID = m.THREAD_ID "
                        + "LEFT JOIN information_schema.INNODB_TRX x ON x.trx_mysql_thread_id = p.ID "
                        + "WHERE m.TABLE_SCHEMA = DATABASE() AND m.TABLE_NAME = ? AND m.LOCK_DURATION <> 'MDL_STATEMENT' "
                        + "AND p.ID <> CONNECTION_ID()";
            case PERFORMANCE_SCHEMA ->
                "SELECT t.PROCESSLIST_ID, t.PROCESSLIST_COMMAND, t.PROCESSLIST_TIME, "
                        + "t.PROCESSLIST_INFO, TIMESTAMPDIFF(SECOND, x.trx_started, NOW()) FROM performance_schema.metadata_locks m "
                        + "JOIN performance_schema.threads t ON t.THREAD_ID = m.OWNER_THREAD_ID "
                        + "LEFT JOIN information_schema.INNODB_TRX x ON x.trx_mysql_thread_id = t.PROCESSLIST_ID "
                        + "WHERE m.OBJECT_TYPE = 'TABLE' AND m.OBJECT_SCHEMA = DATABASE() AND m.OBJECT_NAME = ? "
                        + "AND m.LOCK_STATUS = 'GRANTED' AND m.LOCK_DURATION <> 'STATEMENT' "
                        + "AND t.PROCESSLIST_ID <> CONNECTION_ID()";
            case OPEN_TRANSACTIONS ->
                "SELECT p.ID, " + TRX_COMMAND + ", " + TRX_TIME + ", " + TRX_INFO + ", "
                        + "TIMESTAMPDIFF(SECOND, x.trx_started, NOW()) FROM information_schema.INNODB_TRX x "
                        + "JOIN information_schema.PROCESSLIST p ON p.ID = x.trx_mysql_thread_id "
                        + "WHERE p.ID <> CONNECTION_ID() AND ? IS NOT NULL";
        };
        for (String table : from == Source.OPEN_TRANSACTIONS ? tables.subList(0, 1) : tables) {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Holder(
                                rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getLong(5)));
                    }
                }
            }
        }
        return out;
    }

    /**
     * One clause for a log line or an error: "held by session 17 (…)"; never throws. Sessions that
     * are only running a row change of ordinary traffic (under a second, in a transaction under a
     * second old) are not named, nor offered to KILL: they end on their own in a moment, and the
     * clause says so.
     */
    String describe(List<String> tables) {
        try {
            List<String> found = holders(tables);
            return found.isEmpty() ? Session.UNIDENTIFIED_HOLDER : String.join("; ", found);
        } catch (SQLException e) {
            return Session.UNIDENTIFIED_HOLDER + " (" + e.getMessage() + ")";
        }
    }

    /** The clause for holders that are all ordinary writes in mid-statement. */
    static String inFlight(int writes) {
        return "held for a moment by " + writes + " write" + (writes == 1 ? "" : "s")
                + " in flight (each running a second or less; ordinary traffic that ends on its own)";
    }

    /** A holder of a lock on the table, as performance_schema shows it, with its login. */
    private record Seen(Holder holder, String user, String host) {
        /**
         * Idle for at most a second in a transaction at most a second old: a session idle in its
         * transaction, or a writer the look caught between two reads (its lock granted, then its
         * thread idle, its autocommit write done). A second look tells them apart.
         */
        boolean unsure() {
            Holder h = holder;
            return !h.inFlight() && "Sleep".equals(h.command()) && h.seconds() <= 1 && h.transactionSeconds() <= 1;
        }
    }

    private List<Seen> lockHoldersSeen(String table) throws SQLException {
        List<Seen> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT DISTINCT t.PROCESSLIST_ID, t.PROCESSLIST_USER, t.PROCESSLIST_HOST, t.PROCESSLIST_COMMAND, "
                        + "t.PROCESSLIST_TIME, t.PROCESSLIST_INFO, TIMESTAMPDIFF(SECOND, x.trx_started, NOW()) "
                        + "FROM performance_schema.metadata_locks m "
                        + "JOIN performance_schema.threads t ON t.THREAD_ID = m.OWNER_THREAD_ID "
                        + "LEFT JOIN information_schema.INNODB_TRX x ON x.trx_mysql_thread_id = t.PROCESSLIST_ID "
                        + "WHERE m.OBJECT_SCHEMA = DATABASE() "
                        + "AND m.OBJECT_NAME = ? AND m.LOCK_STATUS = 'GRANTED' AND t.PROCESSLIST_ID <> CONNECTION_ID()")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Seen(
                            new Holder(rs.getLong(1), rs.getString(4), rs.getLong(5), rs.getString(6), rs.getLong(7)),
                            rs.getString(2),
                            rs.getString(3)));
                }
            }
        }
        return out;
    }

    private List<String> holders(List<String> tables) throws SQLException {
        List<String> exact = new ArrayList<>();
        int brief = 0;
        for (String table : tables) {
            try {
                List<Seen> seen = lockHoldersSeen(table);
                Set<Long> still = null;
                for (Seen s : seen) {
                    if (s.holder().inFlight()) {
                        brief++;
                        continue;
                    }
                    if (s.unsure()) {
                        if (still == null) {
                            still = secondLook(table);
                        }
                        if (!still.contains(s.holder().id())) {
                            brief++; // its lock gone or its next write running a moment later: it was writing
                            continue;
                        }
                    }
                    Holder h = s.holder();
                    exact.add("held by session " + h.id() + " (" + s.user() + "@" + s.host() + ", " + h.command()
                            + " for " + h.seconds() + " s) on " + table + "; end it with KILL " + h.id()
                            + " if it must go");
                }
            } catch (SQLException e) {
                // performance_schema off or not readable: fall back to the open transactions
            }
        }
        if (!exact.isEmpty()) {
            return exact;
        }
        if (brief > 0) {
            return List.of(inFlight(brief));
        }
        List<String> open = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT p.ID, p.USER, p.HOST, " + TRX_COMMAND + ", "
                        + TRX_TIME + ", TIMESTAMPDIFF(SECOND, x.trx_started, NOW()), " + TRX_INFO
                        + " FROM information_schema.INNODB_TRX x "
                        + "JOIN information_schema.PROCESSLIST p ON p.ID = x.trx_mysql_thread_id WHERE p.ID <> CONNECTION_ID() "
                        + "ORDER BY x.trx_started LIMIT 3");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String info = rs.getString(7);
                Holder h = new Holder(rs.getLong(1), rs.getString(4), rs.getLong(5), info, rs.getLong(6));
                if (h.inFlight()) {
                    brief++;
                    continue;
                }
                open.add("session " + h.id() + " (" + rs.getString(2)
                        + (rs.getString(3) == null || rs.getString(3).isEmpty() ? "" : "@" + rs.getString(3))
                        + ", transaction open " + h.transactionSeconds() + " s, "
                        + ("Sleep".equals(h.command())
                                ? "idle for " + h.seconds() + " s"
                                : "running: " + abbreviate(info))
                        + "; KILL " + h.id() + " ends it)");
            }
        }
        if (open.isEmpty()) {
            return brief > 0 ? List.of(inFlight(brief)) : open;
        }
        return List.of("probably " + (open.size() == 1 ? "" : "one of ") + String.join(", ", open)
                + " (the oldest open transaction" + (open.size() == 1 ? "" : "s")
                + "; MariaDB names the exact holder only with the metadata_lock_info plugin)");
    }

    /** The sessions that, looked at again a moment later, still hold a lock on the table while idle. */
    private Set<Long> secondLook(String table) throws SQLException {
        try {
            Thread.sleep(SECOND_LOOK_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Set<Long> out = new HashSet<>();
        for (Seen s : lockHoldersSeen(table)) {
            if (!s.holder().inFlight() && "Sleep".equals(s.holder().command())) {
                out.add(s.holder().id());
            }
        }
        return out;
    }

    private static final long SECOND_LOOK_MS = 20;

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

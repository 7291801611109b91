package dev.retort.core.mysql;

import dev.retort.core.dialect.Session;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Copies a table's rows to its shadow in primary-key chunks, each its own short transaction that
 * also checkpoints the chunk's last key in {@link CopyRecord}, so a killed copy resumes after it.
 * Between chunks it pauses ({@code migrate.onlineCopyThrottle}) and waits while the server is busy
 * ({@code Threads_running} above {@code migrate.onlineCopy.maxThreadsRunning}); it logs progress
 * with rate and ETA every few seconds.
 */
final class ChunkCopy {

    static final long LOG_EVERY_NANOS = 5_000_000_000L;
    private static final int MAX_CHUNK_ATTEMPTS = 20;

    private final CopySql sql;
    private final MySqlDialect dialect;
    private final MySqlSession session;
    private final Session.Context context;
    private final CopyRecord record;
    private final LoadThrottle load;
    /** Chunks of the current copy rolled back by a lock wait timeout or a deadlock, and copied again. */
    private long retried;
    /** With {@code migrate.onlineCopy.feed=binlog}: the writes read from the binary log, applied after each chunk. */
    BinlogFeed feed;

    ChunkCopy(CopySql sql, MySqlDialect dialect, MySqlSession session, Session.Context context, CopyRecord record) {
        this.sql = sql;
        this.dialect = dialect;
        this.session = session;
        this.context = context;
        this.record = record;
        this.load = new LoadThrottle(sql, context);
    }

    /**
     * What the copy of one table works with: its key, the columns both tables have, and whether the
     * shadow has a foreign key the table does not enforce (a step adding one), which the copied rows
     * must then be checked against.
     */
    record Plan(
            String table,
            ShadowCopy.Names names,
            String key,
            String keyType,
            List<String> columns,
            boolean newForeignKey) {

        Plan(String table, ShadowCopy.Names names, String key, String keyType, List<String> columns) {
            this(table, names, key, keyType, columns, false);
        }

        String list(MySqlDialect dialect) {
            return columns.stream().map(dialect::quote).collect(Collectors.joining(", "));
        }
    }

    /**
     * Copies the rows after {@code from} (null: all of them) in key order, chunk by chunk. Each
     * chunk reads its rows with shared locks (so a row deleted meanwhile is not copied back as a
     * ghost) in read committed (no gap locks hold up inserts), and keeps the shadow's row where a
     * trigger already wrote a newer one. The triggers' writes need no such care: they run inside
     * the writer's own transaction, which holds the source row.
     *
     * <p>The chunks are written with {@code foreign_key_checks=0} unless the step adds a foreign key
     * ({@link Plan#newForeignKey}). The shadow's keys are the table's own, which the table enforces:
     * each copied row had its parent when it was share-locked, and while the chunk holds that lock
     * the parent can be neither deleted nor have its key changed (CASCADE and SET NULL need the
     * row's exclusive lock, RESTRICT and NO ACTION find it); from the chunk's commit on, the
     * shadow's keys apply the parent's rules to the copied row. Checking it again would only take a
     * shared lock on the parent after the row's, the opposite order of a cascading delete, which
     * locks the parent and then its children: a deadlock in which the writer, with fewer locks, is
     * the one rolled back. It also lets a table's key on itself be copied in key order, a child
     * before its parent (see {@code ShadowCopy}).
     */
    void copy(Plan p, Object from) throws SQLException {
        Connection connection = sql.connection;
        String t = dialect.quote(p.table());
        String k = dialect.quote(p.key());
        String shadow = dialect.quote(p.names().shadow());
        String list = p.list(dialect);
        Object end;
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT MAX(" + k + ") FROM " + t)) {
            end = rs.next() ? rs.getObject(1) : null;
        }
        long total = sql.count(
                "SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
                p.table());
        if (from != null) {
            total = Math.max(0, total - sql.count("SELECT COUNT(*) FROM " + t + " WHERE " + k + " <= ?", from));
        }
        if (end == null || from != null && sql.count("SELECT COUNT(*) FROM " + t + " WHERE " + k + " > ?", from) == 0) {
            return;
        }
        String insert = "INSERT INTO " + shadow + " (" + list + ") SELECT " + list + " FROM " + t
                + " FORCE INDEX (PRIMARY) WHERE ";
        // the chunk's rows are share-locked by then: a plain (read-committed) read sees them as they are, and does not
        // wait for a row inserted into the range meanwhile, which its trigger copies anyway
        String tail = " ON DUPLICATE KEY UPDATE " + shadow + "." + k + " = " + shadow + "." + k;
        int isolation = connection.getTransactionIsolation();
        String keyChecks = sql.text("SELECT @@SESSION.foreign_key_checks");
        long started = System.nanoTime();
        long lastLog = started;
        long done = 0;
        Object last = from;
        load.reset();
        retried = 0;
        try {
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            if (!p.newForeignKey()) {
                sql.exec("SET SESSION foreign_key_checks = 0");
            }
            while (true) {
                load.awaitCalm(p.table());
                long chunkStart = System.nanoTime();
                Chunk c = chunk(p.table(), t, shadow, k, insert, tail, last, end);
                done += c.inserted();
                Object upper = c.upper();
                long chunkNanos = System.nanoTime() - chunkStart;
                long now = System.nanoTime();
                boolean finished = c.last() || upper.equals(end);
                if (finished || now - lastLog >= LOG_EVERY_NANOS) {
                    context.info("  " + progress(p.table(), done, total, now - started, finished)
                            + (load.throttledNanos() > 0
                                    ? String.format(
                                            Locale.ROOT,
                                            "; %.1f s waiting for a calmer server",
                                            load.throttledNanos() / 1e9)
                                    : "")
                            + (retried > 0
                                    ? "; " + retried + " chunk" + (retried == 1 ? "" : "s")
                                            + " retried after a lock wait timeout or deadlock"
                                    : ""));
                    lastLog = now;
                }
                if (feed != null) {
                    feed.applyPending();
                }
                if (finished) {
                    return;
                }
                last = upper;
                if (context.copyThrottle() > 0) {
                    CopySql.sleep((long) (chunkNanos * context.copyThrottle() / 1_000_000));
                }
            }
        } finally {
            connection.setTransactionIsolation(isolation);
            if (!p.newForeignKey() && !connection.isClosed()) {
                // the verifier's re-copies and the key changes before the swap rely on the session's setting again
                sql.exec("SET SESSION foreign_key_checks = " + (keyChecks.equals("0") ? "0" : "1"));
            }
        }
    }

    /**
     * Waits while the server is busier than {@code migrate.onlineCopy.maxThreadsRunning} allows, or
     * a replica lags more than {@code migrate.onlineCopy.maxReplicaLag}.
     */
    void awaitCalm(String table) throws SQLException {
        load.awaitCalm(table);
    }

    /**
     * Connects to the replicas of {@code migrate.onlineCopy.replicas} before anything is changed:
     * one that cannot be reached, or is no replica, fails the step now rather than hours into the copy.
     */
    void openReplicas() throws SQLException {
        load.replicas.open();
    }

    void closeReplicas() {
        load.replicas.close();
    }

    static String progress(String table, long done, long estimate, long nanos, boolean finished) {
        double rate = nanos <= 0 ? 0 : done / (nanos / 1e9);
        if (finished) {
            return String.format(
                    Locale.ROOT, "copy of %s: %,d rows in %s (%,.0f rows/s)", table, done, seconds(nanos), rate);
        }
        long total = Math.max(estimate, done);
        long left = total - done;
        String eta = rate <= 0 ? "ETA unknown" : "ETA " + seconds((long) (left / rate * 1e9));
        return String.format(
                Locale.ROOT,
                "copy of %s: %,d of about %,d rows (%d%%), %,.0f rows/s, %s",
                table,
                done,
                total,
                total == 0 ? 100 : Math.min(99, done * 100 / total),
                rate,
                eta);
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    /** What one chunk did: its last key, the rows inserted, and whether it reached the end of the source. */
    record Chunk(Object upper, long inserted, boolean last) {}

    /**
     * One chunk in its own transaction: first the next {@code migrate.onlineCopyChunk} source rows
     * after {@code lower} are share-locked in key order, the same read giving the chunk's last key;
     * then they are copied; then the checkpoint moves to that key. Taking every source lock before
     * the first shadow row is written means the chunk never waits for a writer while holding a
     * shadow row that writer's trigger needs. Retried while a row lock is busy or a deadlock picks it.
     *
     * <p>The locking read does not wait for a row another transaction holds: it fails at once
     * (NOWAIT), releasing what it had locked, and the chunk is retried after a pause. Waiting, it
     * would hold the rows before the busy one while a cascading delete holds the busy one and wants
     * those: on a table with a key on itself a delete locks a parent and then its children, in no
     * key order. The server then rolls back the transaction with fewer locks, the writer's. For the
     * same reason the shadow's rows of the range are locked, without waiting, before any is written:
     * a cascading delete on a parent may reach the shadow's row before the source's.
     */
    private Chunk chunk(
            String table, String t, String shadow, String k, String insert, String tail, Object lower, Object end)
            throws SQLException {
        int rows = context.copyChunkRows();
        String lock = "SELECT " + k + " FROM " + t + " FORCE INDEX (PRIMARY) WHERE " + CopySql.range(k, lower, end)
                + " ORDER BY " + k + " LIMIT " + rows + " " + session.shareLockNoWait();
        Connection connection = sql.connection;
        for (int attempt = 1; ; attempt++) {
            connection.setAutoCommit(false);
            try {
                Object upper = null;
                int locked = 0;
                try (PreparedStatement ps = connection.prepareStatement(lock)) {
                    CopySql.bindRange(ps, lower, end);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            upper = rs.getObject(1);
                            locked++;
                        }
                    }
                }
                if (upper == null) {
                    // the rows left were deleted meanwhile: nothing to copy
                    connection.commit();
                    return new Chunk(end, 0, true);
                }
                // then the shadow's rows of the range, again without waiting: a cascading delete on a
                // parent can reach the shadow's row first (through the shadow's own key) and the
                // source's row next, the opposite order of the copy; met here, the chunk steps back
                // instead of the server rolling back the writer
                try (PreparedStatement ps = connection.prepareStatement("SELECT " + k + " FROM " + shadow + " WHERE "
                        + CopySql.range(k, lower, upper) + " FOR UPDATE NOWAIT")) {
                    CopySql.bindRange(ps, lower, upper);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            // taking the locks is the point
                        }
                    }
                }
                String copy = insert + CopySql.range(k, lower, upper) + tail;
                sql.last = copy;
                long inserted;
                try (PreparedStatement ps = connection.prepareStatement(copy)) {
                    CopySql.bindRange(ps, lower, upper);
                    // rows inserted, plus (Connector/J reports found rows) those a trigger had copied already
                    inserted = ps.executeUpdate();
                }
                record.checkpoint(table, CopyRecord.COPY, upper);
                connection.commit();
                return new Chunk(upper, inserted, locked < rows);
            } catch (SQLException e) {
                connection.rollback();
                if (!session.isLockBusy(e) || attempt >= MAX_CHUNK_ATTEMPTS) {
                    throw e;
                }
                retried++;
                CopySql.sleep(context.pauseBeforeRetry(attempt));
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /** The key ending the next chunk: the chunk-th key after {@code last}, or {@code end} when fewer remain. */
    Object upperBound(String t, String k, Object last, Object end) throws SQLException {
        String query = "SELECT " + k + " FROM " + t + " WHERE " + CopySql.range(k, last, end) + " ORDER BY " + k
                + " LIMIT 1 OFFSET " + (context.copyChunkRows() - 1);
        try (PreparedStatement ps = sql.connection.prepareStatement(query)) {
            CopySql.bindRange(ps, last, end);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1) : end;
            }
        }
    }

    /**
     * Waits while a replica of {@code migrate.onlineCopy.replicas} is more than
     * {@code migrate.onlineCopy.maxReplicaLag} seconds behind, as pt-online-schema-change's
     * {@code --max-lag}: rows copied faster than a replica applies them pile up there, and reads
     * from it go stale. A replica whose replication is stopped (lag NULL) or that stops answering
     * makes the copy wait too, and is named in the log every few seconds, as pt-online-schema-change
     * does: going on blind could leave it hours behind. Reads the lag at most once a second (it is
     * counted in whole seconds).
     */
    static final class ReplicaWatch {
        private static final long CHECK_EVERY_NANOS = 1_000_000_000L;
        private final CopySql sql;
        private final Session.Context context;
        private final java.util.Map<String, Connection> open = new java.util.LinkedHashMap<>();
        private long lastCheck;

        ReplicaWatch(CopySql sql, Session.Context context) {
            this.sql = sql;
            this.context = context;
        }

        /** A replica's lag in seconds, or null when its replication is stopped; empty when it is no replica. */
        record Lag(boolean replica, Long seconds) {}

        void open() throws SQLException {
            for (String replica : context.copyReplicas()) {
                if (open.containsKey(replica)) {
                    continue;
                }
                Connection c;
                try {
                    c = context.connectReplica(url(replica));
                } catch (SQLException e) {
                    close();
                    throw new SQLException(
                            "the replica " + replica + " (migrate.onlineCopy.replicas) cannot be reached: "
                                    + e.getMessage() + "; the copy does not start without knowing its lag. Fix its "
                                    + "address or the credentials (those of the primary), or leave it out of "
                                    + "migrate.onlineCopy.replicas",
                            "08001",
                            e);
                }
                open.put(replica, c);
                Lag lag;
                try {
                    lag = lag(c);
                } catch (SQLException e) {
                    close();
                    throw new SQLException(
                            "the replica status of " + replica + " (migrate.onlineCopy.replicas) cannot be read: "
                                    + e.getMessage() + "; the user needs the REPLICATION CLIENT privilege "
                                    + "(MariaDB 10.5 and later: REPLICA MONITOR)",
                            e.getSQLState(),
                            e);
                }
                if (!lag.replica()) {
                    close();
                    throw new SQLException(
                            replica + " (migrate.onlineCopy.replicas) is no replica: SHOW REPLICA STATUS is empty "
                                    + "there. List the replicas of this primary, not the primary itself",
                            "HY000");
                }
                context.info("  watching the replica " + replica + " (" + describe(lag)
                        + "): the copy pauses while it is more than migrate.onlineCopy.maxReplicaLag="
                        + context.copyMaxReplicaLag() + " s behind");
            }
        }

        void close() {
            for (Connection c : open.values()) {
                try {
                    c.close();
                } catch (SQLException e) {
                    // gone already
                }
            }
            open.clear();
        }

        /** A replica as {@code host[:port]}, reached with the primary's URL scheme, or a whole JDBC URL. */
        String url(String replica) throws SQLException {
            if (replica.regionMatches(true, 0, "jdbc:", 0, 5)) {
                return replica;
            }
            String primary = sql.connection.getMetaData().getURL();
            int hosts = primary.indexOf("//");
            return (hosts < 0 ? "jdbc:mysql://" : primary.substring(0, hosts + 2)) + replica + "/";
        }

        static String describe(Lag lag) {
            return lag.seconds() == null ? "replication stopped" : lag.seconds() + " s behind";
        }

        /** Seconds_Behind_Source (MySQL 8.0.22 and later) or Seconds_Behind_Master; the worst of several channels. */
        static Lag lag(Connection c) throws SQLException {
            try (Statement s = c.createStatement()) {
                ResultSet status;
                try {
                    status = s.executeQuery("SHOW REPLICA STATUS");
                } catch (SQLException e) {
                    // MariaDB before 10.5, MySQL before 8.0.22; MySQL 8.4 knows SHOW REPLICA STATUS only, so any
                    // other refusal (a missing privilege) is the one to report
                    if (!CopySql.unknownStatement(e)) {
                        throw e;
                    }
                    status = s.executeQuery("SHOW SLAVE STATUS");
                }
                try (ResultSet rs = status) {
                    int column = 0;
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        String name = rs.getMetaData().getColumnLabel(i);
                        if (name.equalsIgnoreCase("Seconds_Behind_Source")
                                || name.equalsIgnoreCase("Seconds_Behind_Master")) {
                            column = i;
                        }
                    }
                    boolean any = false;
                    Long worst = 0L;
                    while (rs.next()) {
                        any = true;
                        long seconds = column == 0 ? 0 : rs.getLong(column);
                        if (column == 0 || rs.wasNull()) {
                            worst = null;
                        } else if (worst != null) {
                            worst = Math.max(worst, seconds);
                        }
                    }
                    return new Lag(any, any ? worst : null);
                }
            }
        }

        /** Waits while a replica lags too far, is stopped or cannot be reached; returns the nanoseconds waited. */
        long await(String table) throws SQLException {
            if (open.isEmpty() || System.nanoTime() - lastCheck < CHECK_EVERY_NANOS) {
                return 0;
            }
            int max = context.copyMaxReplicaLag();
            long waitStart = 0;
            long lastLog = 0;
            long pause = 250;
            while (true) {
                lastCheck = System.nanoTime();
                String why = null;
                boolean unreachable = false;
                for (java.util.Map.Entry<String, Connection> r : open.entrySet()) {
                    try {
                        Lag lag = lag(r.getValue());
                        if (lag.seconds() == null) {
                            why = "replication on " + r.getKey() + " is stopped (its lag is NULL)";
                        } else if (lag.seconds() > max) {
                            why = r.getKey() + " is " + lag.seconds() + " s behind its primary, more than "
                                    + "migrate.onlineCopy.maxReplicaLag=" + max + " s";
                        }
                    } catch (SQLException e) {
                        why = "the replica " + r.getKey() + " cannot be reached (" + e.getMessage() + ")";
                        unreachable = true;
                        reconnect(r);
                    }
                    if (why != null) {
                        break;
                    }
                }
                long now = System.nanoTime();
                if (why == null) {
                    if (waitStart == 0) {
                        return 0;
                    }
                    context.info("  copy of " + table + " goes on: every replica is within "
                            + "migrate.onlineCopy.maxReplicaLag=" + max + " s after " + seconds(now - waitStart)
                            + " of waiting");
                    return now - waitStart;
                }
                if (waitStart == 0) {
                    waitStart = now;
                }
                if (lastLog == 0 || now - lastLog >= LOG_EVERY_NANOS) {
                    String message = "  copy of " + table + " paused: " + why + "; waiting";
                    if (unreachable) {
                        context.warn(message + " until it answers (a copy going on blind could leave it far behind): "
                                + "bring it back, or leave it out of migrate.onlineCopy.replicas for the next run");
                    } else {
                        context.info(message + " for it to catch up");
                    }
                    lastLog = now;
                }
                CopySql.sleep(pause);
                pause = Math.min(1000, pause * 2);
            }
        }

        private void reconnect(java.util.Map.Entry<String, Connection> r) {
            try {
                r.getValue().close();
            } catch (SQLException e) {
                // it is gone
            }
            try {
                r.setValue(context.connectReplica(url(r.getKey())));
            } catch (SQLException e) {
                // still unreachable: the closed connection fails the next check again
            }
        }
    }

    /**
     * Waits while the server runs more than {@code migrate.onlineCopy.maxThreadsRunning} threads,
     * as pt-online-schema-change's {@code --max-load} does: a copy adds load exactly when the
     * server has least to spare. Reads {@code Threads_running} at most every 100 ms.
     */
    static final class LoadThrottle {
        private static final long CHECK_EVERY_NANOS = 100_000_000L;
        private final CopySql sql;
        private final Session.Context context;
        private long lastCheck;
        private long throttled;

        final ReplicaWatch replicas;

        LoadThrottle(CopySql sql, Session.Context context) {
            this.sql = sql;
            this.context = context;
            this.replicas = new ReplicaWatch(sql, context);
        }

        void reset() {
            throttled = 0;
            lastCheck = 0;
        }

        long throttledNanos() {
            return throttled;
        }

        void awaitCalm(String table) throws SQLException {
            awaitThreads(table);
            throttled += replicas.await(table);
        }

        private void awaitThreads(String table) throws SQLException {
            int max = context.copyMaxThreadsRunning();
            if (max <= 0 || System.nanoTime() - lastCheck < CHECK_EVERY_NANOS) {
                return;
            }
            long waitStart = 0;
            long lastLog = 0;
            long pause = 50;
            while (true) {
                lastCheck = System.nanoTime();
                long running = threadsRunning();
                if (running <= max) {
                    if (waitStart != 0) {
                        throttled += System.nanoTime() - waitStart;
                        context.info("  copy of " + table + " goes on: Threads_running is " + running + " after "
                                + seconds(System.nanoTime() - waitStart) + " of waiting");
                    }
                    return;
                }
                long now = System.nanoTime();
                if (waitStart == 0) {
                    waitStart = now;
                }
                if (lastLog == 0 || now - lastLog >= LOG_EVERY_NANOS) {
                    context.info("  copy of " + table + " throttled: Threads_running is " + running + ", above "
                            + "migrate.onlineCopy.maxThreadsRunning=" + max + "; waiting for the server to calm down");
                    lastLog = now;
                }
                CopySql.sleep(pause);
                pause = Math.min(1000, pause * 2);
            }
        }

        private long threadsRunning() throws SQLException {
            try (Statement s = sql.connection.createStatement();
                    ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE 'Threads_running'")) {
                return rs.next() ? rs.getLong(2) : 0;
            }
        }
    }
}

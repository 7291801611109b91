package dev.retort.core.postgres;

import dev.retort.core.dialect.Ddl;
import dev.retort.core.dialect.Session;
import dev.retort.core.ops.CreateIndex;
import dev.retort.core.ops.Operation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A PostgreSQL session running Retort's DDL. Each attempt is bounded by {@code lock_timeout}
 * (100 ms by default) for statements whose lock blocks writers, and by none for those that take
 * only locks writers pass (concurrent index builds, validations), which may wait as long as they
 * need without queueing anyone. {@code pg_locks} names the holders exactly. A failed concurrent
 * index build leaves an INVALID index, which is dropped so the rerun can build it again.
 */
final class PostgresSession implements Session {

    private final Connection connection;
    private final PostgresDialect dialect;
    private final Context context;
    /** The lock_timeout last set; null when unknown (a rolled-back transaction may have undone it). */
    private String lockTimeout;

    PostgresSession(Connection connection, PostgresDialect dialect, Context context) {
        this.connection = connection;
        this.dialect = dialect;
        this.context = context;
    }

    @Override
    public void prepare() {
        lockTimeout = null; // a rolled-back transaction may have undone the last SET
    }

    /** lock_not_available, deadlock_detected. */
    @Override
    public boolean isLockBusy(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return state.equals("55P03") || state.equals("40P01");
    }

    @Override
    public Duration defaultLockWait() {
        return Duration.ofMillis(100);
    }

    /** A short lock_timeout for statements whose lock blocks writers; none for those writers pass. */
    @Override
    public Ddl bounded(Ddl statement, boolean patient) throws SQLException {
        setLockTimeout(statement);
        return statement;
    }

    private void setLockTimeout(Ddl statement) throws SQLException {
        String wanted = dialect.requiresAutocommit(statement)
                ? "0"
                : Math.max(1, lockWait(context).toMillis()) + "ms";
        if (!wanted.equals(lockTimeout)) {
            exec("SET lock_timeout = '" + wanted + "'");
            lockTimeout = wanted;
        }
    }

    /**
     * Default lock wait: a statement whose lock blocks writers is not sent while another session
     * holds a lock on one of the tables in a transaction that may stay open: idle in it, reading
     * (a reader's lock lasts until its transaction ends, however soon its statement does), or
     * running a statement or a transaction for a second or more. Sent, it would wait its
     * lock_timeout with every writer of the table queued behind it, on every attempt. Only the
     * short writes of ordinary traffic, and autovacuum (which yields to a waiting lock), let it go.
     */
    @Override
    public SQLException notSendable(List<String> tables, Ddl statement) {
        if (context.lockWait() != null || dialect.requiresAutocommit(statement)) {
            return null;
        }
        try {
            for (String table : tables) {
                try (PreparedStatement ps = connection.prepareStatement(
                        "SELECT a.state, a.backend_type, a.query, EXTRACT(EPOCH FROM now() - a.query_start), "
                                + "EXTRACT(EPOCH FROM now() - a.xact_start) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                                + "WHERE l.relation = to_regclass(?) AND l.granted AND l.pid <> pg_backend_pid()")) {
                    ps.setString(1, dialect.quote(table));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            if (!brief(
                                    rs.getString(1),
                                    rs.getString(2),
                                    rs.getString(3),
                                    rs.getDouble(4),
                                    rs.getDouble(5))) {
                                return new SQLException(
                                        "canceling statement due to lock timeout (not sent: a session idle in its "
                                                + "transaction, reading, or running long holds a lock on " + table
                                                + ")",
                                        "55P03");
                            }
                        }
                    }
                }
            }
        } catch (SQLException e) {
            return null; // the catalog cannot be read: send it, lock_timeout still bounds the wait
        }
        return null;
    }

    private static final java.util.regex.Pattern WRITE = java.util.regex.Pattern.compile(
            "^\\s*(?:/\\*.*?\\*/\\s*)*(?:INSERT|UPDATE|DELETE|MERGE)\\b",
            java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.DOTALL);

    /** A holder that releases its lock within milliseconds: a row change of under a second in a transaction under a second old. */
    private static boolean brief(String state, String backendType, String query, double running, double open) {
        if ("autovacuum worker".equals(backendType)) {
            return true;
        }
        return "active".equals(state)
                && running < 1
                && open < 1
                && query != null
                && WRITE.matcher(query).find();
    }

    /**
     * The session's lock_timeout may be anything (none at all by default); a batch waits 1 s for a
     * row lock, or migrate.lockWait, set for its transaction only.
     */
    @Override
    public void boundRowLockWait() throws SQLException {
        long millis = context.lockWait() == null
                ? 1000
                : Math.max(1, context.lockWait().toMillis());
        exec("SET LOCAL lock_timeout = '" + millis + "ms'");
    }

    @Override
    public String describeBlockers(List<String> tables) {
        try {
            List<String> found = holders(tables);
            return found.isEmpty() ? UNIDENTIFIED_HOLDER : String.join("; ", found);
        } catch (SQLException e) {
            return UNIDENTIFIED_HOLDER + " (" + e.getMessage() + ")";
        }
    }

    private List<String> holders(List<String> tables) throws SQLException {
        List<String> out = new ArrayList<>();
        for (String table : tables) {
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT DISTINCT a.pid, a.usename, a.client_addr, "
                            + "a.application_name, a.state, EXTRACT(EPOCH FROM now() - a.xact_start)::bigint, "
                            + "left(regexp_replace(a.query, '\\s+', ' ', 'g'), 120) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                            + "WHERE l.relation = to_regclass(?) AND l.granted AND l.pid <> pg_backend_pid() ORDER BY 6 DESC NULLS LAST LIMIT 3")) {
                ps.setString(1, dialect.quote(table));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add("held by session " + rs.getLong(1) + " (" + rs.getString(2)
                                + (rs.getString(3) == null ? "" : "@" + rs.getString(3))
                                + (rs.getString(4) == null || rs.getString(4).isEmpty() ? "" : ", " + rs.getString(4))
                                + ", " + rs.getString(5)
                                + (rs.getObject(6) == null ? "" : ", transaction open " + rs.getLong(6) + " s")
                                + ", last statement: " + rs.getString(7) + ") on " + table
                                + "; end it with SELECT pg_terminate_backend(" + rs.getLong(1) + ") if it must go");
                    }
                }
            }
        }
        return out;
    }

    /**
     * A failed CREATE INDEX CONCURRENTLY leaves an INVALID index that the rerun would trip over; a
     * valid index of that name is someone else's (a DBA's, a drifted one) and is kept.
     */
    @Override
    public void afterFailedStep(Operation op, List<Ddl> statements) {
        try {
            if (op instanceof CreateIndex c && statements.stream().anyMatch(Ddl::alone)) {
                if (indexCount(c.index().name(), "AND t.relname = ? AND NOT i.indisvalid", c.table()) > 0) {
                    Ddl drop = Ddl.alone("DROP INDEX CONCURRENTLY "
                            + dialect.quote(dev.retort.core.model.QualifiedName.sibling(
                                    c.table(), c.index().name())));
                    setLockTimeout(drop);
                    exec(drop.render());
                } else if (indexCount(c.index().name(), "", null) > 0) {
                    context.warn(
                            "  a valid index " + c.index().name()
                                    + " already exists and was left as it is: the name is taken. "
                                    + "Drop or rename that index if it is not wanted, or give this one another name, then rerun");
                }
            }
        } catch (SQLException cleanup) {
            context.warn("  could not clean up after the failed step: " + cleanup.getMessage());
        }
    }

    /** Indexes of this name in the current schema that meet the condition. */
    private long indexCount(String index, String condition, String table) throws SQLException {
        String sql =
                "SELECT COUNT(*) FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid "
                        + "WHERE x.relname = ? AND x.relnamespace = current_schema()::regnamespace " + condition;
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, index);
            if (table != null) {
                ps.setString(2, table);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** A key read back from the progress table is a string; PostgreSQL must be told to infer its type. */
    @Override
    public void bindKey(PreparedStatement ps, int index, Object key) throws SQLException {
        if (key instanceof String s) {
            ps.setObject(index, s, Types.OTHER);
        } else {
            ps.setObject(index, key);
        }
    }

    private void exec(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }
}

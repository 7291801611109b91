package dev.retort.core.runner;

import dev.retort.core.dialect.Dialect;
import dev.retort.core.dialect.Session;
import dev.retort.core.errors.Action;
import dev.retort.core.errors.Hint;
import dev.retort.core.errors.Text;
import dev.retort.core.ops.BackfillColumn;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Runs a {@link BackfillColumn} the way a busy table tolerates: in primary-key ranges of
 * {@code batchSize} rows, each range updated and committed in its own short transaction (read
 * committed, so no gap locks hold up inserts), with a pause after each batch as long as
 * {@code throttle} times the batch took. Only rows whose column is still NULL are touched.
 *
 * <p>Progress is saved in {@code retort_backfill} in the same transaction as each batch, so a
 * killed run resumes after the last committed range. The last key is saved as text with its type
 * ({@code integer}, {@code hex} for binary keys, {@code uuid}, {@code string}), so a
 * {@code binary(16)} UUID or a long string key reads back as the same value. Downgrading or
 * stamping a revision clears its progress ({@link #clearProgress}). The log reports rows done of
 * the total, the rate and the time left.
 *
 * <p>Each batch waits at most about a second for a row lock an application transaction holds (the
 * session bounds it, {@link Session#boundRowLockWait}), then rolls back, so it never holds the
 * rows it already updated while it waits; it is retried with backoff within the retry budget and
 * the log names the transactions holding rows of the table.
 */
final class Backfiller {

    /** Bookkeeping table of backfills in progress; a row disappears when its backfill completes. */
    static final String TABLE = "retort_backfill";

    private static final long LOG_EVERY_NANOS = 2_000_000_000L;
    /** Wide enough for any primary key InnoDB or PostgreSQL index, hex-encoded binary ones included. */
    private static final int KEY_TEXT_LENGTH = 8000;

    private final Connection connection;
    private final Dialect dialect;
    private final RunLog log;
    private final Session session;
    private final DdlPolicy policy;

    Backfiller(Connection connection, Dialect dialect, RunLog log, Session session, DdlPolicy policy) {
        this.connection = connection;
        this.dialect = dialect;
        this.log = log;
        this.session = session;
        this.policy = policy;
    }

    void run(String revision, int step, BackfillColumn b) throws SQLException {
        if (b.missingValue()) {
            throw new DdlExecutor.StepFailure(
                    "-- " + b.describe(),
                    new SQLException("the backfill of " + b.table() + "." + b.column() + " states no value", "42000"),
                    "  To fix: state the value in the migration source.\n");
        }
        createProgressTable();
        String pk = primaryKey(b.table());
        String table = dialect.quote(b.table());
        String key = dialect.quote(pk);
        String column = dialect.quote(b.column());
        boolean integralKey = integral(table, key);
        long remaining = count("SELECT COUNT(*) FROM " + table + " WHERE " + column + " IS NULL");
        Object lastKey = null;
        long done = 0;
        boolean saved = false;
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT last_key, key_type, rows_done FROM " + TABLE + " WHERE revision = ? AND step = ?")) {
            ps.setString(1, revision);
            ps.setInt(2, step);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    saved = true;
                    lastKey = decodeKey(rs.getString(1), rs.getString(2), integralKey);
                    done = rs.getLong(3);
                }
            }
        }
        long total = done + remaining;
        if (saved) {
            log.info("  Resuming backfill of " + b.table() + "." + b.column() + " after key " + displayKey(lastKey)
                    + ": " + done + " rows were filled by an earlier run, " + remaining + " to go");
        } else {
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + TABLE
                    + " (revision, step, last_key, rows_done, rows_total) VALUES (?, ?, NULL, 0, ?)")) {
                ps.setString(1, revision);
                ps.setInt(2, step);
                ps.setLong(3, total);
                ps.executeUpdate();
            }
            log.info("  Backfilling " + b.table() + "." + b.column() + ": " + total + " row" + (total == 1 ? "" : "s")
                    + " to fill, in batches of " + b.batchSize() + " by " + pk);
        }
        int isolation = connection.getTransactionIsolation();
        long started = System.nanoTime();
        long lastLog = started;
        long doneThisRun = 0;
        try {
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            while (true) {
                Object upper = upperBound(table, key, lastKey, b.batchSize());
                long batchStart = System.nanoTime();
                int filled = batch(revision, step, b, table, key, column, lastKey, upper);
                long batchNanos = System.nanoTime() - batchStart;
                done += filled;
                doneThisRun += filled;
                long now = System.nanoTime();
                if (upper == null || now - lastLog >= LOG_EVERY_NANOS) {
                    log.info("  " + progress(b, done, total, doneThisRun, now - started));
                    lastLog = now;
                }
                if (upper == null) {
                    break;
                }
                lastKey = upper;
                if (b.throttle() > 0) {
                    DdlExecutor.sleep((long) (batchNanos * b.throttle() / 1_000_000));
                }
            }
        } finally {
            connection.setTransactionIsolation(isolation);
            session.restoreRowLockWait();
        }
        try (PreparedStatement ps =
                connection.prepareStatement("DELETE FROM " + TABLE + " WHERE revision = ? AND step = ?")) {
            ps.setString(1, revision);
            ps.setInt(2, step);
            ps.executeUpdate();
        }
    }

    static String progress(BackfillColumn b, long done, long total, long doneThisRun, long nanos) {
        double rate = nanos <= 0 ? 0 : doneThisRun / (nanos / 1e9);
        long left = Math.max(0, total - done);
        String eta = left == 0
                ? "done"
                : rate <= 0 ? "ETA unknown" : "ETA " + DdlExecutor.seconds((long) (left / rate * 1e9));
        return String.format(
                Locale.ROOT,
                "backfill %s.%s: %,d of %,d rows (%d%%), %,.0f rows/s, %s",
                b.table(),
                b.column(),
                done,
                total,
                total == 0 ? 100 : Math.min(100, done * 100 / total),
                rate,
                eta);
    }

    /** The key ending the next batch, or null when fewer than a batch remain (the last batch is open-ended). */
    private Object upperBound(String table, String key, Object lastKey, int batchSize) throws SQLException {
        String sql = "SELECT " + key + " FROM " + table + (lastKey == null ? "" : " WHERE " + key + " > ?")
                + " ORDER BY " + key + " LIMIT 1 OFFSET " + (batchSize - 1);
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            if (lastKey != null) {
                bindKey(ps, 1, lastKey);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1) : null;
            }
        }
    }

    /**
     * One range, in its own transaction with the saved progress. A row lock held by another
     * transaction is waited for about a second at most (the session bounds it), then the batch
     * rolls back, releasing the rows it had updated, and is retried with backoff while the retry
     * budget lasts.
     */
    private int batch(
            String revision,
            int step,
            BackfillColumn b,
            String table,
            String key,
            String column,
            Object lower,
            Object upper)
            throws SQLException {
        String range = (lower == null ? "" : key + " > ? AND ") + (upper == null ? "" : key + " <= ? AND ") + column
                + " IS NULL";
        long deadline = System.nanoTime() + policy.retryBudget().toNanos();
        for (int attempt = 1; ; attempt++) {
            connection.setAutoCommit(false);
            try {
                session.boundRowLockWait();
                int filled = b.function() == null
                        ? updateWithSql(b, table, column, range, lower, upper)
                        : updateWithFunction(b, table, key, column, range, lower, upper);
                String[] saved = encodeKey(upper);
                try (PreparedStatement ps = connection.prepareStatement(
                        "UPDATE " + TABLE
                                + " SET last_key = ?, key_type = ?, rows_done = rows_done + ? WHERE revision = ? AND step = ?")) {
                    ps.setString(1, saved[1]);
                    ps.setString(2, saved[0]);
                    ps.setLong(3, filled);
                    ps.setString(4, revision);
                    ps.setInt(5, step);
                    ps.executeUpdate();
                }
                connection.commit();
                return filled;
            } catch (SQLException e) {
                connection.rollback();
                if (!session.isLockBusy(e) || System.nanoTime() >= deadline) {
                    throw new DdlExecutor.StepFailure(
                            "backfill batch " + range,
                            e,
                            Text.of(
                                    "  The batches before this one are committed; " + "rerunning ",
                                    Hint.run(Action.UPGRADE),
                                    " resumes after them."
                                            + (session.isLockBusy(e)
                                                    ? " Rows of the batch stayed locked by: "
                                                            + session.describeRowLockHolders(b.table()) + "."
                                                    : "")
                                            + "\n"));
                }
                long pause = policy.pauseBeforeRetry(attempt);
                if (attempt == 1 || attempt % 5 == 0) {
                    log.warn("  backfill " + b.table() + "." + b.column() + ": a row of the batch after key "
                            + displayKey(lower)
                            + " is locked by another transaction (attempt " + attempt
                            + "; the batch rolled back and waits "
                            + pause + " ms): " + session.describeRowLockHolders(b.table()));
                }
                DdlExecutor.sleep(pause);
            } catch (RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private int updateWithSql(BackfillColumn b, String table, String column, String range, Object lower, Object upper)
            throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE " + table + " SET " + column + " = " + b.expression() + " WHERE " + range)) {
            bindRange(ps, lower, upper);
            return ps.executeUpdate();
        }
    }

    private int updateWithFunction(
            BackfillColumn b, String table, String key, String column, String range, Object lower, Object upper)
            throws SQLException {
        StringBuilder select = new StringBuilder("SELECT ").append(key);
        for (String r : b.reads()) {
            select.append(", ").append(dialect.quote(r));
        }
        select.append(" FROM ")
                .append(table)
                .append(" WHERE ")
                .append(range)
                .append(" ORDER BY ")
                .append(key)
                .append(session.lockRowsClause());
        List<Object[]> updates = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(select.toString())) {
            bindRange(ps, lower, upper);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.put(meta.getColumnLabel(i), rs.getObject(i));
                    }
                    Object value;
                    try {
                        value = b.function().compute(java.util.Collections.unmodifiableMap(row));
                    } catch (Exception e) {
                        throw new SQLException(
                                "the backfill function of " + b.table() + "." + b.column() + " failed for " + key
                                        + " = " + rs.getObject(1) + ": " + e,
                                "38000",
                                e);
                    }
                    if (value != null) {
                        updates.add(new Object[] {value, rs.getObject(1)});
                    }
                }
            }
        }
        if (updates.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE " + table + " SET " + column + " = ? WHERE " + key + " = ? AND " + column + " IS NULL")) {
            for (Object[] u : updates) {
                ps.setObject(1, u[0]);
                ps.setObject(2, u[1]);
                ps.addBatch();
            }
            int filled = 0;
            for (int n : ps.executeBatch()) {
                filled += n == Statement.SUCCESS_NO_INFO ? 1 : Math.max(0, n);
            }
            return filled;
        }
    }

    private void bindRange(PreparedStatement ps, Object lower, Object upper) throws SQLException {
        int i = 1;
        if (lower != null) {
            bindKey(ps, i++, lower);
        }
        if (upper != null) {
            bindKey(ps, i, upper);
        }
    }

    /** A key read back from the progress table is a string; the database may need to be told to infer its type. */
    private void bindKey(PreparedStatement ps, int index, Object key) throws SQLException {
        session.bindKey(ps, index, key);
    }

    private boolean integral(String table, String key) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT " + key + " FROM " + table + " WHERE 1 = 0")) {
            int type = rs.getMetaData().getColumnType(1);
            return type == Types.TINYINT || type == Types.SMALLINT || type == Types.INTEGER || type == Types.BIGINT;
        }
    }

    /** The single primary-key column, as the database names it. */
    private String primaryKey(String table) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        for (String name : List.of(table, table.toLowerCase(Locale.ROOT), table.toUpperCase(Locale.ROOT))) {
            List<String> columns = new ArrayList<>();
            try (ResultSet rs = meta.getPrimaryKeys(connection.getCatalog(), connection.getSchema(), name)) {
                while (rs.next()) {
                    columns.add(rs.getString("COLUMN_NAME"));
                }
            }
            if (columns.size() == 1) {
                return columns.get(0);
            }
            if (columns.size() > 1) {
                throw new DdlExecutor.StepFailure(
                        "-- backfill " + table,
                        new SQLException(
                                "table " + table + " has a composite primary key " + columns
                                        + "; batched backfills need a single-column key",
                                "0A000"),
                        "  To fix: write the backfill as SQL by hand in smaller steps, or give the table a single-column key.\n");
            }
        }
        throw new DdlExecutor.StepFailure(
                "-- backfill " + table,
                new SQLException(
                        "table " + table + " has no primary key; batched backfills walk the primary key", "0A000"),
                (Text) null);
    }

    /**
     * Creates the progress table; one made by an earlier version (a 255-character key as text of
     * unknown type) is made anew with its rows kept.
     */
    private void createProgressTable() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(createProgressTableSql());
        }
        List<String> columns = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM " + TABLE + " WHERE 1 = 0")) {
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                columns.add(rs.getMetaData().getColumnLabel(i).toLowerCase(Locale.ROOT));
            }
        }
        if (columns.contains("key_type")) {
            return;
        }
        List<Object[]> rows = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT revision, step, last_key, rows_done, rows_total FROM " + TABLE)) {
            while (rs.next()) {
                rows.add(new Object[] {rs.getString(1), rs.getInt(2), rs.getString(3), rs.getLong(4), rs.getLong(5)});
            }
        }
        try (Statement s = connection.createStatement()) {
            s.execute("DROP TABLE " + TABLE);
            s.execute(createProgressTableSql());
        }
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + TABLE
                + " (revision, step, last_key, key_type, rows_done, rows_total) VALUES (?, ?, ?, NULL, ?, ?)")) {
            for (Object[] row : rows) {
                ps.setString(1, (String) row[0]);
                ps.setInt(2, (Integer) row[1]);
                ps.setString(3, (String) row[2]);
                ps.setLong(4, (Long) row[3]);
                ps.setLong(5, (Long) row[4]);
                ps.executeUpdate();
            }
        }
    }

    private static String createProgressTableSql() {
        return "CREATE TABLE IF NOT EXISTS " + TABLE + " (revision varchar(64) NOT NULL, step integer NOT NULL, "
                + "last_key varchar(" + KEY_TEXT_LENGTH + "), key_type varchar(16), rows_done bigint NOT NULL, "
                + "rows_total bigint NOT NULL, PRIMARY KEY (revision, step))";
    }

    /**
     * Forgets the saved progress of the revision's backfills: its downgrade undid them, or a stamp
     * recorded it without running it. Writes rows only, so it joins the caller's transaction.
     */
    static void clearProgress(Connection connection, String revision) throws SQLException {
        if (!progressTableExists(connection)) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM " + TABLE + " WHERE revision = ?")) {
            ps.setString(1, revision);
            ps.executeUpdate();
        }
    }

    private static boolean progressTableExists(Connection connection) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        for (String name : List.of(TABLE, TABLE.toUpperCase(Locale.ROOT))) {
            try (ResultSet rs =
                    meta.getTables(connection.getCatalog(), connection.getSchema(), name, new String[] {"TABLE"})) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A key as saved: {type, text}; {null, null} for none. Binary keys as hex, so they read back byte for byte. */
    static String[] encodeKey(Object key) {
        if (key == null) {
            return new String[] {null, null};
        }
        if (key instanceof Long
                || key instanceof Integer
                || key instanceof Short
                || key instanceof Byte
                || key instanceof java.math.BigInteger) {
            return new String[] {"integer", key.toString()};
        }
        if (key instanceof byte[] bytes) {
            return new String[] {"hex", HexFormat.of().formatHex(bytes)};
        }
        if (key instanceof UUID) {
            return new String[] {"uuid", key.toString()};
        }
        return new String[] {"string", key.toString()};
    }

    /** The key saved as {@code text} of {@code type}; a row saved by an earlier version has no type. */
    static Object decodeKey(String text, String type, boolean integralKey) {
        if (text == null) {
            return null;
        }
        if (type == null) {
            return integralKey ? (Object) Long.valueOf(text) : text;
        }
        return switch (type) {
            case "integer" -> {
                java.math.BigInteger big = new java.math.BigInteger(text);
                yield big.bitLength() < 64 ? (Object) big.longValue() : big;
            }
            case "hex" -> HexFormat.of().parseHex(text);
            case "uuid" -> UUID.fromString(text);
            default -> text;
        };
    }

    /** The key as the log shows it: binary keys in hex. */
    static String displayKey(Object key) {
        return key instanceof byte[] bytes ? "0x" + HexFormat.of().formatHex(bytes) : String.valueOf(key);
    }

    private long count(String sql) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}

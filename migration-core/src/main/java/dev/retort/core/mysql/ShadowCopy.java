package dev.retort.core.mysql;

import dev.retort.core.dialect.Ddl;
import dev.retort.core.dialect.Session;
import dev.retort.core.ops.AddColumn;
import dev.retort.core.ops.AddForeignKey;
import dev.retort.core.ops.AlterColumn;
import dev.retort.core.ops.CreateIndex;
import dev.retort.core.ops.DropColumn;
import dev.retort.core.ops.Operation;
import dev.retort.migration.ColumnType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Changes a large MySQL/MariaDB table without the server's table copy or in-place rebuild, the way
 * pt-online-schema-change does: the change is made on an empty shadow table; triggers on the
 * original repeat every insert, update and delete there; the existing rows are copied over in
 * primary-key chunks, each its own short transaction, with a pause after each; then one
 * {@code RENAME TABLE} swaps the two atomically, and the old table and the triggers are dropped.
 *
 * <p>Writers are held up only by the short metadata locks of creating the triggers and of the
 * rename (each attempted like any DDL: never queued behind a long transaction), and, for the
 * milliseconds a chunk takes, on the rows it reads. The server's own in-place build instead ends
 * with an exclusive lock that applies what was written during the build, which stalled writers
 * for 40-110 ms (MariaDB) and up to 380 ms (MySQL 8.0.15) in the benchmark.
 *
 * <p>The shadow copy is refused, with the reason, for a table that has no single-column primary
 * key of a type that compares exactly (the chunks walk it), takes part in a foreign key (a rename
 * would leave the children pointing at the old table), has triggers of its own, or (MySQL) has
 * CHECK constraints, whose names MySQL keeps per schema; for a change to a column of a unique key
 * (the copy would merge rows the new definition makes equal, where the server's change fails);
 * and under statement-based binary logging, which refuses the read-committed copy. It handles column type and nullability changes, added and dropped
 * columns, non-unique indexes and a table's first foreign key (the shadow gets the key under its
 * own name, which moves with the rename; the orphan check runs first, as for the in-place form);
 * a unique index is built in place, where duplicates make it fail rather than be dropped.
 *
 * <p>A run that dies leaves the original table's rows intact (its triggers stay until the next
 * run): the next run removes the shadow table and the triggers and copies again, or, when the
 * rename had already happened and {@value #TABLE} shows the remains are this step's, only
 * removes the old table and records the step.
 */
final class ShadowCopy implements Session.OnlineCopier {

    private static final long LOG_EVERY_NANOS = 5_000_000_000L;
    private static final int MAX_CHUNK_ATTEMPTS = 20;
    private static final int MAX_IDENTIFIER = 64;
    /** Key types whose values come back from JDBC as they compare in the server. */
    private static final Set<String> EXACT_KEY_TYPES = Set.of("tinyint", "smallint", "mediumint", "int",
            "integer", "bigint", "decimal", "char", "varchar", "binary", "varbinary", "date", "datetime");
    /** Bookkeeping of shadow copies in progress: which step each belongs to, so a rerun finishes only its own. */
    static final String TABLE = "retort_online_copy";

    /** The tables and triggers of one shadow copy, all named after the table. */
    record Names(String table, String shadow, String old, String onInsert, String onUpdate, String onDelete) {

        static Names of(String table) {
            String base = table;
            if (base.length() > MAX_IDENTIFIER - 12) {
                base = base.substring(0, MAX_IDENTIFIER - 21) + "_" + hash(table);
            }
            return new Names(table, "_" + base + "_rtnew", "_" + base + "_rtold", "_" + base + "_rtins",
                    "_" + base + "_rtupd", "_" + base + "_rtdel");
        }

        List<String> triggers() {
            return List.of(onInsert, onUpdate, onDelete);
        }

        private static String hash(String s) {
            try {
                byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(d, 0, 4);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final Connection connection;
    private final MySqlDialect dialect;
    private final MySqlSession session;
    /** The runner's log, settings and way of sending DDL that needs a table's lock. */
    private final Session.Context context;

    ShadowCopy(Connection connection, MySqlDialect dialect, MySqlSession session, Session.Context context) {
        this.connection = connection;
        this.dialect = dialect;
        this.session = session;
        this.context = context;
    }

    @Override
    public boolean handles(Operation op) {
        return makes(op);
    }

    @Override
    public boolean metadataOnly(Operation op) {
        return rewritesNoRows(op);
    }

    /** True for the kinds of change a shadow copy makes faithfully (whatever the table). */
    static boolean makes(Operation op) {
        return op instanceof AlterColumn a && a.from().name().equalsIgnoreCase(a.to().name())
                || op instanceof CreateIndex c && !c.index().unique()
                || op instanceof DropColumn
                || op instanceof AddColumn
                || op instanceof AddForeignKey;
    }

    /**
     * True for a column change the server makes in place without touching rows: only the default
     * or comment changes, or a VARCHAR grows without its length prefix growing (at 4 bytes a
     * character, the most a character set needs). Nothing to gain from a copy.
     */
    static boolean rewritesNoRows(Operation op) {
        if (!(op instanceof AlterColumn a) || a.from().nullable() != a.to().nullable()) {
            return false;
        }
        ColumnType from = a.from().type();
        ColumnType to = a.to().type();
        if (from.equals(to)) {
            return true;
        }
        return from.kind() == ColumnType.Kind.VARCHAR && to.kind() == ColumnType.Kind.VARCHAR && to.length() >= from.length()
                && (to.length() * 4 <= 255 || from.length() * 4 > 255);
    }

    /** Why this table cannot be changed through a shadow copy, or null when it can. */
    @Override
    public String refusal(Operation op) throws SQLException {
        if (!makes(op)) {
            return op instanceof CreateIndex ? "a unique index is built in place, where duplicate rows make it fail"
                    : "a shadow copy does not make this kind of change (" + op.describe() + ")";
        }
        String table = op.table();
        List<String> key = primaryKey(table);
        if (key.size() != 1) {
            return table + (key.isEmpty() ? " has no primary key" : " has a composite primary key " + key)
                    + "; the copy walks a single-column key";
        }
        String keyType = text("SELECT DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? "
                + "AND COLUMN_NAME = ?", table, key.get(0));
        if (!EXACT_KEY_TYPES.contains(keyType.toLowerCase(Locale.ROOT))) {
            return "the primary key " + table + "." + key.get(0) + " is of type " + keyType + ", whose values may not compare "
                    + "exactly once read back; the copy walks integer, decimal, string, binary, date and datetime keys";
        }
        long keys = count("SELECT COUNT(*) FROM information_schema.KEY_COLUMN_USAGE WHERE REFERENCED_TABLE_NAME IS NOT NULL "
                + "AND ((TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?) OR (REFERENCED_TABLE_SCHEMA = DATABASE() "
                + "AND REFERENCED_TABLE_NAME = ?))", table, table);
        if (keys > 0) {
            return table + " takes part in a foreign key; after a rename its references would point at the old table";
        }
        if (op instanceof AddForeignKey a && a.foreignKey().referencedTable().equalsIgnoreCase(table)) {
            return "the foreign key references " + table + " itself; on the shadow it would follow the old table when it is renamed";
        }
        String changed = op instanceof AlterColumn a ? a.to().name() : op instanceof DropColumn d ? d.column() : null;
        if (changed != null) {
            String unique = text("SELECT MIN(INDEX_NAME) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() "
                    + "AND TABLE_NAME = ? AND COLUMN_NAME = ? AND NON_UNIQUE = 0", table, changed);
            if (!unique.isEmpty()) {
                return table + "." + changed + " is part of the unique key " + unique + ": copied under the new definition, rows "
                        + "it makes equal would be merged silently, where the server's own change fails";
            }
        }
        if (!text("SELECT @@GLOBAL.log_bin").equals("0")
                && text("SELECT @@SESSION.binlog_format").equalsIgnoreCase("STATEMENT")) {
            return "binlog_format is STATEMENT, which refuses the read-committed copy; use ROW (the default)";
        }
        Names names = Names.of(table);
        long triggers = count("SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() "
                + "AND EVENT_OBJECT_TABLE = ? AND TRIGGER_NAME NOT IN (?, ?, ?)", table, names.onInsert(), names.onUpdate(),
                names.onDelete());
        if (triggers > 0) {
            return table + " has triggers of its own";
        }
        if (session.checkNamesPerSchema() && count("SELECT COUNT(*) FROM information_schema.TABLE_CONSTRAINTS "
                + "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND CONSTRAINT_TYPE = 'CHECK'", table) > 0) {
            return table + " has CHECK constraints, whose names MySQL keeps per schema: the copy could not keep them";
        }
        return null;
    }

    /**
     * What an earlier run left of a shadow copy of the step's table, removed. Returns true when
     * that run was this very step ({@code marker}) and had already swapped the copy in: the change
     * is made. False when there was nothing, only an unfinished copy (dropped, so the change starts
     * over), or the remains of another step.
     */
    @Override
    public boolean finishEarlierRun(Operation op, String marker) throws SQLException {
        String table = op.table();
        Names n = Names.of(table);
        // one query on every step this could concern, shadow copies on or not
        List<String> left = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT TABLE_NAME FROM information_schema.TABLES "
                + "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (?, ?)")) {
            ps.setString(1, n.shadow());
            ps.setString(2, n.old());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    left.add(rs.getString(1));
                }
            }
        }
        boolean shadow = left.stream().anyMatch(n.shadow()::equalsIgnoreCase);
        boolean old = left.stream().anyMatch(n.old()::equalsIgnoreCase);
        if (!shadow && !old) {
            return false;
        }
        String recorded = exists(TABLE) ? text("SELECT MIN(marker) FROM " + TABLE + " WHERE table_name = ?", table) : "";
        Settings settings = new Settings();
        try {
            settings.forTableLocks();
            for (String trigger : n.triggers()) {
                // still on the live table when the copy was not swapped in: a lock like any DDL's, never queued
                context.runLocked(op, Ddl.of("DROP TRIGGER IF EXISTS " + dialect.quote(trigger)));
            }
            if (shadow) {
                context.info("  an earlier run stopped while copying " + table + " to " + n.shadow() + "; dropping the unfinished copy ("
                        + table + " itself was not changed) and starting over");
                exec("DROP TABLE IF EXISTS " + dialect.quote(n.shadow()));
            }
            if (old) {
                context.info("  an earlier run swapped the changed copy in for " + table + " and stopped before dropping the old table "
                        + n.old() + (recorded.isEmpty() ? "" : " (it was running " + recorded + ")") + "; dropping it now");
                exec("DROP TABLE IF EXISTS " + dialect.quote(n.old()));
            }
            forget(table);
        } finally {
            settings.restore();
        }
        boolean done = old && !shadow && marker.equals(recorded);
        if (old && !shadow && !done) {
            context.warn("  those remains were not left by this step (" + marker + "), so it runs now");
        }
        return done;
    }

    /**
     * Makes the change {@code statement} (the online ALTER or CREATE INDEX Retort would send for
     * {@code op}) on a shadow table and swaps it in. On failure before the swap, the shadow table
     * and the triggers are dropped: the table is as it was.
     */
    @Override
    public void run(Operation op, Ddl statement, String marker) throws SQLException {
        String table = op.table();
        Names n = Names.of(table);
        String key = primaryKey(table).get(0);
        context.info("  changing " + table + " through a shadow copy (migrate.onlineCopy=" + context.onlineCopy()
                + "): " + n.shadow() + " gets the change, triggers keep it in step, rows are copied in chunks of "
                + context.copyChunkRows() + ", then one RENAME swaps it in");
        boolean swapped = false;
        Settings settings = new Settings();
        try {
            settings.forTableLocks();
            // the triggers keep the sql_mode they are created under: an id 0 is copied as 0, not given a new value
            String mode = text("SELECT @@SESSION.sql_mode");
            settings.set("sql_mode", "'" + (mode.isEmpty() ? "" : mode + ",") + "NO_AUTO_VALUE_ON_ZERO'");
            // a chunk waiting for a row lock holds its earlier rows: it gives up after a second and is retried
            settings.set("innodb_lock_wait_timeout", "1");
            // a foreign key added on the shadow checks every copied row, whatever the step set for its in-place form
            settings.set("foreign_key_checks", "1");
            remember(table, marker);
            exec("CREATE TABLE " + dialect.quote(n.shadow()) + " LIKE " + dialect.quote(table));
            if (session.cachesTableStatistics()) {
                settings.set("information_schema_stats_expiry", "0"); // MySQL 8 otherwise reports a cached AUTO_INCREMENT
            }
            keepAutoIncrement(table, n.shadow());
            exec(onShadow(statement, n.shadow()).render());
            List<String> columns = sharedColumns(table, n.shadow());
            createTriggers(op, n, key, columns);
            copy(table, n, key, columns);
            long swapStart = System.nanoTime();
            context.runLocked(op, Ddl.renameTable(dialect.quote(table), "TO " + dialect.quote(n.old()) + ", "
                    + dialect.quote(n.shadow()) + " TO " + dialect.quote(table)));
            swapped = true;
            long swapNanos = System.nanoTime() - swapStart;
            for (String trigger : n.triggers()) {
                exec("DROP TRIGGER IF EXISTS " + dialect.quote(trigger));
            }
            long dropStart = System.nanoTime();
            exec("DROP TABLE " + dialect.quote(n.old()));
            forget(table);
            context.info("  swapped in the changed copy of " + table + " in " + millis(swapNanos) + " and dropped the old table in "
                    + millis(System.nanoTime() - dropStart));
        } catch (SQLException | RuntimeException e) {
            boolean cleaned = !swapped && undo(op, n);
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw context.failure(lastSql, (SQLException) e, swapped
                    ? "  The changed copy is in place as " + table + "; only the old table " + n.old() + " is left: rerunning "
                            + "mvn migrate:upgrade drops it and records the step.\n"
                    : cleaned ? "  " + table + " is unchanged: the shadow table and its triggers were removed. Rerun mvn "
                            + "migrate:upgrade once the cause is fixed.\n"
                    : "  " + table + " is unchanged, but the shadow table " + n.shadow() + " and the triggers "
                            + String.join(", ", n.triggers()) + " could not be removed: every write to " + table + " still goes to "
                            + "the shadow too. Rerun mvn migrate:upgrade soon: it removes them first, then copies again.\n");
        } finally {
            settings.restore();
        }
    }

    /**
     * Session settings changed for the shadow copy, restored afterwards in reverse order. MySQL's
     * lock_wait_timeout is already short for the whole run; MariaDB's is set here because CREATE
     * and DROP TRIGGER take no NOWAIT clause ({@link MySqlSession#triggerLockWaitSeconds}).
     */
    private final class Settings {
        private final ArrayDeque<String[]> saved = new ArrayDeque<>();

        void forTableLocks() throws SQLException {
            Long seconds = session.triggerLockWaitSeconds();
            if (seconds != null) {
                set("lock_wait_timeout", String.valueOf(seconds));
            }
        }

        void set(String variable, String value) throws SQLException {
            String before = text("SELECT @@SESSION." + variable);
            exec("SET SESSION " + variable + " = " + value);
            saved.push(new String[] {variable, before.matches("-?\\d+") ? before : "'" + before.replace("'", "''") + "'"});
        }

        void restore() {
            try {
                if (connection.isClosed()) {
                    return; // the settings ended with the session
                }
            } catch (SQLException e) {
                return;
            }
            while (!saved.isEmpty()) {
                String[] s = saved.pop();
                try {
                    exec("SET SESSION " + s[0] + " = " + s[1]);
                } catch (SQLException e) {
                    context.warn("  could not restore " + s[0] + ": " + e.getMessage());
                }
            }
        }
    }

    private void remember(String table, String marker) throws SQLException {
        exec("CREATE TABLE IF NOT EXISTS " + TABLE + " (table_name varchar(64) NOT NULL, marker varchar(1000) NOT NULL, "
                + "PRIMARY KEY (table_name))");
        try (PreparedStatement ps = connection.prepareStatement("REPLACE INTO " + TABLE + " (table_name, marker) VALUES (?, ?)")) {
            ps.setString(1, table);
            ps.setString(2, marker.length() > 1000 ? marker.substring(0, 1000) : marker);
            ps.executeUpdate();
        }
    }

    private void forget(String table) throws SQLException {
        if (exists(TABLE)) {
            try (PreparedStatement ps = connection.prepareStatement("DELETE FROM " + TABLE + " WHERE table_name = ?")) {
                ps.setString(1, table);
                ps.executeUpdate();
            }
        }
    }

    /**
     * CREATE TABLE LIKE starts the shadow's AUTO_INCREMENT counter afresh, and the copied rows move
     * it only to their largest key: ids of rows deleted from the end of the table would be handed
     * out again. The shadow starts where the table's counter stands.
     */
    private void keepAutoIncrement(String table, String shadow) throws SQLException {
        long next = count("SELECT COALESCE(AUTO_INCREMENT, 0) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                + "AND TABLE_NAME = ?", table);
        if (next > 1) {
            exec("ALTER TABLE " + dialect.quote(shadow) + " AUTO_INCREMENT = " + next);
        }
    }

    private static void sleep(long millis) throws SQLException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting to retry", e);
        }
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%,d ms", nanos / 1_000_000);
    }

    /** Removes the triggers and the shadow table after a failure before the swap; false when that failed too. */
    private boolean undo(Operation op, Names n) {
        try {
            if (!connection.isValid(2)) {
                context.warn("  the connection is gone: the shadow copy " + n.shadow() + " and its triggers stay until the next run "
                        + "removes them");
                return false;
            }
            for (String trigger : n.triggers()) {
                context.runLocked(op, Ddl.of("DROP TRIGGER IF EXISTS " + dialect.quote(trigger)));
            }
            exec("DROP TABLE IF EXISTS " + dialect.quote(n.shadow()));
            forget(n.table());
            return true;
        } catch (SQLException | RuntimeException cleanup) {
            context.warn("  could not remove the shadow copy " + n.shadow() + " and its triggers: " + cleanup.getMessage()
                    + "; the next run removes them");
            return false;
        }
    }

    /** The statement aimed at the shadow table, without the online clauses: the shadow is empty and nobody uses it. */
    Ddl onShadow(Ddl statement, String shadow) {
        if (statement.form() != Ddl.Form.ALTER_TABLE && statement.form() != Ddl.Form.CREATE_INDEX) {
            throw new IllegalArgumentException("not an ALTER TABLE or CREATE INDEX: " + statement.render());
        }
        return statement.onTable(dialect.quote(shadow)).withoutOnline();
    }

    /** The columns both tables have, in the shadow's order, leaving out generated ones; checks the rest can be filled. */
    private List<String> sharedColumns(String table, String shadow) throws SQLException {
        List<String> source = columnNames(table);
        List<String> shared = new ArrayList<>();
        String sql = "SELECT COLUMN_NAME, IS_NULLABLE, COLUMN_DEFAULT, EXTRA FROM information_schema.COLUMNS "
                + "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND (GENERATION_EXPRESSION IS NULL OR GENERATION_EXPRESSION = '') "
                + "ORDER BY ORDINAL_POSITION";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, shadow);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    if (source.stream().anyMatch(name::equalsIgnoreCase)) {
                        shared.add(name);
                    } else if ("NO".equals(rs.getString(2)) && rs.getString(3) == null
                            && !String.valueOf(rs.getString(4)).toLowerCase(Locale.ROOT).contains("auto_increment")) {
                        throw new SQLException("the new column " + table + "." + name + " is NOT NULL without a default: the "
                                + "copied rows would have no value for it", "HY000");
                    }
                }
            }
        }
        return shared;
    }

    private List<String> columnNames(String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT COLUMN_NAME FROM information_schema.COLUMNS "
                + "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND (GENERATION_EXPRESSION IS NULL OR GENERATION_EXPRESSION = '') "
                + "ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    private void createTriggers(Operation op, Names n, String key, List<String> columns) throws SQLException {
        String shadow = dialect.quote(n.shadow());
        String list = columns.stream().map(dialect::quote).collect(Collectors.joining(", "));
        String values = columns.stream().map(c -> "NEW." + dialect.quote(c)).collect(Collectors.joining(", "));
        String k = dialect.quote(key);
        String replace = "REPLACE INTO " + shadow + " (" + list + ") VALUES (" + values + ")";
        String on = " ON " + dialect.quote(n.table()) + " FOR EACH ROW ";
        context.runLocked(op, Ddl.of("CREATE TRIGGER " + dialect.quote(n.onDelete()) + " AFTER DELETE" + on
                + "DELETE FROM " + shadow + " WHERE " + k + " = OLD." + k));
        context.runLocked(op, Ddl.of("CREATE TRIGGER " + dialect.quote(n.onUpdate()) + " AFTER UPDATE" + on
                + "BEGIN IF NOT (OLD." + k + " <=> NEW." + k + ") THEN DELETE FROM " + shadow + " WHERE " + k + " = OLD." + k
                + "; END IF; " + replace + "; END"));
        context.runLocked(op, Ddl.of("CREATE TRIGGER " + dialect.quote(n.onInsert()) + " AFTER INSERT" + on + replace));
    }

    /**
     * Copies the rows that existed when the triggers started, in key order, chunk by chunk. Each
     * chunk reads its rows with shared locks (so a row deleted meanwhile is not copied back as a
     * ghost) in read committed (no gap locks hold up inserts), and keeps the shadow's row where a
     * trigger already wrote a newer one. The triggers' writes need no such care: they run inside
     * the writer's own transaction, which holds the source row.
     */
    private void copy(String table, Names n, String key, List<String> columns) throws SQLException {
        String t = dialect.quote(table);
        String k = dialect.quote(key);
        String shadow = dialect.quote(n.shadow());
        String list = columns.stream().map(dialect::quote).collect(Collectors.joining(", "));
        Object last;
        Object end;
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(" + k + ") FROM " + t)) {
            end = rs.next() ? rs.getObject(1) : null;
        }
        long total = count("SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
                table);
        if (end == null) {
            return;
        }
        String insert = "INSERT INTO " + shadow + " (" + list + ") SELECT " + list + " FROM " + t + " FORCE INDEX (PRIMARY) WHERE ";
        // the chunk's rows are share-locked by then: a plain (read-committed) read sees them as they are, and does not wait
        // for a row inserted into the range meanwhile, which its trigger copies anyway
        String tail = " ON DUPLICATE KEY UPDATE " + shadow + "." + k + " = " + shadow + "." + k;
        int isolation = connection.getTransactionIsolation();
        long started = System.nanoTime();
        long lastLog = started;
        long done = 0;
        last = null;
        try {
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            while (true) {
                Object upper = upperBound(t, k, last, end);
                long chunkStart = System.nanoTime();
                String range = (last == null ? "" : k + " > ? AND ") + k + " <= ?";
                done += chunk("SELECT COUNT(*) FROM " + t + " FORCE INDEX (PRIMARY) WHERE " + range + " LOCK IN SHARE MODE",
                        insert + range + tail, last, upper);
                long chunkNanos = System.nanoTime() - chunkStart;
                long now = System.nanoTime();
                boolean finished = upper.equals(end);
                if (finished || now - lastLog >= LOG_EVERY_NANOS) {
                    context.info("  " + progress(table, done, total, now - started, finished));
                    lastLog = now;
                }
                if (finished) {
                    return;
                }
                last = upper;
                if (context.copyThrottle() > 0) {
                    sleep((long) (chunkNanos * context.copyThrottle() / 1_000_000));
                }
            }
        } finally {
            connection.setTransactionIsolation(isolation);
        }
    }

    static String progress(String table, long done, long estimate, long nanos, boolean finished) {
        double rate = nanos <= 0 ? 0 : done / (nanos / 1e9);
        if (finished) {
            return String.format(Locale.ROOT, "copy of %s: %,d rows in %s (%,.0f rows/s)", table, done, seconds(nanos), rate);
        }
        long total = Math.max(estimate, done);
        long left = total - done;
        String eta = rate <= 0 ? "ETA unknown" : "ETA " + seconds((long) (left / rate * 1e9));
        return String.format(Locale.ROOT, "copy of %s: %,d of about %,d rows (%d%%), %,.0f rows/s, %s", table, done, total,
                total == 0 ? 100 : Math.min(99, done * 100 / total), rate, eta);
    }

    /** The key ending the next chunk: the chunk-th key after {@code last}, or {@code end} when fewer remain. */
    private Object upperBound(String t, String k, Object last, Object end) throws SQLException {
        String sql = "SELECT " + k + " FROM " + t + " WHERE " + (last == null ? "" : k + " > ? AND ") + k + " <= ? ORDER BY " + k
                + " LIMIT 1 OFFSET " + (context.copyChunkRows() - 1);
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            int i = 1;
            if (last != null) {
                ps.setObject(i++, last);
            }
            ps.setObject(i, end);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1) : end;
            }
        }
    }

    /**
     * One chunk in its own transaction: first the source rows are share-locked in key order, then
     * copied. Taking every source lock before the first shadow row is written means the chunk
     * never waits for a writer while holding a shadow row that writer's trigger needs. Retried
     * while a row lock is busy or a deadlock picks it. Returns the rows inserted.
     */
    private long chunk(String lock, String copy, Object lower, Object upper) throws SQLException {
        lastSql = copy;
        for (int attempt = 1; ; attempt++) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement ps = connection.prepareStatement(lock)) {
                    bindRange(ps, lower, upper);
                    ps.executeQuery().close();
                }
                long inserted;
                try (PreparedStatement ps = connection.prepareStatement(copy)) {
                    bindRange(ps, lower, upper);
                    // rows inserted, plus (Connector/J reports found rows) those a trigger had copied already
                    inserted = ps.executeUpdate();
                }
                connection.commit();
                return inserted;
            } catch (SQLException e) {
                connection.rollback();
                if (!session.isLockBusy(e) || attempt >= MAX_CHUNK_ATTEMPTS) {
                    throw e;
                }
                sleep(context.pauseBeforeRetry(attempt));
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private static void bindRange(PreparedStatement ps, Object lower, Object upper) throws SQLException {
        int i = 1;
        if (lower != null) {
            ps.setObject(i++, lower);
        }
        ps.setObject(i, upper);
    }

    private List<String> primaryKey(String table) throws SQLException {
        List<String> key = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE "
                + "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    key.add(rs.getString(1));
                }
            }
        }
        return key;
    }

    private String text(String sql, String... args) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getString(1) != null ? rs.getString(1) : "";
            }
        }
    }

    private boolean exists(String table) throws SQLException {
        return count("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?", table) > 0;
    }

    private long count(String sql, String... args) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** The last statement sent outside {@code context.runLocked}, to name it in a failure. */
    private String lastSql = "";

    private void exec(String sql) throws SQLException {
        lastSql = sql;
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }
}

package dev.retort.core.mysql;

import dev.retort.core.dialect.Ddl;
import dev.retort.core.dialect.Session;
import dev.retort.core.errors.Action;
import dev.retort.core.errors.Hint;
import dev.retort.core.errors.Setting;
import dev.retort.core.errors.Text;
import dev.retort.core.ops.AddColumn;
import dev.retort.core.ops.AddForeignKey;
import dev.retort.core.ops.AlterColumn;
import dev.retort.core.ops.CreateIndex;
import dev.retort.core.ops.DropColumn;
import dev.retort.core.ops.DropTable;
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
import java.util.HashSet;
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
 * key of a type that compares exactly (the chunks walk it), is referenced from another schema,
 * has triggers of its own, or (MySQL) has CHECK constraints, whose names MySQL keeps per schema; for a change to a column of a unique key (the copy would
 * merge rows the new definition makes equal, where the server's own change fails) or to a column
 * other tables' keys reference; and under statement-based binary logging, which refuses the
 * read-committed copy. It handles column type and nullability changes, added and dropped
 * columns, non-unique indexes and foreign keys (the orphan check runs first, as for the in-place
 * form); a unique index is built in place, where duplicates make it fail rather than be dropped.
 *
 * <p>Foreign keys ({@link ForeignKeys}): the shadow gets the table's own keys under temporary
 * names, as key names are per schema, so the copy is checked like the table and their ON DELETE
 * rules reach it too (a cascade fires no trigger). Just before the swap, the children's keys are
 * pointed at the shadow, which the triggers keep equal to the table in the writer's own
 * transaction; the rename then carries them over to the new table, so they never reference the
 * old one. After the swap the old table's keys are dropped and the temporary keys get their names
 * back. Each of these is one {@code ALTER TABLE ... DROP FOREIGN KEY, ADD CONSTRAINT} sent with
 * {@code foreign_key_checks=0}, a change of the dictionary only (on MySQL the key's index is renamed
 * in the same statement, which it would otherwise build anew); pointing the children's keys is
 * journaled as the phase {@code swap}. A run killed after that resumes at the swap; one that drops
 * the unfinished shadow instead points the children's keys back at the table first (a referenced
 * table cannot be dropped); one killed after the swap is finished by the next run, which gives
 * the keys their names back before it drops the old table. Before any key is pointed, the step
 * fails, the table unchanged, when the table's columns or keys changed since the copy began (the
 * swap would lose a key added meanwhile) or a table of another schema gained a key on it (the swap
 * would leave that key on the old table); the keys of other tables on the table are looked for once
 * more just before the rename, as pointing the children's keys can wait for their tables' locks.
 *
 * <p>A key of the table on itself ({@code employee.manager_id -> employee.id}) goes on the shadow
 * referencing the table during the copy, so that a row copied before its parent, or written by a
 * trigger, is checked against the complete table, and a delete on the table cascades (or sets
 * NULL) into the shadow too; the chunks copy without checking keys the table already enforces
 * ({@link ChunkCopy#copy}). Just before the swap, after the checksum, it is pointed at the shadow
 * itself and the shadow searched for orphans ({@link #pointSelfKeys}); the swap carries it over
 * to the new table, and it gets its name back with the others.
 *
 * <p>Before the swap the copy is checksummed against the table chunk by chunk ({@link CopyVerifier};
 * {@code migrate.onlineCopy.verify}). The chunks ({@link ChunkCopy}) wait while the server is busy
 * ({@code Threads_running}) and checkpoint their progress in {@value #TABLE} ({@link CopyRecord}).
 *
 * <p>A run that dies leaves the original table's rows intact, and its triggers keep the shadow
 * current: the next run of the same step resumes the copy after its last checkpoint, or, when the
 * rename had already happened and {@value #TABLE} shows the remains are this step's, only removes
 * the old table and records the step. Any other run removes the triggers and the shadow at its
 * start ({@link #clearRemains}), since they would make writes fail once the shadow or a column is gone.
 */
final class ShadowCopy implements Session.OnlineCopier {

    private static final int MAX_IDENTIFIER = 64;
    /** Key types whose values come back from JDBC as they compare in the server. */
    private static final Set<String> EXACT_KEY_TYPES = Set.of(
            "tinyint",
            "smallint",
            "mediumint",
            "int",
            "integer",
            "bigint",
            "decimal",
            "char",
            "varchar",
            "binary",
            "varbinary",
            "date",
            "datetime");
    /** Bookkeeping of shadow copies in progress: which step each belongs to and how far it got. */
    static final String TABLE = CopyRecord.TABLE;

    /** The tables and triggers of one shadow copy, all named after the table. */
    record Names(String table, String shadow, String old, String onInsert, String onUpdate, String onDelete) {

        static Names of(String table) {
            String base = table;
            if (base.length() > MAX_IDENTIFIER - 12) {
                base = base.substring(0, MAX_IDENTIFIER - 21) + "_" + hash(table);
            }
            return new Names(
                    table,
                    "_" + base + "_rtnew",
                    "_" + base + "_rtold",
                    "_" + base + "_rtins",
                    "_" + base + "_rtupd",
                    "_" + base + "_rtdel");
        }

        List<String> triggers() {
            return List.of(onInsert, onUpdate, onDelete);
        }

        static String hash(String s) {
            try {
                byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(d, 0, 4);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final CopySql sql;
    private final MySqlDialect dialect;
    private final MySqlSession session;
    /** The runner's log, settings and way of sending DDL that needs a table's lock. */
    private final Session.Context context;

    private final CopyRecord record;
    private final ChunkCopy chunks;
    private final CopyVerifier verifier;
    private final ForeignKeys keys;
    /** The binary-log feed's server check, once per run: empty when it passed, else why not; null before. */
    private String serverChecked;
    /** Whether the server lets this user create the copy's triggers, once per run: null before. */
    private Boolean triggersChecked;
    /** The binary-log feed of the copy running now, or null (triggers, or no copy). */
    private BinlogFeed feed;

    ShadowCopy(Connection connection, MySqlDialect dialect, MySqlSession session, Session.Context context) {
        this.sql = new CopySql(connection);
        this.dialect = dialect;
        this.session = session;
        this.context = context;
        this.record = new CopyRecord(sql);
        this.chunks = new ChunkCopy(sql, dialect, session, context, record);
        this.verifier = new CopyVerifier(sql, dialect, session, context, record, chunks);
        this.keys = new ForeignKeys(sql, dialect, () -> session.renamesKeyIndexExplicitly());
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
        return from.kind() == ColumnType.Kind.VARCHAR
                && to.kind() == ColumnType.Kind.VARCHAR
                && to.length() >= from.length()
                && (to.length() * 4 <= 255 || from.length() * 4 > 255);
    }

    /** Why this table cannot be changed through a shadow copy, or null when it can. */
    @Override
    public String refusal(Operation op) throws SQLException {
        if (!makes(op)) {
            return op instanceof CreateIndex
                    ? "a unique index is built in place, where duplicate rows make it fail"
                    : "a shadow copy does not make this kind of change (" + op.describe() + ")";
        }
        if (dev.retort.core.model.QualifiedName.isQualified(op.table())) {
            return op.table() + " is named with its database or schema; the online copy works on tables of the"
                    + " connection's database, named plainly: run this change with migrate.url naming that database";
        }
        String table = op.table();
        List<String> key = primaryKey(table);
        if (key.size() != 1) {
            return table + (key.isEmpty() ? " has no primary key" : " has a composite primary key " + key)
                    + "; the copy walks a single-column key";
        }
        String keyType = sql.text(
                "SELECT DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? "
                        + "AND COLUMN_NAME = ?",
                table,
                key.get(0));
        if (!EXACT_KEY_TYPES.contains(keyType.toLowerCase(Locale.ROOT))) {
            return "the primary key " + table + "." + key.get(0) + " is of type " + keyType
                    + ", whose values may not compare "
                    + "exactly once read back; the copy walks integer, decimal, string, binary, date and datetime keys";
        }
        if (binlog()) {
            String why = binlogRefusal(op, table, key.get(0), keyType);
            if (why != null) {
                return why;
            }
        }
        String keyRefusal = foreignKeyRefusal(op, table);
        if (keyRefusal != null) {
            return keyRefusal;
        }
        if (op instanceof AddForeignKey a
                && a.foreignKey().referencedTable().equalsIgnoreCase(table)
                && a.foreignKey().name().length() > ForeignKeys.LONGEST) {
            // a new key on the table itself is pointed at the shadow before the swap like the table's own
            // (pointSelfKeys), under a temporary name
            return "the foreign key name " + table + "." + a.foreignKey().name() + " is longer than "
                    + ForeignKeys.LONGEST + " characters: the copy could not give it a temporary name";
        }
        String changed = op instanceof AlterColumn a ? a.to().name() : op instanceof DropColumn d ? d.column() : null;
        if (changed != null) {
            String unique = sql.text(
                    "SELECT MIN(INDEX_NAME) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() "
                            + "AND TABLE_NAME = ? AND COLUMN_NAME = ? AND NON_UNIQUE = 0",
                    table,
                    changed);
            if (!unique.isEmpty()) {
                return table + "." + changed + " is part of the unique key " + unique
                        + ": copied under the new definition, rows "
                        + "it makes equal would be merged silently, where the server's own change fails";
            }
        }
        if (!sql.text("SELECT @@GLOBAL.log_bin").equals("0")
                && sql.text("SELECT @@SESSION.binlog_format").equalsIgnoreCase("STATEMENT")) {
            return "binlog_format is STATEMENT, which refuses the read-committed copy; use ROW (the default)";
        }
        Names names = Names.of(table);
        long triggers = sql.count(
                "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() "
                        + "AND EVENT_OBJECT_TABLE = ? AND TRIGGER_NAME NOT IN (?, ?, ?)",
                table,
                names.onInsert(),
                names.onUpdate(),
                names.onDelete());
        if (triggers > 0) {
            return table + " has triggers of its own";
        }
        if (session.checkNamesPerSchema()
                && sql.count(
                                "SELECT COUNT(*) FROM information_schema.TABLE_CONSTRAINTS "
                                        + "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND CONSTRAINT_TYPE = 'CHECK'",
                                table)
                        > 0) {
            return table + " has CHECK constraints, whose names MySQL keeps per schema: the copy could not keep them";
        }
        if (!binlog() && !PtOnlineSchemaChange.ENGINE.equals(context.copyEngine())) {
            return triggersAllowed(table);
        }
        return null;
    }

    /**
     * Fails the step, before anything is changed, when the server would refuse the copy's {@code
     * CREATE TRIGGER} with error 1419: the binary log is on, {@code log_bin_trust_function_creators}
     * is off (both MySQL 8's defaults) and the user has neither SUPER nor what the server counts
     * instead (on MySQL 8.0, {@code SET_USER_ID}; roles count as they are active). Rather than
     * mirror that rule, the check asks the server: a {@code CREATE TRIGGER} on a table that does not
     * exist fails with 1419 before the table is looked up, and with 1146 when the user may create
     * triggers, so it changes nothing either way. Checked once per run. A failure rather than a
     * refusal, in {@code rebuilds} mode too: it is the server's setting or the user's grant, not the
     * table, so every copy of the run would meet it, and the way out is the user's choice.
     * {@code DROP TRIGGER} is not subject to this check (tried on MySQL 8.0.31), so cleanup and
     * resume are not either. With the copy off (asked only whether to offer it) the reason is
     * returned as a refusal instead, so the copy is not offered.
     */
    private String triggersAllowed(String table) throws SQLException {
        if (triggersChecked == null) {
            triggersChecked = Boolean.TRUE;
            if (sql.text("SELECT @@GLOBAL.log_bin").equals("1")
                    && sql.text("SELECT @@GLOBAL.log_bin_trust_function_creators")
                            .equals("0")) {
                String probe = "_retort_no_table_" + Long.toHexString(System.nanoTime());
                try (Statement s = sql.connection.createStatement()) {
                    s.execute("CREATE TRIGGER " + dialect.quote(probe) + " BEFORE INSERT ON " + dialect.quote(probe)
                            + " FOR EACH ROW SET @retort_probe = 1");
                    // the table exists after all: remove what was made
                    s.execute("DROP TRIGGER IF EXISTS " + dialect.quote(probe));
                } catch (SQLException e) {
                    if (e.getErrorCode() == NEEDS_SUPER_FOR_TRIGGERS) {
                        triggersChecked = Boolean.FALSE;
                    }
                }
            }
        }
        if (triggersChecked) {
            return null;
        }
        if ("off".equals(context.onlineCopy())) {
            // asked only whether to offer the copy: a refusal, so the copy is not offered
            return "the server refuses the copy's CREATE TRIGGER to this user (error " + NEEDS_SUPER_FOR_TRIGGERS
                    + ": the binary log is on, log_bin_trust_function_creators is OFF, and the user has neither SUPER nor "
                    + "SET_USER_ID)";
        }
        // MariaDB has no SET_USER_ID (SUPER it is) and no binary-log feed yet
        boolean mariaDb = session instanceof MariaDbSession;
        String stand = mariaDb ? "SUPER" : "SET_USER_ID";
        String user = sql.text("SELECT CONCAT('''', SUBSTRING_INDEX(CURRENT_USER(), '@', 1), '''@''', "
                + "SUBSTRING_INDEX(CURRENT_USER(), '@', -1), '''')");
        throw context.failure(
                "-- CREATE TRIGGER (the shadow copy's triggers)",
                new SQLException(
                        "the shadow copy of " + table + " is kept in step by triggers, and the server refuses "
                                + "CREATE TRIGGER to " + user
                                + ": the binary log is on, log_bin_trust_function_creators is OFF, and "
                                + (stand.equals("SUPER")
                                        ? "the user lacks SUPER"
                                        : "the user has neither SUPER nor " + stand)
                                + " (error " + NEEDS_SUPER_FOR_TRIGGERS
                                + "); any one of these lets the copy run: a DBA runs SET GLOBAL "
                                + "log_bin_trust_function_creators = 1 (and keeps it in the server's configuration), "
                                + "or GRANT " + stand + " ON *.* TO " + user
                                + (stand.equals("SUPER") ? "" : " (MySQL 8.0; SUPER serves too)") + ", or "
                                + (mariaDb
                                        ? ""
                                        : "migrate.onlineCopy.feed=binlog (no triggers; MySQL 8.0.13 or later, "
                                                + "REPLICATION SLAVE and REPLICATION CLIENT) or ")
                                + "migrate.onlineCopy=off",
                        "HY000",
                        NEEDS_SUPER_FOR_TRIGGERS),
                mariaDb
                        ? Text.of(
                                "  Nothing was changed. Fix the server or the user as said, or run with ",
                                Hint.set(Setting.ONLINE_COPY, "off"),
                                ".\n")
                        : Text.of(
                                "  Nothing was changed. Fix the server or the user as said, or run with ",
                                Hint.set(Setting.ONLINE_COPY_FEED, "binlog"),
                                " or ",
                                Hint.set(Setting.ONLINE_COPY, "off"),
                                ".\n"));
    }

    /** MySQL's ER_BINLOG_CREATE_ROUTINE_NEED_SUPER: "You do not have the SUPER privilege and binary logging is enabled". */
    static final int NEEDS_SUPER_FOR_TRIGGERS = 1419;

    /** True when the copy is fed from the binary log ({@code migrate.onlineCopy.feed=binlog}) rather than triggers. */
    private boolean binlog() {
        // pt-online-schema-change brings its own triggers: the feed is Retort's engine's
        return "binlog".equals(context.copyFeed()) && !PtOnlineSchemaChange.ENGINE.equals(context.copyEngine());
    }

    /**
     * Why the binary-log feed cannot make this change, or null. The server's settings, privileges and
     * the run's login are checked once per run ({@link BinlogFeed#serverRefusal}); a failed check
     * fails the step before anything is changed, naming what to change, rather than quietly making
     * the change another way. The table: an integer key, and no foreign keys either way (the binary
     * log does not carry the rows a cascade changes, and applied later than the parents' own
     * changes, rows would be checked against parents as they are by then).
     */
    private String binlogRefusal(Operation op, String table, String key, String keyType) throws SQLException {
        if (serverChecked == null) {
            String why = BinlogFeed.serverRefusal(sql, session, context);
            serverChecked = why == null ? "" : why;
        }
        if (!serverChecked.isEmpty() && "off".equals(context.onlineCopy())) {
            // asked only whether to offer the copy: a refusal, so the copy is not offered
            return serverChecked;
        }
        if (!serverChecked.isEmpty()) {
            throw context.failure(
                    "-- migrate.onlineCopy.feed=binlog",
                    new SQLException(
                            "the shadow copy of " + table + " cannot be fed from the binary log: " + serverChecked,
                            "HY000"),
                    Text.of(
                            "  Nothing was changed. Fix the server or the user as said, or run with ",
                            Hint.set(Setting.ONLINE_COPY_FEED, "triggers"),
                            ".\n"));
        }
        String keyWhy = BinlogFeed.keyRefusal(table, key, keyType);
        if (keyWhy != null) {
            return keyWhy;
        }
        if (op instanceof AddForeignKey) {
            return "the binary-log feed does not add foreign keys (writes applied after the fact would be checked "
                    + "against the parent rows of that moment); use migrate.onlineCopy.feed=triggers";
        }
        if (!keys.of(table).isEmpty() || !keys.referencing(table).isEmpty()) {
            return table + " is in a foreign key: the binary-log feed copies tables without foreign keys either way "
                    + "(a cascade's changes are not in the binary log); use migrate.onlineCopy.feed=triggers";
        }
        return null;
    }

    /**
     * Why the foreign keys of {@code table} or of its children keep it from a shadow copy, or null.
     * The shadow gets the table's own keys under temporary names and the children's keys are
     * pointed at it before the swap ({@link ForeignKeys}); a key of the table on itself references
     * the table from the shadow during the copy and the shadow itself from just before the swap
     * ({@link #pointSelfKeys}). Refused are children in another schema, names too long for a
     * temporary name, and a change to a column that children reference or that is in a key of the
     * table on itself (the keys could not be pointed at the changed column, as the server's own
     * change refuses too).
     */
    private String foreignKeyRefusal(Operation op, String table) throws SQLException {
        List<String> elsewhere = keys.childrenElsewhere(table);
        if (!elsewhere.isEmpty()) {
            return table + " is referenced by a foreign key of " + elsewhere.get(0)
                    + ", in another schema, which the copy does not re-point";
        }
        String shadow = Names.of(table).shadow();
        List<ForeignKeys.Key> children = keys.referencing(table).stream()
                .filter(k -> !k.table().equalsIgnoreCase(shadow))
                .toList();
        List<ForeignKeys.Key> all = new ArrayList<>(keys.of(table));
        all.addAll(children);
        for (ForeignKeys.Key k : all) {
            if (k.name().length() > ForeignKeys.LONGEST) {
                return "the foreign key name " + k.table() + "." + k.name() + " is longer than " + ForeignKeys.LONGEST
                        + " characters: the copy could not give it a temporary name";
            }
        }
        String changed = op instanceof AlterColumn a ? a.from().name() : op instanceof DropColumn d ? d.column() : null;
        for (ForeignKeys.Key k : children) {
            if (changed != null && k.referencedColumns().stream().anyMatch(changed::equalsIgnoreCase)) {
                return table + "." + changed + " is referenced by the foreign key " + k.table() + "." + k.name()
                        + ", which could not reference the changed column; drop the key, change both columns, "
                        + "and add it again";
            }
        }
        boolean retyped =
                op instanceof AlterColumn a && !a.from().type().equals(a.to().type()) || op instanceof DropColumn;
        for (ForeignKeys.Key k : keys.selfReferencing(table)) {
            if (retyped
                    && (k.columns().stream().anyMatch(changed::equalsIgnoreCase)
                            || k.referencedColumns().stream().anyMatch(changed::equalsIgnoreCase))) {
                return table + "." + changed + " is in the foreign key " + table + "." + k.name() + " of " + table
                        + " on itself, whose columns must keep matching types; drop the key, change the columns, "
                        + "and add it again";
            }
        }
        return null;
    }

    /**
     * What an earlier run left of a shadow copy of the step's table. When that run was this very
     * step and stopped while copying or verifying, with its triggers (which kept the shadow
     * current) and both tables as they were, the copy resumes after its last checkpointed chunk and
     * is swapped in: returns true, the change is made. When that run had already swapped the copy
     * in, only the old table is dropped: true as well. Otherwise the remains are removed and false
     * returned: nothing was there, an unfinished copy that cannot be resumed (the change starts
     * over), or the remains of another step.
     */
    @Override
    public boolean leftRemains(Operation op) throws SQLException {
        Names n = Names.of(op.table());
        return !sql.strings(
                        "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                                + "AND TABLE_NAME IN (?, ?)",
                        n.shadow(),
                        n.old())
                .isEmpty();
    }

    @Override
    public boolean finishEarlierRun(Operation op, String marker) throws SQLException {
        String table = op.table();
        Names n = Names.of(table);
        // one query on every step this could concern, shadow copies on or not
        List<String> left = sql.strings(
                "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                        + "AND TABLE_NAME IN (?, ?)",
                n.shadow(),
                n.old());
        boolean shadow = left.stream().anyMatch(n.shadow()::equalsIgnoreCase);
        boolean old = left.stream().anyMatch(n.old()::equalsIgnoreCase);
        if (!shadow && !old) {
            return false;
        }
        CopyRecord.Entry entry = record.read(table);
        String recorded = entry == null ? "" : entry.marker();
        if (shadow && !old && marker.equals(recorded) && resumable(n, entry) == null) {
            if ("off".equals(context.onlineCopy())) {
                throw offWithCopyUnderway(n, entry);
            }
            return resume(op, n, entry);
        }
        Settings settings = new Settings();
        try {
            settings.forTableLocks();
            if (shadow) {
                // while the triggers still keep the shadow current: children's keys pointed at it go back first
                unpoint(n.shadow(), table);
            }
            for (String trigger : n.triggers()) {
                // still on the live table when the copy was not swapped in: a lock like any DDL's, never queued
                context.runLocked(op, Ddl.of("DROP TRIGGER IF EXISTS " + dialect.quote(trigger)));
            }
            if (shadow) {
                String why = !marker.equals(recorded)
                        ? "it was not this step's copy"
                        : old ? "the old table " + n.old() + " is there too" : resumable(n, entry);
                context.info("  an earlier run stopped while copying " + table + " to " + n.shadow()
                        + "; dropping the unfinished copy (" + table
                        + " itself was not changed) and starting over: it cannot be resumed, " + why);
                sql.exec("DROP TABLE IF EXISTS " + dialect.quote(n.shadow()));
            }
            if (old) {
                context.info("  an earlier run swapped the changed copy in for " + table
                        + " and stopped before dropping the old table " + n.old()
                        + (recorded.isEmpty() ? "" : " (it was running " + recorded + ")") + "; dropping it now");
                finishKeys(n);
                sql.exec("DROP TABLE IF EXISTS " + dialect.quote(n.old()));
            }
            record.forget(table);
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
     * The refusal of a run with {@code migrate.onlineCopy=off} that finds this step's copy half done
     * and resumable. Resuming would make a shadow copy the user turned off; dropping it would throw
     * away hours of copying, when the likelier story is a rerun that forgot the setting. So nothing
     * is touched (the triggers keep the shadow current meanwhile) and both ways forward are named.
     */
    private SQLException offWithCopyUnderway(Names n, CopyRecord.Entry entry) throws SQLException {
        String table = n.table();
        Object after = entry.key(keyType(table, primaryKey(table).get(0)));
        // children's keys pointed at the copy (phase swap) go back first, while the triggers still keep it current
        List<ForeignKeys.Key> pointed = keys.referencing(n.shadow()).stream()
                .filter(k -> !k.table().equalsIgnoreCase(n.shadow()))
                .toList();
        String children = String.join(", ", ForeignKeys.byTable(pointed).keySet());
        String progress = CopyRecord.SWAP.equals(entry.phase())
                ? "had copied and checked every row"
                        + (pointed.isEmpty() ? "" : " and pointed the foreign keys of " + children + " at the copy")
                        + ", and was about to swap it in,"
                : CopyRecord.VERIFY.equals(entry.phase())
                        ? "copied every row and was checksumming the copy"
                        : after == null
                                ? "had its triggers in place and was starting the copy"
                                : "had copied the rows up to key " + keyText(after);
        StringBuilder back = new StringBuilder();
        if (!pointed.isEmpty()) {
            String schema = keys.schema();
            back.append("SET SESSION foreign_key_checks = 0; ");
            for (java.util.Map.Entry<String, List<ForeignKeys.Key>> e :
                    ForeignKeys.byTable(pointed).entrySet()) {
                back.append(keys.redefine(e.getKey(), e.getValue(), ForeignKeys.Key::original, table, schema)
                                .render())
                        .append("; ");
            }
            back.append("SET SESSION foreign_key_checks = 1; ");
        }
        String drops = back
                + n.triggers().stream()
                        .map(t -> "DROP TRIGGER " + dialect.quote(t) + "; ")
                        .collect(Collectors.joining())
                + "DROP TABLE " + dialect.quote(n.shadow()) + "; DELETE FROM " + TABLE + " WHERE table_name = '"
                + table.replace("'", "''") + "';";
        return context.failure(
                "-- the unfinished shadow copy " + n.shadow() + " of " + table,
                new SQLException(
                        "an earlier run of this step was changing " + table + " through a shadow copy and stopped; "
                                + "this run has onlineCopy=off, so it neither resumes that copy nor discards it",
                        "HY000"),
                Text.of(
                        "  The earlier run " + progress + " into " + n.shadow() + "; its triggers "
                                + String.join(", ", n.triggers()) + " keep that copy current"
                                + (pointed.isEmpty()
                                        ? ""
                                        : ", the foreign keys of " + children + " reference it (under temporary names)")
                                + ", and " + table + " itself is unchanged. Nothing was touched. Either:\n"
                                + "  - resume the copy with the setting of the run that started it: ",
                        Hint.run(Action.UPGRADE, Setting.ONLINE_COPY, "copies"),
                        " (or ",
                        Hint.set(Setting.ONLINE_COPY, "rebuilds"),
                        "), or\n  - discard it and make the change without a shadow copy: run " + drops + " then ",
                        Hint.run(Action.UPGRADE),
                        " again (without the copy, a change the server can make only by copying a large table is refused with the expand/contract plan).\n"));
    }

    /** Why the unfinished copy of {@code n} cannot be resumed, or null when it can: its triggers, tables and record are intact. */
    private String resumable(Names n, CopyRecord.Entry entry) throws SQLException {
        if (entry == null
                || !CopyRecord.COPY.equals(entry.phase())
                        && !CopyRecord.VERIFY.equals(entry.phase())
                        && !CopyRecord.SWAP.equals(entry.phase())) {
            return "it stopped before its triggers were in place";
        }
        List<String> triggers = triggersOn(n.table());
        BinlogFeed.Position fedFrom = BinlogFeed.recorded(entry.feed());
        if (fedFrom != null) {
            // fed from the binary log: resumed by reading it again from where the copy began
            if ("off".equals(context.onlineCopy())) {
                return "it was fed from the binary log, and this run has migrate.onlineCopy=off";
            }
            if (!binlog()) {
                return "it was fed from the binary log, and this run has migrate.onlineCopy.feed="
                        + context.copyFeed()
                        + (PtOnlineSchemaChange.ENGINE.equals(context.copyEngine())
                                ? " with pt-online-schema-change"
                                : "");
            }
            if (CopyRecord.SWAP.equals(entry.phase())) {
                return "it stopped in a phase the binary-log feed does not resume";
            }
            if (!triggers.isEmpty()) {
                return n.table() + " has triggers now";
            }
            if (!shape(n).equals(entry.shape())) {
                return "the columns or foreign keys of " + n.table() + " or " + n.shadow()
                        + " changed since, or whether other tables reference " + n.table();
            }
            String server = BinlogFeed.recordedServer(entry.feed());
            if (server != null && !server.equalsIgnoreCase(sql.text("SELECT @@GLOBAL.server_uuid"))) {
                // a failover since: this server's files may have the same names, but not the same events at those
                // offsets
                return "it began reading the binary log of another server (server_uuid " + server
                        + "), whose positions mean nothing here";
            }
            boolean kept;
            try {
                kept = BinlogFeed.kept(sql, fedFrom);
            } catch (SQLException e) {
                return "the server's binary log files cannot be listed (" + e.getMessage() + ")";
            }
            return kept ? null : "the binary log file " + fedFrom.file() + " it began in is purged";
        }
        if (n.triggers().stream().noneMatch(t -> triggers.stream().anyMatch(t::equalsIgnoreCase))) {
            return "its triggers are not on " + n.table();
        }
        if (!n.triggers().stream().allMatch(t -> triggers.stream().anyMatch(t::equalsIgnoreCase))) {
            return "its triggers are no longer all on " + n.table();
        }
        if (!shape(n).equals(entry.shape())) {
            return "the columns or foreign keys of " + n.table() + " or " + n.shadow()
                    + " changed since, or whether other tables reference " + n.table();
        }
        return null;
    }

    /** A copy trigger of {@code n} written for a table nobody referenced (it REPLACEs rows), or null. */
    private String replacingTrigger(Names n) throws SQLException {
        String found = sql.text(
                "SELECT MIN(TRIGGER_NAME) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() "
                        + "AND TRIGGER_NAME IN (?, ?) AND ACTION_STATEMENT LIKE '%REPLACE INTO%'",
                n.onInsert(), n.onUpdate());
        return found.isEmpty() ? null : found;
    }

    private List<String> triggersOn(String table) throws SQLException {
        return sql.strings(
                "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() "
                        + "AND EVENT_OBJECT_TABLE = ?",
                table);
    }

    /**
     * A fingerprint of both tables' columns and foreign keys (the shadow's under the names they get
     * back), and of whether other tables reference the table (the triggers are written for that): a
     * copy resumes only onto the tables it started with. A key added to or dropped from the table
     * since would otherwise be lost, or come back, with the swap.
     */
    /** A recorded key as the log shows it: binary keys in hex. */
    private static String keyText(Object key) {
        return key instanceof byte[] b ? HexFormat.of().formatHex(b) : String.valueOf(key);
    }

    private String shape(Names n) throws SQLException {
        return shape(n, referenced(n));
    }

    /** The {@link #shape} with {@code isReferenced} for whether other tables reference the table. */
    private String shape(Names n, boolean isReferenced) throws SQLException {
        StringBuilder b = new StringBuilder();
        for (String t : List.of(n.table(), n.shadow())) {
            b.append(t).append(':');
            for (String c : sql.strings(
                    "SELECT CONCAT_WS(' ', COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COALESCE(GENERATION_EXPRESSION, '')) "
                            + "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION",
                    t)) {
                b.append(c).append(';');
            }
            List<String> own = new ArrayList<>();
            for (ForeignKeys.Key k : keys.of(t)) {
                // the shadow's key on itself references the table during the copy, the shadow before the swap
                String referenced = k.referenced().equalsIgnoreCase(n.shadow()) ? n.table() : k.referenced();
                own.add(k.original().toLowerCase(Locale.ROOT) + " " + k.columns() + " " + k.referencedSchema() + "."
                        + referenced + " " + k.referencedColumns() + k.rules());
            }
            own.sort(null);
            b.append(String.join(";", own)).append(';');
        }
        b.append(isReferenced ? "referenced" : "");
        return Names.hash(b.toString()) + Names.hash(b.reverse().toString());
    }

    /** Continues the killed copy of this step after its last checkpoint, then verifies and swaps it in. */
    private boolean resume(Operation op, Names n, CopyRecord.Entry entry) throws SQLException {
        String table = op.table();
        String key = primaryKey(table).get(0);
        String keyType = keyType(table, key);
        ChunkCopy.Plan plan = new ChunkCopy.Plan(
                table, n, key, keyType, sharedColumns(table, n.shadow()), op instanceof AddForeignKey);
        Object after = entry.key(keyType);
        boolean verified = CopyRecord.SWAP.equals(entry.phase());
        boolean copied = verified || CopyRecord.VERIFY.equals(entry.phase());
        BinlogFeed.Position fedFrom = BinlogFeed.recorded(entry.feed());
        if (fedFrom != null) {
            // checked again: the server's settings may have changed since, and under them writes would go unread
            if (serverChecked == null) {
                String why = BinlogFeed.serverRefusal(sql, session, context);
                serverChecked = why == null ? "" : why;
            }
            if (!serverChecked.isEmpty()) {
                throw context.failure(
                        "-- migrate.onlineCopy.feed=binlog",
                        new SQLException(
                                "an earlier run of this step was copying " + table + " to " + n.shadow()
                                        + ", fed from the binary log, and stopped; the copy cannot be resumed now: "
                                        + serverChecked,
                                "HY000"),
                        Text.of(
                                "  Nothing was touched: " + n.shadow() + " is kept (nothing writes to it) and " + table
                                        + " itself is unchanged. Fix the server or the user as said, then ",
                                Hint.run(Action.UPGRADE),
                                " resumes the copy; or run with ",
                                Hint.set(Setting.ONLINE_COPY_FEED, "triggers"),
                                " to drop it and copy afresh.\n"));
            }
            context.info("  an earlier run stopped while " + (copied ? "checking the copy of " : "copying ") + table
                    + " to " + n.shadow() + ", fed from the binary log; it resumes "
                    + (after == null ? "from the start" : "after key " + keyText(after))
                    + ", reading the binary log again from " + fedFrom
                    + " (the rows changed since are copied again)");
            chunks.openReplicas();
            Settings settings = new Settings();
            try {
                settings.forCopy();
                feed = BinlogFeed.start(sql, dialect, session, context, plan, fedFrom);
            } catch (SQLException | RuntimeException e) {
                closeFeed();
                chunks.closeReplicas();
                throw failed(op, n, e, false, true);
            } finally {
                settings.restore();
            }
            try {
                finish(op, n, plan, copied ? null : after, copied ? after : null, copied, false);
            } finally {
                closeFeed();
                chunks.closeReplicas();
            }
            return true;
        }
        context.info("  an earlier run stopped while "
                + (verified ? "pointing foreign keys at the copy of " : copied ? "checking the copy of " : "copying ")
                + table
                + " to " + n.shadow()
                + "; its triggers kept the copy current, so it "
                + (verified ? "goes on to the swap" : "resumes ")
                + (verified ? "" : after == null ? "from the start" : "after key " + keyText(after)));
        chunks.openReplicas();
        try {
            finish(op, n, plan, copied ? null : after, copied ? after : null, copied, verified);
        } finally {
            chunks.closeReplicas();
        }
        return true;
    }

    /**
     * Makes the change {@code statement} (the online ALTER or CREATE INDEX Retort would send for
     * {@code op}) on a shadow table and swaps it in. On failure before the swap, the shadow table
     * and the triggers are dropped: the table is as it was. A run killed meanwhile leaves them, and
     * the next run resumes the copy ({@link #finishEarlierRun}).
     */
    @Override
    public void run(Operation op, Ddl statement, String marker) throws SQLException {
        chunks.openReplicas();
        try {
            copyAndSwap(op, statement, marker);
        } finally {
            chunks.closeReplicas();
        }
    }

    private void copyAndSwap(Operation op, Ddl statement, String marker) throws SQLException {
        String table = op.table();
        Names n = Names.of(table);
        String key = primaryKey(table).get(0);
        context.info("  changing " + table + " through a shadow copy (migrate.onlineCopy=" + context.onlineCopy()
                + "): " + n.shadow() + " gets the change, "
                + (binlog() ? "the binary log keeps it in step" : "triggers keep it in step")
                + ", rows are copied in chunks of "
                + context.copyChunkRows() + (context.copyVerify() ? " and checksummed" : "")
                + ", then one RENAME swaps it in");
        Settings settings = new Settings();
        ChunkCopy.Plan plan;
        try {
            settings.forCopy();
            record.start(table, marker);
            sql.exec("CREATE TABLE " + dialect.quote(n.shadow()) + " LIKE " + dialect.quote(table));
            if (session.cachesTableStatistics()) {
                settings.set(
                        "information_schema_stats_expiry", "0"); // MySQL 8 otherwise reports a cached AUTO_INCREMENT
            }
            keepAutoIncrement(table, n.shadow());
            // CREATE TABLE LIKE leaves out foreign keys: the shadow gets the table's own under temporary names
            // (names are per schema) before the change, which then meets them as the server's own change would
            List<ForeignKeys.Key> own = keys.of(table);
            if (!own.isEmpty()) {
                String schema = keys.schema();
                // the parents' locks are taken too: like any DDL, never queued behind a long transaction
                context.runLocked(
                        new DropTable(n.shadow(), false),
                        Ddl.alterTable(
                                dialect.quote(n.shadow()),
                                own.stream().map(k -> keys.onShadow(k, schema)).collect(Collectors.joining(", "))));
            }
            sql.exec(onShadow(statement, n.shadow()).render());
            plan = new ChunkCopy.Plan(
                    table, n, key, keyType(table, key), sharedColumns(table, n.shadow()), op instanceof AddForeignKey);
            if (binlog()) {
                feed = BinlogFeed.start(sql, dialect, session, context, plan, null);
            } else {
                createTriggers(op, n, key, plan.columns(), referenced(n));
            }
            record.copying(table, shape(n), feed == null ? null : feed.recorded());
        } catch (SQLException | RuntimeException e) {
            closeFeed();
            throw failed(op, n, e, false, binlog());
        } finally {
            settings.restore();
        }
        try {
            finish(op, n, plan, null, null, false, false);
        } finally {
            closeFeed();
        }
    }

    private void closeFeed() {
        if (feed != null) {
            feed.close();
            feed = null;
            chunks.feed = null;
            verifier.feed = null;
        }
    }

    /**
     * Copies after {@code copiedTo} (unless {@code copied}), verifies after {@code verifiedTo} (unless
     * {@code verified}), points the children's foreign keys at the shadow, swaps and cleans up.
     */
    private void finish(
            Operation op,
            Names n,
            ChunkCopy.Plan plan,
            Object copiedTo,
            Object verifiedTo,
            boolean copied,
            boolean verified)
            throws SQLException {
        String table = op.table();
        boolean swapped = false;
        Settings settings = new Settings();
        chunks.feed = feed;
        verifier.feed = feed;
        try {
            settings.forCopy();
            if (!copied) {
                chunks.copy(plan, copiedTo);
                record.checkpoint(table, CopyRecord.VERIFY, null);
            }
            if (verified) {
                context.info("  the copy was checked before that run stopped");
            } else if (context.copyVerify()) {
                verifier.verify(plan, verifiedTo);
            } else {
                context.info("  the copy is not checksummed (migrate.onlineCopy.verify=false)");
            }
            List<ForeignKeys.Key> children = children(n);
            List<ForeignKeys.Key> self = selfKeys(n);
            if (feed != null && (!children.isEmpty() || !self.isEmpty())) {
                ForeignKeys.Key k = children.isEmpty() ? self.get(0) : children.get(0);
                throw new SQLException(
                        "the foreign key " + k.table() + "." + k.name() + " referencing " + table
                                + " was added while the copy ran; the binary-log feed copies tables without foreign "
                                + "keys: rerun the step with migrate.onlineCopy.feed=triggers",
                        "HY000");
            }
            List<String> elsewhere = keys.keysElsewhere(table);
            if (!elsewhere.isEmpty()) {
                // the swap would carry such a key over to the old table, which could then not be dropped
                throw new SQLException(
                        "the foreign key " + elsewhere.get(0) + " referencing " + table
                                + " was added while the copy ran, in another schema, which the copy does not re-point "
                                + "(the swap would leave it referencing the old table); the copy is not swapped in",
                        "HY000");
            }
            if (!children.isEmpty() || !self.isEmpty()) {
                String replacing = replacingTrigger(n);
                if (replacing != null) {
                    ForeignKeys.Key k = children.isEmpty() ? self.get(0) : children.get(0);
                    throw new SQLException(
                            "the foreign key " + k.table() + "." + k.name() + " referencing " + table
                                    + " was added while the copy ran: the trigger " + replacing
                                    + " REPLACEs rows, which on the copy would run that key's ON DELETE rule for "
                                    + "rows only updated; rerun the step to copy again with triggers for a "
                                    + "referenced table",
                            "HY000");
                }
            }
            // another session's ALTER TABLE meanwhile (a column added or dropped, a key of the table's own) would be
            // undone by the swap: the copy has the columns and keys the table had when it began. Triggers written for a
            // referenced table serve one nobody references any more (its last child's key dropped meanwhile) as well.
            CopyRecord.Entry began = record.read(table);
            boolean referenced = feed == null && replacingTrigger(n) == null || referenced(n);
            if (began != null && began.shape() != null && !shape(n, referenced).equals(began.shape())) {
                throw new SQLException(
                        "the columns or foreign keys of " + table + " changed while the copy ran (another session "
                                + "altered it): the copy, made from " + table + " as it was, would undo that change, "
                                + "so it is not swapped in; rerun the step to copy " + table + " as it is now",
                        "HY000");
            }
            if (!children.isEmpty() || !self.isEmpty()) {
                if (!verified) {
                    // from here the shadow's key on itself cascades within it: a re-verify's re-copy would delete too
                    // much
                    record.checkpoint(table, CopyRecord.SWAP, null);
                }
                pointSelfKeys(n);
                if (!children.isEmpty()) {
                    repoint(children, n.shadow());
                }
            }
            // a key added on the table while the keys were pointed (each waits for its table's lock) would follow the
            // table to the old one
            List<String> late = new ArrayList<>(
                    children(n).stream().map(k -> k.table() + "." + k.name()).toList());
            late.addAll(keys.keysElsewhere(table));
            if (!late.isEmpty()) {
                throw new SQLException(
                        "the foreign key " + late.get(0) + " referencing " + table + " was added while the copy ran,"
                                + " after the other keys were pointed at the copy (the swap would leave it referencing"
                                + " the old table); the copy is not swapped in: rerun the step",
                        "HY000");
            }
            long swapStart = System.nanoTime();
            if (feed != null) {
                swapped = swapFed(op, n);
            } else {
                context.runLocked(
                        op,
                        Ddl.renameTable(
                                dialect.quote(table),
                                "TO " + dialect.quote(n.old()) + ", " + dialect.quote(n.shadow()) + " TO "
                                        + dialect.quote(table)));
                swapped = true;
            }
            long swapNanos = System.nanoTime() - swapStart;
            for (String trigger : feed != null ? List.<String>of() : n.triggers()) {
                sql.exec("DROP TRIGGER IF EXISTS " + dialect.quote(trigger));
            }
            finishKeys(n);
            long dropStart = System.nanoTime();
            sql.exec("DROP TABLE " + dialect.quote(n.old()));
            record.forget(table);
            context.info("  swapped in the changed copy of " + table + " in " + millis(swapNanos)
                    + " and dropped the old table in " + millis(System.nanoTime() - dropStart));
        } catch (SQLException | RuntimeException e) {
            throw failed(op, n, e, swapped, feed != null);
        } finally {
            settings.restore();
        }
    }

    /**
     * The swap of a copy fed from the binary log, as gh-ost and Spirit make it: the binary log is read
     * up to the present first (outside any lock), then {@code LOCK TABLES} takes the table and the
     * shadow (attempted like any DDL: a short wait, retried, never behind a long transaction), the
     * writes made up to then are applied, {@code RENAME TABLE} swaps (allowed under the lock from
     * MySQL 8.0.13 on), and {@code UNLOCK TABLES} lets the writers on, into the new table. Writers
     * wait only for that window, which the log states. A reader that does not reach the log's position
     * of the lock's moment within {@link BinlogFeed#LOCKED_CATCH_UP_MS} (fallen behind, or its
     * connection stalled) does not hold them longer: the lock is let go, the reader catches up outside
     * it, and the swap is tried again, {@value #SWAP_ATTEMPTS} times at most. Returns true once the
     * rename is made.
     */
    private boolean swapFed(Operation op, Names n) throws SQLException {
        String table = n.table();
        for (int attempt = 1; ; attempt++) {
            feed.catchUp();
            boolean swapped = false;
            context.runLocked(
                    new DropTable(table, false),
                    Ddl.of("LOCK TABLES " + dialect.quote(table) + " WRITE, " + dialect.quote(n.shadow()) + " WRITE"));
            long locked = System.nanoTime();
            long drained;
            long drainNanos;
            try {
                drained = feed.drainLocked();
                drainNanos = System.nanoTime() - locked;
                if (drained >= 0) {
                    sql.exec("RENAME TABLE " + dialect.quote(table) + " TO " + dialect.quote(n.old()) + ", "
                            + dialect.quote(n.shadow()) + " TO " + dialect.quote(table));
                    swapped = true;
                }
            } finally {
                try {
                    sql.exec("UNLOCK TABLES");
                } catch (SQLException e) {
                    if (!swapped) {
                        throw e;
                    }
                    context.warn("  UNLOCK TABLES failed after the swap: " + e.getMessage());
                }
            }
            long window = System.nanoTime() - locked;
            if (!swapped) {
                // the reader fell behind (a burst of writes elsewhere, a stalled connection): writers are not held
                // while it catches up outside the lock
                String behind = String.format(
                        Locale.ROOT,
                        "%s was locked for %.1f ms, and the binary log reader, at %s, did not reach the log's "
                                + "position of that moment within %,d ms",
                        table,
                        window / 1e6,
                        feed.received(),
                        BinlogFeed.LOCKED_CATCH_UP_MS);
                if (attempt >= SWAP_ATTEMPTS) {
                    throw new SQLException(
                            behind + ", " + SWAP_ATTEMPTS + " times: the copy is not swapped in", "HY000");
                }
                context.warn("  " + behind + "; unlocked it to catch up, and tries the swap again (attempt "
                        + (attempt + 1) + " of " + SWAP_ATTEMPTS + ")");
                continue;
            }
            context.info(String.format(
                    Locale.ROOT,
                    "  %s was locked for %.1f ms: %,d row%s written meanwhile applied in %.1f ms, the rename in %.1f ms"
                            + " (%,d rows from the binary log in all, read to %s)",
                    table,
                    window / 1e6,
                    drained,
                    drained == 1 ? "" : "s",
                    drainNanos / 1e6,
                    (window - drainNanos) / 1e6,
                    feed.applied(),
                    feed.received()));
            return true;
        }
    }

    /** How many times the binary-log feed's swap takes the lock before the reader's lag fails the step. */
    private static final int SWAP_ATTEMPTS = 5;

    /**
     * The failure to report, after removing the shadow and its triggers when the swap had not happened;
     * {@code fed}: the copy was fed from the binary log, and has no triggers.
     */
    private SQLException failed(Operation op, Names n, Exception e, boolean swapped, boolean fed) {
        String table = op.table();
        // the statement that failed, before the cleanup sends its own
        String failedSql = sql.last;
        boolean cleaned = !swapped && undo(op, n, fed);
        List<String> temporary = swapped ? stillTemporary(n) : List.of();
        List<String> pointedAt = swapped || cleaned ? List.of() : pointedAt(n);
        if (e instanceof RuntimeException r) {
            throw r;
        }
        return context.failure(
                failedSql,
                (SQLException) e,
                swapped
                        ? temporary.isEmpty()
                                ? Text.of(
                                        "  The changed copy is in place as " + table + "; only the old table " + n.old()
                                                + " is left: rerunning ",
                                        Hint.run(Action.UPGRADE),
                                        " drops it and records the step.\n")
                                : Text.of(
                                        "  The changed copy is in place as " + table
                                                + "; its foreign keys are enforced,"
                                                + " but " + String.join(", ", temporary)
                                                + " still have temporary names, and the old table " + n.old()
                                                + " is left: rerunning ",
                                        Hint.run(Action.UPGRADE),
                                        " gives the keys their names back, drops the old table and records the step"
                                                + " (dropped by hand, the old table would no longer tell the rerun that"
                                                + " the change was made).\n")
                        : cleaned
                                ? Text.of(
                                        "  " + table + " is unchanged: the shadow table"
                                                + (fed ? " was" : " and its triggers were") + " removed. Rerun ",
                                        Hint.run(Action.UPGRADE),
                                        " once the cause is fixed.\n")
                                : fed
                                        ? Text.of(
                                                "  " + table
                                                        + " is unchanged, and has no trigger (the copy was fed from "
                                                        + "the binary log); the shadow table " + n.shadow()
                                                        + " could not be removed, and nothing writes to it. Rerun ",
                                                Hint.run(Action.UPGRADE),
                                                ": it resumes the copy, or removes it.\n")
                                        : Text.of(
                                                "  " + table + " is unchanged, but the shadow table " + n.shadow()
                                                        + " and the triggers "
                                                        + String.join(", ", n.triggers())
                                                        + " could not be removed: every write to " + table
                                                        + " still goes to the shadow too"
                                                        + (pointedAt.isEmpty()
                                                                ? ""
                                                                : ", and the foreign keys of "
                                                                        + String.join(", ", pointedAt)
                                                                        + " reference the shadow (under temporary "
                                                                        + "names), enforced only as long as the "
                                                                        + "triggers keep it equal to " + table
                                                                        + ": do not drop the triggers by hand")
                                                        + ". Rerun ",
                                                Hint.run(Action.UPGRADE),
                                                " soon: it resumes the copy, or removes them.\n"));
    }

    /** After a failed undo: the tables whose keys still reference the shadow. */
    private List<String> pointedAt(Names n) {
        try {
            return List.copyOf(ForeignKeys.byTable(keys.referencing(n.shadow())).keySet());
        } catch (SQLException e) {
            return List.of();
        }
    }

    /** After a failure past the swap: the keys of the table and its children still under temporary names, as table.key. */
    private List<String> stillTemporary(Names n) {
        try {
            List<ForeignKeys.Key> found = new ArrayList<>(keys.of(n.table()));
            found.addAll(keys.referencing(n.table()));
            return found.stream()
                    .filter(ForeignKeys.Key::temporary)
                    .map(k -> k.table() + "." + k.name())
                    .toList();
        } catch (SQLException e) {
            return List.of();
        }
    }

    /**
     * At the start of a run: the triggers and shadow tables of unfinished copies are removed, unless
     * the copy belongs to a step this run resumes and can still be resumed. A trigger is Retort's
     * when it has a copy trigger's name and writes to a {@code _..._rtnew} table; a shadow table is
     * removed only when a trigger of Retort's or the bookkeeping names it.
     */
    @Override
    public void clearRemains(Set<String> resumable) throws SQLException {
        List<String[]> triggers = new ArrayList<>();
        try (PreparedStatement ps = sql.prepare(
                        "SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE FROM information_schema.TRIGGERS "
                                + "WHERE TRIGGER_SCHEMA = DATABASE() AND TRIGGER_NAME LIKE '\\_%\\_rt___' AND ACTION_STATEMENT LIKE '%\\_rtnew`%'");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                triggers.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        List<CopyRecord.Entry> entries = record.all();
        // copies made by pt-online-schema-change are its engine's to clear (PtOnlineSchemaChange)
        entries.removeIf(e -> PtOnlineSchemaChange.PHASE.equals(e.phase()));
        if (triggers.isEmpty() && entries.isEmpty()) {
            return;
        }
        session.prepare();
        // tables whose copy this run resumes (triggers, shadow and record stay), and whose record stays for the step to
        // read
        Set<String> keep = new HashSet<>();
        Set<String> keepRecord = new HashSet<>();
        // why a shadow of a step this run resumes cannot be resumed, by shadow name: said as it is dropped
        java.util.Map<String, String> why = new java.util.HashMap<>();
        for (CopyRecord.Entry e : entries) {
            Names n = Names.of(e.table());
            if (!sql.tableExists(n.shadow()) && sql.tableExists(n.old())) {
                // swapped in already: the record stays for the step, whose rerun only drops the old table and records
                // the step (forgotten, the rerun would take the old table for another step's and make the change again)
                keepRecord.add(e.table().toLowerCase(Locale.ROOT));
                if (!resumable.contains(e.marker())) {
                    // a run that does not resume the step: the keys get their names back all the same
                    finishKeys(n);
                }
                continue;
            }
            if (!resumable.contains(e.marker())) {
                continue;
            }
            String cannot = sql.tableExists(n.shadow()) ? resumable(n, e) : null;
            if (sql.tableExists(n.shadow()) && cannot == null) {
                keep.add(e.table().toLowerCase(Locale.ROOT));
                context.info("Left for " + e.marker() + " to resume: the unfinished shadow copy " + n.shadow() + " of "
                        + e.table());
            } else if (cannot != null) {
                why.put(n.shadow().toLowerCase(Locale.ROOT), cannot);
            }
        }
        Settings settings = new Settings();
        try {
            settings.forTableLocks();
            java.util.Map<String, String> shadows = new java.util.LinkedHashMap<>();
            List<String[]> dropped = new ArrayList<>();
            for (String[] t : triggers) {
                if (keep.contains(t[1].toLowerCase(Locale.ROOT))) {
                    continue;
                }
                String body = sql.text(
                        "SELECT ACTION_STATEMENT FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() "
                                + "AND TRIGGER_NAME = ?",
                        t[0]);
                java.util.regex.Matcher m =
                        java.util.regex.Pattern.compile("`(_[^`]*_rtnew)`").matcher(body);
                String target = m.find() ? m.group(1) : null;
                if (target != null) {
                    shadows.put(target, t[1]);
                }
                dropped.add(new String[] {t[0], t[1], target});
            }
            List<String> forgotten = new ArrayList<>();
            for (CopyRecord.Entry e : entries) {
                String t = e.table().toLowerCase(Locale.ROOT);
                if (!keep.contains(t) && !keepRecord.contains(t)) {
                    shadows.putIfAbsent(Names.of(e.table()).shadow(), e.table());
                    forgotten.add(e.table());
                }
            }
            // children's keys pointed at a shadow go back to its table while the triggers still keep the shadow
            // current: without them a parent deleted meanwhile would keep its children, a new one be refused
            for (java.util.Map.Entry<String, String> shadow : shadows.entrySet()) {
                if (sql.tableExists(shadow.getKey())) {
                    unpoint(shadow.getKey(), shadow.getValue());
                }
            }
            for (String[] t : dropped) {
                context.warn("Removing the trigger " + t[0] + " on " + t[1]
                        + ", left by a shadow copy that was killed: it copies " + "every write to "
                        + (t[2] != null ? t[2] : "a shadow table")
                        + ", and makes it fail once that or a column it names is gone");
                context.runLocked(new DropTable(t[1], false), Ddl.of("DROP TRIGGER IF EXISTS " + dialect.quote(t[0])));
            }
            for (java.util.Map.Entry<String, String> shadow : shadows.entrySet()) {
                if (sql.tableExists(shadow.getKey())) {
                    String cannot = why.get(shadow.getKey().toLowerCase(Locale.ROOT));
                    context.warn("Dropping " + shadow.getKey() + ", the unfinished shadow copy of a killed run ("
                            + shadow.getValue() + " itself was not changed)"
                            + (cannot == null ? "" : ", and starting over: it cannot be resumed, " + cannot));
                    sql.exec("DROP TABLE IF EXISTS " + dialect.quote(shadow.getKey()));
                }
            }
            for (String table : forgotten) {
                record.forget(table);
            }
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

        /** For the copy: table locks as above, ids 0 kept, row-lock waits of a second, every foreign key checked. */
        void forCopy() throws SQLException {
            forTableLocks();
            // the triggers keep the sql_mode they are created under: an id 0 is copied as 0, not given a new value
            String mode = sql.text("SELECT @@SESSION.sql_mode");
            if (!mode.contains("NO_AUTO_VALUE_ON_ZERO")) {
                set("sql_mode", "'" + (mode.isEmpty() ? "" : mode + ",") + "NO_AUTO_VALUE_ON_ZERO'");
            }
            // a chunk waiting for a row lock holds its earlier rows: it gives up after a second and is retried
            set("innodb_lock_wait_timeout", "1");
            // a foreign key added on the shadow checks every copied row, whatever the step set for its in-place form
            set("foreign_key_checks", "1");
        }

        void set(String variable, String value) throws SQLException {
            String before = sql.text("SELECT @@SESSION." + variable);
            sql.exec("SET SESSION " + variable + " = " + value);
            saved.push(
                    new String[] {variable, before.matches("-?\\d+") ? before : "'" + before.replace("'", "''") + "'"});
        }

        void restore() {
            try {
                if (sql.connection.isClosed()) {
                    return; // the settings ended with the session
                }
            } catch (SQLException e) {
                return;
            }
            while (!saved.isEmpty()) {
                String[] s = saved.pop();
                try {
                    sql.exec("SET SESSION " + s[0] + " = " + s[1]);
                } catch (SQLException e) {
                    context.warn("  could not restore " + s[0] + ": " + e.getMessage());
                }
            }
        }
    }

    /** The other tables' keys on the table, leaving out the shadow's key on the table (its key on itself, during the copy). */
    private List<ForeignKeys.Key> children(Names n) throws SQLException {
        return keys.referencing(n.table()).stream()
                .filter(k -> !k.table().equalsIgnoreCase(n.shadow()))
                .toList();
    }

    /** The shadow's keys on the table itself: referencing the table (during the copy) or the shadow (before the swap). */
    private List<ForeignKeys.Key> selfKeys(Names n) throws SQLException {
        String schema = keys.schema();
        return keys.of(n.shadow()).stream()
                .filter(k -> k.references(n.table(), schema) || k.references(n.shadow(), schema))
                .toList();
    }

    /**
     * Whether the copy's triggers must never delete a row they only change: other tables reference
     * the table (or, pointed, the shadow), or it has a key on itself. Either way a REPLACE on the
     * shadow would run a key's ON DELETE rule for a row merely updated.
     */
    private boolean referenced(Names n) throws SQLException {
        return !children(n).isEmpty()
                || !keys.referencing(n.shadow()).isEmpty()
                || !selfKeys(n).isEmpty();
    }

    /**
     * Points the shadow's keys on the table itself at the shadow, under temporary names, just before
     * the swap (the rename would otherwise carry them over to the old table). During the copy they
     * referenced the table: a copied row, or one a trigger writes, is checked against the complete
     * table rather than a shadow whose parent rows may not be copied yet, and a delete or key change
     * on the table runs the key's rules on the shadow's rows too (a cascade fires no trigger, and
     * the trigger's own delete would not find a parent row not copied yet). Once the copy is
     * complete, verified, and kept equal to the table by the triggers, every shadow row's parent is
     * in the shadow: the key is changed in the dictionary alone ({@code foreign_key_checks=0}), then
     * the shadow is searched for orphans, which would fail the step before the swap. From then on a
     * parent deleted by a trigger runs the key's rules within the shadow, as on the table.
     */
    private void pointSelfKeys(Names n) throws SQLException {
        String schema = keys.schema();
        List<ForeignKeys.Key> onTable = keys.of(n.shadow()).stream()
                .filter(k -> k.references(n.table(), schema))
                .toList();
        if (!onTable.isEmpty()) {
            long started = System.nanoTime();
            withoutKeyChecks(
                    n.shadow(),
                    keys.redefine(n.shadow(), onTable, k -> ForeignKeys.temporary(k.original()), n.shadow(), schema));
            context.info("  pointed " + onTable.size() + " foreign key" + (onTable.size() == 1 ? "" : "s") + " of "
                    + n.table() + " on itself at " + n.shadow() + " in " + millis(System.nanoTime() - started));
        }
        for (ForeignKeys.Key k : selfKeys(n)) {
            String shadow = dialect.quote(n.shadow());
            StringBuilder join = new StringBuilder();
            StringBuilder present = new StringBuilder();
            for (int i = 0; i < k.columns().size(); i++) {
                join.append(i == 0 ? "" : " AND ")
                        .append("p.")
                        .append(dialect.quote(k.referencedColumns().get(i)))
                        .append(" = c.")
                        .append(dialect.quote(k.columns().get(i)));
                present.append(" AND c.")
                        .append(dialect.quote(k.columns().get(i)))
                        .append(" IS NOT NULL");
            }
            String orphan = sql.text(
                    "SELECT MIN(CAST(c." + dialect.quote(primaryKey(n.shadow()).get(0))
                            + " AS CHAR)) FROM " + shadow + " c LEFT JOIN " + shadow + " p ON " + join + " WHERE p."
                            + dialect.quote(k.referencedColumns().get(0)) + " IS NULL" + present);
            if (!orphan.isEmpty()) {
                throw new SQLException(
                        "the copy of " + n.table() + " has a row (key " + orphan + ") whose parent under the "
                                + "foreign key " + k.original() + " on the table itself is not in the copy; "
                                + "the copy is not swapped in",
                        "HY000");
            }
        }
    }

    /**
     * Points the children's foreign keys at the shadow, under temporary names (a key cannot be
     * dropped and added under one name in one statement, and is never left out for a moment). From
     * then on the shadow, kept equal to the table by the triggers in the writer's own transaction,
     * enforces them: a child row must have its parent there, and a deleted parent row runs the
     * keys' ON DELETE rules when its trigger deletes it from the shadow. The swap then carries the
     * keys over to the new table, so there is no moment after it when they reference the old one.
     */
    private void repoint(List<ForeignKeys.Key> children, String shadow) throws SQLException {
        long started = System.nanoTime();
        String schema = keys.schema();
        for (java.util.Map.Entry<String, List<ForeignKeys.Key>> e :
                ForeignKeys.byTable(children).entrySet()) {
            withoutKeyChecks(
                    e.getKey(),
                    keys.redefine(e.getKey(), e.getValue(), k -> ForeignKeys.temporary(k.name()), shadow, schema));
        }
        context.info("  pointed " + children.size() + " foreign key" + (children.size() == 1 ? "" : "s") + " of "
                + String.join(", ", ForeignKeys.byTable(children).keySet()) + " at " + shadow
                + " under temporary names, in " + millis(System.nanoTime() - started));
    }

    /**
     * Before a shadow is dropped unfinished: the children's keys that were pointed at it reference
     * the table again, under their own names. Call it before the triggers are dropped: until the
     * keys are back, the shadow enforces them, and only the triggers keep it equal to the table (a
     * parent deleted meanwhile would keep its children, orphans once the keys are back).
     */
    private void unpoint(String shadow, String table) throws SQLException {
        List<ForeignKeys.Key> pointed = keys.referencing(shadow);
        if (pointed.isEmpty()) {
            return;
        }
        String schema = keys.schema();
        for (java.util.Map.Entry<String, List<ForeignKeys.Key>> e :
                ForeignKeys.byTable(pointed).entrySet()) {
            withoutKeyChecks(
                    e.getKey(), keys.redefine(e.getKey(), e.getValue(), ForeignKeys.Key::original, table, schema));
        }
        context.info("  pointed the foreign keys of "
                + String.join(", ", ForeignKeys.byTable(pointed).keySet()) + " back at " + table);
    }

    /**
     * After the swap: the old table's keys are dropped (freeing their names, the old table is
     * dropped next), and the keys under temporary names, the new table's and its children's, get
     * their names back. Until then they were enforced all along under the temporary names.
     */
    private void finishKeys(Names n) throws SQLException {
        if (sql.tableExists(n.old())) {
            List<ForeignKeys.Key> old = keys.of(n.old());
            if (!old.isEmpty()) {
                withoutKeyChecks(n.old(), keys.drop(n.old(), old));
            }
        }
        List<ForeignKeys.Key> temporary = new ArrayList<>();
        for (ForeignKeys.Key k : keys.of(n.table())) {
            if (k.temporary()) {
                temporary.add(k);
            }
        }
        for (ForeignKeys.Key k : keys.referencing(n.table())) {
            if (k.temporary()) {
                temporary.add(k);
            }
        }
        if (temporary.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        String schema = keys.schema();
        for (java.util.Map.Entry<String, List<ForeignKeys.Key>> e :
                ForeignKeys.byTable(temporary).entrySet()) {
            withoutKeyChecks(
                    e.getKey(), keys.redefine(e.getKey(), e.getValue(), ForeignKeys.Key::original, null, schema));
        }
        context.info("  gave " + temporary.size() + " foreign key" + (temporary.size() == 1 ? "" : "s") + " of "
                + String.join(", ", ForeignKeys.byTable(temporary).keySet()) + " their names back in "
                + millis(System.nanoTime() - started));
    }

    /**
     * Sends a change of foreign keys with {@code foreign_key_checks=0}, which InnoDB makes in the
     * dictionary alone (checks on, it would copy the table); the rows already satisfy the keys.
     * Like any DDL it takes the table's lock without queueing writers.
     */
    private void withoutKeyChecks(String table, Ddl statement) throws SQLException {
        Settings settings = new Settings();
        try {
            settings.set("foreign_key_checks", "0");
            context.runLocked(new DropTable(table, false), statement);
        } finally {
            settings.restore();
        }
    }

    /**
     * CREATE TABLE LIKE starts the shadow's AUTO_INCREMENT counter afresh, and the copied rows move
     * it only to their largest key: ids of rows deleted from the end of the table would be handed
     * out again. The shadow starts where the table's counter stands.
     */
    private void keepAutoIncrement(String table, String shadow) throws SQLException {
        long next = sql.count(
                "SELECT COALESCE(AUTO_INCREMENT, 0) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                        + "AND TABLE_NAME = ?",
                table);
        if (next > 1) {
            sql.exec("ALTER TABLE " + dialect.quote(shadow) + " AUTO_INCREMENT = " + next);
        }
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%,d ms", nanos / 1_000_000);
    }

    /** Removes the triggers and the shadow table after a failure before the swap; false when that failed too. */
    private boolean undo(Operation op, Names n, boolean fed) {
        try {
            if (!sql.connection.isValid(2)) {
                context.warn("  the connection is gone: the shadow copy " + n.shadow()
                        + (fed ? " stays" : " and its triggers stay") + " until the next run removes "
                        + (fed ? "or resumes it" : "them"));
                return false;
            }
            // children's keys pointed at the shadow go back while the triggers still keep it current
            unpoint(n.shadow(), n.table());
            for (String trigger : n.triggers()) {
                context.runLocked(op, Ddl.of("DROP TRIGGER IF EXISTS " + dialect.quote(trigger)));
            }
            sql.exec("DROP TABLE IF EXISTS " + dialect.quote(n.shadow()));
            record.forget(n.table());
            return true;
        } catch (SQLException | RuntimeException cleanup) {
            context.warn("  could not remove the shadow copy " + n.shadow() + (fed ? ": " : " and its triggers: ")
                    + cleanup.getMessage() + "; the next run removes them");
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
        try (PreparedStatement ps = this.sql.connection.prepareStatement(sql)) {
            ps.setString(1, shadow);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    if (source.stream().anyMatch(name::equalsIgnoreCase)) {
                        shared.add(name);
                    } else if ("NO".equals(rs.getString(2))
                            && rs.getString(3) == null
                            && !String.valueOf(rs.getString(4))
                                    .toLowerCase(Locale.ROOT)
                                    .contains("auto_increment")) {
                        throw new SQLException(
                                "the new column " + table + "." + name + " is NOT NULL without a default: the "
                                        + "copied rows would have no value for it",
                                "HY000");
                    }
                }
            }
        }
        return shared;
    }

    private List<String> columnNames(String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps =
                sql.connection.prepareStatement("SELECT COLUMN_NAME FROM information_schema.COLUMNS "
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

    /**
     * The triggers that repeat every write on the shadow. A table other tables reference gets
     * triggers that never delete a row they only change: once its children's keys point at the
     * shadow, a REPLACE (a delete and an insert) would run their ON DELETE rules, CASCADE deleting
     * the children of a row that was merely updated. A changed key is then changed on the shadow
     * too, so that their ON UPDATE rules apply.
     */
    private void createTriggers(Operation op, Names n, String key, List<String> columns, boolean referenced)
            throws SQLException {
        String shadow = dialect.quote(n.shadow());
        String list = columns.stream().map(dialect::quote).collect(Collectors.joining(", "));
        String values = columns.stream().map(c -> "NEW." + dialect.quote(c)).collect(Collectors.joining(", "));
        String k = dialect.quote(key);
        String replace = referenced
                ? "INSERT INTO " + shadow + " (" + list + ") VALUES (" + values + ") ON DUPLICATE KEY UPDATE "
                        + columns.stream()
                                .map(c -> dialect.quote(c) + " = VALUES(" + dialect.quote(c) + ")")
                                .collect(Collectors.joining(", "))
                : "REPLACE INTO " + shadow + " (" + list + ") VALUES (" + values + ")";
        String keyChanged = referenced
                ? "UPDATE " + shadow + " SET " + k + " = NEW." + k + " WHERE " + k + " = OLD." + k
                : "DELETE FROM " + shadow + " WHERE " + k + " = OLD." + k;
        String on = " ON " + dialect.quote(n.table()) + " FOR EACH ROW ";
        context.runLocked(
                op,
                Ddl.of("CREATE TRIGGER " + dialect.quote(n.onDelete()) + " AFTER DELETE" + on + "DELETE FROM " + shadow
                        + " WHERE " + k + " = OLD." + k));
        context.runLocked(
                op,
                Ddl.of("CREATE TRIGGER " + dialect.quote(n.onUpdate()) + " AFTER UPDATE" + on
                        + "BEGIN IF NOT (OLD." + k + " <=> NEW." + k + ") THEN " + keyChanged
                        + "; END IF; " + replace + "; END"));
        context.runLocked(op, Ddl.of("CREATE TRIGGER " + dialect.quote(n.onInsert()) + " AFTER INSERT" + on + replace));
    }

    private List<String> primaryKey(String table) throws SQLException {
        return sql.strings(
                "SELECT COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() "
                        + "AND TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION",
                table);
    }

    private String keyType(String table, String key) throws SQLException {
        return sql.text(
                "SELECT DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? "
                        + "AND COLUMN_NAME = ?",
                table,
                key);
    }
}

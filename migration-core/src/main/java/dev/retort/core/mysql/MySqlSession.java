package dev.retort.core.mysql;

import dev.retort.core.dialect.Ddl;
import dev.retort.core.dialect.Session;
import dev.retort.core.ops.AddForeignKey;
import dev.retort.core.ops.DropForeignKey;
import dev.retort.core.ops.Operation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A MySQL session running Retort's DDL. MySQL has no {@code NOWAIT} for DDL: each attempt is
 * bounded by {@code lock_wait_timeout} (1 s, its minimum, by default), and a statement is not sent
 * while a session idle in its transaction, reading, or running long holds the table. A refused online
 * algorithm falls back: {@code INSTANT} to an in-place rebuild, a copy to a copy of a small table
 * or a shadow copy ({@link ShadowCopy}). The session's {@code sql_mode} is made strict and reads
 * backslash escapes, as the dialect writes literals.
 */
class MySqlSession implements Session {

    /** ER_LOCK_WAIT_TIMEOUT and ER_LOCK_DEADLOCK. */
    private static final int LOCK_WAIT_TIMEOUT = 1205;

    private static final int DEADLOCK = 1213;
    /** MySQL 8.0 ER_LOCK_NOWAIT: a locking read with NOWAIT found a row locked. */
    private static final int LOCK_NOWAIT = 3572;
    /** ER_ALTER_OPERATION_NOT_SUPPORTED and ..._REASON: the stated algorithm or lock cannot be had. */
    private static final int NOT_SUPPORTED = 1845;

    private static final int NOT_SUPPORTED_REASON = 1846;
    /** MySQL 8.0.16+: a CHECK constraint names the column being renamed or dropped (ER_DEPENDENT_BY_CHECK_CONSTRAINT). */
    private static final int ER_DEPENDENT_BY_CHECK_CONSTRAINT = 3959;

    private static final String CHECK_USES_COLUMN =
            "  To fix: MySQL refuses to rename or drop a column that a CHECK constraint "
                    + "uses. In the migration, drop the check first (op.dropCheck) and, for a rename, add it again on the new name "
                    + "afterwards (op.addCheck; on a table in use the server copies the table for it, RT210).\n";
    /** MySQL's error when a table has no instant column change left (ER_INNODB_MAX_ROW_VERSION). */
    private static final int ER_INNODB_MAX_ROW_VERSION = 4092;

    protected final Connection connection;
    protected final MySqlDialect dialect;
    protected final Context context;
    protected final Blockers blockers;
    private final ShadowCopy shadow;
    /** pt-online-schema-change in the shadow copy's place ({@code migrate.onlineCopy.engine=pt-osc}); made on first use. */
    private PtOnlineSchemaChange ptOsc;

    private boolean prepared;
    /** The session's innodb_lock_wait_timeout before a backfill bounded it; null when not bounded. */
    private String savedRowLockWait;

    MySqlSession(Connection connection, MySqlDialect dialect, Context context) {
        this.connection = connection;
        this.dialect = dialect;
        this.context = context;
        this.blockers = new Blockers(connection);
        this.shadow = new ShadowCopy(connection, dialect, this, context);
    }

    @Override
    public void prepare() throws SQLException {
        if (prepared) {
            return;
        }
        boundLockWait();
        String mode = queryString("SELECT @@SESSION.sql_mode");
        List<String> modes = new ArrayList<>(mode.isEmpty() ? List.of() : List.of(mode.split(",")));
        // the dialect writes string literals with backslashes escaped, as the default sql_mode reads them
        boolean changed = modes.remove("NO_BACKSLASH_ESCAPES");
        if (!modes.contains("STRICT_TRANS_TABLES") && !modes.contains("STRICT_ALL_TABLES")) {
            context.warn(
                    "The server's sql_mode for this session is not strict (" + (mode.isEmpty() ? "empty" : mode) + "): "
                            + "a NOT NULL change would store '' or 0 in place of NULLs. Retort turns on STRICT_TRANS_TABLES "
                            + "for its own session, so such a change fails instead.");
            modes.add("STRICT_TRANS_TABLES");
            changed = true;
        }
        if (changed) {
            exec("SET SESSION sql_mode = '" + String.join(",", modes) + "'");
        }
        prepared = true;
    }

    /** MySQL bounds every DDL statement's wait by the session's lock_wait_timeout, in whole seconds. */
    protected void boundLockWait() throws SQLException {
        long seconds = Math.max(1, (long) Math.ceil(lockWait(context).toMillis() / 1000.0));
        exec("SET SESSION lock_wait_timeout = " + seconds);
    }

    @Override
    public boolean isLockBusy(SQLException e) {
        return e.getErrorCode() == LOCK_WAIT_TIMEOUT || e.getErrorCode() == DEADLOCK || e.getErrorCode() == LOCK_NOWAIT;
    }

    /**
     * The clause that share-locks the rows a read finds or fails at once when one is locked (MySQL
     * 8.0: ER_LOCK_NOWAIT; MariaDB: a lock wait timeout), rather than waiting with the locks it
     * already has ({@link ChunkCopy}).
     */
    String shareLockNoWait() {
        return "FOR SHARE NOWAIT";
    }

    @Override
    public Duration defaultLockWait() {
        return Duration.ofSeconds(1);
    }

    /**
     * Default lock wait: not sent while a session idle in its transaction, reading (its transaction
     * keeps the lock once the statement ends) or running long holds the table: the statement would
     * wait lock_wait_timeout with every write queued behind it ({@link Blockers#lingeringHolder}).
     */
    @Override
    public SQLException notSendable(List<String> tables, Ddl statement) {
        if (context.lockWait() != null || !lingers(tables, statement)) {
            return null;
        }
        return new SQLException(
                "not sent: a session idle in its transaction, reading, or running long holds a lock on "
                        + String.join(", ", tables),
                "HY000",
                LOCK_WAIT_TIMEOUT);
    }

    protected boolean lingers(List<String> tables, Ddl statement) {
        return blockers.lingeringHolder(tables);
    }

    @Override
    public String describeBlockers(List<String> tables) {
        return blockers.describe(tables);
    }

    /** InnoDB waits innodb_lock_wait_timeout (50 s by default) for a row lock; a batch waits 1 s, or migrate.lockWait. */
    @Override
    public void boundRowLockWait() throws SQLException {
        if (savedRowLockWait == null) {
            savedRowLockWait = queryString("SELECT @@SESSION.innodb_lock_wait_timeout");
            long seconds = context.lockWait() == null
                    ? 1
                    : Math.max(1, (context.lockWait().toMillis() + 999) / 1000);
            exec("SET SESSION innodb_lock_wait_timeout = " + seconds);
        }
    }

    @Override
    public void restoreRowLockWait() throws SQLException {
        if (savedRowLockWait != null && !savedRowLockWait.isEmpty()) {
            exec("SET SESSION innodb_lock_wait_timeout = " + Long.parseLong(savedRowLockWait));
        }
        savedRowLockWait = null;
    }

    @Override
    public String describeRowLockHolders(String table) {
        return blockers.rowLockHolders();
    }

    @Override
    public boolean refusedOnline(SQLException e) {
        return e.getErrorCode() == NOT_SUPPORTED || e.getErrorCode() == NOT_SUPPORTED_REASON || instantUsedUp(e);
    }

    /**
     * MySQL 8.0.29+: the table has had its 64 instant column changes ("Maximum row versions reached
     * ... Please use COPY/INPLACE"); an in-place rebuild makes the change and starts the count anew.
     */
    protected boolean instantUsedUp(SQLException e) {
        return e.getErrorCode() == ER_INNODB_MAX_ROW_VERSION;
    }

    /**
     * The statement with INSTANT replaced by an in-place rebuild that allows writes, when the server
     * suggests one ({@code Try ALGORITHM=INPLACE}, {@code NOCOPY}, or MySQL's {@code COPY/INPLACE},
     * e.g. for dropping an indexed column) or the table's instant changes are used up.
     */
    @Override
    public Ddl cheaperInstead(Ddl statement, SQLException e) {
        String message = String.valueOf(e.getMessage());
        if (!statement.states("INSTANT")
                || !(message.contains("Try ALGORITHM=INPLACE")
                        || message.contains("Try ALGORITHM=NOCOPY")
                        || message.contains("Try ALGORITHM=COPY/INPLACE")
                        || instantUsedUp(e))) {
            return null;
        }
        return statement.withOnline("INPLACE", "NONE");
    }

    /** The same statement as a table copy that lets reads through: {@code ALGORITHM=COPY}, {@code LOCK=SHARED} where a lock was stated. */
    @Override
    public Ddl copying(Ddl statement) {
        return statement.withOnline(
                statement.algorithm() == null ? null : "COPY", statement.lock() == null ? null : "SHARED");
    }

    @Override
    public boolean buildsInPlace(Ddl statement) {
        return statement.states("INPLACE") || statement.states("NOCOPY");
    }

    @Override
    public Session.OnlineCopier onlineCopier() {
        if (!PtOnlineSchemaChange.ENGINE.equals(context.copyEngine())) {
            return shadow;
        }
        if (ptOsc == null) {
            ptOsc = new PtOnlineSchemaChange(connection, dialect, shadow, context);
        }
        return ptOsc;
    }

    @Override
    public String advice(SQLException e) {
        return e.getErrorCode() == ER_DEPENDENT_BY_CHECK_CONSTRAINT ? CHECK_USES_COLUMN : null;
    }

    /** The dialect adds a foreign key with foreign_key_checks=0, so InnoDB adds it in place; orphans are counted around it. */
    @Override
    public boolean addsForeignKeysUnchecked() {
        return true;
    }

    /**
     * A dropped foreign key takes along the index the server made for it: MySQL and MariaDB add an
     * index named after the key when none covers its columns, and leave it behind when the key goes.
     * An index of the model never has a key's name (replay keeps constraint names unique), so an
     * index of that name is the server's; one that still serves another key of the table stays.
     */
    @Override
    public List<Ddl> beforeStep(Operation op, List<Ddl> statements) throws SQLException {
        if (!(op instanceof DropForeignKey d)
                || statements.size() != 1
                || statements.get(0).form() != Ddl.Form.ALTER_TABLE
                || !hasIndex(d.table(), d.name())
                || servesAnotherKey(d.table(), d.name())) {
            return statements;
        }
        Ddl drop = statements.get(0);
        return List.of(new Ddl(
                drop.form(),
                drop.head(),
                drop.table(),
                drop.body() + ", DROP INDEX " + dialect.quote(d.name()),
                drop.algorithm(),
                drop.lock(),
                drop.lockWait(),
                drop.alone()));
    }

    /** True when another foreign key of the table starts with the index's first column (the server would refuse the drop). */
    private boolean servesAnotherKey(String table, String index) throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement("SELECT COUNT(*) FROM information_schema.KEY_COLUMN_USAGE k "
                        + "JOIN information_schema.STATISTICS s ON s.TABLE_SCHEMA = k.TABLE_SCHEMA AND s.TABLE_NAME = k.TABLE_NAME "
                        + "AND s.INDEX_NAME = ? AND s.SEQ_IN_INDEX = 1 AND s.COLUMN_NAME = k.COLUMN_NAME "
                        + "WHERE k.TABLE_SCHEMA = DATABASE() AND k.TABLE_NAME = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL "
                        + "AND k.ORDINAL_POSITION = 1 AND k.CONSTRAINT_NAME <> ?")) {
            ps.setString(1, index);
            ps.setString(2, table);
            ps.setString(3, index);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        }
    }

    @Override
    public boolean hasIndex(String table, String index) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT COUNT(*) FROM information_schema.STATISTICS "
                + "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND INDEX_NAME = ?")) {
            ps.setString(1, table);
            ps.setString(2, index);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        }
    }

    @Override
    public void afterFailedStep(Operation op, List<Ddl> statements) {
        if (op instanceof AddForeignKey) {
            try {
                exec("SET SESSION foreign_key_checks = 1");
            } catch (SQLException cleanup) {
                context.warn("  could not clean up after the failed step: " + cleanup.getMessage());
            }
        }
    }

    /** The wait, in whole seconds, for CREATE and DROP TRIGGER during a shadow copy; null when lock_wait_timeout already bounds them. */
    Long triggerLockWaitSeconds() {
        return null;
    }

    /** MySQL 8 reports a cached AUTO_INCREMENT in information_schema unless told not to. */
    boolean cachesTableStatistics() {
        return true;
    }

    /**
     * MySQL 8.0 builds the index a foreign key made anew, reading the whole table, when the key is
     * renamed, unless the index is renamed in the same statement (measured: 1.1 s against 7 ms at
     * 131k rows); MariaDB renames it with the key by itself, and has RENAME INDEX only from 10.5.2.
     */
    boolean renamesKeyIndexExplicitly() {
        return true;
    }

    /** MySQL keeps CHECK constraint names per schema: a shadow copy could not keep them. */
    boolean checkNamesPerSchema() {
        return dialect.keepsChecks();
    }

    private String queryString(String sql) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() && rs.getString(1) != null ? rs.getString(1) : "";
        }
    }

    protected void exec(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }
}

package dev.retort.core.runner;

import dev.retort.core.dialect.Dialect;
import dev.retort.core.dialect.Guard;
import dev.retort.core.ops.AddForeignKey;
import dev.retort.core.ops.AddCheck;
import dev.retort.core.ops.BackfillColumn;
import dev.retort.core.ops.DropCheck;
import dev.retort.core.ops.DropForeignKey;
import dev.retort.core.ops.DropIndex;
import dev.retort.core.ops.CreateIndex;
import dev.retort.core.ops.CreateTable;
import dev.retort.core.ops.Operation;
import dev.retort.core.safety.ExpandContract;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the SQL of one migration step the way a database in use needs it.
 *
 * <ul>
 *   <li>No statement queues behind a long transaction: each attempt waits for locks only briefly
 *       ({@code NOWAIT}/{@code WAIT n} on MariaDB, {@code lock_wait_timeout} on MySQL,
 *       {@code lock_timeout} on PostgreSQL) and is retried with exponential backoff and jitter
 *       until the {@link DdlPolicy#retryBudget()} is spent. The log names the session that holds
 *       the table when the database can tell. MariaDB by default starts with {@code NOWAIT} and
 *       keeps it while a long or idle transaction is open; when only the short transactions of
 *       write traffic hold the lock, the next attempt waits up to a second ({@code WAIT 1}), which
 *       costs writers milliseconds, where {@code NOWAIT} would almost never find the table free
 *       under steady writes (an in-place rebuild needs the lock at its start and end).</li>
 *   <li>Checks on existing rows ({@link Guard}s) run first, so a foreign key added with
 *       {@code foreign_key_checks=0} cannot hide orphans and a NOT NULL change cannot meet NULLs.
 *       The orphan check runs again once the key is in place: an orphan written (or a parent
 *       deleted) while the step waited for the lock gets the key dropped again and the step failed.</li>
 *   <li>When MySQL/MariaDB refuse the stated online algorithm: {@code INSTANT} falls back to an
 *       in-place rebuild that lets writes through; a change that needs a table copy is made by
 *       copying only small tables, and is otherwise refused with the expand/contract plan.</li>
 *   <li>Backfills run in batches through {@link Backfiller}.</li>
 *   <li>With {@code migrate.onlineCopy}, a change to a large MySQL/MariaDB table that the server
 *       could only copy (or, with {@code rebuilds}, would rebuild or index in place) is made on a
 *       shadow table instead ({@link ShadowCopy}).</li>
 * </ul>
 * Steps on a table created earlier in the same revision skip all of this: nobody uses it yet.
 */
public final class DdlExecutor {

    private static final Pattern ALGORITHM = Pattern.compile("ALGORITHM=\\w+");
    private static final Pattern LOCK = Pattern.compile("LOCK=\\w+");
    /** A statement the server runs by building something in place: work a failed lock attempt throws away. */
    private static final Pattern IN_PLACE = Pattern.compile("ALGORITHM=(INPLACE|NOCOPY)");
    private static final Pattern INSTANT = Pattern.compile("ALGORITHM=INSTANT(, LOCK=\\w+)?");
    private static final Duration LOG_EVERY = Duration.ofSeconds(5);
    /** MySQL 8.0.16+: a CHECK constraint names the column being renamed or dropped (ER_DEPENDENT_BY_CHECK_CONSTRAINT). */
    private static final int ER_DEPENDENT_BY_CHECK_CONSTRAINT = 3959;
    private static final String CHECK_USES_COLUMN = "  To fix: MySQL refuses to rename or drop a column that a CHECK constraint "
            + "uses. In the migration, drop the check first (op.dropCheck) and, for a rename, add it again on the new name "
            + "afterwards (op.addCheck; on a table in use the server copies the table for it, RT210).\n";
    /** MySQL's error when a table has no instant column change left (ER_INNODB_MAX_ROW_VERSION). */
    private static final int ER_INNODB_MAX_ROW_VERSION = 4092;

    private final Connection connection;
    private final Dialect dialect;
    private final DdlPolicy policy;
    private final RunLog log;
    private final Backfiller backfiller;
    private final Blockers blockers;
    private final ShadowCopy shadow;
    private boolean sessionPrepared;
    /** The last statement this executor sent, to name it when something fails outside a retried statement. */
    private String lastSql;
    private String pgLockTimeout;
    /** The step being run, as a shadow copy records it: "revision s2 step 1: alterColumn ...". */
    private String stepMarker = "";
    /** True once the current step was made through a shadow copy. */
    private boolean shadowed;

    public DdlExecutor(Connection connection, Dialect dialect, DdlPolicy policy, RunLog log) {
        this.connection = connection;
        this.dialect = dialect;
        this.policy = policy;
        this.log = log;
        this.backfiller = new Backfiller(connection, dialect, log, this::isLockBusy, policy);
        this.blockers = new Blockers(connection, dialect);
        this.shadow = new ShadowCopy(connection, dialect, log, policy, this::run, this::isLockBusy);
    }

    /** A step's statement failed or was refused; {@link #advice()} says why and what to do. */
    public static final class StepFailure extends SQLException {
        private final String sql;
        private final String advice;

        StepFailure(String sql, SQLException cause, String advice) {
            super(cause.getMessage(), cause.getSQLState(), cause.getErrorCode(), cause);
            this.sql = sql;
            this.advice = advice == null ? "" : advice;
        }

        /** The statement (or check query) that failed. */
        public String sql() {
            return sql;
        }

        /** Lines to append to the failure report; empty when the database's error says it all. */
        public String advice() {
            return advice;
        }

        /** The database's error, or the synthesized one of a failed check. */
        public SQLException cause() {
            return (SQLException) getCause();
        }
    }

    /**
     * True when the revision can run in one transaction: the database has transactional DDL and
     * no step must commit on its own (a backfill, a concurrent index build, a validation).
     */
    public boolean atomic(List<Operation> ops) {
        if (!dialect.transactionalDdl()) {
            return false;
        }
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i) instanceof BackfillColumn) {
                return false;
            }
            for (String sql : statements(ops, i)) {
                if (dialect.requiresAutocommit(sql)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The statements step {@code index} runs: the plain form on a table created earlier in the revision. */
    public List<String> statements(List<Operation> ops, int index) {
        Operation op = ops.get(index);
        return createdEarlier(ops, index) ? dialect.toSqlForNewTable(op) : dialect.toSql(op);
    }

    private static boolean createdEarlier(List<Operation> ops, int index) {
        String table = ops.get(index).table();
        for (int k = 0; k < index; k++) {
            if (ops.get(k) instanceof CreateTable c && c.table().equalsIgnoreCase(table)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs step {@code index} of a revision's operations.
     *
     * @param revision the revision id; with the index, it names a backfill's saved progress
     * @throws StepFailure when a statement fails, a check finds rows, or the lock budget runs out
     */
    public void execute(String revision, List<Operation> ops, int index) throws SQLException {
        lastSql = null;
        try {
            executeStep(revision, ops, index);
        } catch (StepFailure f) {
            throw f;
        } catch (SQLException e) {
            // a check query, a session setting, a backfill's own query: reported like any failed statement
            throw new StepFailure(lastSql != null ? lastSql : "-- " + ops.get(index).describe(), e, null);
        }
    }

    private void executeStep(String revision, List<Operation> ops, int index) throws SQLException {
        Operation op = ops.get(index);
        prepareSession();
        if ((op instanceof AddCheck || op instanceof DropCheck) && !dialect.keepsChecks()) {
            log.warn("  " + op.describe() + ": recorded, nothing sent: this server accepts CHECK constraints but neither stores nor "
                    + "enforces them (MySQL before 8.0.16). The rule holds only where the application checks it; upgrade the "
                    + "server to have it enforced.");
            return;
        }
        if (op instanceof BackfillColumn b) {
            backfiller.run(revision, index + 1, b);
            return;
        }
        boolean fresh = createdEarlier(ops, index);
        stepMarker = "revision " + revision + " step " + (index + 1) + ": " + op.describe();
        if (!fresh && isMySqlFamily() && ShadowCopy.handles(op) && shadow.finishEarlierRun(op, stepMarker)) {
            return;
        }
        if (!fresh) {
            for (Guard g : dialect.guards(op)) {
                long found = count(g.query());
                if (found > 0) {
                    String problem = found == 1 ? g.problem().replaceFirst("^rows ", "row ") : g.problem();
                    throw new StepFailure(g.query(), new SQLException(found + " " + problem, "23000"),
                            "  To fix: " + g.remedy() + ".\n");
                }
            }
        }
        List<String> sql = fresh ? dialect.toSqlForNewTable(op) : dialect.toSql(op);
        shadowed = false;
        // foreign_key_checks=0 trusts the orphan check above; rows may change while the ALTER waits for its lock
        boolean recheck = !fresh && op instanceof AddForeignKey && isMySqlFamily();
        boolean hadIndex = recheck && hasIndex(op.table(), ((AddForeignKey) op).foreignKey().name());
        try {
            for (String statement : sql) {
                run(op, statement);
            }
            if (recheck && !shadowed) {
                // a shadow copy adds the key with foreign_key_checks=1: the server checked every row
                checkOrphansAgain((AddForeignKey) op, hadIndex);
            }
        } catch (SQLException | RuntimeException e) {
            afterFailure(op, sql);
            throw e;
        }
    }

    /**
     * After the key was added with {@code foreign_key_checks=0}: counts orphans again. Any found were
     * written, or their parents deleted, after the first count; the key does not hold for them, so
     * it is dropped again (with the index the server made for it) and the step fails.
     */
    private void checkOrphansAgain(AddForeignKey op, boolean hadIndex) throws SQLException {
        String name = op.foreignKey().name();
        for (Guard g : dialect.guards(op)) {
            long found = count(g.query());
            if (found == 0) {
                continue;
            }
            String problem = found == 1 ? g.problem().replaceFirst("^rows ", "row ") : g.problem();
            String removed;
            try {
                for (String drop : dialect.toSql(new DropForeignKey(op.table(), name))) {
                    run(new DropForeignKey(op.table(), name), drop);
                }
                if (!hadIndex && hasIndex(op.table(), name)) {
                    DropIndex index = new DropIndex(op.table(), name, false);
                    for (String drop : dialect.toSql(index)) {
                        run(index, drop);
                    }
                }
                removed = "  Retort dropped " + name + " again (foreign_key_checks=0 had let the server add it over them): "
                        + op.table() + " is as before the step.\n";
            } catch (SQLException | RuntimeException e) {
                removed = "  Retort could not drop " + name + " again (" + e.getMessage() + "): the key is in place but does not "
                        + "hold for these rows. Drop it by hand (ALTER TABLE " + dialect.quote(op.table()) + " DROP FOREIGN KEY "
                        + dialect.quote(name) + (hadIndex ? "" : ", DROP INDEX " + dialect.quote(name)) + ") before the rerun.\n";
            }
            throw new StepFailure(g.query(), new SQLException(found + " " + problem + " appeared after the check before the ALTER: "
                    + (found == 1 ? "it was" : "they were") + " written, or a parent deleted, while the step waited for the lock or "
                    + "the key was built", "23000"),
                    removed + "  Find them: " + g.query().replaceFirst("^SELECT COUNT\\(\\*\\) ", "SELECT r.* ") + "\n"
                            + "  To fix: " + g.remedy() + ".\n");
        }
    }

    /** PostgreSQL: an index of this name on this table, in the current schema, that a failed concurrent build left INVALID. */
    private boolean invalidPgIndex(String table, String index) throws SQLException {
        return pgIndexCount(index, "AND t.relname = ? AND NOT i.indisvalid", table) > 0;
    }

    /** PostgreSQL: any index of this name in the current schema. */
    private boolean pgIndexExists(String index) throws SQLException {
        return pgIndexCount(index, "", null) > 0;
    }

    private long pgIndexCount(String index, String condition, String table) throws SQLException {
        String sql = "SELECT COUNT(*) FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid "
                + "WHERE x.relname = ? AND x.relnamespace = current_schema()::regnamespace " + condition;
        lastSql = sql;
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

    private boolean hasIndex(String table, String index) throws SQLException {
        String sql = "SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? "
                + "AND INDEX_NAME = ?";
        lastSql = sql;
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, table);
            ps.setString(2, index);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        }
    }

    private void prepareSession() throws SQLException {
        if (dialect.name().equals("postgresql")) {
            pgLockTimeout = null; // a rolled-back transaction may have undone the last SET
            return;
        }
        if (sessionPrepared || !isMySqlFamily()) {
            return;
        }
        if (dialect.name().equals("mysql")) {
            long seconds = Math.max(1, (long) Math.ceil(policy.lockWaitFor("mysql").toMillis() / 1000.0));
            exec("SET SESSION lock_wait_timeout = " + seconds);
        }
        String mode = queryString("SELECT @@SESSION.sql_mode");
        List<String> modes = new ArrayList<>(mode.isEmpty() ? List.of() : List.of(mode.split(",")));
        // the dialect writes string literals with backslashes escaped, as the default sql_mode reads them
        boolean changed = modes.remove("NO_BACKSLASH_ESCAPES");
        if (!modes.contains("STRICT_TRANS_TABLES") && !modes.contains("STRICT_ALL_TABLES")) {
            log.warn("The server's sql_mode for this session is not strict (" + (mode.isEmpty() ? "empty" : mode) + "): "
                    + "a NOT NULL change would store '' or 0 in place of NULLs. Retort turns on STRICT_TRANS_TABLES "
                    + "for its own session, so such a change fails instead.");
            modes.add("STRICT_TRANS_TABLES");
            changed = true;
        }
        if (changed) {
            exec("SET SESSION sql_mode = '" + String.join(",", modes) + "'");
        }
        sessionPrepared = true;
    }

    private void run(Operation op, String sql) throws SQLException {
        long started = System.nanoTime();
        long deadline = started + policy.retryBudget().toNanos();
        long lastLog = 0;
        Duration backoff = policy.firstBackoff();
        String statement = sql;
        int attempt = 0;
        int busy = 0;
        // an in-place build fails at its very end under NOWAIT whenever a write holds the table at that moment, which
        // at hundreds of writes per second is nearly always: its work is thrown away and done again. Unless a long or
        // idle transaction is open (then waiting would queue writers behind it), such a statement waits up to 1 s at once.
        boolean patient = waitsAtOnce(statement);
        String judged = null;
        while (true) {
            if (!statement.equals(judged)) {
                judged = statement;
                if (viaShadow(op, statement)) {
                    shadowed = true;
                    shadow.run(op, statement, stepMarker);
                    return;
                }
            }
            attempt++;
            if (connection.isClosed()) {
                // the lock checks below would read a failed query as a busy lock and retry for the whole budget
                throw new StepFailure(statement, new SQLException("the connection to the database was closed", "08003"), null);
            }
            String sent = withLockWait(statement, patient);
            SQLException busyLock = lingeringHolder(op, statement);
            if (busyLock == null) {
                setPgLockTimeout(statement);
                Savepoint savepoint = connection.getAutoCommit() ? null : connection.setSavepoint();
                try {
                    try (Statement s = connection.createStatement()) {
                        s.execute(sent);
                    }
                    if (savepoint != null) {
                        connection.releaseSavepoint(savepoint);
                    }
                    if (busy > 0) {
                        log.info("  got the lock on attempt " + attempt + " after " + seconds(System.nanoTime() - started) + ": "
                                + brief(statement));
                    }
                    return;
                } catch (SQLException e) {
                    if (savepoint != null) {
                        connection.rollback(savepoint);
                    }
                    if (!isLockBusy(e)) {
                        if (isMySqlFamily() && (e.getErrorCode() == 1845 || e.getErrorCode() == 1846 || instantUsedUp(e))) {
                            String cheaper = inPlaceInstead(statement, e);
                            if (cheaper != null) {
                                log.info("  " + dialect.name() + " cannot do this instantly (" + e.getMessage() + "); rebuilding in "
                                        + "place, writes continue: " + brief(cheaper));
                                statement = cheaper;
                                patient = patient || waitsAtOnce(statement);
                                continue;
                            }
                            long rows = countUpTo(op.table(), policy.copyRowLimit() + 1);
                            if (rows <= policy.copyRowLimit()) {
                                statement = ALGORITHM.matcher(LOCK.matcher(statement).replaceAll("LOCK=SHARED"))
                                        .replaceAll("ALGORITHM=COPY");
                                log.warn("  " + dialect.name() + " can only copy " + op.table() + " for this (" + e.getMessage()
                                        + "); it has " + rows + " row" + (rows == 1 ? "" : "s") + " (at most migrate.copyRowLimit="
                                        + policy.copyRowLimit() + "), so Retort copies it; writes to it wait for the copy: "
                                        + brief(statement));
                                continue;
                            }
                            String why = shadow.refusal(op);
                            if (policy.onlineCopy() != DdlPolicy.OnlineCopy.OFF && why == null) {
                                log.info("  " + dialect.name() + " can only copy " + op.table() + " for this (" + e.getMessage()
                                        + "); it has more than " + policy.copyRowLimit() + " rows, so Retort copies it online");
                                shadowed = true;
                                shadow.run(op, statement, stepMarker);
                                return;
                            }
                            throw new StepFailure(sent, e, ExpandContract.refusal(op, dialect.name(), policy.copyRowLimit())
                                    + (policy.onlineCopy() != DdlPolicy.OnlineCopy.OFF
                                    ? "  A shadow copy (migrate.onlineCopy=" + policy.onlineCopy().property() + ") cannot do it: " + why + ".\n"
                                    : why == null ? "  Or let Retort copy it online, writes continuing: -Dmigrate.onlineCopy=copies (a "
                                            + "shadow table kept in step by triggers, filled in chunks, swapped in by one RENAME).\n" : ""));
                        }
                        throw new StepFailure(sent, e, checkUsesColumn(e) ? CHECK_USES_COLUMN : null);
                    }
                    busyLock = e;
                }
            }
            busy++;
            boolean holder = true;
            if (dialect.name().equals("mariadb") && policy.lockWait() == null) {
                holder = blockers.longTransactionOpen();
                patient = !holder;
            }
            long now = System.nanoTime();
            long pause = jitter(backoff);
            if (now + pause * 1_000_000 > deadline) {
                throw new StepFailure(sent, busyLock, "  Gave up after " + busy + " attempt" + (busy == 1 ? "" : "s") + " over "
                        + seconds(now - started) + " (retry budget " + seconds(policy.retryBudget().toNanos())
                        + ", migrate.ddlRetryBudget): " + blockers.describe(tables(op)) + ".\n  Nothing of this statement "
                        + "was applied. End or commit that transaction (or wait for it), then rerun mvn migrate:upgrade.\n");
            }
            if (lastLog == 0 || now - lastLog >= LOG_EVERY.toNanos()) {
                log.info("  " + brief(statement) + ": lock busy (attempt " + attempt + ", " + seconds(now - started) + " so far); "
                        + (holder ? blockers.describe(tables(op)) + "; retrying without queueing writers"
                        : "only short write transactions hold it; the next attempt waits up to 1 s for them"));
                lastLog = now;
            }
            sleep(pause);
            backoff = backoff.multipliedBy(2).compareTo(policy.maxBackoff()) > 0 ? policy.maxBackoff() : backoff.multipliedBy(2);
        }
    }

    /**
     * With {@code migrate.onlineCopy=rebuilds}: true when the statement would rebuild a table above
     * {@code migrate.copyRowLimit} rows or build an index on it in place and a shadow copy can make
     * the change instead. When it cannot, says why and lets the server build in place.
     */
    private boolean viaShadow(Operation op, String statement) throws SQLException {
        if (policy.onlineCopy() != DdlPolicy.OnlineCopy.REBUILDS || !isMySqlFamily() || !IN_PLACE.matcher(statement).find()
                || !ShadowCopy.handles(op) || ShadowCopy.metadataOnly(op)
                || countUpTo(op.table(), policy.copyRowLimit() + 1) <= policy.copyRowLimit()) {
            return false;
        }
        String why = shadow.refusal(op);
        if (why != null) {
            log.info("  building in place, not through a shadow copy: " + why);
            return false;
        }
        return true;
    }

    /**
     * MySQL, default lock wait: why the statement is not sent now, or null. MySQL has no NOWAIT for
     * DDL; sent while a session idle in its transaction (or running long) holds the table, the
     * statement would wait lock_wait_timeout with every write queued behind it. Retried like a busy
     * lock. The same holds on MariaDB for CREATE TRIGGER, which takes no NOWAIT clause either.
     */
    private SQLException lingeringHolder(Operation op, String statement) {
        if (policy.lockWait() != null) {
            return null;
        }
        boolean held = dialect.name().equals("mysql") ? blockers.lingeringHolder(tables(op))
                : dialect.name().equals("mariadb") && (statement.startsWith("CREATE TRIGGER ") || statement.startsWith("DROP TRIGGER "))
                && blockers.longTransactionOpen();
        if (!held) {
            return null;
        }
        return new SQLException("not sent: a session idle in its transaction, or running long, holds a lock on "
                + String.join(", ", tables(op)), "HY000", 1205);
    }

    /** True for a MariaDB in-place build or table swap with the default lock wait while no long or idle transaction is open. */
    private boolean waitsAtOnce(String statement) {
        return dialect.name().equals("mariadb") && policy.lockWait() == null
                && (IN_PLACE.matcher(statement).find() || statement.startsWith("RENAME TABLE ")) && !blockers.longTransactionOpen();
    }

    /** After a failed step: restore session settings the step changed, remove a half-built index. */
    private void afterFailure(Operation op, List<String> sql) {
        try {
            if (op instanceof AddForeignKey && isMySqlFamily()) {
                exec("SET SESSION foreign_key_checks = 1");
            }
            if (op instanceof CreateIndex c && sql.stream().anyMatch(s -> s.contains(" CONCURRENTLY "))) {
                // a failed CREATE INDEX CONCURRENTLY leaves an INVALID index that the rerun would trip over;
                // a valid index of that name is someone else's (a DBA's, a drifted one) and is kept
                if (invalidPgIndex(c.table(), c.index().name())) {
                    setPgLockTimeout("DROP INDEX CONCURRENTLY ");
                    exec("DROP INDEX CONCURRENTLY " + dialect.quote(c.index().name()));
                } else if (pgIndexExists(c.index().name())) {
                    log.warn("  a valid index " + c.index().name() + " already exists and was left as it is: the name is taken. "
                            + "Drop or rename that index if it is not wanted, or give this one another name, then rerun");
                }
            }
        } catch (SQLException cleanup) {
            log.warn("  could not clean up after the failed step: " + cleanup.getMessage());
        }
    }

    /**
     * PostgreSQL: a short lock_timeout for statements whose lock blocks writers; none for those that
     * take only locks writers pass (concurrent index builds, validations), which may wait as long as
     * they need without queueing anyone.
     */
    private void setPgLockTimeout(String sql) throws SQLException {
        if (!dialect.name().equals("postgresql")) {
            return;
        }
        String wanted = dialect.requiresAutocommit(sql) ? "0"
                : Math.max(1, policy.lockWaitFor("postgresql").toMillis()) + "ms";
        if (!wanted.equals(pgLockTimeout)) {
            exec("SET lock_timeout = '" + wanted + "'");
            pgLockTimeout = wanted;
        }
    }

    String withLockWait(String sql) {
        return withLockWait(sql, false);
    }

    /**
     * MariaDB states the lock wait in the statement itself: {@code NOWAIT} or {@code WAIT n}.
     *
     * @param patient wait a second (only short transactions hold the lock) rather than not at all
     */
    String withLockWait(String sql, boolean patient) {
        if (!dialect.name().equals("mariadb")) {
            return sql;
        }
        long millis = patient ? 1000 : policy.lockWaitFor("mariadb").toMillis();
        String wait = millis == 0 ? " NOWAIT" : " WAIT " + Math.max(1, (millis + 999) / 1000);
        if (sql.startsWith("ALTER TABLE `") || sql.startsWith("RENAME TABLE `")) {
            int end = endOfQuoted(sql, sql.indexOf('`'));
            return end < 0 ? sql : sql.substring(0, end) + wait + sql.substring(end);
        }
        if (sql.startsWith("CREATE INDEX ") || sql.startsWith("CREATE UNIQUE INDEX ")) {
            int options = sql.lastIndexOf(" ALGORITHM=");
            return options < 0 ? sql + wait : sql.substring(0, options) + wait + sql.substring(options);
        }
        if (sql.startsWith("DROP TABLE ")) {
            return sql + wait;
        }
        return sql;
    }

    /** The index just after a backtick-quoted identifier starting at {@code start}, or -1. */
    private static int endOfQuoted(String sql, int start) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == '`') {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == '`') {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return -1;
    }

    private boolean checkUsesColumn(SQLException e) {
        return dialect.name().equals("mysql") && e.getErrorCode() == ER_DEPENDENT_BY_CHECK_CONSTRAINT;
    }

    /**
     * MySQL 8.0.29+: the table has had its 64 instant column changes ("Maximum row versions reached
     * ... Please use COPY/INPLACE"); an in-place rebuild makes the change and starts the count anew.
     */
    private boolean instantUsedUp(SQLException e) {
        return dialect.name().equals("mysql") && e.getErrorCode() == ER_INNODB_MAX_ROW_VERSION;
    }

    /**
     * The statement with INSTANT replaced by an in-place rebuild that allows writes, when the server
     * suggests one ({@code Try ALGORITHM=INPLACE}, {@code NOCOPY}, or MySQL's {@code COPY/INPLACE},
     * e.g. for dropping an indexed column) or the table's instant changes are used up.
     */
    private String inPlaceInstead(String sql, SQLException e) {
        String message = String.valueOf(e.getMessage());
        if (!sql.contains("ALGORITHM=INSTANT") || !(message.contains("Try ALGORITHM=INPLACE") || message.contains("Try ALGORITHM=NOCOPY")
                || message.contains("Try ALGORITHM=COPY/INPLACE") || instantUsedUp(e))) {
            return null;
        }
        return INSTANT.matcher(sql).replaceFirst(Matcher.quoteReplacement("ALGORITHM=INPLACE, LOCK=NONE"));
    }

    boolean isLockBusy(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return switch (dialect.name()) {
            case "mysql", "mariadb" -> e.getErrorCode() == 1205 || e.getErrorCode() == 1213;
            case "postgresql" -> state.equals("55P03") || state.equals("40P01");
            case "h2" -> e.getErrorCode() == 50200;
            default -> false;
        };
    }

    private boolean isMySqlFamily() {
        return dialect.name().equals("mysql") || dialect.name().equals("mariadb");
    }

    private static List<String> tables(Operation op) {
        List<String> tables = new ArrayList<>(List.of(op.table()));
        if (op instanceof AddForeignKey a && !a.foreignKey().referencedTable().equalsIgnoreCase(op.table())) {
            tables.add(a.foreignKey().referencedTable());
        }
        return tables;
    }

    private long countUpTo(String table, long limit) throws SQLException {
        return count("SELECT COUNT(*) FROM (SELECT 1 FROM " + dialect.quote(table) + " LIMIT " + limit + ") limited");
    }

    private long count(String sql) throws SQLException {
        lastSql = sql;
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private String queryString(String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() && rs.getString(1) != null ? rs.getString(1) : "";
        }
    }

    private void exec(String sql) throws SQLException {
        lastSql = sql;
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    /** Between half and all of the backoff, so concurrent retries spread out. */
    private static long jitter(Duration backoff) {
        long millis = Math.max(1, backoff.toMillis());
        return millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1);
    }

    static void sleep(long millis) throws SQLException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting to retry", e);
        }
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    private static String brief(String sql) {
        return sql.length() <= 120 ? sql : sql.substring(0, 117) + "...";
    }
}

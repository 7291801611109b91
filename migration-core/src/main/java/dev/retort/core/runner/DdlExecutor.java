package dev.retort.core.runner;

import dev.retort.core.dialect.Ddl;
import dev.retort.core.dialect.Dialect;
import dev.retort.core.dialect.Guard;
import dev.retort.core.dialect.Session;
import dev.retort.core.errors.Action;
import dev.retort.core.errors.Hint;
import dev.retort.core.errors.Setting;
import dev.retort.core.errors.Text;
import dev.retort.core.model.Schema;
import dev.retort.core.ops.AddCheck;
import dev.retort.core.ops.AddForeignKey;
import dev.retort.core.ops.BackfillColumn;
import dev.retort.core.ops.DropCheck;
import dev.retort.core.ops.DropForeignKey;
import dev.retort.core.ops.DropIndex;
import dev.retort.core.ops.Operation;
import dev.retort.core.safety.ExpandContract;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs the SQL of one migration step the way a database in use needs it.
 *
 * <ul>
 *   <li>No statement queues behind a long transaction: each attempt waits for locks only briefly
 *       ({@code NOWAIT}/{@code WAIT n} on MariaDB, {@code lock_wait_timeout} on MySQL,
 *       {@code lock_timeout} on PostgreSQL) and is retried with exponential backoff and jitter
 *       until the {@link DdlPolicy#retryBudget()} is spent. The log names the session that holds
 *       the table when the database can tell. Just before each attempt the session judges who
 *       holds the table: while another session's transaction keeps it locked (idle, reading, or
 *       long), no attempt that waits is sent, since writers would queue behind it (MySQL and
 *       PostgreSQL do not send, MariaDB sends {@code NOWAIT}). When only the short transactions of
 *       write traffic hold it, a MariaDB attempt waits up to a second ({@code WAIT 1}), which
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
 *       shadow table instead ({@link Session.OnlineCopier}).</li>
 * </ul>
 * Steps on a table created earlier in the same revision skip all of this: nobody uses it yet.
 * What differs by database (the lock-busy errors, how a wait is bounded, who holds a lock, the
 * fallbacks) is the {@link Session}'s to answer; statements stay {@link Ddl} values until sent.
 */
public final class DdlExecutor {

    private static final Duration LOG_EVERY = Duration.ofSeconds(5);
    /** How long reaching or reading a replica may take before it counts as unreachable. */
    private static final Duration REPLICA_TIMEOUT = Duration.ofSeconds(5);

    private final Connection connection;
    private final Dialect dialect;
    private final DdlPolicy policy;
    private final RunLog log;
    private final Session session;
    /** The database's shadow-table copy, or null. */
    private final Session.OnlineCopier shadow;

    private final Backfiller backfiller;
    /** The last statement this executor sent, to name it when something fails outside a retried statement. */
    private String lastSql;
    /** The step being run, as a shadow copy records it: "revision s2 step 1: alterColumn ...". */
    private String stepMarker = "";
    /** True once the current step was made through a shadow copy. */
    private boolean shadowed;
    /** The run's credentials, lent to a copy engine that connects itself; null when the caller gave none. */
    private Session.Login login;

    public DdlExecutor(Connection connection, Dialect dialect, DdlPolicy policy, RunLog log) {
        this.connection = connection;
        this.dialect = dialect;
        this.policy = policy;
        this.log = log;
        this.session = dialect.session(connection, new Context());
        this.shadow = session.onlineCopier();
        this.backfiller = new Backfiller(connection, dialect, log, session, policy);
    }

    /** What the executor lends the database's session. */
    private final class Context implements Session.Context {
        @Override
        public Duration lockWait() {
            return policy.lockWait();
        }

        @Override
        public void info(String message) {
            log.info(message);
        }

        @Override
        public void warn(String message) {
            log.warn(message);
        }

        @Override
        public void runLocked(Operation op, Ddl statement) throws SQLException {
            run(op, statement);
        }

        @Override
        public SQLException failure(String sql, SQLException cause, Text advice) {
            if (cause instanceof StepFailure f) {
                // a statement sent with runLocked failed already: its advice (the lock's holder) and the caller's
                // (what the change has left, say a shadow copy swapped in) both hold
                return advice == null || advice.isEmpty()
                        ? f
                        : new StepFailure(f.sql(), f.cause(), Text.of(f.advice(), advice));
            }
            return new StepFailure(sql, cause, advice);
        }

        @Override
        public String onlineCopy() {
            return policy.onlineCopy().property();
        }

        @Override
        public int copyChunkRows() {
            return policy.copyChunkRows();
        }

        @Override
        public double copyThrottle() {
            return policy.copyThrottle();
        }

        @Override
        public boolean copyVerify() {
            return policy.copyVerify();
        }

        @Override
        public int copyMaxThreadsRunning() {
            return policy.copyMaxThreadsRunning();
        }

        @Override
        public long pauseBeforeRetry(int attempt) {
            return policy.pauseBeforeRetry(attempt);
        }

        @Override
        public List<String> copyReplicas() {
            return policy.copyReplicaLag().replicas();
        }

        @Override
        public int copyMaxReplicaLag() {
            return policy.copyReplicaLag().maxLagSeconds();
        }

        @Override
        public Connection connectReplica(String url) throws SQLException {
            DdlPolicy.ReplicaLag lag = policy.copyReplicaLag();
            try {
                // the driver that opened the primary's connection, whichever class loader holds it
                return Connections.open(
                        url, lag.user(), lag.password(), connection.getClass().getClassLoader(), REPLICA_TIMEOUT);
            } catch (Connections.ConnectionException e) {
                throw new SQLException(e.getMessage(), "08001", e);
            }
        }

        @Override
        public String copyEngine() {
            return policy.copyEngine().property();
        }

        @Override
        public String copyFeed() {
            return policy.copyFeed().property();
        }

        @Override
        public Duration retryBudget() {
            return policy.retryBudget();
        }

        @Override
        public Session.Login login() {
            return login;
        }
    }

    /** The credentials the run connected with, for pt-online-schema-change ({@code migrate.onlineCopy.engine=pt-osc}). */
    void login(Session.Login login) {
        this.login = login;
    }

    /** How a shadow copy records the step it belongs to: "revision s2 step 1: alterColumn ...". */
    static String stepMarker(String revision, int index, Operation op) {
        return "revision " + revision + " step " + (index + 1) + ": " + op.describe();
    }

    /**
     * At run start, under the migration lock: removes what killed shadow copies left, except the
     * copies of the steps this run resumes ({@code resumable}, as {@link #stepMarker}s).
     */
    void clearOnlineCopyRemains(java.util.Set<String> resumable) throws SQLException {
        if (shadow != null) {
            lastSql = null;
            try {
                shadow.clearRemains(resumable);
            } catch (StepFailure f) {
                throw f;
            } catch (SQLException e) {
                throw new StepFailure(
                        lastSql != null ? lastSql : "-- remains of an earlier shadow copy", e, (Text) null);
            }
        }
    }

    /** The database's session this executor runs DDL through. */
    Session session() {
        return session;
    }

    /** A step's statement failed or was refused; {@link #advice()} says why and what to do. */
    public static final class StepFailure extends SQLException {
        private final String sql;
        private final Text advice;

        StepFailure(String sql, SQLException cause, String advice) {
            this(sql, cause, Text.of(advice == null ? "" : advice));
        }

        StepFailure(String sql, SQLException cause, Text advice) {
            super(cause.getMessage(), cause.getSQLState(), cause.getErrorCode(), cause);
            this.sql = sql;
            this.advice = advice == null ? Text.of() : advice;
        }

        /** The statement (or check query) that failed. */
        public String sql() {
            return sql;
        }

        /** Lines to append to the failure report, hints as data; empty when the database's error says it all. */
        public Text advice() {
            return advice;
        }

        /** The database's error, or the synthesized one of a failed check. */
        public SQLException cause() {
            return (SQLException) getCause();
        }
    }

    /**
     * A lock was busy for a statement inside the revision's transaction. Waiting there would keep
     * the locks the earlier steps took, and with them every reader and writer of those tables: the
     * caller rolls the revision back and starts it again ({@link #pauseBeforeRevisionRetry}).
     */
    public static final class BusyInTransaction extends SQLException {
        private final String sql;
        private final List<String> tables;
        private int step;

        BusyInTransaction(String sql, SQLException cause, List<String> tables) {
            super(cause.getMessage(), cause.getSQLState(), cause.getErrorCode(), cause);
            this.sql = sql;
            this.tables = tables;
        }

        /** The step (0-based) whose statement found the lock busy. */
        public int step() {
            return step;
        }

        void step(int index) {
            this.step = index;
        }
    }

    /**
     * After a revision was rolled back because a lock was busy inside its transaction: waits the
     * backoff of this attempt and returns null, or, when that would pass the retry budget counted
     * from {@code startedNanos}, returns the failure to report.
     */
    StepFailure pauseBeforeRevisionRetry(BusyInTransaction busy, String revision, long startedNanos, int attempt)
            throws SQLException {
        long now = System.nanoTime();
        Duration backoff = policy.firstBackoff();
        for (int k = 1; k < attempt && backoff.compareTo(policy.maxBackoff()) < 0; k++) {
            backoff = backoff.multipliedBy(2);
        }
        if (backoff.compareTo(policy.maxBackoff()) > 0) {
            backoff = policy.maxBackoff();
        }
        long pause = jitter(backoff);
        if (now + pause * 1_000_000 - startedNanos > policy.retryBudget().toNanos()) {
            return new StepFailure(
                    busy.sql,
                    (SQLException) busy.getCause(),
                    Text.of(
                            "  Gave up after " + attempt + " attempt"
                                    + (attempt == 1 ? "" : "s") + " over " + seconds(now - startedNanos)
                                    + " (retry budget "
                                    + seconds(policy.retryBudget().toNanos()) + ", ",
                            Hint.name(Setting.DDL_RETRY_BUDGET),
                            "): "
                                    + session.describeBlockers(busy.tables)
                                    + ". Each attempt rolled the revision back rather than wait "
                                    + "holding the locks of its earlier steps.\n  Nothing of this revision was applied. End or commit that "
                                    + "transaction (or wait for it), then rerun ",
                            Hint.run(Action.UPGRADE),
                            ".\n"));
        }
        if (attempt == 1 || (attempt & (attempt - 1)) == 0) {
            log.info("  " + revision + ": lock busy in step " + (busy.step + 1) + " (attempt " + attempt + ", "
                    + seconds(now - startedNanos) + " so far); " + session.describeBlockers(busy.tables)
                    + "; rolled the revision back so its earlier steps hold no lock, retrying");
        }
        sleep(pause);
        return null;
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
            for (Ddl sql : planned(ops, i)) {
                if (dialect.requiresAutocommit(sql)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The statements step {@code index} runs: the plain form on a table created earlier in the revision. */
    public List<String> statements(List<Operation> ops, int index) {
        return planned(ops, index).stream().map(Ddl::render).toList();
    }

    private List<Ddl> planned(List<Operation> ops, int index) {
        return dialect.statements(ops, index);
    }

    /**
     * Runs step {@code index} of a revision's operations.
     *
     * @param revision the revision id; with the index, it names a backfill's saved progress
     * @throws StepFailure when a statement fails, a check finds rows, or the lock budget runs out
     */
    public void execute(String revision, List<Operation> ops, int index) throws SQLException {
        execute(revision, ops, index, null);
    }

    /**
     * Runs step {@code index} of a revision's operations, knowing the schema right before it (null when
     * unknown): a check this database never created is then dropped with no statement.
     *
     * @param revision the revision id; with the index, it names a backfill's saved progress
     * @throws StepFailure when a statement fails, a check finds rows, or the lock budget runs out
     */
    public void execute(String revision, List<Operation> ops, int index, Schema before) throws SQLException {
        lastSql = null;
        try {
            executeStep(revision, ops, index, before);
        } catch (StepFailure | BusyInTransaction f) {
            throw f;
        } catch (SQLException e) {
            // a check query, a session setting, a backfill's own query: reported like any failed statement
            throw new StepFailure(
                    lastSql != null ? lastSql : "-- " + ops.get(index).describe(), e, (Text) null);
        }
    }

    private void executeStep(String revision, List<Operation> ops, int index, Schema before) throws SQLException {
        Operation op = ops.get(index);
        session.prepare();
        if ((op instanceof AddCheck || op instanceof DropCheck) && !dialect.keepsChecks()) {
            log.warn("  " + op.describe()
                    + ": recorded, nothing sent: this server accepts CHECK constraints but neither stores nor "
                    + "enforces them (MySQL before 8.0.16). The rule holds only where the application checks it; upgrade the "
                    + "server to have it enforced.");
            return;
        }
        if (op instanceof BackfillColumn b) {
            if (dialect.statements(ops, index, before).isEmpty()) {
                log.info("  " + op.describe() + ": recorded, nothing sent: the column does not exist on "
                        + dialect.name());
                return;
            }
            backfiller.run(revision, index + 1, b);
            return;
        }
        if (op.on(dialect.name()).isEmpty()) {
            log.info("  " + op.describe() + ": recorded, nothing sent: the column does not exist on " + dialect.name()
                    + " (or nothing about it changes there)");
            return;
        }
        // a step on a column absent on some databases, as it runs on this one (an alterColumn may be an add or a drop)
        op = op.on(dialect.name()).orElseThrow();
        boolean fresh = Dialect.createdEarlier(ops, index);
        stepMarker = stepMarker(revision, index, op);
        if (!fresh && shadow != null && shadow.handles(op) && shadow.finishEarlierRun(op, stepMarker)) {
            return;
        }
        if (!fresh) {
            for (Guard g : dialect.guards(op)) {
                long found = count(g.query());
                if (found > 0) {
                    String problem = found == 1 ? g.problem().replaceFirst("^rows ", "row ") : g.problem();
                    throw new StepFailure(
                            g.query(),
                            new SQLException(found + " " + problem, "23000"),
                            Text.of("  To fix: ", g.remedy(), ".\n"));
                }
            }
        }
        List<Ddl> sql = session.beforeStep(op, dialect.statements(ops, index, before));
        shadowed = false;
        // foreign_key_checks=0 trusts the orphan check above; rows may change while the ALTER waits for its lock
        boolean recheck = !fresh && op instanceof AddForeignKey && session.addsForeignKeysUnchecked();
        boolean hadIndex = recheck
                && session.hasIndex(
                        op.table(), ((AddForeignKey) op).foreignKey().name());
        try {
            for (Ddl statement : sql) {
                run(op, statement);
            }
            if (recheck && !shadowed) {
                // a shadow copy adds the key with foreign_key_checks=1: the server checked every row
                checkOrphansAgain((AddForeignKey) op, hadIndex);
            }
        } catch (SQLException | RuntimeException e) {
            session.afterFailedStep(op, sql);
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
                for (Ddl drop : dialect.statements(new DropForeignKey(op.table(), name))) {
                    run(new DropForeignKey(op.table(), name), drop);
                }
                if (!hadIndex && session.hasIndex(op.table(), name)) {
                    DropIndex index = new DropIndex(op.table(), name, false);
                    for (Ddl drop : dialect.statements(index)) {
                        run(index, drop);
                    }
                }
                removed = "  Retort dropped " + name
                        + " again (foreign_key_checks=0 had let the server add it over them): " + op.table()
                        + " is as before the step.\n";
            } catch (SQLException | RuntimeException e) {
                removed = "  Retort could not drop " + name + " again (" + e.getMessage()
                        + "): the key is in place but does not "
                        + "hold for these rows. Drop it by hand (ALTER TABLE " + dialect.quote(op.table())
                        + " DROP FOREIGN KEY "
                        + dialect.quote(name) + (hadIndex ? "" : ", DROP INDEX " + dialect.quote(name))
                        + ") before the rerun.\n";
            }
            throw new StepFailure(
                    g.query(),
                    new SQLException(
                            found + " " + problem + " appeared after the check before the ALTER: "
                                    + (found == 1 ? "it was" : "they were")
                                    + " written, or a parent deleted, while the step waited for the lock or "
                                    + "the key was built",
                            "23000"),
                    Text.of(
                            removed + "  Find them: " + g.query().replaceFirst("^SELECT COUNT\\(\\*\\) ", "SELECT r.* ")
                                    + "\n" + "  To fix: ",
                            g.remedy(),
                            ".\n"));
        }
    }

    private void run(Operation op, Ddl sql) throws SQLException {
        long started = System.nanoTime();
        long deadline = started + policy.retryBudget().toNanos();
        long lastLog = 0;
        Duration backoff = policy.firstBackoff();
        Ddl statement = sql;
        int attempt = 0;
        int busy = 0;
        // an in-place build fails at its very end under NOWAIT whenever a write holds the table at that moment, which
        // at hundreds of writes per second is nearly always: its work is thrown away and done again. Unless a long or
        // idle transaction is open (then waiting would queue writers behind it), such a statement waits up to 1 s at
        // once.
        boolean patient = session.waitsAtOnce(statement);
        Ddl judged = null;
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
                throw new StepFailure(
                        statement.render(),
                        new SQLException("the connection to the database was closed", "08003"),
                        (Text) null);
            }
            // judged now, not when the last attempt failed: a holder may have begun or gone idle during the pause
            boolean waits = patient && session.onlyShortHolders(tables(op));
            String sent = session.bounded(statement, waits).render();
            SQLException busyLock = session.notSendable(tables(op), statement);
            if (busyLock == null) {
                Savepoint savepoint = connection.getAutoCommit() ? null : connection.setSavepoint();
                try {
                    try (Statement s = connection.createStatement()) {
                        s.execute(sent);
                    }
                    if (savepoint != null) {
                        connection.releaseSavepoint(savepoint);
                    }
                    if (busy > 0) {
                        log.info("  got the lock on attempt " + attempt + " after "
                                + seconds(System.nanoTime() - started) + ": " + brief(statement.render()));
                    }
                    return;
                } catch (SQLException e) {
                    if (savepoint != null) {
                        connection.rollback(savepoint);
                    }
                    if (!session.isLockBusy(e)) {
                        if (session.refusedOnline(e)) {
                            Ddl cheaper = session.cheaperInstead(statement, e);
                            if (cheaper != null) {
                                log.info("  " + dialect.name() + " cannot do this instantly (" + e.getMessage()
                                        + "); rebuilding in " + "place, writes continue: " + brief(cheaper.render()));
                                statement = cheaper;
                                patient = patient || session.waitsAtOnce(statement);
                                continue;
                            }
                            long rows = countUpTo(op.table(), policy.copyRowLimit() + 1);
                            if (rows <= policy.copyRowLimit()) {
                                statement = session.copying(statement);
                                log.warn("  " + dialect.name() + " can only copy " + op.table() + " for this ("
                                        + e.getMessage()
                                        + "); it has " + rows + " row" + (rows == 1 ? "" : "s")
                                        + " (at most migrate.copyRowLimit="
                                        + policy.copyRowLimit()
                                        + "), so Retort copies it; writes to it wait for the copy: "
                                        + brief(statement.render()));
                                continue;
                            }
                            String why = shadow == null
                                    ? "there is no shadow copy on " + dialect.name()
                                    : shadow.refusal(op);
                            if (policy.onlineCopy() != DdlPolicy.OnlineCopy.OFF && why == null) {
                                log.info("  " + dialect.name() + " can only copy " + op.table() + " for this ("
                                        + e.getMessage() + "); it has more than " + policy.copyRowLimit()
                                        + " rows, so Retort copies it online");
                                shadowed = true;
                                shadow.run(op, statement, stepMarker);
                                return;
                            }
                            throw new StepFailure(
                                    sent,
                                    e,
                                    Text.of(
                                            ExpandContract.refusal(op, dialect.name(), policy.copyRowLimit()),
                                            policy.onlineCopy() != DdlPolicy.OnlineCopy.OFF
                                                    ? Text.of(
                                                            "  A shadow copy (",
                                                            Hint.set(
                                                                    Setting.ONLINE_COPY,
                                                                    policy.onlineCopy()
                                                                            .property()),
                                                            ") cannot do it: " + why + ".\n")
                                                    : why == null
                                                            ? Text.of(
                                                                    "  Or let Retort copy it online, writes continuing: ",
                                                                    Hint.set(Setting.ONLINE_COPY, "copies"),
                                                                    " (a "
                                                                            + "shadow table kept in step by triggers, filled in chunks, swapped in by one RENAME).\n")
                                                            : ""));
                        }
                        throw new StepFailure(sent, e, session.advice(e));
                    }
                    busyLock = e;
                }
            }
            if (dialect.transactionalDdl() && !connection.getAutoCommit()) {
                // inside the revision's transaction: the caller rolls back and starts the revision again
                throw new BusyInTransaction(sent, busyLock, tables(op));
            }
            busy++;
            // MariaDB, default wait: when only short write transactions hold the lock, the next attempt waits a second
            // for them
            boolean shortHolders = session.onlyShortHolders(tables(op));
            boolean holder = !shortHolders;
            patient = shortHolders;
            long now = System.nanoTime();
            long pause = jitter(backoff);
            if (now + pause * 1_000_000 > deadline) {
                throw new StepFailure(
                        sent,
                        busyLock,
                        Text.of(
                                "  Gave up after " + busy + " attempt" + (busy == 1 ? "" : "s") + " over "
                                        + seconds(now - started) + " (retry budget "
                                        + seconds(policy.retryBudget().toNanos())
                                        + ", ",
                                Hint.name(Setting.DDL_RETRY_BUDGET),
                                "): " + session.describeBlockers(tables(op)) + ".\n  Nothing of this statement "
                                        + "was applied. End or commit that transaction (or wait for it), then rerun ",
                                Hint.run(Action.UPGRADE),
                                ".\n"));
            }
            if (lastLog == 0 || now - lastLog >= LOG_EVERY.toNanos()) {
                log.info("  " + brief(statement.render()) + ": lock busy (attempt " + attempt + ", "
                        + seconds(now - started) + " so far); "
                        + (holder
                                ? session.describeBlockers(tables(op)) + "; retrying without queueing writers"
                                : "only short write transactions hold it; the next attempt waits up to 1 s for them"));
                lastLog = now;
            }
            sleep(pause);
            backoff = backoff.multipliedBy(2).compareTo(policy.maxBackoff()) > 0
                    ? policy.maxBackoff()
                    : backoff.multipliedBy(2);
        }
    }

    /**
     * With {@code migrate.onlineCopy=rebuilds}: true when the statement would rebuild a table above
     * {@code migrate.copyRowLimit} rows or build an index on it in place and a shadow copy can make
     * the change instead. When it cannot, says why and lets the server build in place.
     */
    private boolean viaShadow(Operation op, Ddl statement) throws SQLException {
        if (policy.onlineCopy() != DdlPolicy.OnlineCopy.REBUILDS
                || shadow == null
                || !session.buildsInPlace(statement)
                || !shadow.handles(op)
                || shadow.metadataOnly(op)
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
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
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

package dev.retort.core.dialect;

import dev.retort.core.errors.Text;
import dev.retort.core.ops.Operation;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * What running DDL on a database in use needs from one database, in one place per database:
 * the session state Retort sets up, the errors that mean "lock busy", the default lock wait and
 * how one attempt's wait is bounded (MariaDB {@code NOWAIT}/{@code WAIT n} in the statement, MySQL
 * {@code lock_wait_timeout}, PostgreSQL {@code lock_timeout}), who holds a lock, and what to do
 * when the server refuses a statement's online form. The runner asks these questions and never
 * which database it talks to. One per connection, made by {@link Dialect#session}.
 */
public interface Session {

    /** What the runner lends a session: its settings, its log and its way of sending DDL. */
    interface Context {

        /** The wait per attempt that {@code migrate.lockWait} sets, or null for the database's default. */
        Duration lockWait();

        void info(String message);

        void warn(String message);

        /** Sends a statement that needs a table's lock as every DDL statement is sent: a bounded wait, retried with backoff. */
        void runLocked(Operation op, Ddl statement) throws SQLException;

        /**
         * A failed step naming the statement, with lines of advice; when {@code cause} is one already
         * (a statement sent with {@link #runLocked}), it with {@code advice} added to its own.
         */
        SQLException failure(String sql, SQLException cause, Text advice);

        /** {@code migrate.onlineCopy} as written: {@code off}, {@code copies} or {@code rebuilds}. */
        String onlineCopy();

        /** Rows a shadow copy moves per statement. */
        int copyChunkRows();

        /** A shadow copy pauses after each chunk this many times as long as the chunk took. */
        double copyThrottle();

        /** True when a shadow copy is checksummed against the table before the swap ({@code migrate.onlineCopy.verify}). */
        default boolean copyVerify() {
            return true;
        }

        /** A shadow copy waits while more threads than this run on the server; 0: never ({@code migrate.onlineCopy.maxThreadsRunning}). */
        default int copyMaxThreadsRunning() {
            return 25;
        }

        /** Replicas a shadow copy keeps from lagging, as configured: {@code host[:port]} or JDBC URLs ({@code migrate.onlineCopy.replicas}). */
        default List<String> copyReplicas() {
            return List.of();
        }

        /** A shadow copy pauses while a replica is more than this many seconds behind ({@code migrate.onlineCopy.maxReplicaLag}). */
        default int copyMaxReplicaLag() {
            return 1;
        }

        /** Opens a connection to a replica's JDBC URL with the replicas' credentials, giving up after a few seconds. */
        default java.sql.Connection connectReplica(String url) throws SQLException {
            throw new SQLException("no connection to replicas here");
        }

        /** Milliseconds before retrying a chunk that failed on a busy row lock for the {@code attempt}-th time. */
        long pauseBeforeRetry(int attempt);

        /** {@code migrate.onlineCopy.engine} as written: {@code retort} or {@code pt-osc}. */
        default String copyEngine() {
            return "retort";
        }

        /** {@code migrate.onlineCopy.feed} as written: {@code triggers} or {@code binlog}. */
        default String copyFeed() {
            return "triggers";
        }

        /** How long one statement may keep retrying a busy lock ({@code migrate.ddlRetryBudget}). */
        default Duration retryBudget() {
            return Duration.ofSeconds(60);
        }

        /** The credentials the run connected with, for a tool that opens its own connections; null when not given. */
        default Login login() {
            return null;
        }
    }

    /**
     * The URL and credentials a run connected with, lent to a tool that opens connections of its
     * own (pt-online-schema-change). The password never appears in {@link #toString()}.
     */
    record Login(String url, String username, String password) {
        @Override
        public String toString() {
            return "Login[url=" + url + ", username=" + username + ", password=***]";
        }
    }

    /** Sets up the session for a step: idempotent, called before each. */
    void prepare() throws SQLException;

    /** True when the error means the lock was busy or a deadlock picked this session: the attempt may be retried. */
    boolean isLockBusy(SQLException e);

    /** How long one attempt waits for a lock when {@code migrate.lockWait} is not set. */
    Duration defaultLockWait();

    /** The wait per attempt: {@code migrate.lockWait}, else {@link #defaultLockWait}. */
    default Duration lockWait(Context context) {
        return context.lockWait() != null ? context.lockWait() : defaultLockWait();
    }

    /**
     * Bounds how long the statement's next attempt waits for its lock: in the statement itself
     * (the statement returned) or in the session (the same statement returned).
     *
     * @param patient wait a second (only short transactions hold the lock) rather than not at all
     */
    default Ddl bounded(Ddl statement, boolean patient) throws SQLException {
        return statement;
    }

    /**
     * Why the statement is not sent now though the lock may be free, as a busy-lock error to retry
     * on, or null: a session that would hold the lock for long while the statement waits with
     * writers queued behind it.
     */
    default SQLException notSendable(List<String> tables, Ddl statement) {
        return null;
    }

    /**
     * True when the statement's first attempt should already wait a second rather than not at all,
     * provided {@link #onlyShortHolders} agrees just before it is sent.
     */
    default boolean waitsAtOnce(Ddl statement) {
        return false;
    }

    /**
     * True when only short write transactions hold the tables now, so an attempt sent at once may
     * wait a second for them; asked after a busy attempt and again just before a waiting attempt is
     * sent, since a holder found idle or reading would keep every writer queued behind the wait.
     */
    default boolean onlyShortHolders(List<String> tables) {
        return false;
    }

    /** What {@link #describeBlockers} says when it finds no holder: most often the lock was freed in between. */
    String UNIDENTIFIED_HOLDER = "the lock's holder could not be identified (it may have ended already)";

    /** One clause naming the sessions that hold a lock on the tables, for a log line or an error; never throws. */
    default String describeBlockers(List<String> tables) {
        return UNIDENTIFIED_HOLDER;
    }

    /** True when the server refused the statement's stated online algorithm (the step may be made another way). */
    default boolean refusedOnline(SQLException e) {
        return false;
    }

    /** The statement in a cheaper form the server's refusal allows (INSTANT refused: in place), or null. */
    default Ddl cheaperInstead(Ddl statement, SQLException e) {
        return null;
    }

    /** The statement as a table copy that blocks writes, for small tables. */
    default Ddl copying(Ddl statement) {
        return statement;
    }

    /** True when the statement builds something in place on the server: a rebuild or an index. */
    default boolean buildsInPlace(Ddl statement) {
        return false;
    }

    /** The shadow-table copy of this database, or null when it has none. */
    default OnlineCopier onlineCopier() {
        return null;
    }

    /** Lines of advice for a failed statement the database's own error does not give, or null. */
    default String advice(SQLException e) {
        return null;
    }

    /** True when foreign keys are added without the server checking rows, so orphans are counted again afterwards. */
    default boolean addsForeignKeysUnchecked() {
        return false;
    }

    /** True when the table has an index of that name. */
    default boolean hasIndex(String table, String index) throws SQLException {
        return false;
    }

    /** After a failed step: restores session settings the step changed and removes what it half built. */
    /**
     * The statements a step sends, given what the database holds now: MySQL and MariaDB also drop
     * the index the server made for a foreign key when the key is dropped.
     */
    default List<Ddl> beforeStep(Operation op, List<Ddl> statements) throws SQLException {
        return statements;
    }

    default void afterFailedStep(Operation op, List<Ddl> statements) {}

    /** Appended to a batch's SELECT to lock the rows it reads until the batch commits. */
    default String lockRowsClause() {
        return " FOR UPDATE";
    }

    /**
     * Bounds how long the statements of the transaction just begun (a backfill batch) wait for a
     * row lock another transaction holds: about a second, so a batch blocked behind an application
     * transaction rolls back and releases the rows it already updated instead of holding them.
     * Called at the start of each batch; {@link #restoreRowLockWait} undoes it after the last.
     */
    default void boundRowLockWait() throws SQLException {}

    /** Restores the row-lock wait {@link #boundRowLockWait} changed in the session, if it did. */
    default void restoreRowLockWait() throws SQLException {}

    /** One clause naming the transactions that hold row locks on the table, for a log line; never throws. */
    default String describeRowLockHolders(String table) {
        return describeBlockers(List.of(table));
    }

    /** Binds a key read back from the progress table (a string for non-integral keys). */
    default void bindKey(PreparedStatement ps, int index, Object key) throws SQLException {
        ps.setObject(index, key);
    }

    /**
     * Changes a large table on a shadow table kept in step by triggers and swapped in by one rename
     * ({@code migrate.onlineCopy}).
     */
    interface OnlineCopier {

        /** True for the kinds of change a shadow copy makes faithfully (whatever the table). */
        boolean handles(Operation op);

        /** True for a change the server makes without touching rows: nothing to gain from a copy. */
        boolean metadataOnly(Operation op);

        /** Why this table cannot be changed through a shadow copy, or null when it can. */
        String refusal(Operation op) throws SQLException;

        /** True when an earlier run left a shadow copy of {@code op}'s table (its new or its old table): its own resume applies. */
        default boolean leftRemains(Operation op) throws SQLException {
            return false;
        }

        /** Removes what an earlier run left; true when that run was this very step and had swapped its copy in. */
        boolean finishEarlierRun(Operation op, String marker) throws SQLException;

        /** Makes the change {@code statement} on a shadow table and swaps it in. */
        void run(Operation op, Ddl statement, String marker) throws SQLException;

        /**
         * At the start of a run, under the migration lock: removes the triggers and shadow tables of
         * copies an earlier run left unfinished, except those of the steps in {@code resumable} (the
         * steps this run resumes, as {@code marker}s) whose remains can still be resumed. Triggers left
         * behind make every write to their table fail once the shadow or a column they name is gone.
         */
        default void clearRemains(java.util.Set<String> resumable) throws SQLException {}
    }
}

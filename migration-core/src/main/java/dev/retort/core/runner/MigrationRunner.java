package dev.retort.core.runner;

import dev.retort.core.dialect.Dialect;
import dev.retort.core.errors.Action;
import dev.retort.core.history.HistoryRow;
import dev.retort.core.history.HistoryTable;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.safety.SafetyGate;
import dev.retort.core.safety.SafetyPolicy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies and reverts revisions on one connection.
 *
 * <p>Before anything runs, the whole plan is checked: every revision the database records must
 * still exist with the same checksum, every step that destroys data must be acknowledged, and the
 * safety rules judge every step, upgrade and downgrade alike ({@link SafetyGate}).
 * Then each step runs and its completion is journaled in {@code retort_history}, so a failure
 * reports exactly what is committed and a rerun resumes at the step that failed. Runs are
 * serialised by a database lock that dies with the session.
 *
 * <p>The work is split: {@link Planner} decides the steps from the graph and the history rows,
 * {@link Preflight} checks them, {@link Applier} runs them and {@link Stamper} records a stamp;
 * this class reads the rows, holds the lock and reports.
 */
public final class MigrationRunner {

    /** Name of the database lock that serialises concurrent runs. */
    public static final String LOCK_NAME = "retort_migrations";

    private final Connection connection;
    private final Dialect dialect;
    private final RunLog log;
    private final Duration lockWait;
    private final HistoryTable history;
    private final Planner planner;
    private final Preflight preflight;
    private final Applier applier;
    private final DdlExecutor ddl;
    private final RevisionGraph graph;

    public MigrationRunner(
            Connection connection,
            Dialect dialect,
            RevisionGraph graph,
            RunLog log,
            boolean allowDataLoss,
            Duration lockWait) {
        this(connection, dialect, graph, log, allowDataLoss, lockWait, SafetyPolicy.DEFAULT, DdlPolicy.DEFAULT);
    }

    /**
     * @param safety    what safety findings do ({@code safety}, per-rule severities)
     * @param ddlPolicy how DDL waits for locks and retries, and which tables may be copied
     */
    public MigrationRunner(
            Connection connection,
            Dialect dialect,
            RevisionGraph graph,
            RunLog log,
            boolean allowDataLoss,
            Duration lockWait,
            SafetyPolicy safety,
            DdlPolicy ddlPolicy) {
        SafetyPolicy effective = ddlPolicy.onlineCopy() == DdlPolicy.OnlineCopy.OFF ? safety : safety.withOnlineCopy();
        this.connection = connection;
        this.dialect = dialect;
        this.log = log;
        this.lockWait = lockWait;
        this.history = new HistoryTable(connection, dialect);
        this.graph = graph;
        this.planner = new Planner(graph);
        this.preflight = new Preflight(graph, dialect, effective, ddlPolicy.lockWait(), allowDataLoss, log);
        this.ddl = new DdlExecutor(connection, dialect, ddlPolicy, log);
        this.applier = new Applier(connection, dialect, graph, history, ddl, log);
    }

    /**
     * The URL and credentials this run's connection was opened with, for
     * {@code migrate.onlineCopy.engine=pt-osc}: pt-online-schema-change opens connections of its
     * own. The password is handed to it in a file only its user can read, never on its command line.
     */
    public MigrationRunner withLogin(String url, String username, String password) {
        ddl.login(new dev.retort.core.dialect.Session.Login(url, username, password));
        return this;
    }

    /**
     * What the database records, oldest first; empty when Retort never ran there. Rows of revisions a
     * squash baseline replaces show as that baseline once the database has reached what it folds in
     * ({@link SquashedHistory#view}).
     */
    public List<HistoryRow> recorded() throws SQLException {
        List<HistoryRow> rows = history.rowsIfExists();
        return rows == null ? List.of() : SquashedHistory.view(graph, rows);
    }

    /** The rows, after recording any squash baseline in place of the rows it replaces (first contact). */
    private List<HistoryRow> rows() throws SQLException {
        return adopted(history.rows());
    }

    /** {@code rows}, after recording any squash baseline in place of the rows it replaces (first contact). */
    private List<HistoryRow> adopted(List<HistoryRow> rows) throws SQLException {
        List<SquashedHistory.Adoption> adoptions = SquashedHistory.adoptions(graph, rows);
        if (adoptions.isEmpty()) {
            return rows;
        }
        applier.inTransaction(true, () -> {
            SquashedHistory.record(history, adoptions, rows, log);
            return null;
        });
        return history.rows();
    }

    /**
     * Applies every revision needed to reach {@code target}: {@code head}, {@code heads}, a revision
     * id or unique prefix, {@code +N} (the next N revisions), or {@code <rev>+N}/{@code <rev>-N} (the
     * revision N above or below {@code rev}).
     *
     * @return the ids applied, in order
     */
    public List<String> upgrade(String target) throws SQLException {
        return locked(() -> {
            long t = System.nanoTime();
            List<HistoryRow> rows = adopted(history.createAndRead());
            t = phase("history read", t);
            preflight.checkRecorded(rows);
            t = phase("checksums", t);
            Planner.Plan plan = planner.upgrade(target, rows);
            clearCopyRemains(plan.steps());
            t = phase("plan", t);
            if (plan.isEmpty()) {
                log.info("Nothing to upgrade: the database is at " + planner.describe(plan.applied()) + ".");
                return List.of();
            }
            preflight.checkColumnTypes(plan, Action.UPGRADE);
            preflight.checkDataLoss(plan, Action.UPGRADE);
            preflight.checkRenderable(plan);
            preflight.checkSafetyOfUpgrade(plan);
            t = phase("safety", t);
            List<Planner.Step> steps = plan.steps();
            for (int i = 0; i < steps.size(); i++) {
                applier.apply(steps.get(i), i + 1 < steps.size() ? steps.get(i + 1) : null);
            }
            phase("apply", t);
            Set<String> now = new HashSet<>(plan.applied());
            now.addAll(plan.ids());
            log.info("Upgraded: " + plan.steps().size() + " revision"
                    + (plan.steps().size() == 1 ? "" : "s") + " applied; the database is at " + planner.describe(now)
                    + ".");
            return plan.ids();
        });
    }

    /**
     * What {@link #upgrade} to {@code target} would apply, judged by the same gates (recorded
     * checksums and unknown revisions, steps a run left half-done, unacknowledged data loss, safety
     * rules), without taking the lock or writing anything, not even {@code retort_history}.
     *
     * @return the ids an upgrade would apply (or resume), in order; empty when up to date
     */
    public List<String> check(String target) throws SQLException {
        List<HistoryRow> rows = recorded();
        preflight.checkRecorded(rows);
        Planner.Plan plan = planner.upgrade(target, rows);
        if (!plan.isEmpty()) {
            preflight.checkColumnTypes(plan, Action.UPGRADE);
            preflight.checkDataLoss(plan, Action.UPGRADE);
            preflight.checkRenderable(plan);
            preflight.checkSafetyOfUpgrade(plan);
        }
        return plan.ids();
    }

    /**
     * Reverts revisions down to {@code target}: {@code -N} (the last N), {@code base} (all), or a
     * revision id, prefix or {@code <rev>+N}/{@code <rev>-N} (which stays applied). A revision whose upgrade stopped half-way is
     * reverted by undoing exactly its completed steps.
     *
     * @return the ids reverted, in order
     */
    public List<String> downgrade(String target) throws SQLException {
        return locked(() -> {
            List<HistoryRow> rows = adopted(history.createAndRead());
            preflight.checkRecorded(rows);
            Planner.Plan plan = planner.downgrade(target, rows);
            clearCopyRemains(List.of());
            if (plan.isEmpty()) {
                log.info("Nothing to downgrade: the database is at " + planner.describe(plan.applied()) + ".");
                return List.of();
            }
            Preflight.checkReversible(plan);
            preflight.checkColumnTypes(plan, Action.DOWNGRADE);
            preflight.checkDataLoss(plan, Action.DOWNGRADE);
            preflight.checkRenderable(plan);
            preflight.checkSafetyOfDowngrade(plan, rows);
            for (Planner.Step s : plan.steps()) {
                applier.revert(s);
            }
            Set<String> now = new HashSet<>(plan.applied());
            plan.ids().forEach(now::remove);
            log.info("Downgraded: " + plan.steps().size() + " revision"
                    + (plan.steps().size() == 1 ? "" : "s") + " reverted; the database is at " + planner.describe(now)
                    + ".");
            return plan.ids();
        });
    }

    /**
     * Records {@code target} (a revision, {@code head}, {@code heads} or {@code base}) and its
     * ancestors as applied without running anything: the baseline of a database that already has
     * the schema, or the way to accept a migration that was edited after it was applied. Revisions
     * above the target are no longer recorded (their schema changes stay; nothing is reverted);
     * other branches keep their rows. Recorded checksums of the target's lineage are replaced by
     * the current ones. With {@code purge}, every row is deleted first. The rows change in one
     * transaction.
     *
     * @return the ids newly recorded as applied, in order
     */
    public List<String> stamp(String target, boolean purge) throws SQLException {
        return locked(() -> {
            history.create();
            if (!purge) {
                rows();
            }
            List<String> tips = planner.stampTargets(target);
            clearCopyRemains(List.of());
            return applier.inTransaction(
                    true, () -> new Stamper(connection, history, planner, log).stamp(target, tips, purge));
        });
    }

    /**
     * Removes what killed shadow copies left (triggers that would make writes fail), except the copy
     * of the step this run resumes in each revision of {@code plan}: that step resumes it.
     */
    private void clearCopyRemains(List<Planner.Step> plan) throws SQLException {
        Set<String> resumable = new HashSet<>();
        for (Planner.Step s : plan) {
            if (s.from() < s.steps().size()) {
                resumable.add(DdlExecutor.stepMarker(
                        s.revision().id(), s.from(), s.steps().get(s.from())));
            }
        }
        try {
            ddl.clearOnlineCopyRemains(resumable);
        } catch (DdlExecutor.StepFailure e) {
            throw new MigrationException(
                    "Could not remove what an earlier, killed shadow copy left: " + e.getMessage() + "\n  " + e.sql()
                            + "\n" + e.advice(),
                    e);
        }
    }

    private <T> T locked(Applier.Work<T> work) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        autoCommit(true);
        long t = System.nanoTime();
        if (!dialect.lock(connection, LOCK_NAME, lockWait)) {
            throw new LockBusyException(LOCK_NAME, lockWait);
        }
        phase("lock", t);
        T result;
        try {
            result = work.run();
        } catch (SQLException | RuntimeException e) {
            // a connection that died mid-step fails the unlock and the reset as well: the step's report stays the error
            try {
                dialect.unlock(connection, LOCK_NAME);
            } catch (SQLException | RuntimeException x) {
                e.addSuppressed(x);
            }
            try {
                autoCommit(autoCommit);
            } catch (SQLException | RuntimeException x) {
                e.addSuppressed(x);
            }
            throw e;
        }
        t = System.nanoTime();
        try {
            dialect.unlock(connection, LOCK_NAME);
        } finally {
            autoCommit(autoCommit);
        }
        phase("unlock", t);
        return result;
    }

    /**
     * Sets auto-commit only when it changes: JDBC makes an unchanged mode a no-op, but MySQL's driver
     * sends {@code SET autocommit} all the same, a round trip per run (and per tenant).
     */
    private void autoCommit(boolean on) throws SQLException {
        if (connection.getAutoCommit() != on) {
            connection.setAutoCommit(on);
        }
    }

    /** Reports the phase that began at {@code start} ({@link RunLog#timing}); returns now, the next phase's start. */
    private long phase(String name, long start) {
        long now = System.nanoTime();
        log.timing(name, now - start);
        return now;
    }
}

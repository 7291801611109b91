package dev.retort.core.runner;

import dev.retort.core.dialect.Dialect;
import dev.retort.core.errors.Action;
import dev.retort.core.errors.Hint;
import dev.retort.core.errors.Setting;
import dev.retort.core.errors.Text;
import dev.retort.core.history.HistoryRow;
import dev.retort.core.history.HistoryTable;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.model.Schema;
import dev.retort.core.ops.Operation;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs planned revisions on the connection: each step through the {@link DdlExecutor} (lock waits,
 * retries), its completion journaled in {@code retort_history} right after it, the whole revision
 * in one transaction where the database's DDL is transactional. A failed step becomes a
 * {@link StepFailedException} saying what is committed and how to recover.
 */
final class Applier {

    private final Connection connection;
    private final Dialect dialect;
    private final RevisionGraph graph;
    private final HistoryTable history;
    private final DdlExecutor ddl;
    private final RunLog log;

    Applier(Connection connection, Dialect dialect, RevisionGraph graph, HistoryTable history, DdlExecutor ddl, RunLog log) {
        this.connection = connection;
        this.dialect = dialect;
        this.graph = graph;
        this.history = history;
        this.ddl = ddl;
        this.log = log;
    }

    /** Applies one revision of an upgrade plan, from its first step not yet committed. */
    void apply(Planner.Step s) throws SQLException {
        RevisionInfo r = s.revision();
        List<Operation> ops = s.steps();
        HistoryRow row = s.recorded();
        int from = s.from();
        if (from == 0) {
            log.info("Applying " + r.id() + " " + Preflight.quoted(r.message()) + " (" + ops.size() + " step" + (ops.size() == 1 ? "" : "s") + ")");
        } else {
            log.info("Resuming " + r.id() + " " + Preflight.quoted(r.message()) + " at step " + (from + 1) + " of " + ops.size()
                    + " (steps 1-" + from + " were committed by an earlier run)");
        }
        long started = System.nanoTime();
        boolean atomic = ddl.atomic(ops);
        inTransaction(atomic, () -> {
            // One journal write per completed step, right after it, and none before the first: a run
            // that dies before step 1 commits left nothing to record. The first write of this run
            // replaces whatever an earlier run recorded; later ones only move the step counter.
            boolean fresh = true;
            for (int i = from; i < ops.size(); i++) {
                try {
                    runStep(r, ops, i, Action.UPGRADE, atomic, s.interrupted() && i == from);
                } catch (MigrationException e) {
                    if (!atomic) {
                        journal(r, HistoryRow.FAILED, i, 0, row, fresh, atomic);
                    }
                    throw e;
                }
                int done = i + 1;
                if (!atomic || done == ops.size()) {
                    journal(r, done == ops.size() ? HistoryRow.APPLIED : HistoryRow.RUNNING, done,
                            Duration.ofNanos(System.nanoTime() - started).toMillis(), row, fresh, atomic);
                    fresh = false;
                }
                log.stepDone(r.id(), done, ops.size());
            }
            if (fresh) {
                // no step ran here: a revision without operations (a merge), or one whose steps were all done
                journal(r, HistoryRow.APPLIED, ops.size(), Duration.ofNanos(System.nanoTime() - started).toMillis(), row, true, atomic);
            }
            return null;
        });
    }

    /** Reverts one revision of a downgrade plan and removes its row. */
    void revert(Planner.Step s) throws SQLException {
        RevisionInfo r = s.revision();
        List<Operation> ops = s.steps();
        log.info("Reverting " + r.id() + " " + Preflight.quoted(r.message()) + " (" + ops.size() + " step" + (ops.size() == 1 ? "" : "s") + ")");
        boolean atomic = ddl.atomic(ops);
        inTransaction(atomic, () -> {
            for (int i = 0; i < ops.size(); i++) {
                runStep(r, ops, i, Action.DOWNGRADE, atomic, false);
            }
            ensureLockHeld(r, ops.size(), Action.DOWNGRADE, atomic);
            history.delete(r.id());
            // a reverted revision's backfill starts over when it is applied again
            Backfiller.clearProgress(connection, r.id());
            return null;
        });
    }

    private void journal(RevisionInfo r, String state, int stepsDone, long durationMs, HistoryRow earlier, boolean fresh, boolean atomic)
            throws SQLException {
        ensureLockHeld(r, stepsDone, Action.UPGRADE, atomic);
        if (fresh) {
            history.record(r, state, stepsDone, durationMs, earlier != null);
        } else if (HistoryRow.RUNNING.equals(state)) {
            history.progress(r.id(), stepsDone);
        } else {
            history.finish(r.id(), state, stepsDone, durationMs);
        }
    }

    interface Work<T> {
        T run() throws SQLException;
    }

    /**
     * On databases with transactional DDL, the revision's steps and its history row commit together
     * or roll back together; elsewhere each statement commits on its own and the journal tracks it.
     */
    <T> T inTransaction(boolean transactional, Work<T> work) throws SQLException {
        if (!transactional) {
            return work.run();
        }
        connection.setAutoCommit(false);
        try {
            T result = work.run();
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /**
     * Runs one step through the DDL executor (lock-wait timeouts, retries, online-DDL checks).
     *
     * @param afterEarlierRun true for the first step this run tries of a revision that an earlier
     *                        run started: if that run died between the statement and its journal
     *                        entry, the change is already there
     */
    private void runStep(RevisionInfo r, List<Operation> ops, int i, Action direction, boolean atomic, boolean afterEarlierRun)
            throws SQLException {
        try {
            ddl.execute(r.id(), ops, i);
        } catch (DdlExecutor.StepFailure e) {
            Text.Builder m = failure(r, ops, i, e.sql(), e.cause(), direction, atomic);
            if (!e.advice().isEmpty()) {
                m.add("\n", e.advice().stripTrailing());
            }
            if (afterEarlierRun && !atomic) {
                m.add(undoHint(r, ops, i));
            }
            List<String> committed = atomic ? List.of() : ops.subList(0, i).stream().map(Operation::describe).toList();
            throw new StepFailedException(r.id(), direction, i + 1, ops.size(), e.sql(), committed, m.build(), e.cause());
        }
    }

    private Text.Builder failure(RevisionInfo r, List<Operation> ops, int i, String sql, SQLException e, Action direction, boolean atomic) {
        Text.Builder m = Text.builder();
        m.add(direction == Action.UPGRADE ? "Upgrade" : "Downgrade", " of revision " + r.id() + " (" + r.className()
                + ") failed at step " + (i + 1) + " of " + ops.size() + ": " + ops.get(i).describe() + "\n");
        m.add("  SQL:   " + sql + "\n");
        m.add("  Cause: " + e.getMessage() + " [SQLState " + e.getSQLState() + ", error " + e.getErrorCode() + "]\n");
        if (atomic) {
            m.add("  Nothing was committed: " + dialect.name() + " ran the revision in one transaction and rolled it back;"
                    + " retort_history does not record it.\n");
            m.add("  To recover: fix the cause (or the migration), then run ", Hint.run(direction), " again.");
            return m;
        }
        if (i == 0) {
            m.add("  Already committed: nothing from this revision.\n");
        } else {
            m.add("  Already committed (" + (dialect.transactionalDdl()
                    ? "the revision runs step by step: a step builds an index concurrently, validates or backfills"
                    : dialect.name() + " commits each DDL statement") + "): steps 1-" + i + ":\n");
            for (int k = 0; k < i; k++) {
                m.add("    " + (k + 1) + ". " + ops.get(k).describe() + "\n");
            }
        }
        if (direction == Action.UPGRADE) {
            m.add("  retort_history records " + r.id() + " as 'failed' with " + i + " of " + ops.size()
                    + " steps done; it is not marked applied.\n");
            m.add("  To recover: fix the cause, then run ", Hint.run(Action.UPGRADE), " to resume at step " + (i + 1) + ", or run ",
                    Hint.run(Action.DOWNGRADE, Setting.TARGET, "-1"), " to undo the " + i + " completed step" + (i == 1 ? "" : "s") + ".");
        } else {
            m.add("  The revision stays recorded as applied. To recover: fix the cause (the steps above are committed), "
                    + "then complete the downgrade by hand or re-run it after restoring what the committed steps removed.");
        }
        return m;
    }

    /**
     * What to do when the failed step may have run already: a run killed after the server
     * committed the statement but before the journal entry committed leaves the change in place
     * and the journal one step behind. The inverse SQL puts the schema back where the journal says.
     */
    private Text undoHint(RevisionInfo r, List<Operation> ops, int i) {
        List<String> sql = new ArrayList<>();
        try {
            Set<String> before = graph.lineage(r.id()).stream().map(RevisionInfo::id).filter(id -> !id.equals(r.id()))
                    .collect(Collectors.toSet());
            Schema schema = graph.replay(before);
            for (int k = 0; k < i; k++) {
                schema = ops.get(k).applyTo(schema);
            }
            for (Operation undo : ops.get(i).inverse(schema)) {
                sql.addAll(dialect.toSql(undo));
            }
        } catch (RuntimeException e) {
            return Text.of("");
        }
        return Text.of("\n  An earlier run started this revision and stopped after step " + i + ". If it was killed after the server "
                + "committed step " + (i + 1) + " but before " + HistoryTable.NAME + " recorded it, that change is already in the "
                + "schema and cannot run twice. Check the schema; if the change is there, undo it by hand, then run ",
                Hint.run(Action.UPGRADE), " again:\n    " + String.join(";\n    ", sql) + ";");
    }

    /**
     * Before a journal write this session must still hold the migration lock. A driver that
     * reconnected, or a pooler that moved the session, has lost it, and another run may be changing
     * the schema: stop, saying what is committed.
     */
    private void ensureLockHeld(RevisionInfo r, int stepsDone, Action direction, boolean atomic) throws SQLException {
        if (dialect.holdsLock(connection, MigrationRunner.LOCK_NAME)) {
            return;
        }
        String committed = atomic
                ? "nothing of revision " + r.id() + " is committed: its transaction is rolled back"
                : "steps 1-" + stepsDone + " of the " + direction.key() + " of revision " + r.id() + " are committed, but "
                + HistoryTable.NAME + " was not updated for the last of them; check the schema against " + HistoryTable.NAME
                + " before rerunning";
        throw new MigrationException("This session no longer holds the migration lock '" + MigrationRunner.LOCK_NAME
                + "': the connection was re-established (a driver's autoReconnect, a pooler in transaction mode or with "
                + "multiplexing) and the lock died with the old server session, so another run may be changing the schema. "
                + "Stopped before writing to " + HistoryTable.NAME + "; " + committed + ". Connect Retort directly (or through "
                + "a session-mode pooler) and rerun.");
    }
}

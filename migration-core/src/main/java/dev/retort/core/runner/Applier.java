package dev.retort.core.runner;

import dev.retort.core.dialect.Dialect;
import dev.retort.core.dialect.LockHeld;
import dev.retort.core.errors.Action;
import dev.retort.core.errors.Hint;
import dev.retort.core.errors.Setting;
import dev.retort.core.errors.Text;
import dev.retort.core.history.HistoryRow;
import dev.retort.core.history.HistoryTable;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.introspect.DriftDetector;
import dev.retort.core.introspect.LiveSchema;
import dev.retort.core.introspect.SchemaReader;
import dev.retort.core.model.Schema;
import dev.retort.core.ops.BackfillColumn;
import dev.retort.core.ops.DropCheck;
import dev.retort.core.ops.Operation;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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

    Applier(
            Connection connection,
            Dialect dialect,
            RevisionGraph graph,
            HistoryTable history,
            DdlExecutor ddl,
            RunLog log) {
        this.connection = connection;
        this.dialect = dialect;
        this.graph = graph;
        this.history = history;
        this.ddl = ddl;
        this.log = log;
    }

    /**
     * The revision whose {@code 'running'} row the journal write after the last step of the one
     * before it recorded already ({@link HistoryTable#finishAndStart}), or null.
     */
    private String startedAhead;

    /**
     * Applies one revision of an upgrade plan, from its first step not yet committed.
     *
     * @param next the revision the plan applies right after this one, or null: where each statement
     *     commits on its own, the journal write after this revision's last step records it as
     *     started, saving it a round trip
     */
    void apply(Planner.Step s, Planner.Step next) throws SQLException {
        RevisionInfo r = s.revision();
        List<Operation> ops = s.steps();
        HistoryRow row = s.recorded();
        int from = s.from();
        if (from == 0) {
            log.info("Applying " + r.id() + " " + Preflight.quoted(r.message()) + " (" + ops.size() + " step"
                    + (ops.size() == 1 ? "" : "s") + ")");
        } else {
            log.info("Resuming " + r.id() + " " + Preflight.quoted(r.message()) + " at step " + (from + 1) + " of "
                    + ops.size() + " (steps 1-" + from + " were committed by an earlier run)");
        }
        long started = System.nanoTime();
        boolean atomic = ddl.atomic(ops);
        revision(r, ops, Action.UPGRADE, atomic, () -> {
            // Where each statement commits on its own, the row says 'running' before the first step runs: a run that
            // dies between a statement's commit and its journal entry leaves a row saying a step may be committed,
            // never silence. The first write replaces whatever an earlier run recorded; later ones move the counter.
            boolean fresh = true;
            if (r.id().equals(startedAhead)) {
                fresh = false; // the previous revision's last journal write recorded this one as running
            } else if (!atomic && from < ops.size()) {
                journal(r, ops, HistoryRow.RUNNING, from, 0, row, true, atomic, true);
                fresh = false;
            }
            startedAhead = null;
            int first = from;
            if (!atomic && row != null && from < ops.size() && committedEarlier(r, ops, from, Action.UPGRADE)) {
                first = from + 1;
                journal(
                        r,
                        ops,
                        first == ops.size() ? HistoryRow.APPLIED : HistoryRow.RUNNING,
                        first,
                        Duration.ofNanos(System.nanoTime() - started).toMillis(),
                        row,
                        fresh,
                        atomic,
                        false);
                fresh = false;
                log.stepDone(r.id(), first, ops.size());
            }
            List<Schema> before = schemasBefore(ops, first);
            for (int i = first; i < ops.size(); i++) {
                try {
                    runStep(r, ops, i, before.get(i - first), Action.UPGRADE, atomic, s.interrupted() && i == from);
                } catch (MigrationException e) {
                    if (!atomic) {
                        int failedAt = i;
                        afterFailure(e, () -> {
                            journal(r, ops, HistoryRow.FAILED, failedAt, 0, row, false, atomic, false);
                            return null;
                        });
                    }
                    throw e;
                }
                int done = i + 1;
                if (!atomic && !fresh && done == ops.size() && startsAhead(next)) {
                    finishAndStart(
                            r,
                            ops,
                            Duration.ofNanos(System.nanoTime() - started).toMillis(),
                            next.revision());
                } else if (!atomic || done == ops.size()) {
                    journal(
                            r,
                            ops,
                            done == ops.size() ? HistoryRow.APPLIED : HistoryRow.RUNNING,
                            done,
                            Duration.ofNanos(System.nanoTime() - started).toMillis(),
                            row,
                            fresh,
                            atomic,
                            false);
                    fresh = false;
                }
                log.stepDone(r.id(), done, ops.size());
            }
            if (fresh) {
                // no step ran here: a revision without operations (a merge), or one whose steps were all done
                journal(
                        r,
                        ops,
                        HistoryRow.APPLIED,
                        ops.size(),
                        Duration.ofNanos(System.nanoTime() - started).toMillis(),
                        row,
                        true,
                        atomic,
                        false);
            }
            return null;
        });
    }

    /**
     * Reverts one revision of a downgrade plan and removes its row. Where each statement commits on
     * its own, the downgrade is journaled like an upgrade: the row says 'reverting' before the first
     * step, counts each committed step, and a rerun resumes after the last one.
     */
    void revert(Planner.Step s) throws SQLException {
        RevisionInfo r = s.revision();
        List<Operation> ops = s.steps();
        int from = s.from();
        if (from == 0) {
            log.info("Reverting " + r.id() + " " + Preflight.quoted(r.message()) + " (" + ops.size() + " step"
                    + (ops.size() == 1 ? "" : "s") + ")");
        } else {
            log.info("Resuming the downgrade of " + r.id() + " " + Preflight.quoted(r.message()) + " at step "
                    + (from + 1) + " of " + ops.size() + " (steps 1-" + from + " were committed by an earlier run)");
        }
        boolean atomic = ddl.atomic(ops);
        revision(r, ops, Action.DOWNGRADE, atomic, () -> {
            int first = from;
            if (s.recorded() != null && !s.recorded().applied() && !s.recorded().reverting()) {
                dropLeftByUnfinishedStep(r, s.recorded());
            }
            if (!atomic
                    && s.recorded() != null
                    && s.recorded().reverting()
                    && from < ops.size()
                    && committedEarlier(r, ops, from, Action.DOWNGRADE)) {
                first = from + 1;
            }
            if (!atomic && from < ops.size()) {
                history.reverting(r.id(), first, RevisionInfo.stepChecksums(ops));
            }
            List<Schema> before = schemasBefore(ops, first);
            for (int i = first; i < ops.size(); i++) {
                runStep(r, ops, i, before.get(i - first), Action.DOWNGRADE, atomic, false);
                if (!atomic && i + 1 < ops.size()) {
                    history.reverted(r.id(), i + 1);
                }
            }
            ensureLockHeld(r, ops.size(), Action.DOWNGRADE, atomic);
            history.delete(r.id());
            // a reverted revision's backfill starts over when it is applied again
            Backfiller.clearProgress(connection, r.id());
            return null;
        });
    }

    /**
     * Runs a revision's steps, in one transaction when {@code atomic}. A lock found busy inside that
     * transaction is not waited for there: the locks the earlier steps took would block every reader
     * and writer of their tables meanwhile. The revision is rolled back and started again after a
     * backoff, until the retry budget is spent.
     */
    private void revision(RevisionInfo r, List<Operation> ops, Action direction, boolean atomic, Work<Void> work)
            throws SQLException {
        long started = System.nanoTime();
        int attempt = 0;
        DdlExecutor.BusyInTransaction last = null;
        while (true) {
            try {
                inTransaction(atomic, work);
                if (attempt > 0) {
                    log.info("  got the lock on attempt " + (attempt + 1) + " after "
                            + DdlExecutor.seconds(System.nanoTime() - started) + ": revision " + r.id()
                            + " ran in one transaction, having rolled back rather than wait holding locks");
                }
                return;
            } catch (DdlExecutor.BusyInTransaction busy) {
                last = busy;
                attempt++;
                DdlExecutor.StepFailure gaveUp = ddl.pauseBeforeRevisionRetry(busy, r.id(), started, attempt);
                if (gaveUp != null) {
                    throw stepFailed(r, ops, busy.step(), direction, atomic, false, gaveUp);
                }
            } catch (SQLException e) {
                if (last == null) {
                    throw e;
                }
                // starting the revision again failed (the connection died between attempts): report it as the step that
                // waited
                throw stepFailed(
                        r,
                        ops,
                        last.step(),
                        direction,
                        atomic,
                        false,
                        new DdlExecutor.StepFailure("-- " + ops.get(last.step()).describe(), e, (Text) null));
            }
        }
    }

    /** Runs what reports more after a failed step; if that fails too, it is added to the step's report instead of replacing it. */
    private static void afterFailure(MigrationException e, Work<Void> more) {
        try {
            more.run();
        } catch (SQLException | RuntimeException x) {
            e.addSuppressed(x);
        }
    }

    /**
     * True when the journal write after this revision's last step can also record {@code next} as
     * started: it runs from its first step, step by step, with no row of an earlier run to replace.
     */
    private boolean startsAhead(Planner.Step next) {
        return next != null
                && next.from() == 0
                && next.recorded() == null
                && !next.steps().isEmpty()
                && !ddl.atomic(next.steps());
    }

    /**
     * The journal write after a revision's last step, which also records the next revision as
     * running (one statement, {@link HistoryTable#finishAndStart}); two writes where the database
     * has no such statement or the combined write found nothing to write with the lock held.
     */
    private void finishAndStart(RevisionInfo r, List<Operation> ops, long durationMs, RevisionInfo next)
            throws SQLException {
        Boolean written;
        try {
            LockHeld held = dialect.lockHeld(connection, MigrationRunner.LOCK_NAME);
            written = held == null
                    ? null
                    : history.finishAndStart(r, HistoryRow.APPLIED, ops.size(), durationMs, next, held);
            if (Boolean.FALSE.equals(written)) {
                ensureLockHeld(r, ops.size(), Action.UPGRADE, false);
                written = null;
            }
        } catch (SQLException e) {
            throw journalFailed(r, ops, ops.size(), false, false, e);
        }
        if (written == null) {
            journal(r, ops, HistoryRow.APPLIED, ops.size(), durationMs, null, false, false, false);
            return;
        }
        startedAhead = next.id();
    }

    private void journal(
            RevisionInfo r,
            List<Operation> ops,
            String state,
            int stepsDone,
            long durationMs,
            HistoryRow earlier,
            boolean fresh,
            boolean atomic,
            boolean beforeStep)
            throws SQLException {
        try {
            // the check that this session still holds the migration lock rides in the write's WHERE where the database
            // can say it there; a write that changed nothing asks on its own, to tell a lost lock from an unchanged row
            LockHeld held = dialect.lockHeld(connection, MigrationRunner.LOCK_NAME);
            if (held == null) {
                ensureLockHeld(r, stepsDone, Action.UPGRADE, atomic);
                held = LockHeld.ALWAYS;
            }
            boolean written;
            if (fresh) {
                written = history.record(r, state, stepsDone, durationMs, earlier != null, held);
            } else if (HistoryRow.RUNNING.equals(state)) {
                written = history.progress(r.id(), stepsDone, held);
            } else {
                written = history.finish(r.id(), state, stepsDone, durationMs, held);
            }
            if (!written && held.condition() != null) {
                ensureLockHeld(r, stepsDone, Action.UPGRADE, atomic);
                if (fresh && earlier == null) {
                    // the lock is held and yet the row was not inserted: write it as before the check was folded in
                    history.record(r, state, stepsDone, durationMs, false);
                }
            }
        } catch (SQLException e) {
            if (HistoryRow.FAILED.equals(state)) {
                throw e; // recording a step's failure: the step's own report stays the report
            }
            throw journalFailed(r, ops, stepsDone, atomic, beforeStep && !atomic, e);
        }
    }

    /**
     * The report of a journal write that failed (most often the connection died): the revision and
     * the step it was recording, what is committed, and that a rerun resumes. Before a step, the row
     * says the step is about to run; after it, that it is done.
     */
    private StepFailedException journalFailed(
            RevisionInfo r, List<Operation> ops, int stepsDone, boolean atomic, boolean beforeStep, SQLException e) {
        int step = Math.min(Math.max(beforeStep ? stepsDone + 1 : stepsDone, 1), Math.max(ops.size(), 1));
        String describe = ops.isEmpty() ? "(no operations)" : ops.get(step - 1).describe();
        Text.Builder m = Text.builder();
        m.add("Upgrade of revision " + r.id() + " (" + r.className() + ") failed at step " + step + " of " + ops.size()
                + ": " + describe + "\n");
        m.add("  Recording " + (beforeStep ? "that the step is about to run" : "the step as done") + " in "
                + HistoryTable.NAME + " failed.\n");
        m.add("  Cause: " + e.getMessage() + " [SQLState " + e.getSQLState() + ", error " + e.getErrorCode() + "]\n");
        List<String> committed;
        if (atomic) {
            committed = List.of();
            m.add("  Nothing was committed: " + dialect.name()
                    + " ran the revision in one transaction and rolled it back; " + HistoryTable.NAME
                    + " does not record it.\n");
        } else if (beforeStep) {
            committed =
                    ops.subList(0, stepsDone).stream().map(Operation::describe).toList();
            m.add("  Step " + step + " did not run; "
                    + (stepsDone == 0
                            ? "no step of this revision is committed"
                            : "steps 1-" + stepsDone + " are committed and recorded")
                    + ".\n");
        } else {
            committed =
                    ops.subList(0, stepsDone).stream().map(Operation::describe).toList();
            m.add("  Steps 1-" + stepsDone + " are committed; step " + stepsDone + " may not be recorded: the next run"
                    + " compares it with the live schema, records it when it is there and runs it when it is not.\n");
        }
        m.add(
                "  To recover: once the database is reachable, run ",
                Hint.run(Action.UPGRADE),
                " again; it resumes here.");
        return new StepFailedException(
                r.id(), Action.UPGRADE, step, ops.size(), "-- " + HistoryTable.NAME, committed, m.build(), e);
    }

    /**
     * True when the step an interrupted run was at is already in the live schema: the earlier run
     * was killed after the server committed the step's DDL and before the journal recorded it. The
     * live tables the step touches must match the schema after the step and not the one before it
     * (replayed from the journal); a step with no schema effect (a backfill), or a live schema that
     * matches neither, is run as usual.
     */
    private boolean committedEarlier(RevisionInfo r, List<Operation> ops, int step, Action direction)
            throws SQLException {
        Operation op = ops.get(step);
        dev.retort.core.dialect.Session.OnlineCopier copier = ddl.session().onlineCopier();
        if (copier != null && copier.handles(op) && copier.leftRemains(op)) {
            // a shadow copy the earlier run left: it resumes or finishes through retort_online_copy
            return false;
        }
        Schema before;
        Schema after;
        try {
            before = new Planner(graph).currentSchema(history.rows());
            after = op.applyTo(before);
        } catch (RuntimeException e) {
            return false;
        }
        Set<String> names = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        names.add(op.table());
        if (op instanceof dev.retort.core.ops.RenameTable rename) {
            names.add(rename.to());
        }
        Schema wantBefore = restrict(before, names);
        Schema wantAfter = restrict(after, names);
        if (wantBefore.equals(wantAfter)) {
            return false;
        }
        LiveSchema read = new SchemaReader(connection, dialect).read(before.merge(after));
        LiveSchema live = restrict(read, names);
        boolean isAfter = DriftDetector.compare(wantAfter, live, dialect).isEmpty();
        boolean isBefore = DriftDetector.compare(wantBefore, live, dialect).isEmpty();
        if (isAfter && !isBefore) {
            log.info("  step " + (step + 1) + " of the " + direction.key() + " of " + r.id() + " (" + op.describe()
                    + ") is already in the database: an earlier run committed it and stopped before recording it");
            return true;
        }
        if (isBefore) {
            dropUnvalidated(read, wantBefore, wantAfter);
        }
        return false;
    }

    /**
     * Undoing a revision whose upgrade failed or was killed at a step: the steps it committed are undone
     * by the downgrade, but a constraint that step added {@code NOT VALID} and could not validate is still
     * there, and would stay (drift, and the next upgrade failing with "already exists"): it is dropped first.
     */
    private void dropLeftByUnfinishedStep(RevisionInfo r, dev.retort.core.history.HistoryRow row) throws SQLException {
        int at = row.stepsDone();
        if (at < 0 || at >= r.upgrade().size()) {
            return;
        }
        Operation op = r.upgrade().get(at);
        Schema before;
        Schema after;
        try {
            before = new Planner(graph).currentSchema(history.rows());
            after = op.applyTo(before);
        } catch (RuntimeException e) {
            return;
        }
        Set<String> names = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        names.add(op.table());
        LiveSchema read = new SchemaReader(connection, dialect).read(before.merge(after));
        dropUnvalidated(read, restrict(before, names), restrict(after, names));
    }

    /**
     * A constraint the step adds that an earlier run left {@code NOT VALID} (killed between the add
     * and its validation) is dropped, so that the step adds and validates it again.
     */
    private void dropUnvalidated(LiveSchema read, Schema before, Schema after) throws SQLException {
        Set<String> unfinished = unfinished();
        for (dev.retort.core.model.Table t : after.tables()) {
            Set<String> had = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            before.table(t.name()).ifPresent(b -> {
                b.foreignKeys().forEach(k -> had.add(k.name()));
                b.checks().forEach(c -> had.add(c.name()));
            });
            List<String> added = new ArrayList<>();
            t.foreignKeys().forEach(k -> added.add(k.name()));
            t.checks().forEach(c -> added.add(c.name()));
            for (String name : added) {
                boolean left = read.table(t.name())
                        .map(l -> l.foreignKeys().stream()
                                        .anyMatch(k -> k.name().equalsIgnoreCase(name))
                                || l.checks().stream().anyMatch(c -> c.name().equalsIgnoreCase(name)))
                        .orElse(false);
                if (!had.contains(name) && unfinished.contains(name) && left) {
                    log.info("  dropping constraint " + name + " on " + t.name()
                            + ": an earlier run added it NOT VALID and stopped before validating it");
                    try (java.sql.Statement st = connection.createStatement()) {
                        st.execute(
                                "ALTER TABLE " + dialect.quote(t.name()) + " DROP CONSTRAINT " + dialect.quote(name));
                    }
                }
            }
        }
    }

    private static Schema restrict(Schema schema, Set<String> names) {
        return new Schema(
                schema.tables().stream().filter(t -> names.contains(t.name())).toList(),
                schema.sequences().stream()
                        .filter(q -> names.contains(q.name()))
                        .toList(),
                // a createType or dropType step names its type as its table
                schema.types().stream().filter(t -> names.contains(t.name())).toList());
    }

    /**
     * The live tables and sequences named, without what PostgreSQL has only half made: an INVALID
     * index (a killed {@code CREATE INDEX CONCURRENTLY}) or a constraint added {@code NOT VALID} and
     * not validated yet. Neither counts as the step done.
     */
    private LiveSchema restrict(LiveSchema live, Set<String> names) throws SQLException {
        Set<String> invalid = unfinished();
        // the live names of the step's tables: qualified as the database reports them
        Set<String> liveNames = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        names.forEach(n -> liveNames.add(DriftDetector.liveName(n, dialect, live.defaultNamespace())));
        return new LiveSchema(
                live.tables().stream()
                        .filter(t -> liveNames.contains(t.name()))
                        .map(t -> new LiveSchema.LiveTable(
                                t.name(),
                                t.columns(),
                                t.primaryKey(),
                                t.indexes().stream()
                                        .filter(i -> !invalid.contains(i.name()))
                                        .toList(),
                                t.foreignKeys().stream()
                                        .filter(k -> !invalid.contains(k.name()))
                                        .toList(),
                                t.checks().stream()
                                        .filter(c -> !invalid.contains(c.name()))
                                        .toList()))
                        .toList(),
                live.sequences().stream().filter(liveNames::contains).toList(),
                live.defaultNamespace(),
                live.types().stream()
                        .filter(t -> names.contains(t.name()) || liveNames.contains(t.name()))
                        .toList());
    }

    private Set<String> unfinished() throws SQLException {
        Set<String> out = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        String query = dialect.catalog().unfinishedQuery();
        if (query == null) {
            return out;
        }
        try (java.sql.Statement st = connection.createStatement();
                java.sql.ResultSet rs = st.executeQuery(query)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
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
        T result;
        try {
            result = work.run();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            // on a connection that died, the rollback and the reset fail too: the first failure is the report
            try {
                connection.rollback();
            } catch (SQLException | RuntimeException x) {
                e.addSuppressed(x);
            }
            try {
                connection.setAutoCommit(true);
            } catch (SQLException | RuntimeException x) {
                e.addSuppressed(x);
            }
            throw e;
        }
        connection.setAutoCommit(true);
        return result;
    }

    /**
     * The schema right before each step from {@code first} on, read from the journal as it stands before
     * step {@code first} runs, for the steps whose statements depend on it: a dropped check, which a
     * database may never have created ({@link Dialect#statements(List, int, Schema)}), and a backfill, whose
     * column may be absent on this database. Nulls (unknown) when no step from {@code first} on is either,
     * sparing the read, or when the journal does not replay.
     */
    private List<Schema> schemasBefore(List<Operation> ops, int first) throws SQLException {
        List<Schema> before = new ArrayList<>(Collections.nCopies(ops.size() - first, (Schema) null));
        if (ops.subList(first, ops.size()).stream()
                .noneMatch(op -> op instanceof DropCheck || op instanceof BackfillColumn)) {
            return before;
        }
        try {
            Schema schema = new Planner(graph).currentSchema(history.rows());
            for (int i = first; i < ops.size(); i++) {
                before.set(i - first, schema);
                schema = ops.get(i).applyTo(schema);
            }
        } catch (RuntimeException e) {
            // a journal that does not replay: each drop is sent as written
        }
        return before;
    }

    /**
     * Runs one step through the DDL executor (lock-wait timeouts, retries, online-DDL checks).
     *
     * @param afterEarlierRun true for the first step this run tries of a revision that an earlier
     *                        run started: if that run died between the statement and its journal
     *                        entry, the change is already there
     */
    private void runStep(
            RevisionInfo r,
            List<Operation> ops,
            int i,
            Schema before,
            Action direction,
            boolean atomic,
            boolean afterEarlierRun)
            throws SQLException {
        try {
            ddl.execute(r.id(), ops, i, before);
        } catch (DdlExecutor.StepFailure e) {
            throw stepFailed(r, ops, i, direction, atomic, afterEarlierRun, e);
        } catch (DdlExecutor.BusyInTransaction e) {
            e.step(i);
            throw e;
        }
    }

    private StepFailedException stepFailed(
            RevisionInfo r,
            List<Operation> ops,
            int i,
            Action direction,
            boolean atomic,
            boolean afterEarlierRun,
            DdlExecutor.StepFailure e) {
        Text.Builder m = failure(r, ops, i, e.sql(), e.cause(), direction, atomic, afterEarlierRun);
        if (!e.advice().isEmpty()) {
            m.add("\n", e.advice().stripTrailing());
        }
        if (afterEarlierRun && !atomic) {
            m.add(undoHint(r, ops, i));
        }
        List<String> committed = atomic
                ? List.of()
                : ops.subList(0, i).stream().map(Operation::describe).toList();
        return new StepFailedException(r.id(), direction, i + 1, ops.size(), e.sql(), committed, m.build(), e.cause());
    }

    private Text.Builder failure(
            RevisionInfo r,
            List<Operation> ops,
            int i,
            String sql,
            SQLException e,
            Action direction,
            boolean atomic,
            boolean afterEarlierRun) {
        Text.Builder m = Text.builder();
        m.add(
                direction == Action.UPGRADE ? "Upgrade" : "Downgrade",
                " of revision " + r.id() + " (" + r.className() + ") failed at step " + (i + 1) + " of " + ops.size()
                        + ": " + ops.get(i).describe() + "\n");
        m.add("  SQL:   " + sql + "\n");
        m.add("  Cause: " + e.getMessage() + " [SQLState " + e.getSQLState() + ", error " + e.getErrorCode() + "]\n");
        if (atomic) {
            m.add("  Nothing was committed: " + dialect.name()
                    + " ran the revision in one transaction and rolled it back;"
                    + " retort_history does not record it.\n");
            m.add("  To recover: fix the cause (or the migration), then run ", Hint.run(direction), " again.");
            return m;
        }
        if (i == 0 && afterEarlierRun) {
            m.add("  Already committed: no step this run; an earlier run may have committed step 1 (see below).\n");
        } else if (i == 0) {
            // the failed step's own state (a shadow copy swapped in, say) is its advice's to tell
            m.add("  Already committed: no step of this revision before this one.\n");
        } else {
            m.add("  Already committed ("
                    + (dialect.transactionalDdl()
                            ? "the revision runs step by step: a step builds an index concurrently, validates or backfills"
                            : dialect.name() + " commits each DDL statement")
                    + "): steps 1-" + i + ":\n");
            for (int k = 0; k < i; k++) {
                m.add("    " + (k + 1) + ". " + ops.get(k).describe() + "\n");
            }
        }
        if (direction == Action.UPGRADE) {
            m.add("  retort_history records " + r.id() + " as 'failed' with " + i + " of " + ops.size()
                    + " steps done; it is not marked applied.\n");
            m.add(
                    "  To recover: fix the cause, then run ",
                    Hint.run(Action.UPGRADE),
                    " to resume at step " + (i + 1) + ", or run ",
                    Hint.run(Action.DOWNGRADE, Setting.TARGET, "-1"),
                    " to undo the " + i + " completed step" + (i == 1 ? "" : "s") + ".");
        } else {
            m.add("  retort_history records " + r.id() + " as 'reverting' with " + i + " of " + ops.size()
                    + " downgrade steps done.\n");
            m.add(
                    "  To recover: fix the cause, then run ",
                    Hint.run(Action.DOWNGRADE, Setting.TARGET, "-1"),
                    " again to resume the downgrade at step " + (i + 1) + ".");
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
            Set<String> before = graph.lineage(r.id()).stream()
                    .map(RevisionInfo::id)
                    .filter(id -> !id.equals(r.id()))
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
        return Text.of(
                "\n  An earlier run started this revision and stopped after step " + i
                        + ". If it was killed after the server "
                        + "committed step " + (i + 1) + " but before " + HistoryTable.NAME
                        + " recorded it, that change is already in the "
                        + "schema and cannot run twice. Check the schema; if the change is there, undo it by hand, then run ",
                Hint.run(Action.UPGRADE),
                " again:\n    " + String.join(";\n    ", sql) + ";");
    }

    /**
     * Before a journal write (or with it, {@link LockHeld}) this session must still hold the migration lock. A driver that
     * reconnected, or a pooler that moved the session, has lost it, and another run may be changing
     * the schema: stop, saying what is committed.
     */
    private void ensureLockHeld(RevisionInfo r, int stepsDone, Action direction, boolean atomic) throws SQLException {
        if (dialect.holdsLock(connection, MigrationRunner.LOCK_NAME)) {
            return;
        }
        String committed = atomic
                ? "nothing of revision " + r.id() + " is committed: its transaction is rolled back"
                : "steps 1-" + stepsDone + " of the " + direction.key() + " of revision " + r.id()
                        + " are committed, but "
                        + HistoryTable.NAME + " was not updated for the last of them; check the schema against "
                        + HistoryTable.NAME
                        + " before rerunning";
        throw new MigrationException("This session no longer holds the migration lock '" + MigrationRunner.LOCK_NAME
                + "': the connection was re-established (a driver's autoReconnect, a pooler in transaction mode or with "
                + "multiplexing) and the lock died with the old server session, so another run may be changing the schema. "
                + "Stopped before writing to " + HistoryTable.NAME + "; " + committed
                + ". Connect Retort directly (or through "
                + "a session-mode pooler) and rerun.");
    }
}

package dev.retort.core.runner;

import dev.retort.core.dialect.Dialect;
import dev.retort.core.diff.SchemaDiffer;
import dev.retort.core.history.GraphException;
import dev.retort.core.history.HistoryRow;
import dev.retort.core.history.HistoryTable;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.model.Schema;
import dev.retort.core.ops.Irreversible;
import dev.retort.core.ops.Operation;
import dev.retort.core.safety.SafetyGate;
import dev.retort.core.safety.SafetyPolicy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Applies and reverts revisions on one connection.
 *
 * <p>Before anything runs, the whole plan is checked: every revision the database records must
 * still exist with the same checksum, every step that destroys data must be acknowledged, and the
 * safety rules judge every step, upgrade and downgrade alike ({@link SafetyGate}).
 * Then each step runs and its completion is journaled in {@code retort_history}, so a failure
 * reports exactly what is committed and a rerun resumes at the step that failed. Runs are
 * serialised by a database lock that dies with the session.
 */
public final class MigrationRunner {

    /** Name of the database lock that serialises concurrent runs. */
    public static final String LOCK_NAME = "retort_migrations";

    private final Connection connection;
    private final Dialect dialect;
    private final RevisionGraph graph;
    private final RunLog log;
    private final boolean allowDataLoss;
    private final Duration lockWait;
    private final HistoryTable history;
    private final SafetyPolicy safety;
    private final DdlPolicy ddlPolicy;
    private final DdlExecutor ddl;
    /** Whether the revision being applied or reverted runs in one transaction. */
    private boolean atomic;

    public MigrationRunner(Connection connection, Dialect dialect, RevisionGraph graph, RunLog log,
                           boolean allowDataLoss, Duration lockWait) {
        this(connection, dialect, graph, log, allowDataLoss, lockWait, SafetyPolicy.DEFAULT, DdlPolicy.DEFAULT);
    }

    /**
     * @param safety    what safety findings do ({@code migrate.safety}, per-rule severities)
     * @param ddlPolicy how DDL waits for locks and retries, and which tables may be copied
     */
    public MigrationRunner(Connection connection, Dialect dialect, RevisionGraph graph, RunLog log,
                           boolean allowDataLoss, Duration lockWait, SafetyPolicy safety, DdlPolicy ddlPolicy) {
        this.safety = ddlPolicy.onlineCopy() == DdlPolicy.OnlineCopy.OFF ? safety : safety.withOnlineCopy();
        this.ddlPolicy = ddlPolicy;
        this.ddl = new DdlExecutor(connection, dialect, ddlPolicy, log);
        this.connection = connection;
        this.dialect = dialect;
        this.graph = graph;
        this.log = log;
        this.allowDataLoss = allowDataLoss;
        this.lockWait = lockWait;
        this.history = new HistoryTable(connection, dialect);
    }

    /** What the database records, oldest first; empty when Retort never ran there. */
    public List<HistoryRow> recorded() throws SQLException {
        return history.exists() ? history.rows() : List.of();
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
            history.create();
            Map<String, HistoryRow> rows = rowsById();
            checkRecorded(rows);
            Set<String> applied = appliedIds(rows);
            List<RevisionInfo> plan = upgradePlan(target, applied);
            clearCopyRemains(plan, rows);
            if (plan.isEmpty()) {
                log.info("Nothing to upgrade: the database is at " + describeCurrent(applied) + ".");
                return List.of();
            }
            Map<RevisionInfo, HistoryRow> resumeAt = new LinkedHashMap<>();
            for (RevisionInfo r : plan) {
                resumeAt.put(r, rows.get(r.id()));
            }
            rows.values().stream().filter(row -> !row.applied() && plan.stream().noneMatch(r -> r.id().equals(row.revision())))
                    .findFirst().ifPresent(row -> {
                        throw new MigrationException("revision " + row.revision() + " is recorded as " + row.state() + " ("
                                + row.stepsDone() + " of " + row.stepsTotal() + " steps) but is not on the way to '" + target
                                + "'. Finish it with mvn migrate:upgrade, or undo its completed steps with mvn migrate:downgrade -Dmigrate.target=-1.");
                    });
            checkDataLoss(resumeAt.entrySet().stream()
                    .flatMap(e -> steps(e.getKey().id(), e.getKey().upgrade(), stepsDone(e.getValue())).stream()).toList(), "upgrade");
            Map<RevisionInfo, Integer> startAt = new LinkedHashMap<>();
            resumeAt.forEach((r, row) -> startAt.put(r, stepsDone(row)));
            SafetyGate.Verdict verdict = SafetyGate.evaluate(dialect, graph, applied, startAt, safety, ddlPolicy.lockWait());
            verdict.warnings().forEach(log::warn);
            if (verdict.refuses()) {
                throw new MigrationException(verdict.refusal("upgrade"));
            }
            List<String> done = new ArrayList<>();
            for (Map.Entry<RevisionInfo, HistoryRow> e : resumeAt.entrySet()) {
                apply(e.getKey(), e.getValue());
                done.add(e.getKey().id());
            }
            Set<String> now = new HashSet<>(applied);
            now.addAll(done);
            log.info("Upgraded: " + done.size() + " revision" + (done.size() == 1 ? "" : "s") + " applied; the database is at "
                    + describeCurrent(now) + ".");
            return done;
        });
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
            history.create();
            Map<String, HistoryRow> rows = rowsById();
            checkRecorded(rows);
            clearCopyRemains(List.of(), rows);
            List<RevisionInfo> present = graph.ordered().stream().filter(r -> rows.containsKey(r.id())).toList();
            List<RevisionInfo> undo = downgradePlan(target, present);
            if (undo.isEmpty()) {
                log.info("Nothing to downgrade: the database is at " + describeCurrent(appliedIds(rows)) + ".");
                return List.of();
            }
            Map<RevisionInfo, List<Operation>> plans = new LinkedHashMap<>();
            for (RevisionInfo r : undo) {
                HistoryRow row = rows.get(r.id());
                plans.put(r, row.applied() ? r.downgrade() : undoCompletedSteps(r, row.stepsDone(), rows));
            }
            checkReversible(plans);
            checkDataLoss(plans.entrySet().stream().flatMap(e -> steps(e.getKey().id(), e.getValue(), 0).stream()).toList(),
                    "downgrade");
            SafetyGate.Verdict verdict = SafetyGate.evaluateDowngrade(dialect, currentSchema(present, rows), plans, safety,
                    ddlPolicy.lockWait());
            verdict.warnings().forEach(log::warn);
            if (verdict.refuses()) {
                throw new MigrationException(verdict.refusal("downgrade"));
            }
            List<String> done = new ArrayList<>();
            for (Map.Entry<RevisionInfo, List<Operation>> e : plans.entrySet()) {
                revert(e.getKey(), e.getValue());
                done.add(e.getKey().id());
            }
            Set<String> now = new HashSet<>(appliedIds(rows));
            done.forEach(now::remove);
            log.info("Downgraded: " + done.size() + " revision" + (done.size() == 1 ? "" : "s") + " reverted; the database is at "
                    + describeCurrent(now) + ".");
            return done;
        });
    }

    private List<RevisionInfo> upgradePlan(String target, Set<String> applied) {
        List<String> targets;
        if (target == null || target.isBlank() || target.equals("head")) {
            String head = graph.head();
            targets = head == null ? List.of() : List.of(head);
        } else if (target.equals("heads")) {
            targets = graph.heads();
        } else if (target.matches("\\+\\d+")) {
            int n = Integer.parseInt(target.substring(1));
            return graph.ordered().stream().filter(r -> !applied.contains(r.id())).limit(n).toList();
        } else if (target.equals("base") || target.matches("-\\d+")) {
            throw new GraphException("'" + target + "' moves down; use mvn migrate:downgrade -Dmigrate.target=" + target);
        } else {
            String id = graph.resolve(target);
            targets = id == null ? List.of() : List.of(id);
        }
        Set<String> wanted = new HashSet<>();
        targets.forEach(t -> graph.lineage(t).forEach(r -> wanted.add(r.id())));
        return graph.ordered().stream().filter(r -> wanted.contains(r.id()) && !applied.contains(r.id())).toList();
    }

    private List<RevisionInfo> downgradePlan(String target, List<RevisionInfo> present) {
        List<RevisionInfo> undo;
        if (target == null || target.isBlank()) {
            throw new GraphException("downgrade needs a target: -Dmigrate.target=-1 (the last revision), base (all) or a revision id");
        } else if (target.matches("-\\d+")) {
            int n = Integer.parseInt(target.substring(1));
            undo = new ArrayList<>(present.subList(Math.max(0, present.size() - n), present.size()));
        } else if (target.matches("\\+\\d+") || target.equals("head") || target.equals("heads")) {
            throw new GraphException("'" + target + "' moves up; use mvn migrate:upgrade -Dmigrate.target=" + target);
        } else {
            String keep = graph.resolve(target);
            if (keep == null) {
                undo = new ArrayList<>(present);
            } else {
                if (present.stream().noneMatch(r -> r.id().equals(keep))) {
                    throw new GraphException("revision " + keep + " is not applied, so the database cannot go down to it; "
                            + "the database is at " + describeCurrent(present.stream().map(RevisionInfo::id).collect(Collectors.toSet())));
                }
                Set<String> lineage = graph.lineage(keep).stream().map(RevisionInfo::id).collect(Collectors.toSet());
                undo = present.stream().filter(r -> !lineage.contains(r.id())).collect(Collectors.toCollection(ArrayList::new));
            }
        }
        java.util.Collections.reverse(undo);
        return undo;
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
            List<String> tips = stampTargets(target);
            clearCopyRemains(List.of(), Map.of());
            return inTransaction(() -> {
                if (purge) {
                    int n = history.deleteAll();
                    log.info("Purged " + HistoryTable.NAME + ": " + n + " row" + (n == 1 ? "" : "s") + " removed.");
                }
                Map<String, HistoryRow> rows = rowsById();
                List<String> unknown = rows.keySet().stream().filter(id -> !graph.contains(id)).toList();
                if (!unknown.isEmpty()) {
                    throw new MigrationException(HistoryTable.NAME + " records revision" + (unknown.size() == 1 ? " " : "s ")
                            + unknown + " but no migration class has " + (unknown.size() == 1 ? "that id" : "those ids")
                            + "; nothing was changed. To start the history over, stamp with -Dmigrate.purge=true: it clears "
                            + HistoryTable.NAME + " first, then records " + target + " and its ancestors.");
                }
                Set<String> keep = new HashSet<>();
                tips.forEach(t -> graph.lineage(t).forEach(r -> keep.add(r.id())));
                List<String> removed = new ArrayList<>();
                for (HistoryRow row : rows.values()) {
                    boolean above = tips.isEmpty() || tips.stream().anyMatch(t -> graph.isAncestor(t, row.revision()));
                    if (!keep.contains(row.revision()) && above) {
                        history.delete(row.revision());
                        removed.add(row.revision());
                    }
                }
                if (!removed.isEmpty()) {
                    log.info("No longer recorded (nothing was reverted; their changes stay in the schema): " + removed);
                }
                List<String> recorded = new ArrayList<>();
                for (RevisionInfo r : graph.ordered()) {
                    if (!keep.contains(r.id())) {
                        continue;
                    }
                    HistoryRow row = rows.get(r.id());
                    if (row == null || !row.applied()) {
                        if (row != null) {
                            log.warn("Revision " + r.id() + " was " + row.state() + " at step " + row.stepsDone() + " of "
                                    + row.stepsTotal() + "; stamped as applied: steps " + (row.stepsDone() + 1) + "-"
                                    + row.stepsTotal() + " must already be in the schema, Retort will not run them.");
                        }
                        history.stamp(r, row != null);
                        recorded.add(r.id());
                    } else if (!row.checksum().equals(r.checksum())) {
                        history.updateChecksum(r.id(), r.checksum());
                        log.info("Re-recorded the checksum of " + r.id() + " (" + r.className() + "): the migration was edited "
                                + "after it was applied; the database keeps what the earlier version did.");
                    }
                }
                log.info("Stamped " + (recorded.isEmpty() ? "nothing new" : recorded.size() + " revision"
                        + (recorded.size() == 1 ? "" : "s") + " as applied without running them") + "; the database is recorded at "
                        + describeCurrent(appliedIds(rowsById())) + ".");
                return recorded;
            });
        });
    }

    private List<String> stampTargets(String target) {
        if (target == null || target.isBlank()) {
            throw new GraphException("stamp needs a target: -Dmigrate.target=<revision> (the revision the schema is at), "
                    + "head, heads or base");
        }
        if (target.equals("head")) {
            String head = graph.head();
            return head == null ? List.of() : List.of(head);
        }
        if (target.equals("heads")) {
            return graph.heads();
        }
        if (target.matches("[+-]\\d+")) {
            throw new GraphException("stamp needs an absolute target, not '" + target + "': a revision id or prefix, "
                    + "<revision>+N, <revision>-N, head, heads or base");
        }
        String id = graph.resolve(target);
        return id == null ? List.of() : List.of(id);
    }

    private void apply(RevisionInfo r, HistoryRow row) throws SQLException {
        List<Operation> ops = r.upgrade();
        int from = stepsDone(row);
        if (from == 0) {
            log.info("Applying " + r.id() + " " + quoted(r.message()) + " (" + ops.size() + " step" + (ops.size() == 1 ? "" : "s") + ")");
        } else {
            log.info("Resuming " + r.id() + " " + quoted(r.message()) + " at step " + (from + 1) + " of " + ops.size()
                    + " (steps 1-" + from + " were committed by an earlier run)");
        }
        long started = System.nanoTime();
        atomic = ddl.atomic(ops);
        boolean transactional = atomic;
        inTransaction(transactional, () -> {
            // One journal write per completed step, right after it, and none before the first: a run
            // that dies before step 1 commits left nothing to record. The first write of this run
            // replaces whatever an earlier run recorded; later ones only move the step counter.
            boolean fresh = true;
            for (int i = from; i < ops.size(); i++) {
                try {
                    runStep(r, ops, i, "upgrade", row != null && HistoryRow.RUNNING.equals(row.state()) && i == from);
                } catch (MigrationException e) {
                    if (!transactional) {
                        journal(r, HistoryRow.FAILED, i, 0, row, fresh);
                    }
                    throw e;
                }
                int done = i + 1;
                if (!transactional || done == ops.size()) {
                    journal(r, done == ops.size() ? HistoryRow.APPLIED : HistoryRow.RUNNING, done,
                            Duration.ofNanos(System.nanoTime() - started).toMillis(), row, fresh);
                    fresh = false;
                }
                log.stepDone(r.id(), done, ops.size());
            }
            if (fresh) {
                // no step ran here: a revision without operations (a merge), or one whose steps were all done
                journal(r, HistoryRow.APPLIED, ops.size(), Duration.ofNanos(System.nanoTime() - started).toMillis(), row, true);
            }
            return null;
        });
    }

    private void journal(RevisionInfo r, String state, int stepsDone, long durationMs, HistoryRow earlier, boolean fresh)
            throws SQLException {
        if (fresh) {
            history.record(r, state, stepsDone, durationMs, earlier != null);
        } else if (HistoryRow.RUNNING.equals(state)) {
            history.progress(r.id(), stepsDone);
        } else {
            history.finish(r.id(), state, stepsDone, durationMs);
        }
    }

    private static int stepsDone(HistoryRow row) {
        return row == null ? 0 : row.stepsDone();
    }

    private void revert(RevisionInfo r, List<Operation> ops) throws SQLException {
        log.info("Reverting " + r.id() + " " + quoted(r.message()) + " (" + ops.size() + " step" + (ops.size() == 1 ? "" : "s") + ")");
        atomic = ddl.atomic(ops);
        inTransaction(atomic, () -> {
            for (int i = 0; i < ops.size(); i++) {
                runStep(r, ops, i, "downgrade", false);
            }
            history.delete(r.id());
            return null;
        });
    }

    /**
     * On databases with transactional DDL, the revision's steps and its history row commit together
     * or roll back together; elsewhere each statement commits on its own and the journal tracks it.
     */
    private <T> T inTransaction(boolean transactional, Work<T> work) throws SQLException {
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

    /** Work that only writes rows: one transaction on every database. */
    private <T> T inTransaction(Work<T> work) throws SQLException {
        return inTransaction(true, work);
    }

    /**
     * Runs one step through the DDL executor (lock-wait timeouts, retries, online-DDL checks).
     *
     * @param afterEarlierRun true for the first step this run tries of a revision that an earlier
     *                        run started: if that run died between the statement and its journal
     *                        entry, the change is already there
     */
    private void runStep(RevisionInfo r, List<Operation> ops, int i, String direction, boolean afterEarlierRun) throws SQLException {
        try {
            ddl.execute(r.id(), ops, i);
        } catch (DdlExecutor.StepFailure e) {
            String advice = e.advice().isEmpty() ? "" : "\n" + e.advice().stripTrailing();
            String m = failure(r, ops, i, e.sql(), e.cause(), direction) + advice;
            throw new MigrationException(afterEarlierRun && !atomic ? m + undoHint(r, ops, i) : m, e.cause());
        }
    }

    private String failure(RevisionInfo r, List<Operation> ops, int i, String sql, SQLException e, String direction) {
        StringBuilder m = new StringBuilder();
        m.append(direction.equals("upgrade") ? "Upgrade" : "Downgrade").append(" of revision ").append(r.id())
                .append(" (").append(r.className()).append(") failed at step ").append(i + 1).append(" of ").append(ops.size())
                .append(": ").append(ops.get(i).describe()).append('\n');
        m.append("  SQL:   ").append(sql).append('\n');
        m.append("  Cause: ").append(e.getMessage()).append(" [SQLState ").append(e.getSQLState())
                .append(", error ").append(e.getErrorCode()).append("]\n");
        if (atomic) {
            m.append("  Nothing was committed: ").append(dialect.name()).append(" ran the revision in one transaction and rolled it back;")
                    .append(" retort_history does not record it.\n");
            m.append("  To recover: fix the cause (or the migration), then run mvn migrate:").append(direction).append(" again.");
            return m.toString();
        }
        if (i == 0) {
            m.append("  Already committed: nothing from this revision.\n");
        } else {
            m.append("  Already committed (").append(dialect.transactionalDdl()
                    ? "the revision runs step by step: a step builds an index concurrently, validates or backfills"
                    : dialect.name() + " commits each DDL statement").append("): steps 1-").append(i).append(":\n");
            for (int k = 0; k < i; k++) {
                m.append("    ").append(k + 1).append(". ").append(ops.get(k).describe()).append('\n');
            }
        }
        if (direction.equals("upgrade")) {
            m.append("  retort_history records ").append(r.id()).append(" as 'failed' with ").append(i).append(" of ")
                    .append(ops.size()).append(" steps done; it is not marked applied.\n");
            m.append("  To recover: fix the cause, then run mvn migrate:upgrade to resume at step ").append(i + 1)
                    .append(", or run mvn migrate:downgrade -Dmigrate.target=-1 to undo the ").append(i).append(" completed step")
                    .append(i == 1 ? "" : "s").append('.');
        } else {
            m.append("  The revision stays recorded as applied. To recover: fix the cause (the steps above are committed), "
                    + "then complete the downgrade by hand or re-run it after restoring what the committed steps removed.");
        }
        return m.toString();
    }

    /**
     * What to do when the failed step may have run already: a run killed after the server
     * committed the statement but before the journal entry committed leaves the change in place
     * and the journal one step behind. The inverse SQL puts the schema back where the journal says.
     */
    private String undoHint(RevisionInfo r, List<Operation> ops, int i) {
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
            return "";
        }
        return "\n  An earlier run started this revision and stopped after step " + i + ". If it was killed after the server "
                + "committed step " + (i + 1) + " but before " + HistoryTable.NAME + " recorded it, that change is already in the "
                + "schema and cannot run twice. Check the schema; if the change is there, undo it by hand, then run mvn "
                + "migrate:upgrade again:\n    " + String.join(";\n    ", sql) + ";";
    }

    /** The inverse of the first {@code done} upgrade steps, against the schema the revision started from. */
    /** The schema the recorded revisions built: applied ones whole, a half-applied one up to its last completed step. */
    private Schema currentSchema(List<RevisionInfo> present, Map<String, HistoryRow> rows) {
        Schema schema = graph.replay(appliedIds(rows));
        for (RevisionInfo r : present) {
            HistoryRow row = rows.get(r.id());
            if (!row.applied()) {
                for (Operation op : r.upgrade().subList(0, Math.min(row.stepsDone(), r.upgrade().size()))) {
                    schema = op.applyTo(schema);
                }
            }
        }
        return schema;
    }

    private List<Operation> undoCompletedSteps(RevisionInfo r, int done, Map<String, HistoryRow> rows) {
        Set<String> before = new HashSet<>(appliedIds(rows));
        before.retainAll(graph.lineage(r.id()).stream().map(RevisionInfo::id).collect(Collectors.toSet()));
        before.remove(r.id());
        Schema start = graph.replay(before);
        return SchemaDiffer.inverse(start, r.upgrade().subList(0, done));
    }

    private record PlannedStep(String revision, int number, Operation op) {
    }

    private static List<PlannedStep> steps(String revision, List<Operation> ops, int from) {
        List<PlannedStep> out = new ArrayList<>();
        for (int i = from; i < ops.size(); i++) {
            out.add(new PlannedStep(revision, i + 1, ops.get(i)));
        }
        return out;
    }

    /** A revision whose downgrade declares itself irreversible stops the whole downgrade before anything runs. */
    private static void checkReversible(Map<RevisionInfo, List<Operation>> plans) {
        List<String> refusals = new ArrayList<>();
        plans.forEach((r, ops) -> ops.stream().filter(op -> op instanceof Irreversible).forEach(op -> refusals.add(
                "  " + r.id() + " (" + r.className() + "): " + ((Irreversible) op).reason())));
        if (!refusals.isEmpty()) {
            throw new MigrationException("Refusing to downgrade: " + refusals.size() + " revision" + (refusals.size() == 1 ? " declares" : "s declare")
                    + " that it cannot be reverted; nothing was run.\n" + String.join("\n", refusals)
                    + "\nDowngrade to a revision above it (-Dmigrate.target=<revision>), or restore the database from a backup.");
        }
    }

    private void checkDataLoss(List<PlannedStep> plan, String direction) {
        List<PlannedStep> unacknowledged = plan.stream()
                .filter(s -> s.op().destroysData() && !s.op().dataLossAccepted()).toList();
        if (unacknowledged.isEmpty()) {
            return;
        }
        if (allowDataLoss) {
            unacknowledged.forEach(s -> log.warn("Data loss allowed by migrate.allowDataLoss: " + s.revision() + " step "
                    + s.number() + ": " + s.op().describe()));
            return;
        }
        throw new MigrationException("Refusing to " + direction + ": " + unacknowledged.size() + " step"
                + (unacknowledged.size() == 1 ? " destroys" : "s destroy") + " data without acknowledgement; nothing was run.\n"
                + unacknowledged.stream().map(s -> "  " + s.revision() + " step " + s.number() + ": " + s.op().describe())
                .collect(Collectors.joining("\n"))
                + "\nReview each step, then add .acceptDataLoss() to it in the migration source "
                + "(or pass -Dmigrate.allowDataLoss=true for a local database you can rebuild).");
    }

    private void checkRecorded(Map<String, HistoryRow> rows) {
        List<String> problems = new ArrayList<>();
        for (HistoryRow row : rows.values()) {
            if (!graph.contains(row.revision())) {
                problems.add("revision " + row.revision() + " (" + quoted(row.message()) + ") is recorded in the database but no "
                        + "migration class has that id: was a migration deleted, or is this checkout older than the database?");
            } else if (row.applied() && !graph.get(row.revision()).checksum().equals(row.checksum())) {
                RevisionInfo r = graph.get(row.revision());
                problems.add("revision " + r.id() + " (" + r.className() + ") was changed after it was applied: its operations "
                        + "no longer match the checksum recorded in " + HistoryTable.NAME + ". Either revert the edit and put the "
                        + "change in a new migration (mvn migrate:generate), or, if the database already has the edited schema, "
                        + "accept the edit by re-stamping: mvn migrate:stamp -Dmigrate.target=" + stampHint(rows, r.id())
                        + " (records the current checksums; runs nothing)");
            }
        }
        if (!problems.isEmpty()) {
            throw new MigrationException("The database and the migrations disagree; nothing was run.\n  "
                    + String.join("\n  ", problems));
        }
    }

    private Map<String, HistoryRow> rowsById() throws SQLException {
        Map<String, HistoryRow> map = new LinkedHashMap<>();
        history.rows().forEach(r -> map.put(r.revision(), r));
        return map;
    }

    private static Set<String> appliedIds(Map<String, HistoryRow> rows) {
        return rows.values().stream().filter(HistoryRow::applied).map(HistoryRow::revision).collect(Collectors.toSet());
    }

    private String describeCurrent(Set<String> applied) {
        List<String> tips = graph.tips(applied);
        return tips.isEmpty() ? "base" : tips.size() == 1 ? "revision " + tips.get(0) : "revisions " + tips;
    }

    /** The applied tip above the edited revision: stamping it re-records the whole lineage, keeping everything applied. */
    private String stampHint(Map<String, HistoryRow> rows, String edited) {
        Set<String> applied = new HashSet<>(appliedIds(rows));
        applied.removeIf(id -> !graph.contains(id));
        return graph.tips(applied).stream().filter(t -> graph.isAncestor(edited, t)).findFirst().orElse(edited);
    }

    private static String quoted(String message) {
        return "\"" + Optional.ofNullable(message).orElse("") + "\"";
    }

    /**
     * Removes what killed shadow copies left (triggers that would make writes fail), except the copy
     * of the step this run resumes in each revision of {@code plan}: that step resumes it.
     */
    private void clearCopyRemains(List<RevisionInfo> plan, Map<String, HistoryRow> rows) throws SQLException {
        Set<String> resumable = new HashSet<>();
        for (RevisionInfo r : plan) {
            int next = stepsDone(rows.get(r.id()));
            if (next < r.upgrade().size()) {
                resumable.add(DdlExecutor.stepMarker(r.id(), next, r.upgrade().get(next)));
            }
        }
        try {
            ddl.clearOnlineCopyRemains(resumable);
        } catch (DdlExecutor.StepFailure e) {
            throw new MigrationException("Could not remove what an earlier, killed shadow copy left: " + e.getMessage() + "\n  "
                    + e.sql() + "\n" + e.advice(), e);
        }
    }

    private interface Work<T> {
        T run() throws SQLException;
    }

    private <T> T locked(Work<T> work) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        if (!dialect.lock(connection, LOCK_NAME, lockWait)) {
            throw new MigrationException("Another migration run holds the lock '" + LOCK_NAME + "' on this database; "
                    + "waited " + lockWait.toSeconds() + " s. Try again when it has finished.");
        }
        try {
            return work.run();
        } finally {
            try {
                dialect.unlock(connection, LOCK_NAME);
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }
}

package dev.retort.core.runner;

import dev.retort.core.dialect.Dialect;
import dev.retort.core.diff.SchemaDiffer;
import dev.retort.core.history.GraphException;
import dev.retort.core.history.HistoryRow;
import dev.retort.core.history.HistoryTable;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.model.Schema;
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
 * still exist with the same checksum, and every step that destroys data must be acknowledged.
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
        this.safety = safety;
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
     * id or unique prefix, or {@code +N} (the next N revisions).
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
            if (plan.isEmpty()) {
                log.info("Nothing to upgrade: the database is at " + describeCurrent(applied) + ".");
                return List.of();
            }
            Map<RevisionInfo, Integer> resumeAt = new LinkedHashMap<>();
            for (RevisionInfo r : plan) {
                HistoryRow row = rows.get(r.id());
                resumeAt.put(r, row == null ? 0 : row.stepsDone());
            }
            rows.values().stream().filter(row -> !row.applied() && plan.stream().noneMatch(r -> r.id().equals(row.revision())))
                    .findFirst().ifPresent(row -> {
                        throw new MigrationException("revision " + row.revision() + " is recorded as " + row.state() + " ("
                                + row.stepsDone() + " of " + row.stepsTotal() + " steps) but is not on the way to '" + target
                                + "'. Finish it with mvn migrate:upgrade, or undo its completed steps with mvn migrate:downgrade -Dmigrate.target=-1.");
                    });
            checkDataLoss(resumeAt.entrySet().stream().flatMap(e -> steps(e.getKey().id(), e.getKey().upgrade(), e.getValue()).stream()).toList(),
                    "upgrade");
            SafetyGate.Verdict verdict = SafetyGate.evaluate(dialect, graph, applied, resumeAt, safety, ddlPolicy.lockWait());
            verdict.warnings().forEach(log::warn);
            if (verdict.refuses()) {
                throw new MigrationException(verdict.refusal("upgrade"));
            }
            List<String> done = new ArrayList<>();
            for (Map.Entry<RevisionInfo, Integer> e : resumeAt.entrySet()) {
                apply(e.getKey(), e.getValue());
                done.add(e.getKey().id());
            }
            return done;
        });
    }

    /**
     * Reverts revisions down to {@code target}: {@code -N} (the last N), {@code base} (all), or a
     * revision id or prefix (which stays applied). A revision whose upgrade stopped half-way is
     * reverted by undoing exactly its completed steps.
     *
     * @return the ids reverted, in order
     */
    public List<String> downgrade(String target) throws SQLException {
        return locked(() -> {
            history.create();
            Map<String, HistoryRow> rows = rowsById();
            checkRecorded(rows);
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
            checkDataLoss(plans.entrySet().stream().flatMap(e -> steps(e.getKey().id(), e.getValue(), 0).stream()).toList(),
                    "downgrade");
            List<String> done = new ArrayList<>();
            for (Map.Entry<RevisionInfo, List<Operation>> e : plans.entrySet()) {
                revert(e.getKey(), e.getValue());
                done.add(e.getKey().id());
            }
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
        } else if (target.equals("base") || target.startsWith("-")) {
            throw new GraphException("'" + target + "' moves down; use mvn migrate:downgrade -Dmigrate.target=" + target);
        } else {
            targets = List.of(graph.resolveId(target));
        }
        Set<String> wanted = new HashSet<>();
        targets.forEach(t -> graph.lineage(t).forEach(r -> wanted.add(r.id())));
        return graph.ordered().stream().filter(r -> wanted.contains(r.id()) && !applied.contains(r.id())).toList();
    }

    private List<RevisionInfo> downgradePlan(String target, List<RevisionInfo> present) {
        List<RevisionInfo> undo;
        if (target == null || target.isBlank()) {
            throw new GraphException("downgrade needs a target: -Dmigrate.target=-1 (the last revision), base (all) or a revision id");
        } else if (target.equals("base")) {
            undo = new ArrayList<>(present);
        } else if (target.matches("-\\d+")) {
            int n = Integer.parseInt(target.substring(1));
            undo = new ArrayList<>(present.subList(Math.max(0, present.size() - n), present.size()));
        } else if (target.startsWith("+") || target.equals("head") || target.equals("heads")) {
            throw new GraphException("'" + target + "' moves up; use mvn migrate:upgrade -Dmigrate.target=" + target);
        } else {
            String keep = graph.resolveId(target);
            if (present.stream().noneMatch(r -> r.id().equals(keep))) {
                throw new GraphException("revision " + keep + " is not applied; the database is at "
                        + present.stream().map(RevisionInfo::id).toList());
            }
            Set<String> lineage = graph.lineage(keep).stream().map(RevisionInfo::id).collect(Collectors.toSet());
            undo = present.stream().filter(r -> !lineage.contains(r.id())).collect(Collectors.toCollection(ArrayList::new));
        }
        java.util.Collections.reverse(undo);
        return undo;
    }

    private void apply(RevisionInfo r, int from) throws SQLException {
        List<Operation> ops = r.upgrade();
        if (from == 0) {
            log.info("Applying " + r.id() + " " + quoted(r.message()) + " (" + ops.size() + " step" + (ops.size() == 1 ? "" : "s") + ")");
        } else {
            log.info("Resuming " + r.id() + " " + quoted(r.message()) + " at step " + (from + 1) + " of " + ops.size()
                    + " (steps 1-" + from + " were committed by an earlier run)");
        }
        long started = System.nanoTime();
        atomic = ddl.atomic(ops);
        transactional(() -> {
            if (from == 0) {
                history.start(r, ops.size());
            }
            for (int i = from; i < ops.size(); i++) {
                runStep(r, ops, i, "upgrade");
                if (!atomic) {
                    history.progress(r.id(), i + 1);
                }
            }
            if (atomic) {
                history.progress(r.id(), ops.size());
            }
            history.finish(r.id(), HistoryRow.APPLIED, Duration.ofNanos(System.nanoTime() - started).toMillis());
            return null;
        });
    }

    private void revert(RevisionInfo r, List<Operation> ops) throws SQLException {
        log.info("Reverting " + r.id() + " " + quoted(r.message()) + " (" + ops.size() + " step" + (ops.size() == 1 ? "" : "s") + ")");
        atomic = ddl.atomic(ops);
        transactional(() -> {
            for (int i = 0; i < ops.size(); i++) {
                runStep(r, ops, i, "downgrade");
            }
            history.delete(r.id());
            return null;
        });
    }

    /**
     * On databases with transactional DDL, the revision's steps and its history row commit together
     * or roll back together; elsewhere each statement commits on its own and the journal tracks it.
     */
    private void transactional(Work<Void> work) throws SQLException {
        if (!atomic) {
            work.run();
            return;
        }
        connection.setAutoCommit(false);
        try {
            work.run();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private void runStep(RevisionInfo r, List<Operation> ops, int i, String direction) throws SQLException {
        try {
            ddl.execute(r.id(), ops, i);
        } catch (DdlExecutor.StepFailure e) {
            if (direction.equals("upgrade") && !atomic) {
                history.finish(r.id(), HistoryRow.FAILED, 0);
            }
            String advice = e.advice().isEmpty() ? "" : "\n" + e.advice().stripTrailing();
            throw new MigrationException(failure(r, ops, i, e.sql(), e.cause(), direction) + advice, e.cause());
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

    /** The inverse of the first {@code done} upgrade steps, against the schema the revision started from. */
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
                        + "no longer match the checksum recorded in " + HistoryTable.NAME + ". Revert the edit and put the "
                        + "change in a new migration (mvn migrate:generate)");
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
        List<String> current = graph.ordered().stream().map(RevisionInfo::id).filter(applied::contains).toList();
        return current.isEmpty() ? "base" : "revision " + current.get(current.size() - 1);
    }

    private static String quoted(String message) {
        return "\"" + Optional.ofNullable(message).orElse("") + "\"";
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

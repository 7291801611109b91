package dev.retort.core.runner;

import dev.retort.core.dialect.Dialect;
import dev.retort.core.dialect.NoColumnTypeException;
import dev.retort.core.dialect.UnsupportedColumnTypeException;
import dev.retort.core.errors.Action;
import dev.retort.core.errors.Hint;
import dev.retort.core.errors.Setting;
import dev.retort.core.errors.Text;
import dev.retort.core.history.HistoryRow;
import dev.retort.core.history.HistoryTable;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.ops.Irreversible;
import dev.retort.core.ops.Operation;
import dev.retort.core.safety.SafetyGate;
import dev.retort.core.safety.SafetyPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gates a plan passes before anything runs: every recorded revision still exists with the same
 * checksum, every step that destroys data is acknowledged, no revision on the way down is
 * irreversible, and the safety rules accept every step. Each refusal is a typed
 * {@link MigrationException}; none needs a connection.
 */
final class Preflight {

    private final RevisionGraph graph;
    private final Planner planner;
    private final Dialect dialect;
    private final SafetyPolicy safety;
    private final Duration ddlLockWait;
    private final boolean allowDataLoss;
    private final RunLog log;

    Preflight(
            RevisionGraph graph,
            Dialect dialect,
            SafetyPolicy safety,
            Duration ddlLockWait,
            boolean allowDataLoss,
            RunLog log) {
        this.graph = graph;
        this.planner = new Planner(graph);
        this.dialect = dialect;
        this.safety = safety;
        this.ddlLockWait = ddlLockWait;
        this.allowDataLoss = allowDataLoss;
        this.log = log;
    }

    /** Every recorded revision must still exist, and every applied one must have its recorded checksum. */
    void checkRecorded(Collection<HistoryRow> rows) {
        Text.Builder problems = Text.builder();
        List<String> edited = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (HistoryRow row : rows) {
            if (!graph.contains(row.revision())) {
                unknown.add(row.revision());
                problems.add(
                        "\n  revision " + row.revision() + " (" + quoted(row.message())
                                + ") is recorded in the database but no "
                                + "migration class has that id: was a migration deleted, or is this checkout older than the database?");
            } else if (row.applied() && !graph.checksum(row.revision()).equals(row.checksum())) {
                RevisionInfo r = graph.get(row.revision());
                edited.add(r.id());
                problems.add(
                        "\n  revision " + r.id() + " (" + r.className()
                                + ") was changed after it was applied: its operations "
                                + "no longer match the checksum recorded in " + HistoryTable.NAME
                                + ". Either revert the edit and put the "
                                + "change in a new migration (",
                        Hint.run(Action.GENERATE),
                        "), or, if the database already has the edited " + "schema, accept the edit by re-stamping: ",
                        Hint.run(Action.STAMP, Setting.TARGET, planner.stampHint(rows, r.id())),
                        " (records the current checksums; runs nothing)");
            }
        }
        if (!edited.isEmpty() || !unknown.isEmpty()) {
            throw new ChecksumMismatchException(
                    edited,
                    unknown,
                    Text.of("The database and the migrations disagree; nothing was run.", problems.build()));
        }
        for (HistoryRow row : rows) {
            if (!row.applied()) {
                checkCommittedSteps(graph.get(row.revision()), row, rows);
            }
        }
    }

    /**
     * A revision an earlier run left half-applied or half-reverted resumes by step index, which is
     * right only while the committed steps are the ones the migration still has there: the failure
     * report invites fixing the migration, and an edit to the committed steps would have the rerun
     * skip or repeat steps. Steps after the committed ones may change freely.
     */
    private void checkCommittedSteps(RevisionInfo r, HistoryRow row, Collection<HistoryRow> rows) {
        int done = row.stepsDone();
        if (row.checksum().equals(r.checksum())) {
            if (!row.reverting()) {
                return;
            }
        } else {
            Integer changed = firstChanged(r.stepChecksums(), row.stepChecksums(), done);
            if (changed != null) {
                throw edited(r, row, "upgrade", changed, done, r.upgrade());
            }
        }
        if (row.reverting()) {
            List<Operation> revert = planner.revertSteps(r, row, rows);
            Integer changed =
                    firstChanged(RevisionInfo.stepChecksums(revert), row.revertChecksums(), row.stepsReverted());
            if (changed != null) {
                throw edited(r, row, "downgrade", changed, row.stepsReverted(), revert);
            }
        }
    }

    /**
     * The first of the {@code done} committed steps (from 1) whose checksum differs from the recorded
     * one, or that the migration no longer has; 0 when the journal has no per-step checksums (an
     * earlier Retort version wrote it) and the steps may have changed; null when they match.
     */
    private static Integer firstChanged(List<String> now, List<String> recorded, int done) {
        if (done > now.size()) {
            for (int i = 0; i < now.size(); i++) {
                if (i < recorded.size() && !recorded.get(i).equals(now.get(i))) {
                    return i + 1;
                }
            }
            return now.size() + 1;
        }
        if (recorded.isEmpty()) {
            return done == 0 ? null : 0;
        }
        for (int i = 0; i < done; i++) {
            if (i >= recorded.size() || !recorded.get(i).equals(now.get(i))) {
                return i + 1;
            }
        }
        return null;
    }

    private static EditedStepsException edited(
            RevisionInfo r, HistoryRow row, String direction, int step, int done, List<Operation> steps) {
        String which = step == 0
                ? "the journal (written by an earlier Retort version) has no per-step checksums, so which of steps 1-"
                        + done + " changed is unknown"
                : step > steps.size()
                        ? "the migration now has " + steps.size() + " " + direction + " step"
                                + (steps.size() == 1 ? "" : "s") + ", so step " + step + " is gone"
                        : "step " + step + " is now \"" + steps.get(step - 1).describe()
                                + "\", not the step that was committed";
        return new EditedStepsException(
                r.id(),
                step,
                Text.of(
                        "Revision " + r.id() + " (" + r.className() + ") was edited after an "
                                + "earlier run committed " + (done == 1 ? "step 1" : "steps 1-" + done) + " of its "
                                + direction + " (retort_history records it as '"
                                + row.state() + "'): " + which
                                + ". Resuming would skip or repeat steps; nothing was run.\n"
                                + "  To recover: put " + (done == 1 ? "step 1" : "steps 1-" + done)
                                + " back as they were (change only the steps after "
                                + "them) and run ",
                        Hint.run(row.reverting() ? Action.DOWNGRADE : Action.UPGRADE),
                        " again; or, with the migration as it was, " + "undo the committed steps (",
                        Hint.run(Action.DOWNGRADE, Setting.TARGET, "-1"),
                        "), then apply the edited one."));
    }

    /** Unacknowledged destructive steps stop the plan, unless data loss is allowed for this run (then each is logged). */
    void checkDataLoss(Planner.Plan plan, Action direction) {
        List<DataLossException.LossyStep> unacknowledged = new ArrayList<>();
        for (Planner.Step s : plan.steps()) {
            for (int i = s.from(); i < s.steps().size(); i++) {
                Operation op = s.steps().get(i);
                if (op.destroysDataOn(dialect.name()) && !op.dataLossAccepted()) {
                    unacknowledged.add(new DataLossException.LossyStep(s.id(), i + 1, op.describe()));
                }
            }
        }
        if (unacknowledged.isEmpty()) {
            return;
        }
        if (allowDataLoss) {
            unacknowledged.forEach(s -> log.warn("Data loss allowed by migrate.allowDataLoss: " + s.revision()
                    + " step " + s.number() + ": " + s.description()));
            return;
        }
        throw new DataLossException(direction, unacknowledged);
    }

    /**
     * Every column the steps to run create, add or change has a type on this database; else the
     * whole plan stops before anything runs, naming each column (an {@code interval second} on
     * MySQL or MariaDB, which Hibernate cannot declare there either).
     */
    void checkColumnTypes(Planner.Plan plan, Action direction) {
        List<NoColumnTypeRefusalException.Refused> refused = new ArrayList<>();
        for (Planner.Step s : plan.steps()) {
            for (int i = s.from(); i < s.steps().size(); i++) {
                for (NoColumnTypeException.Missing m :
                        NoColumnTypeException.columnsWithout(dialect, s.steps().get(i))) {
                    refused.add(new NoColumnTypeRefusalException.Refused(s.id(), i + 1, m));
                }
            }
        }
        if (!refused.isEmpty()) {
            throw new NoColumnTypeRefusalException(direction.key(), dialect.name(), refused);
        }
    }

    /** A revision whose downgrade declares itself irreversible stops the whole downgrade before anything runs. */
    static void checkReversible(Planner.Plan plan) {
        List<IrreversibleException.Irreversible> refusals = new ArrayList<>();
        for (Planner.Step s : plan.steps()) {
            s.steps().stream()
                    .filter(op -> op instanceof Irreversible)
                    .forEach(op -> refusals.add(new IrreversibleException.Irreversible(
                            s.id(), s.revision().className(), ((Irreversible) op).reason())));
        }
        if (!refusals.isEmpty()) {
            throw new IrreversibleException(refusals);
        }
    }

    /**
     * Every step of the plan renders for this database before anything runs: a column type the database
     * cannot have (an embeddable stored as XML outside PostgreSQL, which Hibernate refuses there too) stops
     * the whole run, naming the column. Any other rendering problem is left to the step that meets it.
     */
    void checkRenderable(Planner.Plan plan) {
        for (Planner.Step s : plan.steps()) {
            for (Operation op : s.steps()) {
                try {
                    dialect.toSqlForNewTable(op);
                } catch (UnsupportedColumnTypeException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // reported where the step runs, with its statement
                }
            }
        }
    }

    /** The safety rules judge the steps still to run of an upgrade; warnings are logged. */
    void checkSafetyOfUpgrade(Planner.Plan plan) {
        Map<RevisionInfo, Integer> startAt = new LinkedHashMap<>();
        plan.steps().forEach(s -> startAt.put(s.revision(), s.from()));
        refuseOrWarn(SafetyGate.evaluate(dialect, graph, plan.applied(), startAt, safety, ddlLockWait), Action.UPGRADE);
    }

    /** The safety rules judge a downgrade against the schema the recorded revisions built. */
    void checkSafetyOfDowngrade(Planner.Plan plan, Collection<HistoryRow> rows) {
        Map<RevisionInfo, List<Operation>> plans = new LinkedHashMap<>();
        plan.steps().forEach(s -> plans.put(s.revision(), s.steps()));
        refuseOrWarn(
                SafetyGate.evaluateDowngrade(dialect, planner.currentSchema(rows), plans, safety, ddlLockWait),
                Action.DOWNGRADE);
    }

    private void refuseOrWarn(SafetyGate.Verdict verdict, Action direction) {
        verdict.warnings().forEach(log::warn);
        if (verdict.refuses()) {
            throw new SafetyRefusalException(direction, verdict.blocking(), verdict.incomplete());
        }
    }

    static String quoted(String message) {
        return "\"" + Optional.ofNullable(message).orElse("") + "\"";
    }
}

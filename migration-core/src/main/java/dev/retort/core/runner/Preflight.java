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

    Preflight(RevisionGraph graph, Dialect dialect, SafetyPolicy safety, Duration ddlLockWait, boolean allowDataLoss, RunLog log) {
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
                problems.add("\n  revision " + row.revision() + " (" + quoted(row.message()) + ") is recorded in the database but no "
                        + "migration class has that id: was a migration deleted, or is this checkout older than the database?");
            } else if (row.applied() && !graph.get(row.revision()).checksum().equals(row.checksum())) {
                RevisionInfo r = graph.get(row.revision());
                edited.add(r.id());
                problems.add("\n  revision " + r.id() + " (" + r.className() + ") was changed after it was applied: its operations "
                        + "no longer match the checksum recorded in " + HistoryTable.NAME + ". Either revert the edit and put the "
                        + "change in a new migration (", Hint.run(Action.GENERATE), "), or, if the database already has the edited "
                        + "schema, accept the edit by re-stamping: ", Hint.run(Action.STAMP, Setting.TARGET, planner.stampHint(rows, r.id())),
                        " (records the current checksums; runs nothing)");
            }
        }
        if (!edited.isEmpty() || !unknown.isEmpty()) {
            throw new ChecksumMismatchException(edited, unknown,
                    Text.of("The database and the migrations disagree; nothing was run.", problems.build()));
        }
    }

    /** Unacknowledged destructive steps stop the plan, unless data loss is allowed for this run (then each is logged). */
    void checkDataLoss(Planner.Plan plan, Action direction) {
        List<DataLossException.LossyStep> unacknowledged = new ArrayList<>();
        for (Planner.Step s : plan.steps()) {
            for (int i = s.from(); i < s.steps().size(); i++) {
                Operation op = s.steps().get(i);
                if (op.destroysData() && !op.dataLossAccepted()) {
                    unacknowledged.add(new DataLossException.LossyStep(s.id(), i + 1, op.describe()));
                }
            }
        }
        if (unacknowledged.isEmpty()) {
            return;
        }
        if (allowDataLoss) {
            unacknowledged.forEach(s -> log.warn("Data loss allowed by migrate.allowDataLoss: " + s.revision() + " step "
                    + s.number() + ": " + s.description()));
            return;
        }
        throw new DataLossException(direction, unacknowledged);
    }

    /** A revision whose downgrade declares itself irreversible stops the whole downgrade before anything runs. */
    static void checkReversible(Planner.Plan plan) {
        List<IrreversibleException.Irreversible> refusals = new ArrayList<>();
        for (Planner.Step s : plan.steps()) {
            s.steps().stream().filter(op -> op instanceof Irreversible).forEach(op -> refusals.add(
                    new IrreversibleException.Irreversible(s.id(), s.revision().className(), ((Irreversible) op).reason())));
        }
        if (!refusals.isEmpty()) {
            throw new IrreversibleException(refusals);
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
        refuseOrWarn(SafetyGate.evaluateDowngrade(dialect, planner.currentSchema(rows), plans, safety, ddlLockWait), Action.DOWNGRADE);
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

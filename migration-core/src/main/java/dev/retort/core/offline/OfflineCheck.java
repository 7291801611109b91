package dev.retort.core.offline;

import dev.retort.core.dialect.Dialect;
import dev.retort.core.dialect.NoColumnTypeException;
import dev.retort.core.diff.Change;
import dev.retort.core.diff.Diff;
import dev.retort.core.diff.SchemaDiffer;
import dev.retort.core.errors.Action;
import dev.retort.core.errors.Hint;
import dev.retort.core.errors.Setting;
import dev.retort.core.errors.Text;
import dev.retort.core.history.GraphException;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.model.Schema;
import dev.retort.core.ops.Operation;
import dev.retort.core.safety.SafetyGate;
import dev.retort.core.safety.SafetyPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The checks a CI build runs before merging: the migrations form one line of history, they build
 * exactly the entity model, every step renders on the target dialect, and every step that
 * destroys data was acknowledged in the source. Each finding says what to run to fix it.
 */
public final class OfflineCheck {

    /**
     * @param problem what is wrong, one paragraph
     * @param fix     what to run or change to fix it, its hints worded by the goal that reports it
     */
    public record Finding(String problem, Text fix) {

        public Finding(String problem, String fix) {
            this(problem, Text.of(fix));
        }
    }

    /**
     * @param failures what fails the check
     * @param warnings what the check reports without failing (data loss allowed for a local run; notes of the differ)
     */
    public record Report(List<Finding> failures, List<String> warnings) {

        public boolean passed() {
            return failures.isEmpty();
        }
    }

    private OfflineCheck() {}

    /**
     * @param allowDataLoss reports unacknowledged destructive steps as warnings instead of failures,
     *                      as {@code allowDataLoss} does for upgrade
     */
    public static Report run(RevisionGraph graph, Schema model, Dialect dialect, boolean allowDataLoss) {
        return run(graph, model, dialect, allowDataLoss, null);
    }

    /**
     * @param safety when not null, every revision's steps are also checked against the safety rules
     *               for {@code dialect}, as if the database stood at the revision's parents (the way
     *               it meets them in production), and its downgrade against the schema it leaves;
     *               findings that would make {@code upgrade} or {@code downgrade} refuse are
     *               failures, the others warnings
     */
    public static Report run(
            RevisionGraph graph, Schema model, Dialect dialect, boolean allowDataLoss, SafetyPolicy safety) {
        List<Finding> failures = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> heads = graph.heads();
        if (heads.size() > 1) {
            failures.add(new Finding(
                    "The revision graph has " + heads.size() + " heads (" + String.join(", ", heads) + "): "
                            + "migrations were generated on separate branches, and upgrade cannot tell which to apply last.",
                    Text.of(
                            Hint.run(Action.MERGE, Setting.MESSAGE, "\"merge heads\""),
                            " (writes a revision whose parents are all heads)")));
        }
        Schema replayed = null;
        try {
            replayed = graph.replayAll();
        } catch (GraphException e) {
            failures.add(new Finding(
                    e.getMessage(), "correct that migration so its steps fit the schema its parents build"));
        }
        if (replayed != null) {
            Diff diff = SchemaDiffer.compare(replayed, model);
            warnings.addAll(diff.notes());
            if (!diff.problems().isEmpty()) {
                failures.add(new Finding(
                        "The model has changes that cannot be written as a migration that runs safely:\n"
                                + String.join(
                                        "\n",
                                        diff.problems().stream()
                                                .map(p -> "- " + p)
                                                .toList()),
                        Text.of("change the mapping as each item says, then ", Hint.run(Action.GENERATE))));
            } else if (!diff.changes().isEmpty()) {
                failures.add(new Finding(
                        "The model has " + diff.changes().size() + " change"
                                + (diff.changes().size() == 1 ? "" : "s") + " that no migration captures:\n"
                                + String.join(
                                        "\n",
                                        diff.changes().stream()
                                                .map(OfflineCheck::line)
                                                .toList()),
                        Text.of(
                                Hint.run(Action.GENERATE, Setting.MESSAGE, "\"<what changed>\""),
                                ", review the new migration and commit it")));
            }
        }
        for (RevisionInfo b : Squash.edited(graph)) {
            failures.add(new Finding(
                    "Squash baseline " + b.id() + " (" + b.className() + ") no longer builds the schema of "
                            + b.baseline().through() + " it was squashed from (its @Baseline(schema) fingerprint): "
                            + "it was edited after migrate:squash wrote it. Databases that had reached "
                            + b.baseline().through() + " count it as applied without running it, so they would not "
                            + "have what it now builds.",
                    Text.of(
                            "revert the edit to " + simpleName(b.className()) + ".java and put the change in a new "
                                    + "migration (",
                            Hint.run(Action.GENERATE),
                            ")")));
        }
        for (RevisionInfo r : graph.ordered()) {
            for (int i = 0; i < r.upgrade().size(); i++) {
                Operation op = r.upgrade().get(i);
                String where = "Revision " + r.id() + " (" + r.className() + ") step " + (i + 1) + " of "
                        + r.upgrade().size();
                if (op.destroysDataOn(dialect.name()) && !op.dataLossAccepted()) {
                    String problem = where + " destroys data and is not acknowledged: " + op.describe();
                    if (allowDataLoss) {
                        warnings.add(problem + " (allowed by migrate.allowDataLoss)");
                    } else {
                        failures.add(new Finding(
                                problem + ". upgrade refuses the whole plan until it is.",
                                Text.of(
                                        "read the step's REVIEW comment, then add .acceptDataLoss() to it in "
                                                + simpleName(r.className())
                                                + ".java (for a local database you can rebuild: ",
                                        Hint.set(Setting.ALLOW_DATA_LOSS, "true"),
                                        ")")));
                    }
                }
            }
            boolean renders = renders(r, r.upgrade(), "upgrade", dialect, failures);
            renders &= renders(r, r.downgrade(), "downgrade", dialect, failures);
            // the safety rules read the statements: a step that cannot be written has none to judge
            if (safety != null && replayed != null && renders) {
                safety(graph, r, dialect, safety, failures, warnings);
            }
        }
        return new Report(List.copyOf(failures), List.copyOf(warnings));
    }

    private static void safety(
            RevisionGraph graph,
            RevisionInfo r,
            Dialect dialect,
            SafetyPolicy safety,
            List<Finding> failures,
            List<String> warnings) {
        List<String> parents = graph.lineage(r.id()).stream()
                .map(RevisionInfo::id)
                .filter(id -> !id.equals(r.id()))
                .toList();
        SafetyGate.Verdict verdict = SafetyGate.evaluate(dialect, graph, parents, Map.of(r, 0), safety, null);
        warnings.addAll(verdict.warnings());
        for (String step : verdict.incomplete()) {
            failures.add(
                    new Finding(
                            "Revision " + step + " has no value yet; upgrade refuses it.",
                            "state the value in the migration source: replace null in op.backfill(...) with an SQL expression over the row"));
        }
        for (String step : verdict.blocking()) {
            failures.add(new Finding(
                    "Safety on " + dialect.name() + ": revision " + step,
                    Text.of(
                            "use the safe form the note describes, or, once the risk is understood, add .acknowledge(\"RTnnn\") to that step "
                                    + "(",
                            Hint.set(Setting.SAFETY, "warn"),
                            " reports these as warnings for a local run)")));
        }
        // the rollback is judged too, from the schema the revision leaves: a refused downgrade is found in review, not
        // during an incident
        Schema after = graph.replay(
                graph.lineage(r.id()).stream().map(RevisionInfo::id).toList());
        SafetyGate.Verdict down = SafetyGate.evaluateDowngrade(dialect, after, Map.of(r, r.downgrade()), safety, null);
        warnings.addAll(down.warnings());
        for (String step : down.blocking()) {
            failures.add(new Finding(
                    "Safety on " + dialect.name() + ": revision " + step,
                    "use the safe form the note describes, or, once the risk is understood, add .acknowledge(\"RTnnn\") to that step "
                            + "in the downgrade method: migrate:downgrade refuses it until then"));
        }
    }

    private static boolean renders(
            RevisionInfo r, List<Operation> ops, String direction, Dialect dialect, List<Finding> failures) {
        int before = failures.size();
        for (int i = 0; i < ops.size(); i++) {
            List<NoColumnTypeException.Missing> missing = NoColumnTypeException.columnsWithout(dialect, ops.get(i));
            if (!missing.isEmpty()) {
                for (NoColumnTypeException.Missing m : missing) {
                    failures.add(
                            new Finding(
                                    "Revision " + r.id() + " (" + r.className() + ") " + direction + " step " + (i + 1)
                                            + " declares a column with no type on " + dialect.name()
                                            + ", and Hibernate has none there either: " + m,
                                    "give the attribute the type this database should use, as Hibernate's export needs too: "
                                            + "@Column(columnDefinition = \"…\"), then generate a migration that changes the column"));
                }
                continue;
            }
            try {
                dialect.toSql(ops.get(i));
            } catch (RuntimeException e) {
                failures.add(new Finding(
                        "Revision " + r.id() + " (" + r.className() + ") " + direction + " step " + (i + 1)
                                + " cannot be written for " + dialect.name() + ": "
                                + ops.get(i).describe() + ": " + e.getMessage(),
                        "rewrite that step with operations " + dialect.name() + " supports"));
            }
        }
        return failures.size() == before;
    }

    private static String line(Change c) {
        return "- " + c.operation().describe() + "   (" + c.comment() + ")";
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}

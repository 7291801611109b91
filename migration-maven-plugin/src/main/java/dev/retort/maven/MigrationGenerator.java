package dev.retort.maven;

import dev.retort.core.dialect.Dialect;
import dev.retort.core.dialect.NoColumnTypeException;
import dev.retort.core.diff.Change;
import dev.retort.core.diff.Diff;
import dev.retort.core.diff.SchemaDiffer;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.model.Schema;
import dev.retort.core.ops.Operation;
import dev.retort.core.safety.SafeRewrites;
import dev.retort.core.safety.SafetyPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code migrate:generate} does once the project is loaded, without Maven: replay the
 * migrations, diff against the model, plan the revision and write its source. Timed, so the
 * goal can report (and the benchmark measure) what the diff and the code generation cost.
 */
final class MigrationGenerator {

    /**
     * @param stamp revision timestamp, {@code yyyyMMdd_HHmm}
     */
    record Request(
            Schema model,
            RevisionGraph graph,
            String packageName,
            String message,
            String stamp,
            List<Dialect> safetyDialects,
            SafetyPolicy safety) {

        /** A request whose changes are written as the differ plans them, without safe rewrites. */
        Request(Schema model, RevisionGraph graph, String packageName, String message, String stamp) {
            this(model, graph, packageName, message, stamp, List.of(), null);
        }
    }

    /**
     * @param migration null when there is nothing to write: no change, or problems that refuse it
     * @param source    the class's source, or null with {@code migration}
     */
    record Result(
            String head,
            Diff diff,
            List<Change> changes,
            List<String> findings,
            GeneratedMigration migration,
            String source,
            long replayNanos,
            long diffNanos,
            long writeNanos) {}

    private MigrationGenerator() {}

    /**
     * The columns the changes declare with a type some of {@code dialects} have none for (an interval
     * on MySQL and MariaDB), one line each naming the databases: upgrade refuses them there.
     */
    static List<String> typeGaps(List<Change> changes, List<Dialect> dialects) {
        // a NOT NULL column added in phases is declared twice (added nullable, then made NOT NULL)
        java.util.Map<String, java.util.Set<String>> gaps = new java.util.LinkedHashMap<>();
        java.util.Map<String, String> reasons = new java.util.HashMap<>();
        for (Change c : changes) {
            for (Dialect d : dialects) {
                for (NoColumnTypeException.Missing m : NoColumnTypeException.columnsWithout(d, c.operation())) {
                    String column = m.table() + "." + m.column() + " (" + m.type() + ")";
                    gaps.computeIfAbsent(column, k -> new java.util.LinkedHashSet<>())
                            .add(d.name());
                    reasons.putIfAbsent(column, m.reason());
                }
            }
        }
        return gaps.entrySet().stream()
                .map(e -> e.getKey() + " has no column type on " + String.join(", ", e.getValue()) + ": "
                        + reasons.get(e.getKey()) + "; upgrade refuses it there until the attribute states its type"
                        + " with @Column(columnDefinition = \"…\")")
                .toList();
    }

    static Result generate(Request r) {
        long t0 = System.nanoTime();
        String head = r.graph().head();
        Schema previous = r.graph().replayAll();
        long t1 = System.nanoTime();
        Diff diff = SchemaDiffer.compare(previous, r.model());
        long t2 = System.nanoTime();
        if (!diff.problems().isEmpty() || diff.changes().isEmpty()) {
            return new Result(head, diff, diff.changes(), List.of(), null, null, t1 - t0, t2 - t1, 0);
        }
        List<Change> changes = diff.changes();
        List<String> findings = List.of();
        if (r.safety() != null && !r.safetyDialects().isEmpty()) {
            // the safe forms (phased NOT NULL, backfills, online DDL notes) replace the plain plan before it is written
            SafeRewrites.Result safe = SafeRewrites.apply(previous, changes, r.safetyDialects(), r.safety());
            changes = safe.changes();
            findings = safe.findings();
        }
        GeneratedMigration migration =
                GeneratedMigration.plan(r.stamp(), r.message(), head, previous, changes, r.graph());
        if (r.safety() != null && !r.safetyDialects().isEmpty()) {
            SafeRewrites.Notes notes =
                    SafeRewrites.downgradeNotes(r.model(), downgradeOps(migration), r.safetyDialects(), r.safety());
            migration = withDowngradeNotes(migration, notes.perStep());
            findings = new ArrayList<>(findings);
            findings.addAll(notes.log());
        }
        String source = MigrationSourceWriter.write(migration.request(r.packageName()));
        return new Result(head, diff, changes, findings, migration, source, t1 - t0, t2 - t1, System.nanoTime() - t2);
    }

    /** The downgrade steps with the safety notes migrate:downgrade will judge them by (per step, from the schema the upgrade leaves). */
    private static GeneratedMigration withDowngradeNotes(GeneratedMigration m, List<List<String>> notes) {
        List<MigrationSourceWriter.DowngradeStep> steps = new ArrayList<>();
        for (int i = 0; i < m.downgrade().size(); i++) {
            MigrationSourceWriter.DowngradeStep d = m.downgrade().get(i);
            List<String> review = new ArrayList<>();
            if (d.review() != null) {
                review.add(d.review());
            }
            review.addAll(notes.get(i));
            steps.add(new MigrationSourceWriter.DowngradeStep(
                    d.operation(), review.isEmpty() ? null : String.join("\n", review)));
        }
        return new GeneratedMigration(
                m.goal(), m.revisionId(), m.className(), m.parents(), m.message(), m.upgrade(), steps);
    }

    private static List<Operation> downgradeOps(GeneratedMigration m) {
        return m.downgrade().stream()
                .map(MigrationSourceWriter.DowngradeStep::operation)
                .toList();
    }
}

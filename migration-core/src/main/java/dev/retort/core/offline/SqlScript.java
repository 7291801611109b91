package dev.retort.core.offline;

import dev.retort.core.dialect.Ddl;
import dev.retort.core.dialect.Dialect;
import dev.retort.core.dialect.Guard;
import dev.retort.core.dialect.NoColumnTypeException;
import dev.retort.core.errors.Action;
import dev.retort.core.errors.Hint;
import dev.retort.core.errors.Setting;
import dev.retort.core.errors.Wording;
import dev.retort.core.history.HistoryTable;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.model.Schema;
import dev.retort.core.ops.Irreversible;
import dev.retort.core.ops.Operation;
import dev.retort.core.runner.MigrationException;
import dev.retort.core.runner.NoColumnTypeRefusalException;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL a range of revisions runs on one dialect, for a DBA to read or run by hand: each
 * revision under a header, each step under a comment that says what it does and whether it
 * destroys data; on databases with transactional DDL each revision is one transaction, as the
 * runner does it. Deterministic: the same migrations give the same text.
 */
public final class SqlScript {

    private SqlScript() {}

    /**
     * @throws MigrationException when the range reverts a revision that declares itself irreversible
     */
    public static String render(RevisionRange range, Dialect dialect) {
        return render(range, dialect, Wording.NEUTRAL);
    }

    /**
     * The script, naming the stamp to run afterwards in {@code wording}'s words.
     *
     * @throws MigrationException when the range reverts a revision that declares itself irreversible, or
     *     declares a column whose type the dialect has none for ({@link NoColumnTypeRefusalException})
     */
    public static String render(RevisionRange range, Dialect dialect, Wording wording) {
        StringBuilder out = new StringBuilder();
        out.append("-- Retort SQL for ")
                .append(dialect.name())
                .append(": ")
                .append(range.upgrade() ? "upgrade " : "downgrade ")
                .append(range.from())
                .append(" -> ")
                .append(range.to())
                .append(" (")
                .append(range.revisions().size())
                .append(range.revisions().size() == 1 ? " revision)\n" : " revisions)\n");
        out.append("-- Written offline from the migrations. ")
                .append(HistoryTable.NAME)
                .append(" is not updated by this script: after running it, record where the database is with\n")
                .append("-- ")
                .append(wording.hint(Hint.run(Action.STAMP, Setting.TARGET, range.to())))
                .append('\n');
        for (String note : dialect.scriptNotes()) {
            out.append("-- ").append(note).append('\n');
        }
        if (!range.upgrade()) {
            List<String> refusals = range.revisions().stream()
                    .flatMap(r -> r.downgrade().stream()
                            .filter(op -> op instanceof Irreversible)
                            .map(op -> "  " + r.id() + " (" + r.className() + "): " + ((Irreversible) op).reason()))
                    .toList();
            if (!refusals.isEmpty()) {
                throw new MigrationException("Refusing to write the downgrade: " + refusals.size() + " revision"
                        + (refusals.size() == 1 ? " declares" : "s declare") + " that it cannot be reverted.\n"
                        + String.join("\n", refusals));
            }
        }
        List<NoColumnTypeRefusalException.Refused> refused = new ArrayList<>();
        for (RevisionInfo r : range.revisions()) {
            List<Operation> ops = range.upgrade() ? r.upgrade() : r.downgrade();
            for (int i = 0; i < ops.size(); i++) {
                for (NoColumnTypeException.Missing m : NoColumnTypeException.columnsWithout(dialect, ops.get(i))) {
                    refused.add(new NoColumnTypeRefusalException.Refused(r.id(), i + 1, m));
                }
            }
        }
        if (!refused.isEmpty()) {
            throw new NoColumnTypeRefusalException("write the " + dialect.name() + " script", dialect.name(), refused);
        }
        Schema schema = range.start();
        for (RevisionInfo r : range.revisions()) {
            List<Operation> ops = range.upgrade() ? r.upgrade() : r.downgrade();
            out.append("\n-- Revision ")
                    .append(r.id())
                    .append(" \"")
                    .append(oneLine(r.message()))
                    .append("\" (")
                    .append(oneLine(r.className()))
                    .append("): ")
                    .append(range.upgrade() ? "upgrade, " : "downgrade, ")
                    .append(ops.size())
                    .append(ops.size() == 1 ? " step\n" : " steps\n");
            List<List<Ddl>> planned = new ArrayList<>();
            for (int i = 0; i < ops.size(); i++) {
                planned.add(dialect.statements(ops, i, schema));
                schema = next(schema, ops.get(i));
            }
            // as the runner does it: one transaction per revision unless a statement must commit on its own
            // (CREATE INDEX CONCURRENTLY cannot run inside a transaction block); then each step apart
            boolean atomic = dialect.transactionalDdl()
                    && planned.stream().flatMap(List::stream).noneMatch(dialect::requiresAutocommit);
            if (dialect.transactionalDdl() && !atomic) {
                out.append(
                        "-- runs step by step, not in one transaction: a statement below cannot run inside a transaction block\n");
            }
            if (atomic) {
                out.append("BEGIN;\n");
            }
            for (int i = 0; i < ops.size(); i++) {
                Operation op = ops.get(i);
                out.append("-- step ")
                        .append(i + 1)
                        .append(" of ")
                        .append(ops.size())
                        .append(": ")
                        .append(oneLine(op.describe()))
                        .append('\n');
                if (op.destroysDataOn(dialect.name())) {
                    out.append(
                            op.dataLossAccepted()
                                    ? "-- destroys data (acknowledged in the migration source)\n"
                                    : "-- REVIEW destroys data and is NOT acknowledged in the migration source: migrate:upgrade refuses it\n");
                }
                List<Ddl> sql = planned.get(i);
                if (sql.isEmpty()) {
                    out.append("-- (nothing to run on ").append(dialect.name()).append(")\n");
                    continue;
                }
                if (!Dialect.createdEarlier(ops, i)) {
                    // the checks upgrade makes on existing rows first, as statements that fail the script
                    for (Guard g : dialect.guards(op)) {
                        List<String> check = dialect.scriptGuard(g);
                        if (!check.isEmpty()) {
                            out.append("-- stops here if there are ")
                                    .append(oneLine(g.problem()))
                                    .append('\n');
                            check.forEach(s -> out.append(s).append(";\n"));
                        }
                    }
                }
                boolean stepTransaction =
                        dialect.transactionalDdl() && !atomic && sql.stream().noneMatch(dialect::requiresAutocommit);
                if (stepTransaction) {
                    out.append("BEGIN;\n");
                }
                sql.forEach(s -> {
                    String text = s.render();
                    out.append(text.startsWith("--") ? oneLine(text) : text).append(";\n");
                });
                if (stepTransaction) {
                    out.append("COMMIT;\n");
                }
            }
            if (atomic) {
                out.append("COMMIT;\n");
            }
        }
        return out.toString();
    }

    /** True when an earlier step of the revision creates the step's table: upgrade then runs its plain form, unchecked. */

    /** The schema after {@code op}, or null (unknown) when it is unknown before or {@code op} does not apply. */
    private static Schema next(Schema schema, Operation op) {
        try {
            return schema == null ? null : op.applyTo(schema);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** {@code text} for a {@code --} comment line: a line break in a message or a column comment would end the comment. */
    private static String oneLine(String text) {
        return text.replaceAll("\\R", " ");
    }
}

package dev.retort.core.safety;

import dev.retort.core.errors.Action;
import dev.retort.core.errors.Hint;
import dev.retort.core.errors.Setting;
import dev.retort.core.errors.Text;
import dev.retort.core.ops.AddCheck;
import dev.retort.core.ops.AddColumn;
import dev.retort.core.ops.AlterColumn;
import dev.retort.core.ops.Operation;

/**
 * The plan Retort proposes when a database can make a change only by copying a large table:
 * what to write instead, release by release, so writes never wait for a copy.
 */
public final class ExpandContract {

    private ExpandContract() {}

    /** Lines appended to the failure report of a refused copy on MySQL/MariaDB. */
    public static Text refusal(Operation op, String dialect, long copyRowLimit) {
        Text.Builder m = Text.builder();
        m.append("  ")
                .append(dialect)
                .append(" can make this change only by copying ")
                .append(op.table())
                .append(", which has more than ")
                .append(copyRowLimit)
                .append(" rows (")
                .append(Hint.name(Setting.COPY_ROW_LIMIT))
                .append("); a copy blocks ")
                .append(
                        "writes for its whole duration, so Retort asked for an online algorithm and the server refused in ")
                .append("milliseconds. Nothing of this step was applied.\n");
        m.append(plan(op));
        m.add(
                "  Or accept the write stall: rerun with ",
                Hint.set(Setting.COPY_ROW_LIMIT, "<rows>"),
                " above the table's size (in a " + "maintenance window), or make the change by hand and rerun ",
                Hint.run(Action.UPGRADE),
                ", which then finds it done.\n");
        return m.build();
    }

    /** The expand/contract steps for the operation, indented, one per line. */
    public static String plan(Operation op) {
        if (op instanceof AlterColumn a && !a.from().type().equals(a.to().type())) {
            String t = a.table();
            String c = a.to().name();
            String tmp = c + "_new";
            return "  Expand/contract instead, over releases:\n"
                    + "    1. op.addColumn(\"" + t + "\", column(\"" + tmp + "\", " + a.to().type()
                    + ").nullable())  -- instant\n"
                    + "    2. release the application writing both " + c + " and " + tmp + "\n"
                    + "    3. op.backfill(\"" + t + "\", \"" + tmp + "\", \"" + c + "\")  -- batched, resumable\n"
                    + "    4. release the application reading " + tmp + " only\n"
                    + "    5. op.dropColumn(\"" + t + "\", \"" + c + "\").acceptDataLoss() in a later release "
                    + "(keep the new name, or map the entity field to it: a rename breaks the running version, RT203)\n";
        }
        if (op instanceof AddColumn a) {
            return "  Instead: op.addColumn(\"" + a.table() + "\", column(\""
                    + a.column().name() + "\", " + a.column().type()
                    + ").nullable()) without default (instant), op.backfill(\"" + a.table() + "\", \""
                    + a.column().name()
                    + "\", <value>) in batches, then op.alterColumn(...) to set the default and NOT NULL.\n";
        }
        if (op instanceof AddCheck c) {
            return "  Instead: enforce " + c.check().expression()
                    + " in the application, or add the constraint in a maintenance "
                    + "window; MySQL/MariaDB cannot add a CHECK without copying the table.\n";
        }
        return "  Instead: split the change so each step is instant or in place (add a new column, op.backfill it, switch the "
                + "application, drop the old one in a later release).\n";
    }
}

package dev.retort.core.ops;

import dev.retort.core.model.Column;
import java.util.Locale;
import java.util.Set;

/** Checks that a step on a column names the databases the column's definition says it is absent on. */
final class Absent {

    private Absent() {}

    /**
     * A step that names other databases than the column's definition would run SQL where the column
     * does not exist, or skip it where it does: a replay error naming the fix.
     */
    static void check(String describe, String table, Column c, Set<String> stated, String step) {
        if (c.absentOn().equals(stated)) {
            return;
        }
        String fix = c.absentOn().isEmpty()
                ? "remove .absentOn(...) from the " + step + " step"
                : "state it on the step: op." + step + "(\"" + table + "\", \"" + c.name() + "\", ...).absentOn("
                        + String.join(
                                ", ",
                                c.absentOn().stream()
                                        .map(d -> "Database." + d.toUpperCase(Locale.ROOT))
                                        .toList())
                        + ")";
        throw new ReplayException(describe + ": column " + table + "." + c.name()
                + (c.absentOn().isEmpty()
                        ? " exists on every database"
                        : " is absent on " + String.join(", ", c.absentOn()))
                + "; " + fix);
    }
}

package dev.retort.core.runner;

import dev.retort.core.errors.Action;
import dev.retort.core.errors.Hint;
import dev.retort.core.errors.Setting;
import dev.retort.core.errors.Text;
import java.util.List;

/**
 * The safety rules refuse the plan before anything runs: steps with a finding of severity error,
 * or steps that cannot run as written (a backfill without a value).
 */
public class SafetyRefusalException extends MigrationException {

    private final Action direction;
    private final List<String> blocking;
    private final List<String> incomplete;

    public SafetyRefusalException(Action direction, List<String> blocking, List<String> incomplete) {
        super(text(direction, blocking, incomplete), null);
        this.direction = direction;
        this.blocking = List.copyOf(blocking);
        this.incomplete = List.copyOf(incomplete);
    }

    public Action direction() {
        return direction;
    }

    /** Each refused step with why and the safe rewrite. */
    public List<String> blocking() {
        return blocking;
    }

    /** Steps that cannot run as written. */
    public List<String> incomplete() {
        return incomplete;
    }

    private static Text text(Action direction, List<String> blocking, List<String> incomplete) {
        Text.Builder m = Text.builder().add("Refusing to " + direction.key() + ": nothing was run.\n");
        if (!incomplete.isEmpty()) {
            m.add("  " + incomplete.size() + (incomplete.size() == 1 ? " step is" : " steps are") + " not complete:\n");
            incomplete.forEach(s -> m.add("    " + s + "\n"));
            m.add("  State the value in the migration source: replace null in op.backfill(...) with an SQL expression"
                    + " over the row (e.g. \"''\", \"0\", \"lower(name)\"), or use the Java form op.backfill(table, column,"
                    + " row -> ..., reads...). Retort never fills a NOT NULL column with an implicit '' or 0."
                    + (blocking.isEmpty() ? "" : "\n"));
        }
        if (!blocking.isEmpty()) {
            m.add("  " + blocking.size() + (blocking.size() == 1 ? " step has" : " steps have")
                    + " a safety finding of severity error:\n");
            blocking.forEach(s -> m.add("    " + s + "\n"));
            m.add(
                    "  Prefer the safe form. When the risk is understood and accepted (a small table, a maintenance window),"
                            + " add .acknowledge(\"RTnnn\") to the step in the migration source");
            if (direction == Action.DOWNGRADE) {
                m.add(
                        "'s downgrade method (the undo of a half-applied revision is derived from its upgrade and has no source: there, ",
                        Hint.set(Setting.SAFETY_RULES, "RTnnn=warning"),
                        ")");
            }
            m.add(
                    ". For a local database, ",
                    Hint.set(Setting.SAFETY, "warn"),
                    " reports findings as warnings for that run.");
        }
        return m.build();
    }
}

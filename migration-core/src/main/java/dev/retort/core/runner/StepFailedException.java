package dev.retort.core.runner;

import dev.retort.core.errors.Action;
import dev.retort.core.errors.Text;
import java.sql.SQLException;
import java.util.List;

/**
 * A step of a revision failed on the database: which revision, which step of how many, the SQL,
 * what is already committed, and how to recover. The cause is the database's error.
 */
public class StepFailedException extends MigrationException {

    private final String revision;
    private final Action direction;
    private final int step;
    private final int steps;
    private final String sql;
    private final List<String> committed;

    /**
     * @param step      the failed step, from 1
     * @param committed the steps of this revision that stay committed, described; empty when the database rolled the revision back
     */
    public StepFailedException(
            String revision,
            Action direction,
            int step,
            int steps,
            String sql,
            List<String> committed,
            Text text,
            SQLException cause) {
        super(text, cause);
        this.revision = revision;
        this.direction = direction;
        this.step = step;
        this.steps = steps;
        this.sql = sql;
        this.committed = List.copyOf(committed);
    }

    public String revision() {
        return revision;
    }

    /** {@link Action#UPGRADE} or {@link Action#DOWNGRADE}. */
    public Action direction() {
        return direction;
    }

    /** The failed step, from 1. */
    public int step() {
        return step;
    }

    public int steps() {
        return steps;
    }

    public String sql() {
        return sql;
    }

    /** The steps of this revision that stay committed. */
    public List<String> committed() {
        return committed;
    }
}

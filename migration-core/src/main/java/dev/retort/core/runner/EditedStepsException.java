package dev.retort.core.runner;

import dev.retort.core.errors.Text;

/**
 * A revision an earlier run left half-applied (or half-reverted) was edited before the rerun: a
 * step the journal records as committed is no longer the step the migration has there, or the
 * migration now has fewer steps than were committed. Resuming by step index would skip or repeat
 * steps, so nothing was run.
 */
public class EditedStepsException extends MigrationException {

    private final String revision;
    private final int step;

    /** @param step the first committed step that changed or is gone, from 1 */
    public EditedStepsException(String revision, int step, Text text) {
        super(text, null);
        this.revision = revision;
        this.step = step;
    }

    public String revision() {
        return revision;
    }

    /** The first committed step that changed or is gone, from 1. */
    public int step() {
        return step;
    }
}

package dev.retort.migration;

/**
 * A recorded operation, returned so the migration source can state decisions about it.
 */
public interface Step {

    /**
     * Acknowledges that this step destroys data (a dropped table or column, a narrowed type).
     * Without it, {@code migrate:upgrade} refuses the whole plan before running anything, so a
     * drop can only reach a database after someone has read it.
     */
    Step acceptDataLoss();

    /**
     * Acknowledges safety findings on this step by rule id ({@code "RT203"}), after review. A finding
     * of severity {@code error} makes {@code migrate:upgrade} refuse the whole plan until the step
     * acknowledges it, so a change that locks or rewrites a busy table, or breaks the application
     * version still running, reaches production only after someone has decided it may. Acknowledging
     * never lifts the data-loss gate: that still needs {@link #acceptDataLoss()}.
     */
    Step acknowledge(String... ruleIds);
}

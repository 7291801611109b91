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
}

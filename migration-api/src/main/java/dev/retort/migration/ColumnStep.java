package dev.retort.migration;

/**
 * A recorded step on one column ({@code dropColumn}, {@code renameColumn}) that can state the
 * databases on which the column does not exist, as its definition did with {@link Column#absentOn}.
 */
public interface ColumnStep extends Step {

    /**
     * The column this step names does not exist on these databases, so the step runs no SQL there
     * (and is still recorded as done). It must name the databases the column's definition names:
     * replaying the migrations checks it.
     */
    ColumnStep absentOn(Database... databases);
}

package dev.retort.migration;

/**
 * One schema revision, written as code a reviewer reads in a pull request.
 *
 * <p>Both methods only <em>record</em> operations on the given {@link Operations}; they never talk to a
 * database. The recorded plan is what Retort renders to SQL for a dialect, journals step by step,
 * and replays in memory to rebuild the schema at any revision. That is why a migration must be
 * deterministic: the same class must record the same operations every time it is asked.
 *
 * <p>Every implementation carries a {@link Revision} annotation naming its id and parents.
 */
public interface Migration {

    /** Records the operations that move the schema from the parent revision to this one. */
    void upgrade(Operations op);

    /** Records the operations that undo {@link #upgrade}, in the order they must run. */
    void downgrade(Operations op);
}

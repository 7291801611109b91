package dev.retort.core.diff;

import java.util.List;

/**
 * The result of comparing the replayed schema with the entity model.
 *
 * @param changes  the steps of the migration, in the order they must run
 * @param notes    what a reviewer must decide and the generated source cannot say by itself: possible
 *                 renames that were written as drop + add, stale or unmatched {@code @RenamedFrom} hints
 * @param problems changes that cannot be written as a migration that runs safely, each saying why and
 *                 what to do; when there are any, no migration must be written
 */
public record Diff(List<Change> changes, List<String> notes, List<String> problems) {

    public Diff {
        changes = List.copyOf(changes);
        notes = List.copyOf(notes);
        problems = List.copyOf(problems);
    }

    /** True when the model matches the schema: nothing to generate. */
    public boolean isEmpty() {
        return changes.isEmpty() && problems.isEmpty();
    }
}

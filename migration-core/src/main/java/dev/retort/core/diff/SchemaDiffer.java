package dev.retort.core.diff;

import dev.retort.core.model.Schema;
import dev.retort.core.ops.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Computes the operations that turn the replayed schema ({@code previous}) into the entity model.
 *
 * <p>Renames are renames: a {@code @RenamedFrom} hint gives a rename; without one, exactly one
 * table (or one column of a table) gone and one new with the same definition gives a rename marked
 * {@code REVIEW}; anything else gives a drop and an add marked {@code REVIEW}, with a note naming
 * the candidates. Changes that cannot run safely (a foreign key between different types, a key
 * over missing columns) are reported as problems instead of being written. Bookkeeping tables
 * ({@code retort_*}) are never part of a diff. See {@link DiffRun} for the order of the steps.
 */
public final class SchemaDiffer {

    /** Prefix of Retort's own tables; never generated, never dropped. */
    public static final String BOOKKEEPING_PREFIX = "retort_";

    private SchemaDiffer() {}

    /** The steps, notes and problems of turning {@code previous} into {@code model}. */
    public static Diff compare(Schema previous, Schema model) {
        return new DiffRun(previous, model).run();
    }

    /**
     * The downgrade of a list of upgrade operations: each operation's inverse, computed against
     * the schema it was applied to, in reverse order.
     */
    public static List<Operation> inverse(Schema before, List<Operation> upgrade) {
        List<List<Operation>> inverses = new ArrayList<>();
        Schema s = before;
        for (Operation op : upgrade) {
            inverses.add(op.inverse(s));
            s = op.applyTo(s);
        }
        List<Operation> result = new ArrayList<>();
        for (int i = inverses.size() - 1; i >= 0; i--) {
            result.addAll(inverses.get(i));
        }
        return List.copyOf(result);
    }

    public static boolean isBookkeeping(String table) {
        return table.toLowerCase(Locale.ROOT).startsWith(BOOKKEEPING_PREFIX);
    }
}

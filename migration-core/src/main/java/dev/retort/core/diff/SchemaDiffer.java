package dev.retort.core.diff;

import dev.retort.core.model.Column;
import dev.retort.core.model.Index;
import dev.retort.core.model.Schema;
import dev.retort.core.model.Table;
import dev.retort.core.ops.AddColumn;
import dev.retort.core.ops.AlterColumn;
import dev.retort.core.ops.CreateIndex;
import dev.retort.core.ops.CreateTable;
import dev.retort.core.ops.DropColumn;
import dev.retort.core.ops.DropIndex;
import dev.retort.core.ops.DropTable;
import dev.retort.core.ops.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Computes the operations that turn the replayed schema ({@code previous}) into the entity model.
 *
 * <p>Order: indexes that go or change are dropped first (so their columns can go), then columns
 * are dropped, altered and added, new tables created, new indexes created, and removed tables
 * dropped last. Bookkeeping tables ({@code retort_*}) are never part of a diff.
 */
public final class SchemaDiffer {

    /** Prefix of Retort's own tables; never generated, never dropped. */
    public static final String BOOKKEEPING_PREFIX = "retort_";

    private SchemaDiffer() {
    }

    public static List<Change> diff(Schema previous, Schema model) {
        List<Change> dropIndexes = new ArrayList<>();
        List<Change> dropColumns = new ArrayList<>();
        List<Change> alterColumns = new ArrayList<>();
        List<Change> addColumns = new ArrayList<>();
        List<Change> createTables = new ArrayList<>();
        List<Change> createIndexes = new ArrayList<>();
        List<Change> dropTables = new ArrayList<>();

        for (Table want : model.tables()) {
            if (isBookkeeping(want.name())) {
                continue;
            }
            Table have = previous.table(want.name()).orElse(null);
            if (have == null) {
                createTables.add(new Change(new CreateTable(want), label(want) + ": new entity", null));
                for (Index i : want.indexes()) {
                    createIndexes.add(new Change(new CreateIndex(want.name(), i), indexLabel(want, i), null));
                }
                continue;
            }
            if (!lower(have.primaryKey()).equals(lower(want.primaryKey()))) {
                throw new UnsupportedChangeException("the primary key of " + want.name() + " changed from "
                        + have.primaryKey() + " to " + want.primaryKey()
                        + "; Retort cannot generate a primary-key change yet: write this migration by hand");
            }
            for (Index old : have.indexes()) {
                Index now = want.index(old.name()).orElse(null);
                if (now == null || !now.sameDefinition(old)) {
                    dropIndexes.add(new Change(new DropIndex(want.name(), old.name(), old.unique()),
                            want.name() + "." + old.name() + (now == null ? ": no longer in the model" : ": definition changed"), null));
                }
            }
            for (Column old : have.columns()) {
                if (want.column(old.name()).isEmpty()) {
                    dropColumns.add(new Change(new DropColumn(want.name(), old.name(), false),
                            want.name() + "." + old.name() + ": no longer in the model",
                            "data loss: drops column " + want.name() + "." + old.name() + " and its values"));
                }
            }
            for (Column col : want.columns()) {
                Column old = have.column(col.name()).orElse(null);
                if (old == null) {
                    addColumns.add(new Change(new AddColumn(want.name(), col), label(want, col) + ": new field",
                            col.nullable() || col.autoIncrement() ? null
                                    : "NOT NULL without a default: fails, or is filled with an implicit value, if "
                                    + want.name() + " already has rows"));
                } else if (!old.sameDefinition(col.withSource(old.source()))) {
                    AlterColumn alter = new AlterColumn(want.name(), old.withSource(null), col, false);
                    String review = alter.destroysData()
                            ? "data loss: " + old.type() + " -> " + col.type() + " narrows the column; values that do not fit are lost or rejected"
                            : alter.tightensNullability() ? "fails while " + want.name() + "." + col.name() + " holds NULLs" : null;
                    alterColumns.add(new Change(alter, label(want, col) + ": " + describeAlter(old, col), review));
                }
            }
            for (Index i : want.indexes()) {
                Index old = have.index(i.name()).orElse(null);
                if (old == null || !old.sameDefinition(i)) {
                    createIndexes.add(new Change(new CreateIndex(want.name(), i), indexLabel(want, i), null));
                }
            }
        }
        for (Table old : previous.tables()) {
            if (!isBookkeeping(old.name()) && model.table(old.name()).isEmpty()) {
                dropTables.add(new Change(new DropTable(old.name(), false), old.name() + ": entity no longer in the model",
                        "data loss: drops table " + old.name() + " and all its rows"));
            }
        }
        List<Change> all = new ArrayList<>();
        all.addAll(dropIndexes);
        all.addAll(dropColumns);
        all.addAll(alterColumns);
        all.addAll(addColumns);
        all.addAll(createTables);
        all.addAll(createIndexes);
        all.addAll(dropTables);
        return List.copyOf(all);
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

    private static String describeAlter(Column old, Column now) {
        List<String> parts = new ArrayList<>();
        if (!old.type().equals(now.type())) {
            parts.add(old.type() + " -> " + now.type());
        }
        if (old.nullable() != now.nullable()) {
            parts.add(now.nullable() ? "now nullable" : "now NOT NULL");
        }
        if (old.autoIncrement() != now.autoIncrement()) {
            parts.add(now.autoIncrement() ? "now generated by the database" : "no longer generated by the database");
        }
        return String.join(", ", parts);
    }

    private static String label(Table t) {
        return t.source() != null ? t.source() : t.name();
    }

    private static String label(Table t, Column c) {
        return c.source() != null ? c.source() : t.name() + "." + c.name();
    }

    private static String indexLabel(Table t, Index i) {
        String from = i.source() != null ? i.source() : t.name() + "." + i.name();
        return from + ": " + (i.unique() ? "unique " : "index ") + String.join(", ", i.columns());
    }

    private static List<String> lower(List<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
    }
}

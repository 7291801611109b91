package dev.retort.core.diff;

import dev.retort.core.model.Check;
import dev.retort.core.model.Column;
import dev.retort.core.model.ForeignKey;
import dev.retort.core.model.Index;
import dev.retort.core.model.Schema;
import dev.retort.core.model.Sequence;
import dev.retort.core.model.Table;
import dev.retort.core.ops.AddCheck;
import dev.retort.core.ops.AddColumn;
import dev.retort.core.ops.AddForeignKey;
import dev.retort.core.ops.AlterColumn;
import dev.retort.core.ops.CreateIndex;
import dev.retort.core.ops.CreateSequence;
import dev.retort.core.ops.CreateTable;
import dev.retort.core.ops.DropCheck;
import dev.retort.core.ops.DropColumn;
import dev.retort.core.ops.DropForeignKey;
import dev.retort.core.ops.DropIndex;
import dev.retort.core.ops.DropSequence;
import dev.retort.core.ops.DropTable;
import dev.retort.core.ops.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Computes the operations that turn the replayed schema ({@code previous}) into the entity model.
 *
 * <p>Order: foreign keys and checks that go or change are dropped first, then indexes (so their
 * columns can go), then columns are dropped, altered and added, sequences and tables created,
 * indexes, checks and foreign keys created (after every table they reference exists, so cycles
 * need no special case), and removed tables and sequences dropped last. Bookkeeping tables
 * ({@code retort_*}) are never part of a diff.
 */
public final class SchemaDiffer {

    /** Prefix of Retort's own tables; never generated, never dropped. */
    public static final String BOOKKEEPING_PREFIX = "retort_";

    private SchemaDiffer() {
    }

    public static List<Change> diff(Schema previous, Schema model) {
        List<Change> dropForeignKeys = new ArrayList<>();
        List<Change> dropChecks = new ArrayList<>();
        List<Change> createSequences = new ArrayList<>();
        List<Change> addChecks = new ArrayList<>();
        List<Change> addForeignKeys = new ArrayList<>();
        List<Change> dropSequences = new ArrayList<>();
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
                for (Check c : want.checks()) {
                    addChecks.add(new Change(new AddCheck(want.name(), c), checkLabel(want, c), null));
                }
                for (ForeignKey fk : want.foreignKeys()) {
                    addForeignKeys.add(new Change(new AddForeignKey(want.name(), fk), fkLabel(want, fk), null));
                }
                continue;
            }
            for (ForeignKey old : have.foreignKeys()) {
                ForeignKey now = want.foreignKey(old.name()).orElse(null);
                if (now == null || !now.sameDefinition(old)) {
                    dropForeignKeys.add(new Change(new DropForeignKey(want.name(), old.name()),
                            want.name() + "." + old.name() + (now == null ? ": no longer in the model" : ": definition changed"), null));
                }
            }
            for (ForeignKey fk : want.foreignKeys()) {
                ForeignKey old = have.foreignKey(fk.name()).orElse(null);
                if (old == null || !old.sameDefinition(fk)) {
                    addForeignKeys.add(new Change(new AddForeignKey(want.name(), fk), fkLabel(want, fk),
                            "fails if existing rows of " + want.name() + " reference missing rows of " + fk.referencedTable()));
                }
            }
            for (Check old : have.checks()) {
                Check now = want.check(old.name()).orElse(null);
                if (now == null || !now.sameDefinition(old)) {
                    dropChecks.add(new Change(new DropCheck(want.name(), old.name()),
                            want.name() + "." + old.name() + (now == null ? ": no longer in the model" : ": expression changed"), null));
                }
            }
            for (Check c : want.checks()) {
                Check old = have.check(c.name()).orElse(null);
                if (old == null || !old.sameDefinition(c)) {
                    addChecks.add(new Change(new AddCheck(want.name(), c), checkLabel(want, c),
                            "fails if existing rows of " + want.name() + " violate " + c.expression()));
                }
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
        for (Sequence seq : model.sequences()) {
            Sequence old = previous.sequence(seq.name()).orElse(null);
            if (old == null) {
                createSequences.add(new Change(new CreateSequence(seq), (seq.source() != null ? seq.source() : seq.name()) + ": new sequence", null));
            } else if (!old.sameDefinition(seq)) {
                throw new UnsupportedChangeException("sequence " + seq.name() + " changed from start " + old.start() + " increment "
                        + old.increment() + " to start " + seq.start() + " increment " + seq.increment()
                        + "; Retort cannot generate a sequence change yet: write this migration by hand");
            }
        }
        for (Sequence old : previous.sequences()) {
            if (model.sequence(old.name()).isEmpty()) {
                dropSequences.add(new Change(new DropSequence(old.name()), old.name() + ": sequence no longer in the model",
                        "data loss: drops sequence " + old.name() + " and its current value"));
            }
        }
        for (Table old : previous.tables()) {
            if (!isBookkeeping(old.name()) && model.table(old.name()).isEmpty()) {
                for (ForeignKey fk : old.foreignKeys()) {
                    dropForeignKeys.add(new Change(new DropForeignKey(old.name(), fk.name()),
                            old.name() + "." + fk.name() + ": its table is no longer in the model", null));
                }
                dropTables.add(new Change(new DropTable(old.name(), false), old.name() + ": entity no longer in the model",
                        "data loss: drops table " + old.name() + " and all its rows"));
            }
        }
        // foreign keys referencing a dropped table go first, whichever table holds them
        for (Table t : previous.tables()) {
            if (model.table(t.name()).isEmpty()) {
                continue;
            }
            for (ForeignKey fk : t.foreignKeys()) {
                if (model.table(fk.referencedTable()).isEmpty() && dropForeignKeys.stream()
                        .noneMatch(c -> c.operation() instanceof DropForeignKey d && d.name().equalsIgnoreCase(fk.name()))) {
                    dropForeignKeys.add(new Change(new DropForeignKey(t.name(), fk.name()),
                            t.name() + "." + fk.name() + ": references a table no longer in the model", null));
                }
            }
        }
        List<Change> all = new ArrayList<>();
        all.addAll(dropForeignKeys);
        all.addAll(dropChecks);
        all.addAll(dropIndexes);
        all.addAll(dropColumns);
        all.addAll(alterColumns);
        all.addAll(addColumns);
        all.addAll(createSequences);
        all.addAll(createTables);
        all.addAll(createIndexes);
        all.addAll(addChecks);
        all.addAll(addForeignKeys);
        all.addAll(dropTables);
        all.addAll(dropSequences);
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

    private static String fkLabel(Table t, ForeignKey fk) {
        return (fk.source() != null ? fk.source() : t.name() + "." + fk.name()) + ": references " + fk.referencedTable();
    }

    private static String checkLabel(Table t, Check c) {
        return (c.source() != null ? c.source() : t.name() + "." + c.name()) + ": check " + c.expression();
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

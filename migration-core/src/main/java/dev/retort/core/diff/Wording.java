package dev.retort.core.diff;

import static dev.retort.core.diff.Compare.trim;
import static dev.retort.core.diff.Names.lowerSet;
import static dev.retort.core.diff.Names.sameNames;

import dev.retort.core.model.Check;
import dev.retort.core.model.Column;
import dev.retort.core.model.ForeignKey;
import dev.retort.core.model.Index;
import dev.retort.core.model.Sequence;
import dev.retort.core.model.Table;
import dev.retort.core.ops.AlterColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Every sentence a diff writes for its reader: the one-line comment above each step (where it came
 * from, what changes), the {@code REVIEW} note of a step that loses data or can fail on existing
 * rows, the notes a reviewer must decide on, and the problems that stop generation. {@link DiffRun}
 * decides what changes; this class only says it.
 */
final class Wording {

    private Wording() {}

    // ---------------------------------------------------------------- labels: where a step came from

    static String label(Table t) {
        return t.source() != null ? t.source() : t.name();
    }

    static String label(Table t, Column c) {
        return c.source() != null ? c.source() : t.name() + "." + c.name();
    }

    static String fkLabel(Table t, ForeignKey fk) {
        return (fk.source() != null ? fk.source() : t.name() + "." + fk.name()) + ": references "
                + fk.referencedTable();
    }

    static String checkLabel(Table t, Check c) {
        return (c.source() != null ? c.source() : t.name() + "." + c.name()) + ": check " + c.expression();
    }

    static String indexLabel(Table t, Index i) {
        return indexSource(t, i) + ": " + (i.unique() ? "unique " : "index ") + String.join(", ", sorted(i));
    }

    /** The columns of an index, a descending one followed by {@code desc}, as {@code @Index(columnList)} reads. */
    static List<String> sorted(Index i) {
        return i.columnsWithOrder();
    }

    private static String indexSource(Table t, Index i) {
        return i.source() != null ? i.source() : t.name() + "." + i.name();
    }

    /** {@code table.name: no longer in the model}, for whatever left it. */
    static String noLongerInModel(String table, String name) {
        return table + "." + name + ": no longer in the model";
    }

    // ---------------------------------------------------------------- model

    static String redundantUnique(Table t, Index i) {
        return t.name() + "." + i.name() + ": unique on " + i.columns() + ", which the primary key or another unique "
                + "constraint of " + t.name() + " already covers; not created, as Hibernate does not create it either.";
    }

    static String duplicateConstraintName(String name, String other, String table) {
        return "The constraint name " + name + " is used twice in the model (on " + other + " and on " + table
                + "); index, key and check names must be unique in the schema. Rename one of them in the mapping.";
    }

    // ---------------------------------------------------------------- renames

    static String renamed(String label, String from, boolean hinted) {
        return label + ": renamed from " + from + (hinted ? " (@RenamedFrom)" : "");
    }

    static String guessedTableRename(String from, String to) {
        return "rename guessed: " + from + " left the model and " + to + " came with the same columns. If " + to
                + " is a new table, replace this step with createTable + dropTable; if it is a rename, confirm it with @RenamedFrom(\""
                + from + "\") on the entity.";
    }

    static String ambiguousTables(Renames.Result result) {
        return plural(result.dropped(), "Table") + " left the model and " + plural(result.added(), "similar table")
                + " came into it. Retort does not guess renames: they are written "
                + "as drop + create, marked REVIEW. If one is a rename, annotate the entity with @RenamedFrom(\"<old table>\") "
                + "and generate again.";
    }

    static String guessedColumnRename(String table, String from, String to) {
        return "rename guessed: " + table + "." + from + " left the model and " + to
                + " came with the same definition. If " + to
                + " holds new data, replace this step with addColumn + dropColumn; if it is a rename, confirm it with "
                + "@RenamedFrom(\"" + from + "\") on the field.";
    }

    static String ambiguousColumns(Table w, Renames.Result result) {
        return label(w) + ": " + plural(result.dropped(), "column") + " left the model and "
                + plural(result.added(), "column") + " of the same type came into it. Retort does not guess renames: "
                + "they are written as drop + add, marked REVIEW. If one is a rename, annotate the field with "
                + "@RenamedFrom(\"<old column>\") and generate again.";
    }

    static String indexRenamed(Table w, Index to, String from) {
        return indexSource(w, to) + ": " + (to.unique() ? "unique constraint" : "index") + " renamed from " + from;
    }

    // ---------------------------------------------------------------- tables

    static String newTable(Table w) {
        // a join or collection table comes from an entity member, an entity table from the class
        boolean entity = w.source() == null || !w.source().contains(".");
        return label(w) + (entity ? ": new entity" : ": new table");
    }

    /** The review of a new table that may be one that left the model, renamed; null when none left. */
    static String possibleTableRename(Table w, List<String> sources) {
        if (sources.isEmpty()) {
            return null;
        }
        return "possible rename: " + Renames.words(sources, "or") + " left the model in this change. If " + w.name()
                + " is " + (sources.size() == 1 ? "it" : "one of them")
                + " renamed, annotate the entity with @RenamedFrom(\""
                + (sources.size() == 1 ? sources.get(0) : "<old table>")
                + "\") and generate again; as written, the old rows are "
                + "dropped, not moved";
    }

    static String droppedTable(Table h) {
        return h.name() + ": entity no longer in the model";
    }

    static String droppedWithTable(Table h, ForeignKey fk) {
        return h.name() + "." + fk.name() + ": its table is no longer in the model";
    }

    static String droppedForReuse(Table h, String name, String newOwner) {
        return h.name() + "." + name + ": its table is no longer in the model, and " + newOwner + " takes the name";
    }

    static String dropTableReview(Table h, List<String> renameTargets) {
        String review = "data loss: drops table " + h.name() + " and all its rows";
        if (!renameTargets.isEmpty()) {
            review += "; if it was renamed to " + Renames.words(renameTargets, "or")
                    + ", annotate that entity with @RenamedFrom(\"" + h.name() + "\") instead";
        }
        return review;
    }

    // ---------------------------------------------------------------- indexes

    static String droppedIndex(String table, Index old, Index now) {
        return now == null
                ? noLongerInModel(table, old.name())
                : table + "." + old.name() + ": " + describeIndexChange(old, now);
    }

    /** The review of a new unique index over columns that hold data; null for any other index. */
    static String uniqueIndexReview(String table, Index i, boolean existingColumns) {
        return i.unique() && existingColumns
                ? "fails while " + table + " holds duplicate values in " + String.join(", ", i.columns())
                : null;
    }

    private static String describeIndexChange(Index old, Index now) {
        if (old.unique() != now.unique()) {
            return now.unique() ? "now unique" : "no longer unique";
        }
        if (Names.sameNames(old.columns(), now.columns(), n -> n)) {
            return "sort order " + sorted(old) + " -> " + sorted(now);
        }
        return lowerSet(old.columns()).equals(lowerSet(now.columns()))
                ? "column order " + sorted(old) + " -> " + sorted(now)
                : "columns " + sorted(old) + " -> " + sorted(now);
    }

    // ---------------------------------------------------------------- columns

    static String newField(Table w, Column col) {
        return label(w, col) + ": new field";
    }

    static String addColumnReview(String table, Column col, Renames.Result candidates) {
        List<String> review = new ArrayList<>();
        List<String> sources = candidates == null ? List.of() : candidates.sourcesOf(col.name());
        if (!sources.isEmpty()) {
            review.add("possible rename: " + Renames.words(sources, "or") + " left " + table + " in this change. If "
                    + col.name()
                    + " is " + (sources.size() == 1 ? "it" : "one of them")
                    + " renamed, annotate the field with @RenamedFrom(\""
                    + (sources.size() == 1 ? sources.get(0) : "<old column>")
                    + "\") and generate again; as written, the old values "
                    + "are dropped, not moved");
        }
        if (!col.nullable() && !col.autoIncrement() && col.defaultValue() == null) {
            review.add("NOT NULL without a default: fails, or is filled with an implicit value, if " + table
                    + " already has rows");
        }
        return review.isEmpty() ? null : String.join("; ", review);
    }

    static String alterColumn(String label, Column old, Column now) {
        return label + ": " + describeAlter(old, now);
    }

    static String alterColumnReview(AlterColumn alter, String table, Column old, Column now) {
        List<String> review = new ArrayList<>();
        List<String> vanishes =
                now.absentOn().stream().filter(d -> !old.absentOn().contains(d)).toList();
        if (!vanishes.isEmpty()) {
            review.add("data loss: drops column " + table + "." + now.name() + " and its values on "
                    + String.join(", ", vanishes));
        }
        if (!AlterColumn.widens(old.type(), now.type())) {
            review.add("data loss: " + old.type() + " -> " + now.type()
                    + " narrows the column; values that do not fit are lost or rejected");
        }
        if (alter.tightensNullability()) {
            review.add("fails while " + table + "." + now.name() + " holds NULLs: fill them before upgrading");
        }
        return review.isEmpty() ? null : String.join("; ", review);
    }

    static String dropColumnReview(String table, Column old, List<String> renameTargets) {
        String review = "data loss: drops column " + table + "." + old.name() + " and its values";
        if (!renameTargets.isEmpty()) {
            review += "; if it was renamed to " + Renames.words(renameTargets, "or")
                    + ", annotate that field with @RenamedFrom(\"" + old.name() + "\") instead";
        }
        return review;
    }

    private static String describeAlter(Column old, Column now) {
        List<String> parts = new ArrayList<>();
        if (!old.type().equals(now.type())) {
            parts.add(old.type() + " -> " + now.type()
                    + (AlterColumn.widens(old.type(), now.type()) ? " (widening)" : " (narrowing)"));
        }
        if (old.nullable() != now.nullable()) {
            parts.add(now.nullable() ? "now nullable" : "now NOT NULL");
        }
        if (!Objects.equals(trim(old.defaultValue()), trim(now.defaultValue()))) {
            parts.add(
                    old.defaultValue() == null
                            ? "server default " + now.defaultValue()
                            : now.defaultValue() == null
                                    ? "server default " + old.defaultValue() + " removed"
                                    : "server default " + old.defaultValue() + " -> " + now.defaultValue());
        }
        if (!Objects.equals(old.comment(), now.comment())) {
            parts.add(
                    old.comment() == null
                            ? "comment added"
                            : now.comment() == null ? "comment removed" : "comment changed");
        }
        if (old.autoIncrement() != now.autoIncrement()) {
            parts.add(now.autoIncrement() ? "now generated by the database" : "no longer generated by the database");
        }
        if (!old.absentOn().equals(now.absentOn())) {
            parts.add(
                    now.absentOn().isEmpty()
                            ? "now on every database"
                            : "now absent on " + String.join(", ", now.absentOn()) + " (dropped or added there only)");
        }
        return String.join(", ", parts);
    }

    // ---------------------------------------------------------------- primary keys

    static String nullableKeyColumn(Table w, Column col) {
        return label(w, col) + " is part of the new primary key " + w.primaryKey() + " of " + w.name()
                + " but nullable; "
                + "primary-key columns must be NOT NULL. Make it NOT NULL in the mapping (@Column(nullable = false) or @Id).";
    }

    static String generatedColumnNotLeadingAKey(Table w, Column c) {
        return label(w, c) + " is generated by the database (AUTO_INCREMENT), and MySQL and MariaDB require such a "
                + "column to be the first column of a key; the new primary key " + w.primaryKey() + " of " + w.name()
                + " does not start with it and no index does. Put " + c.name()
                + " first in the key, or add an index on it.";
    }

    static String alterPrimaryKey(Table h, Table w) {
        return label(w) + ": primary key " + h.primaryKey() + " -> " + w.primaryKey();
    }

    static String alterPrimaryKeyReview(Table w) {
        return w.primaryKey().isEmpty()
                ? "drops the primary key of " + w.name()
                        + ": rows are no longer identified; MySQL and MariaDB copy the table"
                : "rebuilds the primary key of " + w.name() + ": fails while " + String.join(", ", w.primaryKey())
                        + " hold duplicate values; MySQL and MariaDB copy the table, which locks it for writes";
    }

    // ---------------------------------------------------------------- foreign keys and checks

    static String foreignKeyChange(ForeignKey old, ForeignKey now) {
        List<String> parts = new ArrayList<>();
        if (!old.referencedTable().equalsIgnoreCase(now.referencedTable())
                || !sameNames(old.referencedColumns(), now.referencedColumns(), n -> n)) {
            parts.add("now references " + now.referencedTable() + now.referencedColumns() + " instead of "
                    + old.referencedTable() + old.referencedColumns());
        }
        if (!sameNames(old.columns(), now.columns(), n -> n)) {
            parts.add("columns " + old.columns() + " -> " + now.columns());
        }
        if (old.deleteAction() != now.deleteAction()) {
            parts.add("ON DELETE " + old.deleteAction().sql() + " -> "
                    + now.deleteAction().sql());
        }
        if (old.updateAction() != now.updateAction()) {
            parts.add("ON UPDATE " + old.updateAction().sql() + " -> "
                    + now.updateAction().sql());
        }
        return String.join(", ", parts);
    }

    static String reAdded(Table w, ForeignKey fk, String change) {
        return fkLabel(w, fk) + " (" + change + ")";
    }

    static String droppedToReAdd(String table, String name, String change) {
        return table + "." + name + ": " + change + "; re-added below";
    }

    static String missingReferencedRows(Table w, ForeignKey fk) {
        return "fails if existing rows of " + w.name() + " reference missing rows of " + fk.referencedTable();
    }

    static String droppedCheck(String table, Check old, Check now) {
        return table + "." + old.name()
                + (now == null ? ": no longer in the model" : ": expression changed from " + old.expression());
    }

    static String addCheckReview(Table w, Check c) {
        return "fails if existing rows of " + w.name() + " violate " + c.expression();
    }

    static String droppedWhile(Table h, ForeignKey old, String reason) {
        return h.name() + "." + old.name() + ": dropped while " + reason + "; re-added below";
    }

    static String uncheckedUntilReAdded(Table h, ForeignKey old) {
        return "plan: until the key is re-added below, " + h.name() + " rows are not checked against "
                + old.referencedTable();
    }

    static String reAddedAfter(Table h, ForeignKey fk, String reason) {
        return h.name() + "." + fk.name() + ": re-added after " + reason;
    }

    /** Why a foreign key that stays is in the way of this change: see {@link DiffRun}. */
    static String typeChanges(String table, String column) {
        return "the type of " + table + "." + column + " changes";
    }

    static String referencedTypeChanges(String table, String column) {
        return "the type of " + table + "." + column + ", which it references, changes";
    }

    static String referencedKeyChanges(String table) {
        return "the primary key of " + table + ", which it references, changes";
    }

    static String referencedUniqueChanges(String index) {
        return "the unique constraint " + index + ", which it references, changes";
    }

    static String indexChanges(String index) {
        return "the index " + index + " changes, which MySQL and MariaDB use for the key";
    }

    static String unknownReferencedTable(String name, ForeignKey fk) {
        return "Foreign key " + name + " references table " + fk.referencedTable() + ", which is not in the model. "
                + "Map that entity in this module or a dependency, or remove the association.";
    }

    static String missingColumn(String fk, Table t, String column) {
        return "Foreign key " + fk + " uses column " + t.name() + "." + column + ", which is not in the model.";
    }

    static String notUniqueTarget(String name, Table target, ForeignKey fk) {
        return "Foreign key " + name + " references " + target.name() + fk.referencedColumns() + ", which is neither "
                + "the primary key nor a unique constraint of " + target.name()
                + "; PostgreSQL and H2 refuse such a key. "
                + "Reference the primary key, or make those columns unique in the mapping.";
    }

    static String typeMismatch(String name, Table owner, Column from, Table target, Column to) {
        return "Foreign key " + name + ": " + owner.name() + "." + from.name() + " is " + from.type()
                + " but the column it references, " + target.name() + "." + to.name() + ", is " + to.type()
                + "; MySQL and MariaDB refuse a foreign key between columns of different types, so the migration "
                + "would stop half-way. Change both columns to the same type in the model (the referencing column "
                + "follows the key it references).";
    }

    // ---------------------------------------------------------------- sequences

    static String newSequence(String label, Sequence s) {
        return label + ": new sequence " + s.name();
    }

    static String alterSequence(String label, Sequence old, Sequence s) {
        return label + ": sequence " + s.name() + " START " + old.start() + " INCREMENT " + old.increment()
                + " -> START " + s.start() + " INCREMENT " + s.increment();
    }

    static String alterSequenceReview(Sequence s) {
        return "the sequence keeps its current value; values drawn from now on step by " + s.increment()
                + " (Hibernate's allocationSize must be the same); the start only matters if it is ever restarted";
    }

    static String newType(dev.retort.core.model.UserType t) {
        return (t.source() != null ? t.source() : t.name()) + ": new type " + t.name();
    }

    static String droppedType(dev.retort.core.model.UserType old) {
        return old.name() + ": type no longer in the model";
    }

    static String changedType(dev.retort.core.model.UserType old, dev.retort.core.model.UserType t) {
        return (t.source() != null ? t.source() : t.name()) + ": the attributes of type " + t.name() + " changed ("
                + attributes(old) + " -> " + attributes(t) + "), which Retort does not migrate yet: Hibernate"
                + " orders a struct's attributes by size and name, which ALTER TYPE ... ADD ATTRIBUTE (appending"
                + " at the end) cannot follow. Write the step by hand (op.sql with ALTER TYPE, or drop the columns"
                + " of the type, op.dropType, op.createType and add them again), or give the changed embeddable a"
                + " new @Struct(name)";
    }

    private static String attributes(dev.retort.core.model.UserType t) {
        return t.attributes().stream()
                .map(a -> a.name() + " " + a.type())
                .collect(java.util.stream.Collectors.joining(", "));
    }

    static String droppedSequence(Sequence old) {
        return old.name() + ": sequence no longer in the model";
    }

    static String dropSequenceReview(Sequence old) {
        return "data loss: drops sequence " + old.name() + " and its current value; recreated, it would restart at "
                + old.start() + " and collide with existing ids";
    }

    /** {@code column a}, {@code columns a and b}. */
    private static String plural(List<String> names, String noun) {
        return noun + (names.size() == 1 ? " " : "s ") + Renames.words(names, "and");
    }
}

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
import dev.retort.core.ops.AlterPrimaryKey;
import dev.retort.core.ops.AlterSequence;
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
import dev.retort.core.ops.RenameColumn;
import dev.retort.core.ops.RenameIndex;
import dev.retort.core.ops.RenameTable;
import dev.retort.migration.ColumnType;
import dev.retort.migration.ColumnType.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One comparison of the replayed schema with the model. Every lookup goes through hash maps built
 * once, so the work grows with the size of the schema, not with its square.
 *
 * <p>Phases, in the order the steps must run: foreign keys and checks that go are dropped first,
 * under the names the tables have before any rename; then tables, columns and indexes are renamed;
 * indexes that go are dropped; columns are added, altered, the primary keys changed, columns
 * dropped; sequences created and altered; new tables created in foreign-key order (referenced
 * first); indexes, checks and foreign keys created (after every table exists, so cycles need no
 * special case); tables dropped in reverse foreign-key order; sequences dropped last.
 */
final class DiffRun {

    private final Schema previous;
    private final Schema model;
    private final List<String> notes = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private final List<Change> dropForeignKeys = new ArrayList<>();
    private final List<Change> dropChecks = new ArrayList<>();
    private final List<Change> renames = new ArrayList<>();
    private final List<Change> dropIndexes = new ArrayList<>();
    private final List<Change> addColumns = new ArrayList<>();
    private final List<Change> alterColumns = new ArrayList<>();
    private final List<Change> alterPrimaryKeys = new ArrayList<>();
    private final List<Change> dropColumns = new ArrayList<>();
    private final List<Change> sequences = new ArrayList<>();
    private final List<Change> createTables = new ArrayList<>();
    private final List<Change> createIndexes = new ArrayList<>();
    private final List<Change> addChecks = new ArrayList<>();
    private final List<Change> addForeignKeys = new ArrayList<>();
    private final List<Change> dropTables = new ArrayList<>();
    private final List<Change> dropSequences = new ArrayList<>();

    /** The model's tables by lower-case name, in model order; Retort's bookkeeping tables left out. */
    private Map<String, Table> want;
    /** The replayed schema with this run's renames applied. */
    private Schema working;
    /** {@link #working}'s tables by lower-case name; bookkeeping tables left out. */
    private Map<String, Table> have;
    /** Lower-case new table name to the name the table has before the renames. */
    private final Map<String, String> formerName = new HashMap<>();
    /** Dropped or added foreign keys, as {@code table\0key} in lower case, so none is written twice. */
    private final Set<String> droppedForeignKeys = new HashSet<>();
    private final Set<String> addedForeignKeys = new HashSet<>();
    /** Per lower-case table: what changes under its foreign keys. */
    private final Map<String, List<Index>> droppedIndexes = new HashMap<>();
    private final Map<String, Set<String>> retypedColumns = new HashMap<>();
    private final Map<String, List<String>> formerPrimaryKeys = new HashMap<>();
    /** Per lower-case table: the columns that went and came without a rename, for the REVIEW notes. */
    private final Map<String, Renames.Result> columnCandidates = new HashMap<>();
    private Renames.Result tableCandidates = Renames.Result.NONE;

    DiffRun(Schema previous, Schema model) {
        this.previous = previous;
        this.model = model;
    }

    Diff run() {
        working = previous;
        have = tablesOf(working);
        want = normalisedModel(have);
        checkConstraintNames();
        renameTables();
        renameColumnsAndIndexes();
        List<Table> created = new ArrayList<>();
        for (Table w : want.values()) {
            Table h = have.get(key(w.name()));
            if (h == null) {
                created.add(w);
            } else {
                compare(h, w);
            }
        }
        for (Table w : TableOrder.referencedFirst(created)) {
            create(w);
        }
        List<Table> dropped = have.values().stream().filter(h -> !want.containsKey(key(h.name()))).toList();
        List<Table> droppedOrder = new ArrayList<>(TableOrder.referencedFirst(dropped));
        java.util.Collections.reverse(droppedOrder);
        for (Table h : droppedOrder) {
            drop(h);
        }
        compareSequences();
        keepForeignKeysAcrossChanges();
        checkAddedForeignKeys();

        List<Change> all = new ArrayList<>();
        for (List<Change> phase : List.of(dropForeignKeys, dropChecks, renames, dropIndexes, addColumns, alterColumns,
                alterPrimaryKeys, dropColumns, sequences, createTables, createIndexes, addChecks, addForeignKeys, dropTables,
                dropSequences)) {
            all.addAll(phase);
        }
        return new Diff(all, notes, problems);
    }

    // ---------------------------------------------------------------- model

    /**
     * The model's tables, without what Hibernate itself leaves out: a unique constraint on exactly
     * the primary-key columns, and a second unique constraint on the same columns as another
     * (a unique constraint and the index behind it are one thing, reported once). One that the
     * migrations already created is kept, so an existing schema is left alone.
     */
    private Map<String, Table> normalisedModel(Map<String, Table> before) {
        Map<String, Table> tables = new LinkedHashMap<>();
        for (Table t : model.tables()) {
            if (SchemaDiffer.isBookkeeping(t.name())) {
                continue;
            }
            tables.put(key(t.name()), mayHaveRedundantUniques(t) ? withoutRedundantUniques(t, before) : t);
        }
        return tables;
    }

    /** A unique constraint can only repeat the key or another one if it has as many columns. */
    private static boolean mayHaveRedundantUniques(Table t) {
        Set<Integer> sizes = new HashSet<>();
        if (!t.primaryKey().isEmpty()) {
            sizes.add(t.primaryKey().size());
        }
        for (Index i : t.indexes()) {
            if (i.unique() && !sizes.add(i.columns().size())) {
                return true;
            }
        }
        return false;
    }

    private Table withoutRedundantUniques(Table t, Map<String, Table> before) {
        Table old = before.get(key(t.name()));
        if (old == null && t.renamedFrom() != null) {
            old = before.get(key(t.renamedFrom()));
        }
        Map<String, Index> existing = old == null ? Map.of() : byName(old.indexes(), Index::name);
        Set<Set<String>> uniqueColumnSets = new HashSet<>();
        if (!t.primaryKey().isEmpty()) {
            uniqueColumnSets.add(lowerSet(t.primaryKey()));
        }
        List<Index> kept = new ArrayList<>();
        for (Index i : t.indexes()) {
            Index same = existing.get(key(i.name()));
            if (!i.unique() || uniqueColumnSets.add(lowerSet(i.columns())) || same != null && sameIndex(same, i)) {
                kept.add(i);
            } else {
                notes.add(t.name() + "." + i.name() + ": unique on " + i.columns() + ", which the primary key or another unique "
                        + "constraint of " + t.name() + " already covers; not created, as Hibernate does not create it either.");
            }
        }
        return kept.size() == t.indexes().size() ? t : t.withIndexes(kept);
    }

    /** Index, foreign-key and check names are one namespace per schema on most databases. */
    private void checkConstraintNames() {
        Map<String, String> owners = new HashMap<>();
        for (Table t : want.values()) {
            List<String> names = new ArrayList<>();
            t.indexes().forEach(i -> names.add(i.name()));
            t.foreignKeys().forEach(f -> names.add(f.name()));
            t.checks().forEach(c -> names.add(c.name()));
            for (String n : names) {
                String other = owners.putIfAbsent(key(n), t.name());
                if (other != null) {
                    problems.add("The constraint name " + n + " is used twice in the model (on " + other + " and on " + t.name()
                            + "); index, key and check names must be unique in the schema. Rename one of them in the mapping.");
                }
            }
        }
    }

    // ---------------------------------------------------------------- renames

    private void renameTables() {
        Renames<Table> renamer = new Renames<>("table", Table::name, Table::renamedFrom, DiffRun::label, DiffRun::sameTable,
                DiffRun::similarTable);
        Renames.Result result = renamer.match(have, want, notes, problems);
        for (Renames.Pair pair : result.pairs()) {
            Table to = want.get(key(pair.to()));
            RenameTable op = new RenameTable(have.get(key(pair.from())).name(), to.name());
            working = op.applyTo(working);
            formerName.put(key(to.name()), op.table());
            renames.add(pair.hinted()
                    ? new Change(op, label(to) + ": renamed from " + op.table() + " (@RenamedFrom)", null)
                    : new Change(op, label(to) + ": renamed from " + op.table(), "rename guessed: " + op.table()
                    + " left the model and " + to.name() + " came with the same columns. If " + to.name()
                    + " is a new table, replace this step with createTable + dropTable; if it is a rename, confirm it with @RenamedFrom(\""
                    + op.table() + "\") on the entity."));
        }
        if (result.ambiguous()) {
            notes.add(plural(result.dropped(), "Table") + " left the model and " + plural(result.added(), "similar table")
                    + " came into it. Retort does not guess renames: they are written "
                    + "as drop + create, marked REVIEW. If one is a rename, annotate the entity with @RenamedFrom(\"<old table>\") "
                    + "and generate again.");
        }
        tableCandidates = result;
        if (!result.pairs().isEmpty()) {
            have = tablesOf(working);
        }
    }

    private void renameColumnsAndIndexes() {
        List<Operation> columnRenames = new ArrayList<>();
        for (Table w : want.values()) {
            Table h = have.get(key(w.name()));
            if (h == null || sameNames(h.columns(), w.columns(), Column::name)) {
                continue;
            }
            Renames<Column> renamer = new Renames<>("column of " + w.name(), Column::name, Column::renamedFrom,
                    c -> label(w, c), DiffRun::sameColumnBesidesName, (a, b) -> a.type().kind() == b.type().kind());
            Renames.Result result = renamer.match(byName(h.columns(), Column::name), byName(w.columns(), Column::name), notes, problems);
            for (Renames.Pair pair : result.pairs()) {
                Column to = w.column(pair.to()).orElseThrow();
                RenameColumn op = new RenameColumn(h.name(), pair.from(), to.name());
                columnRenames.add(op);
                renames.add(pair.hinted()
                        ? new Change(op, label(w, to) + ": renamed from " + pair.from() + " (@RenamedFrom)", null)
                        : new Change(op, label(w, to) + ": renamed from " + pair.from(), "rename guessed: " + h.name() + "."
                        + pair.from() + " left the model and " + to.name() + " came with the same definition. If " + to.name()
                        + " holds new data, replace this step with addColumn + dropColumn; if it is a rename, confirm it with "
                        + "@RenamedFrom(\"" + pair.from() + "\") on the field."));
            }
            if (result.ambiguous()) {
                columnCandidates.put(key(w.name()), result);
                notes.add(label(w) + ": " + plural(result.dropped(), "column") + " left the model and "
                        + plural(result.added(), "column") + " of the same type came into it. Retort does not guess renames: "
                        + "they are written as drop + add, marked REVIEW. If one is a rename, annotate the field with "
                        + "@RenamedFrom(\"<old column>\") and generate again.");
            }
        }
        for (Operation op : columnRenames) {
            working = op.applyTo(working);
        }
        if (!columnRenames.isEmpty()) {
            have = tablesOf(working);
        }
        // an index whose name alone changed is renamed: nothing to guess, both have the same columns
        List<Operation> indexRenames = new ArrayList<>();
        for (Table w : want.values()) {
            Table h = have.get(key(w.name()));
            if (h == null || sameNames(h.indexes(), w.indexes(), Index::name)) {
                continue;
            }
            Map<String, Index> wanted = byName(w.indexes(), Index::name);
            Map<String, List<Index>> gone = new LinkedHashMap<>();
            for (Index i : h.indexes()) {
                if (!wanted.containsKey(key(i.name()))) {
                    gone.computeIfAbsent(signature(i), k -> new ArrayList<>()).add(i);
                }
            }
            Map<String, Index> existing = byName(h.indexes(), Index::name);
            Map<String, List<Index>> come = new LinkedHashMap<>();
            for (Index i : w.indexes()) {
                if (!existing.containsKey(key(i.name()))) {
                    come.computeIfAbsent(signature(i), k -> new ArrayList<>()).add(i);
                }
            }
            for (Map.Entry<String, List<Index>> e : come.entrySet()) {
                List<Index> old = gone.get(e.getKey());
                if (e.getValue().size() == 1 && old != null && old.size() == 1) {
                    Index to = e.getValue().get(0);
                    RenameIndex op = new RenameIndex(h.name(), old.get(0).name(), to.name(), to.unique());
                    indexRenames.add(op);
                    renames.add(new Change(op, indexSource(w, to) + ": " + (to.unique() ? "unique constraint" : "index")
                            + " renamed from " + op.from(), null));
                }
            }
        }
        for (Operation op : indexRenames) {
            working = op.applyTo(working);
        }
        if (!indexRenames.isEmpty()) {
            have = tablesOf(working);
        }
    }

    // ---------------------------------------------------------------- tables

    private void create(Table w) {
        // a join or collection table comes from an entity member, an entity table from the class
        boolean entity = w.source() == null || !w.source().contains(".");
        createTables.add(new Change(new CreateTable(w), label(w) + (entity ? ": new entity" : ": new table"), createReview(w)));
        for (Index i : w.indexes()) {
            createIndexes.add(new Change(new CreateIndex(w.name(), i), indexLabel(w, i), null));
        }
        for (Check c : w.checks()) {
            addChecks.add(new Change(new AddCheck(w.name(), c), checkLabel(w, c), null));
        }
        for (ForeignKey fk : w.foreignKeys()) {
            addForeignKey(w.name(), fk, fkLabel(w, fk), null);
        }
    }

    private String createReview(Table w) {
        List<String> sources = tableCandidates.sourcesOf(w.name());
        if (sources.isEmpty()) {
            return null;
        }
        return "possible rename: " + Renames.words(sources, "or") + " left the model in this change. If " + w.name()
                + " is " + (sources.size() == 1 ? "it" : "one of them") + " renamed, annotate the entity with @RenamedFrom(\""
                + (sources.size() == 1 ? sources.get(0) : "<old table>") + "\") and generate again; as written, the old rows are "
                + "dropped, not moved";
    }

    private void drop(Table h) {
        for (ForeignKey fk : h.foreignKeys()) {
            dropForeignKey(h, fk.name(), h.name() + "." + fk.name() + ": its table is no longer in the model", null);
        }
        String review = "data loss: drops table " + h.name() + " and all its rows";
        List<String> targets = tableCandidates.candidates().getOrDefault(h.name(), List.of());
        if (!targets.isEmpty()) {
            review += "; if it was renamed to " + Renames.words(targets, "or")
                    + ", annotate that entity with @RenamedFrom(\"" + h.name() + "\") instead";
        }
        dropTables.add(new Change(new DropTable(h.name(), false), h.name() + ": entity no longer in the model", review));
    }

    private void compare(Table h, Table w) {
        String t = h.name();
        compareForeignKeys(h, w);
        compareChecks(h, w);
        if (!sameNames(h.primaryKey(), w.primaryKey(), n -> n)) {
            comparePrimaryKey(h, w);
        }
        List<Index> indexInModel = counterparts(w.indexes(), h.indexes(), Index::name);
        for (int k = 0; k < h.indexes().size(); k++) {
            Index old = h.indexes().get(k);
            Index now = indexInModel.get(k);
            if (now == null || !sameIndex(old, now)) {
                dropIndexes.add(new Change(new DropIndex(t, old.name(), old.unique()), t + "." + old.name()
                        + (now == null ? ": no longer in the model" : ": " + describeIndexChange(old, now)), null));
                droppedIndexes.computeIfAbsent(key(t), x -> new ArrayList<>()).add(old);
            }
        }
        List<Index> indexInSchema = counterparts(h.indexes(), w.indexes(), Index::name);
        for (int k = 0; k < w.indexes().size(); k++) {
            Index i = w.indexes().get(k);
            Index old = indexInSchema.get(k);
            if (old == null || !sameIndex(old, i)) {
                Set<String> existing = byName(h.columns(), Column::name).keySet();
                boolean existingColumns = i.columns().stream().allMatch(c -> existing.contains(key(c)));
                createIndexes.add(new Change(new CreateIndex(t, i), indexLabel(w, i), i.unique() && existingColumns
                        ? "fails while " + t + " holds duplicate values in " + String.join(", ", i.columns()) : null));
            }
        }
        Renames.Result candidates = columnCandidates.get(key(t));
        List<Column> columnInSchema = counterparts(h.columns(), w.columns(), Column::name);
        for (int k = 0; k < w.columns().size(); k++) {
            Column col = w.columns().get(k);
            Column old = columnInSchema.get(k);
            if (old == null) {
                addColumns.add(new Change(new AddColumn(t, col), label(w, col) + ": new field", addColumnReview(t, col, candidates)));
            } else if (!sameColumnBesidesName(old, col)) {
                alterColumn(t, old, col.withName(old.name()), label(w, col));
            }
        }
        List<Column> columnInModel = counterparts(w.columns(), h.columns(), Column::name);
        for (int k = 0; k < h.columns().size(); k++) {
            Column old = h.columns().get(k);
            if (columnInModel.get(k) == null) {
                String review = "data loss: drops column " + t + "." + old.name() + " and its values";
                List<String> targets = candidates == null ? List.of() : candidates.candidates().getOrDefault(old.name(), List.of());
                if (!targets.isEmpty()) {
                    review += "; if it was renamed to " + Renames.words(targets, "or")
                            + ", annotate that field with @RenamedFrom(\"" + old.name() + "\") instead";
                }
                dropColumns.add(new Change(new DropColumn(t, old.name(), false), t + "." + old.name() + ": no longer in the model", review));
            }
        }
    }

    private static String addColumnReview(String table, Column col, Renames.Result candidates) {
        List<String> review = new ArrayList<>();
        List<String> sources = candidates == null ? List.of() : candidates.sourcesOf(col.name());
        if (!sources.isEmpty()) {
            review.add("possible rename: " + Renames.words(sources, "or") + " left " + table + " in this change. If " + col.name()
                    + " is " + (sources.size() == 1 ? "it" : "one of them") + " renamed, annotate the field with @RenamedFrom(\""
                    + (sources.size() == 1 ? sources.get(0) : "<old column>") + "\") and generate again; as written, the old values "
                    + "are dropped, not moved");
        }
        if (!col.nullable() && !col.autoIncrement() && col.defaultValue() == null) {
            review.add("NOT NULL without a default: fails, or is filled with an implicit value, if " + table + " already has rows");
        }
        return review.isEmpty() ? null : String.join("; ", review);
    }

    private void alterColumn(String t, Column old, Column now, String label) {
        AlterColumn alter = new AlterColumn(t, old.withSource(null), now, false);
        List<String> review = new ArrayList<>();
        if (alter.destroysData()) {
            review.add("data loss: " + old.type() + " -> " + now.type() + " narrows the column; values that do not fit are lost or rejected");
        }
        if (alter.tightensNullability()) {
            review.add("fails while " + t + "." + now.name() + " holds NULLs: fill them before upgrading");
        }
        alterColumns.add(new Change(alter, label + ": " + describeAlter(old, now), review.isEmpty() ? null : String.join("; ", review)));
        if (!old.type().equals(now.type())) {
            retypedColumns.computeIfAbsent(key(t), k -> new HashSet<>()).add(key(old.name()));
        }
    }

    private void comparePrimaryKey(Table h, Table w) {
        for (String c : w.primaryKey()) {
            w.column(c).filter(Column::nullable).ifPresent(col -> problems.add(label(w, col) + " is part of the new primary key "
                    + w.primaryKey() + " of " + w.name() + " but nullable; primary-key columns must be NOT NULL. Make it NOT NULL in "
                    + "the mapping (@Column(nullable = false) or @Id)."));
        }
        for (Column c : w.columns()) {
            if (c.autoIncrement() && !leadsAKey(w, c.name())) {
                problems.add(label(w, c) + " is generated by the database (AUTO_INCREMENT), and MySQL and MariaDB require such a "
                        + "column to be the first column of a key; the new primary key " + w.primaryKey() + " of " + w.name()
                        + " does not start with it and no index does. Put " + c.name() + " first in the key, or add an index on it.");
            }
        }
        String review = w.primaryKey().isEmpty()
                ? "drops the primary key of " + w.name() + ": rows are no longer identified; MySQL and MariaDB copy the table"
                : "rebuilds the primary key of " + w.name() + ": fails while " + String.join(", ", w.primaryKey())
                + " hold duplicate values; MySQL and MariaDB copy the table, which locks it for writes";
        alterPrimaryKeys.add(new Change(new AlterPrimaryKey(h.name(), h.primaryKey(), w.primaryKey()),
                label(w) + ": primary key " + h.primaryKey() + " -> " + w.primaryKey(), review));
        formerPrimaryKeys.put(key(h.name()), h.primaryKey());
    }

    private static boolean leadsAKey(Table t, String column) {
        return !t.primaryKey().isEmpty() && t.primaryKey().get(0).equalsIgnoreCase(column)
                || t.indexes().stream().anyMatch(i -> i.columns().get(0).equalsIgnoreCase(column));
    }

    // ---------------------------------------------------------------- constraints

    private void compareForeignKeys(Table h, Table w) {
        List<ForeignKey> inSchema = counterparts(h.foreignKeys(), w.foreignKeys(), ForeignKey::name);
        List<ForeignKey> inModel = counterparts(w.foreignKeys(), h.foreignKeys(), ForeignKey::name);
        for (int k = 0; k < h.foreignKeys().size(); k++) {
            ForeignKey old = h.foreignKeys().get(k);
            ForeignKey fk = inModel.get(k);
            if (fk == null) {
                dropForeignKey(h, old.name(), h.name() + "." + old.name() + ": no longer in the model", null);
            } else if (!sameForeignKey(old, fk)) {
                String change = describeForeignKeyChange(old, fk);
                dropForeignKey(h, old.name(), h.name() + "." + old.name() + ": " + change + "; re-added below", null);
                // with the same columns and target, the rows were checked by the old key: only the actions changed
                boolean actionsOnly = sameNames(old.columns(), fk.columns(), n -> n)
                        && old.referencedTable().equalsIgnoreCase(fk.referencedTable())
                        && sameNames(old.referencedColumns(), fk.referencedColumns(), n -> n);
                addForeignKey(w.name(), fk, fkLabel(w, fk) + " (" + change + ")", actionsOnly ? null
                        : "fails if existing rows of " + w.name() + " reference missing rows of " + fk.referencedTable());
            }
        }
        for (int k = 0; k < w.foreignKeys().size(); k++) {
            if (inSchema.get(k) == null) {
                ForeignKey fk = w.foreignKeys().get(k);
                // a key over columns added in the same change finds only NULLs: nothing can violate it
                Set<String> existingColumns = byName(h.columns(), Column::name).keySet();
                boolean newColumns = fk.columns().stream().noneMatch(c -> existingColumns.contains(key(c)));
                addForeignKey(w.name(), fk, fkLabel(w, fk), newColumns ? null
                        : "fails if existing rows of " + w.name() + " reference missing rows of " + fk.referencedTable());
            }
        }
    }

    private void compareChecks(Table h, Table w) {
        if (h.checks().isEmpty() && w.checks().isEmpty()) {
            return;
        }
        List<Check> inModel = counterparts(w.checks(), h.checks(), Check::name);
        List<Check> inSchema = counterparts(h.checks(), w.checks(), Check::name);
        String formerTable = formerName.getOrDefault(key(h.name()), h.name());
        for (int k = 0; k < h.checks().size(); k++) {
            Check old = h.checks().get(k);
            Check c = inModel.get(k);
            if (c == null || !sameExpression(old.expression(), c.expression())) {
                dropChecks.add(new Change(new DropCheck(formerTable, old.name()), h.name() + "." + old.name()
                        + (c == null ? ": no longer in the model" : ": expression changed from " + old.expression()), null));
            }
        }
        for (int k = 0; k < w.checks().size(); k++) {
            Check c = w.checks().get(k);
            Check old = inSchema.get(k);
            if (old == null || !sameExpression(old.expression(), c.expression())) {
                addChecks.add(new Change(new AddCheck(w.name(), c), checkLabel(w, c),
                        "fails if existing rows of " + w.name() + " violate " + c.expression()));
            }
        }
    }

    private void dropForeignKey(Table h, String name, String comment, String review) {
        if (droppedForeignKeys.add(key(h.name()) + "\0" + key(name))) {
            String before = formerName.getOrDefault(key(h.name()), h.name());
            dropForeignKeys.add(new Change(new DropForeignKey(before, name), comment, review));
        }
    }

    private void addForeignKey(String table, ForeignKey fk, String comment, String review) {
        if (addedForeignKeys.add(key(table) + "\0" + key(fk.name()))) {
            addForeignKeys.add(new Change(new AddForeignKey(table, fk), comment, review));
        }
    }

    /**
     * A foreign key that stays can still be in the way: MySQL and MariaDB refuse to change the type
     * of a column a key uses or references, and every database refuses to drop the primary key,
     * unique constraint or index a key depends on. Such a key is dropped before and re-added after.
     */
    private void keepForeignKeysAcrossChanges() {
        if (retypedColumns.isEmpty() && formerPrimaryKeys.isEmpty() && droppedIndexes.isEmpty()) {
            return;
        }
        for (Table w : want.values()) {
            Table h = have.get(key(w.name()));
            if (h == null) {
                continue;
            }
            Map<String, ForeignKey> hf = byName(h.foreignKeys(), ForeignKey::name);
            for (ForeignKey fk : w.foreignKeys()) {
                ForeignKey old = hf.get(key(fk.name()));
                if (old == null || !sameForeignKey(old, fk)) {
                    continue;
                }
                String reason = inTheWay(h, old);
                if (reason != null) {
                    dropForeignKey(h, old.name(), h.name() + "." + old.name() + ": dropped while " + reason + "; re-added below",
                            "plan: until the key is re-added below, " + h.name() + " rows are not checked against "
                            + old.referencedTable());
                    addForeignKey(w.name(), fk, h.name() + "." + fk.name() + ": re-added after " + reason, null);
                }
            }
        }
    }

    private String inTheWay(Table h, ForeignKey fk) {
        String t = key(h.name());
        String target = key(fk.referencedTable());
        for (String c : fk.columns()) {
            if (retypedColumns.getOrDefault(t, Set.of()).contains(key(c))) {
                return "the type of " + h.name() + "." + c + " changes";
            }
        }
        for (String c : fk.referencedColumns()) {
            if (retypedColumns.getOrDefault(target, Set.of()).contains(key(c))) {
                return "the type of " + fk.referencedTable() + "." + c + ", which it references, changes";
            }
        }
        List<String> formerKey = formerPrimaryKeys.get(target);
        if (formerKey != null && lowerSet(formerKey).equals(lowerSet(fk.referencedColumns()))) {
            return "the primary key of " + fk.referencedTable() + ", which it references, changes";
        }
        for (Index i : droppedIndexes.getOrDefault(target, List.of())) {
            if (i.unique() && lowerSet(i.columns()).equals(lowerSet(fk.referencedColumns()))) {
                return "the unique constraint " + i.name() + ", which it references, changes";
            }
        }
        for (Index i : droppedIndexes.getOrDefault(t, List.of())) {
            if (serves(i.columns(), fk) && !servedOtherwise(h, fk)) {
                return "the index " + i.name() + " changes, which MySQL and MariaDB use for the key";
            }
        }
        return null;
    }

    /** MySQL and MariaDB can use an index for a foreign key when the key's columns lead it, in order. */
    private static boolean serves(List<String> indexColumns, ForeignKey fk) {
        return indexColumns.size() >= fk.columns().size()
                && lower(indexColumns.subList(0, fk.columns().size())).equals(lower(fk.columns()));
    }

    private boolean servedOtherwise(Table h, ForeignKey fk) {
        String t = key(h.name());
        if (!formerPrimaryKeys.containsKey(t) && serves(h.primaryKey(), fk)) {
            return true;
        }
        Set<String> gone = droppedIndexes.getOrDefault(t, List.of()).stream().map(i -> key(i.name())).collect(Collectors.toSet());
        return h.indexes().stream().anyMatch(i -> !gone.contains(key(i.name())) && serves(i.columns(), fk));
    }

    /**
     * Every foreign key this change adds must be one every database accepts: its table and columns
     * exist, it references the primary key or a unique constraint, and the column types match.
     */
    private void checkAddedForeignKeys() {
        for (Change c : addForeignKeys) {
            AddForeignKey add = (AddForeignKey) c.operation();
            ForeignKey fk = add.foreignKey();
            Table owner = want.get(key(add.table()));
            Table target = want.get(key(fk.referencedTable()));
            String name = add.table() + "." + fk.name();
            if (target == null) {
                problems.add("Foreign key " + name + " references table " + fk.referencedTable() + ", which is not in the model. "
                        + "Map that entity in this module or a dependency, or remove the association.");
                continue;
            }
            List<Column> from = columns(owner, fk.columns(), name);
            List<Column> to = columns(target, fk.referencedColumns(), name);
            if (from == null || to == null) {
                continue;
            }
            Set<String> referenced = lowerSet(fk.referencedColumns());
            boolean unique = lowerSet(target.primaryKey()).equals(referenced)
                    || target.indexes().stream().anyMatch(i -> i.unique() && lowerSet(i.columns()).equals(referenced));
            if (!unique) {
                problems.add("Foreign key " + name + " references " + target.name() + fk.referencedColumns() + ", which is neither "
                        + "the primary key nor a unique constraint of " + target.name() + "; PostgreSQL and H2 refuse such a key. "
                        + "Reference the primary key, or make those columns unique in the mapping.");
            }
            for (int i = 0; i < from.size(); i++) {
                if (!compatible(from.get(i).type(), to.get(i).type())) {
                    problems.add("Foreign key " + name + ": " + owner.name() + "." + from.get(i).name() + " is " + from.get(i).type()
                            + " but the column it references, " + target.name() + "." + to.get(i).name() + ", is " + to.get(i).type()
                            + "; MySQL and MariaDB refuse a foreign key between columns of different types, so the migration "
                            + "would stop half-way. Change both columns to the same type in the model (the referencing column "
                            + "follows the key it references).");
                }
            }
        }
    }

    private List<Column> columns(Table t, List<String> names, String fk) {
        List<Column> out = new ArrayList<>();
        for (String n : names) {
            Column c = t.column(n).orElse(null);
            if (c == null) {
                problems.add("Foreign key " + fk + " uses column " + t.name() + "." + n + ", which is not in the model.");
                return null;
            }
            out.add(c);
        }
        return out;
    }

    /** Types a foreign key may join on every supported database: the same kind; strings of any length. */
    private static boolean compatible(ColumnType a, ColumnType b) {
        if (a.kind() == Kind.CUSTOM || b.kind() == Kind.CUSTOM) {
            // a columnDefinition is the database's own text: only the database can judge it
            return true;
        }
        boolean textA = a.kind() == Kind.VARCHAR || a.kind() == Kind.CHAR;
        boolean textB = b.kind() == Kind.VARCHAR || b.kind() == Kind.CHAR;
        if (textA || textB) {
            return textA && textB;
        }
        return a.kind() == b.kind() && (a.kind() != Kind.DECIMAL || a.precision() == b.precision() && a.scale() == b.scale());
    }

    // ---------------------------------------------------------------- sequences

    private void compareSequences() {
        Map<String, Sequence> before = byName(previous.sequences(), Sequence::name);
        Map<String, Sequence> after = byName(model.sequences(), Sequence::name);
        for (Sequence s : model.sequences()) {
            Sequence old = before.get(key(s.name()));
            String label = s.source() != null ? s.source() : s.name();
            if (old == null) {
                sequences.add(new Change(new CreateSequence(s), label + ": new sequence " + s.name(), null));
            } else if (old.start() != s.start() || old.increment() != s.increment()) {
                Sequence from = new Sequence(old.name(), old.start(), old.increment(), null);
                Sequence to = new Sequence(old.name(), s.start(), s.increment(), s.source());
                sequences.add(new Change(new AlterSequence(from, to), label + ": sequence " + s.name() + " START " + old.start()
                        + " INCREMENT " + old.increment() + " -> START " + s.start() + " INCREMENT " + s.increment(),
                        "the sequence keeps its current value; values drawn from now on step by " + s.increment()
                        + " (Hibernate's allocationSize must be the same); the start only matters if it is ever restarted"));
            }
        }
        for (Sequence old : previous.sequences()) {
            if (!after.containsKey(key(old.name()))) {
                dropSequences.add(new Change(new DropSequence(old.name()), old.name() + ": sequence no longer in the model",
                        "data loss: drops sequence " + old.name() + " and its current value; recreated, it would restart at "
                        + old.start() + " and collide with existing ids"));
            }
        }
    }

    // ---------------------------------------------------------------- comparisons

    private static boolean sameTable(Table a, Table b) {
        if (a.columns().size() != b.columns().size() || !sameNames(a.primaryKey(), b.primaryKey(), n -> n)) {
            return false;
        }
        Map<String, Column> bc = byName(b.columns(), Column::name);
        return a.columns().stream().allMatch(c -> {
            Column o = bc.get(key(c.name()));
            return o != null && sameColumnBesidesName(c, o);
        });
    }

    /** Alike enough to name as a possible rename: the same columns, or some column other than the key in common. */
    private static boolean similarTable(Table a, Table b) {
        if (sameTable(a, b)) {
            return true;
        }
        Set<String> key = lowerSet(a.primaryKey());
        Map<String, Column> bc = byName(b.columns(), Column::name);
        return a.columns().stream().anyMatch(c -> !key.contains(key(c.name())) && bc.containsKey(key(c.name()))
                && sameColumnBesidesName(c, bc.get(key(c.name()))));
    }

    /** The same physical column definition; names, sources and hints aside. */
    static boolean sameColumnBesidesName(Column a, Column b) {
        return a.type().equals(b.type()) && a.nullable() == b.nullable() && a.autoIncrement() == b.autoIncrement()
                && Objects.equals(trim(a.defaultValue()), trim(b.defaultValue())) && Objects.equals(a.comment(), b.comment());
    }

    private static boolean sameIndex(Index a, Index b) {
        return a.unique() == b.unique() && sameNames(a.columns(), b.columns(), n -> n);
    }

    private static boolean sameForeignKey(ForeignKey a, ForeignKey b) {
        return sameNames(a.columns(), b.columns(), n -> n) && a.referencedTable().equalsIgnoreCase(b.referencedTable())
                && sameNames(a.referencedColumns(), b.referencedColumns(), n -> n)
                && a.deleteAction() == b.deleteAction() && a.updateAction() == b.updateAction();
    }

    /** Whitespace is not a change of meaning. */
    private static boolean sameExpression(String a, String b) {
        return a.equals(b) || a.trim().replaceAll("\\s+", " ").equals(b.trim().replaceAll("\\s+", " "));
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }

    private static String signature(Index i) {
        return i.unique() + ":" + String.join(",", lower(i.columns()));
    }

    // ---------------------------------------------------------------- wording

    private static String describeAlter(Column old, Column now) {
        List<String> parts = new ArrayList<>();
        if (!old.type().equals(now.type())) {
            parts.add(old.type() + " -> " + now.type() + (AlterColumn.widens(old.type(), now.type()) ? " (widening)" : " (narrowing)"));
        }
        if (old.nullable() != now.nullable()) {
            parts.add(now.nullable() ? "now nullable" : "now NOT NULL");
        }
        if (!Objects.equals(trim(old.defaultValue()), trim(now.defaultValue()))) {
            parts.add(old.defaultValue() == null ? "server default " + now.defaultValue()
                    : now.defaultValue() == null ? "server default " + old.defaultValue() + " removed"
                    : "server default " + old.defaultValue() + " -> " + now.defaultValue());
        }
        if (!Objects.equals(old.comment(), now.comment())) {
            parts.add(old.comment() == null ? "comment added" : now.comment() == null ? "comment removed" : "comment changed");
        }
        if (old.autoIncrement() != now.autoIncrement()) {
            parts.add(now.autoIncrement() ? "now generated by the database" : "no longer generated by the database");
        }
        return String.join(", ", parts);
    }

    private static String describeIndexChange(Index old, Index now) {
        if (old.unique() != now.unique()) {
            return now.unique() ? "now unique" : "no longer unique";
        }
        return lowerSet(old.columns()).equals(lowerSet(now.columns()))
                ? "column order " + old.columns() + " -> " + now.columns()
                : "columns " + old.columns() + " -> " + now.columns();
    }

    private static String describeForeignKeyChange(ForeignKey old, ForeignKey now) {
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
            parts.add("ON DELETE " + old.deleteAction().sql() + " -> " + now.deleteAction().sql());
        }
        if (old.updateAction() != now.updateAction()) {
            parts.add("ON UPDATE " + old.updateAction().sql() + " -> " + now.updateAction().sql());
        }
        return String.join(", ", parts);
    }

    /** {@code column a}, {@code columns a and b}. */
    private static String plural(List<String> names, String noun) {
        return noun + (names.size() == 1 ? " " : "s ") + Renames.words(names, "and");
    }

    private static String fkLabel(Table t, ForeignKey fk) {
        return (fk.source() != null ? fk.source() : t.name() + "." + fk.name()) + ": references " + fk.referencedTable();
    }

    private static String checkLabel(Table t, Check c) {
        return (c.source() != null ? c.source() : t.name() + "." + c.name()) + ": check " + c.expression();
    }

    static String label(Table t) {
        return t.source() != null ? t.source() : t.name();
    }

    private static String label(Table t, Column c) {
        return c.source() != null ? c.source() : t.name() + "." + c.name();
    }

    private static String indexSource(Table t, Index i) {
        return i.source() != null ? i.source() : t.name() + "." + i.name();
    }

    private static String indexLabel(Table t, Index i) {
        return indexSource(t, i) + ": " + (i.unique() ? "unique " : "index ") + String.join(", ", i.columns());
    }

    // ---------------------------------------------------------------- maps

    private static Map<String, Table> tablesOf(Schema schema) {
        Map<String, Table> tables = new LinkedHashMap<>();
        for (Table t : schema.tables()) {
            if (!SchemaDiffer.isBookkeeping(t.name())) {
                tables.put(key(t.name()), t);
            }
        }
        return tables;
    }

    /** True when both lists name the same items in the same order, as they nearly always do: nothing can be renamed. */
    private static <T> boolean sameNames(List<T> a, List<T> b, Function<T, String> name) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!name.apply(a.get(i)).equalsIgnoreCase(name.apply(b.get(i)))) {
                return false;
            }
        }
        return true;
    }

    /**
     * For each item of {@code items}, the item of {@code others} with the same name (case aside), or
     * null. Positional when both name the same items in the same order, as unchanged tables do.
     */
    private static <T> List<T> counterparts(List<T> others, List<T> items, Function<T, String> name) {
        if (sameNames(others, items, name)) {
            return others;
        }
        Map<String, T> byName = byName(others, name);
        List<T> out = new ArrayList<>(items.size());
        for (T item : items) {
            out.add(byName.get(key(name.apply(item))));
        }
        return out;
    }

    private static <T> Map<String, T> byName(List<T> items, Function<T, String> name) {
        Map<String, T> map = new LinkedHashMap<>();
        for (T item : items) {
            map.putIfAbsent(key(name.apply(item)), item);
        }
        return map;
    }

    private static String key(String name) {
        return Renames.lower(name);
    }

    private static List<String> lower(List<String> names) {
        return names.stream().map(Renames::lower).toList();
    }

    private static Set<String> lowerSet(List<String> names) {
        return names.stream().map(Renames::lower).collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}

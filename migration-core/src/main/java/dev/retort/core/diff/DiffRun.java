package dev.retort.core.diff;

import static dev.retort.core.diff.Compare.sameColumnBesidesName;
import static dev.retort.core.diff.Compare.sameExpression;
import static dev.retort.core.diff.Compare.sameForeignKey;
import static dev.retort.core.diff.Compare.sameIndex;
import static dev.retort.core.diff.Compare.serves;
import static dev.retort.core.diff.Compare.signature;
import static dev.retort.core.diff.Names.byName;
import static dev.retort.core.diff.Names.counterparts;
import static dev.retort.core.diff.Names.key;
import static dev.retort.core.diff.Names.lowerSet;
import static dev.retort.core.diff.Names.sameNames;
import static dev.retort.core.diff.Names.tablesOf;
import static dev.retort.core.diff.Wording.checkLabel;
import static dev.retort.core.diff.Wording.fkLabel;
import static dev.retort.core.diff.Wording.indexLabel;
import static dev.retort.core.diff.Wording.label;

import dev.retort.core.model.Check;
import dev.retort.core.model.Column;
import dev.retort.core.model.ForeignKey;
import dev.retort.core.model.Index;
import dev.retort.core.model.Schema;
import dev.retort.core.model.Sequence;
import dev.retort.core.model.Table;
import dev.retort.core.model.UserType;
import dev.retort.core.ops.AddCheck;
import dev.retort.core.ops.AddColumn;
import dev.retort.core.ops.AddForeignKey;
import dev.retort.core.ops.AlterColumn;
import dev.retort.core.ops.AlterPrimaryKey;
import dev.retort.core.ops.AlterSequence;
import dev.retort.core.ops.CreateIndex;
import dev.retort.core.ops.CreateSequence;
import dev.retort.core.ops.CreateTable;
import dev.retort.core.ops.CreateType;
import dev.retort.core.ops.DropCheck;
import dev.retort.core.ops.DropColumn;
import dev.retort.core.ops.DropForeignKey;
import dev.retort.core.ops.DropIndex;
import dev.retort.core.ops.DropSequence;
import dev.retort.core.ops.DropTable;
import dev.retort.core.ops.DropType;
import dev.retort.core.ops.Operation;
import dev.retort.core.ops.RenameColumn;
import dev.retort.core.ops.RenameIndex;
import dev.retort.core.ops.RenameTable;
import dev.retort.core.ops.SetTableComment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * special case); tables dropped in reverse foreign-key order; sequences dropped last. User-defined
 * types are created before any column uses them (a type an attribute uses first) and dropped after
 * every column and type that used them is gone.
 *
 * <p>This class decides what changes. What each step says (its comment, its {@code REVIEW} note),
 * the notes and the problems are worded in {@link Wording}; the model's tables as compared, and
 * the names they may not share, come from {@link ModelTables}; name lookups are in {@link Names},
 * sameness of definitions in {@link Compare}, and the check of the foreign keys a change adds in
 * {@link ForeignKeyCheck}.
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
    private final List<Change> createTypes = new ArrayList<>();
    private final List<Change> dropTypes = new ArrayList<>();

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
    /** Lower-case constraint name to the model table that has it; built when a table is dropped. */
    private Map<String, String> constraintOwners;

    DiffRun(Schema previous, Schema model) {
        this.previous = previous;
        this.model = model;
    }

    Diff run() {
        working = previous;
        have = tablesOf(working);
        want = ModelTables.of(model, have, notes);
        ModelTables.checkConstraintNames(want, problems);
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
        List<Table> dropped = have.values().stream()
                .filter(h -> !want.containsKey(key(h.name())))
                .toList();
        List<Table> droppedOrder = new ArrayList<>(TableOrder.referencedFirst(dropped));
        java.util.Collections.reverse(droppedOrder);
        for (Table h : droppedOrder) {
            drop(h);
        }
        compareSequences();
        compareTypes();
        keepForeignKeysAcrossChanges();
        new ForeignKeyCheck(want, problems).check(addForeignKeys);

        List<Change> all = new ArrayList<>();
        for (List<Change> phase : List.of(
                dropForeignKeys,
                dropChecks,
                renames,
                dropIndexes,
                createTypes,
                addColumns,
                alterColumns,
                alterPrimaryKeys,
                dropColumns,
                sequences,
                createTables,
                createIndexes,
                addChecks,
                addForeignKeys,
                dropTables,
                dropSequences,
                dropTypes)) {
            all.addAll(phase);
        }
        return new Diff(all, notes, problems);
    }

    // ---------------------------------------------------------------- renames

    private void renameTables() {
        Renames<Table> renamer = new Renames<>(
                "table", Table::name, Table::renamedFrom, Wording::label, Compare::sameTable, Compare::similarTable);
        Renames.Result result = renamer.match(have, want, notes, problems);
        for (Renames.Pair pair : result.pairs()) {
            Table to = want.get(key(pair.to()));
            RenameTable op = new RenameTable(have.get(key(pair.from())).name(), to.name());
            working = op.applyTo(working);
            formerName.put(key(to.name()), op.table());
            renames.add(new Change(
                    op,
                    Wording.renamed(label(to), op.table(), pair.hinted()),
                    pair.hinted() ? null : Wording.guessedTableRename(op.table(), to.name())));
        }
        if (result.ambiguous()) {
            notes.add(Wording.ambiguousTables(result));
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
            Renames<Column> renamer = new Renames<>(
                    "column of " + w.name(),
                    Column::name,
                    Column::renamedFrom,
                    c -> label(w, c),
                    Compare::sameColumnBesidesName,
                    (a, b) -> a.type().kind() == b.type().kind());
            Renames.Result result = renamer.match(
                    byName(h.columns(), Column::name), byName(w.columns(), Column::name), notes, problems);
            for (Renames.Pair pair : result.pairs()) {
                Column to = w.column(pair.to()).orElseThrow();
                // the rename states where the column is now; a change of that (COLUMN to AUTO) is an alter after it
                Column from = h.column(pair.from()).orElseThrow();
                RenameColumn op = new RenameColumn(h.name(), pair.from(), to.name(), from.absentOn());
                columnRenames.add(op);
                renames.add(new Change(
                        op,
                        Wording.renamed(label(w, to), pair.from(), pair.hinted()),
                        pair.hinted() ? null : Wording.guessedColumnRename(h.name(), pair.from(), to.name())));
            }
            if (result.ambiguous()) {
                columnCandidates.put(key(w.name()), result);
                notes.add(Wording.ambiguousColumns(w, result));
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
                    renames.add(new Change(op, Wording.indexRenamed(w, to, op.from()), null));
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
        createTables.add(new Change(
                new CreateTable(w),
                Wording.newTable(w),
                Wording.possibleTableRename(w, tableCandidates.sourcesOf(w.name()))));
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

    private void drop(Table h) {
        for (ForeignKey fk : h.foreignKeys()) {
            dropForeignKey(h, fk.name(), Wording.droppedWithTable(h, fk), null);
        }
        // the table goes last, after the new constraints are made: a name the model gives to another
        // table's index or check must be free by then, so that index or check goes first
        for (Index i : h.indexes()) {
            String owner = modelConstraintOwner(i.name());
            if (owner != null) {
                dropIndexes.add(new Change(
                        new DropIndex(h.name(), i.name(), i.unique()),
                        Wording.droppedForReuse(h, i.name(), owner),
                        null));
            }
        }
        for (Check c : h.checks()) {
            String owner = modelConstraintOwner(c.name());
            if (owner != null) {
                dropChecks.add(new Change(
                        new DropCheck(h.name(), c.name()), Wording.droppedForReuse(h, c.name(), owner), null));
            }
        }
        List<String> targets = tableCandidates.candidates().getOrDefault(h.name(), List.of());
        dropTables.add(new Change(
                new DropTable(h.name(), false), Wording.droppedTable(h), Wording.dropTableReview(h, targets)));
    }

    /** The model table that has an index, check or foreign key of this name; null when none has. */
    private String modelConstraintOwner(String name) {
        if (constraintOwners == null) {
            constraintOwners = new HashMap<>();
            for (Table w : want.values()) {
                w.indexes().forEach(i -> constraintOwners.putIfAbsent(key(i.name()), w.name()));
                w.checks().forEach(c -> constraintOwners.putIfAbsent(key(c.name()), w.name()));
                w.foreignKeys().forEach(f -> constraintOwners.putIfAbsent(key(f.name()), w.name()));
            }
        }
        return constraintOwners.get(key(name));
    }

    private void compare(Table h, Table w) {
        String t = h.name();
        if (!java.util.Objects.equals(h.comment(), w.comment())) {
            alterColumns.add(new Change(
                    new SetTableComment(t, w.comment()),
                    (w.source() == null ? t : w.source()) + ": "
                            + (w.comment() == null ? "table comment removed" : "table comment"),
                    null));
        }
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
                dropIndexes.add(new Change(
                        new DropIndex(t, old.name(), old.unique()), Wording.droppedIndex(t, old, now), null));
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
                createIndexes.add(new Change(
                        new CreateIndex(t, i), indexLabel(w, i), Wording.uniqueIndexReview(t, i, existingColumns)));
            }
        }
        Renames.Result candidates = columnCandidates.get(key(t));
        List<Column> columnInSchema = counterparts(h.columns(), w.columns(), Column::name);
        for (int k = 0; k < w.columns().size(); k++) {
            Column col = w.columns().get(k);
            Column old = columnInSchema.get(k);
            if (old == null) {
                addColumns.add(new Change(
                        new AddColumn(t, col), Wording.newField(w, col), Wording.addColumnReview(t, col, candidates)));
            } else if (!sameColumnBesidesName(old, col)) {
                alterColumn(t, old, col.withName(old.name()), label(w, col));
            }
        }
        List<Column> columnInModel = counterparts(w.columns(), h.columns(), Column::name);
        for (int k = 0; k < h.columns().size(); k++) {
            Column old = h.columns().get(k);
            if (columnInModel.get(k) == null) {
                List<String> targets =
                        candidates == null ? List.of() : candidates.candidates().getOrDefault(old.name(), List.of());
                dropColumns.add(new Change(
                        new DropColumn(t, old.name(), false, old.absentOn()),
                        Wording.noLongerInModel(t, old.name()),
                        Wording.dropColumnReview(t, old, targets)));
            }
        }
    }

    private void alterColumn(String t, Column old, Column now, String label) {
        AlterColumn alter = new AlterColumn(t, old.withSource(null), now, false);
        alterColumns.add(
                new Change(alter, Wording.alterColumn(label, old, now), Wording.alterColumnReview(alter, t, old, now)));
        if (!old.type().equals(now.type())) {
            retypedColumns.computeIfAbsent(key(t), k -> new HashSet<>()).add(key(old.name()));
        }
    }

    private void comparePrimaryKey(Table h, Table w) {
        for (String c : w.primaryKey()) {
            w.column(c).filter(Column::nullable).ifPresent(col -> problems.add(Wording.nullableKeyColumn(w, col)));
        }
        for (Column c : w.columns()) {
            if (c.autoIncrement() && !leadsAKey(w, c.name())) {
                problems.add(Wording.generatedColumnNotLeadingAKey(w, c));
            }
        }
        alterPrimaryKeys.add(new Change(
                new AlterPrimaryKey(h.name(), h.primaryKey(), w.primaryKey()),
                Wording.alterPrimaryKey(h, w),
                Wording.alterPrimaryKeyReview(w)));
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
                dropForeignKey(h, old.name(), Wording.noLongerInModel(h.name(), old.name()), null);
            } else if (!sameForeignKey(old, fk)) {
                String change = Wording.foreignKeyChange(old, fk);
                dropForeignKey(h, old.name(), Wording.droppedToReAdd(h.name(), old.name(), change), null);
                // with the same columns and target, the rows were checked by the old key: only the actions changed
                boolean actionsOnly = sameNames(old.columns(), fk.columns(), n -> n)
                        && old.referencedTable().equalsIgnoreCase(fk.referencedTable())
                        && sameNames(old.referencedColumns(), fk.referencedColumns(), n -> n);
                addForeignKey(
                        w.name(),
                        fk,
                        Wording.reAdded(w, fk, change),
                        actionsOnly ? null : Wording.missingReferencedRows(w, fk));
            }
        }
        for (int k = 0; k < w.foreignKeys().size(); k++) {
            if (inSchema.get(k) == null) {
                ForeignKey fk = w.foreignKeys().get(k);
                // a key over columns added in the same change finds only NULLs: nothing can violate it
                Set<String> existingColumns = byName(h.columns(), Column::name).keySet();
                boolean newColumns = fk.columns().stream().noneMatch(c -> existingColumns.contains(key(c)));
                addForeignKey(w.name(), fk, fkLabel(w, fk), newColumns ? null : Wording.missingReferencedRows(w, fk));
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
                dropChecks.add(new Change(
                        new DropCheck(formerTable, old.name()), Wording.droppedCheck(h.name(), old, c), null));
            }
        }
        for (int k = 0; k < w.checks().size(); k++) {
            Check c = w.checks().get(k);
            Check old = inSchema.get(k);
            if (old == null || !sameExpression(old.expression(), c.expression())) {
                addChecks.add(new Change(new AddCheck(w.name(), c), checkLabel(w, c), Wording.addCheckReview(w, c)));
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
                    dropForeignKey(
                            h, old.name(), Wording.droppedWhile(h, old, reason), Wording.uncheckedUntilReAdded(h, old));
                    addForeignKey(w.name(), fk, Wording.reAddedAfter(h, fk, reason), null);
                }
            }
        }
    }

    private String inTheWay(Table h, ForeignKey fk) {
        String t = key(h.name());
        String target = key(fk.referencedTable());
        for (String c : fk.columns()) {
            if (retypedColumns.getOrDefault(t, Set.of()).contains(key(c))) {
                return Wording.typeChanges(h.name(), c);
            }
        }
        for (String c : fk.referencedColumns()) {
            if (retypedColumns.getOrDefault(target, Set.of()).contains(key(c))) {
                return Wording.referencedTypeChanges(fk.referencedTable(), c);
            }
        }
        List<String> formerKey = formerPrimaryKeys.get(target);
        if (formerKey != null && lowerSet(formerKey).equals(lowerSet(fk.referencedColumns()))) {
            return Wording.referencedKeyChanges(fk.referencedTable());
        }
        for (Index i : droppedIndexes.getOrDefault(target, List.of())) {
            if (i.unique() && lowerSet(i.columns()).equals(lowerSet(fk.referencedColumns()))) {
                return Wording.referencedUniqueChanges(i.name());
            }
        }
        for (Index i : droppedIndexes.getOrDefault(t, List.of())) {
            if (serves(i.columns(), fk) && !servedOtherwise(h, fk)) {
                return Wording.indexChanges(i.name());
            }
        }
        return null;
    }

    private boolean servedOtherwise(Table h, ForeignKey fk) {
        String t = key(h.name());
        if (!formerPrimaryKeys.containsKey(t) && serves(h.primaryKey(), fk)) {
            return true;
        }
        Set<String> gone = droppedIndexes.getOrDefault(t, List.of()).stream()
                .map(i -> key(i.name()))
                .collect(Collectors.toSet());
        return h.indexes().stream().anyMatch(i -> !gone.contains(key(i.name())) && serves(i.columns(), fk));
    }

    // ---------------------------------------------------------------- sequences

    private void compareSequences() {
        Map<String, Sequence> before = byName(previous.sequences(), Sequence::name);
        Map<String, Sequence> after = byName(model.sequences(), Sequence::name);
        for (Sequence s : model.sequences()) {
            Sequence old = before.get(key(s.name()));
            String label = s.source() != null ? s.source() : s.name();
            if (old == null) {
                sequences.add(new Change(new CreateSequence(s), Wording.newSequence(label, s), null));
            } else if (old.start() != s.start() || old.increment() != s.increment()) {
                Sequence from = new Sequence(old.name(), old.start(), old.increment(), null);
                Sequence to = new Sequence(old.name(), s.start(), s.increment(), s.source());
                sequences.add(new Change(
                        new AlterSequence(from, to),
                        Wording.alterSequence(label, old, s),
                        Wording.alterSequenceReview(s)));
            }
        }
        for (Sequence old : previous.sequences()) {
            if (!after.containsKey(key(old.name()))) {
                dropSequences.add(new Change(
                        new DropSequence(old.name()), Wording.droppedSequence(old), Wording.dropSequenceReview(old)));
            }
        }
    }

    // ---------------------------------------------------------------- user-defined types

    private void compareTypes() {
        Map<String, UserType> before = byName(previous.types(), UserType::name);
        Map<String, UserType> after = byName(model.types(), UserType::name);
        for (UserType t : usedFirst(model.types(), after)) {
            UserType old = before.get(key(t.name()));
            if (old == null) {
                createTypes.add(new Change(new CreateType(t), Wording.newType(t), null));
            } else if (!old.sameDefinition(t)) {
                problems.add(Wording.changedType(old, t));
            }
        }
        List<UserType> gone = new ArrayList<>(usedFirst(previous.types(), before));
        java.util.Collections.reverse(gone);
        for (UserType old : gone) {
            if (!after.containsKey(key(old.name()))) {
                dropTypes.add(new Change(new DropType(old.name()), Wording.droppedType(old), null));
            }
        }
    }

    /** The types, each after the types its attributes use (by name, where the order is free). */
    private static List<UserType> usedFirst(List<UserType> types, Map<String, UserType> byName) {
        List<UserType> ordered = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        for (UserType t : types) {
            place(t, byName, placed, new HashSet<>(), ordered);
        }
        return ordered;
    }

    private static void place(
            UserType t, Map<String, UserType> byName, Set<String> placed, Set<String> path, List<UserType> ordered) {
        if (placed.contains(key(t.name())) || !path.add(key(t.name()))) {
            return;
        }
        for (String used : t.uses()) {
            UserType u = byName.get(key(used));
            if (u != null) {
                place(u, byName, placed, path, ordered);
            }
        }
        placed.add(key(t.name()));
        ordered.add(t);
    }
}

package dev.retort.core.diff;

import static dev.retort.core.diff.Compare.sameIndex;
import static dev.retort.core.diff.Names.byName;
import static dev.retort.core.diff.Names.key;
import static dev.retort.core.diff.Names.lowerSet;

import dev.retort.core.model.Index;
import dev.retort.core.model.Schema;
import dev.retort.core.model.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The model's side of a diff: its tables as the differ compares them, and the names they may not share. */
final class ModelTables {

    private ModelTables() {}

    /**
     * The model's tables, without what Hibernate itself leaves out: a unique constraint on exactly
     * the primary-key columns, and a second unique constraint on the same columns as another
     * (a unique constraint and the index behind it are one thing, reported once). One that the
     * migrations already created is kept, so an existing schema is left alone.
     */
    static Map<String, Table> of(Schema model, Map<String, Table> before, List<String> notes) {
        Map<String, Table> tables = new LinkedHashMap<>();
        for (Table t : model.tables()) {
            if (SchemaDiffer.isBookkeeping(t.name())) {
                continue;
            }
            tables.put(key(t.name()), mayHaveRedundantUniques(t) ? withoutRedundantUniques(t, before, notes) : t);
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

    private static Table withoutRedundantUniques(Table t, Map<String, Table> before, List<String> notes) {
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
                notes.add(Wording.redundantUnique(t, i));
            }
        }
        return kept.size() == t.indexes().size() ? t : t.withIndexes(kept);
    }

    /** Index, foreign-key and check names are one namespace per schema on most databases: each may be used once. */
    static void checkConstraintNames(Map<String, Table> want, List<String> problems) {
        Map<String, String> owners = new HashMap<>();
        for (Table t : want.values()) {
            List<String> names = new ArrayList<>();
            t.indexes().forEach(i -> names.add(i.name()));
            t.foreignKeys().forEach(f -> names.add(f.name()));
            t.checks().forEach(c -> names.add(c.name()));
            for (String n : names) {
                String other = owners.putIfAbsent(key(n), t.name());
                if (other != null) {
                    problems.add(Wording.duplicateConstraintName(n, other, t.name()));
                }
            }
        }
    }
}

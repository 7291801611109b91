package dev.retort.core.diff;

import dev.retort.core.model.Schema;
import dev.retort.core.model.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Lookups by name for the differ. Names compare case aside, so every map is keyed by the lower-case
 * name; built once per list, they keep a diff linear in the size of the schema.
 */
final class Names {

    private Names() {}

    /** The schema's tables by lower-case name, in schema order; Retort's bookkeeping tables left out. */
    static Map<String, Table> tablesOf(Schema schema) {
        Map<String, Table> tables = new LinkedHashMap<>();
        for (Table t : schema.tables()) {
            if (!SchemaDiffer.isBookkeeping(t.name())) {
                tables.put(key(t.name()), t);
            }
        }
        return tables;
    }

    /** True when both lists name the same items in the same order, as they nearly always do: nothing can be renamed. */
    static <T> boolean sameNames(List<T> a, List<T> b, Function<T, String> name) {
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
    static <T> List<T> counterparts(List<T> others, List<T> items, Function<T, String> name) {
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

    /** The items by lower-case name, in list order; the first of two with the same name wins. */
    static <T> Map<String, T> byName(List<T> items, Function<T, String> name) {
        Map<String, T> map = new LinkedHashMap<>();
        for (T item : items) {
            map.putIfAbsent(key(name.apply(item)), item);
        }
        return map;
    }

    static String key(String name) {
        return Renames.lower(name);
    }

    static List<String> lower(List<String> names) {
        return names.stream().map(Renames::lower).toList();
    }

    static Set<String> lowerSet(List<String> names) {
        return names.stream().map(Renames::lower).collect(Collectors.toCollection(TreeSet::new));
    }
}

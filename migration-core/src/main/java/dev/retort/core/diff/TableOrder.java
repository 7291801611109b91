package dev.retort.core.diff;

import static dev.retort.core.diff.Renames.lower;

import dev.retort.core.model.ForeignKey;
import dev.retort.core.model.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Orders tables so that a table comes after the tables its foreign keys reference. */
final class TableOrder {

    private TableOrder() {}

    /**
     * Referenced tables first; among tables free to go, by name. A cycle of references is broken at
     * the table with the smallest name (its foreign keys are added after all tables exist anyway).
     */
    static List<Table> referencedFirst(List<Table> tables) {
        Map<String, Table> byName = new HashMap<>();
        tables.forEach(t -> byName.put(lower(t.name()), t));
        Map<String, Set<String>> waitsFor = new HashMap<>();
        Map<String, List<String>> referencedBy = new HashMap<>();
        for (Table t : tables) {
            String name = lower(t.name());
            Set<String> deps = new HashSet<>();
            for (ForeignKey fk : t.foreignKeys()) {
                String target = lower(fk.referencedTable());
                if (!target.equals(name) && byName.containsKey(target) && deps.add(target)) {
                    referencedBy.computeIfAbsent(target, k -> new ArrayList<>()).add(name);
                }
            }
            waitsFor.put(name, deps);
        }
        TreeMap<String, Table> ready = new TreeMap<>();
        TreeMap<String, Table> blocked = new TreeMap<>();
        for (Table t : tables) {
            (waitsFor.get(lower(t.name())).isEmpty() ? ready : blocked).put(t.name(), t);
        }
        List<Table> out = new ArrayList<>(tables.size());
        while (!ready.isEmpty() || !blocked.isEmpty()) {
            Table next = ready.isEmpty()
                    ? blocked.pollFirstEntry().getValue()
                    : ready.pollFirstEntry().getValue();
            out.add(next);
            for (String child : referencedBy.getOrDefault(lower(next.name()), List.of())) {
                Set<String> deps = waitsFor.get(child);
                if (deps.remove(lower(next.name())) && deps.isEmpty()) {
                    Table c = byName.get(child);
                    if (blocked.remove(c.name()) != null) {
                        ready.put(c.name(), c);
                    }
                }
            }
        }
        return out;
    }
}

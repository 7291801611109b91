package dev.retort.processor;

import dev.retort.core.model.Schema;
import dev.retort.core.model.Table;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Stage two: collects the tables of every round, sorted, whatever order javac hands the entities
 * over in. Table names clash case-insensitively, as they do on MySQL/MariaDB and H2.
 */
final class SchemaAssembler {

    private record Entry(String entity, Table table) {
    }

    private final Map<String, Entry> tables = new TreeMap<>();

    /** Adds the table of {@code entity} (qualified name); returns the entity already mapping that table, if any. */
    Optional<String> add(String entity, Table table) {
        Entry previous = tables.putIfAbsent(table.name().toLowerCase(Locale.ROOT), new Entry(entity, table));
        return previous == null ? Optional.empty() : Optional.of(previous.entity());
    }

    boolean isEmpty() {
        return tables.isEmpty();
    }

    /** The qualified names of the mapped entities, sorted: the snapshot's originating elements. */
    SortedSet<String> entities() {
        SortedSet<String> names = new TreeSet<>();
        tables.values().forEach(e -> names.add(e.entity()));
        return names;
    }

    Schema schema() {
        return new Schema(tables.values().stream().map(Entry::table).toList());
    }
}

package dev.retort.core.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A whole schema: what the processor captured from the entities, or what replaying migrations
 * builds. Tables are sorted by name, so two equal schemas serialise to identical bytes.
 */
public record Schema(List<Table> tables) {

    public static final Schema EMPTY = new Schema(List.of());

    public Schema {
        List<Table> sorted = new ArrayList<>(tables == null ? List.of() : tables);
        sorted.sort(Comparator.comparing(Table::name));
        tables = List.copyOf(sorted);
    }

    /** Table names compare case-insensitively, as they do on MySQL/MariaDB with default settings and on H2. */
    public Optional<Table> table(String name) {
        return tables.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
    }

    /** This schema with the table added or, when one of that name exists, replaced. */
    public Schema with(Table table) {
        List<Table> next = new ArrayList<>(tables);
        next.removeIf(t -> t.name().equalsIgnoreCase(table.name()));
        next.add(table);
        return new Schema(next);
    }

    public Schema without(String tableName) {
        List<Table> next = new ArrayList<>(tables);
        next.removeIf(t -> t.name().equalsIgnoreCase(tableName));
        return new Schema(next);
    }

    /** Both schemas together; a table present in both is taken from {@code other}. */
    public Schema merge(Schema other) {
        Schema result = this;
        for (Table t : other.tables) {
            result = result.with(t);
        }
        return result;
    }
}

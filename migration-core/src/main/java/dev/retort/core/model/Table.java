package dev.retort.core.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A table of the schema snapshot. Columns keep their declared order (it becomes the order of
 * {@code CREATE TABLE}); indexes are kept sorted by name so snapshots are deterministic.
 *
 * @param primaryKey the primary-key column names, in key order
 * @param source     the entity it was mapped from, for review comments; never compared
 */
public record Table(String name, List<Column> columns, List<String> primaryKey, List<Index> indexes, String source) {

    public Table {
        Objects.requireNonNull(name, "name");
        columns = List.copyOf(columns);
        primaryKey = primaryKey == null ? List.of() : List.copyOf(primaryKey);
        List<Index> sorted = new ArrayList<>(indexes == null ? List.of() : indexes);
        sorted.sort(Comparator.comparing(Index::name));
        indexes = List.copyOf(sorted);
    }

    public Optional<Column> column(String columnName) {
        return columns.stream().filter(c -> c.name().equalsIgnoreCase(columnName)).findFirst();
    }

    public Optional<Index> index(String indexName) {
        return indexes.stream().filter(i -> i.name().equalsIgnoreCase(indexName)).findFirst();
    }

    public Table withColumns(List<Column> newColumns) {
        return new Table(name, newColumns, primaryKey, indexes, source);
    }

    public Table withIndexes(List<Index> newIndexes) {
        return new Table(name, columns, primaryKey, newIndexes, source);
    }
}

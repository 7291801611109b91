package dev.retort.core.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A table of the schema snapshot. Columns keep their declared order (it becomes the order of
 * {@code CREATE TABLE}); indexes, foreign keys and checks are kept sorted by name so snapshots
 * are deterministic.
 *
 * @param primaryKey the primary-key column names, in key order
 * @param source      the entity it was mapped from, for review comments; never compared
 * @param renamedFrom the old table name stated by {@code @RenamedFrom}, a hint for the differ; never compared
 * @param comment     the table comment ({@code @Comment} on the entity, {@code @Table(comment)}); null for none
 */
public record Table(
        String name,
        List<Column> columns,
        List<String> primaryKey,
        List<Index> indexes,
        List<ForeignKey> foreignKeys,
        List<Check> checks,
        String source,
        String renamedFrom,
        String comment) {

    public Table {
        Objects.requireNonNull(name, "name");
        columns = List.copyOf(columns);
        primaryKey = primaryKey == null ? List.of() : List.copyOf(primaryKey);
        indexes = sorted(indexes, Comparator.comparing(Index::name));
        foreignKeys = sorted(foreignKeys, Comparator.comparing(ForeignKey::name));
        checks = sorted(checks, Comparator.comparing(Check::name));
        comment = comment == null || comment.isEmpty() ? null : comment;
    }

    /** A table without comment. */
    public Table(
            String name,
            List<Column> columns,
            List<String> primaryKey,
            List<Index> indexes,
            List<ForeignKey> foreignKeys,
            List<Check> checks,
            String source,
            String renamedFrom) {
        this(name, columns, primaryKey, indexes, foreignKeys, checks, source, renamedFrom, null);
    }

    /** A table without foreign keys or checks. */
    public Table(String name, List<Column> columns, List<String> primaryKey, List<Index> indexes, String source) {
        this(name, columns, primaryKey, indexes, List.of(), List.of(), source, null, null);
    }

    /** A table without rename hint. */
    public Table(
            String name,
            List<Column> columns,
            List<String> primaryKey,
            List<Index> indexes,
            List<ForeignKey> foreignKeys,
            List<Check> checks,
            String source) {
        this(name, columns, primaryKey, indexes, foreignKeys, checks, source, null, null);
    }

    private static <T> List<T> sorted(List<T> items, Comparator<T> order) {
        List<T> copy = new ArrayList<>(items == null ? List.of() : items);
        copy.sort(order);
        return List.copyOf(copy);
    }

    public Optional<Column> column(String columnName) {
        return columns.stream()
                .filter(c -> c.name().equalsIgnoreCase(columnName))
                .findFirst();
    }

    public Optional<Index> index(String indexName) {
        return indexes.stream()
                .filter(i -> i.name().equalsIgnoreCase(indexName))
                .findFirst();
    }

    public Optional<ForeignKey> foreignKey(String fkName) {
        return foreignKeys.stream()
                .filter(f -> f.name().equalsIgnoreCase(fkName))
                .findFirst();
    }

    public Optional<Check> check(String checkName) {
        return checks.stream().filter(c -> c.name().equalsIgnoreCase(checkName)).findFirst();
    }

    public Table withName(String newName) {
        return new Table(newName, columns, primaryKey, indexes, foreignKeys, checks, source, renamedFrom, comment);
    }

    public Table withColumns(List<Column> newColumns) {
        return new Table(name, newColumns, primaryKey, indexes, foreignKeys, checks, source, renamedFrom, comment);
    }

    public Table withPrimaryKey(List<String> newPrimaryKey) {
        return new Table(name, columns, newPrimaryKey, indexes, foreignKeys, checks, source, renamedFrom, comment);
    }

    public Table withIndexes(List<Index> newIndexes) {
        return new Table(name, columns, primaryKey, newIndexes, foreignKeys, checks, source, renamedFrom, comment);
    }

    public Table withForeignKeys(List<ForeignKey> newForeignKeys) {
        return new Table(name, columns, primaryKey, indexes, newForeignKeys, checks, source, renamedFrom, comment);
    }

    public Table withChecks(List<Check> newChecks) {
        return new Table(name, columns, primaryKey, indexes, foreignKeys, newChecks, source, renamedFrom, comment);
    }

    public Table withComment(String newComment) {
        return new Table(name, columns, primaryKey, indexes, foreignKeys, checks, source, renamedFrom, newComment);
    }

    /**
     * The table as it exists on one database: without the columns {@link Column#absentOn absent}
     * there, the others plain columns. (An index, key or check never uses such a column.)
     */
    public Table on(String database) {
        if (columns.stream().allMatch(c -> c.absentOn().isEmpty())) {
            return this;
        }
        return withColumns(columns.stream()
                .filter(c -> !c.absentOn(database))
                .map(c -> c.withAbsentOn(List.of()))
                .toList());
    }
}

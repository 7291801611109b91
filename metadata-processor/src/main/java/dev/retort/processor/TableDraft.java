package dev.retort.processor;

import dev.retort.core.model.Check;
import dev.retort.core.model.Column;
import dev.retort.core.model.ForeignKey;
import dev.retort.core.model.Index;
import dev.retort.core.model.QualifiedName;
import dev.retort.core.model.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A table being assembled from the mappings that contribute to it: an entity (or several, under
 * single-table inheritance), its secondary tables, a join or collection table. Column names are
 * matched case-insensitively, as the databases do.
 */
final class TableDraft {

    /** Who mapped a column: the entity (qualified name), the member path for messages, and whether it writes it. */
    record Mapping(String entity, String source, boolean writable) {}

    final String name;
    final String source;
    /** The entity that created the table; for messages. */
    final String owner;

    String renamedFrom;
    /** An entity table's logical name (before the naming strategy), for the names Hibernate derives from it. */
    String logical;
    /** The table comment: {@code @Table(comment)}, else {@code @Comment} on the entity; null for none. */
    String comment;
    /** An entity's own table, which a join table of the same name shares, as in Hibernate. */
    boolean entityTable;
    /** For a collection's join table: the entity (qualified name) whose association made it first. */
    String joinOwner;

    /**
     * For a join table: the to-one association ({@code @ManyToOne}/{@code @OneToOne @JoinTable}) whose table it
     * is, or null. Hibernate binds it with its entity, before any collection: its columns and key stand.
     */
    String toOneJoin;

    /** The collections mapping this join table, with the key each gives it; see {@link #share}. */
    private final List<JoinKey> joinKeys = new ArrayList<>();

    /**
     * The primary key a collection gives its join table: a set's (owner and element columns) only when the
     * table has none yet, an indexed list's or a map's (and an idbag's) whatever key it has; a bag gives none.
     */
    record JoinKey(String source, List<String> columns, boolean forced, boolean oneToMany) {}

    static final String ORDER_DEPENDENT =
            ", and the key Hibernate gives the shared table depends on the order it reads the entities";
    private final Map<String, Column> columns = new LinkedHashMap<>();
    private final Map<String, Mapping> mappings = new LinkedHashMap<>();
    private List<String> primaryKey = List.of();
    private final Map<String, Index> indexes = new LinkedHashMap<>();
    private final Map<String, ForeignKey> foreignKeys = new LinkedHashMap<>();
    /** Column checks, combined per column into one constraint as Hibernate does; then table checks. */
    private final Map<String, List<String>> columnChecks = new LinkedHashMap<>();

    private final List<Check> tableChecks = new ArrayList<>();

    TableDraft(String name, String source, String owner) {
        this.name = name;
        this.source = source;
        this.owner = owner;
    }

    /** The name without schema and catalog, which the names Hibernate derives from a table use. */
    String local() {
        return QualifiedName.local(name);
    }

    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    Column column(String columnName) {
        return columns.get(key(columnName));
    }

    Mapping mapping(String columnName) {
        return mappings.get(key(columnName));
    }

    List<Column> columns() {
        return List.copyOf(columns.values());
    }

    void put(Column column, Mapping mapping) {
        columns.put(key(column.name()), column);
        mappings.put(key(column.name()), mapping);
    }

    /** Replaces a column's definition, keeping its position. */
    void replace(Column column) {
        columns.put(key(column.name()), column);
    }

    List<String> primaryKey() {
        return primaryKey;
    }

    void primaryKey(List<String> columnNames) {
        this.primaryKey = List.copyOf(columnNames);
    }

    /**
     * Records one more collection mapping this join table. Hibernate merges them, and the merged table is
     * the same whatever order Hibernate reads the entities in unless two of them would key it differently
     * (two sets keyed by different columns with no to-one association keying it first, two lists or maps
     * keyed differently), or a {@code @OneToMany} shares it with another kind of collection only (its unique
     * key survives only when it is bound first). Null when that holds, else why not (for RT121).
     */
    String share(JoinKey key) {
        for (JoinKey other : joinKeys) {
            if (toOneJoin == null && key.oneToMany() != other.oneToMany()) {
                return ORDER_DEPENDENT + " (a @OneToMany's unique key is kept only when it is bound first)";
            }
            boolean differ = !new java.util.HashSet<>(lower(key.columns()))
                    .equals(new java.util.HashSet<>(lower(other.columns())));
            if (differ
                    && !key.columns().isEmpty()
                    && !other.columns().isEmpty()
                    && (key.forced() && other.forced() || !key.forced() && !other.forced() && toOneJoin == null)) {
                return ORDER_DEPENDENT + " (" + other.source() + " keys it by " + other.columns() + ", this one by "
                        + key.columns() + ")";
            }
        }
        joinKeys.add(key);
        return null;
    }

    /** True when anything but nullable columns was bound here: a key, an index, a foreign key or a check. */
    boolean constrained() {
        return !primaryKey.isEmpty()
                || !indexes.isEmpty()
                || !foreignKeys.isEmpty()
                || !columnChecks.isEmpty()
                || !tableChecks.isEmpty();
    }

    /** Adds a unique constraint or index unless one on the same columns (and uniqueness) exists. */
    void index(Index index) {
        for (Index existing : indexes.values()) {
            if (existing.unique() == index.unique() && lower(existing.columns()).equals(lower(index.columns()))) {
                return;
            }
        }
        indexes.putIfAbsent(key(index.name()), index);
    }

    /** True when the columns are the primary key or carry a unique constraint. */
    boolean isUnique(List<String> columnNames) {
        List<String> wanted = lower(columnNames);
        if (lower(primaryKey).equals(wanted)) {
            return true;
        }
        return indexes.values().stream()
                .anyMatch(i -> i.unique() && lower(i.columns()).equals(wanted));
    }

    void foreignKey(ForeignKey fk) {
        for (ForeignKey existing : foreignKeys.values()) {
            if (lower(existing.columns()).equals(lower(fk.columns()))
                    && existing.referencedTable().equalsIgnoreCase(fk.referencedTable())) {
                return;
            }
        }
        foreignKeys.putIfAbsent(key(fk.name()), fk);
    }

    void columnCheck(String columnName, String condition) {
        List<String> conditions = columnChecks.computeIfAbsent(key(columnName), k -> new ArrayList<>());
        if (!conditions.contains(condition)) {
            conditions.add(condition);
        }
    }

    /** The conditions checked on one column, in the order they were added. */
    List<String> columnChecks(String columnName) {
        return List.copyOf(columnChecks.getOrDefault(key(columnName), List.of()));
    }

    /** True when anything but column checks was bound here: a key, an index, a foreign key or a table check. */
    boolean keyed() {
        return !primaryKey.isEmpty() || !indexes.isEmpty() || !foreignKeys.isEmpty() || !tableChecks.isEmpty();
    }

    void tableCheck(Check check) {
        if (tableChecks.stream().noneMatch(c -> c.expression().equals(check.expression()))) {
            tableChecks.add(check);
        }
    }

    int tableCheckCount() {
        return tableChecks.size();
    }

    Table toTable() {
        List<Check> checks = new ArrayList<>(tableChecks);
        columnChecks.forEach((column, conditions) -> {
            String columnName =
                    columns.containsKey(column) ? columns.get(column).name() : column;
            String expression = conditions.size() == 1
                    ? conditions.get(0)
                    : String.join(
                            " and ", conditions.stream().map(c -> "(" + c + ")").toList());
            checks.add(new Check(
                    ConstraintNames.check(local(), columnName),
                    expression,
                    mappings.containsKey(column) ? mappings.get(column).source() : source));
        });
        return new Table(
                name,
                List.copyOf(columns.values()),
                primaryKey,
                List.copyOf(indexes.values()),
                List.copyOf(foreignKeys.values()),
                checks,
                source,
                renamedFrom,
                comment);
    }

    /**
     * The columns in the order Hibernate lists them in a constraint (its standard column ordering
     * strategy): by storage size, at least 4 bytes, then long columns (over 2048 bytes) last, then by
     * name. A length of 255 (the default) counts as the database's largest varchar, as in Hibernate.
     */
    List<String> inHibernateOrder(List<String> columnNames) {
        List<String> ordered = new ArrayList<>(columnNames);
        ordered.sort(java.util.Comparator.<String>comparingInt(n -> Math.max(storageSize(column(n)), 4))
                .thenComparing(n -> storageSize(column(n)) > 2048)
                .thenComparing(n -> column(n) == null ? n : column(n).name()));
        return ordered;
    }

    private static final double DIGITS_PER_BYTE = Math.log(10) / Math.log(2) * 8;
    private static final int DEFAULT_DECIMAL_PRECISION = 38;

    private static int storageSize(Column c) {
        if (c == null) {
            return Integer.MAX_VALUE;
        }
        dev.retort.migration.ColumnType t = c.type();
        return switch (t.kind()) {
            case BOOLEAN, TINYINT -> 1;
            case SMALLINT -> 2;
            case INTEGER, REAL, DATE, TIME, TIME_TZ -> 4;
            case BIGINT, DOUBLE, TIMESTAMP, TIMESTAMP_TZ -> 8;
            case UUID -> 16;
            case DECIMAL ->
                (int) Math.ceil((t.precision() == 0 ? DEFAULT_DECIMAL_PRECISION : t.precision()) / DIGITS_PER_BYTE);
            case VARCHAR, CHAR, VARBINARY, BINARY ->
                t.length() == TypeMapping.DEFAULT_LENGTH ? Integer.MAX_VALUE : t.length();
            default -> Integer.MAX_VALUE;
        };
    }

    private static List<String> lower(List<String> names) {
        return names.stream().map(TableDraft::key).toList();
    }
}

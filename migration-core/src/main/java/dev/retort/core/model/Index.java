package dev.retort.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An index or a unique constraint (which every supported database backs with a unique index).
 *
 * @param source     the mapping element it came from, for review comments; never compared
 * @param descending the columns sorted in descending order ({@code @Index(columnList = "a desc")}), in
 *                   column order; empty (and left out of the snapshot file) when every column is ascending,
 *                   so files written before the field existed read unchanged
 */
public record Index(String name, List<String> columns, boolean unique, String source, List<String> descending) {

    /** A column followed by its sort order; a quoted name ends with its quote, so never matches by itself. */
    private static final Pattern SORTED = Pattern.compile("\\s*(.*\\S)\\s+(ASC|DESC)\\s*", Pattern.CASE_INSENSITIVE);

    public Index {
        Objects.requireNonNull(name, "name");
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("index " + name + " has no columns");
        }
        descending = ordered(name, columns, descending);
    }

    /** An index whose columns are all ascending. */
    public Index(String name, List<String> columns, boolean unique, String source) {
        this(name, columns, unique, source, List.of());
    }

    /** The descending columns among {@code columns}, in their order and spelling; each must be one of them. */
    private static List<String> ordered(String name, List<String> columns, List<String> descending) {
        if (descending == null || descending.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String c : columns) {
            if (descending.stream().anyMatch(c::equalsIgnoreCase)) {
                out.add(c);
            }
        }
        for (String d : descending) {
            if (columns.stream().noneMatch(d::equalsIgnoreCase)) {
                throw new IllegalArgumentException(
                        "index " + name + ": descending column " + d + " is not one of " + columns);
            }
        }
        return List.copyOf(out);
    }

    /** True when {@code column} is sorted descending in this index. */
    public boolean isDescending(String column) {
        return descending.stream().anyMatch(column::equalsIgnoreCase);
    }

    /**
     * The columns, a descending one followed by {@code " DESC"}: how a migration states them
     * ({@code op.createIndex("post", "post_recent", "created_at DESC", "id")}) and how messages show them.
     */
    public List<String> columnsWithOrder() {
        return descending.isEmpty()
                ? columns
                : columns.stream().map(c -> isDescending(c) ? c + " DESC" : c).toList();
    }

    /**
     * An index over columns as a migration states them: a column followed by {@code DESC} (or
     * {@code ASC}, the default) in any case, after a blank, is sorted so.
     */
    public static Index of(String name, List<String> columnsWithOrder, boolean unique, String source) {
        List<String> columns = new ArrayList<>();
        List<String> desc = new ArrayList<>();
        for (String spec : columnsWithOrder) {
            Matcher m = SORTED.matcher(spec);
            if (m.matches()) {
                columns.add(m.group(1));
                if (m.group(2).equalsIgnoreCase("DESC")) {
                    desc.add(m.group(1));
                }
            } else {
                columns.add(spec);
            }
        }
        return new Index(name, columns, unique, source, desc);
    }

    /** This index with the columns renamed by {@code rename} (its sort orders follow the columns). */
    public Index withColumns(List<String> newColumns) {
        List<String> desc = new ArrayList<>();
        for (int k = 0; k < columns.size(); k++) {
            if (isDescending(columns.get(k))) {
                desc.add(newColumns.get(k));
            }
        }
        return new Index(name, newColumns, unique, source, desc);
    }

    /** This index under another name. */
    public Index withName(String newName) {
        return new Index(newName, columns, unique, source, descending);
    }

    /** This index with every column ascending: what a database that ignores DESC keeps. */
    public Index ascending() {
        return descending.isEmpty() ? this : new Index(name, columns, unique, source, List.of());
    }

    /** True when both describe the same physical index, whatever their source. */
    public boolean sameDefinition(Index other) {
        return name.equals(other.name)
                && columns.equals(other.columns)
                && unique == other.unique
                && descending.equals(other.descending);
    }
}

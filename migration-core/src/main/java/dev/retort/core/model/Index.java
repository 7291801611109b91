package dev.retort.core.model;

import java.util.List;
import java.util.Objects;

/**
 * An index or a unique constraint (which every supported database backs with a unique index).
 *
 * @param source the mapping element it came from, for review comments; never compared
 */
public record Index(String name, List<String> columns, boolean unique, String source) {

    public Index {
        Objects.requireNonNull(name, "name");
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("index " + name + " has no columns");
        }
    }

    /** True when both describe the same physical index, whatever their source. */
    public boolean sameDefinition(Index other) {
        return name.equals(other.name) && columns.equals(other.columns) && unique == other.unique;
    }
}

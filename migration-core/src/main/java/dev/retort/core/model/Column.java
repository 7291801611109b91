package dev.retort.core.model;

import dev.retort.migration.ColumnType;
import java.util.Objects;

/**
 * A column of the schema snapshot.
 *
 * @param defaultValue the server default as an SQL expression ({@code 0}, {@code 'new'}), or null
 * @param comment      the comment stored in the database, or null
 * @param source       the entity member it was mapped from ({@code User.bio}), for review comments;
 *                     {@code null} when the column came from replaying migrations. Never compared.
 * @param renamedFrom  the old column name stated by {@code @RenamedFrom}, a hint for the differ; never compared
 */
public record Column(
        String name,
        ColumnType type,
        boolean nullable,
        boolean autoIncrement,
        String defaultValue,
        String comment,
        String source,
        String renamedFrom) {

    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    /** A column without default or comment. */
    public Column(String name, ColumnType type, boolean nullable, boolean autoIncrement, String source) {
        this(name, type, nullable, autoIncrement, null, null, source, null);
    }

    /** A column without rename hint. */
    public Column(
            String name,
            ColumnType type,
            boolean nullable,
            boolean autoIncrement,
            String defaultValue,
            String comment,
            String source) {
        this(name, type, nullable, autoIncrement, defaultValue, comment, source, null);
    }

    /** True when both describe the same physical column, whatever their source. */
    public boolean sameDefinition(Column other) {
        return name.equals(other.name)
                && type.equals(other.type)
                && nullable == other.nullable
                && autoIncrement == other.autoIncrement
                && Objects.equals(defaultValue, other.defaultValue)
                && Objects.equals(comment, other.comment);
    }

    public Column withSource(String newSource) {
        return new Column(name, type, nullable, autoIncrement, defaultValue, comment, newSource, renamedFrom);
    }

    public Column withNullable(boolean newNullable) {
        return new Column(name, type, newNullable, autoIncrement, defaultValue, comment, source, renamedFrom);
    }

    public Column withName(String newName) {
        return new Column(newName, type, nullable, autoIncrement, defaultValue, comment, source, renamedFrom);
    }
}

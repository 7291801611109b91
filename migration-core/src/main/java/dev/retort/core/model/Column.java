package dev.retort.core.model;

import dev.retort.migration.ColumnType;
import java.util.Objects;

/**
 * A column of the schema snapshot.
 *
 * @param source the entity member it was mapped from ({@code User.bio}), for review comments;
 *               {@code null} when the column came from replaying migrations. Never compared.
 */
public record Column(String name, ColumnType type, boolean nullable, boolean autoIncrement, String source) {

    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    /** True when both describe the same physical column, whatever their source. */
    public boolean sameDefinition(Column other) {
        return name.equals(other.name) && type.equals(other.type) && nullable == other.nullable
                && autoIncrement == other.autoIncrement;
    }

    public Column withSource(String newSource) {
        return new Column(name, type, nullable, autoIncrement, newSource);
    }
}

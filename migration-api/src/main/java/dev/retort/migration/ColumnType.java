package dev.retort.migration;

import java.util.List;
import java.util.Objects;

/**
 * A database-independent column type. Each dialect renders it the way Hibernate ORM renders the
 * same Java type on that database, so the schema migrations build is the one the application expects.
 *
 * @param kind      the family of the type
 * @param length    characters for {@link Kind#VARCHAR} and {@link Kind#CHAR}, bytes for
 *                  {@link Kind#VARBINARY}; 0 otherwise
 * @param precision digits for {@link Kind#DECIMAL}, fractional-second digits for time types; 0 otherwise
 * @param scale     digits after the point for {@link Kind#DECIMAL}; 0 otherwise
 * @param values    the allowed values of an {@link Kind#ENUM}, in declaration order; empty otherwise
 */
public record ColumnType(Kind kind, int length, int precision, int scale, List<String> values) {

    /** Type families. */
    public enum Kind {
        VARCHAR, CHAR, TINYINT, SMALLINT, INTEGER, BIGINT, BOOLEAN, DECIMAL, REAL, DOUBLE,
        DATE, TIME, TIMESTAMP, TIMESTAMP_TZ, UUID, ENUM, VARBINARY, CLOB, BLOB
    }

    public ColumnType {
        Objects.requireNonNull(kind, "kind");
        values = values == null ? List.of() : List.copyOf(values);
        if (length < 0 || precision < 0 || scale < 0) {
            throw new IllegalArgumentException("negative size in " + kind + "(" + length + ", " + precision + ", " + scale + ")");
        }
    }

    static ColumnType of(Kind kind) {
        return new ColumnType(kind, 0, 0, 0, List.of());
    }

    @Override
    public String toString() {
        return switch (kind) {
            case VARCHAR, CHAR, VARBINARY -> kind + "(" + length + ")";
            case DECIMAL -> kind + "(" + precision + "," + scale + ")";
            case TIME, TIMESTAMP, TIMESTAMP_TZ -> kind + "(" + precision + ")";
            case ENUM -> kind.name() + values;
            default -> kind.name();
        };
    }
}

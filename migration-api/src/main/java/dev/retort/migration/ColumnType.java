package dev.retort.migration;

import java.util.List;
import java.util.Objects;

/**
 * A database-independent column type. Each dialect renders it the way Hibernate ORM renders the
 * same Java type on that database, so the schema migrations build is the one the application expects.
 *
 * @param kind      the family of the type
 * @param length    characters for {@link Kind#VARCHAR} and {@link Kind#CHAR}, bytes for
 *                  {@link Kind#VARBINARY}; the declared capacity of a {@link Kind#CLOB} or {@link Kind#BLOB}
 *                  and the {@code varchar} length of an {@link Kind#ENUM} where it is not native (0: the
 *                  default, unbounded or 255); 0 otherwise
 * @param precision digits for {@link Kind#DECIMAL} and (leading) {@link Kind#INTERVAL_SECOND}, fractional-second
 *                  digits for time types; 0 otherwise
 * @param scale     digits after the point for {@link Kind#DECIMAL} and {@link Kind#INTERVAL_SECOND}; 0 otherwise
 * @param values    the allowed values of an {@link Kind#ENUM}, in declaration order; for {@link Kind#CUSTOM}
 *                  the one SQL type definition, used verbatim; for {@link Kind#STRUCT} the one name of the
 *                  user-defined type; empty otherwise
 * @param element   the type of the elements of an {@link Kind#ARRAY}; null otherwise
 * @param national  a national character type (Hibernate's {@code @Nationalized}): MySQL declares it
 *                  {@code character set utf8mb4}; the other databases store it as the plain type
 */
public record ColumnType(
        Kind kind, int length, int precision, int scale, List<String> values, ColumnType element, boolean national) {

    /**
     * Type families. {@code TIME_TZ} is a time of day with offset ({@code OffsetTime}), {@code JSON} a
     * JSON document ({@code jsonb} on PostgreSQL), {@code CUSTOM} a database-specific definition
     * from {@code @Column(columnDefinition)} that Retort passes through unchanged.
     */
    public enum Kind {
        VARCHAR,
        CHAR,
        TINYINT,
        SMALLINT,
        INTEGER,
        BIGINT,
        BOOLEAN,
        DECIMAL,
        REAL,
        DOUBLE,
        DATE,
        TIME,
        TIMESTAMP,
        TIMESTAMP_TZ,
        UUID,
        ENUM,
        VARBINARY,
        CLOB,
        BLOB,
        TIME_TZ,
        JSON,
        CUSTOM,
        /** An array of {@link ColumnType#element()}s: native on PostgreSQL and H2, {@code json} on MySQL and MariaDB. */
        ARRAY,
        /** Fixed-length binary: {@code binary(n)}, {@code bytea} on PostgreSQL. */
        BINARY,
        /** An XML document: {@code xml} on PostgreSQL, {@code clob} on H2, {@code longtext} on MySQL and MariaDB. */
        XML,
        /**
         * An embeddable stored as one XML document (Hibernate's XML aggregate, {@code SqlTypes.SQLXML} on an
         * embedded attribute): {@code xml} on PostgreSQL; Hibernate refuses it on MySQL, MariaDB and H2, and
         * so does Retort when it renders the column for them.
         */
        XML_AGGREGATE,
        /** SQL's {@code real}, Hibernate's {@code SqlTypes.REAL}: a double on MySQL and MariaDB, 4 bytes elsewhere. */
        SQL_REAL,
        /**
         * The database's own timestamp with time zone (Hibernate's {@code SqlTypes.TIMESTAMP_WITH_TIMEZONE}):
         * {@code timestamp with time zone} on PostgreSQL and H2, {@code timestamp} (UTC-converted) on MySQL and MariaDB.
         */
        TIMESTAMP_TZ_NATIVE,
        /**
         * A duration as an interval of seconds (Hibernate's {@code SqlTypes.INTERVAL_SECOND}): {@link
         * ColumnType#precision()} leading digits and {@link ColumnType#scale()} fractional digits, both
         * 0 for Hibernate's defaults ({@code interval second(18,9)} on H2, {@code interval second(6)} on
         * PostgreSQL); MySQL and MariaDB have no such type.
         */
        INTERVAL_SECOND,
        /**
         * An embeddable stored as a struct (Hibernate's {@code @Struct}): a column of the user-defined
         * composite type {@link ColumnType#definition()} names, which PostgreSQL has; Hibernate refuses it
         * on MySQL, MariaDB and H2, and so does Retort when it renders the column for them.
         */
        STRUCT
    }

    /** A type without element or national character set, as every kind but {@link Kind#ARRAY} is. */
    public ColumnType(Kind kind, int length, int precision, int scale, List<String> values) {
        this(kind, length, precision, scale, values, null, false);
    }

    public ColumnType {
        Objects.requireNonNull(kind, "kind");
        values = values == null ? List.of() : List.copyOf(values);
        if (length < 0 || precision < 0 || scale < 0) {
            throw new IllegalArgumentException(
                    "negative size in " + kind + "(" + length + ", " + precision + ", " + scale + ")");
        }
        if (kind == Kind.CUSTOM && (values.size() != 1 || values.get(0).isBlank())) {
            throw new IllegalArgumentException("a CUSTOM column type needs its SQL definition as its one value");
        }
        if (kind == Kind.STRUCT && (values.size() != 1 || values.get(0).isBlank())) {
            throw new IllegalArgumentException("a STRUCT column type needs the name of its type as its one value");
        }
        if ((kind == Kind.ARRAY) != (element != null)) {
            throw new IllegalArgumentException("an ARRAY column type, and only it, needs its element type");
        }
        if (element != null
                && (element.kind() == Kind.ARRAY || element.kind() == Kind.CUSTOM || element.kind() == Kind.STRUCT)) {
            throw new IllegalArgumentException("an array of " + element.kind() + " is not a column type");
        }
    }

    /**
     * The same type as a national character type ({@code @Nationalized}): MySQL declares it with
     * {@code character set utf8mb4}.
     */
    public ColumnType asNational() {
        return new ColumnType(kind, length, precision, scale, values, element, true);
    }

    /** The SQL definition of a {@link Kind#CUSTOM} type; the name of a {@link Kind#STRUCT}'s user-defined type. */
    public String definition() {
        return kind == Kind.CUSTOM || kind == Kind.STRUCT ? values.get(0) : null;
    }

    static ColumnType of(Kind kind) {
        return new ColumnType(kind, 0, 0, 0, List.of());
    }

    @Override
    public String toString() {
        return national ? "NATIONAL " + plainString() : plainString();
    }

    private String plainString() {
        return switch (kind) {
            case VARCHAR, CHAR, VARBINARY, BINARY -> kind + "(" + length + ")";
            case CLOB, BLOB -> length == 0 ? kind.name() : kind + "(" + length + ")";
            case DECIMAL -> kind + "(" + precision + "," + scale + ")";
            case INTERVAL_SECOND -> precision == 0 ? kind.name() : kind + "(" + precision + "," + scale + ")";
            case TIME, TIMESTAMP, TIMESTAMP_TZ, TIME_TZ, TIMESTAMP_TZ_NATIVE -> kind + "(" + precision + ")";
            case ARRAY -> element + " ARRAY";
            case ENUM -> kind.name() + (length == 0 ? "" : "(" + length + ")") + values;
            case CUSTOM -> "CUSTOM(" + values.get(0) + ")";
            case STRUCT -> "STRUCT(" + values.get(0) + ")";
            default -> kind.name();
        };
    }
}

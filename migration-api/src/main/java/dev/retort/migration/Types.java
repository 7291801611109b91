package dev.retort.migration;

import java.util.List;

/**
 * Factories for {@link ColumnType}, imported statically by generated migrations:
 * {@code column("price", decimal(38, 2))}.
 */
public final class Types {

    private Types() {}

    public static ColumnType varchar(int length) {
        return new ColumnType(ColumnType.Kind.VARCHAR, length, 0, 0, List.of());
    }

    public static ColumnType fixedChar(int length) {
        return new ColumnType(ColumnType.Kind.CHAR, length, 0, 0, List.of());
    }

    public static ColumnType tinyint() {
        return ColumnType.of(ColumnType.Kind.TINYINT);
    }

    public static ColumnType smallint() {
        return ColumnType.of(ColumnType.Kind.SMALLINT);
    }

    public static ColumnType integer() {
        return ColumnType.of(ColumnType.Kind.INTEGER);
    }

    public static ColumnType bigint() {
        return ColumnType.of(ColumnType.Kind.BIGINT);
    }

    public static ColumnType bool() {
        return ColumnType.of(ColumnType.Kind.BOOLEAN);
    }

    public static ColumnType decimal(int precision, int scale) {
        return new ColumnType(ColumnType.Kind.DECIMAL, 0, precision, scale, List.of());
    }

    public static ColumnType real() {
        return ColumnType.of(ColumnType.Kind.REAL);
    }

    public static ColumnType doublePrecision() {
        return ColumnType.of(ColumnType.Kind.DOUBLE);
    }

    public static ColumnType date() {
        return ColumnType.of(ColumnType.Kind.DATE);
    }

    public static ColumnType time() {
        return ColumnType.of(ColumnType.Kind.TIME);
    }

    /** A time of day with the given fractional-second digits. */
    public static ColumnType time(int fractionalDigits) {
        return new ColumnType(ColumnType.Kind.TIME, 0, fractionalDigits, 0, List.of());
    }

    /** A time of day with offset ({@code OffsetTime}) and the given fractional-second digits. */
    public static ColumnType timeTz(int fractionalDigits) {
        return new ColumnType(ColumnType.Kind.TIME_TZ, 0, fractionalDigits, 0, List.of());
    }

    /** A timestamp without time zone with the given fractional-second digits. */
    public static ColumnType timestamp(int fractionalDigits) {
        return new ColumnType(ColumnType.Kind.TIMESTAMP, 0, fractionalDigits, 0, List.of());
    }

    /** A timestamp that stores an instant (UTC-normalised) with the given fractional-second digits. */
    public static ColumnType timestampTz(int fractionalDigits) {
        return new ColumnType(ColumnType.Kind.TIMESTAMP_TZ, 0, fractionalDigits, 0, List.of());
    }

    public static ColumnType uuid() {
        return ColumnType.of(ColumnType.Kind.UUID);
    }

    /** An enumerated type stored by name; values in declaration order. */
    public static ColumnType enumOf(String... values) {
        return new ColumnType(ColumnType.Kind.ENUM, 0, 0, 0, List.of(values));
    }

    /**
     * An enumerated type stored by name, with the length of the {@code varchar} it becomes where the
     * database has no native enum type (PostgreSQL).
     */
    public static ColumnType enumOf(int length, String... values) {
        return new ColumnType(ColumnType.Kind.ENUM, length, 0, 0, List.of(values));
    }

    public static ColumnType varbinary(int length) {
        return new ColumnType(ColumnType.Kind.VARBINARY, length, 0, 0, List.of());
    }

    public static ColumnType clob() {
        return ColumnType.of(ColumnType.Kind.CLOB);
    }

    /** A character large object of a declared capacity (MySQL picks {@code tinytext} … {@code longtext} from it). */
    public static ColumnType clob(int length) {
        return new ColumnType(ColumnType.Kind.CLOB, length, 0, 0, List.of());
    }

    public static ColumnType blob() {
        return ColumnType.of(ColumnType.Kind.BLOB);
    }

    /** A binary large object of a declared capacity (MySQL picks {@code tinyblob} … {@code longblob} from it). */
    public static ColumnType blob(int length) {
        return new ColumnType(ColumnType.Kind.BLOB, length, 0, 0, List.of());
    }

    /** A JSON document: {@code json}, and {@code jsonb} on PostgreSQL. */
    public static ColumnType json() {
        return ColumnType.of(ColumnType.Kind.JSON);
    }

    /**
     * A database-specific type definition, used verbatim ({@code @Column(columnDefinition = "text")}).
     * It is not portable: each database must understand it.
     */
    public static ColumnType custom(String definition) {
        return new ColumnType(ColumnType.Kind.CUSTOM, 0, 0, 0, List.of(definition));
    }

    /**
     * An array of the element type ({@code String[]}, {@code @JdbcTypeCode(SqlTypes.ARRAY) List<Integer>}):
     * {@code varchar(255) array} on PostgreSQL and H2, {@code json} on MySQL and MariaDB, as Hibernate declares it.
     */
    public static ColumnType array(ColumnType element) {
        return new ColumnType(ColumnType.Kind.ARRAY, 0, 0, 0, List.of(), element, false);
    }

    /** Fixed-length binary of the given bytes ({@code binary(16)}; {@code bytea} on PostgreSQL). */
    public static ColumnType binary(int length) {
        return new ColumnType(ColumnType.Kind.BINARY, length, 0, 0, List.of());
    }

    /** An XML document: {@code xml} on PostgreSQL, {@code clob} on H2, {@code longtext} on MySQL and MariaDB. */
    public static ColumnType xml() {
        return ColumnType.of(ColumnType.Kind.XML);
    }

    /**
     * An embeddable stored as one XML document ({@code @JdbcTypeCode(SqlTypes.SQLXML)} on an embedded
     * attribute): {@code xml} on PostgreSQL, the only database Hibernate stores it on.
     */
    public static ColumnType xmlAggregate() {
        return ColumnType.of(ColumnType.Kind.XML_AGGREGATE);
    }

    /**
     * An embeddable stored as a struct ({@code @Struct(name = "postal_address")}): a column of the
     * user-defined type of that name, which {@link Operations#createType} creates. PostgreSQL only, as
     * in Hibernate.
     */
    public static ColumnType struct(String typeName) {
        return new ColumnType(ColumnType.Kind.STRUCT, 0, 0, 0, List.of(typeName));
    }

    /** SQL's {@code real} ({@code SqlTypes.REAL}): 4 bytes on PostgreSQL and H2, a double on MySQL and MariaDB. */
    public static ColumnType sqlReal() {
        return ColumnType.of(ColumnType.Kind.SQL_REAL);
    }

    /**
     * The database's own timestamp with time zone ({@code SqlTypes.TIMESTAMP_WITH_TIMEZONE}) with the
     * given fractional-second digits: {@code timestamp with time zone} on PostgreSQL and H2, {@code
     * timestamp} on MySQL and MariaDB.
     */
    public static ColumnType timestampTzNative(int fractionalDigits) {
        return new ColumnType(ColumnType.Kind.TIMESTAMP_TZ_NATIVE, 0, fractionalDigits, 0, List.of());
    }

    /**
     * A duration as an SQL interval of seconds ({@code SqlTypes.INTERVAL_SECOND} on a {@code Duration})
     * with Hibernate's defaults: {@code interval second(18,9)} on H2, {@code interval second(6)} on
     * PostgreSQL. MySQL and MariaDB have no interval type (Hibernate declares none there either): a
     * migration with this type is refused on them before anything runs.
     */
    public static ColumnType intervalSecond() {
        return ColumnType.of(ColumnType.Kind.INTERVAL_SECOND);
    }

    /**
     * An interval of seconds with the leading digits and fractional digits {@code @Column(precision,
     * scale)} state: {@code interval second(precision,scale)} on H2, {@code interval second(scale)} on
     * PostgreSQL (at most 6 there).
     */
    public static ColumnType intervalSecond(int precision, int fractionalDigits) {
        if (precision < 1) {
            throw new IllegalArgumentException("an interval's precision must be positive (is " + precision + ")");
        }
        return new ColumnType(ColumnType.Kind.INTERVAL_SECOND, 0, precision, fractionalDigits, List.of());
    }
}

package dev.retort.processor;

import dev.retort.migration.ColumnType;
import dev.retort.migration.Types;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Hibernate's {@code @JdbcTypeCode(SqlTypes.X)} and {@code @JdbcType(XJdbcType.class)}: the column
 * type Hibernate ORM 7 declares for a JDBC type code on an attribute of a given Java type, for the
 * pairs whose DDL is the same kind of column on every supported database (compared with Hibernate's
 * own export in {@code HibernateComparisonTest}). Other pairs have no column type here.
 */
final class JdbcTypes {

    static final int JSON = 3001;
    static final int ARRAY = 2003;
    private static final int REAL = 7;
    private static final int BINARY = -2;
    static final int SQLXML = 2009;
    static final int STRUCT = 2002;
    private static final int TIMESTAMP_WITH_TIMEZONE = 2014;
    private static final int INTERVAL_SECOND = 3100;
    private static final int NCHAR = -15;
    private static final int NVARCHAR = -9;
    private static final int LONGNVARCHAR = -16;
    private static final int NCLOB = 2011;
    private static final int CHAR = 1;
    private static final int VARCHAR = 12;
    private static final int LONGVARCHAR = -1;
    private static final int LONG32VARCHAR = 4001;
    private static final int CLOB = 2005;
    private static final int TINYINT = -6;
    private static final int SMALLINT = 5;
    private static final int INTEGER = 4;
    private static final int BIGINT = -5;
    private static final int BOOLEAN = 16;
    private static final int BIT = -7;
    private static final int VARBINARY = -3;
    private static final int LONGVARBINARY = -4;
    private static final int LONG32VARBINARY = 4003;
    private static final int BLOB = 2004;
    private static final int UUID = 3000;
    private static final int TIMESTAMP = 93;
    private static final int TIMESTAMP_UTC = 3003;
    private static final int NUMERIC = 2;
    private static final int DECIMAL = 3;
    private static final int FLOAT = 6;
    private static final int DOUBLE = 8;
    private static final int DATE = 91;
    private static final int TIME = 92;
    /** Hibernate's length of a UUID stored as text. */
    private static final int UUID_TEXT_LENGTH = 36;
    /** Hibernate's {@code Length.LONG} and {@code Length.LONG32}: the default lengths of the long types. */
    private static final int LONG_LENGTH = 32600;

    private static final int LONG32_LENGTH = Integer.MAX_VALUE;

    /** Hibernate's concrete {@code JdbcType}s by simple name, and the type code each stands for. */
    private static final Map<String, Integer> JDBC_TYPE_CLASSES = Map.ofEntries(
            Map.entry("CharJdbcType", CHAR),
            Map.entry("VarcharJdbcType", VARCHAR),
            Map.entry("LongVarcharJdbcType", LONGVARCHAR),
            Map.entry("TinyIntJdbcType", TINYINT),
            Map.entry("SmallIntJdbcType", SMALLINT),
            Map.entry("IntegerJdbcType", INTEGER),
            Map.entry("BigIntJdbcType", BIGINT),
            Map.entry("BooleanJdbcType", BOOLEAN),
            Map.entry("BitJdbcType", BIT),
            Map.entry("VarbinaryJdbcType", VARBINARY),
            Map.entry("LongVarbinaryJdbcType", LONGVARBINARY),
            Map.entry("TimestampJdbcType", TIMESTAMP),
            Map.entry("NumericJdbcType", NUMERIC),
            Map.entry("DecimalJdbcType", DECIMAL),
            Map.entry("DoubleJdbcType", DOUBLE),
            Map.entry("FloatJdbcType", FLOAT),
            Map.entry("DateJdbcType", DATE),
            Map.entry("TimeJdbcType", TIME),
            Map.entry("LocalDateTimeJdbcType", TIMESTAMP),
            // the Instant types declare the column of an Instant: Hibernate's TIMESTAMP_UTC
            Map.entry("InstantAsTimestampJdbcType", TIMESTAMP_UTC),
            Map.entry("InstantAsTimestampWithTimeZoneJdbcType", TIMESTAMP_UTC),
            Map.entry("TimestampUtcAsInstantJdbcType", TIMESTAMP_UTC),
            Map.entry("RealJdbcType", REAL),
            Map.entry("BinaryJdbcType", BINARY),
            Map.entry("UuidAsBinaryJdbcType", BINARY),
            Map.entry("TimestampWithTimeZoneJdbcType", TIMESTAMP_WITH_TIMEZONE),
            Map.entry("OffsetDateTimeJdbcType", TIMESTAMP_WITH_TIMEZONE),
            Map.entry("ZonedDateTimeJdbcType", TIMESTAMP_WITH_TIMEZONE),
            Map.entry("NCharJdbcType", NCHAR),
            Map.entry("NVarcharJdbcType", NVARCHAR),
            Map.entry("LongNVarcharJdbcType", LONGNVARCHAR));

    /**
     * PostgreSQL's JSON {@code JdbcType}s (ThingsBoard's documents): their columns are declared with the JSON
     * code, {@code jsonb} on PostgreSQL and the database's JSON type elsewhere.
     */
    private static final List<String> POSTGRESQL_JSON = List.of(
            "org.hibernate.dialect.type.PostgreSQLJsonPGObjectJsonbType",
            "org.hibernate.dialect.type.PostgreSQLJsonPGObjectJsonType");

    /**
     * The databases' own interval {@code JdbcType}s: their columns are declared with the {@code INTERVAL_SECOND}
     * code on every database (Hibernate's {@code getDefaultSqlTypeCode}), so none on MySQL and MariaDB.
     */
    private static final List<String> DIALECT_INTERVALS = List.of(
            "org.hibernate.dialect.type.PostgreSQLIntervalSecondJdbcType",
            "org.hibernate.dialect.type.PostgreSQLCastingIntervalSecondJdbcType",
            "org.hibernate.dialect.type.H2DurationIntervalSecondJdbcType");

    private static final List<String> INTEGRAL =
            List.of("java.lang.Byte", "java.lang.Short", "java.lang.Integer", "java.lang.Long", "java.lang.Boolean");
    private static final List<String> TIMESTAMPS = List.of(
            "java.time.Instant",
            "java.time.LocalDateTime",
            "java.time.OffsetDateTime",
            "java.time.ZonedDateTime",
            "java.util.Date",
            "java.sql.Timestamp");

    /** The types a DATE code fits: a date, or a {@code java.util.Date} of which it keeps the date. */
    private static final List<String> TEMPORALS = List.of("java.time.LocalDate", "java.sql.Date", "java.util.Date");

    private static final List<String> TIMES = List.of("java.time.LocalTime", "java.sql.Time");

    /** The types Hibernate declares a {@code TIMESTAMP_WITH_TIMEZONE} column for (checked against its export). */
    private static final List<String> ZONED_TIMESTAMPS = List.of(
            "java.time.Instant", "java.time.LocalDateTime", "java.time.OffsetDateTime", "java.time.ZonedDateTime");

    /** Hibernate's length of a UUID stored as bytes. */
    private static final int UUID_BYTES = 16;

    private JdbcTypes() {}

    /** The type code a {@code @JdbcType(X.class)} stands for, or null for a class Retort does not know. */
    static Integer code(TypeElement jdbcType) {
        if (jdbcType != null
                && POSTGRESQL_JSON.contains(jdbcType.getQualifiedName().toString())) {
            return JSON;
        }
        if (jdbcType != null
                && DIALECT_INTERVALS.contains(jdbcType.getQualifiedName().toString())) {
            return INTERVAL_SECOND;
        }
        if (jdbcType == null
                || !jdbcType.getQualifiedName().toString().startsWith("org.hibernate.type.descriptor.jdbc.")) {
            return null;
        }
        return JDBC_TYPE_CLASSES.get(jdbcType.getSimpleName().toString());
    }

    /** True for the codes of integral columns, where an ordinal enum keeps its range check. */
    static boolean integral(int code) {
        return code == TINYINT || code == SMALLINT || code == INTEGER || code == BIGINT;
    }

    /**
     * The column type for a code on a value of the Java type, the column's length, precision and
     * scale applied as Hibernate applies them; null when Retort does not know the pair.
     */
    static ColumnType columnType(int code, TypeMirror javaType, TypeMapping.Settings settings) {
        Integer length = settings.length();
        String name = name(javaType);
        boolean string = "java.lang.String".equals(name);
        boolean bytes = javaType.getKind() == TypeKind.ARRAY
                && ((ArrayType) javaType).getComponentType().getKind() == TypeKind.BYTE;
        boolean integral = javaType.getKind().isPrimitive()
                        && javaType.getKind() != TypeKind.CHAR
                        && javaType.getKind() != TypeKind.FLOAT
                        && javaType.getKind() != TypeKind.DOUBLE
                || INTEGRAL.contains(name)
                || TypeMapping.isEnum(javaType);
        boolean bool = javaType.getKind() == TypeKind.BOOLEAN || "java.lang.Boolean".equals(name);
        boolean uuid = "java.util.UUID".equals(name);
        boolean floating = javaType.getKind() == TypeKind.DOUBLE
                || javaType.getKind() == TypeKind.FLOAT
                || "java.lang.Double".equals(name)
                || "java.lang.Float".equals(name);
        return switch (code) {
            // a UUID as text is 36 characters long, a boolean as a character one
            case VARCHAR ->
                string
                        ? Types.varchar(length == null ? TypeMapping.DEFAULT_LENGTH : length)
                        : uuid ? Types.varchar(length == null ? UUID_TEXT_LENGTH : length) : null;
            case CHAR ->
                string
                        ? Types.fixedChar(length == null ? TypeMapping.DEFAULT_LENGTH : length)
                        : uuid
                                ? Types.fixedChar(length == null ? UUID_TEXT_LENGTH : length)
                                : bool ? Types.fixedChar(length == null ? 1 : length) : null;
            // the numeric types keep the Java type's own precision and scale (38,2 for BigDecimal)
            case NUMERIC, DECIMAL -> {
                if (!"java.math.BigDecimal".equals(name) && !"java.math.BigInteger".equals(name)) {
                    yield null;
                }
                int scale = "java.math.BigDecimal".equals(name) ? TypeMapping.DEFAULT_DECIMAL_SCALE : 0;
                yield settings.precision() > 0
                        ? Types.decimal(settings.precision(), settings.scale())
                        : Types.decimal(TypeMapping.DEFAULT_DECIMAL_PRECISION, scale);
            }
            // float(53) for both, as for a double without a code; a stated precision is left to RT111
            case DOUBLE, FLOAT -> floating && settings.precision() == 0 ? Types.doublePrecision() : null;
            // SQL's real: a double on MySQL and MariaDB, 4 bytes elsewhere
            case REAL -> floating && settings.precision() == 0 ? Types.sqlReal() : null;
            case TIMESTAMP_WITH_TIMEZONE ->
                ZONED_TIMESTAMPS.contains(name) ? Types.timestampTzNative(settings.digits(6)) : null;
            // Hibernate applies @Column(precision, scale) only with a precision; otherwise each database's defaults
            case INTERVAL_SECOND ->
                "java.time.Duration".equals(name)
                        ? settings.precision() > 0
                                ? Types.intervalSecond(settings.precision(), settings.scale())
                                : Types.intervalSecond()
                        : null;
            case BINARY ->
                bytes
                        ? Types.binary(length == null ? TypeMapping.DEFAULT_LENGTH : length)
                        : uuid ? Types.binary(length == null ? UUID_BYTES : length) : null;
            case SQLXML -> string ? Types.xml() : null;
            case NVARCHAR ->
                string
                        ? Types.varchar(length == null ? TypeMapping.DEFAULT_LENGTH : length)
                                .asNational()
                        : null;
            case NCHAR ->
                string
                        ? Types.fixedChar(length == null ? TypeMapping.DEFAULT_LENGTH : length)
                                .asNational()
                        : null;
            // the long and LOB national types: the plain ones as national types (character set utf8mb4 on MySQL)
            case LONGNVARCHAR ->
                string ? Types.varchar(length == null ? LONG_LENGTH : length).asNational() : null;
            case NCLOB -> string ? Types.clob().asNational() : null;
            case DATE -> TEMPORALS.contains(name) ? Types.date() : null;
            case TIME -> TIMES.contains(name) ? Types.time(settings.digits(0)) : null;
            case TIMESTAMP_UTC -> "java.time.Instant".equals(name) ? Types.timestampTz(settings.digits(6)) : null;
            case LONGVARCHAR -> string ? Types.varchar(length == null ? LONG_LENGTH : length) : null;
            case LONG32VARCHAR -> string ? Types.varchar(length == null ? LONG32_LENGTH : length) : null;
            case CLOB -> string ? Types.clob() : null;
            case TINYINT -> integral ? Types.tinyint() : null;
            case SMALLINT -> integral ? Types.smallint() : null;
            case INTEGER -> integral ? Types.integer() : null;
            case BIGINT -> integral ? Types.bigint() : null;
            case BOOLEAN, BIT -> bool ? Types.bool() : null;
            case VARBINARY ->
                bytes
                        ? Types.varbinary(length == null ? TypeMapping.DEFAULT_LENGTH : length)
                        : uuid ? Types.varbinary(length == null ? UUID_BYTES : length) : null;
            case LONGVARBINARY -> bytes ? Types.varbinary(length == null ? LONG_LENGTH : length) : null;
            case LONG32VARBINARY -> bytes ? Types.varbinary(length == null ? LONG32_LENGTH : length) : null;
            case BLOB -> bytes ? Types.blob() : null;
            case UUID -> "java.util.UUID".equals(name) ? Types.uuid() : null;
            case TIMESTAMP -> TIMESTAMPS.contains(name) ? Types.timestamp(6) : null;
            default -> null;
        };
    }

    private static String name(TypeMirror type) {
        return type instanceof DeclaredType d
                ? ((TypeElement) d.asElement()).getQualifiedName().toString()
                : type.toString();
    }
}

package dev.retort.processor;

import static dev.retort.migration.Types.bigint;
import static dev.retort.migration.Types.blob;
import static dev.retort.migration.Types.bool;
import static dev.retort.migration.Types.clob;
import static dev.retort.migration.Types.date;
import static dev.retort.migration.Types.decimal;
import static dev.retort.migration.Types.doublePrecision;
import static dev.retort.migration.Types.enumOf;
import static dev.retort.migration.Types.fixedChar;
import static dev.retort.migration.Types.integer;
import static dev.retort.migration.Types.json;
import static dev.retort.migration.Types.real;
import static dev.retort.migration.Types.smallint;
import static dev.retort.migration.Types.time;
import static dev.retort.migration.Types.timeTz;
import static dev.retort.migration.Types.timestamp;
import static dev.retort.migration.Types.timestampTz;
import static dev.retort.migration.Types.tinyint;
import static dev.retort.migration.Types.uuid;
import static dev.retort.migration.Types.varbinary;
import static dev.retort.migration.Types.varchar;

import dev.retort.migration.ColumnType;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * The one place that decides which column type a Java type gets, following Hibernate ORM 7's
 * defaults (checked against the DDL it exports). Kept apart so the exact Hibernate types can be
 * adjusted without touching the binder.
 */
final class TypeMapping {

    static final int DEFAULT_LENGTH = 255;
    static final int DEFAULT_DECIMAL_PRECISION = 38;
    static final int DEFAULT_DECIMAL_SCALE = 2;
    /** Hibernate stores a {@code Duration} as nanoseconds in {@code numeric(21)}. */
    static final int DURATION_PRECISION = 21;
    /** More constants than this and an ordinal enum needs a {@code smallint}. */
    private static final int TINYINT_ENUM_CONSTANTS = 128;

    private static final int TIMESTAMP_DIGITS = 6;

    /**
     * What the mapping annotations say about a column's type.
     *
     * @param length          the length stated by {@code @Column(length)} or Bean Validation, or null
     * @param columnPresent   {@code @Column} is there (its default length then applies to LOBs)
     * @param precision       {@code @Column(precision)} or {@code @Digits}, 0 when not given
     * @param scale           {@code @Column(scale)} or {@code @Digits}, 0 when not given
     * @param secondPrecision {@code @Column(secondPrecision)}, or null
     * @param enumByName      {@code @Enumerated(EnumType.STRING)}
     * @param lob             {@code @Lob}
     * @param temporal        {@code @Temporal} value ({@code DATE}, {@code TIME}, {@code TIMESTAMP}), or null
     * @param json            {@code @JdbcTypeCode(SqlTypes.JSON)}
     */
    record Settings(
            Integer length,
            boolean columnPresent,
            int precision,
            int scale,
            Integer secondPrecision,
            boolean enumByName,
            boolean lob,
            String temporal,
            boolean json) {

        static final Settings DEFAULT = new Settings(null, false, 0, 0, null, false, false, null, false);

        int lengthOr(int defaultLength) {
            return length == null ? defaultLength : length;
        }

        /** A LOB's declared capacity: 0 (the largest) unless a {@code @Column} states one, even by default. */
        int lobLength() {
            return length != null ? length : columnPresent ? DEFAULT_LENGTH : 0;
        }

        int digits(int defaultDigits) {
            return secondPrecision == null ? defaultDigits : secondPrecision;
        }
    }

    private final Elements elements;
    private final javax.lang.model.util.Types types;
    private final TypeMirror serializable;
    private final Map<TypeElement, String> qualifiedNames = new IdentityHashMap<>();

    TypeMapping(Elements elements, javax.lang.model.util.Types types) {
        this.elements = elements;
        this.types = types;
        TypeElement s = elements.getTypeElement("java.io.Serializable");
        this.serializable = s == null ? null : s.asType();
    }

    /** The column type, or null when the Java type has none. */
    ColumnType columnType(TypeMirror type, Settings settings) {
        if (settings.json()) {
            return json();
        }
        return switch (type.getKind()) {
            case BOOLEAN -> bool();
            case BYTE -> tinyint();
            case SHORT -> smallint();
            case INT -> integer();
            case LONG -> bigint();
            case CHAR -> fixedChar(settings.lengthOr(1));
            case FLOAT -> real();
            case DOUBLE -> doublePrecision();
            case ARRAY -> array((ArrayType) type, settings);
            case DECLARED -> declared((DeclaredType) type, settings);
            default -> null;
        };
    }

    private ColumnType array(ArrayType type, Settings settings) {
        TypeKind component = type.getComponentType().getKind();
        if (component == TypeKind.BYTE) {
            return settings.lob() ? blob(settings.lobLength()) : varbinary(settings.lengthOr(DEFAULT_LENGTH));
        }
        if (component == TypeKind.CHAR) {
            return settings.lob() ? clob(settings.lobLength()) : varchar(settings.lengthOr(DEFAULT_LENGTH));
        }
        return null;
    }

    private ColumnType declared(DeclaredType type, Settings settings) {
        TypeElement element = (TypeElement) type.asElement();
        if (element.getKind() == ElementKind.ENUM) {
            List<String> constants = enumConstants(element);
            if (settings.enumByName()) {
                int length = settings.lengthOr(DEFAULT_LENGTH);
                return enumOf(length == DEFAULT_LENGTH ? 0 : length, constants.toArray(String[]::new));
            }
            return constants.size() > TINYINT_ENUM_CONSTANTS ? smallint() : tinyint();
        }
        String temporal = settings.temporal();
        return switch (qualifiedName(element)) {
            case "java.lang.String" ->
                settings.lob() ? clob(settings.lobLength()) : varchar(settings.lengthOr(DEFAULT_LENGTH));
            case "java.lang.Boolean" -> bool();
            case "java.lang.Byte" -> tinyint();
            case "java.lang.Short" -> smallint();
            case "java.lang.Integer" -> integer();
            case "java.lang.Long" -> bigint();
            case "java.lang.Character" -> fixedChar(settings.lengthOr(1));
            case "java.lang.Float" -> real();
            case "java.lang.Double" -> doublePrecision();
            // the scale is only taken from @Column when the precision is given too, as Hibernate does
            case "java.math.BigDecimal" ->
                settings.precision() > 0
                        ? decimal(settings.precision(), settings.scale())
                        : decimal(DEFAULT_DECIMAL_PRECISION, DEFAULT_DECIMAL_SCALE);
            case "java.math.BigInteger" ->
                settings.precision() > 0
                        ? decimal(settings.precision(), settings.scale())
                        : decimal(DEFAULT_DECIMAL_PRECISION, 0);
            case "java.time.LocalDate", "java.sql.Date" -> date();
            case "java.time.LocalTime", "java.sql.Time" -> time(settings.digits(0));
            case "java.time.OffsetTime" -> timeTz(settings.digits(0));
            case "java.time.LocalDateTime", "java.sql.Timestamp" -> timestamp(settings.digits(TIMESTAMP_DIGITS));
            case "java.util.Date", "java.util.Calendar", "java.util.GregorianCalendar" ->
                temporal == null || temporal.equals("TIMESTAMP")
                        ? timestamp(settings.digits(TIMESTAMP_DIGITS))
                        : temporal.equals("DATE") ? date() : time(settings.digits(0));
            case "java.time.Instant", "java.time.OffsetDateTime", "java.time.ZonedDateTime" ->
                timestampTz(settings.digits(TIMESTAMP_DIGITS));
            case "java.time.Duration" -> decimal(DURATION_PRECISION, 0);
            case "java.time.Year" -> integer();
            case "java.time.ZoneOffset" -> varchar(6);
            case "java.util.Currency" -> varchar(3);
            case "java.time.ZoneId", "java.util.TimeZone", "java.util.Locale", "java.net.URL", "java.lang.Class" ->
                varchar(settings.lengthOr(DEFAULT_LENGTH));
            case "java.util.UUID" -> uuid();
            case "java.sql.Clob", "java.sql.NClob" -> clob(settings.lobLength());
            case "java.sql.Blob" -> blob(settings.lobLength());
            // wrapper arrays are an error in Hibernate 6.2+ unless configured
            default -> serializable(type, settings);
        };
    }

    /**
     * A type's qualified name, decoded once per type: javac decodes a {@code Name} anew on every
     * {@code toString()}, and the same dozen types come back for every column.
     */
    String qualifiedName(TypeElement type) {
        String name = qualifiedNames.get(type);
        if (name == null) {
            name = type.getQualifiedName().toString();
            qualifiedNames.put(type, name);
        }
        return name;
    }

    /** Hibernate serializes any other {@code Serializable} value into a binary column. */
    private ColumnType serializable(DeclaredType type, Settings settings) {
        if (serializable == null || !types.isAssignable(types.erasure(type), serializable) || isCollection(type)) {
            return null;
        }
        return settings.lob() ? blob(settings.lobLength()) : varbinary(settings.lengthOr(DEFAULT_LENGTH));
    }

    /**
     * The array column of a basic array's (or an array-coded collection's) element type: the element's
     * own column type, for the element types whose arrays Hibernate's export was checked for; null
     * for others ({@code Byte[]} and {@code Character[]} are no arrays to Hibernate 7 either).
     */
    ColumnType arrayOf(TypeMirror element, Settings settings) {
        boolean known = switch (element.getKind()) {
            case BOOLEAN, SHORT, INT, LONG, FLOAT, DOUBLE -> true;
            case DECLARED ->
                isEnum(element)
                        || ARRAY_ELEMENTS.contains(((TypeElement) ((DeclaredType) element).asElement())
                                .getQualifiedName()
                                .toString());
            default -> false;
        };
        ColumnType type = known ? columnType(element, settings) : null;
        return type == null ? null : dev.retort.migration.Types.array(type);
    }

    /** The element types of basic arrays compared with Hibernate's export. */
    private static final java.util.Set<String> ARRAY_ELEMENTS = java.util.Set.of(
            "java.lang.String",
            "java.lang.Boolean",
            "java.lang.Short",
            "java.lang.Integer",
            "java.lang.Long",
            "java.lang.Float",
            "java.lang.Double",
            "java.math.BigDecimal",
            "java.util.UUID",
            "java.time.LocalDate",
            "java.time.LocalDateTime",
            "java.time.Instant");

    boolean isCollection(TypeMirror type) {
        for (String name : List.of("java.util.Collection", "java.util.Map")) {
            TypeElement e = elements.getTypeElement(name);
            if (e != null && types.isAssignable(types.erasure(type), types.erasure(e.asType()))) {
                return true;
            }
        }
        return false;
    }

    /** An ordinal enum's check: {@code col between 0 and n-1}, or null for other types. */
    static String ordinalCheck(TypeMirror type, String column) {
        if (type instanceof DeclaredType d && d.asElement().getKind() == ElementKind.ENUM) {
            int n = enumConstants((TypeElement) d.asElement()).size();
            return column + " between 0 and " + (n - 1);
        }
        return null;
    }

    static boolean isEnum(TypeMirror type) {
        return type instanceof DeclaredType d && d.asElement().getKind() == ElementKind.ENUM;
    }

    static List<String> enumConstants(TypeElement enumType) {
        List<String> constants = new ArrayList<>();
        for (Element e : enumType.getEnclosedElements()) {
            if (e.getKind() == ElementKind.ENUM_CONSTANT) {
                constants.add(e.getSimpleName().toString());
            }
        }
        return java.util.Collections.unmodifiableList(constants);
    }
}

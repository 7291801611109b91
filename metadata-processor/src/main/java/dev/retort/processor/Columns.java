package dev.retort.processor;

import dev.retort.core.model.Column;
import dev.retort.core.model.Index;
import dev.retort.migration.ColumnType;
import dev.retort.migration.Types;
import dev.retort.processor.Binder.Binding;
import dev.retort.processor.Binder.Ctx;
import dev.retort.processor.EntityScanner.Entity;
import dev.retort.processor.EntityScanner.Member;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Plain columns: a basic attribute's name, type (converters, enums, LOBs, temporal types, sizes,
 * {@code columnDefinition}), nullability, default, comment and checks, and how a column joins a
 * table another mapping already put columns in.
 */
final class Columns {

    /** The binary digits of a {@code real} and of a {@code double precision}. */
    private static final int REAL_BITS = 24;

    private static final int DOUBLE_BITS = 53;
    /**
     * The values Hibernate's own Boolean converters store, which it lists in a check. (For other
     * converters of Booleans it runs the converter to find them; a compiler cannot.)
     */
    static final Map<String, String> BOOLEAN_CONVERTER_VALUES = Map.of(
            "org.hibernate.type.YesNoConverter", "'N','Y'",
            "org.hibernate.type.TrueFalseConverter", "'F','T'",
            "org.hibernate.type.NumericBooleanConverter", "0,1");

    private final BindContext bind;

    Columns(BindContext bind) {
        this.bind = bind;
    }

    /** The logical name of a basic member's column: {@code @Column(name)} or the attribute name. */
    String logicalName(Member m, Ctx ctx) {
        AnnotationMirror column = columnAnnotation(m, ctx);
        String name = Jpa.string(column, "name");
        return name.isEmpty() ? m.name() : name;
    }

    private AnnotationMirror columnAnnotation(Member m, Ctx ctx) {
        AnnotationMirror override = ctx.columnOverrides().get(ctx.path() + m.name());
        return override != null ? override : m.get(Jpa.COLUMN);
    }

    static String logicalOf(Binding b, String physical) {
        return b.logicalNames.getOrDefault(physical.toLowerCase(Locale.ROOT), physical);
    }

    /**
     * Whether a Hibernate annotation of {@link Jpa#UNSUPPORTED_HIBERNATE} is mapped on this member after
     * all: {@code @Nationalized} (the column type is the one without it; see docs/mapping.md for MySQL's
     * character set) and {@code @TimeZoneStorage} with a strategy that declares the same columns on every
     * database, with its {@code @TimeZoneColumn}.
     */
    static boolean mapped(Member m, String annotation) {
        return switch (annotation) {
            case Jpa.H_NATIONALIZED, Jpa.H_ANY, Jpa.H_MANY_TO_ANY -> true;
            // Hibernate refuses it on a @OneToMany; the inverse side's join table belongs to the owning side
            case Jpa.H_SOFT_DELETE ->
                m.has(Jpa.ELEMENT_COLLECTION)
                        || m.has(Jpa.MANY_TO_MANY)
                                && Jpa.string(m.get(Jpa.MANY_TO_MANY), "mappedBy")
                                        .isEmpty();
            case Jpa.H_TIME_ZONE_STORAGE -> timeZoneStorage(m) != null;
            case Jpa.H_TIME_ZONE_COLUMN -> offsetColumn(m);
            default -> false;
        };
    }

    /**
     * The {@code @TimeZoneStorage} strategy Retort maps, or null. {@code NATIVE} on a timestamp is the
     * database's own timestamp with time zone ({@code timestamp(6)} on MySQL and MariaDB), one logical type
     * each dialect renders; on an {@code OffsetTime} Hibernate declares {@code time with time zone}, which
     * MySQL and MariaDB do not have. {@code AUTO} (the annotation's default) is {@code COLUMN} on
     * PostgreSQL, MySQL and MariaDB and {@code NATIVE} on H2, as Hibernate resolves it from each dialect's
     * time zone support: the value's column is the type without it everywhere (on H2 that is the native
     * type already), and the offset column is {@linkplain Column#absentOn absent on} H2.
     */
    private static String timeZoneStorage(Member m) {
        String storage = strategy(m);
        boolean nativeTime = "NATIVE".equals(storage) && "java.time.OffsetTime".equals(typeName(m));
        return m.has(Jpa.H_TIME_ZONE_STORAGE)
                        && !nativeTime
                        && List.of("AUTO", "DEFAULT", "NORMALIZE", "NORMALIZE_UTC", "COLUMN", "NATIVE")
                                .contains(storage)
                ? storage
                : null;
    }

    /**
     * True when the strategy keeps the offset in a column of its own: {@code COLUMN}, and {@code AUTO} but on
     * H2, on the three types Hibernate has a composite type for; on any other type (an {@code Instant}, a
     * collection) it adds none ({@code TimeZoneStorageHelper.resolveTimeZoneStorageCompositeUserType}).
     */
    private static boolean offsetColumn(Member m) {
        String storage = timeZoneStorage(m);
        return ("COLUMN".equals(storage) || "AUTO".equals(storage))
                && List.of("java.time.OffsetDateTime", "java.time.ZonedDateTime", "java.time.OffsetTime")
                        .contains(typeName(m));
    }

    /** The strategy of {@code @TimeZoneStorage}: {@code AUTO} when it names none, as in Hibernate. */
    private static String strategy(Member m) {
        return Jpa.constant(m.get(Jpa.H_TIME_ZONE_STORAGE), "value", "AUTO");
    }

    private static String typeName(Member m) {
        return m.type() instanceof javax.lang.model.type.DeclaredType d
                ? ((TypeElement) d.asElement()).getQualifiedName().toString()
                : m.type().toString();
    }

    /** The mapping an RT111 names for a Hibernate annotation: {@code @TimeZoneStorage(NATIVE) on java.time.OffsetTime}. */
    static String describe(Member m, String annotation) {
        return Jpa.H_TIME_ZONE_STORAGE.equals(annotation)
                ? "@TimeZoneStorage(" + strategy(m) + ")" + ("NATIVE".equals(strategy(m)) ? " on " + typeName(m) : "")
                : "@" + annotation.substring(2);
    }

    /**
     * A zoned type under {@code @TimeZoneStorage(NORMALIZE)} is stored in the JVM's zone: no time zone;
     * under {@code NATIVE} a timestamp is the database's own timestamp with time zone.
     */
    private static ColumnType zoned(Member m, ColumnType type) {
        if ("NATIVE".equals(timeZoneStorage(m)) && type.kind() == ColumnType.Kind.TIMESTAMP_TZ) {
            return Types.timestampTzNative(type.precision());
        }
        if (!"NORMALIZE".equals(timeZoneStorage(m))) {
            return type;
        }
        return switch (type.kind()) {
            case TIMESTAMP_TZ -> Types.timestamp(type.precision());
            case TIME_TZ -> Types.time(type.precision());
            default -> type;
        };
    }

    /**
     * {@code @TimeZoneStorage(COLUMN)}: Hibernate keeps the offset in seconds in an {@code integer}
     * column beside the value, {@code @TimeZoneColumn(name)} or the column's logical name with
     * {@code _tz}, NOT NULL when the value's column is. {@code AUTO} does the same except on H2, whose
     * time zone support is native ({@code TimeZoneStorageHelper.useColumnForTimeZoneStorage}).
     */
    private void timeZoneColumn(Member m, Ctx ctx, TableDraft table, String logical, boolean nullable, String source) {
        if (!offsetColumn(m)) {
            return;
        }
        AnnotationMirror zone = m.get(Jpa.H_TIME_ZONE_COLUMN);
        String definition = Jpa.string(zone, "columnDefinition");
        String name = bind.physical(Jpa.string(zone, "name").isEmpty() ? logical + "_tz" : Jpa.string(zone, "name"));
        Column c = new Column(
                name,
                definition.isBlank() ? Types.integer() : Types.custom(definition.trim()),
                nullable,
                false,
                null,
                null,
                source,
                null,
                "AUTO".equals(timeZoneStorage(m)) ? Set.of("h2") : Set.of());
        boolean writable = Jpa.bool(zone, "insertable", true) || Jpa.bool(zone, "updatable", true);
        addColumn(
                table,
                c,
                new TableDraft.Mapping(ctx.owner().entity.qualifiedName, source, writable),
                m.element(),
                zone);
    }

    private static boolean unnamed(AnnotationMirror column) {
        return column != null && Jpa.string(column, "name").isEmpty();
    }

    /** A plain column: type, nullability, default, comment, checks; added to its table. Null on a problem. */
    Column basic(Member m, Ctx ctx) {
        return basic(m, ctx, m.type());
    }

    /** As {@link #basic(Member, Ctx)}, for a value of the given type (a collection's element). */
    Column basic(Member m, Ctx ctx, TypeMirror valueType) {
        String source = ctx.source(m.name());
        AnnotationMirror column = columnAnnotation(m, ctx);
        if (!validSizes(m, column, source)) {
            return null;
        }
        TypeMirror javaType = valueType;
        boolean converted = false;
        AnnotationMirror convert = m.get(Jpa.CONVERT);
        TypeElement converter = convert == null || Jpa.bool(convert, "disableConversion", false)
                ? null
                : Jpa.typeElement(convert, "converter");
        if (converter == null && (convert == null || !Jpa.bool(convert, "disableConversion", false))) {
            converter = bind.converters.autoApplied(javaType);
        }
        if (converter != null) {
            TypeMirror database = bind.converters.converterType(converter, 1);
            if (database == null) {
                bind.problem(Message.CONVERTER_TYPE, m.element(), convert, source, converter.getQualifiedName());
                return null;
            }
            javaType = database;
            converted = true;
        }
        ColumnType type = columnType(m, javaType, column, converted, ctx, source);
        if (type == null) {
            return null;
        }
        int length = Jpa.integer(column, "length", TypeMapping.DEFAULT_LENGTH);
        if (length <= 0 && hasLength(type)) {
            // Hibernate ignores the length of columns that have none (dates, numbers, a columnDefinition)
            bind.problem(Message.LENGTH_NOT_POSITIVE, m.element(), column, source, length);
            return null;
        }
        if ("AUTO".equals(timeZoneStorage(m)) && offsetColumn(m)) {
            List<String> differs = ignoredWithOffsetColumn(m, ctx, column);
            if (!differs.isEmpty()) {
                bind.problem(
                        Message.UNSUPPORTED_MAPPING,
                        m.element(),
                        m.get(Jpa.H_TIME_ZONE_STORAGE),
                        source,
                        "@TimeZoneStorage(AUTO) with " + String.join(", ", differs),
                        "Hibernate applies it on H2, where AUTO is NATIVE, and ignores it on PostgreSQL, MySQL and"
                                + " MariaDB, where the offset has a column of its own and only a named @Column states"
                                + " NOT NULL: write @Column(name = \"...\", nullable = false) instead, or choose"
                                + " COLUMN");
                return null;
            }
        }
        return addBasicColumn(m, ctx, column, type, javaType, converted, source);
    }

    /**
     * What Hibernate ignores on an attribute whose offset has a column of its own: it builds the value's
     * column from a named {@code @Column} as it is, and from an unnamed one takes only the precisions
     * ({@code AbstractPropertyHolder.createTemporalColumn}); {@code @Basic(optional = false)} and Bean
     * Validation's {@code @NotNull} do not reach the two columns either (checked by the comparison).
     */
    private List<String> ignoredWithOffsetColumn(Member m, Ctx ctx, AnnotationMirror column) {
        List<String> ignored = new ArrayList<>();
        if (unnamed(column)) {
            if (!Jpa.bool(column, "nullable", true)) {
                ignored.add("an unnamed @Column(nullable = false)");
            }
            if (Jpa.bool(column, "unique", false)) {
                ignored.add("an unnamed @Column(unique = true)");
            }
        }
        if (!Jpa.bool(m.get(Jpa.BASIC), "optional", true)) {
            ignored.add("@Basic(optional = false)");
        }
        if (ctx.bvNotNull() && bind.validation.notNull(m)) {
            ignored.add("@NotNull");
        }
        return ignored;
    }

    /** The column type of a basic member, or null after reporting why there is none. */
    ColumnType columnType(
            Member m, TypeMirror javaType, AnnotationMirror column, boolean converted, Ctx ctx, String source) {
        String definition = Jpa.string(column, "columnDefinition");
        if (!definition.isBlank()) {
            return Types.custom(definition.trim());
        }
        TypeMapping.Settings settings = settings(m, column, javaType, converted, ctx);
        AnnotationMirror jdbc = m.has(Jpa.H_JDBC_TYPE_CODE) ? m.get(Jpa.H_JDBC_TYPE_CODE) : m.get(Jpa.H_JDBC_TYPE);
        Integer code = jdbcTypeCode(m);
        boolean arrayCoded = code != null
                && code == JdbcTypes.ARRAY
                && (javaType.getKind() == TypeKind.ARRAY || bind.typeMapping.isCollection(javaType));
        if (!settings.json() && (arrayCoded || code == null && basicArray(javaType))) {
            return array(m, jdbc, javaType, settings, source);
        }
        String struct = structName(m);
        if (struct != null
                && (code == null || code == JdbcTypes.STRUCT)
                && javaType instanceof DeclaredType d
                && (m.has(Jpa.EMBEDDED) || bind.scanner.isEmbeddable((TypeElement) d.asElement()))) {
            // an embeddable stored as a struct: a column of its user-defined type
            return Types.struct(struct);
        }
        if (code != null
                && code == JdbcTypes.SQLXML
                && (m.has(Jpa.EMBEDDED)
                        || javaType instanceof DeclaredType d
                                && bind.scanner.isEmbeddable((TypeElement) d.asElement()))) {
            // an embeddable stored as one XML document
            return Types.xmlAggregate();
        }
        if (jdbc != null && (code == null || code != JdbcTypes.JSON)) {
            ColumnType type = code == null ? null : JdbcTypes.columnType(code, javaType, settings);
            if (type == null) {
                String what = m.has(Jpa.H_JDBC_TYPE_CODE)
                        ? "@JdbcTypeCode(" + code + ")"
                        : "@JdbcType(" + Jpa.typeElement(jdbc, "value") + ")";
                bind.problem(
                        Message.UNSUPPORTED_MAPPING,
                        m.element(),
                        jdbc,
                        source,
                        what + " on " + javaType,
                        "give its column type with @Column(columnDefinition = \"...\"), which Retort uses verbatim");
            }
            return type;
        }
        if (isFloatingPoint(javaType) && Jpa.integer(column, "precision", 0) != 0) {
            return floatingPoint(m, column, source);
        }
        ColumnType type = bind.typeMapping.columnType(javaType, settings);
        if (type == null) {
            if (javaType.getKind() != TypeKind.ERROR) {
                bind.problem(Message.UNSUPPORTED_TYPE, m.element(), null, source, javaType);
            }
            return null;
        }
        return nationalized(m, zoned(m, type));
    }

    /** An array of anything but bytes and characters (which are binary and text columns). */
    private static boolean basicArray(TypeMirror javaType) {
        if (javaType.getKind() != TypeKind.ARRAY) {
            return false;
        }
        TypeMirror component = ((javax.lang.model.type.ArrayType) javaType).getComponentType();
        // Byte[] and Character[] are wrapper arrays, which Hibernate 7 refuses unless configured (RT112)
        return component.getKind() != TypeKind.BYTE
                && component.getKind() != TypeKind.CHAR
                && !List.of("java.lang.Byte", "java.lang.Character").contains(component.toString());
    }

    /**
     * A basic array ({@code String[]}) or a collection under {@code @JdbcTypeCode(SqlTypes.ARRAY)}: an
     * array column of the element's type, for the element types Hibernate's export was checked for;
     * null after reporting any other.
     */
    private ColumnType array(
            Member m, AnnotationMirror jdbc, TypeMirror javaType, TypeMapping.Settings settings, String source) {
        TypeMirror element = null;
        if (javaType instanceof javax.lang.model.type.ArrayType a) {
            element = a.getComponentType();
        } else if (javaType instanceof DeclaredType d
                && d.getTypeArguments().size() == 1
                && bind.typeMapping.isCollection(d)) {
            element = d.getTypeArguments().get(0);
        }
        ColumnType type = element == null ? null : bind.typeMapping.arrayOf(element, settings);
        if (type == null && javaType.getKind() != TypeKind.ERROR) {
            bind.problem(
                    Message.UNSUPPORTED_MAPPING,
                    m.element(),
                    jdbc,
                    source,
                    "an array of " + (element == null ? javaType : element),
                    "give its column type with @Column(columnDefinition = \"...\"), which Retort uses verbatim, or"
                            + " map the values with @ElementCollection");
        }
        return type;
    }

    /** {@code @Nationalized}: a national character type, which MySQL declares {@code character set utf8mb4}. */
    private static ColumnType nationalized(Member m, ColumnType type) {
        return m.has(Jpa.H_NATIONALIZED)
                        && (type.kind() == ColumnType.Kind.VARCHAR
                                || type.kind() == ColumnType.Kind.CHAR
                                || type.kind() == ColumnType.Kind.CLOB)
                ? type.asNational()
                : type;
    }

    TypeMapping.Settings settings(Member m, AnnotationMirror column, TypeMirror javaType, boolean converted, Ctx ctx) {
        // a length that is not positive is reported where the type has a length, and ignored where it has none
        Integer length = Jpa.has(column, "length") && Jpa.integer(column, "length", TypeMapping.DEFAULT_LENGTH) > 0
                ? Jpa.integer(column, "length", TypeMapping.DEFAULT_LENGTH)
                : null;
        int precision = Jpa.integer(column, "precision", 0);
        int scale = Jpa.integer(column, "scale", 0);
        if (ctx != null && ctx.bvActive()) {
            Integer max = bind.validation.sizeMax(m, javaType);
            if (max != null) {
                length = max;
            }
            AnnotationMirror digits = bind.validation.get(m, "v:Digits");
            if (digits != null) {
                precision = Jpa.integer(digits, "integer", 0) + Jpa.integer(digits, "fraction", 0);
                scale = Jpa.integer(digits, "fraction", 0);
            }
        }
        Integer secondPrecision = Jpa.has(column, "secondPrecision") && Jpa.integer(column, "secondPrecision", -1) >= 0
                ? Jpa.integer(column, "secondPrecision", 0)
                : null;
        boolean byName = !converted
                && Jpa.constant(m.get(Jpa.ENUMERATED), "value", "ORDINAL").equals("STRING");
        String temporal = Jpa.constant(m.get(Jpa.TEMPORAL), "value", null);
        Integer code = jdbcTypeCode(m);
        boolean json = code != null && code == JdbcTypes.JSON;
        return new TypeMapping.Settings(
                length, column != null, precision, scale, secondPrecision, byName, m.has(Jpa.LOB), temporal, json);
    }

    /**
     * A floating-point column with {@code @Column(precision)}: Hibernate turns the decimal digits into
     * binary ones, {@code float(ceil(p * log2 10))}, which every database stores as {@code real} up to
     * 24 bits and as {@code double precision} up to 53; more bits than that no database accepts (null
     * after reporting it). A scale Hibernate ignores.
     */
    private ColumnType floatingPoint(Member m, AnnotationMirror column, String source) {
        int precision = Jpa.integer(column, "precision", 0);
        int bits = (int) Math.ceil(precision * Math.log(10) / Math.log(2));
        if (bits > DOUBLE_BITS) {
            bind.problem(
                    Message.FLOATING_POINT_SIZE,
                    m.element(),
                    column,
                    source,
                    "precision = " + precision,
                    "Hibernate would declare float(" + bits + "), more than the " + DOUBLE_BITS
                            + " bits any database accepts");
            return null;
        }
        return bits <= REAL_BITS ? Types.real() : Types.doublePrecision();
    }

    /**
     * The name Hibernate gives the struct type of an embedded value: {@code @Struct(name)} on the attribute,
     * else on the embeddable, qualified by its {@code schema} (and {@code catalog}) when given; null when
     * neither has {@code @Struct}.
     */
    String structName(Member m) {
        AnnotationMirror struct = m.get(Jpa.H_STRUCT);
        if (struct == null && m.type() instanceof DeclaredType d) {
            struct = bind.scanner.annotations(d.asElement()).get(Jpa.H_STRUCT);
        }
        if (struct == null) {
            return null;
        }
        String name = Jpa.string(struct, "name");
        String schema = Jpa.string(struct, "schema");
        String catalog = Jpa.string(struct, "catalog");
        if (!catalog.isBlank()) {
            return catalog + "." + schema + "." + name;
        }
        return schema.isBlank() ? name : schema + "." + name;
    }

    /** {@code @Struct(attributes)}, the order of the type's attributes the mapping states; empty when none. */
    List<String> structAttributes(Member m) {
        AnnotationMirror struct = m.get(Jpa.H_STRUCT);
        if (struct == null && m.type() instanceof DeclaredType d) {
            struct = bind.scanner.annotations(d.asElement()).get(Jpa.H_STRUCT);
        }
        return struct == null ? List.of() : Jpa.strings(struct, "attributes");
    }

    /**
     * The JDBC type code that makes an embedded value one aggregate column instead of a column per
     * attribute of the embeddable ({@code @JdbcTypeCode(SqlTypes.JSON)}, {@code SQLXML}, {@code STRUCT} on
     * the attribute), or null.
     */
    static Integer aggregate(Member m) {
        Integer code = jdbcTypeCode(m);
        return code != null && (code == JdbcTypes.JSON || code == JdbcTypes.SQLXML || code == JdbcTypes.STRUCT)
                ? code
                : null;
    }

    /** The JDBC type code of {@code @JdbcTypeCode} or of a known {@code @JdbcType} class; null when neither is there or known. */
    private static Integer jdbcTypeCode(Member m) {
        AnnotationMirror code = m.get(Jpa.H_JDBC_TYPE_CODE);
        if (code != null) {
            return Jpa.integer(code, "value", 0);
        }
        AnnotationMirror type = m.get(Jpa.H_JDBC_TYPE);
        return type == null ? null : JdbcTypes.code(Jpa.typeElement(type, "value"));
    }

    private boolean isFloatingPoint(TypeMirror type) {
        return switch (type.getKind()) {
            case FLOAT, DOUBLE -> true;
            case DECLARED -> {
                String name = bind.typeMapping.qualifiedName((TypeElement) ((DeclaredType) type).asElement());
                yield name.equals("java.lang.Float") || name.equals("java.lang.Double");
            }
            default -> false;
        };
    }

    private boolean validSizes(Member m, AnnotationMirror column, String source) {
        boolean valid = true;
        int precision = Jpa.integer(column, "precision", 0);
        int scale = Jpa.integer(column, "scale", 0);
        if (precision < 0) {
            bind.problem(Message.NEGATIVE_SIZE, m.element(), column, source, "precision", precision);
            valid = false;
        }
        if (scale < 0) {
            bind.problem(Message.NEGATIVE_SIZE, m.element(), column, source, "scale", scale);
            valid = false;
        }
        if (precision > 0 && scale > precision) {
            bind.problem(Message.SCALE_EXCEEDS_PRECISION, m.element(), column, source, scale, precision);
            valid = false;
        }
        return valid;
    }

    /** A column type whose size is the {@code @Column(length)}. */
    private static boolean hasLength(ColumnType type) {
        return switch (type.kind()) {
            case VARCHAR, CHAR, VARBINARY, BINARY, CLOB, BLOB, ENUM -> true;
            default -> false;
        };
    }

    private Column addBasicColumn(
            Member m,
            Ctx ctx,
            AnnotationMirror column,
            ColumnType type,
            TypeMirror javaType,
            boolean converted,
            String source) {
        boolean primitive = m.type().getKind().isPrimitive();
        // under @TimeZoneStorage(COLUMN) only a named @Column states NOT NULL (see ignoredWithOffsetColumn)
        boolean composite = "COLUMN".equals(timeZoneStorage(m)) && offsetColumn(m);
        boolean explicitNotNull = !Jpa.bool(column, "nullable", true) && !(composite && unnamed(column));
        boolean optionalFalse = !Jpa.bool(m.get(Jpa.BASIC), "optional", true) && !composite;
        boolean bvNotNull = ctx.bvNotNull() && bind.validation.notNull(m) && !composite;
        // Hibernate makes a primitive's column NOT NULL only when it builds the column itself: not under @Column
        // and a @TenantId column is always NOT NULL
        boolean implicitNotNull =
                (primitive && !ctx.embedded() && column == null) || optionalFalse || m.has(Jpa.H_TENANT_ID);
        boolean notNull =
                ctx.key() || explicitNotNull || forcedNotNull(m) || !ctx.guarded() && (implicitNotNull || bvNotNull);
        String logical = logicalName(m, ctx);
        String name = bind.physical(logical);
        AnnotationMirror renamed = m.get(Jpa.RENAMED_FROM);
        Column c = new Column(
                name,
                type,
                !notNull,
                false,
                Jpa.string(m.get(Jpa.H_COLUMN_DEFAULT), "value").isEmpty()
                        ? null
                        : Jpa.string(m.get(Jpa.H_COLUMN_DEFAULT), "value"),
                Jpa.string(m.get(Jpa.H_COMMENT), "value").isEmpty() ? null : Jpa.string(m.get(Jpa.H_COMMENT), "value"),
                source,
                renamed == null ? null : Jpa.string(renamed, "value"));
        TableDraft table = tableFor(m, ctx, column, source);
        if (table == null) {
            return null;
        }
        boolean writable = Jpa.bool(column, "insertable", true) || Jpa.bool(column, "updatable", true);
        Column added = addColumn(
                table,
                c,
                new TableDraft.Mapping(ctx.owner().entity.qualifiedName, source, writable),
                m.element(),
                column);
        if (added == null) {
            return null;
        }
        ctx.owner().logical(logical, name);
        // Hibernate's subclass check leaves out the attributes of embeddables
        if (ctx.guarded() && !ctx.embedded() && !explicitNotNull && implicitNotNull) {
            ctx.guarded(m.name(), name);
        }
        if (Jpa.bool(column, "unique", false)
                && !ctx.key()
                && !("COLUMN".equals(timeZoneStorage(m)) && offsetColumn(m) && unnamed(column))) {
            table.index(new Index(ConstraintNames.uniqueKey(table.local(), name), List.of(name), true, source));
        }
        if (m.has(Jpa.H_NATURAL_ID) && ctx.path().isEmpty()) {
            ctx.owner().naturalId.put(m.name(), List.of(name));
        }
        checks(m, ctx, column, table, name, javaType, converted);
        timeZoneColumn(m, ctx, table, logical, c.nullable(), source);
        return added;
    }

    /** The table a column goes into: the context's, or a secondary table named by {@code @Column(table)}. */
    private TableDraft tableFor(Member m, Ctx ctx, AnnotationMirror column, String source) {
        String secondary = Jpa.string(column, "table");
        if (secondary.isEmpty() || ctx.table() == null) {
            return ctx.table();
        }
        Binding b = ctx.owner();
        for (Entity e = b.entity; e != null; e = e.parent) {
            TableDraft t = bind.binding(e).secondaryTables.get(secondary.toLowerCase(Locale.ROOT));
            if (t != null) {
                bind.keys.secondaryKey(bind.binding(e), t);
                return t;
            }
        }
        if (secondary.equalsIgnoreCase(ctx.table().name)
                || bind.naming
                        .physical(BindContext.logicalTableName(b.entity))
                        .equalsIgnoreCase(bind.physical(secondary))) {
            return ctx.table();
        }
        bind.problem(Message.UNKNOWN_SECONDARY_TABLE, m.element(), column, source, secondary, b.entity.simpleName);
        return null;
    }

    /** Column checks: ordinal enum range, {@code @Column(check)}, Hibernate's {@code @Check}, {@code @Min}/{@code @Max}. */
    private void checks(
            Member m,
            Ctx ctx,
            AnnotationMirror column,
            TableDraft table,
            String name,
            TypeMirror javaType,
            boolean converted) {
        if (!converted
                && TypeMapping.isEnum(javaType)
                && !Jpa.constant(m.get(Jpa.ENUMERATED), "value", "ORDINAL").equals("STRING")
                && (jdbcTypeCode(m) == null || JdbcTypes.integral(jdbcTypeCode(m)))) {
            table.columnCheck(name, TypeMapping.ordinalCheck(javaType, name));
        }
        TypeElement converter = converted ? Jpa.typeElement(m.get(Jpa.CONVERT), "converter") : null;
        String values = converter == null
                ? null
                : BOOLEAN_CONVERTER_VALUES.get(converter.getQualifiedName().toString());
        if (values != null) {
            table.columnCheck(name, name + " in (" + values + ")");
        } else if (!converted
                && bind.hibernate.atLeast(HibernateLine.V7_3)
                && Integer.valueOf(java.sql.Types.CHAR).equals(jdbcTypeCode(m))
                && isBoolean(javaType)) {
            // since 7.3 a boolean stored as one character ('T' or 'F') lists them in a check
            table.columnCheck(name, name + " in ('F','T')");
        }
        for (AnnotationMirror check : Jpa.annotations(column, "check")) {
            table.columnCheck(name, Jpa.string(check, "constraint"));
        }
        for (AnnotationMirror check : Jpa.repeated(m.annotations(), Jpa.H_CHECK, Jpa.H_CHECKS)) {
            table.columnCheck(name, Jpa.string(check, "constraints"));
        }
        if (ctx.bvActive()) {
            AnnotationMirror min = bind.validation.get(m, "v:Min");
            if (min != null) {
                table.columnCheck(name, name + ">=" + Jpa.longValue(min, "value", 0));
            }
            AnnotationMirror max = bind.validation.get(m, "v:Max");
            if (max != null) {
                table.columnCheck(name, name + "<=" + Jpa.longValue(max, "value", 0));
            }
        }
    }

    /**
     * Columns a Hibernate line declares NOT NULL whatever the mapping says (even under
     * {@code @Column(nullable = true)} or in a single-table subclass): since 7.3 a {@code @Version}
     * column; since 7.4 the column of a timestamp generated on insert ({@code @CreationTimestamp},
     * {@code @UpdateTimestamp}, {@code @CurrentTimestamp} unless its events leave out INSERT).
     */
    private boolean forcedNotNull(Member m) {
        if (bind.hibernate.atLeast(HibernateLine.V7_3) && m.has(Jpa.VERSION)) {
            return true;
        }
        if (!bind.hibernate.atLeast(HibernateLine.V7_4)) {
            return false;
        }
        if (m.has(Jpa.H_CREATION_TIMESTAMP) || m.has(Jpa.H_UPDATE_TIMESTAMP)) {
            return true;
        }
        AnnotationMirror current = m.get(Jpa.H_CURRENT_TIMESTAMP);
        if (current == null) {
            return false;
        }
        List<String> events = Jpa.constants(current, "event");
        return events.isEmpty() || events.contains("INSERT");
    }

    private static boolean isBoolean(TypeMirror type) {
        return type.getKind() == TypeKind.BOOLEAN || type.toString().equals("java.lang.Boolean");
    }

    /**
     * Adds a column to a table, or checks it against the mapping already there: the same entity
     * mapping a column twice is an error unless one mapping is read-only; two entities must agree.
     * Returns the column in the table, or null after a problem.
     */
    Column addColumn(TableDraft table, Column c, TableDraft.Mapping mapping, Element element, AnnotationMirror at) {
        Column existing = table.column(c.name());
        if (existing == null) {
            table.put(c, mapping);
            return c;
        }
        TableDraft.Mapping before = table.mapping(c.name());
        boolean sameEntity = before.entity().equals(mapping.entity());
        if (sameEntity && before.writable() && mapping.writable()) {
            bind.problem(
                    Message.DUPLICATE_COLUMN,
                    element,
                    at,
                    mapping.source(),
                    c.name(),
                    table.name,
                    before.source().equals(mapping.source()) ? "another attribute of that name" : before.source());
            return null;
        }
        if (!existing.type().equals(c.type())) {
            conflict(table, c, mapping, element, at, before, "column '" + c.name() + "'", c.type(), existing.type());
            return null;
        }
        if (existing.nullable() != c.nullable() && !sameEntity && !isHierarchy(before.entity(), mapping.entity())) {
            // Hibernate keeps the column as the mapping it binds first defines it (entities in name order)
            return existing;
        }
        if (!mapping.writable() || !before.writable()) {
            if (existing.nullable() && !c.nullable() && mapping.writable()) {
                table.replace(c);
            }
        }
        return existing;
    }

    private boolean isHierarchy(String a, String b) {
        Entity ea = bind.scanner.entity(bind.elements.getTypeElement(a));
        Entity eb = bind.scanner.entity(bind.elements.getTypeElement(b));
        return ea != null && eb != null && ea.root() == eb.root();
    }

    private void conflict(
            TableDraft table,
            Column c,
            TableDraft.Mapping mapping,
            Element element,
            AnnotationMirror at,
            TableDraft.Mapping before,
            String what,
            Object here,
            Object there) {
        Entity self = bind.scanner.entity(bind.elements.getTypeElement(mapping.entity()));
        bind.problem(
                Message.TABLE_CONFLICT,
                element,
                at,
                self == null ? mapping.source() : self.simpleName,
                table.name,
                before.source(),
                what,
                here,
                there);
    }
}

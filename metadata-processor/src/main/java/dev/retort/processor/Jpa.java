package dev.retort.processor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * The mapping annotations, matched by name so none of their APIs has to be on the processor path:
 * JPA in both the {@code jakarta.persistence} and the {@code javax.persistence} namespace (keyed by
 * simple name, {@code "Column"}), Hibernate's DDL annotations ({@code "h:Check"}), Bean Validation
 * constraints in both namespaces and Hibernate Validator's ({@code "v:NotNull"}), and Retort's
 * {@code @RenamedFrom} ({@code "RenamedFrom"}).
 */
final class Jpa {

    static final String JAKARTA = "jakarta.persistence.";
    static final String JAVAX = "javax.persistence.";
    private static final String HIBERNATE = "org.hibernate.annotations.";
    private static final List<String> VALIDATION = List.of(
            "jakarta.validation.constraints.", "javax.validation.constraints.", "org.hibernate.validator.constraints.");
    private static final String RETORT_RENAMED_FROM = "dev.retort.migration.RenamedFrom";
    private static final Set<String> VALID = Set.of("jakarta.validation.Valid", "javax.validation.Valid");

    static final String ENTITY = "Entity";
    static final String MAPPED_SUPERCLASS = "MappedSuperclass";
    static final String EMBEDDABLE = "Embeddable";
    static final String CONVERTER = "Converter";
    static final String TABLE = "Table";
    static final String ID = "Id";
    static final String EMBEDDED_ID = "EmbeddedId";
    static final String ID_CLASS = "IdClass";
    static final String MAPS_ID = "MapsId";
    static final String COLUMN = "Column";
    static final String BASIC = "Basic";
    static final String TRANSIENT = "Transient";
    static final String GENERATED_VALUE = "GeneratedValue";
    static final String SEQUENCE_GENERATOR = "SequenceGenerator";
    static final String SEQUENCE_GENERATORS = "SequenceGenerators";
    static final String TABLE_GENERATOR = "TableGenerator";
    static final String TABLE_GENERATORS = "TableGenerators";
    static final String ENUMERATED = "Enumerated";
    static final String TEMPORAL = "Temporal";
    static final String LOB = "Lob";
    static final String VERSION = "Version";
    static final String CONVERT = "Convert";
    static final String ACCESS = "Access";
    static final String EMBEDDED = "Embedded";
    static final String ATTRIBUTE_OVERRIDE = "AttributeOverride";
    static final String ATTRIBUTE_OVERRIDES = "AttributeOverrides";
    static final String ASSOCIATION_OVERRIDE = "AssociationOverride";
    static final String ASSOCIATION_OVERRIDES = "AssociationOverrides";
    static final String INHERITANCE = "Inheritance";
    static final String DISCRIMINATOR_COLUMN = "DiscriminatorColumn";
    static final String DISCRIMINATOR_VALUE = "DiscriminatorValue";
    static final String PRIMARY_KEY_JOIN_COLUMN = "PrimaryKeyJoinColumn";
    static final String PRIMARY_KEY_JOIN_COLUMNS = "PrimaryKeyJoinColumns";
    static final String SECONDARY_TABLE = "SecondaryTable";
    static final String SECONDARY_TABLES = "SecondaryTables";
    static final String MANY_TO_ONE = "ManyToOne";
    static final String ONE_TO_ONE = "OneToOne";
    static final String ONE_TO_MANY = "OneToMany";
    static final String MANY_TO_MANY = "ManyToMany";
    static final String ELEMENT_COLLECTION = "ElementCollection";
    static final String JOIN_COLUMN = "JoinColumn";
    static final String JOIN_COLUMNS = "JoinColumns";
    static final String JOIN_TABLE = "JoinTable";
    static final String COLLECTION_TABLE = "CollectionTable";
    static final String ORDER_COLUMN = "OrderColumn";
    static final String MAP_KEY_COLUMN = "MapKeyColumn";
    static final String MAP_KEY = "MapKey";
    static final String MAP_KEY_ENUMERATED = "MapKeyEnumerated";
    static final String MAP_KEY_TEMPORAL = "MapKeyTemporal";
    static final String MAP_KEY_JOIN_COLUMN = "MapKeyJoinColumn";
    static final String MAP_KEY_JOIN_COLUMNS = "MapKeyJoinColumns";
    static final String MAP_KEY_CLASS = "MapKeyClass";

    static final String H_CHECK = "h:Check";
    static final String H_CHECKS = "h:Checks";
    static final String H_COLUMN_DEFAULT = "h:ColumnDefault";
    static final String H_COMMENT = "h:Comment";
    static final String H_JDBC_TYPE_CODE = "h:JdbcTypeCode";
    static final String H_JDBC_TYPE = "h:JdbcType";
    static final String H_ON_DELETE = "h:OnDelete";
    static final String H_FORMULA = "h:Formula";
    static final String H_NATURAL_ID = "h:NaturalId";
    static final String H_SOFT_DELETE = "h:SoftDelete";
    static final String H_STRUCT = "h:Struct";
    static final String H_ANY = "h:Any";
    static final String H_MANY_TO_ANY = "h:ManyToAny";
    static final String H_ANY_DISCRIMINATOR = "h:AnyDiscriminator";
    static final String H_ANY_KEY_JAVA_CLASS = "h:AnyKeyJavaClass";
    static final String H_ANY_KEY_JAVA_TYPE = "h:AnyKeyJavaType";
    static final String H_ANY_KEY_JDBC_TYPE = "h:AnyKeyJdbcType";
    static final String H_ANY_KEY_JDBC_TYPE_CODE = "h:AnyKeyJdbcTypeCode";
    static final String H_NATIONALIZED = "h:Nationalized";
    static final String H_TIME_ZONE_STORAGE = "h:TimeZoneStorage";
    static final String H_TIME_ZONE_COLUMN = "h:TimeZoneColumn";
    static final String H_TENANT_ID = "h:TenantId";
    static final String H_CREATION_TIMESTAMP = "h:CreationTimestamp";
    static final String H_UPDATE_TIMESTAMP = "h:UpdateTimestamp";
    static final String H_CURRENT_TIMESTAMP = "h:CurrentTimestamp";
    static final String H_COLLECTION_ID = "h:CollectionId";
    static final String H_COLLECTION_ID_JDBC_TYPE_CODE = "h:CollectionIdJdbcTypeCode";
    static final String H_COLLECTION_ID_JAVA_CLASS = "h:CollectionIdJavaClass";
    static final String RENAMED_FROM = "RenamedFrom";

    /** The annotation types the processor registers for. */
    static final Set<String> ENTITY_TYPES = Set.of(JAKARTA + ENTITY, JAVAX + ENTITY);

    static final Set<String> CONVERTER_TYPES = Set.of(JAKARTA + CONVERTER, JAVAX + CONVERTER);

    /**
     * Hibernate annotations that change the DDL in ways Retort does not reproduce. Those that only
     * change queries or runtime behaviour ({@code @SQLRestriction}, {@code @BatchSize}, …) are fine.
     */
    static final Map<String, String> UNSUPPORTED_HIBERNATE = unsupported();

    /**
     * Of {@link #UNSUPPORTED_HIBERNATE}, those that only choose the type of one column: on an attribute
     * whose {@code @Column(columnDefinition)} gives that type, Retort (like Hibernate's DDL) uses it verbatim.
     */
    static final Set<String> COLUMN_TYPE_ONLY =
            Set.of("h:Type", "h:JavaType", "h:Nationalized", "h:Array", "h:GeneratedColumn");

    private static final String COLUMN_DEFINITION =
            "give the column's SQL type with @Column(columnDefinition = \"...\")," + " which Retort uses verbatim";

    /** Each annotation, in the order checked, with the workaround that unblocks it. */
    /** Why a struct is captured on an entity's own embedded attribute only. */
    static final String STRUCT_ELSEWHERE =
            "Retort captures a struct on an entity's or embeddable's own attribute only (not in a collection, a map"
                    + " key or an identifier): store the embeddable as JSON with @JdbcTypeCode(SqlTypes.JSON), or map"
                    + " it with plain @Embedded columns";

    private static Map<String, String> unsupported() {
        Map<String, String> all = new java.util.LinkedHashMap<>();
        all.put("h:Type", COLUMN_DEFINITION);
        all.put("h:JavaType", COLUMN_DEFINITION);
        all.put("h:Nationalized", COLUMN_DEFINITION);
        all.put(H_ANY, "map its discriminator and key columns as basic attributes and resolve the target in code");
        all.put(
                H_MANY_TO_ANY,
                "map the link table as an entity with the discriminator and key columns as basic attributes");
        all.put("h:Array", COLUMN_DEFINITION);
        all.put(
                "h:TimeZoneStorage",
                "NATIVE on an OffsetTime declares time with time zone, which MySQL and MariaDB do not have: choose"
                        + " AUTO (the default: an offset column on PostgreSQL, MySQL and MariaDB, time with time zone"
                        + " on H2), COLUMN, NORMALIZE_UTC or NORMALIZE");
        all.put(
                "h:TimeZoneColumn",
                "it takes effect with @TimeZoneStorage(TimeZoneStorageType.COLUMN) or AUTO only: add that, or drop"
                        + " @TimeZoneColumn");
        all.put("h:CompositeType", "map the value as an @Embeddable with @Embedded");
        all.put(
                H_SOFT_DELETE,
                "Hibernate soft-deletes an entity, an @ElementCollection or the owning side of a @ManyToMany (it"
                        + " refuses a @OneToMany): put it there (on the target entity for a @OneToMany), or map the"
                        + " flag as an attribute of its own (e.g. @Column(name = \"deleted\") boolean deleted) and"
                        + " filter with @SQLRestriction(\"deleted = false\")");
        all.put(
                "h:GeneratedColumn",
                "give the whole column with @Column(columnDefinition = \"<type> generated always as"
                        + " (...)\"), which Retort uses verbatim");
        all.put("h:DiscriminatorFormula", "map the discriminator with @DiscriminatorColumn");
        all.put("h:JoinFormula", "map the association with @JoinColumn");
        all.put("h:JoinColumnOrFormula", "map the association with @JoinColumn");
        all.put("h:JoinColumnsOrFormulas", "map the association with @JoinColumns");
        return java.util.Collections.unmodifiableMap(all);
    }

    private Jpa() {}

    /** The mapping annotations on {@code element}, keyed as described on the class; usually few. */
    static Map<String, AnnotationMirror> annotations(Element element) {
        Map<String, AnnotationMirror> found = Map.of();
        for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
            String key = key(mirror);
            if (key != null) {
                if (found.isEmpty()) {
                    found = new HashMap<>(4);
                }
                found.put(key, mirror);
            }
        }
        return found;
    }

    /** The key of a mapping annotation, or null when it is none of those the processor reads. */
    static String key(AnnotationMirror mirror) {
        // a handful of annotation types, met on every member: their keys are worked out once each
        Element type = mirror.getAnnotationType().asElement();
        Object key;
        synchronized (KEYS) {
            key = KEYS.get(type);
        }
        if (key == null) {
            key = keyOf(((TypeElement) type).getQualifiedName().toString());
            synchronized (KEYS) {
                KEYS.put(type, key == null ? NO_KEY : key);
            }
        }
        return key == NO_KEY ? null : (String) key;
    }

    private static final Object NO_KEY = new Object();

    /**
     * Keys by annotation type, and names by enum constant. This cache and {@link #VALUES} are plain
     * hash maps (javac's symbols and annotations hash by identity) under a lock, not weak or
     * synchronized wrappers, whose code javac's JVM would otherwise compile for the processor alone;
     * {@link #release()} empties them when a compilation ends, so its symbols are let go with it.
     */
    private static final Map<Element, Object> KEYS = new HashMap<>();

    /** Forgets the cached keys, names and values: called when a compilation's processing ends. */
    static void release() {
        synchronized (KEYS) {
            KEYS.clear();
        }
        synchronized (VALUES) {
            VALUES.clear();
        }
    }

    private static String keyOf(String name) {
        if (name.startsWith(JAKARTA)) {
            return name.substring(JAKARTA.length());
        }
        if (name.startsWith(JAVAX)) {
            return name.substring(JAVAX.length());
        }
        if (name.startsWith(HIBERNATE)) {
            return "h:" + name.substring(HIBERNATE.length());
        }
        for (String prefix : VALIDATION) {
            if (name.startsWith(prefix)) {
                return "v:" + name.substring(prefix.length());
            }
        }
        if (name.equals(RETORT_RENAMED_FROM)) {
            return RENAMED_FROM;
        }
        if (VALID.contains(name)) {
            return "v:Valid";
        }
        return null;
    }

    static String qualifiedName(AnnotationMirror mirror) {
        return ((TypeElement) mirror.getAnnotationType().asElement())
                .getQualifiedName()
                .toString();
    }

    /** Kept for callers that only care about JPA: the simple name, or null when not a JPA annotation. */
    static String simpleName(AnnotationMirror mirror) {
        String key = key(mirror);
        return key == null || key.contains(":") || key.equals(RENAMED_FROM) ? null : key;
    }

    /** The value given explicitly in the source, or null (defaults are the caller's business). */
    static Object value(AnnotationMirror mirror, String attribute) {
        if (mirror == null) {
            return null;
        }
        Map<String, Object> values;
        synchronized (VALUES) {
            values = VALUES.get(mirror);
        }
        if (values == null) {
            values = values(mirror);
            synchronized (VALUES) {
                VALUES.put(mirror, values);
            }
        }
        return values.get(attribute);
    }

    /**
     * An annotation's explicit values by attribute name. javac builds a fresh map on every
     * {@code getElementValues()}, and the binder asks each annotation many questions; see
     * {@link #KEYS} for how long they are kept.
     */
    private static final Map<AnnotationMirror, Map<String, Object>> VALUES = new HashMap<>();

    private static Map<String, Object> values(AnnotationMirror mirror) {
        Map<String, Object> values = new HashMap<>(4);
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
                mirror.getElementValues().entrySet()) {
            values.put(e.getKey().getSimpleName().toString(), e.getValue().getValue());
        }
        return values;
    }

    static boolean has(AnnotationMirror mirror, String attribute) {
        return value(mirror, attribute) != null;
    }

    static String string(AnnotationMirror mirror, String attribute) {
        Object value = value(mirror, attribute);
        return value instanceof String s ? s : "";
    }

    static int integer(AnnotationMirror mirror, String attribute, int defaultValue) {
        Object value = value(mirror, attribute);
        return value instanceof Integer i ? i : defaultValue;
    }

    static long longValue(AnnotationMirror mirror, String attribute, long defaultValue) {
        Object value = value(mirror, attribute);
        return value instanceof Number n ? n.longValue() : defaultValue;
    }

    static boolean bool(AnnotationMirror mirror, String attribute, boolean defaultValue) {
        Object value = value(mirror, attribute);
        return value instanceof Boolean b ? b : defaultValue;
    }

    /** The name of an enum constant value ({@code "IDENTITY"}). */
    static String constant(AnnotationMirror mirror, String attribute, String defaultValue) {
        Object value = value(mirror, attribute);
        if (!(value instanceof VariableElement v)) {
            return defaultValue;
        }
        // the same few constants (IDENTITY, LAZY, STRING…) on every member: decoded once each
        Object name;
        synchronized (KEYS) {
            name = KEYS.get(v);
        }
        if (name == null) {
            name = v.getSimpleName().toString();
            synchronized (KEYS) {
                KEYS.put(v, name);
            }
        }
        return (String) name;
    }

    /** A class-valued attribute, or null when not given (or {@code void.class}). */
    static TypeMirror type(AnnotationMirror mirror, String attribute) {
        Object value = value(mirror, attribute);
        if (value instanceof TypeMirror t && t.getKind() != TypeKind.VOID) {
            return t;
        }
        return null;
    }

    /** A class-valued attribute's class, or null. */
    static TypeElement typeElement(AnnotationMirror mirror, String attribute) {
        TypeMirror t = type(mirror, attribute);
        return t instanceof DeclaredType d ? (TypeElement) d.asElement() : null;
    }

    /** A nested annotation, or null when not given. */
    static AnnotationMirror annotation(AnnotationMirror mirror, String attribute) {
        Object value = value(mirror, attribute);
        return value instanceof AnnotationMirror a ? a : null;
    }

    /** The elements of an array-valued attribute of annotations (a single value counts as one). */
    static List<AnnotationMirror> annotations(AnnotationMirror mirror, String attribute) {
        return elements(mirror, attribute, AnnotationMirror.class);
    }

    /** The elements of an array-valued attribute of strings (a single value counts as one). */
    static List<String> strings(AnnotationMirror mirror, String attribute) {
        return elements(mirror, attribute, String.class);
    }

    /** The names of the enum constants of an array-valued attribute; empty when not given. */
    static List<String> constants(AnnotationMirror mirror, String attribute) {
        List<String> names = new ArrayList<>();
        for (VariableElement v : elements(mirror, attribute, VariableElement.class)) {
            names.add(v.getSimpleName().toString());
        }
        return names;
    }

    private static <T> List<T> elements(AnnotationMirror mirror, String attribute, Class<T> type) {
        Object value = value(mirror, attribute);
        List<T> result = new ArrayList<>();
        if (type.isInstance(value)) {
            result.add(type.cast(value));
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof AnnotationValue v && type.isInstance(v.getValue())) {
                    result.add(type.cast(v.getValue()));
                }
            }
        }
        return result;
    }

    /** True when an array-valued attribute was given with at least one element. */
    static boolean nonEmptyArray(AnnotationMirror mirror, String attribute) {
        Object value = value(mirror, attribute);
        return value instanceof List<?> list && !list.isEmpty();
    }

    /**
     * A repeatable annotation on an element: the single one and those in its container
     * ({@code @JoinColumn} and {@code @JoinColumns({...})}), in source order.
     */
    static List<AnnotationMirror> repeated(Map<String, AnnotationMirror> annotations, String single, String container) {
        List<AnnotationMirror> result = new ArrayList<>();
        AnnotationMirror one = annotations.get(single);
        if (one != null) {
            result.add(one);
        }
        result.addAll(annotations(annotations.get(container), "value"));
        return result;
    }
}

package dev.retort.processor;

/**
 * Every diagnostic the processor reports, with an id that stays stable across releases so users,
 * docs and tests can refer to it. Texts are {@link String#format} patterns. Ids of diagnostics
 * that are no longer reported (RT110, RT113) are not reused.
 */
enum Message {
    INTERNAL_ERROR(
            "RT100",
            "Retort processor failed internally while processing %s: %s; no schema snapshot was"
                    + " written. This is a bug in Retort, please report it with this message"),
    UNKNOWN_NAMING("RT101", "unknown -Aretort.naming=%s; use jpa (the default), spring or snake"),
    UNKNOWN_HIBERNATE(
            "RT130",
            "unknown -Aretort.hibernate=%s; name the Hibernate ORM 7 version the application runs, such as 7.2 or"
                    + " 7.4.13.Final (without the option, the Hibernate on the compile class path decides)"),
    NO_ID("RT102", "entity %s has no @Id; every entity needs an identifier"),
    TABLE_CONFLICT(
            "RT103", "entity %s maps to table '%s', which %s also maps, but they disagree on %s: %s here, %s there"),
    LENGTH_NOT_POSITIVE("RT104", "%s: @Column(length) must be positive, was %d"),
    NEGATIVE_SIZE("RT105", "%s: @Column(%s) must not be negative, was %d"),
    SCALE_EXCEEDS_PRECISION("RT106", "%s: @Column(scale = %d) must not exceed @Column(precision = %d)"),
    MIXED_ID_PLACEMENT(
            "RT107",
            "entity %s has @Id on both a field and a getter; put the mapping annotations"
                    + " either on fields or on getters"),
    DUPLICATE_COLUMN(
            "RT108",
            "%s: column '%s' of table '%s' is already mapped by %s; map it once, or mark the"
                    + " second mapping @Column(insertable = false, updatable = false)"),
    WRITE_FAILED("RT109", "cannot write the schema snapshot %s: %s"),
    UNSUPPORTED_MAPPING("RT111", "%s: mapping %s is not supported yet; %s"),
    UNSUPPORTED_TYPE(
            "RT112",
            "%s: no column type for Java type %s; map it with @Convert(converter = ...),"
                    + " @Embedded, an association or @ElementCollection, or mark it @Transient"),
    UNKNOWN_REFERENCED_COLUMN("RT114", "%s: referencedColumnName = \"%s\" names no column of %s (table '%s')"),
    NOT_AN_ENTITY("RT115", "%s: the target %s of %s is not an @Entity"),
    UNKNOWN_MAPPED_BY("RT116", "%s: mappedBy = \"%s\" names no association attribute of %s"),
    UNKNOWN_CONSTRAINT_COLUMN("RT117", "%s: column '%s' in %s is not a column of table '%s'"),
    CONVERTER_TYPE(
            "RT118",
            "%s: cannot tell the database type of converter %s; it must implement"
                    + " AttributeConverter<X, Y> with a concrete Y"),
    DISCRIMINATOR_VALUE_REQUIRED("RT119", "entity %s has a %s discriminator and needs @DiscriminatorValue"),
    JOIN_COLUMN_COUNT(
            "RT120",
            "%s: %d join column(s) for the %d-column key of %s; give one @JoinColumn per key"
                    + " column, each with referencedColumnName"),
    TABLE_ALREADY_MAPPED("RT121", "%s: table '%s' is already mapped by %s%s; give one of them its own name with %s"),
    SEQUENCE_CONFLICT(
            "RT122", "%s: sequence '%s' starts at %d with increment %d here, but at %d with increment %d" + " in %s"),
    UNKNOWN_SECONDARY_TABLE("RT123", "%s: @Column(table = \"%s\") names no @SecondaryTable of %s"),
    UNKNOWN_OVERRIDE("RT124", "%s: %s(name = \"%s\") names no attribute of %s"),
    DESCENDING_INDEX(
            "RT125",
            "%s: descending column '%s' in a unique index is not supported: Hibernate declares it as the"
                    + " constraint unique (%s), which PostgreSQL rejects; drop DESC (the order does not change what is"
                    + " unique), or make the index non-unique"),
    MAPPED_BY_WITH_JOIN(
            "RT128",
            "%s: @%s(mappedBy = \"%s\") with %s: Hibernate refuses it at boot (\"is 'mappedBy' another entity and"
                    + " may not specify the '%s'\"); the owning side, %s.%s, maps the association: drop the %s from"
                    + " this side"),
    SOFT_DELETE_ON_SUBCLASS(
            "RT131",
            "%s: @SoftDelete on a subclass has no effect: Hibernate ignores it there and soft-deletes a hierarchy"
                    + " only by @SoftDelete on its root entity; move it to %s, or remove it",
            true),
    MAPPED_SUPERCLASS_ANNOTATION(
            "RT132", "%s: %s on a @MappedSuperclass: Hibernate refuses it at boot (\"Mapped superclass '%s' %s\"); %s"),
    JOIN_COLUMN_MUTABILITY(
            "RT133",
            "%s: %s in %s: Hibernate refuses it at boot (\"%s\"); give the join columns of %s the same insertable"
                    + " and updatable: %s"),
    FLOATING_POINT_SIZE(
            "RT127",
            "%s: @Column(%s) on a floating-point attribute: %s; drop it (a double keeps 15"
                    + " digits), or map the attribute as BigDecimal for exact digits");

    private final String id;
    private final String text;
    private final boolean warning;

    Message(String id, String text) {
        this(id, text, false);
    }

    Message(String id, String text, boolean warning) {
        this.id = id;
        this.text = text;
        this.warning = warning;
    }

    /** A warning leaves the compilation and the snapshot alone; everything else is an error. */
    boolean isWarning() {
        return warning;
    }

    String id() {
        return id;
    }

    /** The text users see: {@code [RT104] User.bio: @Column(length) must be positive, was -1}. */
    String format(Object... args) {
        return "[" + id + "] " + String.format(java.util.Locale.ROOT, text, args);
    }
}

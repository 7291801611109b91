package dev.retort.processor;

/**
 * Every diagnostic the processor reports, with an id that stays stable across releases so users,
 * docs and tests can refer to it. Texts are {@link String#format} patterns.
 */
enum Message {

    INTERNAL_ERROR("RT100", "Retort processor failed internally while processing %s: %s; no schema snapshot was"
            + " written. This is a bug in Retort, please report it with this message"),
    UNKNOWN_NAMING("RT101", "unknown -Aretort.naming=%s; use jpa (the default), spring or snake"),
    NO_ID("RT102", "entity %s has no @Id; every entity needs an identifier"),
    DUPLICATE_TABLE("RT103", "entity %s maps to table '%s', which entity %s already maps"),
    LENGTH_NOT_POSITIVE("RT104", "%s: @Column(length) must be positive, was %d"),
    NEGATIVE_SIZE("RT105", "%s: @Column(%s) must not be negative, was %d"),
    SCALE_EXCEEDS_PRECISION("RT106", "%s: @Column(scale = %d) must not exceed @Column(precision = %d)"),
    MIXED_ID_PLACEMENT("RT107", "entity %s has @Id on both a field and a getter; put the mapping annotations"
            + " either on fields or on getters"),
    DUPLICATE_COLUMN("RT108", "%s: column '%s' of table '%s' is already mapped by %s"),
    WRITE_FAILED("RT109", "cannot write the schema snapshot %s: %s"),
    UNSUPPORTED_GENERATION("RT110", "%s: @GeneratedValue(strategy = %s) is not supported yet;"
            + " use @GeneratedValue(strategy = GenerationType.IDENTITY)"),
    UNSUPPORTED_MAPPING("RT111", "%s: mapping %s is not supported yet"),
    UNSUPPORTED_TYPE("RT112", "%s: mapping Java type %s is not supported yet; supported are String, primitives"
            + " and their wrappers, BigDecimal, BigInteger, LocalDate, LocalTime, LocalDateTime, Instant,"
            + " OffsetDateTime, ZonedDateTime, UUID, byte[] and enums"),
    ENTITY_INHERITANCE("RT113", "entity %s extends entity %s: entity inheritance is not supported yet");

    private final String id;
    private final String text;

    Message(String id, String text) {
        this.id = id;
        this.text = text;
    }

    String id() {
        return id;
    }

    /** The text users see: {@code [RT104] User.bio: @Column(length) must be positive, was -1}. */
    String format(Object... args) {
        return "[" + id + "] " + String.format(java.util.Locale.ROOT, text, args);
    }
}

package dev.retort.processor;

import java.util.Locale;
import java.util.Optional;

/**
 * The {@code -Aretort.naming} option: how names the mapping does not state are made up (Hibernate's
 * implicit naming strategy), and how every logical name becomes a physical one (its physical naming
 * strategy), so tables and columns get exactly the names the application's Hibernate uses.
 *
 * <p>The implicit rules are {@code ImplicitNamingStrategyJpaCompliantImpl}'s for all three, except
 * join tables under {@link #SPRING} ({@code SpringImplicitNamingStrategy}: owning table and
 * attribute, not the two tables).
 */
enum Naming {

    /** Hibernate's defaults: names exactly as written. */
    JPA,
    /** Spring Boot: CamelCaseToUnderscoresNamingStrategy and SpringImplicitNamingStrategy. */
    SPRING,
    /** Hibernate's PhysicalNamingStrategySnakeCaseImpl with the JPA-compliant implicit names. */
    SNAKE;

    static final String OPTION = "retort.naming";
    static final String DISCRIMINATOR = "DTYPE";
    static final String SEQUENCE_SUFFIX = "_SEQ";
    static final String TABLE_GENERATOR_TABLE = "hibernate_sequences";

    /** The strategy for an option value; absent (not given) means {@link #JPA}, an unknown value is empty. */
    static Optional<Naming> fromOption(String value) {
        if (value == null || value.isBlank()) {
            return Optional.of(JPA);
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "jpa" -> Optional.of(JPA);
            case "spring" -> Optional.of(SPRING);
            case "snake" -> Optional.of(SNAKE);
            default -> Optional.empty();
        };
    }

    /** The option value that chooses this strategy, as the snapshot records it. */
    String option() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The physical name of a table, column or sequence. The snake strategies apply to explicit names too. */
    String physical(String logical) {
        return this == JPA ? logical : snakeCase(logical);
    }

    /** The implicit join column: {@code <attribute or entity>_<referenced column>}, logical. */
    static String joinColumn(String attributeOrEntity, String referencedColumn) {
        return derived(
                unquoted(attributeOrEntity) + "_" + unquoted(referencedColumn), attributeOrEntity, referencedColumn);
    }

    /**
     * The implicit join table of an association, physical: the owning and the target table under
     * the JPA rules, the owning table and the attribute under Spring's.
     */
    String joinTable(String owningTable, String targetTable, String attribute) {
        return physical(joinTableLogical(owningTable, targetTable, attribute));
    }

    /** {@link #joinTable} before the physical naming: built from the texts of quoted names, itself unquoted. */
    String joinTableLogical(String owningTable, String targetTable, String attribute) {
        String other = this == SPRING ? attribute : targetTable;
        return derived(unquoted(owningTable) + "_" + unquoted(other), owningTable, other);
    }

    /** {@link #collectionTable} before the physical naming. */
    static String collectionTableLogical(String entityName, String attribute) {
        return unquoted(entityName) + "_" + attribute;
    }

    /** The implicit collection table of an {@code @ElementCollection}: {@code <entity>_<attribute>}, physical. */
    String collectionTable(String entityName, String attribute) {
        return physical(collectionTableLogical(entityName, attribute));
    }

    /**
     * True for a name quoted for the database ({@code `order`}, {@code "Order"}): Hibernate keeps
     * such names exactly as written and quotes them in DDL.
     */
    static boolean isQuoted(String name) {
        return name.length() > 1
                && (name.startsWith("`") && name.endsWith("`") || name.startsWith("\"") && name.endsWith("\""));
    }

    /** A name made of others: quoted (in the model's backticks) when one of them is, as Hibernate does. */
    static String derived(String name, String... parts) {
        for (String part : parts) {
            if (isQuoted(part)) {
                return "`" + name + "`";
            }
        }
        return name;
    }

    /** The text of a quoted name, without its quotes. */
    static String unquoted(String name) {
        return isQuoted(name) ? name.substring(1, name.length() - 1) : name;
    }

    /** {@code orderLine} -> {@code order_line}, {@code HTTPServer} -> {@code httpserver}, {@code a.b} -> {@code a_b}. */
    static String snakeCase(String name) {
        StringBuilder b = new StringBuilder(name.replace('.', '_'));
        for (int i = 1; i < b.length() - 1; i++) {
            char before = b.charAt(i - 1);
            char current = b.charAt(i);
            char after = b.charAt(i + 1);
            if ((Character.isLowerCase(before) || Character.isDigit(before))
                    && Character.isUpperCase(current)
                    && (Character.isLowerCase(after) || Character.isDigit(after))) {
                b.insert(i++, '_');
            }
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }
}

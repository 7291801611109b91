package dev.retort.processor;

import java.util.Locale;
import java.util.Optional;

/**
 * The {@code -Aretort.naming} option: how logical names (from annotations, or the class and member
 * names) become physical table and column names, as the matching Hibernate or Spring strategy does.
 */
enum Naming {

    /** Hibernate's defaults: names exactly as written. */
    JPA,
    /** Spring Boot's CamelCaseToUnderscoresNamingStrategy; the same rules as {@link #SNAKE} for tables and columns. */
    SPRING,
    /** Hibernate's PhysicalNamingStrategySnakeCaseImpl. */
    SNAKE;

    static final String OPTION = "retort.naming";

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

    /** The physical name of a table or column. The snake strategies apply to explicit names too. */
    String physical(String logical) {
        return this == JPA ? logical : snakeCase(logical);
    }

    /** {@code orderLine} -> {@code order_line}, {@code HTTPServer} -> {@code httpserver}, {@code a.b} -> {@code a_b}. */
    static String snakeCase(String name) {
        StringBuilder b = new StringBuilder(name.replace('.', '_'));
        for (int i = 1; i < b.length() - 1; i++) {
            char before = b.charAt(i - 1);
            char current = b.charAt(i);
            char after = b.charAt(i + 1);
            if ((Character.isLowerCase(before) || Character.isDigit(before)) && Character.isUpperCase(current)
                    && (Character.isLowerCase(after) || Character.isDigit(after))) {
                b.insert(i++, '_');
            }
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }
}

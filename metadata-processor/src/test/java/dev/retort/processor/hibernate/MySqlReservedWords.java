package dev.retort.processor.hibernate;

import java.util.Locale;
import java.util.Set;
import org.hibernate.boot.model.naming.Identifier;
import org.hibernate.boot.model.naming.PhysicalNamingStrategy;
import org.hibernate.boot.model.naming.PhysicalNamingStrategySnakeCaseImpl;
import org.hibernate.boot.model.naming.PhysicalNamingStrategyStandardImpl;
import org.hibernate.engine.jdbc.env.spi.JdbcEnvironment;

/**
 * The fixture's naming strategy, with the words MySQL 8 reserves and MariaDB does not quoted (the
 * basics fixture has a column {@code rank}, reserved since MySQL 8.0.2), as an application on
 * MySQL 8 must have Hibernate quote them. Retort quotes every name, so its side needs nothing.
 * Quoting every name instead ({@code globally_quoted_identifiers}) would bypass the naming
 * strategies under test.
 */
public final class MySqlReservedWords implements PhysicalNamingStrategy {

    /** Reserved words new in MySQL 8.0 (window functions, CTEs, JSON_TABLE, grouping). */
    private static final Set<String> RESERVED = Set.of(
            "cube",
            "cume_dist",
            "dense_rank",
            "empty",
            "except",
            "first_value",
            "function",
            "grouping",
            "groups",
            "json_table",
            "lag",
            "last_value",
            "lateral",
            "lead",
            "nth_value",
            "ntile",
            "of",
            "over",
            "percent_rank",
            "rank",
            "recursive",
            "row",
            "rows",
            "row_number",
            "system",
            "window");

    private final PhysicalNamingStrategy delegate;

    /** Over Hibernate's default physical naming (the fixtures' {@code jpa} naming). */
    public MySqlReservedWords() {
        this(PhysicalNamingStrategyStandardImpl.INSTANCE);
    }

    MySqlReservedWords(PhysicalNamingStrategy delegate) {
        this.delegate = delegate;
    }

    /** Over Hibernate's snake-case naming (the fixtures' {@code spring} and {@code snake} naming). */
    public static final class SnakeCase implements PhysicalNamingStrategy {
        private final MySqlReservedWords quoted = new MySqlReservedWords(new PhysicalNamingStrategySnakeCaseImpl());

        @Override
        public Identifier toPhysicalCatalogName(Identifier name, JdbcEnvironment env) {
            return quoted.toPhysicalCatalogName(name, env);
        }

        @Override
        public Identifier toPhysicalSchemaName(Identifier name, JdbcEnvironment env) {
            return quoted.toPhysicalSchemaName(name, env);
        }

        @Override
        public Identifier toPhysicalTableName(Identifier name, JdbcEnvironment env) {
            return quoted.toPhysicalTableName(name, env);
        }

        @Override
        public Identifier toPhysicalSequenceName(Identifier name, JdbcEnvironment env) {
            return quoted.toPhysicalSequenceName(name, env);
        }

        @Override
        public Identifier toPhysicalColumnName(Identifier name, JdbcEnvironment env) {
            return quoted.toPhysicalColumnName(name, env);
        }
    }

    private static Identifier quote(Identifier id) {
        return id == null || id.isQuoted() || !RESERVED.contains(id.getText().toLowerCase(Locale.ROOT))
                ? id
                : Identifier.toIdentifier(id.getText(), true);
    }

    @Override
    public Identifier toPhysicalCatalogName(Identifier name, JdbcEnvironment env) {
        return quote(delegate.toPhysicalCatalogName(name, env));
    }

    @Override
    public Identifier toPhysicalSchemaName(Identifier name, JdbcEnvironment env) {
        return quote(delegate.toPhysicalSchemaName(name, env));
    }

    @Override
    public Identifier toPhysicalTableName(Identifier name, JdbcEnvironment env) {
        return quote(delegate.toPhysicalTableName(name, env));
    }

    @Override
    public Identifier toPhysicalSequenceName(Identifier name, JdbcEnvironment env) {
        return quote(delegate.toPhysicalSequenceName(name, env));
    }

    @Override
    public Identifier toPhysicalColumnName(Identifier name, JdbcEnvironment env) {
        return quote(delegate.toPhysicalColumnName(name, env));
    }
}

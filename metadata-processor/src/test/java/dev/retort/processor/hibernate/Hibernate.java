package dev.retort.processor.hibernate;

import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataBuilder;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.model.naming.PhysicalNamingStrategySnakeCaseImpl;
import org.hibernate.boot.registry.BootstrapServiceRegistry;
import org.hibernate.boot.registry.BootstrapServiceRegistryBuilder;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Hibernate ORM 7 over a fixture's entities, configured as an application would be: the database's
 * dialect, the naming strategy the fixture was compiled for, and Bean Validation present (so its
 * constraints reach the DDL). {@code create} exports Hibernate's schema into an empty database;
 * {@code validate} checks a database against the mapping and throws on any mismatch.
 */
final class Hibernate {

    /** Kept referenced so the level sticks: Hibernate's INFO lines would drown the test output. */
    private static final Logger HIBERNATE_LOG = Logger.getLogger("org.hibernate");

    static {
        HIBERNATE_LOG.setLevel(Level.SEVERE);
    }

    private static final ValidatorFactory VALIDATION = Validation.byDefaultProvider()
            .configure()
            .messageInterpolator(new ParameterMessageInterpolator())
            .buildValidatorFactory();

    private Hibernate() {}

    /** Lets Hibernate create its schema in the database. */
    static void create(CompiledFixture fixture, Db db, String url) {
        run(fixture, db, url, "create");
    }

    /** Hibernate's schema validation against the database; throws what Hibernate reports. */
    static void validate(CompiledFixture fixture, Db db, String url) {
        run(fixture, db, url, "validate");
    }

    private static void run(CompiledFixture fixture, Db db, String url, String action) {
        ClassLoader loader = fixture.entities.get(0).getClassLoader();
        Map<String, Object> settings = new HashMap<>();
        settings.put("hibernate.dialect", db.hibernateDialect);
        // on MariaDB through MariaDB's own driver, as applications do: MySQL Connector/J reports MariaDB 10.11
        // as version 5.5.5 and its uuid columns as an unknown type
        settings.put(
                "jakarta.persistence.jdbc.url", db == Db.MARIADB ? url.replace("jdbc:mysql:", "jdbc:mariadb:") : url);
        if (db.user != null) {
            settings.put("jakarta.persistence.jdbc.user", db.user);
            settings.put("jakarta.persistence.jdbc.password", "");
        }
        settings.put("hibernate.hbm2ddl.auto", action);
        settings.put("hibernate.connection.pool_size", "1");
        // a table in another schema: Hibernate creates the schema as Retort's migration does (off by default)
        settings.put("hibernate.hbm2ddl.create_namespaces", "true");
        settings.put("jakarta.persistence.validation.factory", VALIDATION);
        settings.put("hibernate.show_sql", "false");
        String script = System.getProperty("retort.compare.script", "");
        if (!script.isEmpty() && action.equals("create")) {
            // -Dretort.compare.script=<dir> also writes Hibernate's create script there, one file per database
            settings.put("jakarta.persistence.schema-generation.database.action", "create");
            settings.put("jakarta.persistence.schema-generation.scripts.action", "create");
            settings.put(
                    "jakarta.persistence.schema-generation.scripts.create-target",
                    java.nio.file.Path.of(script, db + "-" + System.nanoTime() + ".sql")
                            .toString());
        }
        // a large model with many eager to-one associations (Dataverse) makes Hibernate build its entity
        // loaders for minutes; -Dretort.compare.maxFetchDepth=1 bounds their joins (no effect on the schema)
        String maxFetchDepth = System.getProperty("retort.compare.maxFetchDepth", "");
        if (!maxFetchDepth.isEmpty()) {
            settings.put("hibernate.max_fetch_depth", maxFetchDepth);
        }
        if (fixture.quoteAll) {
            settings.put("hibernate.globally_quoted_identifiers", "true");
            // Retort never quotes a columnDefinition; Hibernate would, breaking most of them on MySQL
            settings.put("hibernate.globally_quoted_identifiers_skip_column_definitions", "true");
        }
        // not halt_on_error: Hibernate's table generator script inserts its 'default' row twice, and the
        // second insert fails; a DDL statement that fails shows up in the comparison anyway
        if (db == Db.MYSQL) {
            // MySQL 8 reserves words MariaDB does not (the basics fixture's column rank); Hibernate quotes them only so
            settings.put(
                    "hibernate.physical_naming_strategy",
                    fixture.naming.equals("jpa")
                            ? MySqlReservedWords.class.getName()
                            : MySqlReservedWords.SnakeCase.class.getName());
        } else if (!fixture.naming.equals("jpa")) {
            settings.put("hibernate.physical_naming_strategy", PhysicalNamingStrategySnakeCaseImpl.class.getName());
        }
        BootstrapServiceRegistry boot =
                new BootstrapServiceRegistryBuilder().applyClassLoader(loader).build();
        StandardServiceRegistry registry =
                new StandardServiceRegistryBuilder(boot).applySettings(settings).build();
        try {
            MetadataSources sources = new MetadataSources(registry);
            fixture.entities.forEach(sources::addAnnotatedClass);
            fixture.converters.forEach(sources::addAnnotatedClass);
            MetadataBuilder metadata = sources.getMetadataBuilder();
            if (fixture.naming.equals("spring")) {
                metadata.applyImplicitNamingStrategy(new SpringImplicitNamingStrategy());
            }
            try (SessionFactory ignored = metadata.build().buildSessionFactory()) {
                // building it runs the schema action
            }
        } finally {
            StandardServiceRegistryBuilder.destroy(registry);
        }
    }
}

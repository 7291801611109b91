package dev.retort.boot;

import dev.retort.core.startup.Retort;

/**
 * Replaces the start-up migration, like Spring Boot's {@code FlywayMigrationStrategy}: a bean of
 * this type is called with the configured {@link Retort.Builder} instead of
 * {@link Retort.Builder#migrate()}, e.g. to log the status first, or to migrate only on one
 * instance. It still runs before JPA starts.
 */
@FunctionalInterface
public interface RetortMigrationStrategy {

    /** Runs (or deliberately does not run) {@code retort.migrate()}. */
    void migrate(Retort.Builder retort);
}

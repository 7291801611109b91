package dev.retort.boot;

import dev.retort.core.startup.Retort;

/**
 * Adjusts the Retort configuration built from the {@code retort.*} properties before it is used,
 * like Spring Boot's {@code FlywayConfigurationCustomizer}: every bean of this type is called, in
 * {@code @Order}, for the start-up migration and for the Actuator status alike.
 */
@FunctionalInterface
public interface RetortConfigurationCustomizer {

    void customize(Retort.Builder builder);
}

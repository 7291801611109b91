package dev.retort.boot;

import dev.retort.core.startup.Retort;
import org.springframework.beans.factory.InitializingBean;

/**
 * Migrates the database when the application context creates it, like Spring Boot's
 * {@code FlywayMigrationInitializer}. The entity manager factory and the JDBC templates depend on
 * this bean ({@link RetortDependsOnPostProcessor}), so JPA only ever sees the migrated schema.
 */
public class RetortMigrationInitializer implements InitializingBean {

    private final RetortConfigurer configurer;
    private final RetortMigrationStrategy strategy;
    private Retort.Result result;

    RetortMigrationInitializer(RetortConfigurer configurer, RetortMigrationStrategy strategy) {
        this.configurer = configurer;
        this.strategy = strategy;
    }

    @Override
    public void afterPropertiesSet() {
        Retort.Builder retort = configurer.builder();
        if (strategy != null) {
            strategy.migrate(retort);
        } else {
            result = retort.migrate();
        }
    }

    /** What the start-up migration did; null when a {@link RetortMigrationStrategy} ran instead. */
    public Retort.Result result() {
        return result;
    }
}

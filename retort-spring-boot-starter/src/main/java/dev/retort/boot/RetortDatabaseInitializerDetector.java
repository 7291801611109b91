package dev.retort.boot;

import java.util.Set;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.sql.init.dependency.DatabaseInitializerDetector;

/**
 * Tells Spring Boot that the {@link RetortMigrationInitializer} initializes the database, as
 * Boot's Flyway support does, so that whatever Boot knows to depend on database initialization
 * (JPA, JDBC templates, Spring Batch, Quartz, sessions) waits for the migration.
 */
class RetortDatabaseInitializerDetector implements DatabaseInitializerDetector {

    @Override
    public Set<String> detect(ConfigurableListableBeanFactory beanFactory) {
        return Set.of(beanFactory.getBeanNamesForType(RetortMigrationInitializer.class, false, false));
    }
}

package dev.retort.boot;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * Migrates the database at start-up, before JPA: the Retort counterpart of Spring Boot's
 * {@code FlywayAutoConfiguration}. Active when the application has a data source or sets
 * {@code retort.url}, unless {@code retort.enabled=false}.
 *
 * <p>Ordering is by class name so that one jar fits Spring Boot 3.5 and 4.0, which moved the
 * data source and Hibernate auto-configurations to other packages; the schema's users wait for
 * the migration through {@link RetortDependsOnPostProcessor}.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration"
        },
        beforeName = {
            "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
            "org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
            "org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration"
        })
@ConditionalOnProperty(prefix = "retort", name = "enabled", matchIfMissing = true)
@Conditional(RetortAutoConfiguration.DatabaseCondition.class)
@EnableConfigurationProperties(RetortProperties.class)
public class RetortAutoConfiguration {

    /** The name of the bean that migrates; everything that uses the schema depends on it. */
    public static final String INITIALIZER = "retortMigrationInitializer";

    @Bean
    @ConditionalOnMissingBean
    RetortConfigurer retortConfigurer(
            RetortProperties properties,
            Environment environment,
            ListableBeanFactory beans,
            ResourceLoader resources,
            ObjectProvider<RetortConfigurationCustomizer> customizers) {
        return new RetortConfigurer(
                properties,
                environment,
                beans,
                resources.getClassLoader(),
                customizers.orderedStream().toList());
    }

    @Bean(INITIALIZER)
    @ConditionalOnMissingBean
    RetortMigrationInitializer retortMigrationInitializer(
            RetortConfigurer configurer, ObjectProvider<RetortMigrationStrategy> strategy) {
        return new RetortMigrationInitializer(configurer, strategy.getIfAvailable());
    }

    /** With spring.main.lazy-initialization the migration still runs at start-up, as Flyway's does. */
    @Bean
    static LazyInitializationExcludeFilter eagerRetortMigration() {
        return LazyInitializationExcludeFilter.forBeanTypes(RetortMigrationInitializer.class);
    }

    @Bean
    static RetortDependsOnPostProcessor retortDependsOnPostProcessor() {
        return new RetortDependsOnPostProcessor(INITIALIZER);
    }

    /** Actuator's {@code /info} shows the current and pending revisions when Actuator is on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.info.InfoContributor")
    static class InfoConfiguration {

        @Bean
        @ConditionalOnMissingBean
        RetortInfoContributor retortInfoContributor(RetortConfigurer configurer) {
            return new RetortInfoContributor(configurer);
        }
    }

    /** A database to migrate: the application's data source, or {@code retort.url}. */
    static final class DatabaseCondition extends AnyNestedCondition {

        DatabaseCondition() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnBean(type = "javax.sql.DataSource")
        static final class DataSourceBean {}

        @ConditionalOnProperty(prefix = "retort", name = "url")
        static final class RetortUrl {}
    }
}

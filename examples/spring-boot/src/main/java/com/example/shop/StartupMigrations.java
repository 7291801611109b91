package com.example.shop;

import dev.retort.core.startup.Retort;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Upgrades the database before JPA starts, so {@code spring.jpa.hibernate.ddl-auto=validate}
 * checks the migrated schema. Retort opens its own short-lived JDBC connection from
 * {@code spring.datasource.*} and closes it; the application's pool never sees migration DDL.
 *
 * <p>A reactive (R2DBC) application has no JDBC data source: give Retort a JDBC URL and
 * credentials for the same database (e.g. {@code retort.url=jdbc:postgresql://db/shop} next to
 * {@code spring.r2dbc.url=r2dbc:postgresql://db/shop}) and call it the same way from a bean the
 * repositories depend on; the JDBC driver is needed on the classpath for that call only.
 */
@Configuration(proxyBeanMethods = false)
class StartupMigrations {

    static final String BEAN = "retortMigrations";

    /** Runs the migrations once, when the bean is created. */
    @Bean(BEAN)
    InitializingBean retortMigrations(Environment env) {
        return () -> Retort.configure()
                .url(env.getRequiredProperty("spring.datasource.url"))
                .username(env.getProperty("spring.datasource.username"))
                .password(env.getProperty("spring.datasource.password"))
                .migrations(StartupMigrations.class.getClassLoader(), "db.migration")
                .migrate();
    }

    /** Makes JPA's entity manager factory wait for the migrations (plain Spring: no Boot internals). */
    @Bean
    static BeanFactoryPostProcessor entityManagerFactoryAfterMigrations() {
        return beanFactory -> {
            for (String name : beanFactory.getBeanDefinitionNames()) {
                if (name.equals("entityManagerFactory")) {
                    BeanDefinition emf = beanFactory.getBeanDefinition(name);
                    String[] before = emf.getDependsOn() == null ? new String[0] : emf.getDependsOn();
                    String[] after = java.util.Arrays.copyOf(before, before.length + 1);
                    after[before.length] = BEAN;
                    emf.setDependsOn(after);
                }
            }
        };
    }
}

package dev.retort.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * When the auto-configuration applies: with {@code retort.url} and no data source, without
 * Actuator, JPA or Spring JDBC on the class path (an R2DBC application), and not at all when there
 * is no database or {@code retort.enabled=false}.
 */
class RetortAutoConfigurationConditionsTest {

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(RetortAutoConfiguration.class));

    @Test
    void migratesFromRetortUrlWithoutDataSourceActuatorOrJpa() {
        runner.withClassLoader(new FilteredClassLoader(
                        "org.springframework.boot.actuate",
                        "jakarta.persistence",
                        "org.springframework.orm",
                        "org.springframework.jdbc"))
                .withPropertyValues(
                        "retort.url=jdbc:h2:mem:conditions1;DB_CLOSE_DELAY=-1",
                        "retort.user=sa",
                        "retort.package=" + RetortAutoConfigurationTest.M1)
                .run(context -> {
                    assertEquals(
                            List.of("v1"),
                            context.getBean(RetortMigrationInitializer.class)
                                    .result()
                                    .applied());
                    assertTrue(
                            context.getBeansOfType(RetortInfoContributor.class).isEmpty(),
                            "no Actuator, no contributor");
                });
    }

    @Test
    void migratesAtStartUpEvenWhenEveryBeanIsLazy() throws Exception {
        // no JPA here to pull the migration in: only the starter's exclusion from lazy initialization does
        String url = "jdbc:h2:mem:conditions3;DB_CLOSE_DELAY=-1";
        runner.withInitializer(context ->
                        context.addBeanFactoryPostProcessor(new LazyInitializationBeanFactoryPostProcessor()))
                .withPropertyValues(
                        "retort.url=" + url, "retort.user=sa", "retort.package=" + RetortAutoConfigurationTest.M1)
                .run(context -> assertEquals(
                        1,
                        RetortAutoConfigurationTest.count(
                                new String[] {url, "sa", ""},
                                "SELECT COUNT(*) FROM retort_history WHERE state = 'applied'")));
    }

    @Test
    void staysOffWithoutADatabaseOrWhenDisabled() {
        runner.run(context -> assertFalse(context.containsBean(RetortAutoConfiguration.INITIALIZER)));
        runner.withPropertyValues("retort.url=jdbc:h2:mem:conditions2", "retort.enabled=false")
                .run(context -> assertFalse(context.containsBean(RetortAutoConfiguration.INITIALIZER)));
    }
}

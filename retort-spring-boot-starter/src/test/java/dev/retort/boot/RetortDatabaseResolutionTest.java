package dev.retort.boot;

import static dev.retort.boot.RetortAutoConfigurationTest.M1;
import static dev.retort.boot.RetortAutoConfigurationTest.applied;
import static dev.retort.boot.RetortAutoConfigurationTest.chain;
import static dev.retort.boot.RetortAutoConfigurationTest.count;
import static org.junit.jupiter.api.Assertions.*;

import dev.retort.boot.app.ShopApplication;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * Which database the starter migrates when no {@code spring.datasource.url} names it: the one
 * a {@code JdbcConnectionDetails} bean names (as Testcontainers' {@code @ServiceConnection} and
 * spring-boot-docker-compose provide), never the throwaway embedded H2 that
 * {@code DataSourceProperties} would make up.
 */
class RetortDatabaseResolutionTest {

    /** An H2 file database under target/, so that a mix-up with an in-memory one cannot pass. */
    static String[] fileDatabase() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "h2-details"));
        return new String[] {
            "jdbc:h2:file:" + dir.toAbsolutePath().resolve("db-" + UUID.randomUUID()), "sa", "details-Pw-1"
        };
    }

    /** Registers a JdbcConnectionDetails bean (Boot 4 or Boot 3 type, whichever is present) naming {@code db}. */
    static ApplicationContextInitializer<ConfigurableApplicationContext> connectionDetails(String[] db) {
        return context -> {
            ClassLoader loader =
                    context.getClassLoader() != null ? context.getClassLoader() : ClassUtils.getDefaultClassLoader();
            String name =
                    ClassUtils.isPresent("org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails", loader)
                            ? "org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails"
                            : "org.springframework.boot.autoconfigure.jdbc.JdbcConnectionDetails";
            Class<?> type = ClassUtils.resolveClassName(name, loader);
            InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
                case "getJdbcUrl" -> db[0];
                case "getUsername" -> db[1];
                case "getPassword" -> db[2];
                case "toString" -> "test connection details";
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> InvocationHandler.invokeDefault(proxy, method, args);
            };
            Object details = Proxy.newProxyInstance(loader, new Class<?>[] {type}, handler);
            register((GenericApplicationContext) context, type, details);
        };
    }

    @SuppressWarnings("unchecked")
    private static <T> void register(GenericApplicationContext context, Class<T> type, Object bean) {
        context.registerBean("testJdbcConnectionDetails", type, () -> (T) bean);
    }

    @Test
    void migratesTheDatabaseTheConnectionDetailsName() throws Exception {
        String[] db = fileDatabase();
        // the account exists before the application starts, with the password the details give
        try (var c = java.sql.DriverManager.getConnection(db[0], db[1], db[2])) {
            assertTrue(c.isValid(1));
        }
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ShopApplication.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .initializers(connectionDetails(db))
                .properties(
                        "spring.jpa.hibernate.ddl-auto=validate", "spring.main.banner-mode=off", "retort.package=" + M1)
                .run();
        try (context) {
            assertEquals(List.of("v1"), applied(context));
        }
        assertEquals(1, count(db, "SELECT COUNT(*) FROM retort_history WHERE revision = 'v1' AND state = 'applied'"));
        assertEquals(0, count(db, "SELECT COUNT(*) FROM book"));
    }

    @Test
    void anApplicationDataSourceWithoutAUrlFailsAskingForRetortUrl() {
        Exception e = assertThrows(
                Exception.class,
                () -> new SpringApplicationBuilder(ShopApplication.class, OwnDataSource.class)
                        .web(WebApplicationType.NONE)
                        .logStartupInfo(false)
                        .properties(
                                "spring.jpa.hibernate.ddl-auto=none",
                                "spring.main.banner-mode=off",
                                "retort.package=" + M1)
                        .run()
                        .close());
        assertTrue(
                chain(e).contains("the application defines its own DataSource bean")
                        && chain(e).contains("set retort.url"),
                chain(e));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnDataSource {
        @Bean
        DataSource dataSource() {
            JdbcDataSource ds = new JdbcDataSource();
            ds.setURL("jdbc:h2:mem:own-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            ds.setUser("sa");
            return ds;
        }
    }
}

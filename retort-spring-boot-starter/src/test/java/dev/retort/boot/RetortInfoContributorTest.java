package dev.retort.boot;

import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.startup.Retort;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.actuate.info.Info;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** Actuator's {@code /info} entry: one database read per TTL, and no host or user when it fails. */
class RetortInfoContributorTest {

    /** The clock the contributor sees, moved by hand. */
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    /** Status reads: every read builds the configuration anew, which runs the customizers. */
    private final AtomicInteger reads = new AtomicInteger();

    private RetortInfoContributor contributor(String url, String user, String password) {
        return contributor(url, user, password, new StandardEnvironment());
    }

    private RetortInfoContributor contributor(
            String url, String user, String password, StandardEnvironment environment) {
        RetortProperties properties = new RetortProperties();
        properties.setUrl(url);
        properties.setUser(user);
        properties.setPassword(password);
        properties.setPackage(List.of(RetortAutoConfigurationTest.M1));
        RetortConfigurer configurer = new RetortConfigurer(
                properties,
                environment,
                new DefaultListableBeanFactory(),
                getClass().getClassLoader(),
                List.of(builder -> reads.incrementAndGet()));
        return new RetortInfoContributor(configurer, nanos::get);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> info(RetortInfoContributor contributor) {
        Info.Builder builder = new Info.Builder();
        contributor.contribute(builder);
        return (Map<String, Object>) builder.build().getDetails().get("retort");
    }

    @Test
    void requestsWithinTheTtlShareOneRead() {
        String[] db = RetortAutoConfigurationTest.newDatabase("h2");
        RetortInfoContributor contributor = contributor(db[0], db[1], db[2]);
        Map<String, Object> first = info(contributor);
        assertEquals(List.of("v1"), first.get("pending"), first.toString());
        nanos.addAndGet(RetortInfoContributor.TTL.toNanos() - 1);
        assertEquals(first, info(contributor));
        assertEquals(1, reads.get(), "two requests within the TTL read the database once");
        nanos.addAndGet(1);
        info(contributor);
        assertEquals(2, reads.get(), "a request after the TTL reads again");
    }

    @Test
    void anUnreachableDatabaseShowsNeitherHostNorUser() {
        Map<String, Object> info = info(contributor("jdbc:mysql://127.0.0.1:1/shop", "info-user", "info-Pw-1"));
        assertEquals(Map.of("error", "database unreachable"), info);
    }

    @Test
    void withTenantsEachTenantIsShownAndAnUnreadableOneOnlySaysSo() throws Exception {
        String[] db = RetortAutoConfigurationTest.newDatabase("h2");
        try (Connection c = DriverManager.getConnection(db[0], db[1], db[2]);
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA acme");
            s.execute("CREATE SCHEMA globex");
        }
        Retort.configure()
                .url(db[0])
                .username(db[1])
                .password(db[2])
                .migrations(getClass().getClassLoader(), RetortAutoConfigurationTest.M1)
                .tenants("ACME")
                .migrate();
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource("test", Map.of("retort.tenants", "ACME,GLOBEX,ABSENT")));
        Map<String, Object> info = info(contributor(db[0], db[1], db[2], environment));
        assertEquals(db[0], info.get("database"), info.toString());
        assertEquals("base", info.get("current"), info.toString());
        assertEquals(List.of("v1"), info.get("pending"), info.toString());
        assertEquals(
                Map.of(
                        "ACME", Map.of("current", "v1", "pending", List.of()),
                        "GLOBEX", Map.of("current", "base", "pending", List.of("v1")),
                        "ABSENT", Map.of("error", "tenant unreadable")),
                info.get("tenants"),
                info.toString());
        assertEquals(
                List.of("ACME", "GLOBEX", "ABSENT"),
                List.copyOf(((Map<?, ?>) info.get("tenants")).keySet()),
                "in the order configured");
    }
}

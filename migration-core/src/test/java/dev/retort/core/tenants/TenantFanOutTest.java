package dev.retort.core.tenants;

import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.db.MariaDbServer;
import dev.retort.core.db.PostgresServer;
import dev.retort.core.runner.MigrationException;
import dev.retort.core.runner.RunLog;
import dev.retort.core.startup.Retort;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One migration set over many tenants of one real server: databases on MariaDB, schemas on
 * PostgreSQL and H2. A tenant that fails half-way does not stop the others, the summary says who is
 * where, failFast leaves the rest unstarted, and a rerun finishes only what is left.
 */
class TenantFanOutTest {

    static final String PACKAGE = "dev.retort.core.tenants.fixture";
    static final int TENANTS = 50;

    /**
     * A server and a way to make tenants on it.
     *
     * @param url the URL the run is given ({@code migrate.url}): the server, or the database whose schemas are tenants
     */
    record Server(String label, String url, String user, String createTenant) {
        void sql(String tenant, String sql) throws SQLException {
            try (Connection c = DriverManager.getConnection(
                            tenant == null
                                    ? url
                                    : dev.retort.core.jdbc.JdbcUrl.of(url).forTenant(tenant),
                            user,
                            "");
                    Statement s = c.createStatement()) {
                s.execute(sql);
            }
        }

        List<String> tenants(String prefix, int n) throws SQLException {
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                String name = prefix + String.format("%02d", i);
                sql(null, createTenant + " " + name);
                names.add(name);
            }
            return names;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Server> servers() {
        String maria = MariaDbServer.newDatabase();
        return Stream.of(
                new Server("mariadb", maria, "root", "CREATE DATABASE"),
                new Server("postgresql", PostgresServer.newDatabase(), "postgres", "CREATE SCHEMA"));
    }

    static Retort.Builder retort(Server server, List<String> log) {
        return Retort.configure()
                .url(server.url())
                .username(server.user())
                .migrations(TenantFanOutTest.class.getClassLoader(), PACKAGE)
                .log(capture(log));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void fiftyTenantsOneFailingMidRevisionThenARerunFinishesOnlyIt(Server server) throws Exception {
        List<String> tenants = server.tenants("shop", TENANTS);
        String bad = tenants.get(16);
        // the second step of t2 creates orders: on this tenant it exists already
        server.sql(bad, "CREATE TABLE orders (id int)");
        List<String> log = Collections.synchronizedList(new ArrayList<>());

        TenantsFailedException failed = assertThrows(
                TenantsFailedException.class,
                () -> retort(server, log)
                        .tenants(String.join(",", tenants).split(","))
                        .tenantsParallel(4)
                        .migrate());
        TenantReport report = failed.report();
        assertEquals(List.of(bad), report.failed(), String.join("\n", log));
        assertEquals(TENANTS, report.rows().size());
        for (TenantReport.Row row : report.rows()) {
            if (row.tenant().equals(bad)) {
                assertEquals("base", row.from());
                // MariaDB commits each DDL: t2 stopped after its first step; PostgreSQL rolled t2 back whole
                assertEquals(server.label().equals("mariadb") ? "t1, t2 (failed at step 1/3)" : "t1", row.to());
                assertTrue(row.result().contains("orders"), row.result());
            } else {
                assertEquals(TenantReport.Status.OK, row.status(), row.toString());
                assertEquals("base", row.from());
                assertEquals("t2", row.to());
                assertEquals("upgraded: 2 revisions", row.result());
            }
        }
        assertTrue(
                failed.getMessage().startsWith("1 of 50 tenants failed: " + bad + " (each one's error is logged above"),
                failed.getMessage());
        assertTrue(
                failed.getMessage().contains("run only these with migrate() with .tenants(\"" + bad + "\")"),
                failed.getMessage());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("WARN [" + bad + "] FAILED: ")), String.join("\n", log));
        assertTrue(
                log.stream().anyMatch(l -> l.startsWith("INFO [shop01] Upgraded: 2 revisions applied")),
                String.join("\n", log));
        String headline = log.stream()
                .filter(l -> l.startsWith("INFO Tenants: 50 "))
                .reduce((a, b) -> b)
                .orElseThrow();
        assertTrue(headline.contains("4 at a time") && headline.contains(": 49 ok, 1 failed"), headline);
        assertTrue(
                log.stream().anyMatch(l -> l.matches("INFO   tenant +\\| from → to +\\| +time \\| result")),
                String.join("\n", log));
        assertTrue(
                log.stream()
                        .anyMatch(l -> l.matches("INFO   " + bad + " +\\| base → t1.* \\| +[0-9.]+ s \\| FAILED: .*")),
                String.join("\n", log));

        // fixed: the rerun over all tenants resumes the bad one; the others are up to date
        server.sql(bad, "DROP TABLE orders");
        log.clear();
        Retort.Result rerun =
                retort(server, log).tenants(tenants).tenantsParallel(4).migrate();
        for (TenantReport.Row row : rerun.tenants().rows()) {
            assertEquals(TenantReport.Status.OK, row.status(), row.toString());
            assertEquals("t2", row.to());
            assertEquals(
                    row.tenant().equals(bad) ? "upgraded: 1 revision" : "up to date", row.result(), row.toString());
        }
        assertEquals(List.of("t2"), rerun.applied());
        try (Connection c = DriverManager.getConnection(
                        dev.retort.core.jdbc.JdbcUrl.of(server.url()).forTenant(bad), server.user(), "");
                Statement s = c.createStatement()) {
            s.executeQuery("SELECT id, name, email, bio FROM customer").close();
            s.executeQuery("SELECT id, customer_id FROM orders").close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void failFastStartsNoTenantAfterAFailureAndAMissingTenantFailsClearly(Server server) throws Exception {
        List<String> tenants = new ArrayList<>(server.tenants("ff", 6));
        tenants.add(2, "absent_tenant");
        List<String> log = Collections.synchronizedList(new ArrayList<>());

        TenantsFailedException failed = assertThrows(
                TenantsFailedException.class,
                () -> retort(server, log).tenants(tenants).tenantsFailFast(true).migrate());
        TenantReport report = failed.report();
        assertEquals(List.of("absent_tenant"), report.failed());
        assertEquals(List.of("ff03", "ff04", "ff05", "ff06"), report.skipped());
        assertEquals(List.of("absent_tenant", "ff03", "ff04", "ff05", "ff06"), report.unfinished());
        assertEquals("t2", report.rows().get(1).to());
        String why = report.rows().get(2).result();
        assertTrue(why.contains("absent_tenant"), why);
        assertTrue(
                failed.getMessage().contains("4 not started because .tenantsFailFast(…) is set: ff03, ff04"),
                failed.getMessage());
        assertTrue(
                failed.getMessage().contains(".tenants(\"absent_tenant,ff03,ff04,ff05,ff06\")"), failed.getMessage());
    }

    @Test
    void tenantsFromAQueryOnH2Schemas() throws Exception {
        String url =
                "jdbc:h2:file:" + Files.createTempDirectory("retort-tenants").resolve("db");
        Server h2 = new Server("h2", url, "sa", "CREATE SCHEMA");
        h2.tenants("acme", 3);
        h2.sql(null, "CREATE TABLE tenant_list (name varchar(20))");
        h2.sql(null, "INSERT INTO tenant_list VALUES ('ACME01'), ('ACME03')");
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Retort.Result result = retort(h2, log)
                .tenantsQuery("SELECT name FROM tenant_list ORDER BY name")
                .tenantsParallel(2)
                .migrate();
        assertEquals(
                List.of("ACME01", "ACME03"),
                result.tenants().rows().stream().map(TenantReport.Row::tenant).toList());
        assertEquals(
                List.of("t1", "t1", "t2", "t2"),
                result.applied().stream().sorted().toList());
        assertTrue(log.get(0).startsWith("INFO Database: " + url + " (H2 "), log.toString());
        // acme02 was not in the list: untouched
        try (Connection c = DriverManager.getConnection(url + ";SCHEMA=ACME02", "sa", "")) {
            assertFalse(c.getMetaData()
                    .getTables(null, "ACME02", "RETORT_HISTORY", null)
                    .next());
        }
    }

    @Test
    void statusReadsEachTenantWithoutChangingIt() throws Exception {
        String url =
                "jdbc:h2:file:" + Files.createTempDirectory("retort-tenants").resolve("db");
        Server h2 = new Server("h2", url, "sa", "CREATE SCHEMA");
        h2.tenants("st", 3);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        retort(h2, log).tenants("ST01").migrate();
        retort(h2, log).tenants("ST02").target("t1").migrate();
        Retort.Status status =
                retort(h2, log).tenants("ST01", "ST02", "ST03", "ABSENT").status();
        assertEquals(
                List.of("ST01", "ST02", "ST03", "ABSENT"),
                List.copyOf(status.tenants().keySet()));
        Retort.Status st01 = status.tenants().get("ST01");
        assertEquals(List.of("t2"), st01.current());
        assertEquals(List.of(), st01.pending());
        assertNull(st01.error());
        assertEquals(url + ";SCHEMA=ST01", st01.database());
        assertEquals(List.of("t1"), status.tenants().get("ST02").current());
        assertEquals(List.of("t2"), status.tenants().get("ST02").pending());
        assertEquals(List.of(), status.tenants().get("ST03").current());
        assertEquals(List.of("t1", "t2"), status.tenants().get("ST03").pending());
        String absent = status.tenants().get("ABSENT").error();
        assertNotNull(absent);
        // H2 refuses the connection ("Schema \"ABSENT\" not found"); PostgreSQL's is refused by Retort
        assertTrue(absent.contains("ABSENT") && absent.contains("not"), absent);
        // the whole: what every readable tenant has applied, what any one still lacks
        assertEquals(url, status.database());
        assertEquals(List.of(), status.current());
        assertEquals(List.of("t1", "t2"), status.pending());
        assertEquals(List.of(), status.unfinished());
        // reading created nothing, not even the journal of a tenant at base
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            assertFalse(c.getMetaData()
                    .getTables(null, "ST03", "RETORT_HISTORY", null)
                    .next());
        }
        // without tenants, status has none
        assertEquals(Map.of(), retort(h2, log).status().tenants());
    }

    /**
     * status() reads the tenants {@code tenantsParallel} at a time, keeps the order given, and a
     * tenant whose journal cannot be read in time is unreadable (its error), not "at base": four of
     * six tenants have their journal write-locked by another session, so each of their reads waits
     * for the status timeout; two at a time, that is two timeouts (one after the other: four).
     */
    @Test
    void statusReadsTenantsInParallelInOrderAndAStuckTenantIsUnreadable() throws Exception {
        String url = MariaDbServer.newDatabase();
        Server server = new Server("mariadb", url, "root", "CREATE DATABASE");
        List<String> tenants = server.tenants("sp", 6);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        retort(server, log).tenants(tenants).tenantsParallel(3).migrate();
        List<String> stuck = List.of(tenants.get(0), tenants.get(2), tenants.get(3), tenants.get(5));
        List<Connection> lockers = new ArrayList<>();
        try {
            for (String tenant : stuck) {
                Connection c = DriverManager.getConnection(
                        dev.retort.core.jdbc.JdbcUrl.of(url).forTenant(tenant), "root", "");
                lockers.add(c);
                try (Statement s = c.createStatement()) {
                    s.execute("LOCK TABLES retort_history WRITE");
                }
            }
            long start = System.nanoTime();
            Retort.Status status = retort(server, log)
                    .tenants(tenants)
                    .tenantsParallel(2)
                    .statusTimeout(java.time.Duration.ofSeconds(2))
                    .status();
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(tenants, List.copyOf(status.tenants().keySet()));
            for (String tenant : tenants) {
                Retort.Status one = status.tenants().get(tenant);
                if (stuck.contains(tenant)) {
                    assertNotNull(one.error(), tenant + ": " + one);
                    assertEquals(List.of(), one.current(), tenant);
                } else {
                    assertNull(one.error(), tenant + ": " + one.error());
                    assertEquals(List.of("t2"), one.current(), tenant);
                    assertEquals(List.of(), one.pending(), tenant);
                }
            }
            // the whole is what the readable tenants say: all at t2
            assertEquals(List.of("t2"), status.current());
            assertEquals(List.of(), status.pending());
            assertTrue(seconds >= 3.9 && seconds < 7.5, "4 stuck tenants, 2 at a time, 2 s each: " + seconds + " s");
        } finally {
            for (Connection c : lockers) {
                c.close();
            }
        }
    }

    @Test
    void badSettingsNameTheirProperty() {
        MigrationException empty = assertThrows(
                MigrationException.class,
                () -> retort(new Server("h2", "jdbc:h2:mem:x", "sa", ""), new ArrayList<>())
                        .tenants("a", "", "b")
                        .migrate());
        assertEquals(
                ".tenants(\"…\") has an empty tenant name (two commas, or one at an end): a,,b", empty.getMessage());
        MigrationException twice = assertThrows(
                MigrationException.class,
                () -> retort(new Server("h2", "jdbc:h2:mem:x", "sa", ""), new ArrayList<>())
                        .tenants("a", "B", "b")
                        .migrate());
        assertTrue(
                twice.getMessage()
                        .startsWith(".tenants(\"…\") names tenant 'b' twice ('B' and 'b' differ in case only)"),
                twice.getMessage());
        MigrationException odd = assertThrows(
                MigrationException.class,
                () -> retort(new Server("h2", "jdbc:h2:mem:x", "sa", ""), new ArrayList<>())
                        .tenants("a;DROP")
                        .migrate());
        assertTrue(odd.getMessage().contains("'a;DROP', which is no plain database or schema name"), odd.getMessage());
        MigrationException parallel = assertThrows(
                MigrationException.class,
                () -> retort(new Server("h2", "jdbc:h2:mem:x", "sa", ""), new ArrayList<>())
                        .tenants("a")
                        .tenantsParallel(0)
                        .migrate());
        assertEquals(".tenantsParallel(…) must be at least 1 (is 0)", parallel.getMessage());
    }

    static RunLog capture(List<String> log) {
        return new RunLog() {
            @Override
            public void info(String message) {
                log.add("INFO " + message);
            }

            @Override
            public void warn(String message) {
                log.add("WARN " + message);
            }
        };
    }

    static List<String> names(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> "t" + i).toList();
    }
}

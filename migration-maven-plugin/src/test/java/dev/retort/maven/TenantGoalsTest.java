package dev.retort.maven;

import static dev.retort.maven.GoalsTest.mojo;
import static dev.retort.maven.GoalsTest.project;
import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.model.Schema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The goals with {@code migrate.tenants} on schemas of an H2 database: {@code upgrade} fans out and
 * names the failed tenant with the command that reruns only it; {@code current} and {@code drift}
 * report per tenant, each line prefixed with the tenant.
 */
class TenantGoalsTest {

    static final String ORDERS = """
            package db.migration;
            import static dev.retort.migration.Column.column;
            import static dev.retort.migration.Types.*;
            import dev.retort.migration.*;
            @Revision(id = "20261121_1000_bbbb", parents = "20261120_0930_aaaa", message = "orders")
            public final class V20261121_1000__Orders implements Migration {
                public void upgrade(Operations op) {
                    op.createTable("orders", column("id", bigint()).primaryKey());
                }
                public void downgrade(Operations op) {
                    op.dropTable("orders").acceptDataLoss();
                }
            }
            """;

    @Test
    void upgradeFansOutAndTheReadingGoalsReportPerTenant(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db");
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA acme");
            s.execute("CREATE SCHEMA globex");
            s.execute("CREATE SCHEMA initech");
            s.execute("CREATE TABLE globex.orders (id int)");
        }
        MavenProject p = project(dir, Schema.EMPTY, GoalsTest.CREATE, ORDERS);
        GoalsTest.Recorded log = new GoalsTest.Recorded();
        MojoFailureException failed = assertThrows(
                MojoFailureException.class,
                () -> mojo(
                                new UpgradeMojo(),
                                p,
                                log,
                                "url",
                                url,
                                "username",
                                "sa",
                                "tenants",
                                "ACME, GLOBEX,INITECH",
                                "target",
                                "head")
                        .execute());
        assertTrue(
                failed.getMessage().startsWith("1 of 3 tenants failed: GLOBEX (each one's error is logged above"),
                failed.getMessage());
        assertTrue(
                failed.getMessage().contains("run only these with mvn migrate:upgrade -Dmigrate.tenants=GLOBEX;"),
                failed.getMessage());
        String out = String.join("\n", log.lines);
        assertTrue(log.lines.get(0).startsWith("[INFO] Database: " + url + " (H2 "), out);
        assertTrue(log.lines.contains("[INFO] Tenants: 3 schemas, 1 at a time."), out);
        assertTrue(out.contains("[INFO] [ACME] Upgraded: 2 revisions applied"), out);
        assertTrue(out.contains("[WARNING] [GLOBEX] FAILED: "), out);
        assertTrue(out.contains("[INFO] Tenants: 3 schemas, 1 at a time, in "), out);
        assertTrue(
                out.matches(
                        "(?s).*\\[INFO\\]   GLOBEX +\\| base → 20261120_0930_aaaa, 20261121_1000_bbbb \\(failed at step 0/1\\) \\| .*FAILED: .*"),
                out);
        assertTrue(
                out.matches("(?s).*\\[INFO\\]   INITECH +\\| base → 20261121_1000_bbbb +\\| .*upgraded: 2 revisions.*"),
                out);

        GoalsTest.Recorded current = new GoalsTest.Recorded();
        mojo(new CurrentMojo(), p, current, "url", url, "username", "sa", "tenants", "ACME,INITECH")
                .execute();
        String now = String.join("\n", current.lines);
        assertTrue(now.contains("[INFO] [ACME] Current revision: 20261121_1000_bbbb \"orders\""), now);
        assertTrue(now.contains("[INFO] [INITECH] Current revision: 20261121_1000_bbbb \"orders\""), now);

        try (Connection c = DriverManager.getConnection(url, "sa", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE initech.by_hand (id int)");
        }
        GoalsTest.Recorded drift = new GoalsTest.Recorded();
        MojoFailureException drifted = assertThrows(
                MojoFailureException.class,
                () -> mojo(new DriftMojo(), p, drift, "url", url, "username", "sa", "tenants", "ACME,INITECH")
                        .execute());
        assertTrue(drifted.getMessage().startsWith("1 of 2 tenants failed: INITECH"), drifted.getMessage());
        assertTrue(
                drifted.getMessage().contains("To look at only these again: -Dmigrate.tenants=INITECH."),
                drifted.getMessage());
        String seen = String.join("\n", drift.lines);
        assertTrue(seen.contains("[INFO] [ACME] No drift"), seen);
        assertTrue(seen.contains("[WARNING] [INITECH] Drift: the database differs"), seen);
    }

    @Test
    void stampAdoptsEveryTenant(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db");
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA acme");
            s.execute("CREATE SCHEMA globex");
        }
        MavenProject p = project(dir, Schema.EMPTY, GoalsTest.CREATE, ORDERS);
        GoalsTest.Recorded log = new GoalsTest.Recorded();
        mojo(new StampMojo(), p, log, "url", url, "username", "sa", "tenants", "ACME,GLOBEX", "target", "head")
                .execute();
        String out = String.join("\n", log.lines);
        assertTrue(out.contains("[INFO] Tenants: 2 schemas, 1 at a time, in "), out);
        assertTrue(
                out.matches("(?s).*\\[INFO\\]   GLOBEX +\\| base → 20261121_1000_bbbb +\\| .*stamped: 2 revisions.*"),
                out);
        GoalsTest.Recorded again = new GoalsTest.Recorded();
        mojo(new UpgradeMojo(), p, again, "url", url, "username", "sa", "tenants", "ACME,GLOBEX", "target", "head")
                .execute();
        String up = String.join("\n", again.lines);
        assertTrue(up.matches("(?s).*\\[INFO\\]   ACME +\\| 20261121_1000_bbbb +\\| .*up to date.*"), up);
    }

    @Test
    void timingsCountTheFanOutAsOnePhase(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db");
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA acme");
            s.execute("CREATE SCHEMA globex");
        }
        MavenProject p = project(dir, Schema.EMPTY, GoalsTest.CREATE, ORDERS);
        GoalsTest.Recorded log = new GoalsTest.Recorded();
        mojo(
                        new UpgradeMojo(),
                        p,
                        log,
                        "url",
                        url,
                        "username",
                        "sa",
                        "tenants",
                        "ACME,GLOBEX",
                        "tenantsParallel",
                        2,
                        "timingsEnabled",
                        true,
                        "target",
                        "head")
                .execute();
        List<String> timings = log.lines.stream()
                .filter(l -> l.startsWith("[INFO] Timings (wall/CPU ms): "))
                .toList();
        assertEquals(1, timings.size(), String.join("\n", log.lines));
        assertTrue(
                timings.get(0)
                        .matches(
                                ".*\\| .*connect \\(beside loading\\) \\d+/-, .*tenants \\(2, 2 at a time\\) \\d+/\\d+, .*goal total .*"),
                timings.get(0));
        assertTrue(String.join("\n", log.lines).contains("[INFO] [GLOBEX] Upgraded: 2 revisions applied"));
    }

    @Test
    void checkJudgesEachTenantsJournalAndPlan(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db");
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA acme");
            s.execute("CREATE SCHEMA globex");
            s.execute("CREATE SCHEMA initech");
        }
        MavenProject p = project(
                dir,
                new Schema(List.of(GoalsTest.CUSTOMER)),
                GoalsTest.CREATE,
                GoalsTest.DROP_FAX.formatted(".acceptDataLoss()"));
        mojo(
                        new UpgradeMojo(),
                        p,
                        new GoalsTest.Recorded(),
                        "url",
                        url,
                        "username",
                        "sa",
                        "tenants",
                        "ACME,GLOBEX",
                        "target",
                        "head")
                .execute();
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                Statement s = c.createStatement()) {
            s.execute("UPDATE globex.retort_history SET checksum = 'edited' WHERE revision = '20261120_0930_aaaa'");
        }
        GoalsTest.Recorded log = new GoalsTest.Recorded();
        MojoFailureException failed = assertThrows(
                MojoFailureException.class,
                () -> mojo(new CheckMojo(), p, log, "url", url, "username", "sa", "tenants", "ACME,GLOBEX,INITECH")
                        .execute());
        assertTrue(failed.getMessage().startsWith("1 of 3 tenants failed: GLOBEX"), failed.getMessage());
        assertTrue(
                failed.getMessage().contains("To look at only these again: -Dmigrate.tenants=GLOBEX."),
                failed.getMessage());
        String out = String.join("\n", log.lines);
        assertTrue(out.contains("[INFO] Check passed: 2 revisions"), out);
        assertTrue(out.contains("[INFO] Tenants: 3 schemas, 1 at a time."), out);
        assertTrue(out.matches("(?s).*\\[INFO\\]   ACME +\\| 20261121_1000_bbbb +\\| .*\\| up to date.*"), out);
        assertTrue(
                out.matches("(?s).*\\[INFO\\]   INITECH +\\| base +\\| .*\\| upgrade would apply 2 revisions.*"), out);
        assertTrue(
                out.contains("[WARNING] [GLOBEX] FAILED: The database and the migrations disagree; nothing was run."),
                out);
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery(
                        "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'INITECH'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "check creates nothing in a tenant, not even the journal");
        }
    }

    @Test
    void aBadTenantsSettingNamesItsProperty(@TempDir Path dir) throws Exception {
        MavenProject p = project(dir, Schema.EMPTY, GoalsTest.CREATE);
        MojoFailureException failed = assertThrows(
                MojoFailureException.class,
                () -> mojo(new UpgradeMojo(), p, new GoalsTest.Recorded(), "tenants", "a,,b", "target", "head")
                        .execute());
        assertEquals(
                "migrate.tenants has an empty tenant name (two commas, or one at an end): a,,b", failed.getMessage());
        MojoFailureException both = assertThrows(
                MojoFailureException.class,
                () -> mojo(new CurrentMojo(), p, new GoalsTest.Recorded(), "tenants", "a", "tenantsQuery", "select 1")
                        .execute());
        assertEquals(
                "Both migrate.tenants and migrate.tenants.query are set: keep one (the list, or the query that returns it)",
                both.getMessage());
        assertEquals(List.of(), List.of());
    }
}

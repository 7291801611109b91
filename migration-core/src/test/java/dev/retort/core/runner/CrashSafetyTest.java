package dev.retort.core.runner;

import static dev.retort.core.runner.MigrationRunnerTest.columns;
import static dev.retort.core.runner.MigrationRunnerTest.historyStates;
import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.db.MariaDbServer;
import dev.retort.core.db.MySqlServer;
import dev.retort.core.dialect.Dialects;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code kill -9} at every step boundary of multi-step revisions on MySQL and MariaDB, which commit
 * each DDL statement on its own: a fresh process then finishes the upgrade, running each remaining step
 * once and no completed step again, and the rows that were there before are all still there.
 */
class CrashSafetyTest {

    /** Each step of c2 and c3 in order; killing after the last step of a revision is the boundary between two revisions. */
    static Stream<String> boundaries() {
        return Stream.of("c2:1", "c2:2", "c2:3", "c2:4", "c3:1", "c3:3");
    }

    static final List<String> STEPS =
            List.of("c2 1/4", "c2 2/4", "c2 3/4", "c2 4/4", "c3 1/3", "c3 2/3", "c3 3/3", "c4 1/2", "c4 2/2");

    static Stream<Arguments> serversAndBoundaries() {
        return Stream.of("mysql", "mariadb").flatMap(server -> boundaries().map(b -> Arguments.of(server, b)));
    }

    @ParameterizedTest(name = "{0}: killed after {1}")
    @MethodSource("serversAndBoundaries")
    void killedAtAStepBoundaryThenRerunCompletesWithNoStepTwiceAndNoRowLost(String server, String boundary)
            throws Exception {
        String url = server.equals("mysql") ? MySqlServer.newDatabase() : MariaDbServer.newDatabase();
        try (Connection c = java.sql.DriverManager.getConnection(url, "root", "")) {
            new MigrationRunner(
                            c,
                            Dialects.detect(c.getMetaData()),
                            UpgradeChild.graph(),
                            RunLog.SILENT,
                            false,
                            Duration.ofSeconds(5))
                    .upgrade("c1");
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO item (name) VALUES ('anvil'), ('bellows'), ('crucible')");
            }
        }
        String killedAt = boundary.replace(':', ' ');
        int cut = STEPS.indexOf(STEPS.stream()
                        .filter(s -> s.startsWith(killedAt + "/"))
                        .findFirst()
                        .orElseThrow())
                + 1;

        Child killed = Child.start(url, "root", "--halt-after=" + boundary);
        assertEquals(UpgradeChild.HALTED, killed.exitCode(60), killed.describe());
        assertEquals(STEPS.subList(0, cut), killed.lines("STEP "), "it died right after " + boundary);

        String revision = boundary.substring(0, 2);
        int step = Integer.parseInt(boundary.substring(3));
        try (Connection c = java.sql.DriverManager.getConnection(url, "root", "")) {
            String recorded = historyStates(c).stream()
                    .filter(h -> h.startsWith(revision + ":"))
                    .findFirst()
                    .orElseThrow();
            int total = Integer.parseInt(recorded.substring(recorded.indexOf('/') + 1));
            assertEquals(
                    revision + ":" + (step == total ? "applied" : "running") + ":" + step + "/" + total,
                    recorded,
                    "the journal holds exactly what was committed");
        }

        Child rerun = Child.start(url, "root");
        assertEquals(0, rerun.exitCode(60), rerun.describe());
        assertEquals(STEPS.subList(cut, STEPS.size()), rerun.lines("STEP "), "the rerun runs each remaining step once");
        String resumed = STEPS.get(cut);
        if (!resumed.endsWith(" 1/" + resumed.substring(resumed.indexOf('/') + 1))) {
            assertTrue(
                    rerun.lines().stream()
                            .anyMatch(l -> l.startsWith("INFO Resuming " + revision + " ")
                                    && l.contains("at step " + (step + 1) + " of ")),
                    rerun.describe());
        }

        try (Connection c = java.sql.DriverManager.getConnection(url, "root", "")) {
            assertEquals(ConcurrentUpgradeTest.APPLIED, historyStates(c));
            assertEquals(List.of("id", "name", "price", "sku", "weight"), columns(c, "item"));
            assertEquals(List.of("id", "label", "item_id", "note"), columns(c, "tag"));
            List<String> names = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT name FROM item ORDER BY id")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            assertEquals(List.of("anvil", "bellows", "crucible"), names, "no row lost");
        }
    }
}

package dev.retort.core.runner;

import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.db.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The connection dies exactly while a journal write is on its way: a {@link CuttingProxy} resets it
 * in the middle of the first {@code UPDATE retort_history SET steps_done = …} the upgrade of {@link
 * KillRevisions} sends (after step 1 of {@code k2}, adding {@code customer.email}, committed), so the
 * server never receives the statement. The report must name the revision and the step, say what is
 * committed and that the journal may not record it, and tell the rerun; the rerun resumes there (it
 * finds step 1 in the live schema and records it) and completes with the right schema, history and
 * rows. {@link DroppedConnectionTest} lands in a journal write only when its seeded byte offset
 * happens to.
 */
class JournalWriteCutTest {

    /** The text of {@link dev.retort.core.history.HistoryTable#progress}'s statement, as both protocols carry it. */
    private static final String PROGRESS = " SET steps_done = ";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mariadb", "postgresql"})
    void aConnectionCutInsideTheJournalWriteNamesWhatIsCommittedAndARerunResumes(String dialect) throws Exception {
        TestDatabase db = KillAnywhereTest.database(dialect).get();
        String seeded;
        try (Connection setup = db.open()) {
            KillRevisions.prepare(setup);
            seeded = KillRevisions.checksum(setup);
        }
        int port = Integer.parseInt(db.url().replaceFirst("^.*://[^/:]+:(\\d+)/.*$", "$1"));
        StepFailedException failed;
        try (CuttingProxy proxy = new CuttingProxy(port, PROGRESS, 1);
                Connection c = DriverManager.getConnection(proxy.through(db.url()), db.user(), "")) {
            failed = assertThrows(
                    StepFailedException.class,
                    () -> KillRevisions.runner(c, RunLog.SILENT).upgrade("head"));
            assertTrue(proxy.didCut(), "the proxy did not cut");
        }
        String report = failed.getMessage();
        assertTrue(
                report.startsWith("Upgrade of revision k2 (dev.retort.core.runner.KillRevisions$CustomerEmail) failed"
                        + " at step 1 of 5: "),
                report);
        assertTrue(report.contains("Recording the step as done in retort_history failed."), report);
        assertTrue(
                report.contains("Steps 1-1 are committed; step 1 may not be recorded: the next run compares it with"
                        + " the live schema, records it when it is there and runs it when it is not."),
                report);
        assertTrue(report.contains("again; it resumes here."), report);
        assertEquals(1, failed.committed().size(), failed.committed().toString());
        assertTrue(
                failed.committed().get(0).contains("email"), failed.committed().toString());

        // the journal says k2 is running with no step recorded; the column is there
        try (Connection c = db.open();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT state, steps_done FROM retort_history WHERE revision = 'k2'")) {
            assertTrue(rs.next());
            assertEquals("running", rs.getString(1));
            assertEquals(0, rs.getInt(2));
            assertTrue(KillRevisions.columns(c, "customer").contains("email"));
        }

        List<String> log = new ArrayList<>();
        RunLog collect = new RunLog() {
            @Override
            public void info(String message) {
                log.add(message);
            }

            @Override
            public void warn(String message) {
                log.add(message);
            }
        };
        try (Connection c = db.open()) {
            assertEquals(
                    KillRevisions.ALL.subList(1, 6),
                    KillRevisions.runner(c, collect).upgrade("head"));
            assertEquals(List.of(), KillRevisions.problems(c, KillRevisions.ALL, seeded));
        }
        assertTrue(
                log.stream()
                        .anyMatch(l -> l.startsWith("  step 1 of the upgrade of k2 (")
                                && l.endsWith("is already in the database: an earlier run committed it and stopped"
                                        + " before recording it")),
                String.join("\n", log));
    }

    @dev.retort.migration.Revision(id = "j1", message = "thing")
    public static final class Thing implements dev.retort.migration.Migration {
        @Override
        public void upgrade(dev.retort.migration.Operations op) {
            op.createTable(
                    "thing",
                    dev.retort.migration.Column.column("id", dev.retort.migration.Types.bigint())
                            .primaryKey(),
                    dev.retort.migration.Column.column("n", dev.retort.migration.Types.integer())
                            .nullable());
        }

        @Override
        public void downgrade(dev.retort.migration.Operations op) {
            op.dropTable("thing").acceptDataLoss();
        }
    }

    /** On PostgreSQL the check is added NOT VALID and validated apart, so the revision commits step by step. */
    @dev.retort.migration.Revision(id = "j2", parents = "j1", message = "typed and checked")
    public static final class TypedAndChecked implements dev.retort.migration.Migration {
        @Override
        public void upgrade(dev.retort.migration.Operations op) {
            op.createType("pt", dev.retort.migration.Column.column("x", dev.retort.migration.Types.integer()));
            op.createTable(
                    "pointed",
                    dev.retort.migration.Column.column("id", dev.retort.migration.Types.bigint())
                            .primaryKey(),
                    dev.retort.migration.Column.column("p", dev.retort.migration.Types.struct("pt"))
                            .nullable());
            op.addCheck("thing", "ck_thing_n", "n > 0");
        }

        @Override
        public void downgrade(dev.retort.migration.Operations op) {
            op.dropCheck("thing", "ck_thing_n");
            op.dropTable("pointed").acceptDataLoss();
            op.dropType("pt");
        }
    }

    /**
     * The same cut after a committed {@code CREATE TYPE} (PostgreSQL, a revision that commits step by step
     * because it also validates a check): the rerun finds the type in the database and records the step,
     * instead of creating it again and failing on "already exists".
     */
    @org.junit.jupiter.api.Test
    void aCutAfterACommittedCreateTypeResumesPastIt() throws Exception {
        TestDatabase db = KillAnywhereTest.database("postgresql").get();
        dev.retort.core.history.RevisionGraph graph = new dev.retort.core.history.RevisionGraph(List.of(
                dev.retort.core.history.RevisionInfo.of(new Thing()),
                dev.retort.core.history.RevisionInfo.of(new TypedAndChecked())));
        try (Connection setup = db.open();
                Statement s = setup.createStatement()) {
            s.execute("DROP TABLE IF EXISTS pointed");
            s.execute("DROP TABLE IF EXISTS thing");
            s.execute("DROP TABLE IF EXISTS retort_history");
            s.execute("DROP TYPE IF EXISTS pt");
            new MigrationRunner(
                            setup,
                            dev.retort.core.dialect.Dialects.detect(setup.getMetaData()),
                            graph,
                            RunLog.SILENT,
                            false,
                            java.time.Duration.ofSeconds(5))
                    .upgrade("j1");
        }
        int port = Integer.parseInt(db.url().replaceFirst("^.*://[^/:]+:(\\d+)/.*$", "$1"));
        try (CuttingProxy proxy = new CuttingProxy(port, PROGRESS, 1);
                Connection c = DriverManager.getConnection(proxy.through(db.url()), db.user(), "")) {
            MigrationRunner runner = new MigrationRunner(
                    c,
                    dev.retort.core.dialect.Dialects.detect(c.getMetaData()),
                    graph,
                    RunLog.SILENT,
                    false,
                    java.time.Duration.ofSeconds(5));
            assertThrows(StepFailedException.class, () -> runner.upgrade("head"));
            assertTrue(proxy.didCut(), "the proxy did not cut");
        }
        try (Connection c = db.open();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT state, steps_done FROM retort_history WHERE revision = 'j2'")) {
            assertTrue(rs.next());
            assertEquals(0, rs.getInt(2), "the type is committed, its step not recorded");
        }
        try (Connection c = db.open()) {
            assertEquals(
                    List.of("j2"),
                    new MigrationRunner(
                                    c,
                                    dev.retort.core.dialect.Dialects.detect(c.getMetaData()),
                                    graph,
                                    RunLog.SILENT,
                                    false,
                                    java.time.Duration.ofSeconds(5))
                            .upgrade("head"));
        }
    }
}

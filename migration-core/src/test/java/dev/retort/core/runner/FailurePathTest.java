package dev.retort.core.runner;

import static dev.retort.core.runner.MigrationRunnerTest.columns;
import static dev.retort.core.runner.MigrationRunnerTest.historyStates;
import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.db.MariaDbServer;
import dev.retort.core.db.PostgresServer;
import dev.retort.core.dialect.Dialect;
import dev.retort.core.dialect.Dialects;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.safety.SafetyPolicy;
import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Failure paths between the step boundaries (issue 16, items 2-5 and 14), each on a real database:
 * a busy lock inside a PostgreSQL revision, a step committed but not journaled, a killed downgrade,
 * a half-applied revision edited before the rerun, and a connection that dies mid-step.
 */
class FailurePathTest {

    @Revision(id = "f1", message = "create orders and customers")
    public static final class CreateTables implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.createTable(
                    "orders",
                    column("id", bigint()).primaryKey(),
                    column("name", varchar(50)).notNull());
            op.createTable(
                    "customers",
                    column("id", bigint()).primaryKey(),
                    column("name", varchar(50)).notNull());
        }

        @Override
        public void downgrade(Operations op) {
            op.dropTable("customers").acceptDataLoss();
            op.dropTable("orders").acceptDataLoss();
        }
    }

    /** Step 1 alters orders, step 2 customers. */
    @Revision(id = "f2", parents = "f1", message = "notes on orders and customers")
    public static final class AlterBoth implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.addColumn("orders", column("note", varchar(50)).nullable());
            op.addColumn("customers", column("note", varchar(50)).nullable());
        }

        @Override
        public void downgrade(Operations op) {
            op.dropColumn("customers", "note").acceptDataLoss();
            op.dropColumn("orders", "note").acceptDataLoss();
        }
    }

    /** Three steps; downgrade step 2 fails while a name is longer than 10 characters. */
    @Revision(id = "f2", parents = "f1", message = "widen names")
    public static final class WidenNames implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.addColumn("orders", column("email", varchar(100)).nullable());
            op.alterColumn(
                    "orders",
                    column("name", varchar(50)).notNull(),
                    column("name", varchar(60)).notNull());
            op.addColumn("orders", column("bio", varchar(500)).nullable());
        }

        @Override
        public void downgrade(Operations op) {
            op.dropColumn("orders", "bio").acceptDataLoss();
            op.alterColumn(
                            "orders",
                            column("name", varchar(60)).notNull(),
                            column("name", varchar(10)).notNull())
                    .acceptDataLoss()
                    .acknowledge("RT256");
            op.dropColumn("orders", "email").acceptDataLoss();
        }
    }

    /** Step 3 fails while orders.name holds duplicates. */
    @Revision(id = "f2", parents = "f1", message = "unique names")
    public static final class UniqueNames implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.addColumn("orders", column("email", varchar(100)).nullable());
            op.addColumn("orders", column("bio", varchar(500)).nullable());
            op.addUnique("orders", "uk_orders_name", "name");
        }

        @Override
        public void downgrade(Operations op) {
            op.dropUnique("orders", "uk_orders_name");
            op.dropColumn("orders", "bio").acceptDataLoss();
            op.dropColumn("orders", "email").acceptDataLoss();
        }
    }

    /** {@link UniqueNames} edited after its failure: step 1 now adds another column. */
    @Revision(id = "f2", parents = "f1", message = "unique names")
    public static final class UniqueNamesStepOneEdited implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.addColumn("orders", column("phone", varchar(100)).nullable());
            op.addColumn("orders", column("bio", varchar(500)).nullable());
            op.addUnique("orders", "uk_orders_name", "name");
        }

        @Override
        public void downgrade(Operations op) {
            op.dropUnique("orders", "uk_orders_name");
            op.dropColumn("orders", "bio").acceptDataLoss();
            op.dropColumn("orders", "phone").acceptDataLoss();
        }
    }

    /** {@link UniqueNames} edited after its failure down to one step. */
    @Revision(id = "f2", parents = "f1", message = "unique names")
    public static final class UniqueNamesShortened implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.addColumn("orders", column("email", varchar(100)).nullable());
        }

        @Override
        public void downgrade(Operations op) {
            op.dropColumn("orders", "email").acceptDataLoss();
        }
    }

    /** A one-step revision whose message does not fit retort_history.message. */
    @Revision(id = "f2", parents = "f1", message = LONG)
    public static final class LongMessage implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.addColumn("orders", column("note", varchar(50)).nullable());
        }

        @Override
        public void downgrade(Operations op) {
            op.dropColumn("orders", "note").acceptDataLoss();
        }
    }

    static final String LONG =
            "a message of more than a thousand characters ......................................................"
                    + "..................................................................................................................."
                    + "..................................................................................................................."
                    + "..................................................................................................................."
                    + "..................................................................................................................."
                    + "..................................................................................................................."
                    + "..................................................................................................................."
                    + "..................................................................................................................."
                    + "..................................................................................................................."
                    + "...................................................................................................................";

    /** An id longer than retort_history.revision. */
    @Revision(
            id = "f2-an-id-that-is-much-longer-than-sixty-four-characters-and-cannot-be-stored",
            parents = "f1",
            message = "long id")
    public static final class LongId implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.addColumn("orders", column("note", varchar(50)).nullable());
        }

        @Override
        public void downgrade(Operations op) {
            op.dropColumn("orders", "note").acceptDataLoss();
        }
    }

    /** A message latin1 cannot hold. */
    @Revision(id = "f2", parents = "f1", message = "Notiz für Bestellungen — 注文のメモ 🧾")
    public static final class UnicodeMessage implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.addColumn("orders", column("note", varchar(50)).nullable());
        }

        @Override
        public void downgrade(Operations op) {
            op.dropColumn("orders", "note").acceptDataLoss();
        }
    }

    static RevisionGraph graph(Migration... migrations) {
        return new RevisionGraph(Stream.of(migrations).map(RevisionInfo::of).toList());
    }

    static MigrationRunner runner(Connection c, RevisionGraph g) throws SQLException {
        Dialect d = Dialects.detect(c.getMetaData());
        return new MigrationRunner(
                c,
                d,
                g,
                RunLog.SILENT,
                true,
                Duration.ofSeconds(5),
                SafetyPolicy.parse("warn", null),
                DdlPolicy.DEFAULT);
    }

    static Connection open(String url, String user) throws SQLException {
        return DriverManager.getConnection(url, user, "");
    }

    static void exec(Connection c, String... sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    static String one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    // ---- 2. PostgreSQL: a busy lock in step 2 must not hold step 1's table ----

    @Test
    void postgresRevisionWaitingForALockDoesNotHoldTheTablesOfEarlierSteps() throws Exception {
        String url = PostgresServer.newDatabase();
        RevisionGraph g = graph(new CreateTables(), new AlterBoth());
        try (Connection c = open(url, "postgres");
                Connection blocker = open(url, "postgres");
                Connection reader = open(url, "postgres")) {
            runner(c, g).upgrade("f1");
            exec(c, "INSERT INTO orders VALUES (1, 'anvil')", "INSERT INTO customers VALUES (1, 'ana')");
            blocker.setAutoCommit(false);
            exec(blocker, "SELECT * FROM customers");
            CompletableFuture<List<String>> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return runner(c, g).upgrade("head");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            exec(reader, "SET statement_timeout = '5s'");
            long worst = 0;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() < until) {
                long t = System.nanoTime();
                one(reader, "SELECT COUNT(*) FROM orders");
                worst = Math.max(worst, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t));
                Thread.sleep(20);
            }
            assertFalse(run.isDone(), "step 2 still waits for customers");
            blocker.commit();
            assertEquals(
                    List.of("f2"), run.get(60, TimeUnit.SECONDS), "the revision completes once the blocker commits");
            assertTrue(worst < 250, "a read of orders waited " + worst + " ms while step 2 waited for customers");
            assertEquals(List.of("id", "name", "note"), columns(c, "orders"));
            assertEquals(List.of("id", "name", "note"), columns(c, "customers"));
        }
    }

    // ---- 3. a step committed but not journaled ----

    @Test
    void aRunningRowIsJournaledBeforeTheFirstStepCommits() throws Exception {
        String url = MariaDbServer.newDatabase();
        RevisionGraph g = graph(new CreateTables(), new AlterBoth());
        try (Connection c = open(url, "root");
                Connection blocker = open(url, "root");
                Connection watcher = open(url, "root")) {
            runner(c, g).upgrade("f1");
            blocker.setAutoCommit(false);
            exec(blocker, "SELECT * FROM orders");
            CompletableFuture<Throwable> run = CompletableFuture.supplyAsync(() -> {
                try {
                    runner(c, g).upgrade("head");
                    return null;
                } catch (Throwable e) {
                    return e;
                }
            });
            Thread.sleep(1500);
            assertEquals(
                    List.of("f1:applied:2/2", "f2:running:0/2"),
                    historyStates(watcher),
                    "while step 1 runs, the journal says a step may be committing");
            blocker.rollback();
            assertNull(run.get(60, TimeUnit.SECONDS));
            assertEquals(List.of("f1:applied:2/2", "f2:applied:2/2"), historyStates(watcher));
        }
    }

    @Test
    void anIdOrMessageTheHistoryCannotHoldIsRefusedWhenTheMigrationLoadsNamingTheClass() throws Exception {
        String url = MariaDbServer.newDatabase();
        try (Connection c = open(url, "root")) {
            runner(c, graph(new CreateTables())).upgrade("head");
            for (Migration m : List.of(new LongMessage(), new LongId())) {
                Exception e = assertThrows(
                        Exception.class,
                        () -> runner(c, graph(new CreateTables(), m)).upgrade("head"));
                assertTrue(e.getMessage().contains(m.getClass().getName()), e.getMessage());
                assertEquals(List.of("id", "name"), columns(c, "orders"), "nothing ran");
            }
        }
    }

    @Test
    void historyTablesAreUtf8mb4AndAnExistingLatin1OneIsConverted() throws Exception {
        String url = MariaDbServer.newDatabase();
        try (Connection c = open(url, "root")) {
            exec(c, "ALTER DATABASE " + one(c, "SELECT DATABASE()") + " CHARACTER SET latin1");
            // the history table as the previous Retort version created it, on a latin1 schema
            exec(
                    c,
                    "CREATE TABLE retort_history (revision varchar(64) NOT NULL, parents varchar(1000) NOT NULL, "
                            + "message varchar(1000) NOT NULL, checksum varchar(64) NOT NULL, applied_by varchar(128), "
                            + "applied_at datetime(3) NOT NULL, duration_ms bigint NOT NULL, state varchar(16) NOT NULL, "
                            + "steps_done integer NOT NULL, steps_total integer NOT NULL, PRIMARY KEY (revision)) ENGINE=InnoDB");
            RevisionGraph g = graph(new CreateTables(), new UnicodeMessage());
            runner(c, g).upgrade("f1");
            runner(c, g).upgrade("head");
            assertEquals(List.of("f1:applied:2/2", "f2:applied:1/1"), historyStates(c));
            assertEquals(
                    "Notiz für Bestellungen — 注文のメモ 🧾",
                    one(c, "SELECT message FROM retort_history WHERE revision = 'f2'"));
            assertEquals(
                    "utf8mb4",
                    one(
                            c,
                            "SELECT CCSA.CHARACTER_SET_NAME FROM information_schema.TABLES T JOIN "
                                    + "information_schema.COLLATION_CHARACTER_SET_APPLICABILITY CCSA ON CCSA.COLLATION_NAME = T.TABLE_COLLATION "
                                    + "WHERE T.TABLE_SCHEMA = DATABASE() AND T.TABLE_NAME = 'retort_history'"));
        }
    }

    // ---- 4. downgrades are journaled ----

    @Test
    void aDowngradeThatStopsHalfWayIsJournaledAndResumes() throws Exception {
        String url = MariaDbServer.newDatabase();
        RevisionGraph g = graph(new CreateTables(), new WidenNames());
        try (Connection c = open(url, "root")) {
            runner(c, g).upgrade("head");
            exec(c, "INSERT INTO orders (id, name) VALUES (1, 'a name far too long')");
            StepFailedException e =
                    assertThrows(StepFailedException.class, () -> runner(c, g).downgrade("-1"));
            assertEquals(2, e.step());
            assertEquals(
                    List.of("f1:applied:2/2", "f2:reverting:3/3"), historyStates(c), "the journal holds the downgrade");
            assertEquals(
                    "1",
                    one(c, "SELECT steps_reverted FROM retort_history WHERE revision = 'f2'"),
                    "and its reverted step");
            assertEquals(List.of("id", "name", "email"), columns(c, "orders"));
            MigrationException up = assertThrows(
                    MigrationException.class,
                    () -> runner(c, g).upgrade("head"),
                    "an upgrade does not run over a half-reverted revision");
            assertTrue(up.getMessage().contains("f2"), up.getMessage());

            exec(c, "DELETE FROM orders");
            List<String> log = new ArrayList<>();
            Dialect d = Dialects.detect(c.getMetaData());
            new MigrationRunner(
                            c,
                            d,
                            g,
                            new MigrationRunnerTest.Quiet() {
                                @Override
                                public void info(String message) {
                                    log.add(message);
                                }
                            },
                            true,
                            Duration.ofSeconds(5),
                            SafetyPolicy.parse("warn", null),
                            DdlPolicy.DEFAULT)
                    .downgrade("-1");
            assertTrue(
                    log.stream()
                            .anyMatch(
                                    l -> l.startsWith("Resuming the downgrade of f2") && l.contains("at step 2 of 3")),
                    log.toString());
            assertEquals(List.of("f1:applied:2/2"), historyStates(c));
            assertEquals(List.of("id", "name"), columns(c, "orders"));
        }
    }

    // ---- 5. a half-applied revision edited before the rerun ----

    @Test
    void editingTheCompletedStepsOfAHalfAppliedRevisionIsRefusedNamingTheStep() throws Exception {
        String url = MariaDbServer.newDatabase();
        try (Connection c = open(url, "root")) {
            runner(c, graph(new CreateTables())).upgrade("head");
            exec(c, "INSERT INTO orders (id, name) VALUES (1, 'twin'), (2, 'twin')");
            assertThrows(
                    StepFailedException.class,
                    () -> runner(c, graph(new CreateTables(), new UniqueNames()))
                            .upgrade("head"));
            assertEquals(List.of("f1:applied:2/2", "f2:failed:2/3"), historyStates(c));
            exec(c, "DELETE FROM orders WHERE id = 2");

            EditedStepsException edited = assertThrows(
                    EditedStepsException.class,
                    () -> runner(c, graph(new CreateTables(), new UniqueNamesStepOneEdited()))
                            .upgrade("head"));
            assertEquals("f2", edited.revision());
            assertEquals(1, edited.step());
            assertTrue(edited.getMessage().contains("step 1"), edited.getMessage());

            EditedStepsException shorter = assertThrows(
                    EditedStepsException.class,
                    () -> runner(c, graph(new CreateTables(), new UniqueNamesShortened()))
                            .downgrade("-1"));
            assertEquals(2, shorter.step());
            assertThrows(
                    EditedStepsException.class,
                    () -> runner(c, graph(new CreateTables(), new UniqueNamesShortened()))
                            .upgrade("head"));
            assertEquals(List.of("id", "name", "email", "bio"), columns(c, "orders"), "nothing ran");

            assertEquals(
                    List.of("f2"),
                    runner(c, graph(new CreateTables(), new UniqueNames())).upgrade("head"),
                    "unedited, it resumes");
            assertEquals(List.of("f1:applied:2/2", "f2:applied:3/3"), historyStates(c));
        }
    }

    // ---- history table of the previous version ----

    static Stream<MigrationRunnerTest.Db> databases() throws Exception {
        return MigrationRunnerTest.databases().filter(db -> !db.label().equals("mysql"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aHistoryTableOfThePreviousVersionIsUpgradedInPlace(MigrationRunnerTest.Db db) throws Exception {
        try (Connection c = db.open()) {
            boolean mariadb = db.label().equals("mariadb");
            exec(
                    c,
                    "CREATE TABLE retort_history (revision varchar(64) NOT NULL, parents varchar(1000) NOT NULL, "
                            + "message varchar(1000) NOT NULL, checksum varchar(64) NOT NULL, applied_by varchar(128), "
                            + "applied_at " + (mariadb ? "datetime(3)" : "timestamp(3)")
                            + " NOT NULL, duration_ms bigint NOT NULL, "
                            + "state varchar(16) NOT NULL, steps_done integer NOT NULL, steps_total integer NOT NULL, PRIMARY KEY (revision))"
                            + (mariadb ? " ENGINE=InnoDB" : ""));
            RevisionInfo f1 = RevisionInfo.of(new CreateTables());
            RevisionInfo f2 = RevisionInfo.of(new UniqueNames());
            exec(
                    c,
                    "CREATE TABLE orders (id bigint PRIMARY KEY, name varchar(50) NOT NULL)",
                    "CREATE TABLE customers (id bigint PRIMARY KEY, name varchar(50) NOT NULL)",
                    "ALTER TABLE orders ADD COLUMN email varchar(100) NULL",
                    "INSERT INTO retort_history VALUES ('f1', '', 'create orders and customers', '" + f1.checksum()
                            + "', 'old', CURRENT_TIMESTAMP, 5, 'applied', 2, 2)",
                    "INSERT INTO retort_history VALUES ('f2', 'f1', 'unique names', '" + f2.checksum()
                            + "', 'old', CURRENT_TIMESTAMP, 5, 'failed', 1, 3)");
            RevisionGraph g = graph(new CreateTables(), new UniqueNames());
            assertEquals(2, runner(c, g).recorded().size(), "the previous version's table reads as it is");
            assertEquals(
                    List.of("f2"),
                    runner(c, g).upgrade("head"),
                    "the previous version's half-applied revision resumes");
            assertEquals(List.of("f1:applied:2/2", "f2:applied:3/3"), historyStates(c));
            assertEquals(List.of("id", "name", "email", "bio"), columns(c, "orders"));
            assertEquals(
                    List.of(
                            "revision",
                            "parents",
                            "message",
                            "checksum",
                            "applied_by",
                            "applied_at",
                            "duration_ms",
                            "state",
                            "steps_done",
                            "steps_total",
                            "step_checksums",
                            "steps_reverted",
                            "revert_checksums"),
                    columns(c, "retort_history"));
            assertEquals(List.of("f2"), runner(c, g).downgrade("-1"));
            assertEquals(List.of("id", "name"), columns(c, "orders"));
        }
    }

    // ---- 14. a connection that dies mid-step ----

    @Test
    void aConnectionKilledMidStepKeepsTheStepReportAndRerunCompletes() throws Exception {
        String url = MariaDbServer.newDatabase();
        RevisionGraph g = graph(new CreateTables(), new AlterBoth());
        try (Connection setup = open(url, "root");
                Connection blocker = open(url, "root")) {
            runner(setup, g).upgrade("f1");
            blocker.setAutoCommit(false);
            exec(blocker, "SELECT * FROM orders");
            Connection c = open(url, "root");
            String id = one(c, "SELECT CONNECTION_ID()");
            CompletableFuture<Throwable> run = CompletableFuture.supplyAsync(() -> {
                try {
                    runner(c, g).upgrade("head");
                    return null;
                } catch (Throwable e) {
                    return e;
                }
            });
            Thread.sleep(1500);
            exec(setup, "KILL " + id);
            Throwable e = run.get(60, TimeUnit.SECONDS);
            blocker.rollback();
            assertInstanceOf(StepFailedException.class, e, String.valueOf(e));
            StepFailedException f = (StepFailedException) e;
            assertEquals("f2", f.revision());
            assertEquals(1, f.step());
            assertTrue(f.getMessage().contains("failed at step 1 of 2"), f.getMessage());
            assertTrue(f.getSuppressed().length > 0, "what failed after the step is kept as suppressed");
            c.close();
            assertEquals(List.of("f2"), runner(setup, g).upgrade("head"), "a rerun completes");
            assertEquals(List.of("id", "name", "note"), columns(setup, "orders"));
        }
    }

    @Test
    void aPostgresConnectionTerminatedMidStepKeepsTheStepReportAndRerunCompletes() throws Exception {
        String url = PostgresServer.newDatabase();
        RevisionGraph g = graph(new CreateTables(), new AlterBoth());
        try (Connection setup = open(url, "postgres");
                Connection blocker = open(url, "postgres")) {
            runner(setup, g).upgrade("f1");
            blocker.setAutoCommit(false);
            exec(blocker, "SELECT * FROM customers");
            Connection c = open(url, "postgres");
            String pid = one(c, "SELECT pg_backend_pid()");
            CompletableFuture<Throwable> run = CompletableFuture.supplyAsync(() -> {
                try {
                    runner(c, g).upgrade("head");
                    return null;
                } catch (Throwable e) {
                    return e;
                }
            });
            Thread.sleep(1500);
            exec(setup, "SELECT pg_terminate_backend(" + pid + ")");
            Throwable e = run.get(60, TimeUnit.SECONDS);
            blocker.rollback();
            assertInstanceOf(StepFailedException.class, e, String.valueOf(e));
            StepFailedException f = (StepFailedException) e;
            assertEquals("f2", f.revision());
            assertTrue(f.getMessage().contains("of revision f2"), f.getMessage());
            assertTrue(f.getSuppressed().length > 0, "what failed after the step is kept as suppressed");
            c.close();
            assertEquals(List.of("f2"), runner(setup, g).upgrade("head"), "a rerun completes");
            assertEquals(List.of("id", "name", "note"), columns(setup, "customers"));
        }
    }
}

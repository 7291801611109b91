package dev.retort.core.runner;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.db.MySqlServer;
import dev.retort.core.dialect.Dialect;
import dev.retort.core.dialect.Dialects;
import dev.retort.core.history.HistoryTable;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.introspect.Drift;
import dev.retort.core.introspect.DriftDetector;
import dev.retort.core.introspect.SchemaReader;
import dev.retort.core.model.Schema;
import dev.retort.core.ops.AddColumn;
import dev.retort.core.ops.DropColumn;
import dev.retort.core.safety.SafetyPolicy;
import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What a current MySQL (the embedded 8.0.31) does with Retort's steps, where it differs from the
 * 8.0.15 the tests used to run on: CHECK constraints are kept and enforced (and so compared by
 * drift detection), and columns are added and dropped instantly. "Instantly" is read from the
 * server itself: each instant column change adds a row version to the table
 * ({@code INNODB_TABLES.TOTAL_ROW_VERSIONS}); a rebuild resets the count to 0.
 */
class MySqlCurrentServerTest {

    @Revision(id = "m1", message = "orders")
    public static final class Orders implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.createTable(
                    "orders",
                    column("id", bigint()).primaryKey(),
                    column("amount", decimal(12, 2)).nullable(),
                    column("note", varchar(40)).nullable(),
                    column("code", varchar(40)).nullable());
            op.createIndex("orders", "ix_orders_note", "note");
        }

        @Override
        public void downgrade(Operations op) {
            op.dropTable("orders").acceptDataLoss();
        }
    }

    @Revision(id = "m2", parents = "m1", message = "amount not negative")
    public static final class AmountCheck implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.addCheck("orders", "ck_orders_amount", "amount >= 0");
        }

        @Override
        public void downgrade(Operations op) {
            op.dropCheck("orders", "ck_orders_amount");
        }
    }

    @Revision(id = "m2", parents = "m1", message = "flag in, code out")
    public static final class Columns implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.addColumn("orders", column("flag", integer()).nullable());
            op.dropColumn("orders", "code").acceptDataLoss();
        }

        @Override
        public void downgrade(Operations op) {
            op.addColumn("orders", column("code", varchar(40)).nullable());
            op.dropColumn("orders", "flag").acceptDataLoss();
        }
    }

    @Revision(id = "m2", parents = "m1", message = "flag in")
    public static final class AddFlag implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.addColumn("orders", column("flag", integer()).nullable());
        }

        @Override
        public void downgrade(Operations op) {
            op.dropColumn("orders", "flag").acceptDataLoss();
        }
    }

    private static final SafetyPolicy WARN = new SafetyPolicy(true, Map.of());

    @Test
    void checksAreKeptEnforcedAndComparedByDrift() throws Exception {
        try (Connection c = MySqlServer.connect(MySqlServer.newDatabase())) {
            Dialect d = Dialects.detect(c.getMetaData());
            assertTrue(d.keepsChecks(), "MySQL " + c.getMetaData().getDatabaseProductVersion() + " keeps checks");
            OnlineDdlTest.Log log = new OnlineDdlTest.Log();
            runner(c, log, DdlPolicy.DEFAULT, new Orders(), new AmountCheck()).upgrade("m1");
            exec(c, "INSERT INTO orders (id, amount) VALUES (1, 5), (2, 0), (3, 7)");
            runner(c, log, DdlPolicy.DEFAULT, new Orders(), new AmountCheck()).upgrade("head");
            // the server adds a CHECK to a table only by copying it; a table this small Retort lets it copy
            assertTrue(
                    log.all()
                            .contains(
                                    "WARN   mysql can only copy orders for this (ALGORITHM=INPLACE is not supported for this "
                                            + "operation. Try ALGORITHM=COPY.); it has 3 rows"),
                    log.all());

            SQLException violated =
                    assertThrows(SQLException.class, () -> exec(c, "INSERT INTO orders (id, amount) VALUES (4, -1)"));
            assertEquals("Check constraint 'ck_orders_amount' is violated.", violated.getMessage());
            RevisionGraph graph = graph(new Orders(), new AmountCheck());
            assertEquals(
                    List.of(),
                    drift(c, d, graph),
                    "the check as the server reports it, `amount` >= 0, is the migration's");

            exec(c, "ALTER TABLE orders DROP CHECK ck_orders_amount");
            exec(c, "ALTER TABLE orders ADD CONSTRAINT ck_orders_amount CHECK (amount <= 1000)");
            assertEquals(
                    List.of(
                            "check mismatch orders.ck_orders_amount: the database has ((`amount` <= 1000)), the migrations "
                                    + "(amount >= 0)"),
                    drift(c, d, graph));
            exec(c, "ALTER TABLE orders DROP CHECK ck_orders_amount");
            assertEquals(
                    List.of("missing check orders.ck_orders_amount: (amount >= 0); the database has none of that name"),
                    drift(c, d, graph));
        }
    }

    /** Above migrate.copyRowLimit, adding a check is refused with the plan: no online algorithm or shadow copy can add one. */
    @Test
    void aCheckOnALargeTableIsRefused() throws Exception {
        try (Connection c = MySqlServer.connect(MySqlServer.newDatabase())) {
            OnlineDdlTest.Log log = new OnlineDdlTest.Log();
            DdlPolicy small =
                    DdlPolicy.DEFAULT.withCopyRowLimit(2).withOnlineCopy(DdlPolicy.OnlineCopy.COPIES, 1000, 0);
            runner(c, log, small, new Orders(), new AmountCheck()).upgrade("m1");
            exec(c, "INSERT INTO orders (id, amount) VALUES (1, 5), (2, 0), (3, 7)");
            MigrationException e = assertThrows(
                    MigrationException.class,
                    () -> runner(c, log, small, new Orders(), new AmountCheck()).upgrade("head"));
            assertTrue(
                    e.getMessage()
                            .contains("ALGORITHM=INPLACE is not supported for this operation. Try ALGORITHM=COPY."),
                    e.getMessage());
            assertTrue(
                    e.getMessage().contains("MySQL/MariaDB cannot add a CHECK without copying the table"),
                    e.getMessage());
            assertTrue(
                    e.getMessage().contains("a shadow copy does not make this kind of change (addCheck"),
                    e.getMessage());
            assertEquals(
                    0L,
                    count(
                            c,
                            "SELECT COUNT(*) FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()"));
        }
    }

    @Test
    void columnsAreAddedAndDroppedInstantly() throws Exception {
        try (Connection c = MySqlServer.connect(MySqlServer.newDatabase())) {
            Dialect d = Dialects.detect(c.getMetaData());
            assertEquals(
                    List.of("ALTER TABLE `orders` ADD COLUMN `flag` integer, ALGORITHM=INSTANT"),
                    d.toSql(new AddColumn(
                            "orders", new dev.retort.core.model.Column("flag", integer(), true, false, null))));
            assertEquals(
                    List.of("ALTER TABLE `orders` DROP COLUMN `code`, ALGORITHM=INSTANT"),
                    d.toSql(new DropColumn("orders", "code", true)));

            OnlineDdlTest.Log log = new OnlineDdlTest.Log();
            runner(c, log, DdlPolicy.DEFAULT, new Orders(), new Columns()).upgrade("m1");
            exec(c, "INSERT INTO orders (id, amount, code) VALUES (1, 5, 'a'), (2, 0, 'b')");
            assertEquals(0, rowVersions(c));
            runner(c, log, DdlPolicy.DEFAULT, new Orders(), new Columns()).upgrade("head");
            assertEquals(2, rowVersions(c), "one instant add and one instant drop");
            assertFalse(log.all().contains("instantly") || log.all().contains("copy"), log.all());
            assertEquals(List.of("id", "amount", "note", "flag"), MigrationRunnerTest.columns(c, "orders"));
            assertEquals(2L, count(c, "SELECT COUNT(*) FROM orders WHERE flag IS NULL"));
        }
    }

    /**
     * A compressed table takes no instant column change; MySQL says "Try ALGORITHM=COPY/INPLACE",
     * and in place it is, writes continuing, not a copy (which above migrate.copyRowLimit would be refused).
     */
    @Test
    void aCompressedTableHasColumnsAddedAndDroppedInPlace() throws Exception {
        try (Connection c = MySqlServer.connect(MySqlServer.newDatabase())) {
            OnlineDdlTest.Log log = new OnlineDdlTest.Log();
            DdlPolicy small = DdlPolicy.DEFAULT.withCopyRowLimit(1);
            runner(c, log, small, new Orders(), new Columns()).upgrade("m1");
            exec(c, "ALTER TABLE orders ROW_FORMAT=COMPRESSED");
            exec(c, "INSERT INTO orders (id, code) VALUES (1, 'a'), (2, 'b')");
            runner(c, log, small, new Orders(), new Columns()).upgrade("head");
            assertTrue(
                    log.all()
                            .contains(
                                    "mysql cannot do this instantly (ALGORITHM=INSTANT is not supported for this operation. "
                                            + "Try ALGORITHM=COPY/INPLACE.); rebuilding in place, writes continue: ALTER TABLE `orders` ADD COLUMN `flag` integer, "
                                            + "ALGORITHM=INPLACE, LOCK=NONE"),
                    log.all());
            assertTrue(
                    log.all()
                            .contains("rebuilding in place, writes continue: ALTER TABLE `orders` DROP COLUMN `code`, "
                                    + "ALGORITHM=INPLACE, LOCK=NONE"),
                    log.all());
            assertFalse(log.all().contains("copy"), log.all());
            assertEquals(List.of("id", "amount", "note", "flag"), MigrationRunnerTest.columns(c, "orders"));
        }
    }

    /** From 8.0.29 a table takes 64 instant column changes; the next is made in place, which starts the count anew. */
    @Test
    void afterSixtyFourInstantChangesTheNextIsMadeInPlace() throws Exception {
        try (Connection c = MySqlServer.connect(MySqlServer.newDatabase())) {
            OnlineDdlTest.Log log = new OnlineDdlTest.Log();
            runner(c, log, DdlPolicy.DEFAULT, new Orders(), new AddFlag()).upgrade("m1");
            exec(c, "INSERT INTO orders (id, note) VALUES (1, 'a')");
            for (int i = 0; i < 32; i++) {
                exec(c, "ALTER TABLE orders ADD COLUMN x" + i + " int, ALGORITHM=INSTANT");
                exec(c, "ALTER TABLE orders DROP COLUMN x" + i + ", ALGORITHM=INSTANT");
            }
            assertEquals(64, rowVersions(c));
            runner(c, log, DdlPolicy.DEFAULT, new Orders(), new AddFlag()).upgrade("head");
            assertTrue(
                    log.all().contains("mysql cannot do this instantly (Maximum row versions reached for table "),
                    log.all());
            assertTrue(
                    log.all()
                            .contains(
                                    "rebuilding in place, writes continue: ALTER TABLE `orders` ADD COLUMN `flag` integer, "
                                            + "ALGORITHM=INPLACE, LOCK=NONE"),
                    log.all());
            assertEquals(0, rowVersions(c), "rebuilt");
            assertEquals(List.of("id", "amount", "note", "code", "flag"), MigrationRunnerTest.columns(c, "orders"));
        }
    }

    private static RevisionGraph graph(Migration... migrations) {
        return new RevisionGraph(Stream.of(migrations).map(RevisionInfo::of).toList());
    }

    private static MigrationRunner runner(Connection c, RunLog log, DdlPolicy policy, Migration... migrations)
            throws SQLException {
        return new MigrationRunner(
                c,
                Dialects.detect(c.getMetaData()),
                graph(migrations),
                log,
                false,
                Duration.ofSeconds(5),
                WARN,
                policy);
    }

    private static List<String> drift(Connection c, Dialect d, RevisionGraph graph) throws SQLException {
        HistoryTable history = new HistoryTable(c, d);
        Schema expected = DriftDetector.expected(graph, history.rows());
        List<String> out = new ArrayList<>();
        for (Drift drift : DriftDetector.compare(expected, new SchemaReader(c, d).read(), d)) {
            out.add(drift.toString());
        }
        return out;
    }

    private static int rowVersions(Connection c) throws SQLException {
        return (int)
                count(
                        c,
                        "SELECT TOTAL_ROW_VERSIONS FROM information_schema.INNODB_TABLES WHERE NAME = CONCAT(DATABASE(), '/orders')");
    }

    private static long count(Connection c, String sql) throws SQLException {
        return Long.parseLong(ConstraintOperationsTest.scalar(c, sql));
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}

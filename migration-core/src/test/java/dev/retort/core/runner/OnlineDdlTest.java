package dev.retort.core.runner;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.ForeignKey.foreignKey;
import static dev.retort.migration.Types.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.db.MariaDbServer;
import dev.retort.core.db.MySqlServer;
import dev.retort.core.db.PostgresServer;
import dev.retort.core.dialect.Ddl;
import dev.retort.core.dialect.Dialect;
import dev.retort.core.dialect.Dialects;
import dev.retort.core.dialect.Session;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.mysql.MariaDbDialect;
import dev.retort.core.postgres.PostgresDialect;
import dev.retort.core.safety.SafetyPolicy;
import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;
import dev.retort.migration.RowFunction;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Production behaviour on real servers: DDL that never queues writers behind a long transaction,
 * online algorithms that refuse instead of copying, guards on existing rows, batched and
 * resumable backfills, and the safety gate.
 */
class OnlineDdlTest {

    @Revision(id = "s1", message = "shop")
    public static final class Shop implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.createTable(
                    "customer",
                    column("id", bigint()).primaryKey(),
                    column("name", varchar(50)).nullable());
            op.createTable(
                    "orders",
                    column("id", bigint()).primaryKey().autoIncrement(),
                    column("customer_id", bigint()).nullable(),
                    column("note", varchar(40)).nullable(),
                    column("code", varchar(40)).nullable(),
                    column("amount", decimal(12, 2)).nullable());
        }

        @Override
        public void downgrade(Operations op) {
            op.dropTable("orders").acceptDataLoss();
            op.dropTable("customer").acceptDataLoss();
        }
    }

    @Revision(id = "s2", parents = "s1", message = "add flag")
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

    @Revision(id = "s2", parents = "s1", message = "widen amount")
    public static final class WidenAmount implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.alterColumn(
                            "orders",
                            column("amount", decimal(12, 2)).nullable(),
                            column("amount", decimal(14, 2)).nullable())
                    .acknowledge("RT204");
        }

        @Override
        public void downgrade(Operations op) {
            op.alterColumn(
                    "orders",
                    column("amount", decimal(14, 2)).nullable(),
                    column("amount", decimal(12, 2)).nullable());
        }
    }

    @Revision(id = "s2", parents = "s1", message = "orders reference customers")
    public static final class AddForeignKey implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.addForeignKey(
                    "orders", foreignKey("fk_orders_customer", "customer_id").references("customer", "id"));
        }

        @Override
        public void downgrade(Operations op) {
            op.dropForeignKey("orders", "fk_orders_customer");
        }
    }

    @Revision(id = "s2", parents = "s1", message = "note required")
    public static final class TightenNote implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.alterColumn(
                    "orders",
                    column("note", varchar(40)).nullable(),
                    column("note", varchar(40)).notNull());
        }

        @Override
        public void downgrade(Operations op) {
            op.alterColumn(
                    "orders",
                    column("note", varchar(40)).notNull(),
                    column("note", varchar(40)).nullable());
        }
    }

    @Revision(id = "s2", parents = "s1", message = "note filled, then required")
    public static final class BackfillThenTightenNote implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.backfill("orders", "note", "concat('n', id)").batchSize(7).throttle(0);
            op.alterColumn(
                    "orders",
                    column("note", varchar(40)).nullable(),
                    column("note", varchar(40)).notNull());
        }

        @Override
        public void downgrade(Operations op) {
            op.alterColumn(
                    "orders",
                    column("note", varchar(40)).notNull(),
                    column("note", varchar(40)).nullable());
        }
    }

    /** Set by the test that runs it; read when each row is computed. */
    static volatile RowFunction codeFunction;

    @Revision(id = "s2", parents = "s1", message = "codes computed in Java")
    public static final class BackfillCodeInJava implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.addColumn("orders", column("flag", integer()).nullable());
            op.backfill("orders", "code", row -> codeFunction.compute(row), "note")
                    .batchSize(5)
                    .throttle(0);
        }

        @Override
        public void downgrade(Operations op) {
            op.dropColumn("orders", "flag").acceptDataLoss();
        }
    }

    @Revision(id = "s2", parents = "s1", message = "rename note")
    public static final class RenameNote implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.renameColumn("orders", "note", "remark");
        }

        @Override
        public void downgrade(Operations op) {
            op.renameColumn("orders", "remark", "note");
        }
    }

    @Revision(id = "s2", parents = "s1", message = "rename note")
    public static final class RenameNoteAcknowledgedUp implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.renameColumn("orders", "note", "remark").acknowledge("RT203");
        }

        @Override
        public void downgrade(Operations op) {
            op.renameColumn("orders", "remark", "note");
        }
    }

    /** Renames, then fails: customer_id repeats, so the unique key cannot be added. */
    @Revision(id = "s2", parents = "s1", message = "rename note, then a key that fails")
    public static final class RenameThenFail implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.renameColumn("orders", "note", "remark").acknowledge("RT203");
            op.addUnique("orders", "uk_orders_customer", "customer_id");
        }

        @Override
        public void downgrade(Operations op) {
            op.dropUnique("orders", "uk_orders_customer");
            op.renameColumn("orders", "remark", "note").acknowledge("RT203");
        }
    }

    /** The same revision after the reviewer also acknowledged the rollback's rename. */
    @Revision(id = "s2", parents = "s1", message = "rename note")
    public static final class RenameNoteAcknowledgedBothWays implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.renameColumn("orders", "note", "remark").acknowledge("RT203");
        }

        @Override
        public void downgrade(Operations op) {
            op.renameColumn("orders", "remark", "note").acknowledge("rt203");
        }
    }

    @Revision(id = "s2", parents = "s1", message = "drop note")
    public static final class DropNote implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.dropColumn("orders", "note");
        }

        @Override
        public void downgrade(Operations op) {
            op.addColumn("orders", column("note", varchar(40)).nullable());
        }
    }

    @Revision(id = "s2", parents = "s1", message = "online on a table in use")
    public static final class OnlineOnTableInUse implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.createIndex("orders", "ix_orders_note", "note");
            op.addUnique("orders", "uk_orders_code", "code");
            op.addForeignKey(
                    "orders", foreignKey("fk_orders_customer", "customer_id").references("customer", "id"));
            op.backfill("orders", "note", "'none'").batchSize(4);
            op.alterColumn(
                    "orders",
                    column("note", varchar(40)).nullable(),
                    column("note", varchar(40)).notNull());
        }

        @Override
        public void downgrade(Operations op) {
            op.alterColumn(
                    "orders",
                    column("note", varchar(40)).notNull(),
                    column("note", varchar(40)).nullable());
            op.dropForeignKey("orders", "fk_orders_customer");
            op.dropUnique("orders", "uk_orders_code");
            op.dropIndex("orders", "ix_orders_note");
        }
    }

    /** Collects what the runner reports. */
    static final class Log implements RunLog {
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void info(String message) {
            lines.add(message);
        }

        @Override
        public void warn(String message) {
            lines.add("WARN " + message);
        }

        String all() {
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }
    }

    static final DdlPolicy FAST = DdlPolicy.DEFAULT.withRetryBudget(Duration.ofSeconds(30));

    static MigrationRunner runner(Connection c, Log log, DdlPolicy policy, SafetyPolicy safety, Migration... second)
            throws SQLException {
        List<RevisionInfo> revisions = new ArrayList<>(List.of(RevisionInfo.of(new Shop())));
        for (Migration m : second) {
            revisions.add(RevisionInfo.of(m));
        }
        Dialect d = Dialects.detect(c.getMetaData());
        return new MigrationRunner(
                c, d, new RevisionGraph(revisions), log, false, Duration.ofSeconds(5), safety, policy);
    }

    /** A shop with {@code rows} orders (note NULL in every third, customer 1..3) and customers 1..3. */
    static void shop(Connection c, int rows) throws SQLException {
        runner(c, new Log(), FAST, SafetyPolicy.DEFAULT).upgrade("s1");
        try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO customer (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        }
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO orders (customer_id, note, amount) VALUES (?, ?, ?)")) {
            for (int i = 1; i <= rows; i++) {
                ps.setLong(1, 1 + i % 3);
                ps.setString(2, i % 3 == 0 ? null : "note " + i);
                ps.setInt(3, i);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The MySQL-family servers; the online-DDL tests that take one run on both. */
    static Stream<String> mysqlFamily() {
        return Stream.of("mysql", "mariadb");
    }

    /** A fresh database on the named server. */
    static Connection connect(String server) throws SQLException {
        String url = server.equals("mysql") ? MySqlServer.newDatabase() : MariaDbServer.newDatabase();
        return DriverManager.getConnection(url, "root", "");
    }

    static Connection mariadb() throws SQLException {
        return MariaDbServer.connect(MariaDbServer.newDatabase());
    }

    static Connection postgres() throws SQLException {
        return DriverManager.getConnection(PostgresServer.newDatabase(), "postgres", "");
    }

    static long scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String text(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** A session that has read the table inside a transaction it keeps open: it holds the table's metadata lock. */
    static Connection blocker(String url, String user) throws SQLException {
        Connection b = DriverManager.getConnection(url, user, "");
        b.setAutoCommit(false);
        try (Statement s = b.createStatement()) {
            s.executeQuery("SELECT COUNT(*) FROM orders").close();
        }
        return b;
    }

    static String url(Connection c) throws SQLException {
        return c.getMetaData().getURL();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mysqlFamily")
    void alterWaitsOutABlockingTransactionWithoutQueueingWriters(String server) throws Exception {
        try (Connection c = connect(server);
                Connection writer = DriverManager.getConnection(url(c), "root", "")) {
            shop(c, 30);
            Connection blocker = blocker(url(c), "root");
            long blockerId = scalar(blocker, "SELECT CONNECTION_ID()");
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong slowestWrite = new AtomicLong();
            CompletableFuture<Void> writes = CompletableFuture.runAsync(() -> {
                try (PreparedStatement ps =
                        writer.prepareStatement("INSERT INTO orders (customer_id, note) VALUES (1, 'w')")) {
                    while (!stop.get()) {
                        long t = System.nanoTime();
                        ps.executeUpdate();
                        slowestWrite.accumulateAndGet((System.nanoTime() - t) / 1_000_000, Math::max);
                        Thread.sleep(20);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            CompletableFuture<Void> release = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(3000);
                    blocker.rollback();
                    blocker.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Log log = new Log();
            long started = System.nanoTime();
            assertEquals(
                    List.of("s2"),
                    runner(c, log, FAST, SafetyPolicy.DEFAULT, new AddFlag()).upgrade("head"));
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            release.get(10, TimeUnit.SECONDS);
            stop.set(true);
            writes.get(10, TimeUnit.SECONDS);
            assertTrue(tookMillis >= 2500, "the ALTER waited for the blocker to end: " + tookMillis + " ms");
            assertTrue(log.all().contains("lock busy"), log.all());
            assertTrue(
                    log.all().contains("session " + blockerId + " "),
                    "the log names the blocking session:\n" + log.all());
            assertTrue(log.all().matches("(?s).*got the lock on attempt \\d+ after.*"), log.all());
            assertEquals(
                    1,
                    scalar(
                            c,
                            "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                                    + "AND TABLE_NAME = 'orders' AND COLUMN_NAME = 'flag'"));
            // a plain ALTER would have queued every insert behind it for the blocker's 3 s; on MySQL, which has no
            // NOWAIT
            // for DDL, one attempt sent while the blocker lives would queue them for lock_wait_timeout (1 s)
            assertTrue(
                    slowestWrite.get() < 500,
                    "writers kept flowing while the ALTER retried; slowest insert " + slowestWrite.get() + " ms");
        }
    }

    @Revision(id = "s2", parents = "s1", message = "index note")
    public static final class IndexNote implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.createIndex("orders", "ix_orders_note", "note");
        }

        @Override
        public void downgrade(Operations op) {
            op.dropIndex("orders", "ix_orders_note");
        }
    }

    /**
     * Under steady writes and no long transaction, an in-place build needs the table's lock for a
     * moment at its start and end; NOWAIT alone almost never finds it free, waiting a second does.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("mysqlFamily")
    void inPlaceChangeCompletesUnderSteadyWrites(String server) throws Exception {
        try (Connection c = connect(server)) {
            shop(c, 2000);
            AtomicBoolean stop = new AtomicBoolean();
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                Connection writer = DriverManager.getConnection(url(c), "root", "");
                writers.add(CompletableFuture.runAsync(() -> {
                    try (writer;
                            PreparedStatement ps =
                                    writer.prepareStatement("UPDATE orders SET amount = amount + 1 WHERE id = ?")) {
                        for (long k = 0; !stop.get(); k++) {
                            ps.setLong(1, 1 + k % 2000);
                            ps.executeUpdate();
                        }
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            Log log = new Log();
            long started = System.nanoTime();
            try {
                assertEquals(
                        List.of("s2"),
                        runner(c, log, FAST, SafetyPolicy.DEFAULT, new IndexNote())
                                .upgrade("head"),
                        log.all());
            } finally {
                stop.set(true);
                for (CompletableFuture<Void> w : writers) {
                    w.get(10, TimeUnit.SECONDS);
                }
            }
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(tookMillis < 15_000, "took " + tookMillis + " ms:\n" + log.all());
            assertFalse(log.all().contains("session "), "ordinary writes are not reported as blockers:\n" + log.all());
            if (server.equals("mariadb")) {
                assertFalse(
                        log.all().contains("lock busy"),
                        "with no long transaction open, an in-place build waits for short "
                                + "writes from its first attempt instead of failing at its end under NOWAIT and starting over:\n"
                                + log.all());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mysqlFamily")
    void givesUpNamingTheBlockerWhenTheBudgetRunsOut(String server) throws Exception {
        try (Connection c = connect(server)) {
            shop(c, 10);
            try (Connection blocker = blocker(url(c), "root")) {
                long blockerId = scalar(blocker, "SELECT CONNECTION_ID()");
                Log log = new Log();
                MigrationException e = assertThrows(
                        MigrationException.class,
                        () -> runner(
                                        c,
                                        log,
                                        DdlPolicy.DEFAULT.withRetryBudget(Duration.ofMillis(1500)),
                                        SafetyPolicy.DEFAULT,
                                        new AddFlag())
                                .upgrade("head"));
                assertTrue(e.getMessage().contains("failed at step 1 of 1: addColumn orders.flag"), e.getMessage());
                if (server.equals("mariadb")) {
                    assertTrue(
                            e.getMessage().contains(" NOWAIT ADD COLUMN"), "MariaDB states NOWAIT: " + e.getMessage());
                } else {
                    assertTrue(
                            e.getMessage().contains("ALTER TABLE `orders` ADD COLUMN"),
                            "MySQL waits through lock_wait_timeout: " + e.getMessage());
                }
                assertTrue(e.getMessage().matches("(?s).*Gave up after \\d+ attempts over .*"), e.getMessage());
                assertTrue(e.getMessage().contains("session " + blockerId + " (root"), e.getMessage());
                assertTrue(e.getMessage().contains("KILL " + blockerId), e.getMessage());
                assertEquals(
                        0,
                        scalar(
                                c,
                                "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                                        + "AND TABLE_NAME = 'orders' AND COLUMN_NAME = 'flag'"));
                blocker.rollback();
            }
            assertEquals(
                    List.of("s2"),
                    runner(c, new Log(), FAST, SafetyPolicy.DEFAULT, new AddFlag())
                            .upgrade("head"),
                    "rerun once the blocker is gone");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mysqlFamily")
    void refusesACopyInMillisecondsAndReportsTheExpandContractPlan(String server) throws Exception {
        try (Connection c = connect(server)) {
            shop(c, 40);
            Log log = new Log();
            long started = System.nanoTime();
            MigrationException e = assertThrows(
                    MigrationException.class,
                    () -> runner(c, log, FAST.withCopyRowLimit(20), SafetyPolicy.DEFAULT, new WidenAmount())
                            .upgrade("head"));
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(e.getMessage().contains("error 1846"), e.getMessage());
            assertTrue(e.getMessage().contains("ALGORITHM=INPLACE, LOCK=NONE"), e.getMessage());
            assertTrue(
                    e.getMessage().contains("can make this change only by copying orders, which has more than 20 rows"),
                    e.getMessage());
            assertTrue(
                    e.getMessage()
                            .contains("op.addColumn(\"orders\", column(\"amount_new\", DECIMAL(14,2)).nullable())"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("op.backfill(\"orders\", \"amount_new\", \"amount\")"), e.getMessage());
            assertTrue(tookMillis < 10_000, "refused without copying: " + tookMillis + " ms");
            assertEquals(
                    "decimal(12,2)",
                    text(
                            c,
                            "SELECT COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                                    + "AND TABLE_NAME = 'orders' AND COLUMN_NAME = 'amount'"));

            // a table under the limit is copied: writes wait milliseconds
            Log small = new Log();
            assertEquals(
                    List.of("s2"),
                    runner(c, small, FAST, SafetyPolicy.DEFAULT, new WidenAmount())
                            .upgrade("head"));
            assertTrue(small.all().contains("so Retort copies it"), small.all());
            assertFalse(small.all().contains("got the lock"), "a copy fallback is no lock retry: " + small.all());
            assertEquals(
                    "decimal(14,2)",
                    text(
                            c,
                            "SELECT COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                                    + "AND TABLE_NAME = 'orders' AND COLUMN_NAME = 'amount'"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mysqlFamily")
    void checksOrphansThenAddsTheForeignKeyInPlace(String server) throws Exception {
        try (Connection c = connect(server)) {
            shop(c, 12);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE orders SET customer_id = 77 WHERE id IN (2, 5)");
            }
            MigrationException e = assertThrows(
                    MigrationException.class,
                    () -> runner(c, new Log(), FAST, SafetyPolicy.DEFAULT, new AddForeignKey())
                            .upgrade("head"));
            assertTrue(
                    e.getMessage().contains("2 rows of orders referencing no row of customer (fk_orders_customer)"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("To fix: delete or correct them"), e.getMessage());
            assertEquals(1, scalar(c, "SELECT @@SESSION.foreign_key_checks"), "checks stay on after a refusal");
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE orders SET customer_id = 1 WHERE customer_id = 77");
            }
            Log log = new Log();
            assertEquals(
                    List.of("s2"),
                    runner(c, log, FAST, SafetyPolicy.DEFAULT, new AddForeignKey())
                            .upgrade("head"));
            assertFalse(log.all().contains("copies"), "added in place, no table copy: " + log.all());
            assertEquals(
                    1,
                    scalar(
                            c,
                            "SELECT COUNT(*) FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = "
                                    + "DATABASE() AND CONSTRAINT_NAME = 'fk_orders_customer'"));
            assertEquals(1, scalar(c, "SELECT @@SESSION.foreign_key_checks"), "checks are back on for the session");
            try (Statement s = c.createStatement()) {
                assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO orders (customer_id) VALUES (99)"));
            }
        }
    }

    /**
     * The orphan check runs once, before the ALTER; the ALTER may then retry for the lock and runs
     * with foreign_key_checks=0. An orphan written in between (here by the very session the ALTER
     * waits for) must not end up under a key that does not hold: the key is dropped again.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("mysqlFamily")
    void dropsTheForeignKeyAgainWhenAnOrphanIsWrittenWhileItWaitsForTheLock(String server) throws Exception {
        try (Connection c = connect(server)) {
            shop(c, 12);
            Connection blocker = blocker(url(c), "root");
            Log log = new Log();
            CompletableFuture<Void> orphan = CompletableFuture.runAsync(() -> {
                try (blocker;
                        Statement s = blocker.createStatement()) {
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    while (!log.all()
                            .contains("lock busy")) { // the orphan check has run, the ALTER waits for this session
                        if (System.nanoTime() > until) {
                            throw new IllegalStateException("the ALTER never found the table busy:\n" + log.all());
                        }
                        Thread.sleep(20);
                    }
                    s.executeUpdate("INSERT INTO orders (customer_id, note) VALUES (77, 'orphan')");
                    blocker.commit();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            MigrationException e = assertThrows(
                    MigrationException.class,
                    () -> runner(c, log, FAST, SafetyPolicy.DEFAULT, new AddForeignKey())
                            .upgrade("head"));
            orphan.get(10, TimeUnit.SECONDS);
            assertTrue(
                    log.all().matches("(?s).*got the lock on attempt \\d+ after.*"),
                    "the ALTER ran after the orphan:\n" + log.all());
            String m = e.getMessage();
            assertTrue(m.contains("failed at step 1 of 1: addForeignKey orders.fk_orders_customer"), m);
            assertTrue(m.contains("1 row of orders referencing no row of customer (fk_orders_customer)"), m);
            assertTrue(
                    m.contains("SELECT COUNT(*) FROM `orders` r WHERE r.`customer_id` IS NOT NULL AND NOT EXISTS "
                            + "(SELECT 1 FROM `customer` p WHERE p.`id` = r.`customer_id`)"),
                    "the query that finds them: " + m);
            assertTrue(m.contains("appeared after the check before the ALTER"), m);
            assertTrue(m.contains("Retort dropped fk_orders_customer again"), m);
            assertTrue(
                    m.contains(
                            "Find them: SELECT r.* FROM `orders` r WHERE r.`customer_id` IS NOT NULL AND NOT EXISTS"),
                    m);
            assertTrue(m.contains("Already committed: no step of this revision before this one."), m);
            assertTrue(m.contains("then rerun the upgrade action"), m);
            assertTrue(m.contains("orders is as before the step"), m);
            assertTrue(m.contains("To fix: delete or correct them"), m);
            assertEquals(
                    0,
                    scalar(
                            c,
                            "SELECT COUNT(*) FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = "
                                    + "DATABASE() AND CONSTRAINT_NAME = 'fk_orders_customer'"),
                    "the key that did not hold is gone");
            assertEquals(
                    0,
                    scalar(
                            c,
                            "SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() "
                                    + "AND TABLE_NAME = 'orders' AND INDEX_NAME = 'fk_orders_customer'"),
                    "so is the index the server made for it");
            assertEquals(1, scalar(c, "SELECT @@SESSION.foreign_key_checks"), "checks are back on for the session");
            assertEquals("failed", text(c, "SELECT state FROM retort_history WHERE revision = 's2'"));
            assertEquals(0, scalar(c, "SELECT steps_done FROM retort_history WHERE revision = 's2'"));

            try (Statement s = c.createStatement()) {
                assertEquals(1, s.executeUpdate("DELETE FROM orders WHERE customer_id = 77"));
            }
            assertEquals(
                    List.of("s2"),
                    runner(c, new Log(), FAST, SafetyPolicy.DEFAULT, new AddForeignKey())
                            .upgrade("head"),
                    "rerun once the orphan is gone");
            assertEquals(
                    1,
                    scalar(
                            c,
                            "SELECT COUNT(*) FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = "
                                    + "DATABASE() AND CONSTRAINT_NAME = 'fk_orders_customer'"));
            assertEquals("applied", text(c, "SELECT state FROM retort_history WHERE revision = 's2'"));
            try (Statement s = c.createStatement()) {
                assertThrows(
                        SQLException.class,
                        () -> s.executeUpdate("INSERT INTO orders (customer_id) VALUES (99)"),
                        "enforced");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mysqlFamily")
    void refusesNotNullWhileNullsRemainAndTightensAfterABackfill(String server) throws Exception {
        try (Connection c = connect(server)) {
            shop(c, 30);
            MigrationException e = assertThrows(
                    MigrationException.class,
                    () -> runner(c, new Log(), FAST, SafetyPolicy.DEFAULT, new TightenNote())
                            .upgrade("head"));
            assertTrue(e.getMessage().contains("10 rows of orders with NULL in note"), e.getMessage());
            assertTrue(e.getMessage().contains("op.backfill(\"orders\", \"note\""), e.getMessage());
            assertEquals(10, scalar(c, "SELECT COUNT(*) FROM orders WHERE note IS NULL"), "nothing was filled with ''");

            Log log = new Log();
            // s2 is recorded as failed at its first step; the corrected s2 (same id, a backfill first) runs from the
            // start
            assertEquals(
                    List.of("s2"),
                    runner(c, log, FAST, SafetyPolicy.DEFAULT, new BackfillThenTightenNote())
                            .upgrade("head"));
            assertEquals(0, scalar(c, "SELECT COUNT(*) FROM orders WHERE note IS NULL"));
            assertEquals("n3", text(c, "SELECT note FROM orders WHERE id = 3"));
            assertEquals(
                    "note 4", text(c, "SELECT note FROM orders WHERE id = 4"), "a backfill never overwrites a value");
            assertEquals(
                    "NO",
                    text(
                            c,
                            "SELECT IS_NULLABLE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                                    + "AND TABLE_NAME = 'orders' AND COLUMN_NAME = 'note'"));
            assertTrue(
                    log.all().contains("Backfilling orders.note: 10 rows to fill, in batches of 7 by id"), log.all());
            assertTrue(
                    log.all().matches("(?s).*backfill orders\\.note: 10 of 10 rows \\(100%\\), [\\d,]+ rows/s, done.*"),
                    log.all());
            assertEquals(
                    0, scalar(c, "SELECT COUNT(*) FROM retort_backfill"), "finished backfills leave no progress row");
        }
    }

    /**
     * The runner's session is killed in the middle of a Java backfill; the committed batches and
     * their saved progress agree, and the rerun resumes after the last committed key.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("mysqlFamily")
    void backfillResumesAfterItsSessionIsKilled(String server) throws Exception {
        String url;
        try (Connection c = connect(server)) {
            url = url(c);
            shop(c, 60);
        }
        Set<Long> computedFirst = ConcurrentHashMap.newKeySet();
        codeFunction = row -> {
            Thread.sleep(15);
            computedFirst.add(((Number) row.get("id")).longValue());
            return "C" + row.get("id") + "/" + row.get("note");
        };
        Connection victim = DriverManager.getConnection(url, "root", "");
        long victimId = scalar(victim, "SELECT CONNECTION_ID()");
        Log first = new Log();
        CompletableFuture<List<String>> run = CompletableFuture.supplyAsync(() -> {
            try {
                return runner(victim, first, FAST, SafetyPolicy.DEFAULT, new BackfillCodeInJava())
                        .upgrade("head");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        try (Connection watcher = DriverManager.getConnection(url, "root", "")) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                Long done = null;
                try (Statement s = watcher.createStatement();
                        ResultSet rs = s.executeQuery("SELECT rows_done FROM retort_backfill WHERE revision = 's2'")) {
                    if (rs.next()) {
                        done = rs.getLong(1);
                    }
                } catch (SQLException notYet) {
                    // the progress table does not exist yet
                }
                if (done != null && done >= 15) {
                    break;
                }
                Thread.sleep(10);
            }
            try (Statement s = watcher.createStatement()) {
                s.execute("KILL " + victimId);
            }
            assertThrows(Exception.class, () -> run.get(30, TimeUnit.SECONDS), "the run dies with its session");
            long saved = scalar(watcher, "SELECT rows_done FROM retort_backfill WHERE revision = 's2'");
            long lastKey =
                    scalar(watcher, "SELECT CAST(last_key AS UNSIGNED) FROM retort_backfill WHERE revision = 's2'");
            assertTrue(saved >= 15 && saved < 60, "killed mid-way: " + saved);
            assertEquals(
                    saved,
                    scalar(watcher, "SELECT COUNT(*) FROM orders WHERE code IS NOT NULL"),
                    "each batch committed together with its progress");
            assertEquals(0, saved % 5, "whole batches of 5: " + saved);

            Set<Long> computedAgain = ConcurrentHashMap.newKeySet();
            codeFunction = row -> {
                computedAgain.add(((Number) row.get("id")).longValue());
                return "C" + row.get("id") + "/" + row.get("note");
            };
            Log second = new Log();
            try (Connection c = DriverManager.getConnection(url, "root", "")) {
                assertEquals(
                        List.of("s2"),
                        runner(c, second, FAST, SafetyPolicy.DEFAULT, new BackfillCodeInJava())
                                .upgrade("head"));
            }
            assertTrue(second.all().contains("Resuming s2 \"codes computed in Java\" at step 2 of 2"), second.all());
            assertTrue(
                    second.all()
                            .contains("Resuming backfill of orders.code after key " + lastKey + ": " + saved
                                    + " rows were filled by an earlier run"),
                    second.all());
            assertTrue(
                    computedAgain.stream().allMatch(id -> id > lastKey),
                    "no committed row computed again: " + computedAgain);
            assertEquals(60, scalar(watcher, "SELECT COUNT(*) FROM orders WHERE code IS NOT NULL"));
            assertEquals("C3/null", text(watcher, "SELECT code FROM orders WHERE id = 3"));
            assertEquals("C4/note 4", text(watcher, "SELECT code FROM orders WHERE id = 4"));
        } finally {
            victim.close();
        }
    }

    @Test
    void upgradeRefusesAnUnacknowledgedErrorFindingBeforeRunningAnything() throws Exception {
        try (Connection c = mariadb()) {
            shop(c, 5);
            MigrationException e = assertThrows(
                    MigrationException.class,
                    () -> runner(c, new Log(), FAST, SafetyPolicy.DEFAULT, new RenameNote())
                            .upgrade("head"));
            assertTrue(e.getMessage().startsWith("Refusing to upgrade: nothing was run."), e.getMessage());
            assertTrue(
                    e.getMessage()
                            .contains("s2 (" + RenameNote.class.getName()
                                    + ") step 1: RT203 rename: column orders.note -> remark"),
                    e.getMessage());
            assertTrue(e.getMessage().contains(".acknowledge(\"RTnnn\")"), e.getMessage());
            assertEquals(0, scalar(c, "SELECT COUNT(*) FROM retort_history WHERE revision = 's2'"));
            assertEquals(
                    1,
                    scalar(
                            c,
                            "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                                    + "AND TABLE_NAME = 'orders' AND COLUMN_NAME = 'note'"));

            MigrationException dataLoss = assertThrows(
                    MigrationException.class,
                    () -> runner(c, new Log(), FAST, SafetyPolicy.parse("warn", null), new DropNote())
                            .upgrade("head"));
            assertTrue(
                    dataLoss.getMessage().contains("destroys data without acknowledgement"),
                    "warn never lifts the data-loss gate");

            Log log = new Log();
            assertEquals(
                    List.of("s2"),
                    runner(c, log, FAST, SafetyPolicy.parse("warn", null), new RenameNote())
                            .upgrade("head"));
            assertTrue(
                    log.all().contains("WARN Safety s2 (" + RenameNote.class.getName() + ") step 1: RT203"), log.all());
        }
    }

    @Test
    void downgradeIsJudgedByTheSameRulesAndAcknowledgedInItsOwnMethod() throws Exception {
        try (Connection c = mariadb()) {
            shop(c, 5);
            Log up = new Log();
            assertEquals(
                    List.of("s2"),
                    runner(c, up, FAST, SafetyPolicy.DEFAULT, new RenameNoteAcknowledgedUp())
                            .upgrade("head"));
            assertTrue(
                    up.all()
                            .contains("WARN Safety (acknowledged) s2 (" + RenameNoteAcknowledgedUp.class.getName()
                                    + ") step 1: RT203"),
                    up.all());

            MigrationException e = assertThrows(
                    MigrationException.class,
                    () -> runner(c, new Log(), FAST, SafetyPolicy.DEFAULT, new RenameNoteAcknowledgedUp())
                            .downgrade("-1"));
            assertTrue(e.getMessage().startsWith("Refusing to downgrade: nothing was run."), e.getMessage());
            assertTrue(
                    e.getMessage()
                            .contains("s2 (" + RenameNoteAcknowledgedUp.class.getName()
                                    + ") downgrade step 1: RT203 rename: column orders.remark -> note"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("downgrade method"), e.getMessage());
            assertEquals(1, scalar(c, "SELECT COUNT(*) FROM retort_history WHERE revision = 's2'"), "still recorded");
            assertEquals(
                    1,
                    scalar(
                            c,
                            "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                                    + "AND TABLE_NAME = 'orders' AND COLUMN_NAME = 'remark'"),
                    "nothing was renamed");

            Log down = new Log();
            assertEquals(
                    List.of("s2"),
                    runner(c, down, FAST, SafetyPolicy.DEFAULT, new RenameNoteAcknowledgedBothWays())
                            .downgrade("-1"));
            assertTrue(
                    down.all()
                            .contains("WARN Safety (acknowledged) s2 (" + RenameNoteAcknowledgedBothWays.class.getName()
                                    + ") downgrade step 1: RT203"),
                    down.all());
            assertEquals(
                    1,
                    scalar(
                            c,
                            "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                                    + "AND TABLE_NAME = 'orders' AND COLUMN_NAME = 'note'"));
            assertEquals(0, scalar(c, "SELECT COUNT(*) FROM retort_history WHERE revision = 's2'"));
        }
    }

    /**
     * Undoing a half-applied revision runs steps derived from its upgrade, which no source
     * acknowledges: the gate judges them against the schema the completed steps left, and only a
     * configured severity lets them run.
     */
    @Test
    void undoOfAHalfAppliedRevisionIsJudgedFromTheSchemaItsCompletedStepsLeft() throws Exception {
        try (Connection c = mariadb()) {
            shop(c, 6);
            assertThrows(
                    MigrationException.class,
                    () -> runner(c, new Log(), FAST, SafetyPolicy.DEFAULT, new RenameThenFail())
                            .upgrade("head"));
            assertEquals(
                    1,
                    scalar(c, "SELECT steps_done FROM retort_history WHERE revision = 's2'"),
                    "the rename committed");

            MigrationException e = assertThrows(
                    MigrationException.class,
                    () -> runner(c, new Log(), FAST, SafetyPolicy.DEFAULT, new RenameThenFail())
                            .downgrade("-1"));
            assertTrue(e.getMessage().startsWith("Refusing to downgrade: nothing was run."), e.getMessage());
            assertTrue(
                    e.getMessage().contains("downgrade step 1: RT203 rename: column orders.remark -> note"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("safetyRules=RTnnn=warning"), e.getMessage());
            assertEquals(
                    1,
                    scalar(
                            c,
                            "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                                    + "AND TABLE_NAME = 'orders' AND COLUMN_NAME = 'remark'"),
                    "nothing was renamed back");

            Log log = new Log();
            assertEquals(
                    List.of("s2"),
                    runner(c, log, FAST, SafetyPolicy.parse("error", "RT203=warning"), new RenameThenFail())
                            .downgrade("-1"));
            assertTrue(
                    log.all()
                            .contains(
                                    "WARN Safety s2 (" + RenameThenFail.class.getName() + ") downgrade step 1: RT203"),
                    log.all());
            assertEquals(
                    1,
                    scalar(
                            c,
                            "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                                    + "AND TABLE_NAME = 'orders' AND COLUMN_NAME = 'note'"));
            assertEquals(0, scalar(c, "SELECT COUNT(*) FROM retort_history WHERE revision = 's2'"));
        }
    }

    /** H2, the embedded default: the same backfill and guard, without the server-side precautions. */
    @Test
    void h2BackfillsAndTightens(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("db"), "sa", "")) {
            shop(c, 20);
            MigrationException e = assertThrows(
                    MigrationException.class,
                    () -> runner(c, new Log(), FAST, SafetyPolicy.DEFAULT, new TightenNote())
                            .upgrade("head"));
            assertTrue(e.getMessage().contains("6 rows of orders with NULL in note"), e.getMessage());
            assertEquals(
                    List.of("s2"),
                    runner(c, new Log(), FAST, SafetyPolicy.DEFAULT, new BackfillThenTightenNote())
                            .upgrade("head"));
            assertEquals(0, scalar(c, "SELECT COUNT(*) FROM orders WHERE note IS NULL"));
            assertEquals("n6", text(c, "SELECT note FROM orders WHERE id = 6"));
        }
    }

    @Test
    void mariadbStatesTheLockWaitInTheStatement() throws SQLException {
        Session nowait = new DdlExecutor(null, new MariaDbDialect(), DdlPolicy.DEFAULT, RunLog.SILENT).session();
        assertEquals(
                "ALTER TABLE `or``ders` NOWAIT ADD COLUMN `x` int, ALGORITHM=INSTANT, LOCK=NONE",
                nowait.bounded(
                                Ddl.alterTable("`or``ders`", "ADD COLUMN `x` int")
                                        .withOnline("INSTANT", "NONE"),
                                false)
                        .render());
        assertEquals(
                "ALTER TABLE `t` NOWAIT ADD COLUMN `x` int COMMENT 'ALTER TABLE `t` ADD', ALGORITHM=INSTANT, LOCK=NONE",
                nowait.bounded(
                                Ddl.alterTable("`t`", "ADD COLUMN `x` int COMMENT 'ALTER TABLE `t` ADD'")
                                        .withOnline("INSTANT", "NONE"),
                                false)
                        .render());
        assertEquals(
                "CREATE INDEX `ix` ON `orders` (`note`) NOWAIT ALGORITHM=NOCOPY LOCK=NONE",
                nowait.bounded(
                                Ddl.createIndex("CREATE INDEX `ix`", "`orders`", "(`note`)")
                                        .withOnline("NOCOPY", "NONE"),
                                false)
                        .render());
        assertEquals(
                "DROP TABLE `orders` NOWAIT",
                nowait.bounded(Ddl.dropTable("`orders`"), false).render());
        assertEquals(
                "DROP TABLE `orders` WAIT 1",
                nowait.bounded(Ddl.dropTable("`orders`"), true).render(),
                "only short write transactions hold the lock: wait for them");
        assertEquals(
                "SET SESSION foreign_key_checks = 0",
                nowait.bounded(Ddl.of("SET SESSION foreign_key_checks = 0"), false)
                        .render());
        Session wait = new DdlExecutor(
                        null,
                        new MariaDbDialect(),
                        DdlPolicy.DEFAULT.withLockWait(Duration.ofMillis(1500)),
                        RunLog.SILENT)
                .session();
        assertEquals(
                "ALTER TABLE `orders` WAIT 2 DROP INDEX `ix`, ALGORITHM=NOCOPY, LOCK=NONE",
                wait.bounded(Ddl.alterTable("`orders`", "DROP INDEX `ix`").withOnline("NOCOPY", "NONE"), false)
                        .render());
    }

    @Test
    void postgresqlRevisionsStayAtomicUnlessAStepMustCommitOnItsOwn() {
        DdlExecutor pg = new DdlExecutor(null, new PostgresDialect(), DdlPolicy.DEFAULT, RunLog.SILENT);
        assertTrue(pg.atomic(RevisionInfo.of(new Shop()).upgrade()));
        assertTrue(pg.atomic(RevisionInfo.of(new AddFlag()).upgrade()));
        assertFalse(
                pg.atomic(RevisionInfo.of(new OnlineOnTableInUse()).upgrade()),
                "concurrent index, validation, backfill");
    }

    @Test
    void postgresqlRetriesUnderLockTimeoutAndNamesTheBlocker() throws Exception {
        try (Connection c = postgres()) {
            shop(c, 10);
            try (Connection blocker = blocker(url(c), "postgres")) {
                long pid = scalar(blocker, "SELECT pg_backend_pid()");
                MigrationException e = assertThrows(
                        MigrationException.class,
                        () -> runner(
                                        c,
                                        new Log(),
                                        DdlPolicy.DEFAULT.withRetryBudget(Duration.ofMillis(1200)),
                                        SafetyPolicy.DEFAULT,
                                        new AddFlag())
                                .upgrade("head"));
                assertTrue(e.getMessage().contains("SQLState 55P03"), e.getMessage());
                assertTrue(e.getMessage().contains("held by session " + pid + " (postgres"), e.getMessage());
                assertTrue(e.getMessage().contains("pg_terminate_backend(" + pid + ")"), e.getMessage());
                assertTrue(
                        e.getMessage().contains("Nothing was committed"),
                        "an atomic revision rolled back: " + e.getMessage());

                CompletableFuture<Void> release = CompletableFuture.runAsync(() -> {
                    try {
                        Thread.sleep(1500);
                        blocker.rollback();
                    } catch (Exception x) {
                        throw new IllegalStateException(x);
                    }
                });
                Log log = new Log();
                assertEquals(
                        List.of("s2"),
                        runner(c, log, FAST, SafetyPolicy.DEFAULT, new AddFlag())
                                .upgrade("head"));
                release.get(10, TimeUnit.SECONDS);
                assertTrue(log.all().matches("(?s).*got the lock on attempt \\d+ after.*"), log.all());
                assertEquals(
                        1,
                        scalar(
                                c,
                                "SELECT COUNT(*) FROM information_schema.columns WHERE table_name = 'orders' "
                                        + "AND column_name = 'flag'"));
            }
        }
    }

    static final String PG_INDEX = "SELECT COUNT(*) FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid "
            + "WHERE x.relname = 'ix_orders_note' AND x.relnamespace = current_schema()::regnamespace AND i.indisvalid = ";

    /** A valid index a DBA built under the step's name is not dropped by the cleanup of the failed step. */
    @Test
    void postgresqlKeepsAValidIndexThatAlreadyHasTheName() throws Exception {
        try (Connection c = postgres()) {
            shop(c, 10);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE INDEX ix_orders_note ON orders (amount)");
            }
            Log log = new Log();
            MigrationException e = assertThrows(
                    MigrationException.class,
                    () -> runner(c, log, FAST, SafetyPolicy.DEFAULT, new IndexNote())
                            .upgrade("head"));
            assertTrue(e.getMessage().contains("ix_orders_note"), e.getMessage());
            assertEquals(1, scalar(c, PG_INDEX + "true"), "the existing index was dropped:\n" + log.all());
            assertTrue(log.all().contains("a valid index ix_orders_note already exists"), log.all());
        }
    }

    /** An INVALID index under the step's name (a killed or failed concurrent build) is removed, so the rerun can build it. */
    @Test
    void postgresqlDropsTheInvalidIndexAFailedBuildLeft() throws Exception {
        try (Connection c = postgres()) {
            shop(c, 10);
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE orders SET note = 'same'");
                assertThrows(
                        SQLException.class,
                        () -> s.execute("CREATE UNIQUE INDEX CONCURRENTLY ix_orders_note ON orders (note)"));
            }
            assertEquals(1, scalar(c, PG_INDEX + "false"));
            assertThrows(
                    MigrationException.class,
                    () -> runner(c, new Log(), FAST, SafetyPolicy.DEFAULT, new IndexNote())
                            .upgrade("head"));
            assertEquals(0, scalar(c, "SELECT COUNT(*) FROM pg_class WHERE relname = 'ix_orders_note'"));
            assertEquals(
                    List.of("s2"),
                    runner(c, new Log(), FAST, SafetyPolicy.DEFAULT, new IndexNote())
                            .upgrade("head"));
            assertEquals(1, scalar(c, PG_INDEX + "true"));
        }
    }

    @Test
    void postgresqlBuildsConcurrentlyAndValidatesSeparately() throws Exception {
        try (Connection c = postgres()) {
            shop(c, 18);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE orders SET code = 'c' || id");
                s.executeUpdate("UPDATE orders SET customer_id = 77 WHERE id = 4");
            }
            MigrationException e = assertThrows(
                    MigrationException.class,
                    () -> runner(c, new Log(), FAST, SafetyPolicy.DEFAULT, new OnlineOnTableInUse())
                            .upgrade("head"));
            assertTrue(e.getMessage().contains("failed at step 3 of 5"), e.getMessage());
            assertTrue(e.getMessage().contains("1 row of orders referencing no row of customer"), e.getMessage());
            assertTrue(
                    e.getMessage().contains("the revision runs step by step"),
                    "concurrent builds commit step by step: " + e.getMessage());
            assertTrue(e.getMessage().contains("steps 1-2:"), e.getMessage());
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE orders SET customer_id = 1 WHERE id = 4");
            }
            assertEquals(
                    List.of("s2"),
                    runner(c, new Log(), FAST, SafetyPolicy.DEFAULT, new OnlineOnTableInUse())
                            .upgrade("head"));
            assertEquals(
                    2,
                    scalar(
                            c,
                            "SELECT COUNT(*) FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid WHERE x.relname "
                                    + "IN ('ix_orders_note', 'uk_orders_code') AND i.indisvalid"));
            assertEquals(
                    1,
                    scalar(c, "SELECT COUNT(*) FROM pg_constraint WHERE conname = 'uk_orders_code' AND contype = 'u'"));
            assertEquals(
                    1,
                    scalar(
                            c,
                            "SELECT COUNT(*) FROM pg_constraint WHERE conname = 'fk_orders_customer' AND convalidated"));
            assertEquals(
                    "NO",
                    text(
                            c,
                            "SELECT is_nullable FROM information_schema.columns WHERE table_name = 'orders' "
                                    + "AND column_name = 'note'"));
            assertEquals(
                    0,
                    scalar(c, "SELECT COUNT(*) FROM pg_constraint WHERE conname = 'orders_note_not_null'"),
                    "the helper check is gone");
            assertEquals(6, scalar(c, "SELECT COUNT(*) FROM orders WHERE note = 'none'"));
        }
    }
}

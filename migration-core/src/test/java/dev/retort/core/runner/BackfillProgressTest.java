package dev.retort.core.runner;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.db.TestDatabase;
import dev.retort.core.dialect.Dialect;
import dev.retort.core.dialect.Dialects;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.safety.SafetyPolicy;
import dev.retort.migration.ColumnType;
import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Backfill progress on real servers (issue 16, items 6-8): keys of every kind read back as the same
 * value, progress does not outlive a downgrade or a stamp, and a batch behind an application's row
 * lock gives its rows back within about a second and finishes once the application commits.
 */
class BackfillProgressTest {

    static final int ROWS = 30;
    /** The key column's type for the next {@link Items}. */
    static volatile ColumnType keyType = bigint();
    /** Fails the backfill function at this call (1-based), 0 never; batches of 5, so 18 leaves 15 rows committed. */
    static volatile int failAt;

    static final AtomicInteger calls = new AtomicInteger();
    static final Set<Object> computed = ConcurrentHashMap.newKeySet();

    @Revision(id = "k1", message = "items")
    public static final class Items implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.createTable(
                    "items",
                    column("k", keyType).primaryKey(),
                    column("n", integer()).nullable());
        }

        @Override
        public void downgrade(Operations op) {
            op.dropTable("items").acceptDataLoss();
        }
    }

    @Revision(id = "k2", parents = "k1", message = "label items")
    public static final class LabelItems implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.addColumn("items", column("label", varchar(20)).nullable());
            op.backfill(
                            "items",
                            "label",
                            row -> {
                                if (calls.incrementAndGet() == failAt) {
                                    throw new IllegalStateException("injected failure");
                                }
                                Object k = row.get("k");
                                computed.add(
                                        k instanceof byte[] b ? HexFormat.of().formatHex(b) : k);
                                return "n" + row.get("n");
                            },
                            "n")
                    .batchSize(5)
                    .throttle(0);
        }

        @Override
        public void downgrade(Operations op) {
            op.dropColumn("items", "label").acceptDataLoss();
        }
    }

    @Revision(id = "k2", parents = "k1", message = "add label")
    public static final class AddLabel implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.addColumn("items", column("label", varchar(20)).nullable());
        }

        @Override
        public void downgrade(Operations op) {
            op.dropColumn("items", "label").acceptDataLoss();
        }
    }

    @Revision(id = "k3", parents = "k2", message = "label items in SQL")
    public static final class LabelItemsInSql implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.backfill("items", "label", "'x'").batchSize(10).throttle(0);
        }

        @Override
        public void downgrade(Operations op) {}
    }

    static MigrationRunner runner(Connection c, OnlineDdlTest.Log log, Migration... more) throws SQLException {
        List<RevisionInfo> revisions = new ArrayList<>(List.of(RevisionInfo.of(new Items())));
        for (Migration m : more) {
            revisions.add(RevisionInfo.of(m));
        }
        Dialect d = Dialects.detect(c.getMetaData());
        return new MigrationRunner(
                c,
                d,
                new RevisionGraph(revisions),
                log,
                true,
                Duration.ofSeconds(5),
                SafetyPolicy.DEFAULT,
                OnlineDdlTest.FAST);
    }

    /** The table items with {@link #ROWS} rows keyed by {@code key(i)} (ascending in i as the database orders them), n = i. */
    static void items(Connection c, ColumnType type, IntFunction<Object> key) throws SQLException {
        keyType = type;
        runner(c, new OnlineDdlTest.Log()).upgrade("k1");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO items (k, n) VALUES (?, ?)")) {
            for (int i = 1; i <= ROWS; i++) {
                ps.setObject(1, key.apply(i));
                ps.setInt(2, i);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The first run of LabelItems fails in its fourth batch: 15 rows filled and their progress saved. */
    static void failMidway(Connection c) throws SQLException {
        calls.set(0);
        computed.clear();
        failAt = 18;
        OnlineDdlTest.Log log = new OnlineDdlTest.Log();
        MigrationException e = assertThrows(
                MigrationException.class, () -> runner(c, log, new LabelItems()).upgrade("head"));
        assertTrue(e.getMessage().contains("injected failure"), e.getMessage());
        assertEquals(15, OnlineDdlTest.scalar(c, "SELECT COUNT(*) FROM items WHERE label IS NOT NULL"), log.all());
        assertEquals(15, OnlineDdlTest.scalar(c, "SELECT rows_done FROM retort_backfill WHERE revision = 'k2'"));
        failAt = 0;
        computed.clear();
    }

    static Stream<Arguments> keyKinds() {
        IntFunction<Object> binary = i -> {
            byte[] b = new byte[16];
            b[0] = (byte) i; // below '[' (0x5b): a key saved as "[B@..." would skip every remaining row
            b[15] = (byte) (0xf0 + i % 16);
            return b;
        };
        IntFunction<Object> varcharKey = i -> String.format("key-%03d", i);
        IntFunction<Object> longKey = i -> "k".repeat(300) + String.format("%03d", i);
        IntFunction<Object> uuidKey = i -> new UUID(0x1000_0000_0000_0000L + i, i);
        return Stream.of(
                Arguments.of("mysql binary(16)", "mysql", custom("binary(16)"), binary),
                Arguments.of("mariadb binary(16)", "mariadb", custom("binary(16)"), binary),
                Arguments.of("mysql varchar", "mysql", varchar(20), varcharKey),
                Arguments.of("mariadb long string", "mariadb", varchar(400), longKey),
                Arguments.of("mysql long string", "mysql", varchar(400), longKey),
                Arguments.of("postgresql uuid", "postgresql", uuid(), uuidKey),
                Arguments.of("postgresql long string", "postgresql", varchar(400), longKey),
                Arguments.of("h2 long string", "h2", varchar(400), longKey));
    }

    static TestDatabase database(String server) {
        return switch (server) {
            case "mysql" -> TestDatabase.mysql();
            case "mariadb" -> TestDatabase.mariadb();
            case "postgresql" -> TestDatabase.postgresql();
            default -> TestDatabase.h2();
        };
    }

    /** Item 7: the saved key reads back as the same value, whatever its type, and the rerun fills exactly the rest. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("keyKinds")
    void resumesAfterTheSavedKeyOfAnyType(String name, String server, ColumnType type, IntFunction<Object> key)
            throws Exception {
        try (Connection c = database(server).open()) {
            items(c, type, key);
            failMidway(c);
            OnlineDdlTest.Log log = new OnlineDdlTest.Log();
            assertEquals(List.of("k2"), runner(c, log, new LabelItems()).upgrade("head"));
            Object last = key.apply(15);
            String shown = last instanceof byte[] b ? "0x" + HexFormat.of().formatHex(b) : String.valueOf(last);
            assertTrue(
                    log.all().contains("Resuming backfill of items.label after key " + shown + ": 15 rows"), log.all());
            assertEquals(
                    ROWS, OnlineDdlTest.scalar(c, "SELECT COUNT(*) FROM items WHERE label IS NOT NULL"), log.all());
            assertEquals(
                    ROWS - 15, computed.size(), "only the rows after the saved key are computed again: " + computed);
            assertEquals("n16", OnlineDdlTest.text(c, "SELECT label FROM items WHERE n = 16"));
        }
    }

    static Stream<String> servers() {
        return Stream.of("mysql", "mariadb", "postgresql", "h2");
    }

    /** Item 6: a downgrade of the half-applied revision forgets its progress; the upgrade after it fills every row. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void downgradeForgetsTheBackfillProgress(String server) throws Exception {
        try (Connection c = database(server).open()) {
            items(c, bigint(), i -> (long) i);
            failMidway(c);
            assertEquals(
                    List.of("k2"),
                    runner(c, new OnlineDdlTest.Log(), new LabelItems()).downgrade("-1"));
            assertEquals(0, OnlineDdlTest.scalar(c, "SELECT COUNT(*) FROM retort_backfill WHERE revision = 'k2'"));
            OnlineDdlTest.Log log = new OnlineDdlTest.Log();
            assertEquals(List.of("k2"), runner(c, log, new LabelItems()).upgrade("head"));
            assertFalse(log.all().contains("Resuming backfill"), log.all());
            assertEquals(
                    ROWS, OnlineDdlTest.scalar(c, "SELECT COUNT(*) FROM items WHERE label IS NOT NULL"), log.all());
        }
    }

    /** Item 6: stamping forgets the progress of the revisions it records or no longer records. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void stampForgetsTheBackfillProgress(String server) throws Exception {
        try (Connection c = database(server).open()) {
            items(c, bigint(), i -> (long) i);
            failMidway(c);
            runner(c, new OnlineDdlTest.Log(), new LabelItems()).stamp("k1", false);
            assertEquals(0, OnlineDdlTest.scalar(c, "SELECT COUNT(*) FROM retort_backfill WHERE revision = 'k2'"));
        }
    }

    static Stream<String> rowLockServers() {
        return Stream.of("mysql", "mariadb", "postgresql");
    }

    /**
     * Item 8: an application transaction holds a row lock on a row of the first batch. The batch
     * gives back the rows it updated within about a second each attempt (another session waiting
     * for one of them gets it), and the backfill completes once the application commits.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("rowLockServers")
    void batchBehindAnApplicationRowLockGivesItsRowsBack(String server) throws Exception {
        TestDatabase db = database(server);
        boolean pg = server.equals("postgresql");
        try (Connection c = db.open();
                Connection app = db.open();
                Connection probe = db.open();
                Connection runs = db.open()) {
            items(c, bigint(), i -> (long) i);
            runner(c, new OnlineDdlTest.Log(), new AddLabel()).upgrade("k2");
            app.setAutoCommit(false);
            try (Statement s = app.createStatement()) {
                s.executeUpdate("UPDATE items SET n = n WHERE k = 5");
            }
            OnlineDdlTest.Log log = new OnlineDdlTest.Log();
            CompletableFuture<List<String>> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return runner(runs, log, new AddLabel(), new LabelItemsInSql())
                            .upgrade("head");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(3000); // the first batch has updated rows 1-4 and waits for row 5
            probe.setAutoCommit(false);
            try (Statement s = probe.createStatement()) {
                s.execute(pg ? "SET lock_timeout = '15s'" : "SET SESSION innodb_lock_wait_timeout = 15");
            }
            long start = System.nanoTime();
            String waited;
            try (Statement s = probe.createStatement();
                    ResultSet rs = s.executeQuery("SELECT k FROM items WHERE k = 2 FOR UPDATE")) {
                rs.next();
                waited = (System.nanoTime() - start) / 1_000_000 + " ms";
            } catch (SQLException e) {
                waited = "more than 15 s (" + e.getMessage() + ")";
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            probe.rollback();
            app.commit();
            assertEquals(List.of("k3"), run.get(60, TimeUnit.SECONDS));
            assertTrue(
                    millis < 2500,
                    "the row another session needs was held by the waiting batch for " + waited + "\n" + log.all());
            assertTrue(log.all().contains("is locked by another transaction"), log.all());
            assertEquals(ROWS, OnlineDdlTest.scalar(c, "SELECT COUNT(*) FROM items WHERE label = 'x'"), log.all());
        }
    }
}

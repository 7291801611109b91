package dev.retort.core.runner;

import static dev.retort.core.runner.OnlineDdlTest.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.runner.DdlPolicy.OnlineCopy;
import dev.retort.core.safety.SafetyPolicy;
import dev.retort.migration.Migration;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shadow-table copy ({@code migrate.onlineCopy}) on real MySQL and MariaDB servers: the
 * changed table holds exactly the rows concurrent writers left, nothing of the copy remains, and
 * a run that dies at any point leaves the table usable and is finished by the next run.
 */
class ShadowCopyTest {

    static final int ROWS = 6000;

    /** Expected content of orders: id to "amount|note", kept by the writers after each committed write. */
    static Map<Long, String> initialRows() {
        Map<Long, String> rows = new ConcurrentHashMap<>();
        for (long i = 1; i <= ROWS; i++) {
            rows.put(i, i + "|" + (i % 3 == 0 ? null : "note " + i));
        }
        return rows;
    }

    static Map<Long, String> actualRows(Connection c) throws SQLException {
        Map<Long, String> rows = new HashMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, amount, note FROM orders")) {
            while (rs.next()) {
                rows.put(rs.getLong(1), rs.getBigDecimal(2).longValueExact() + "|" + rs.getString(3));
            }
        }
        return rows;
    }

    /** Fails naming the first rows that differ, not the thousands that agree. */
    static void assertSameRows(Map<Long, String> expected, Map<Long, String> actual, String message) {
        java.util.TreeSet<Long> ids = new java.util.TreeSet<>(expected.keySet());
        ids.addAll(actual.keySet());
        List<String> differences = new ArrayList<>();
        for (Long id : ids) {
            if (!java.util.Objects.equals(expected.get(id), actual.get(id)) && differences.size() < 10) {
                differences.add("id " + id + ": expected " + expected.get(id) + ", found " + actual.get(id));
            }
        }
        assertTrue(
                differences.isEmpty(),
                message + " (" + expected.size() + " rows expected, " + actual.size() + " found): " + differences);
    }

    /**
     * Writers that insert, update and delete orders until stopped, each on its own share of the rows.
     * A write that fails stops its writer, unless the writers count errors: then the failed write is
     * left out of the expected rows (it was rolled back), counted, and the writer goes on.
     */
    static final class Writers {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong writes = new AtomicLong();
        final AtomicLong slowestMillis = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final List<String> errorMessages = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<CompletableFuture<Void>> running = new ArrayList<>();
        private final int count;
        private final boolean countErrors;

        Writers(String url, Map<Long, String> expected) {
            this(url, expected, 3, false);
        }

        Writers(String url, Map<Long, String> expected, int count, boolean countErrors) {
            this.count = count;
            this.countErrors = countErrors;
            for (int w = 0; w < count; w++) {
                int writer = w;
                running.add(CompletableFuture.runAsync(() -> write(url, writer, expected)));
            }
        }

        private void write(String url, int writer, Map<Long, String> expected) {
            try (Connection c = DriverManager.getConnection(url, "root", "");
                    PreparedStatement update =
                            c.prepareStatement("UPDATE orders SET amount = amount + 1 WHERE id = ?");
                    PreparedStatement insert = c.prepareStatement(
                            "INSERT INTO orders (customer_id, note, amount) VALUES (1, ?, ?)",
                            Statement.RETURN_GENERATED_KEYS);
                    PreparedStatement delete = c.prepareStatement("DELETE FROM orders WHERE id = ?")) {
                long own = writer + count;
                for (long k = 0; !stop.get(); k++) {
                    long started = System.nanoTime();
                    if (k % 3 != 0) {
                        own = own + count > ROWS ? writer + count : own + count;
                    }
                    try {
                        writeOnce(writer, k, own, insert, update, delete, expected);
                    } catch (SQLException e) {
                        if (!countErrors) {
                            throw e;
                        }
                        errors.incrementAndGet();
                        errorMessages.add("writer " + writer + ": " + e.getMessage());
                    }
                    writes.incrementAndGet();
                    slowestMillis.accumulateAndGet((System.nanoTime() - started) / 1_000_000, Math::max);
                    Thread.sleep(2);
                }
            } catch (Exception e) {
                throw new IllegalStateException("writer " + writer + " failed", e);
            }
        }

        /** One write: every third an insert, every tenth a delete of one of the writer's rows, else an update of one. */
        private static void writeOnce(
                int writer,
                long k,
                long id,
                PreparedStatement insert,
                PreparedStatement update,
                PreparedStatement delete,
                Map<Long, String> expected)
                throws SQLException {
            if (k % 3 == 0) {
                insert.setString(1, "w" + writer);
                insert.setLong(2, k);
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    expected.put(keys.getLong(1), k + "|w" + writer);
                }
            } else if (k % 10 == 1) {
                delete.setLong(1, id);
                delete.executeUpdate();
                expected.remove(id);
            } else {
                update.setLong(1, id);
                if (update.executeUpdate() == 1) {
                    expected.computeIfPresent(
                            id,
                            (key, v) ->
                                    (Long.parseLong(v.substring(0, v.indexOf('|'))) + 1) + v.substring(v.indexOf('|')));
                }
            }
        }

        void stop() throws Exception {
            stop.set(true);
            for (CompletableFuture<Void> w : running) {
                w.get(20, TimeUnit.SECONDS);
            }
        }
    }

    static DdlPolicy copying(OnlineCopy mode, int chunk, double throttle) {
        return FAST.withCopyRowLimit(100).withOnlineCopy(mode, chunk, throttle);
    }

    static List<String> leftovers(Connection c) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT TABLE_NAME FROM information_schema.TABLES "
                        + "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE '\\_orders\\_rt%' UNION ALL SELECT TRIGGER_NAME "
                        + "FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()")) {
            while (rs.next()) {
                found.add(rs.getString(1));
            }
        }
        return found;
    }

    static String amountType(Connection c) throws SQLException {
        return text(
                c,
                "SELECT COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                        + "AND TABLE_NAME = 'orders' AND COLUMN_NAME = 'amount'");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.core.runner.OnlineDdlTest#mysqlFamily")
    void copiesWhatTheServerCouldOnlyCopyWhileWritersKeepWriting(String server) throws Exception {
        try (Connection c = connect(server)) {
            shop(c, ROWS);
            Map<Long, String> expected = initialRows();
            assertSameRows(expected, actualRows(c), "the shop as the test expects it");
            Writers writers = new Writers(url(c), expected);
            Log log = new Log();
            long writesBefore;
            long writesAfter;
            try {
                Thread.sleep(200);
                writesBefore = writers.writes.get();
                assertEquals(
                        List.of("s2"),
                        runner(c, log, copying(OnlineCopy.COPIES, 200, 0.5), SafetyPolicy.DEFAULT, new WidenAmount())
                                .upgrade("head"),
                        log.all());
                writesAfter = writers.writes.get();
                Thread.sleep(200);
            } finally {
                writers.stop();
            }
            assertEquals("decimal(14,2)", amountType(c));
            assertSameRows(
                    expected,
                    actualRows(c),
                    "every insert, update and delete made during the copy is in the new table");
            assertEquals(List.of(), leftovers(c), "no shadow table, old table or trigger is left");
            assertTrue(log.all().contains("so Retort copies it online"), log.all());
            assertTrue(log.all().matches("(?s).*copy of orders: [\\d,]+ rows in .*"), log.all());
            assertTrue(
                    writesAfter - writesBefore > 20,
                    "writes went on during the copy: " + (writesAfter - writesBefore) + "\n" + log.all());
            assertTrue(writers.slowestMillis.get() < 5000, "slowest write " + writers.slowestMillis.get() + " ms");
        }
    }

    /**
     * {@code migrate.onlineCopy.feed=binlog} on MySQL 8.0.31, under four writers inserting, updating
     * and deleting all along: a first run is killed mid-copy and leaves the table unchanged and no
     * trigger; the next run resumes the copy after its last chunk, reading the binary log again from
     * the position the first run recorded, and swaps in a table holding exactly the rows the writers
     * left, every write of theirs committed (none failed), without ever creating a trigger.
     */
    @Test
    void theBinlogFeedCopiesUnderFourWritersAndAKilledRunIsResumed() throws Exception {
        try (Connection c = connect("mysql");
                Connection admin = DriverManager.getConnection(url(c), "root", "")) {
            shop(c, ROWS);
            Map<Long, String> expected = initialRows();
            Writers writers = new Writers(url(c), expected, 4, true);
            Log first = new Log();
            Log second = new Log();
            long writesDuring;
            try {
                killBinlogFedCopyMidway(c, admin, first);
                assertTrue(first.all().contains("reading the binary log from binlog."), first.all());
                assertEquals("decimal(12,2)", amountType(admin), "the table itself is unchanged");
                assertEquals(List.of("_orders_rtnew"), leftovers(admin), "the shadow is left, and no trigger");

                long before = writers.writes.get();
                try (Connection again = DriverManager.getConnection(url(admin), "root", "")) {
                    assertEquals(
                            List.of("s2"),
                            runner(again, second, binlogFed(200, 0.5), SafetyPolicy.DEFAULT, new WidenAmount())
                                    .withLogin(url(again), "root", "")
                                    .upgrade("head"),
                            second.all());
                }
                writesDuring = writers.writes.get() - before;
                Thread.sleep(200);
            } finally {
                writers.stop();
            }
            second.all()
                    .lines()
                    .filter(l -> l.contains("locked for") || l.contains("copy of orders"))
                    .forEach(System.out::println);
            assertEquals(0, writers.errors.get(), "writes that failed: " + writers.errorMessages);
            assertEquals("decimal(14,2)", amountType(admin));
            assertSameRows(
                    expected,
                    actualRows(admin),
                    "every insert, update and delete made during both runs is in the new table");
            assertEquals(List.of(), leftovers(admin), "no shadow table, old table or trigger is left");
            assertTrue(
                    second.all()
                            .matches("(?s).*an earlier run stopped while copying orders to _orders_rtnew, fed from the "
                                    + "binary log; it resumes after key \\d+, reading the binary log again from "
                                    + "binlog\\.\\d+:\\d+ .*"),
                    second.all());
            assertFalse(second.all().contains("Dropping _orders_rtnew"), second.all());
            assertTrue(first.all().contains("the binary log keeps it in step"), first.all());
            assertTrue(
                    second.all().contains("made since the copy began (migrate.onlineCopy.feed=binlog"), second.all());
            assertTrue(second.all().matches("(?s).*orders was locked for [\\d.]+ ms: .*"), second.all());
            assertFalse(second.all().contains("CREATE TRIGGER"), second.all());
            assertTrue(writesDuring > 50, "writes went on during the copy: " + writesDuring + "\n" + second.all());
        }
    }

    /**
     * Starts {@link WidenAmount} through the binary-log feed on {@code c} (its failure, if any, goes to
     * {@code failure}) and returns once 300 rows are in the shadow table, the copy under way.
     */
    private static CompletableFuture<Void> copyingMidway(
            Connection c, Connection admin, Log log, AtomicReference<Throwable> failure) throws Exception {
        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
            try {
                runner(c, log, binlogFed(100, 20), SafetyPolicy.DEFAULT, new WidenAmount())
                        .withLogin(url(c), "root", "")
                        .upgrade("head");
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (scalar(
                                admin,
                                "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                                        + "AND TABLE_NAME = '_orders_rtnew'")
                        == 0
                || scalar(admin, "SELECT COUNT(*) FROM _orders_rtnew") < 300) {
            assertTrue(System.nanoTime() < deadline, "the copy never started:\n" + log.all());
            Thread.sleep(20);
        }
        return run;
    }

    /**
     * Runs {@link WidenAmount} through the binary-log feed on {@code c} and kills its session once 300 rows are in
     * the shadow table; asserts that the killed run failed.
     */
    private static void killBinlogFedCopyMidway(Connection c, Connection admin, Log log) throws Exception {
        long session = scalar(c, "SELECT CONNECTION_ID()");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CompletableFuture<Void> run = copyingMidway(c, admin, log, failure);
        try (Statement s = admin.createStatement()) {
            s.execute("KILL " + session);
        }
        run.get(30, TimeUnit.SECONDS);
        assertNotNull(failure.get(), "the killed run failed:\n" + log.all());
        // what is left, as the failure says: the shadow, and no trigger writing to it
        String m = failure.get().getMessage();
        assertTrue(m.contains("orders is unchanged, and has no trigger (the copy was fed from the binary log)"), m);
        assertFalse(m.contains("_orders_rtins"), m);
        assertFalse(log.all().contains("and its triggers"), log.all());
    }

    /**
     * A binary-log copy killed mid-copy whose first binary log file is purged before the rerun cannot be
     * resumed: the rerun's start-up cleanup drops the shadow saying so, the step copies afresh, and the
     * table holds exactly the rows the writers left.
     */
    @Test
    void aBinlogFedCopyWhoseBinaryLogIsPurgedIsDroppedSayingWhyAndCopiedAgain() throws Exception {
        try (Connection c = connect("mysql");
                Connection admin = DriverManager.getConnection(url(c), "root", "")) {
            shop(c, ROWS);
            Map<Long, String> expected = initialRows();
            Writers writers = new Writers(url(c), expected, 2, true);
            Log first = new Log();
            Log second = new Log();
            try {
                killBinlogFedCopyMidway(c, admin, first);
                assertEquals(List.of("_orders_rtnew"), leftovers(admin), "the shadow is left, and no trigger");
                String current;
                try (Statement s = admin.createStatement()) {
                    s.execute("FLUSH BINARY LOGS");
                    try (ResultSet rs = s.executeQuery("SHOW MASTER STATUS")) {
                        assertTrue(rs.next());
                        current = rs.getString(1);
                    }
                    s.execute("PURGE BINARY LOGS TO '" + current + "'");
                }
                try (Connection again = DriverManager.getConnection(url(admin), "root", "")) {
                    assertEquals(
                            List.of("s2"),
                            runner(again, second, binlogFed(200, 0.5), SafetyPolicy.DEFAULT, new WidenAmount())
                                    .withLogin(url(again), "root", "")
                                    .upgrade("head"),
                            second.all());
                }
                Thread.sleep(200);
            } finally {
                writers.stop();
            }
            assertEquals(0, writers.errors.get(), "writes that failed: " + writers.errorMessages);
            assertEquals("decimal(14,2)", amountType(admin));
            assertSameRows(expected, actualRows(admin), "every write made during both runs is in the new table");
            assertEquals(List.of(), leftovers(admin), "no shadow table, old table or trigger is left");
            assertTrue(
                    second.all()
                            .matches(
                                    "(?s).*Dropping _orders_rtnew, the unfinished shadow copy of a killed run \\(orders "
                                            + "itself was not changed\\), and starting over: it cannot be resumed, the binary log "
                                            + "file binlog\\.\\d+ it began in is purged.*"),
                    second.all());
        }
    }

    /**
     * The binary-log feed fails the copy at once, saying why, when it cannot read the table's writes: an update
     * that a session logs as a partial update ({@code binlog_row_value_options=PARTIAL_JSON}; as the server's
     * setting it is refused before anything changes), a transaction that a session compresses, and the reader's
     * connection killed. The update was passed over (the copy swapped in without it), and the other two went
     * unnoticed until a catch-up gave up after 30 s, naming only positions. Each run fails within seconds of the
     * write, and the table is unchanged, with nothing left.
     */
    @Test
    void theBinlogFeedFailsTheCopyAtOnceWhenItCannotReadTheTablesWrites() throws Exception {
        try (Connection c = connect("mysql");
                Connection admin = DriverManager.getConnection(url(c), "root", "")) {
            shop(c, 2000);
            try (Statement s = admin.createStatement()) {
                s.execute("SET GLOBAL binlog_row_value_options = 'PARTIAL_JSON'");
                try {
                    Exception e = assertThrows(
                            Exception.class,
                            () -> runner(c, new Log(), binlogFed(100, 0), SafetyPolicy.DEFAULT, new WidenAmount())
                                    .withLogin(url(c), "root", "")
                                    .upgrade("head"));
                    assertTrue(e.getMessage().contains("binlog_row_value_options is PARTIAL_JSON"), e.getMessage());
                    assertTrue(e.getMessage().contains("Nothing was changed"), e.getMessage());
                } finally {
                    s.execute("SET GLOBAL binlog_row_value_options = ''");
                }
            }
            assertEquals(List.of(), leftovers(admin));
            Map<String, String> cases = new java.util.LinkedHashMap<>();
            cases.put("SET SESSION binlog_row_value_options = 'PARTIAL_JSON'", "is logged as a partial update");
            cases.put("SET SESSION binlog_transaction_compression = ON", "binlog_transaction_compression=ON");
            cases.put("KILL", "the server ended the connection the binary log was read over");
            for (Map.Entry<String, String> write : cases.entrySet()) {
                Log log = new Log();
                AtomicReference<Throwable> failure = new AtomicReference<>();
                CompletableFuture<Void> run = copyingMidway(c, admin, log, failure);
                long written = System.nanoTime();
                try (Connection writer = DriverManager.getConnection(url(c), "root", "");
                        Statement s = writer.createStatement()) {
                    if (write.getKey().equals("KILL")) {
                        s.execute("KILL "
                                + scalar(
                                        writer,
                                        "SELECT MIN(ID) FROM information_schema.PROCESSLIST "
                                                + "WHERE COMMAND LIKE 'Binlog Dump%'"));
                    } else {
                        s.execute(write.getKey());
                    }
                    // a row the copy has copied already
                    s.executeUpdate("UPDATE orders SET amount = amount + 1 WHERE id = 7");
                }
                run.get(60, TimeUnit.SECONDS);
                long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - written);
                assertNotNull(failure.get(), write.getKey() + ": the copy failed\n" + log.all());
                String m = failure.get().getMessage();
                assertTrue(m.contains("reading the binary log failed: "), m);
                assertTrue(m.contains(write.getValue()), m);
                assertFalse(
                        m.contains("DELETE FROM retort_online_copy"), "the failed statement, not the cleanup's: " + m);
                assertTrue(seconds < 10, write.getKey() + ": failed after " + seconds + " s: " + m);
                assertEquals("decimal(12,2)", amountType(admin), "the table itself is unchanged");
                assertEquals(List.of(), leftovers(admin), "the shadow is dropped");
            }
        }
    }

    /**
     * A binary-log copy killed mid-copy is not resumed while the server no longer serves the feed (here
     * {@code binlog_format=MIXED}, under which a writer's UPDATE is logged as a statement the feed does not
     * read): the rerun fails saying so and keeps the copy; once the setting is back, the next run resumes it. The
     * resume used to read the binary log under whatever the server's settings had become.
     */
    @Test
    void aKilledBinlogFedCopyIsNotResumedWhileTheServerNoLongerServesTheFeed() throws Exception {
        try (Connection c = connect("mysql");
                Connection admin = DriverManager.getConnection(url(c), "root", "")) {
            shop(c, 2000);
            killBinlogFedCopyMidway(c, admin, new Log());
            assertEquals(List.of("_orders_rtnew"), leftovers(admin), "the shadow is left, and no trigger");
            try (Statement s = admin.createStatement()) {
                s.execute("SET GLOBAL binlog_format = 'MIXED'");
                try (Connection again = DriverManager.getConnection(url(admin), "root", "")) {
                    Exception e = assertThrows(
                            Exception.class,
                            () -> runner(again, new Log(), binlogFed(200, 0.5), SafetyPolicy.DEFAULT, new WidenAmount())
                                    .withLogin(url(again), "root", "")
                                    .upgrade("head"));
                    assertTrue(
                            e.getMessage().contains("the copy cannot be resumed now: binlog_format is MIXED"),
                            e.getMessage());
                    assertTrue(e.getMessage().contains("_orders_rtnew is kept"), e.getMessage());
                } finally {
                    s.execute("SET GLOBAL binlog_format = 'ROW'");
                }
            }
            assertEquals(List.of("_orders_rtnew"), leftovers(admin), "the unfinished copy is kept");
            assertEquals("decimal(12,2)", amountType(admin), "the table itself is unchanged");
            Log log = new Log();
            try (Connection again = DriverManager.getConnection(url(admin), "root", "")) {
                assertEquals(
                        List.of("s2"),
                        runner(again, log, binlogFed(200, 0.5), SafetyPolicy.DEFAULT, new WidenAmount())
                                .withLogin(url(again), "root", "")
                                .upgrade("head"),
                        log.all());
            }
            assertTrue(log.all().contains("fed from the binary log; it resumes after key"), log.all());
            assertEquals("decimal(14,2)", amountType(admin));
            assertEquals(2000, scalar(admin, "SELECT COUNT(*) FROM orders"));
            assertEquals(List.of(), leftovers(admin));
        }
    }

    /**
     * Another session's ALTER TABLE while the copy runs (a column added) is not undone by the swap: the copy,
     * made from the columns the table had, is not swapped in, the step fails saying why, and the table keeps the
     * new column and its values. The swap used to drop the column with everything written to it.
     */
    @Test
    void aColumnAddedByAnotherSessionWhileTheCopyRunsIsNotSwappedAway() throws Exception {
        try (Connection c = connect("mysql");
                Connection admin = DriverManager.getConnection(url(c), "root", "")) {
            shop(c, 2000);
            Log log = new Log();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CompletableFuture<Void> run = copyingMidway(c, admin, log, failure);
            try (Statement s = admin.createStatement()) {
                s.execute("ALTER TABLE orders ADD COLUMN extra int NOT NULL DEFAULT 5");
                s.executeUpdate("UPDATE orders SET extra = 6 WHERE id = 7");
            }
            run.get(60, TimeUnit.SECONDS);
            assertNotNull(failure.get(), "the copy is not swapped in:\n" + log.all());
            String m = failure.get().getMessage();
            assertTrue(m.contains("the columns or foreign keys of orders changed while the copy ran"), m);
            assertEquals("decimal(12,2)", amountType(admin), "the table itself is unchanged");
            assertEquals(6, scalar(admin, "SELECT extra FROM orders WHERE id = 7"), "the new column is kept");
            assertEquals(List.of(), leftovers(admin), "the shadow is dropped");
        }
    }

    /**
     * A binary-log copy killed mid-copy is resumed only on the server whose binary log it began reading: after a
     * failover the new primary's files may have the same names, but not the same events at those offsets. The
     * journal names that server by its server_uuid; here it is made to name another, as a failover leaves it, and
     * the rerun drops the copy saying why and copies afresh.
     */
    @Test
    void aBinlogFedCopyBegunOnAnotherServerIsDroppedSayingWhyAndCopiedAgain() throws Exception {
        try (Connection c = connect("mysql");
                Connection admin = DriverManager.getConnection(url(c), "root", "")) {
            shop(c, 2000);
            killBinlogFedCopyMidway(c, admin, new Log());
            String uuid = text(admin, "SELECT @@GLOBAL.server_uuid");
            String feed = text(admin, "SELECT feed FROM retort_online_copy");
            assertTrue(feed.matches("binlog binlog\\.\\d+:\\d+ on " + uuid), feed);
            try (Statement s = admin.createStatement()) {
                s.executeUpdate("UPDATE retort_online_copy SET feed = REPLACE(feed, '" + uuid
                        + "', '00000000-0000-0000-0000-0000000000aa')");
            }
            Log log = new Log();
            try (Connection again = DriverManager.getConnection(url(admin), "root", "")) {
                assertEquals(
                        List.of("s2"),
                        runner(again, log, binlogFed(200, 0.5), SafetyPolicy.DEFAULT, new WidenAmount())
                                .withLogin(url(again), "root", "")
                                .upgrade("head"),
                        log.all());
            }
            assertTrue(
                    log.all()
                            .contains("it cannot be resumed, it began reading the binary log of another server "
                                    + "(server_uuid 00000000-0000-0000-0000-0000000000aa)"),
                    log.all());
            assertEquals("decimal(14,2)", amountType(admin));
            assertEquals(2000, scalar(admin, "SELECT COUNT(*) FROM orders"));
            assertEquals(List.of(), leftovers(admin));
        }
    }

    /**
     * Under the swap's LOCK TABLES the binary-log reader must reach the log's position of that moment; one whose
     * connection stalls without closing (its replies held back by a relay) holds the writers only for about a
     * second: the lock is let go, the reader catches up outside it once the connection moves again, and the swap
     * is tried again, every write in the new table. Writers used to wait for the 30 s catch-up limit, and the copy
     * was then dropped.
     */
    @Test
    void aBinlogReaderBehindUnderTheSwapsLockLetsTheWritersGoAndTheSwapIsTriedAgain() throws Exception {
        try (Connection c = connect("mysql");
                Connection admin = DriverManager.getConnection(url(c), "root", "")) {
            shop(c, 2000);
            java.util.regex.Matcher server =
                    java.util.regex.Pattern.compile("//([^:/]+):(\\d+)/").matcher(url(c));
            assertTrue(server.find(), url(c));
            AtomicLong updates = new AtomicLong();
            AtomicLong slowest = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            Log log = new Log();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            try (HoldingRelay relay = new HoldingRelay(server.group(1), Integer.parseInt(server.group(2)))) {
                String relayed = url(c).replace(server.group(0), "//127.0.0.1:" + relay.port() + "/");
                CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
                    try {
                        runner(c, log, binlogFed(100, 10), SafetyPolicy.DEFAULT, new WidenAmount())
                                .withLogin(relayed, "root", "")
                                .upgrade("head");
                    } catch (Throwable t) {
                        failure.set(t);
                    }
                });
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!log.all().contains("reading the binary log from")) {
                    assertTrue(System.nanoTime() < deadline && !run.isDone(), "no copy:\n" + log.all());
                    Thread.sleep(10);
                }
                // a transaction that read the table: the swap's LOCK TABLES waits for it, the copy caught up by then
                Connection blocker = blocker(url(c), "root");
                while (!log.all().contains("LOCK TABLES")) {
                    assertTrue(System.nanoTime() < deadline && !run.isDone(), "no swap:\n" + log.all());
                    Thread.sleep(10);
                }
                relay.held.set(true);
                CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                    try (Connection w = DriverManager.getConnection(url(c), "root", "");
                            PreparedStatement ps =
                                    w.prepareStatement("UPDATE orders SET amount = amount + 1 WHERE id = ?")) {
                        for (int i = 1; !stop.get(); i++) {
                            long started = System.nanoTime();
                            ps.setLong(1, 1 + i % 2000);
                            updates.addAndGet(ps.executeUpdate());
                            slowest.accumulateAndGet((System.nanoTime() - started) / 1_000_000, Math::max);
                            Thread.sleep(5);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                Thread.sleep(100);
                blocker.commit();
                blocker.close();
                deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
                while (!log.all().contains("unlocked it to catch up") && !run.isDone()) {
                    assertTrue(System.nanoTime() < deadline, "no swap:\n" + log.all());
                    Thread.sleep(10);
                }
                relay.held.set(false);
                run.get(60, TimeUnit.SECONDS);
                stop.set(true);
                writer.get(20, TimeUnit.SECONDS);
            }
            log.all().lines().filter(l -> l.contains("locked for")).forEach(System.out::println);
            System.out.println("slowest write " + slowest.get() + " ms of " + updates.get());
            assertNull(failure.get(), log.all());
            assertTrue(slowest.get() < 3000, "slowest write " + slowest.get() + " ms:\n" + log.all());
            assertTrue(
                    log.all()
                            .matches("(?s).*did not reach the log's position of that moment within 1,000 ms; "
                                    + "unlocked it to catch up, and tries the swap again \\(attempt 2 of 5\\).*"),
                    log.all());
            assertEquals("decimal(14,2)", amountType(admin));
            assertEquals(List.of(), leftovers(admin));
            // every update, before and after the swap, is in the new table: the amounts 1..2000 plus one for each
            assertEquals(2000 * 2001 / 2 + updates.get(), scalar(admin, "SELECT SUM(amount) FROM orders"));
        }
    }

    /**
     * A TRUNCATE of the table by another session, logged as a statement rather than as row events, fails the
     * binary-log copy instead of passing unseen: here it runs after the checksum, just before the swap (queued
     * behind a transaction the swap waits for too), when nothing would repair the copy. The swap used to bring
     * every truncated row back.
     */
    @Test
    void aTruncateOfTheTableFailsTheBinlogFedCopyInsteadOfBeingUndoneByTheSwap() throws Exception {
        try (Connection c = connect("mysql");
                Connection admin = DriverManager.getConnection(url(c), "root", "")) {
            shop(c, 2000);
            Log log = new Log();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
                try {
                    runner(c, log, binlogFed(100, 10), SafetyPolicy.DEFAULT, new WidenAmount())
                            .withLogin(url(c), "root", "")
                            .upgrade("head");
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!log.all().contains("reading the binary log from")) {
                assertTrue(System.nanoTime() < deadline && !run.isDone(), "no copy:\n" + log.all());
                Thread.sleep(10);
            }
            // a table of the same name in another database is not this one
            try (Statement s = admin.createStatement()) {
                s.execute("CREATE DATABASE IF NOT EXISTS retort_other");
                s.execute("CREATE TABLE IF NOT EXISTS retort_other.orders (id int PRIMARY KEY)");
                s.execute("TRUNCATE TABLE retort_other.orders");
            }
            // a transaction that read the table: the swap's LOCK TABLES waits for it, and so does the TRUNCATE
            try (Connection blocker = blocker(url(c), "root")) {
                while (!log.all().contains("LOCK TABLES")) {
                    assertTrue(System.nanoTime() < deadline && !run.isDone(), "no swap:\n" + log.all());
                    Thread.sleep(10);
                }
                CompletableFuture<Void> truncate = CompletableFuture.runAsync(() -> {
                    try (Connection t = DriverManager.getConnection(url(c), "root", "");
                            Statement s = t.createStatement()) {
                        s.execute("TRUNCATE TABLE orders");
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                Thread.sleep(200);
                blocker.commit();
                truncate.get(20, TimeUnit.SECONDS);
            }
            run.get(60, TimeUnit.SECONDS);
            assertEquals(
                    0, scalar(admin, "SELECT COUNT(*) FROM orders"), "the truncated rows stay gone:\n" + log.all());
            assertNotNull(failure.get(), log.all());
            String m = failure.get().getMessage();
            assertTrue(m.contains("orders was truncated by another session after binlog."), m);
            assertTrue(m.contains("(TRUNCATE TABLE orders)"), m);
            assertEquals("decimal(12,2)", amountType(admin), "the table itself is unchanged");
            assertEquals(List.of(), leftovers(admin), "the shadow is dropped");
        }
    }

    /** A TCP relay to a server whose replies can be held back: a connection that stalls without closing. */
    static final class HoldingRelay implements AutoCloseable {
        final AtomicBoolean held = new AtomicBoolean();
        private final java.net.ServerSocket listener;
        private final List<java.net.Socket> sockets = java.util.Collections.synchronizedList(new ArrayList<>());

        HoldingRelay(String host, int port) throws java.io.IOException {
            listener = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
            Thread accept = new Thread(() -> {
                while (!listener.isClosed()) {
                    try {
                        java.net.Socket client = listener.accept();
                        java.net.Socket upstream = new java.net.Socket(host, port);
                        sockets.add(client);
                        sockets.add(upstream);
                        pump(client, upstream, false);
                        pump(upstream, client, true);
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            accept.setDaemon(true);
            accept.start();
        }

        private void pump(java.net.Socket from, java.net.Socket to, boolean holdable) {
            Thread t = new Thread(() -> {
                byte[] buffer = new byte[8192];
                try {
                    java.io.InputStream in = from.getInputStream();
                    java.io.OutputStream out = to.getOutputStream();
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        while (holdable && held.get()) {
                            Thread.sleep(5);
                        }
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                } catch (Exception e) {
                    // a side closed
                } finally {
                    closeQuietly(from);
                    closeQuietly(to);
                }
            });
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        private static void closeQuietly(java.io.Closeable c) {
            try {
                c.close();
            } catch (java.io.IOException e) {
                // closing anyway
            }
        }

        @Override
        public void close() {
            closeQuietly(listener);
            synchronized (sockets) {
                sockets.forEach(HoldingRelay::closeQuietly);
            }
        }
    }

    /** Without the privileges a replica needs, the binary-log feed fails the step before anything is changed, naming the setting. */
    @Test
    void theBinlogFeedRefusesAUserWithoutReplicationPrivileges() throws Exception {
        try (Connection c = connect("mysql")) {
            shop(c, 200);
            String db = text(c, "SELECT DATABASE()");
            try (Statement s = c.createStatement()) {
                s.execute("DROP USER IF EXISTS 'noreplica'@'%'");
                s.execute("CREATE USER 'noreplica'@'%'");
                s.execute("GRANT ALL ON `" + db + "`.* TO 'noreplica'@'%'");
                // what the holder check reads; only the replication privileges are missing
                s.execute("GRANT PROCESS ON *.* TO 'noreplica'@'%'");
                s.execute("GRANT SELECT ON performance_schema.* TO 'noreplica'@'%'");
            }
            try (Connection user = DriverManager.getConnection(url(c), "noreplica", "")) {
                Log log = new Log();
                Exception e = assertThrows(
                        Exception.class,
                        () -> runner(user, log, binlogFed(100, 0), SafetyPolicy.DEFAULT, new WidenAmount())
                                .withLogin(url(c), "noreplica", "")
                                .upgrade("head"));
                assertTrue(e.getMessage().contains("lacks REPLICATION SLAVE and REPLICATION CLIENT"), e.getMessage());
                assertTrue(e.getMessage().contains("migrate.onlineCopy.feed=triggers"), e.getMessage());
                assertEquals("decimal(12,2)", amountType(c));
                assertEquals(List.of(), leftovers(c));
            }
            // the copy off (the feed set, say, in a shared profile): the usual refusal, no copy offered
            try (Connection user = DriverManager.getConnection(url(c), "noreplica", "")) {
                Exception off = assertThrows(
                        Exception.class,
                        () -> runner(
                                        user,
                                        new Log(),
                                        FAST.withCopyRowLimit(100).withCopyFeed(DdlPolicy.CopyFeed.BINLOG),
                                        SafetyPolicy.DEFAULT,
                                        new WidenAmount())
                                .withLogin(url(c), "noreplica", "")
                                .upgrade("head"));
                assertFalse(off.getMessage().contains("cannot be fed from the binary log"), off.getMessage());
                assertFalse(off.getMessage().contains("Or let Retort copy it online"), off.getMessage());
                assertTrue(off.getMessage().contains("copyRowLimit"), off.getMessage());
            }
            // with one of the two, the other is named: each is found by the statement that needs it
            try (Statement s = c.createStatement()) {
                s.execute("GRANT REPLICATION CLIENT ON *.* TO 'noreplica'@'%'");
            }
            try (Connection user = DriverManager.getConnection(url(c), "noreplica", "")) {
                Exception e = assertThrows(
                        Exception.class,
                        () -> runner(user, new Log(), binlogFed(100, 0), SafetyPolicy.DEFAULT, new WidenAmount())
                                .withLogin(url(c), "noreplica", "")
                                .upgrade("head"));
                assertTrue(e.getMessage().contains("lacks REPLICATION SLAVE, which"), e.getMessage());
                assertTrue(e.getMessage().contains("GRANT REPLICATION SLAVE ON *.* TO"), e.getMessage());
                assertEquals("decimal(12,2)", amountType(c));
                assertEquals(List.of(), leftovers(c));
            }
        }
    }

    @Test
    void theTriggerFedCopyRefusesAUserWhoseCreateTriggerTheBinaryLogRefuses() throws Exception {
        try (Connection c = connect("mysql")) {
            shop(c, 200);
            String db = text(c, "SELECT DATABASE()");
            // the server's binary log is on and log_bin_trust_function_creators at its default
            assertEquals(
                    "1",
                    text(c, "SELECT CONCAT(@@GLOBAL.log_bin, 1 - @@GLOBAL.log_bin_trust_function_creators)")
                            .substring(1));
            try (Statement s = c.createStatement()) {
                s.execute("DROP USER IF EXISTS 'nosuper'@'%'");
                s.execute("CREATE USER 'nosuper'@'%'");
                s.execute("GRANT ALL ON `" + db + "`.* TO 'nosuper'@'%'");
                s.execute("GRANT PROCESS ON *.* TO 'nosuper'@'%'");
                s.execute("GRANT SELECT ON performance_schema.* TO 'nosuper'@'%'");
            }
            try (Connection user = DriverManager.getConnection(url(c), "nosuper", "")) {
                // copy off: the usual refusal with the expand/contract plan, and no offer of a copy that would fail
                Exception off = assertThrows(
                        Exception.class,
                        () -> runner(
                                        user,
                                        new Log(),
                                        FAST.withCopyRowLimit(100),
                                        SafetyPolicy.DEFAULT,
                                        new WidenAmount())
                                .upgrade("head"));
                assertFalse(off.getMessage().contains("error 1419"), off.getMessage());
                assertFalse(off.getMessage().contains("Or let Retort copy it online"), off.getMessage());
                assertTrue(off.getMessage().contains("copyRowLimit"), off.getMessage());
                assertEquals("decimal(12,2)", amountType(c));
            }
            try (Connection user = DriverManager.getConnection(url(c), "nosuper", "")) {
                // copies: the step fails before the shadow is made; rebuilds: it fails too, not in place
                Map<String, Migration> modes = new java.util.LinkedHashMap<>();
                modes.put("rebuilds", new IndexNote());
                modes.put("copies", new WidenAmount());
                for (Map.Entry<String, Migration> mode : modes.entrySet()) {
                    DdlPolicy policy =
                            copying(mode.getKey().equals("copies") ? OnlineCopy.COPIES : OnlineCopy.REBUILDS, 100, 0);
                    Log log = new Log();
                    Exception e = assertThrows(
                            Exception.class,
                            () -> runner(user, log, policy, SafetyPolicy.DEFAULT, mode.getValue())
                                    .upgrade("head"),
                            mode.getKey());
                    String m = e.getMessage();
                    assertTrue(m.contains("CREATE TRIGGER"), m);
                    assertTrue(m.contains("SET GLOBAL log_bin_trust_function_creators = 1"), m);
                    assertTrue(m.contains("GRANT SET_USER_ID ON *.* TO"), m);
                    assertTrue(m.contains("migrate.onlineCopy.feed=binlog"), m);
                    assertTrue(m.contains("migrate.onlineCopy=off"), m);
                    assertTrue(m.contains("Nothing was changed"), m);
                    assertFalse(log.all().contains("CREATE TABLE `_orders_rtnew`"), log.all());
                    assertEquals("decimal(12,2)", amountType(c), mode.getKey());
                    assertEquals(
                            0,
                            scalar(
                                    c,
                                    "SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()"
                                            + " AND INDEX_NAME = 'ix_orders_note'"),
                            mode.getKey());
                    assertEquals(List.of(), leftovers(c), mode.getKey());
                }
            }
            // DROP TRIGGER is not held to that check: the same user removes a copy's triggers (cleanup, resume)
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TRIGGER `_orders_rtins` AFTER INSERT ON orders FOR EACH ROW SET @retort_test = 1");
            }
            try (Connection user = DriverManager.getConnection(url(c), "nosuper", "");
                    Statement s = user.createStatement()) {
                s.execute("DROP TRIGGER `_orders_rtins`");
            }
            assertEquals(List.of(), leftovers(c));
            // the privilege MySQL 8.0 counts instead of SUPER for this check: with it, the copy runs
            try (Statement s = c.createStatement()) {
                s.execute("GRANT SET_USER_ID ON *.* TO 'nosuper'@'%'");
            }
            try (Connection user = DriverManager.getConnection(url(c), "nosuper", "")) {
                Log log = new Log();
                assertEquals(
                        List.of("s2"),
                        runner(user, log, copying(OnlineCopy.COPIES, 100, 0), SafetyPolicy.DEFAULT, new WidenAmount())
                                .upgrade("head"),
                        log.all());
                assertEquals("decimal(14,2)", amountType(c));
                assertEquals(List.of(), leftovers(c));
            }
        }
    }

    @Test
    void theBinlogFeedSeesReplicationPrivilegesGrantedThroughADefaultRole() throws Exception {
        try (Connection c = connect("mysql")) {
            shop(c, 200);
            String db = text(c, "SELECT DATABASE()");
            try (Statement s = c.createStatement()) {
                s.execute("DROP USER IF EXISTS 'viarole'@'%'");
                s.execute("DROP ROLE IF EXISTS 'retort_replication'");
                s.execute("CREATE ROLE 'retort_replication'");
                s.execute("GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'retort_replication'");
                s.execute("CREATE USER 'viarole'@'%'");
                s.execute("GRANT ALL ON `" + db + "`.* TO 'viarole'@'%'");
                s.execute("GRANT PROCESS ON *.* TO 'viarole'@'%'");
                s.execute("GRANT SELECT ON performance_schema.* TO 'viarole'@'%'");
                s.execute("GRANT 'retort_replication' TO 'viarole'@'%'");
                s.execute("SET DEFAULT ROLE 'retort_replication' TO 'viarole'@'%'");
            }
            try (Connection user = DriverManager.getConnection(url(c), "viarole", "")) {
                // the privileges are the role's, not the user's own
                assertEquals(
                        0,
                        scalar(
                                user,
                                "SELECT COUNT(*) FROM information_schema.USER_PRIVILEGES "
                                        + "WHERE PRIVILEGE_TYPE LIKE 'REPLICATION%'"));
                Log log = new Log();
                assertEquals(
                        List.of("s2"),
                        runner(user, log, binlogFed(100, 0), SafetyPolicy.DEFAULT, new WidenAmount())
                                .withLogin(url(c), "viarole", "")
                                .upgrade("head"),
                        log.all());
                assertTrue(log.all().contains("reading the binary log from"), log.all());
                assertEquals("decimal(14,2)", amountType(c));
                assertEquals(List.of(), leftovers(c));
            }
        }
    }

    static DdlPolicy binlogFed(int chunk, double throttle) {
        return copying(OnlineCopy.COPIES, chunk, throttle).withCopyFeed(DdlPolicy.CopyFeed.BINLOG);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.core.runner.OnlineDdlTest#mysqlFamily")
    void rebuildsModeBuildsAnIndexOnTheShadowInsteadOfInPlace(String server) throws Exception {
        try (Connection c = connect(server)) {
            shop(c, ROWS);
            Map<Long, String> expected = initialRows();
            Writers writers = new Writers(url(c), expected);
            Log log = new Log();
            try {
                assertEquals(
                        List.of("s2"),
                        runner(c, log, copying(OnlineCopy.REBUILDS, 500, 0.2), SafetyPolicy.DEFAULT, new IndexNote())
                                .upgrade("head"),
                        log.all());
            } finally {
                writers.stop();
            }
            assertEquals(
                    1,
                    scalar(
                            c,
                            "SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() "
                                    + "AND TABLE_NAME = 'orders' AND INDEX_NAME = 'ix_orders_note' AND SEQ_IN_INDEX = 1"));
            assertSameRows(expected, actualRows(c), "the rows are those the writers left");
            assertEquals(List.of(), leftovers(c));
            assertTrue(log.all().contains("through a shadow copy (migrate.onlineCopy=rebuilds)"), log.all());

            // the downgrade drops the index: metadata only, no copy
            Log down = new Log();
            runner(c, down, copying(OnlineCopy.REBUILDS, 500, 0.2), SafetyPolicy.DEFAULT, new IndexNote())
                    .downgrade("s1");
            assertFalse(down.all().contains("shadow"), down.all());
            assertEquals(
                    0,
                    scalar(
                            c,
                            "SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() "
                                    + "AND TABLE_NAME = 'orders' AND INDEX_NAME = 'ix_orders_note'"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.core.runner.OnlineDdlTest#mysqlFamily")
    void aCopyKilledMidwayLeavesTheTableUsableAndTheNextRunResumesIt(String server) throws Exception {
        try (Connection c = connect(server);
                Connection admin = DriverManager.getConnection(url(c), "root", "")) {
            shop(c, ROWS);
            long session = scalar(c, "SELECT CONNECTION_ID()");
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Log first = new Log();
            // small chunks and long pauses: the copy takes seconds, long enough to be killed in the middle
            CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
                try {
                    runner(c, first, copying(OnlineCopy.COPIES, 100, 20), SafetyPolicy.DEFAULT, new WidenAmount())
                            .upgrade("head");
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (scalar(admin, "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()")
                            < 3
                    || scalar(admin, "SELECT COUNT(*) FROM _orders_rtnew") < 300) {
                assertTrue(System.nanoTime() < deadline, "the copy never started:\n" + first.all());
                Thread.sleep(20);
            }
            try (Statement s = admin.createStatement()) {
                s.execute("KILL " + session);
            }
            run.get(30, TimeUnit.SECONDS);
            assertNotNull(failure.get(), "the killed run failed:\n" + first.all());
            assertEquals("decimal(12,2)", amountType(admin), "the table itself is unchanged");
            assertTrue(
                    leftovers(admin)
                            .containsAll(List.of("_orders_rtnew", "_orders_rtins", "_orders_rtupd", "_orders_rtdel")),
                    "a killed session cannot clean up: " + leftovers(admin));
            // the table stays writable; the leftover triggers still copy the writes, so the next run resumes the copy
            try (Statement s = admin.createStatement()) {
                s.executeUpdate("DELETE FROM orders WHERE id = 7");
                s.executeUpdate("UPDATE orders SET amount = 500 WHERE id = 8");
            }
            Map<Long, String> expected = initialRows();
            expected.remove(7L);
            expected.put(8L, "500|note 8");

            try (Connection again = DriverManager.getConnection(url(admin), "root", "")) {
                Log second = new Log();
                assertEquals(
                        List.of("s2"),
                        runner(
                                        again,
                                        second,
                                        copying(OnlineCopy.COPIES, 1000, 0),
                                        SafetyPolicy.DEFAULT,
                                        new WidenAmount())
                                .upgrade("head"),
                        second.all());
                assertTrue(
                        second.all()
                                .contains(
                                        "an earlier run stopped while copying orders to _orders_rtnew; its triggers kept "
                                                + "the copy current, so it resumes after key"),
                        second.all());
                assertEquals("decimal(14,2)", amountType(again));
                assertSameRows(expected, actualRows(again), "the rows survived the killed copy");
                assertEquals(List.of(), leftovers(again));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.core.runner.OnlineDdlTest#mysqlFamily")
    void aRunThatDiedAfterTheSwapIsFinishedByDroppingTheOldTable(String server) throws Exception {
        try (Connection c = connect(server)) {
            shop(c, 300);
            Map<Long, String> expected = new HashMap<>(initialRows());
            expected.keySet().removeIf(id -> id > 300);
            // what a run that died between the RENAME and the cleanup leaves: the changed table, the old one, its
            // triggers,
            // and the record of which step it was
            String step = "revision s2 step 1: "
                    + dev.retort.core.history.RevisionInfo.of(new WidenAmount())
                            .upgrade()
                            .get(0)
                            .describe();
            leaveRemainsOfASwap(c, step);
            try (Statement s = c.createStatement()) {
                s.execute("ALTER TABLE orders MODIFY COLUMN amount decimal(14,2)");
            }
            Log log = new Log();
            // even with the shadow copy off: the step is recognised as made, not run again
            assertEquals(
                    List.of("s2"),
                    runner(c, log, FAST.withCopyRowLimit(100), SafetyPolicy.DEFAULT, new WidenAmount())
                            .upgrade("head"),
                    log.all());
            assertTrue(log.all().contains("an earlier run swapped the changed copy in for orders"), log.all());
            assertEquals(List.of(), leftovers(c));
            assertSameRows(expected, actualRows(c), "the rows are those the writers left");
            assertEquals("applied", text(c, "SELECT state FROM retort_history WHERE revision = 's2'"));
            assertFalse(log.all().contains("not left by this step"), log.all());
        }
    }

    private static void leaveRemainsOfASwap(Connection c, String step) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE _orders_rtold LIKE orders");
            s.execute("CREATE TRIGGER _orders_rtins AFTER INSERT ON _orders_rtold FOR EACH ROW SET @x = 1");
            s.execute(
                    "CREATE TABLE IF NOT EXISTS retort_online_copy (table_name varchar(64) NOT NULL, marker varchar(1000) NOT NULL, "
                            + "PRIMARY KEY (table_name))");
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO retort_online_copy VALUES ('orders', ?)")) {
            ps.setString(1, step);
            ps.executeUpdate();
        }
    }

    /** The remains of another step's swap do not make this step count as done: it runs. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.core.runner.OnlineDdlTest#mysqlFamily")
    void remainsOfAnotherStepAreClearedAndTheStepRuns(String server) throws Exception {
        try (Connection c = connect(server)) {
            shop(c, 300);
            leaveRemainsOfASwap(c, "revision s9 step 3: dropColumn orders.code");
            Log log = new Log();
            assertEquals(
                    List.of("s2"),
                    runner(c, log, copying(OnlineCopy.COPIES, 100, 0), SafetyPolicy.DEFAULT, new WidenAmount())
                            .upgrade("head"),
                    log.all());
            assertTrue(log.all().contains("not left by this step (revision s2 step 1: "), log.all());
            assertTrue(log.all().contains("so Retort copies it online"), "the step itself ran: " + log.all());
            assertEquals("decimal(14,2)", amountType(c));
            assertEquals(List.of(), leftovers(c));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.core.runner.OnlineDdlTest#mysqlFamily")
    void addsATablesFirstForeignKeyOnTheShadowUnderItsOwnName(String server) throws Exception {
        try (Connection c = connect(server)) {
            shop(c, ROWS);
            Map<Long, String> expected = initialRows();
            Writers writers = new Writers(url(c), expected);
            Log log = new Log();
            try {
                assertEquals(
                        List.of("s2"),
                        runner(
                                        c,
                                        log,
                                        copying(OnlineCopy.REBUILDS, 500, 0.2),
                                        SafetyPolicy.DEFAULT,
                                        new AddForeignKey())
                                .upgrade("head"),
                        log.all());
            } finally {
                writers.stop();
            }
            assertTrue(log.all().contains("through a shadow copy"), log.all());
            assertEquals(
                    "customer",
                    text(
                            c,
                            "SELECT REFERENCED_TABLE_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS "
                                    + "WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = 'orders' AND CONSTRAINT_NAME = 'fk_orders_customer'"));
            assertSameRows(expected, actualRows(c), "the rows are those the writers left");
            assertEquals(List.of(), leftovers(c));
            assertEquals(1, scalar(c, "SELECT @@SESSION.foreign_key_checks"));
            SQLException orphan = assertThrows(SQLException.class, () -> {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO orders (customer_id, note, amount) VALUES (99, 'orphan', 1)");
                }
            });
            assertEquals(1452, orphan.getErrorCode(), "the key is enforced: " + orphan.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.core.runner.OnlineDdlTest#mysqlFamily")
    void theSwappedTableHandsOutNoIdTwice(String server) throws Exception {
        try (Connection c = connect(server)) {
            shop(c, 300);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM orders WHERE id > 250");
            }
            try (Connection zero = DriverManager.getConnection(url(c), "root", "");
                    Statement s = zero.createStatement()) {
                s.execute("SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_AUTO_VALUE_ON_ZERO')");
                s.executeUpdate("INSERT INTO orders (id, customer_id, note, amount) VALUES (0, 1, 'zero', 0)");
            }
            runner(c, new Log(), copying(OnlineCopy.REBUILDS, 100, 0), SafetyPolicy.DEFAULT, new IndexNote())
                    .upgrade("head");
            assertEquals(
                    0, scalar(c, "SELECT id FROM orders WHERE note = 'zero'"), "a row with id 0 is copied as id 0");
            assertEquals(251, scalar(c, "SELECT COUNT(*) FROM orders"));
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO orders (customer_id, note, amount) VALUES (1, 'after', 1)");
            }
            assertEquals(
                    301,
                    scalar(c, "SELECT id FROM orders WHERE note = 'after'"),
                    "ids 251-300 were used by deleted rows; the new table continues after them");
        }
    }

    /**
     * A table with a foreign key on itself, formerly refused: offered the copy, and copied with
     * rows whose parent comes later in key order; the key ends as it was (ShadowCopySelfReferenceTest
     * has the writers).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.core.runner.OnlineDdlTest#mysqlFamily")
    void copiesATableWithAForeignKeyOnItself(String server) throws Exception {
        try (Connection c = connect(server)) {
            shop(c, 300);
            try (Statement s = c.createStatement()) {
                s.execute("ALTER TABLE orders ADD COLUMN parent_id bigint NULL, ADD CONSTRAINT fk_orders_parent "
                        + "FOREIGN KEY (parent_id) REFERENCES orders (id) ON DELETE CASCADE");
                // chains of ten, each row's parent the next row (copied in a later chunk at the chunk's end)
                s.executeUpdate("UPDATE orders SET parent_id = id + 1 WHERE id % 10 <> 0");
            }
            List<String> before = ShadowCopyForeignKeysTest.keys(c);
            // without the option, the refusal offers the copy
            MigrationException off = assertThrows(
                    MigrationException.class,
                    () -> runner(c, new Log(), FAST.withCopyRowLimit(100), SafetyPolicy.DEFAULT, new WidenAmount())
                            .upgrade("head"));
            assertTrue(off.getMessage().contains("onlineCopy=copies"), off.getMessage());

            Log log = new Log();
            assertEquals(
                    List.of("s2"),
                    runner(c, log, copying(OnlineCopy.COPIES, 100, 0), SafetyPolicy.DEFAULT, new WidenAmount())
                            .upgrade("head"),
                    log.all());
            assertTrue(log.all().contains("pointed 1 foreign key of orders on itself at _orders_rtnew"), log.all());
            assertEquals("decimal(14,2)", amountType(c));
            assertEquals(before, ShadowCopyForeignKeysTest.keys(c));
            assertEquals(List.of(), leftovers(c));
            assertEquals(270, scalar(c, "SELECT COUNT(*) FROM orders WHERE parent_id = id + 1"));
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM orders WHERE id = 300"); // its chain of ten cascades
            }
            assertEquals(290, scalar(c, "SELECT COUNT(*) FROM orders"));
        }
    }

    /** Under the new definition two rows could become equal on a unique key: the server's change would fail, a copy would merge them. */
    @Test
    void refusesToChangeAColumnOfAUniqueKey() throws Exception {
        try (Connection c = mariadb()) {
            shop(c, 300);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE UNIQUE INDEX ux_orders_amount ON orders (amount)");
            }
            MigrationException e = assertThrows(
                    MigrationException.class,
                    () -> runner(
                                    c,
                                    new Log(),
                                    copying(OnlineCopy.COPIES, 100, 0),
                                    SafetyPolicy.DEFAULT,
                                    new WidenAmount())
                            .upgrade("head"));
            assertTrue(
                    e.getMessage().contains("orders.amount is part of the unique key ux_orders_amount"),
                    e.getMessage());
            assertEquals(List.of(), leftovers(c));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.core.runner.OnlineDdlTest#mysqlFamily")
    void theRefusalOffersTheShadowCopyWhereItWorks(String server) throws Exception {
        try (Connection c = connect(server)) {
            shop(c, 300);
            MigrationException e = assertThrows(
                    MigrationException.class,
                    () -> runner(c, new Log(), FAST.withCopyRowLimit(100), SafetyPolicy.DEFAULT, new WidenAmount())
                            .upgrade("head"));
            assertTrue(
                    e.getMessage().contains("Or let Retort copy it online, writes continuing: onlineCopy=copies"),
                    e.getMessage());
        }
    }

    @dev.retort.migration.Revision(id = "s2", parents = "s1", message = "widen amount, not acknowledged")
    public static final class WidenAmountUnacknowledged implements dev.retort.migration.Migration {
        @Override
        public void upgrade(dev.retort.migration.Operations op) {
            op.alterColumn(
                    "orders",
                    dev.retort.migration.Column.column("amount", dev.retort.migration.Types.decimal(12, 2))
                            .nullable(),
                    dev.retort.migration.Column.column("amount", dev.retort.migration.Types.decimal(14, 2))
                            .nullable());
        }

        @Override
        public void downgrade(dev.retort.migration.Operations op) {
            op.alterColumn(
                    "orders",
                    dev.retort.migration.Column.column("amount", dev.retort.migration.Types.decimal(14, 2))
                            .nullable(),
                    dev.retort.migration.Column.column("amount", dev.retort.migration.Types.decimal(12, 2))
                            .nullable());
        }
    }

    /** RT204 guards against a copy that blocks writes; with the shadow copy on, that copy does not happen. */
    @Test
    void withTheShadowCopyOnATableCopyingTypeChangeIsAWarningNotARefusal() throws Exception {
        try (Connection c = mariadb()) {
            shop(c, 300);
            MigrationException refused = assertThrows(
                    MigrationException.class,
                    () -> runner(
                                    c,
                                    new Log(),
                                    FAST.withCopyRowLimit(100),
                                    SafetyPolicy.DEFAULT,
                                    new WidenAmountUnacknowledged())
                            .upgrade("head"));
            assertTrue(refused.getMessage().contains("RT204"), refused.getMessage());
            assertTrue(
                    refused.getMessage().contains("-Dmigrate.onlineCopy=copies"),
                    "the rule's rewrite names the option: " + refused.getMessage());
            assertEquals("decimal(12,2)", amountType(c));

            Log log = new Log();
            assertEquals(
                    List.of("s2"),
                    runner(
                                    c,
                                    log,
                                    copying(OnlineCopy.COPIES, 100, 0),
                                    SafetyPolicy.DEFAULT,
                                    new WidenAmountUnacknowledged())
                            .upgrade("head"),
                    log.all());
            assertTrue(
                    log.all().contains("WARN") && log.all().contains("RT204"),
                    "still reported, as a warning:\n" + log.all());
            assertEquals("decimal(14,2)", amountType(c));

            // a rule the user set explicitly keeps its severity
            assertEquals(
                    dev.retort.core.safety.Severity.ERROR,
                    SafetyPolicy.parse("error", "RT204=error")
                            .withOnlineCopy()
                            .severities()
                            .get("RT204"));
        }
    }

    @Test
    void theModeIsParsedFromItsPropertyValue() {
        assertEquals(OnlineCopy.REBUILDS, OnlineCopy.parse("rebuilds"));
        assertEquals(OnlineCopy.OFF, OnlineCopy.parse(" OFF "));
        dev.retort.core.errors.InvalidSettingException e =
                assertThrows(dev.retort.core.errors.InvalidSettingException.class, () -> OnlineCopy.parse("yes"));
        assertEquals(dev.retort.core.errors.Setting.ONLINE_COPY, e.setting());
        assertEquals("onlineCopy must be off, copies or rebuilds, not 'yes'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DdlPolicy.DEFAULT.withOnlineCopy(OnlineCopy.COPIES, 0, 1));

        assertEquals(DdlPolicy.CopyFeed.TRIGGERS, DdlPolicy.DEFAULT.copyFeed());
        assertEquals(DdlPolicy.CopyFeed.BINLOG, DdlPolicy.CopyFeed.parse(" BinLog "));
        dev.retort.core.errors.InvalidSettingException feed = assertThrows(
                dev.retort.core.errors.InvalidSettingException.class, () -> DdlPolicy.CopyFeed.parse("gh-ost"));
        assertEquals(dev.retort.core.errors.Setting.ONLINE_COPY_FEED, feed.setting());
        assertEquals(
                "onlineCopy.feed must be triggers or binlog (the binary log, MySQL only), not 'gh-ost'",
                feed.getMessage());
    }

    /** MariaDB: the binary-log feed is refused before anything is changed, naming the setting. */
    @Test
    void theBinlogFeedRefusesMariaDb() throws Exception {
        try (Connection c = connect("mariadb")) {
            shop(c, 200);
            Log log = new Log();
            Exception e = assertThrows(
                    Exception.class,
                    () -> runner(c, log, binlogFed(100, 0), SafetyPolicy.DEFAULT, new WidenAmount())
                            .withLogin(url(c), "root", "")
                            .upgrade("head"));
            assertTrue(e.getMessage().contains("made for MySQL only so far"), e.getMessage());
            assertTrue(e.getMessage().contains("migrate.onlineCopy.feed=triggers"), e.getMessage());
            assertEquals("decimal(12,2)", amountType(c));
            assertEquals(List.of(), leftovers(c));
        }
    }
}

package dev.retort.core.runner;

import static dev.retort.core.runner.OnlineDdlTest.*;
import static dev.retort.core.runner.ShadowCopyTest.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.runner.DdlPolicy.OnlineCopy;
import dev.retort.core.safety.SafetyPolicy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shadow copy when things go wrong: a copy that differs from its table is caught by the
 * checksum before the swap, a copying JVM killed at any point resumes where it stopped while
 * writers keep writing, triggers left by a killed copy never outlive the next run, and a busy
 * server makes the copy wait.
 */
class ShadowCopyFaultsTest {

    /** Polls until the condition holds; fails after {@code seconds}. */
    private static void await(Connection c, String what, long seconds, Predicate<Connection> condition)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.test(c)) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(10);
        }
    }

    private static long quietly(Connection c, String sql) {
        try {
            return scalar(c, sql);
        } catch (SQLException e) {
            return -1;
        }
    }

    private static String phase(Connection c) {
        try {
            return text(c, "SELECT phase FROM retort_online_copy WHERE table_name = 'orders'");
        } catch (SQLException e) {
            return null;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.core.runner.OnlineDdlTest#mysqlFamily")
    void theChecksumFindsAChunkThatDiffersAndCopiesItAgain(String server) throws Exception {
        try (Connection c = connect(server);
                Connection admin = DriverManager.getConnection(url(c), "root", "")) {
            shop(c, ROWS);
            Log log = new Log();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
                try {
                    runner(c, log, copying(OnlineCopy.COPIES, 100, 3), SafetyPolicy.DEFAULT, new WidenAmount())
                            .upgrade("head");
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            await(
                    admin,
                    "the copy to pass id 1000",
                    60,
                    a -> quietly(a, "SELECT COUNT(*) FROM _orders_rtnew WHERE id > 1000") > 0);
            // something other than the copy writes to the shadow: a changed row, a lost row, a row that should not be
            // there
            try (Statement s = admin.createStatement()) {
                s.executeUpdate("UPDATE _orders_rtnew SET note = 'corrupt' WHERE id = 5");
                s.executeUpdate("DELETE FROM _orders_rtnew WHERE id = 6");
            }
            run.get(120, TimeUnit.SECONDS);
            assertNull(failure.get(), log.all());
            assertTrue(log.all().contains("the shadow copy of orders differs in the key range"), log.all());
            assertTrue(
                    log.all().matches("(?s).*checksum of the copy of orders: [\\d,]+ rows match .*copied again.*"),
                    log.all());
            assertEquals("decimal(14,2)", amountType(c));
            assertSameRows(initialRows(), actualRows(c), "the chunks that differed were copied again");
            assertEquals(List.of(), leftovers(c));
        }
    }

    /** Without the checksum the same damage goes unnoticed: what the test above relies on is the checksum. */
    @Test
    void withoutTheChecksumADifferenceIsSwappedIn() throws Exception {
        try (Connection c = mariadb();
                Connection admin = DriverManager.getConnection(url(c), "root", "")) {
            shop(c, 2000);
            Log log = new Log();
            CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
                try {
                    runner(
                                    c,
                                    log,
                                    copying(OnlineCopy.COPIES, 100, 3).withCopyChecks(false, 25),
                                    SafetyPolicy.DEFAULT,
                                    new WidenAmount())
                            .upgrade("head");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            await(
                    admin,
                    "the copy to pass id 1000",
                    60,
                    a -> quietly(a, "SELECT COUNT(*) FROM _orders_rtnew WHERE id > 1000") > 0);
            try (Statement s = admin.createStatement()) {
                s.executeUpdate("UPDATE _orders_rtnew SET note = 'corrupt' WHERE id = 5");
            }
            run.get(120, TimeUnit.SECONDS);
            assertTrue(log.all().contains("not checksummed (migrate.onlineCopy.verify=false)"), log.all());
            assertEquals("corrupt", text(c, "SELECT note FROM orders WHERE id = 5"));
        }
    }

    /**
     * Kill points: after the triggers (before most rows), halfway through the copy, during the
     * checksum. Three run in {@code verify}; all of them on both servers with {@code -Dretort.copyFaults=all}.
     */
    static Stream<Arguments> killPoints() {
        if ("all".equals(System.getProperty("retort.copyFaults"))) {
            return Stream.of("mariadb", "mysql")
                    .flatMap(s -> Stream.of("early", "halfway", "verifying").map(p -> Arguments.of(s, p)));
        }
        return Stream.of(
                Arguments.of("mariadb", "early"),
                Arguments.of("mariadb", "verifying"),
                Arguments.of("mysql", "halfway"));
    }

    @ParameterizedTest(name = "{0}: killed {1}")
    @MethodSource("killPoints")
    void aCopyingJvmKilledWhileWritersWriteResumesAndLosesNoRow(String server, String point) throws Exception {
        try (Connection c = connect(server)) {
            shop(c, ROWS);
            Map<Long, String> expected = initialRows();
            Writers writers = new Writers(url(c), expected);
            List<String> secondLog;
            try {
                try (Child child =
                        Child.startMain(CopyChild.class, url(c), "50", point.equals("verifying") ? "1" : "2")) {
                    switch (point) {
                        case "early" ->
                            await(
                                    c,
                                    "the copy to start",
                                    60,
                                    a -> quietly(a, "SELECT COUNT(*) FROM _orders_rtnew WHERE id < 3000") > 100);
                        case "halfway" ->
                            await(
                                    c,
                                    "the copy to pass id 3000",
                                    60,
                                    a -> quietly(a, "SELECT COUNT(*) FROM _orders_rtnew WHERE id BETWEEN 3000 AND 3100")
                                                    > 0
                                            && "copy".equals(phase(a)));
                        default ->
                            await(
                                    c,
                                    "the checksum to start",
                                    60,
                                    a -> "verify".equals(phase(a))
                                            && quietly(
                                                            a,
                                                            "SELECT COUNT(*) FROM retort_online_copy WHERE last_key IS NOT NULL")
                                                    > 0);
                    }
                    child.kill();
                    assertFalse(child.lines().contains("DONE"), child.describe());
                }
                Thread.sleep(300); // writers go on while nothing copies
                assertEquals(
                        3,
                        scalar(c, "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"),
                        "the killed JVM left its triggers, which keep the shadow current");
                Log second = new Log();
                try (Connection again = DriverManager.getConnection(url(c), "root", "")) {
                    assertEquals(
                            List.of("s2"),
                            runner(
                                            again,
                                            second,
                                            copying(OnlineCopy.COPIES, 200, 0),
                                            SafetyPolicy.DEFAULT,
                                            new WidenAmount())
                                    .upgrade("head"),
                            second.all());
                }
                secondLog = second.lines;
                Thread.sleep(200);
            } finally {
                writers.stop();
            }
            String log = String.join("\n", secondLog);
            assertTrue(log.contains("its triggers kept the copy current, so it resumes"), log);
            assertFalse(log.contains("starting over"), log);
            if (point.equals("verifying")) {
                assertFalse(log.matches("(?s).*copy of orders: [\\d,]+ rows in .*"), "no row copied again: " + log);
            }
            assertEquals("decimal(14,2)", amountType(c));
            assertSameRows(
                    expected, actualRows(c), "every row, and every write made before, during and after the kill");
            assertEquals(List.of(), leftovers(c));
            assertEquals(0, scalar(c, "SELECT COUNT(*) FROM retort_online_copy"));
        }
    }

    /** A copy killed with its session; what the test then does to the table decides whether its triggers still work. */
    private static void killMidCopy(Connection c, Connection admin) throws Exception {
        long session = scalar(c, "SELECT CONNECTION_ID()");
        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
            try {
                runner(c, new Log(), copying(OnlineCopy.COPIES, 100, 20), SafetyPolicy.DEFAULT, new WidenAmount())
                        .upgrade("head");
            } catch (Throwable t) {
                // killed
            }
        });
        await(
                admin,
                "the copy to start",
                60,
                a -> quietly(a, "SELECT COUNT(*) FROM _orders_rtnew") >= 300
                        && quietly(
                                        a,
                                        "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()")
                                == 3);
        try (Statement s = admin.createStatement()) {
            s.execute("KILL " + session);
        }
        run.get(30, TimeUnit.SECONDS);
    }

    private static void write(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO orders (customer_id, amount) VALUES (1, 7)");
            s.executeUpdate("UPDATE orders SET amount = 8 WHERE id = 9");
            s.executeUpdate("DELETE FROM orders WHERE id = 10");
        }
    }

    @Test
    void shadowDroppedByHandAfterAKillTheNextRunRemovesTheTriggersAndCopiesAgain() throws Exception {
        try (Connection c = mariadb();
                Connection admin = DriverManager.getConnection(url(c), "root", "")) {
            shop(c, 2000);
            killMidCopy(c, admin);
            try (Statement s = admin.createStatement()) {
                s.execute("DROP TABLE _orders_rtnew");
            }
            assertThrows(SQLException.class, () -> write(admin), "the triggers left behind make every write fail");
            Log log = new Log();
            try (Connection again = DriverManager.getConnection(url(admin), "root", "")) {
                assertEquals(
                        List.of("s2"),
                        runner(again, log, copying(OnlineCopy.COPIES, 1000, 0), SafetyPolicy.DEFAULT, new WidenAmount())
                                .upgrade("head"),
                        log.all());
            }
            assertTrue(log.all().contains("Removing the trigger _orders_rt"), log.all());
            write(admin);
            assertEquals("decimal(14,2)", amountType(admin));
            assertEquals(List.of(), leftovers(admin));
        }
    }

    /**
     * A rerun with {@code migrate.onlineCopy=off} neither resumes a half-done copy (the user said no
     * shadow copy) nor throws it away (likely the flag was only forgotten): it refuses before
     * touching anything, naming both ways forward; a rerun with the copy on then resumes it.
     */
    @Test
    void aRerunWithTheCopyOffRefusesToResumeOrDiscardTheHalfDoneCopy() throws Exception {
        try (Connection c = mariadb();
                Connection admin = DriverManager.getConnection(url(c), "root", "")) {
            shop(c, 2000);
            killMidCopy(c, admin);
            Log off = new Log();
            try (Connection again = DriverManager.getConnection(url(admin), "root", "")) {
                MigrationException refused = assertThrows(
                        MigrationException.class,
                        () -> runner(again, off, FAST.withCopyRowLimit(100), SafetyPolicy.DEFAULT, new WidenAmount())
                                .upgrade("head"));
                String all = refused.getMessage() + "\n" + describe(refused) + "\n" + off.all();
                assertTrue(all.contains("onlineCopy=off"), all);
                assertTrue(all.contains("_orders_rtnew"), all);
                assertTrue(all.contains("DROP TRIGGER"), all);
            }
            assertEquals("decimal(12,2)", amountType(admin), "the change was not made without the copy");
            assertEquals(
                    3,
                    scalar(admin, "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"),
                    "the half-done copy is kept: its triggers still keep it current");
            write(admin);
            Log on = new Log();
            try (Connection again = DriverManager.getConnection(url(admin), "root", "")) {
                assertEquals(
                        List.of("s2"),
                        runner(again, on, copying(OnlineCopy.COPIES, 1000, 0), SafetyPolicy.DEFAULT, new WidenAmount())
                                .upgrade("head"),
                        on.all());
            }
            assertTrue(on.all().contains("its triggers kept the copy current, so it resumes"), on.all());
            assertEquals("decimal(14,2)", amountType(admin));
            assertEquals(List.of(), leftovers(admin));
        }
    }

    /** An exception with its causes and, for a failed step, the advice it carries. */
    private static String describe(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable e = t; e != null; e = e.getCause()) {
            b.append(e).append('\n');
            if (e instanceof DdlExecutor.StepFailure f) {
                b.append(f.sql()).append('\n').append(f.advice()).append('\n');
            }
        }
        return b.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.core.runner.OnlineDdlTest#mysqlFamily")
    void aColumnRenamedAfterAKillThenAnyRunRemovesTheTriggers(String server) throws Exception {
        try (Connection c = connect(server);
                Connection admin = DriverManager.getConnection(url(c), "root", "")) {
            shop(c, 2000);
            killMidCopy(c, admin);
            try (Statement s = admin.createStatement()) {
                s.execute("ALTER TABLE orders CHANGE COLUMN note remark varchar(40) NULL");
            }
            assertThrows(SQLException.class, () -> write(admin), "the triggers name the old column: every write fails");
            // a downgrade does not touch orders at all, yet it must not leave them
            Log log = new Log();
            try (Connection again = DriverManager.getConnection(url(admin), "root", "")) {
                runner(again, log, copying(OnlineCopy.COPIES, 1000, 0), SafetyPolicy.DEFAULT, new WidenAmount())
                        .downgrade("s1");
            }
            assertTrue(log.all().contains("Removing the trigger _orders_rt"), log.all());
            write(admin);
            assertEquals("decimal(12,2)", amountType(admin));
            assertEquals(List.of(), leftovers(admin));
            assertEquals(0, scalar(admin, "SELECT COUNT(*) FROM retort_online_copy"));
        }
    }

    /** The swap waits for its lock briefly and retries: a transaction holding the table stalls the rename, not the writers. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.core.runner.OnlineDdlTest#mysqlFamily")
    void theSwapRetriesBehindAnOpenTransactionWithoutQueueingWriters(String server) throws Exception {
        try (Connection c = connect(server);
                Connection admin = DriverManager.getConnection(url(c), "root", "")) {
            shop(c, ROWS);
            Map<Long, String> expected = initialRows();
            Writers writers = new Writers(url(c), expected);
            Log log = new Log();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            try {
                CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
                    try {
                        runner(c, log, copying(OnlineCopy.COPIES, 100, 3), SafetyPolicy.DEFAULT, new WidenAmount())
                                .upgrade("head");
                    } catch (Throwable t) {
                        failure.set(t);
                    }
                });
                await(admin, "the checksum to start", 60, a -> "verify".equals(phase(a)));
                try (Connection blocker = blocker(url(c), "root")) {
                    Thread.sleep(3000);
                    assertFalse(run.isDone(), "the swap waited for the open transaction: " + log.all());
                    blocker.commit();
                }
                run.get(60, TimeUnit.SECONDS);
            } finally {
                writers.stop();
            }
            assertNull(failure.get(), log.all());
            assertTrue(log.all().contains("RENAME TABLE") && log.all().contains("lock busy"), log.all());
            assertTrue(
                    writers.slowestMillis.get() < 1000,
                    "writers kept flowing while the swap retried; slowest write " + writers.slowestMillis.get()
                            + " ms\n" + log.all());
            assertSameRows(expected, actualRows(c), "the rows are those the writers left");
            assertEquals("decimal(14,2)", amountType(c));
        }
    }

    @Test
    void aBusyServerMakesTheCopyWaitAndSaysSo() throws Exception {
        try (Connection c = mariadb()) {
            shop(c, 2000);
            List<Connection> busy = new ArrayList<>();
            List<CompletableFuture<Void>> sleeping = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Connection b = DriverManager.getConnection(url(c), "root", "");
                busy.add(b);
                sleeping.add(CompletableFuture.runAsync(() -> {
                    try (Statement s = b.createStatement()) {
                        s.executeQuery("SELECT SLEEP(2)").close();
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            Thread.sleep(200);
            Log log = new Log();
            long started = System.nanoTime();
            try {
                runner(
                                c,
                                log,
                                copying(OnlineCopy.COPIES, 500, 0).withCopyChecks(true, 2),
                                SafetyPolicy.DEFAULT,
                                new WidenAmount())
                        .upgrade("head");
            } finally {
                for (CompletableFuture<Void> s : sleeping) {
                    s.get(30, TimeUnit.SECONDS);
                }
                for (Connection b : busy) {
                    b.close();
                }
            }
            assertTrue(log.all().contains("throttled: Threads_running is"), log.all());
            assertTrue(log.all().contains("migrate.onlineCopy.maxThreadsRunning=2"), log.all());
            assertTrue(log.all().contains("copy of orders goes on"), log.all());
            assertTrue(System.nanoTime() - started > TimeUnit.MILLISECONDS.toNanos(1000), "it waited for the sleepers");
            assertEquals("decimal(14,2)", amountType(c));
        }
    }
}

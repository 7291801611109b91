package dev.retort.core.mysql;

import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.db.MariaDbServer;
import dev.retort.core.db.MySqlServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a busy attempt's log line says about the lock's holders, on real servers: a writer of
 * ordinary traffic in mid-statement is not a blocker to name or KILL (it ends on its own in a
 * moment), while a session idle in its transaction is named with the way to end it.
 */
class BlockersTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mysql", "mariadb"})
    void aWriteInFlightIsNotOfferedToKill(String server) throws Exception {
        String url = server.equals("mysql") ? MySqlServer.newDatabase() : MariaDbServer.newDatabase();
        try (Connection c = DriverManager.getConnection(url, "root", "");
                Connection writer = DriverManager.getConnection(url, "root", "")) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, amount INT NOT NULL)");
                s.execute("INSERT INTO orders VALUES (1, 0), (2, 0)");
            }
            long writerId = scalar(writer, "SELECT CONNECTION_ID()");
            // one autocommit UPDATE that runs for 1.5 s: it holds the table's metadata lock while it runs
            CompletableFuture<Void> write = CompletableFuture.runAsync(() -> {
                try (Statement s = writer.createStatement()) {
                    s.executeUpdate("UPDATE orders SET amount = amount + 1 WHERE id = 1 AND SLEEP(1.5) = 0");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitRunning(c, writerId);
            String said = new Blockers(c).describe(List.of("orders"));
            write.get(10, TimeUnit.SECONDS);
            assertFalse(said.contains("session " + writerId), said);
            assertFalse(said.contains("KILL"), said);
            assertTrue(said.contains("1 write in flight"), said);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mysql", "mariadb"})
    void aSessionIdleInItsTransactionIsNamedWithTheWayToEndIt(String server) throws Exception {
        String url = server.equals("mysql") ? MySqlServer.newDatabase() : MariaDbServer.newDatabase();
        try (Connection c = DriverManager.getConnection(url, "root", "");
                Connection idle = DriverManager.getConnection(url, "root", "")) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, amount INT NOT NULL)");
                s.execute("INSERT INTO orders VALUES (1, 0)");
            }
            long idleId = scalar(idle, "SELECT CONNECTION_ID()");
            idle.setAutoCommit(false);
            try (Statement s = idle.createStatement()) {
                s.executeUpdate("UPDATE orders SET amount = 1 WHERE id = 1");
            }
            // the server marks the session idle a moment after the client has the update's result
            awaitCommand(c, idleId, "Sleep");
            String said = new Blockers(c).describe(List.of("orders"));
            idle.rollback();
            assertTrue(said.contains("session " + idleId + " ("), said);
            assertTrue(said.contains("KILL " + idleId), said);
            assertFalse(said.contains("in flight"), said);
        }
    }

    /**
     * Autocommit writers, a write every few milliseconds, looked at again and again: whatever instant the look
     * catches (a write running, committing, just done), none of them is named or offered to KILL.
     * On MariaDB without the metadata_lock_info plugin the look joins InnoDB's open transactions
     * with the processlist, and the server keeps the former as a copy up to 0.1 s old: a transaction
     * that copy caught running its write may show as idle in the processlist, the write long done.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mysql", "mariadb"})
    void ordinaryTrafficLookedAtManyTimesIsNeverOfferedToKill(String server) throws Exception {
        String url = server.equals("mysql") ? MySqlServer.newDatabase() : MariaDbServer.newDatabase();
        try (Connection c = DriverManager.getConnection(url, "root", "")) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, amount INT NOT NULL)");
                s.execute("INSERT INTO orders VALUES (1, 0), (2, 0), (3, 0), (4, 0)");
            }
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            List<CompletableFuture<Void>> writers = new java.util.ArrayList<>();
            for (int w = 1; w <= 4; w++) {
                int id = w;
                Connection writer = DriverManager.getConnection(url, "root", "");
                writers.add(CompletableFuture.runAsync(() -> {
                    try (writer;
                            Statement s = writer.createStatement()) {
                        while (!stop.get()) {
                            s.executeUpdate("UPDATE orders SET amount = amount + 1 WHERE id = " + id);
                            Thread.sleep(2); // paced, as an application's writes are: idle between them
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            List<String> named = new java.util.ArrayList<>();
            try {
                Blockers blockers = new Blockers(c);
                for (int look = 0; look < 400 && named.isEmpty(); look++) {
                    String said = blockers.describe(List.of("orders"));
                    if (said.contains("KILL")) {
                        named.add("look " + look + ": " + said);
                    }
                }
            } finally {
                stop.set(true);
                for (CompletableFuture<Void> w : writers) {
                    w.get(10, TimeUnit.SECONDS);
                }
            }
            assertEquals(List.of(), named);
        }
    }

    /** Waits until the processlist shows the session's command as {@code command}. */
    private static void awaitCommand(Connection c, long id, String command) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            try (Statement s = c.createStatement();
                    ResultSet rs =
                            s.executeQuery("SELECT COMMAND FROM information_schema.PROCESSLIST WHERE ID = " + id)) {
                if (rs.next() && command.equals(rs.getString(1))) {
                    return;
                }
            }
            Thread.sleep(10);
        }
        fail("session " + id + " never showed as " + command + " in the processlist");
    }

    /** Waits until the session's statement is running on the server (so its lock is held). */
    private static void awaitRunning(Connection c, long id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT INFO FROM information_schema.PROCESSLIST WHERE ID = " + id)) {
                if (rs.next() && rs.getString(1) != null && rs.getString(1).startsWith("UPDATE")) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        fail("the writer's UPDATE never showed in the processlist");
    }

    private static long scalar(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

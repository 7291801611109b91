package dev.retort.core.runner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A running {@link UpgradeChild} JVM, with its output collected line by line. */
final class Child implements AutoCloseable {

    private final Process process;
    private final List<String> out = new ArrayList<>();
    private final StringBuilder err = new StringBuilder();
    private final Thread outReader;
    private final Thread errReader;

    private Child(Process process) {
        this.process = process;
        this.outReader = pump(process.getInputStream(), line -> {
            synchronized (out) {
                out.add(line);
                out.notifyAll();
            }
        });
        this.errReader = pump(process.getErrorStream(), line -> {
            synchronized (err) {
                err.append(line).append('\n');
            }
        });
    }

    /** Starts {@code java -cp <this JVM's test classpath> UpgradeChild args...}. */
    static Child start(String... args) throws IOException {
        return startMain(UpgradeChild.class, args);
    }

    /** Starts {@code java -cp <this JVM's test classpath> main args...}. */
    static Child start(Class<?> main, String... args) throws IOException {
        return startMain(main, args);
    }

    /** Starts {@code java -cp <this JVM's test classpath> main args...}. */
    static Child startMain(Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xmx96m",
                "-cp",
                System.getProperty("java.class.path"),
                main.getName()));
        command.addAll(List.of(args));
        return new Child(new ProcessBuilder(command).start());
    }

    private static Thread pump(InputStream in, java.util.function.Consumer<String> sink) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                // the process died; what was read is kept
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits until the child printed {@code line}; fails with everything it printed if it did not in time. */
    void awaitLine(String line, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (out) {
            while (!out.contains(line)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !outReader.isAlive())) {
                    throw new AssertionError(
                            "child did not print '" + line + "' within " + seconds + " s; " + describe());
                }
                out.wait(
                        Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)))));
            }
        }
    }

    void send(String line) throws IOException {
        Writer w = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        w.write(line + "\n");
        w.flush();
    }

    /** Waits for the exit and returns its code; fails if the child is still running after {@code seconds}. */
    int exitCode(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child still running after " + seconds + " s; " + describe());
        }
        outReader.join(5000);
        errReader.join(5000);
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the process like {@code kill -9}: no shutdown hook, no connection close. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    List<String> lines() {
        synchronized (out) {
            return List.copyOf(out);
        }
    }

    /** The lines starting with {@code prefix}, without it. */
    List<String> lines(String prefix) {
        return lines().stream()
                .filter(l -> l.startsWith(prefix))
                .map(l -> l.substring(prefix.length()))
                .toList();
    }

    String stderr() {
        synchronized (err) {
            return err.toString();
        }
    }

    String describe() {
        return "stdout:\n  " + String.join("\n  ", lines()) + "\nstderr:\n  "
                + stderr().strip().replace("\n", "\n  ");
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}

package dev.retort.core.runner;

import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.db.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fault injection, "dropped connections": the upgrade of {@link KillRevisions} runs through a
 * {@link CuttingProxy} that resets the connection after a seeded number of bytes, somewhere
 * between the first step and the end of the run. The run must fail with a report naming the
 * revision and the step; a rerun straight to the server must complete with the right schema,
 * history and rows ({@link KillRevisions#problems}). H2 runs embedded, without a connection to cut.
 *
 * <p>{@code -Dretort.cut.points=N} cuts per dialect (default 3), {@code -Dretort.cut.seed} picks
 * other places. A failure names its byte offset, which reproduces it with
 * {@code -Dretort.cut.only=<bytes>}.
 */
class DroppedConnectionTest {

    private static final Pattern REPORT =
            Pattern.compile("(Upgrade|Downgrade) of revision (k\\d) \\(\\S+\\) failed at step (\\d+) of (\\d+)");
    private static final Pattern PORT = Pattern.compile("://[^/:]+:(\\d+)/");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mariadb", "mysql", "postgresql"})
    void aCutConnectionFailsNamingRevisionAndStepAndARerunCompletes(String dialect) throws Exception {
        long began = System.nanoTime();
        TestDatabase probe = KillAnywhereTest.database(dialect).get();
        long[] range = dryRun(probe);
        Random random = new Random(Long.getLong("retort.cut.seed", 16));
        int points = Integer.getInteger("retort.cut.points", 3);
        List<Long> cuts = new ArrayList<>();
        String only = System.getProperty("retort.cut.only");
        if (only != null) {
            cuts.add(Long.parseLong(only));
        } else {
            for (int i = 0; i < points; i++) {
                cuts.add(range[0] + (long) (random.nextDouble() * (range[1] - range[0])));
            }
        }
        List<String> failures = new ArrayList<>();
        List<String> named = new ArrayList<>();
        // each cut has its own database and proxy, so cuts run side by side (as KillAnywhereTest's points,
        // -Dretort.kill.threads); the report keeps their order
        List<Future<String>> problems = new ArrayList<>();
        List<List<String>> names = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(KillAnywhereTest.threads());
        try {
            for (long cut : cuts) {
                List<String> reported = new ArrayList<>();
                names.add(reported);
                problems.add(pool.submit(
                        () -> cutAndRerun(KillAnywhereTest.database(dialect).get(), cut, reported)));
            }
            for (int i = 0; i < cuts.size(); i++) {
                String problem;
                try {
                    problem = problems.get(i).get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception x ? x : new IllegalStateException(e.getCause());
                }
                named.addAll(names.get(i));
                if (problem != null) {
                    failures.add(dialect + " cut after " + cuts.get(i) + " bytes: " + problem);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.println("[dropped-connection] " + dialect + ": " + cuts.size() + " cuts between byte " + range[0]
                + " and "
                + range[1] + " in " + (System.nanoTime() - began) / 1_000_000_000L + " s; reports named " + named + "; "
                + failures.size() + " failed");
        failures.forEach(f -> System.out.println("[dropped-connection] FAILED " + f));
        assertEquals(List.of(), failures);
    }

    private static int port(String url) {
        Matcher m = PORT.matcher(url);
        assertTrue(m.find(), url);
        return Integer.parseInt(m.group(1));
    }

    /** The bytes sent when the first step began and when the run ended. */
    private static long[] dryRun(TestDatabase db) throws Exception {
        try (Connection setup = db.open()) {
            KillRevisions.prepare(setup);
        }
        try (CuttingProxy proxy = new CuttingProxy(port(db.url()), Long.MAX_VALUE)) {
            long[] first = {-1};
            RunLog log = new RunLog() {
                @Override
                public void info(String message) {
                    if (first[0] < 0 && message.startsWith("Applying ")) {
                        first[0] = proxy.sent();
                    }
                }

                @Override
                public void warn(String message) {}
            };
            try (Connection c = DriverManager.getConnection(proxy.through(db.url()), db.user(), "")) {
                KillRevisions.runner(c, log).upgrade("head");
            }
            return new long[] {first[0], proxy.sent()};
        }
    }

    private static String cutAndRerun(TestDatabase db, long cut, List<String> named) throws Exception {
        String seeded;
        try (Connection setup = db.open()) {
            KillRevisions.prepare(setup);
            seeded = KillRevisions.checksum(setup);
        }
        String report = null;
        try (CuttingProxy proxy = new CuttingProxy(port(db.url()), cut)) {
            try (Connection c = DriverManager.getConnection(proxy.through(db.url()), db.user(), "")) {
                KillRevisions.runner(c, RunLog.SILENT).upgrade("head");
                return "the run completed: the cut did not happen (" + proxy.sent() + " bytes sent)";
            } catch (MigrationException e) {
                Matcher m = REPORT.matcher(e.getMessage());
                if (m.find()) {
                    named.add(m.group(2) + " " + m.group(3) + "/" + m.group(4));
                } else {
                    report = "the report names no revision and step: "
                            + e.getClass().getSimpleName() + ": " + e.getMessage();
                }
            } catch (Exception e) {
                // the failed journal write, rollback and lock release after the cut are suppressed, never the report
                report = "the run failed without a report naming revision and step: " + e + " at " + where(e);
            }
        }
        String rerun = KillAnywhereTest.rerun(db, false, seeded);
        return report == null ? rerun : rerun == null ? report : report + "\n    " + rerun;
    }

    /** The first frames of Retort's own code the exception passed through. */
    private static String where(Throwable e) {
        return java.util.Arrays.stream(e.getStackTrace())
                .filter(f -> f.getClassName().startsWith("dev.retort.core.")
                        && !f.getClassName().contains("Test"))
                .limit(3)
                .map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "." + f.getMethodName()
                        + ":" + f.getLineNumber())
                .toList()
                .toString();
    }
}

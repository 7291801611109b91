package dev.retort.core.runner;

import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.db.TestDatabase;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fault injection, "kill anywhere": an upgrade of {@link KillRevisions} from {@code k1} (seeded
 * rows) to head, and a downgrade from head back to {@code k1}, are killed at one JDBC event each
 * (a statement sent or a commit, {@link KillSwitch}) before, during or after it; then a fresh run
 * completes the same command, and {@link KillRevisions#problems} must find nothing: history, schema
 * (drift detector), seeded rows by checksum, backfilled values, and no shadow-copy or backfill
 * remains.
 *
 * <p>A dry run of each command first lists its events; the kill points are drawn from every
 * (event, before/during/after) pair, spread over the phases the events belong to (lock, journal,
 * DDL, backfill batch and progress, each shadow-copy phase, commits) so that every phase is hit.
 * The kill is simulated in this JVM (the physical connection aborted, nothing more sent; the
 * database sees what a kill leaves), which costs one database and two runs per point instead of a
 * JVM; {@link KillChildTest} does real {@code Runtime.halt}s in child JVMs for a sample.
 *
 * <p>Size: {@code -Dretort.kill.points=N} per dialect (default 50, the {@code verify} size), or
 * {@code all} for every pair (the {@code faults} profile); {@code -Dretort.kill.seed} changes the
 * choice within each phase. Each failing point is reported as {@code dialect up|down #k when: sql}
 * and reproduces with {@code -Dretort.kill.only="up #k when"}.
 */
class KillAnywhereTest {

    /** A kill point: which command, at which event, where around it. */
    record Point(boolean down, int at, KillSwitch.When when, long duringMillis, String event, String phase) {
        String label() {
            return (down ? "down" : "up") + " #" + at + " " + when.name().toLowerCase(Locale.ROOT);
        }
    }

    /** Kill points per dialect in {@code verify}: what fits in about three minutes on the 2-core build machine (measured). */
    static final Map<String, Integer> VERIFY_POINTS = Map.of("mariadb", 50, "mysql", 50, "postgresql", 50, "h2", 50);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mariadb", "mysql", "postgresql", "h2"})
    void killedAnywhereARerunCompletesWithNothingLostOrLeftBehind(String dialect) throws Exception {
        String only = System.getProperty("retort.kill.dialects");
        Assumptions.assumeTrue(
                only == null || List.of(only.split(",")).contains(dialect), "not among -Dretort.kill.dialects");
        Supplier<TestDatabase> fresh = database(dialect);
        long began = System.nanoTime();
        KillSwitch up = dryRun(fresh.get(), false);
        KillSwitch down = dryRun(fresh.get(), true);
        List<Point> points = choose(dialect, up, down);
        List<String> failures = new ArrayList<>();
        Map<String, Integer> phases = new TreeMap<>();
        int ran = 0;
        // each point has its own database, so points run side by side; the report keeps their order
        List<Future<String>> problems = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads());
        try {
            for (Point p : points) {
                problems.add(pool.submit(() -> killAndRerun(fresh.get(), p)));
            }
            for (int i = 0; i < points.size(); i++) {
                Point p = points.get(i);
                ran++;
                phases.merge((p.down() ? "down " : "up ") + p.phase(), 1, Integer::sum);
                String problem;
                try {
                    problem = problems.get(i).get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception x ? x : new IllegalStateException(e.getCause());
                }
                if (problem != null) {
                    failures.add(dialect + " " + p.label() + " [" + p.phase() + "] " + brief(p.event()) + "\n    "
                            + problem);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        long seconds = (System.nanoTime() - began) / 1_000_000_000L;
        System.out.println("[kill-anywhere] " + dialect + ": " + ran + " kill points ("
                + up.events().size() + " upgrade and "
                + down.events().size() + " downgrade events) in " + seconds + " s, " + failures.size()
                + " failed; by phase " + phases);
        failures.forEach(f -> System.out.println("[kill-anywhere] FAILED " + f));
        assertEquals(List.of(), failures, failures.size() + " of " + ran + " kill points on " + dialect + " failed");
        assertTrue(ran >= Math.min(points.size(), 1), "no kill point ran");
    }

    /**
     * Kill points run at once per dialect ({@code -Dretort.kill.threads=N}, default 4): a point waits
     * mostly on its database (round trips, commits), so on 2 cores four at a time take about half
     * the time of one at a time; a kill in one point's session cannot reach another's database.
     */
    static int threads() {
        return Math.max(1, Integer.getInteger("retort.kill.threads", 4));
    }

    static Supplier<TestDatabase> database(String dialect) {
        return switch (dialect) {
            case "mariadb" -> TestDatabase::mariadb;
            case "mysql" -> TestDatabase::mysql;
            case "postgresql" -> TestDatabase::postgresql;
            case "h2" -> TestDatabase::h2;
            default -> throw new IllegalArgumentException(dialect);
        };
    }

    /** The events of one complete run of the command, in order. */
    static KillSwitch dryRun(TestDatabase db, boolean down) throws Exception {
        try (Connection setup = db.open()) {
            KillRevisions.prepare(setup);
            if (down) {
                KillRevisions.runner(setup, RunLog.SILENT).upgrade("head");
            }
        }
        KillSwitch counter = KillSwitch.counting();
        try (Connection real = db.open()) {
            Connection c = counter.wrap(real);
            if (down) {
                KillRevisions.runner(c, RunLog.SILENT).downgrade("k1");
            } else {
                KillRevisions.runner(c, RunLog.SILENT).upgrade("head");
            }
        }
        return counter;
    }

    /** Kills one run at {@code p}, reruns it to completion and returns what is wrong, or null. */
    static String killAndRerun(TestDatabase db, Point p) throws Exception {
        String seeded;
        try (Connection setup = db.open()) {
            KillRevisions.prepare(setup);
            if (p.down()) {
                KillRevisions.runner(setup, RunLog.SILENT).upgrade("head");
            }
            seeded = KillRevisions.checksum(setup);
        }
        KillSwitch kill = new KillSwitch(p.at(), p.when(), p.duringMillis(), KillSwitch.ABORT);
        Connection real = db.open();
        try {
            Connection c = kill.wrap(real);
            if (p.down()) {
                KillRevisions.runner(c, RunLog.SILENT).downgrade("k1");
            } else {
                KillRevisions.runner(c, RunLog.SILENT).upgrade("head");
            }
            return "the run was not killed: it has fewer events than the dry run ("
                    + kill.events().size() + ")";
        } catch (KillSwitch.Killed expected) {
            // the point of the exercise
        } catch (Exception e) {
            if (!kill.dead()) {
                return "the run failed before the kill: " + e;
            }
        } finally {
            try {
                real.close();
            } catch (Exception ignored) {
                // aborted
            }
        }
        return rerun(db, p.down(), seeded);
    }

    /** Runs the command again without faults, then checks everything; the problems, or null. */
    static String rerun(TestDatabase db, boolean down, String seeded) throws Exception {
        List<String> log = new ArrayList<>();
        RunLog collect = new RunLog() {
            @Override
            public void info(String message) {
                log.add("INFO " + message);
            }

            @Override
            public void warn(String message) {
                log.add("WARN " + message);
            }
        };
        try (Connection c = db.open()) {
            try {
                if (down) {
                    KillRevisions.runner(c, collect).downgrade("k1");
                } else {
                    KillRevisions.runner(c, collect).upgrade("head");
                }
            } catch (Exception e) {
                return "the rerun failed: " + e.getMessage().strip().replace("\n", "\n      ");
            }
            List<String> problems = KillRevisions.problems(c, down ? List.of("k1") : KillRevisions.ALL, seeded);
            return problems.isEmpty() ? null : String.join("\n    ", problems);
        }
    }

    /**
     * Every (event, when) pair of both commands when {@code retort.kill.points=all}; otherwise that
     * many, round-robin over the phases (so each phase is hit), a seeded choice within each.
     */
    static List<Point> all(String dialect, KillSwitch up, KillSwitch down) {
        Random random = new Random(Long.getLong("retort.kill.seed", 16));
        List<Point> all = new ArrayList<>();
        for (KillSwitch run : List.of(up, down)) {
            boolean d = run == down;
            List<String> events = run.events();
            for (int i = 0; i < events.size(); i++) {
                for (KillSwitch.When when : KillSwitch.When.values()) {
                    all.add(new Point(
                            d,
                            i + 1,
                            when,
                            when == KillSwitch.When.DURING ? random.nextInt(15) : 0,
                            events.get(i),
                            phase(events.get(i))));
                }
            }
        }
        return all;
    }

    static List<Point> choose(String dialect, KillSwitch up, KillSwitch down) {
        Random random = new Random(Long.getLong("retort.kill.seed", 16) + 1);
        List<Point> all = all(dialect, up, down);
        Map<String, List<Point>> byPhase =
                new TreeMap<>(Comparator.comparing(KillAnywhereTest::priority).thenComparing(k -> k));
        for (Point p : all) {
            byPhase.computeIfAbsent((p.down() ? "down " : "up ") + p.phase(), k -> new ArrayList<>())
                    .add(p);
        }
        String only = System.getProperty("retort.kill.only");
        if (only != null) {
            return all.stream().filter(p -> p.label().equals(only)).toList();
        }
        String size = System.getProperty("retort.kill.points", String.valueOf(VERIFY_POINTS.get(dialect)));
        if (size.equals("all")) {
            return all;
        }
        int want = Integer.parseInt(size);
        byPhase.values().forEach(list -> java.util.Collections.shuffle(list, random));
        List<Point> chosen = new ArrayList<>();
        int eligible = byPhase.values().stream().mapToInt(List::size).sum();
        for (int round = 0; chosen.size() < Math.min(want, eligible); round++) {
            for (List<Point> list : byPhase.values()) {
                if (round < list.size() && chosen.size() < want) {
                    chosen.add(list.get(round));
                }
            }
        }
        chosen.sort(Comparator.comparing(Point::down).thenComparing(Point::at).thenComparing(Point::when));
        return chosen;
    }

    private static final Pattern SPACES = Pattern.compile("\\s+");

    /** What part of the work an event belongs to, from its SQL. */
    static String phase(String event) {
        String e = SPACES.matcher(event).replaceAll(" ");
        String u = e.toUpperCase(Locale.ROOT);
        if (u.equals("COMMIT")) {
            return "commit";
        }
        if (u.contains("_RTFK`")) {
            return "shadow foreign keys";
        }
        if (u.contains("_RTNEW") || u.contains("_RTOLD") || u.contains("_RTINS") || u.contains("RETORT_ONLINE_COPY")) {
            if (u.contains("RENAME TABLE")) {
                return "shadow swap";
            }
            if (u.contains("CREATE TRIGGER")) {
                return "shadow triggers";
            }
            if (u.contains("DROP TRIGGER")) {
                return "shadow drop triggers";
            }
            if (u.contains("INSERT INTO")) {
                return "shadow chunk copy";
            }
            if (u.contains("DROP TABLE")) {
                return "shadow drop table";
            }
            if (u.contains("CREATE TABLE") || u.contains("ALTER TABLE")) {
                return "shadow create";
            }
            return "shadow bookkeeping";
        }
        if (u.contains("LOCK IN SHARE MODE") || u.contains("FOR SHARE")) {
            return "shadow chunk lock";
        }
        if (u.contains("RETORT_HISTORY")) {
            return "journal";
        }
        if (u.contains("RETORT_BACKFILL")) {
            return "backfill progress";
        }
        if (u.startsWith("EXECUTEBATCH")
                || u.contains("UPDATE \"CUSTOMER\"")
                || u.contains("UPDATE `CUSTOMER`")
                || u.contains("UPDATE CUSTOMER")) {
            return "backfill batch";
        }
        if (u.contains("GET_LOCK")
                || u.contains("RELEASE_LOCK")
                || u.contains("ADVISORY")
                || u.contains("RETORT_LOCK")) {
            return "lock";
        }
        String sql = u.substring(u.indexOf(": ") + 2);
        if (sql.startsWith("ALTER") || sql.startsWith("CREATE") || sql.startsWith("DROP") || sql.startsWith("RENAME")) {
            return "ddl";
        }
        if (sql.startsWith("SET")) {
            return "session";
        }
        return "read";
    }

    /** Phases in the order a small sample takes them: the work inside steps first, plain reads and settings last. */
    static int priority(String phase) {
        String p = phase.substring(phase.indexOf(' ') + 1);
        int order = p.startsWith("shadow")
                ? 0
                : p.startsWith("backfill")
                        ? 1
                        : switch (p) {
                            case "journal", "commit", "ddl" -> 2;
                            case "lock" -> 3;
                            default -> 4;
                        };
        return order * 2 + (phase.startsWith("down") ? 1 : 0);
    }

    static String brief(String s) {
        String one = SPACES.matcher(s).replaceAll(" ");
        return one.length() <= 160 ? one : one.substring(0, 157) + "...";
    }
}

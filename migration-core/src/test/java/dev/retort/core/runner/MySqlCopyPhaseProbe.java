package dev.retort.core.runner;

import dev.retort.core.db.MySqlServer;
import dev.retort.migration.Migration;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Where each millisecond of MySQL's writers' metadata-lock wait comes from while Retort makes a
 * change (issue 18, item 6): the benchmark's (a), (b) and (d) run with the benchmark's writers (4
 * sessions, 200 writes/s each), in place and through the shadow copy; every statement Retort's
 * session sends ({@code events_statements_history_long}) and every metadata-lock wait of the
 * writers ({@code events_waits_history_long}, {@code wait/lock/metadata/sql/mdl}) are collected
 * while the change runs, and each wait is charged to the Retort statement it ended in (the writer
 * got its lock when that statement released it). Not part of {@code verify}: run with
 * {@code -Dtest=MySqlCopyPhaseProbe} ({@code -Dbench.rows}, 100,000 by default;
 * {@code -Dretort.probe.changes}, {@code b-copy,b-inplace,a-copy,d-copy} by default; {@code b-binlog} and
 * {@code a-binlog} make (b) and (a) through the copy fed from the binary log; {@code floor},
 * {@code floor-locked} and {@code floor-full} are the bare swap every copy ends with, see
 * {@link #swapTwin}). A statement of Retort's over 5 ms is shown with its stages (performance_schema
 * {@code events_stages_history_long}): where MySQL spent it.
 */
class MySqlCopyPhaseProbe {

    static {
        System.setProperty("bench.server", "mysql");
        if (System.getProperty("bench.rows") == null) {
            System.setProperty("bench.rows", "100000");
        }
    }

    static final List<String> CHANGES =
            List.of(System.getProperty("retort.probe.changes", "b-copy,b-inplace,a-copy,d-copy")
                    .split(","));

    @Test
    void timeline() throws Exception {
        String url = MySqlServer.newDatabase();
        try (Connection c = OnlineDdlBenchmark.connect(url);
                Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE performance_schema.setup_instruments SET ENABLED = 'NO' WHERE NAME LIKE 'wait/%'");
            s.executeUpdate(
                    "UPDATE performance_schema.setup_instruments SET ENABLED = 'YES', TIMED = 'YES' "
                            + "WHERE NAME = 'wait/lock/metadata/sql/mdl' OR NAME LIKE 'statement/sql/%' OR NAME LIKE 'stage/%'");
            s.executeUpdate("UPDATE performance_schema.setup_consumers SET ENABLED = 'YES' WHERE NAME IN "
                    + "('events_waits_current', 'events_waits_history_long', 'events_statements_current', "
                    + "'events_statements_history_long', 'events_stages_current', 'events_stages_history_long', "
                    + "'global_instrumentation', 'thread_instrumentation')");
            OnlineDdlBenchmark.numbers(c, Math.max(OnlineDdlBenchmark.ROWS, 1000));
        }
        for (String change : CHANGES) {
            switch (change.trim()) {
                case "b-copy" ->
                    measure(
                            url,
                            change,
                            "s2",
                            OnlineDdlBenchmark.copying("rebuilds"),
                            false,
                            new OnlineDdlBenchmark.RequireNote());
                case "b-binlog" ->
                    measure(
                            url,
                            change,
                            "s2",
                            OnlineDdlBenchmark.copying("rebuilds+binlog"),
                            false,
                            new OnlineDdlBenchmark.RequireNote());
                case "a-binlog" ->
                    measure(
                            url,
                            change,
                            "s3",
                            OnlineDdlBenchmark.copying("rebuilds+binlog"),
                            true,
                            new OnlineDdlBenchmark.AddRegion(),
                            new OnlineDdlBenchmark.FillRegion());
                case "b-inplace" ->
                    measure(url, change, "s2", DdlPolicy.DEFAULT, false, new OnlineDdlBenchmark.RequireNote());
                case "a-copy" ->
                    measure(
                            url,
                            change,
                            "s3",
                            OnlineDdlBenchmark.copying("rebuilds"),
                            true,
                            new OnlineDdlBenchmark.AddRegion(),
                            new OnlineDdlBenchmark.FillRegion());
                case "a-inplace" ->
                    measure(
                            url,
                            change,
                            "s3",
                            DdlPolicy.DEFAULT,
                            true,
                            new OnlineDdlBenchmark.AddRegion(),
                            new OnlineDdlBenchmark.FillRegion());
                case "d-copy" ->
                    measure(
                            url,
                            change,
                            "s2",
                            OnlineDdlBenchmark.copying("rebuilds"),
                            false,
                            new OnlineDdlTest.AddForeignKey());
                case "floor" -> measure(url, change, (c, w) -> swapTwin(c, false, false));
                case "floor-locked" -> measure(url, change, (c, w) -> swapTwin(c, true, false));
                case "floor-full" -> measure(url, change, (c, w) -> swapTwin(c, true, true));
                case "d-inplace" ->
                    measure(url, change, "s2", DdlPolicy.DEFAULT, false, new OnlineDdlTest.AddForeignKey());
                default -> throw new IllegalArgumentException(change);
            }
        }
    }

    record Stmt(long start, long end, String text) {}

    interface Change {
        void run(Connection c, OnlineDdlBenchmark.Writers writers) throws Exception;
    }

    /**
     * The floor of every swap, Retort's or another tool's: a twin of {@code orders}, made outside
     * the writers' way (empty, or {@code full}: every row copied in one statement that locks none
     * of the table's rows), swapped in by the one {@code RENAME TABLE} a shadow copy ends with
     * ({@code locked}: under {@code LOCK TABLES}, as the binary-log feed's swap), nothing kept in
     * step, nothing applied. What the writers wait for here is MySQL's rename alone.
     */
    private static void swapTwin(Connection c, boolean locked, boolean full) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE _orders_twin LIKE orders");
            if (full) {
                s.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
                s.execute("INSERT INTO _orders_twin SELECT * FROM orders");
            }
            if (locked) {
                s.execute("LOCK TABLES orders WRITE, _orders_twin WRITE");
            }
            s.execute("RENAME TABLE orders TO _orders_prev, _orders_twin TO orders");
            if (locked) {
                s.execute("UNLOCK TABLES");
            }
            s.execute("DROP TABLE _orders_prev");
        }
    }

    private static void measure(
            String url, String label, String target, DdlPolicy policy, boolean twoSteps, Migration... migrations)
            throws Exception {
        measure(url, label, (c, writers) -> {
            if (twoSteps) {
                OnlineDdlBenchmark.retort(policy, c, "s2", migrations);
                writers.writesRegion = true;
            }
            OnlineDdlBenchmark.retort(policy, c, target, migrations);
        });
    }

    private static void measure(String url, String label, Change change) throws Exception {
        try (Connection setup = OnlineDdlBenchmark.connect(url)) {
            OnlineDdlBenchmark.setUp(setup);
        }
        try (Connection c = OnlineDdlBenchmark.connect(url);
                Connection o = OnlineDdlBenchmark.connect(url);
                Statement os = o.createStatement()) {
            long me = scalar(
                    os,
                    "SELECT THREAD_ID FROM performance_schema.threads WHERE PROCESSLIST_ID = "
                            + scalar(c.createStatement(), "SELECT CONNECTION_ID()"));
            OnlineDdlBenchmark.Writers writers = new OnlineDdlBenchmark.Writers(url);
            writers.start();
            Thread.sleep(2000);
            List<Long> threads = new ArrayList<>();
            for (long session : new ArrayList<>(writers.sessions)) {
                threads.add(scalar(
                        os, "SELECT THREAD_ID FROM performance_schema.threads WHERE PROCESSLIST_ID = " + session));
            }
            String ids = threads.toString().replaceAll("[\\[\\] ]", "");
            Map<Long, Stmt> statements = new ConcurrentHashMap<>();
            Map<String, long[]> waits = new ConcurrentHashMap<>();
            Map<String, String> objects = new ConcurrentHashMap<>();
            Map<Long, Stmt> stages = new ConcurrentHashMap<>();
            AtomicBoolean stop = new AtomicBoolean();
            os.execute("TRUNCATE TABLE performance_schema.events_waits_history_long");
            os.execute("TRUNCATE TABLE performance_schema.events_statements_history_long");
            os.execute("TRUNCATE TABLE performance_schema.events_stages_history_long");
            Thread collector = new Thread(() -> {
                try (Connection p = OnlineDdlBenchmark.connect(url);
                        Statement ps = p.createStatement()) {
                    boolean last = false;
                    while (!last) {
                        last = stop.get();
                        try (ResultSet rs = ps.executeQuery("SELECT EVENT_ID, TIMER_START, TIMER_END, "
                                + "LEFT(REPLACE(SQL_TEXT, '\\n', ' '), 150) FROM performance_schema.events_statements_history_long "
                                + "WHERE THREAD_ID = " + me)) {
                            while (rs.next()) {
                                statements.putIfAbsent(
                                        rs.getLong(1), new Stmt(rs.getLong(2), rs.getLong(3), rs.getString(4)));
                            }
                        }
                        try (ResultSet rs = ps.executeQuery("SELECT THREAD_ID, EVENT_ID, TIMER_START, TIMER_WAIT, "
                                + "CONCAT(OBJECT_TYPE, ' ', OBJECT_NAME) FROM performance_schema.events_waits_history_long WHERE EVENT_NAME = "
                                + "'wait/lock/metadata/sql/mdl' AND THREAD_ID IN (" + ids + ") AND TIMER_WAIT > 0")) {
                            while (rs.next()) {
                                // one wait per thread and event (read again once complete, with its object)
                                String key = rs.getLong(1) + "/" + rs.getLong(2);
                                waits.put(key, new long[] {rs.getLong(3), rs.getLong(4)});
                                if (rs.getString(5) != null) {
                                    objects.put(key, rs.getString(5));
                                }
                            }
                        }
                        try (ResultSet rs = ps.executeQuery("SELECT EVENT_ID, TIMER_START, TIMER_END, EVENT_NAME "
                                + "FROM performance_schema.events_stages_history_long WHERE THREAD_ID = " + me
                                + " AND TIMER_WAIT > 200000000")) {
                            while (rs.next()) {
                                stages.putIfAbsent(
                                        rs.getLong(1), new Stmt(rs.getLong(2), rs.getLong(3), rs.getString(4)));
                            }
                        }
                        Thread.sleep(50);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            collector.start();
            long t = System.nanoTime();
            try {
                change.run(c, writers);
            } finally {
                double took = (System.nanoTime() - t) / 1e6;
                Thread.sleep(300);
                stop.set(true);
                collector.join();
                writers.stop();
                report(label, took, statements, waits, objects, stages);
            }
        }
    }

    private static void report(
            String label,
            double took,
            Map<Long, Stmt> statements,
            Map<String, long[]> waits,
            Map<String, String> objects,
            Map<Long, Stmt> stages) {
        List<Stmt> byStart = new ArrayList<>(new TreeMap<>(statements).values());
        Map<Integer, double[]> charged = new LinkedHashMap<>();
        double unplaced = 0;
        int unplacedCount = 0;
        double total = 0;
        for (long[] w : waits.values()) {
            long end = w[0] + w[1];
            double ms = w[1] / 1e9;
            total += ms;
            long start = w[0];
            int at = -1;
            long best = 0;
            for (int i = 0; i < byStart.size(); i++) {
                Stmt st = byStart.get(i);
                // the writer waited for the statement that held the lock: the one its wait overlaps most
                long overlap = Math.min(end, st.end()) - Math.max(start, st.start());
                if (overlap > best) {
                    best = overlap;
                    at = i;
                }
            }
            if (at < 0) {
                unplaced += ms;
                unplacedCount++;
            } else {
                double[] sum = charged.computeIfAbsent(at, k -> new double[3]);
                sum[0] += ms;
                sum[1]++;
                sum[2] = Math.max(sum[2], ms);
            }
        }
        say("");
        say(label + ": " + String.format(Locale.ROOT, "%.0f ms", took) + ", Retort sent " + byStart.size()
                + " statements; writers' metadata-lock waits " + waits.size() + ", "
                + String.format(Locale.ROOT, "%.1f ms", total) + " in all; writers' errors "
                + OnlineDdlBenchmark.ERRORS);
        for (Map.Entry<Integer, double[]> e : new TreeMap<>(charged).entrySet()) {
            Stmt st = byStart.get(e.getKey());
            say(String.format(
                    Locale.ROOT,
                    "  %7.1f ms in %2d waits (longest %6.1f) during a %7.1f ms statement: %s",
                    e.getValue()[0],
                    (int) e.getValue()[1],
                    e.getValue()[2],
                    (st.end() - st.start()) / 1e9,
                    st.text()));
        }
        say(String.format(Locale.ROOT, "  %7.1f ms in %2d waits outside Retort's statements", unplaced, unplacedCount));
        long zero = byStart.isEmpty() ? 0 : byStart.get(0).start();
        for (Map.Entry<String, long[]> w : new TreeMap<>(waits).entrySet()) {
            say(String.format(
                    Locale.ROOT,
                    "  wait %9.1f .. %9.1f ms (%6.1f ms) %s",
                    (w.getValue()[0] - zero) / 1e9,
                    (w.getValue()[0] + w.getValue()[1] - zero) / 1e9,
                    w.getValue()[1] / 1e9,
                    w.getKey() + " " + objects.getOrDefault(w.getKey(), "?")));
        }
        Set<String> kinds = Set.of("CREATE", "DROP", "ALTER", "RENAME", "ANALYZE", "LOCK", "UNLOCK");
        for (Stmt st : byStart) {
            String first = st.text() == null ? "" : st.text().split(" ")[0].toUpperCase(Locale.ROOT);
            if (kinds.contains(first)) {
                span("  ddl", st, zero);
                if (st.end() - st.start() > 5_000_000_000L) {
                    stagesOf(stages, st, zero);
                }
            }
        }
    }

    /** The stages of a statement over 5 ms that took 0.2 ms or more: where MySQL spent it. */
    private static void stagesOf(Map<Long, Stmt> stages, Stmt of, long zero) {
        for (Stmt st : new TreeMap<>(stages).values()) {
            if (st.start() < of.start() || st.end() > of.end()) {
                continue;
            }
            span("        stage", st, zero);
        }
    }

    private static void span(String kind, Stmt st, long zero) {
        say(String.format(
                Locale.ROOT,
                "%s %9.1f .. %9.1f ms (%6.1f ms): %s",
                kind,
                (st.start() - zero) / 1e9,
                (st.end() - zero) / 1e9,
                (st.end() - st.start()) / 1e9,
                st.text()));
    }

    private static long scalar(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void say(String line) {
        System.out.println("[probe] " + line);
    }
}

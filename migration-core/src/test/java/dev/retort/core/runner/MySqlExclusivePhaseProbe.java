package dev.retort.core.runner;

import dev.retort.core.db.MySqlServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * What MySQL's writers wait for during the in-place statements Retort sends for the benchmark's
 * (a), (b) and (d) (issue 18, item 6): each statement runs under 4 writers, then performance_schema
 * gives the statement's stages and every metadata-lock wait of the writers
 * ({@code events_waits_history_long}, {@code wait/lock/metadata/sql/mdl}), placed on one time line,
 * and the writers' own {@code LOCK_TIME} next to it. Not part of {@code verify}: run with
 * {@code -Dtest=MySqlExclusivePhaseProbe} ({@code -Dretort.probe.rows}, 100,000 by default).
 */
class MySqlExclusivePhaseProbe {

    static final int ROWS = Integer.getInteger("retort.probe.rows", 100_000);

    @Test
    void timeline() throws Exception {
        String url = MySqlServer.newDatabase();
        try (Connection c = DriverManager.getConnection(url, "root", "");
                Statement s = c.createStatement()) {
            say("version " + text(s, "SELECT VERSION()") + ", " + ROWS + " rows, 4 writers at 200 writes/s each");
            // only the metadata-lock wait in the waits' history (every other wait would flood it), stages as they
            // happen
            s.executeUpdate("UPDATE performance_schema.setup_instruments SET ENABLED = 'NO' WHERE NAME LIKE 'wait/%'");
            s.executeUpdate(
                    "UPDATE performance_schema.setup_instruments SET ENABLED = 'YES', TIMED = 'YES' "
                            + "WHERE NAME = 'wait/lock/metadata/sql/mdl' OR NAME LIKE 'stage/%' OR NAME LIKE 'statement/sql/%'");
            s.executeUpdate("UPDATE performance_schema.setup_consumers SET ENABLED = 'YES' WHERE NAME IN "
                    + "('events_waits_current', 'events_waits_history_long', 'events_stages_current', "
                    + "'events_stages_history', 'events_statements_current', 'events_statements_history', "
                    + "'global_instrumentation', 'thread_instrumentation')");
            s.execute("CREATE TABLE customer (id bigint PRIMARY KEY, name varchar(40))");
            s.execute("INSERT INTO customer VALUES (1, 'a'), (2, 'b'), (3, 'c')");
            s.execute("CREATE TABLE orders (id bigint PRIMARY KEY AUTO_INCREMENT, customer_id bigint, "
                    + "note varchar(40), amount int)");
            s.execute("SET SESSION cte_max_recursion_depth = " + (ROWS + 1));
            s.execute("INSERT INTO orders (customer_id, note, amount) WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL "
                    + "SELECT i + 1 FROM n WHERE i < " + ROWS + ") SELECT 1 + i % 3, concat('n', i), i FROM n");
            long me = scalar(
                    s, "SELECT THREAD_ID FROM performance_schema.threads WHERE PROCESSLIST_ID = CONNECTION_ID()");

            AtomicBoolean stop = new AtomicBoolean();
            List<Long> writerThreads = new ArrayList<>();
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                Connection wc = DriverManager.getConnection(url, "root", "");
                try (Statement ws = wc.createStatement()) {
                    writerThreads.add(scalar(
                            ws,
                            "SELECT THREAD_ID FROM performance_schema.threads WHERE PROCESSLIST_ID = CONNECTION_ID()"));
                }
                int id = w;
                writers.add(CompletableFuture.runAsync(() -> {
                    try (wc;
                            PreparedStatement ins = wc.prepareStatement(
                                    "INSERT INTO orders (customer_id, note, amount) VALUES (1, 'w', 1)");
                            PreparedStatement upd =
                                    wc.prepareStatement("UPDATE orders SET amount = amount + 1 WHERE id = ?")) {
                        for (long k = 0; !stop.get(); k++) {
                            if (k % 2 == 0) {
                                ins.executeUpdate();
                            } else {
                                upd.setLong(1, 1 + (k * 7919 + id) % ROWS);
                                upd.executeUpdate();
                            }
                            Thread.sleep(5);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            String ids = writerThreads.toString().replaceAll("[\\[\\] ]", "");
            try {
                Thread.sleep(1000);
                change(
                        s,
                        url,
                        me,
                        ids,
                        "a) ADD COLUMN (instant)",
                        "ALTER TABLE orders ADD COLUMN region varchar(20) DEFAULT '', ALGORITHM=INSTANT");
                change(
                        s,
                        url,
                        me,
                        ids,
                        "a) tighten in place",
                        "ALTER TABLE orders MODIFY COLUMN region varchar(20) NOT NULL "
                                + "DEFAULT '', ALGORITHM=INPLACE, LOCK=NONE");
                change(
                        s,
                        url,
                        me,
                        ids,
                        "b) NOT NULL in place",
                        "ALTER TABLE orders MODIFY COLUMN note varchar(40) NOT NULL, "
                                + "ALGORITHM=INPLACE, LOCK=NONE");
                s.execute("SET SESSION foreign_key_checks = 0");
                change(
                        s,
                        url,
                        me,
                        ids,
                        "d) foreign key in place",
                        "ALTER TABLE orders ADD CONSTRAINT fk_orders_customer "
                                + "FOREIGN KEY (customer_id) REFERENCES customer (id), ALGORITHM=INPLACE, LOCK=NONE");
                s.execute("SET SESSION foreign_key_checks = 1");
            } finally {
                stop.set(true);
                for (CompletableFuture<Void> w : writers) {
                    w.get();
                }
            }
        }
    }

    private static void change(Statement s, String url, long me, String writers, String label, String sql)
            throws Exception {
        try (Connection o = DriverManager.getConnection(url, "root", "");
                Statement os = o.createStatement()) {
            os.execute("TRUNCATE TABLE performance_schema.events_waits_history_long");
            String lockSql = "SELECT COALESCE(SUM(SUM_LOCK_TIME), 0) / 1e9 FROM "
                    + "performance_schema.events_statements_summary_by_thread_by_event_name WHERE THREAD_ID IN ("
                    + writers
                    + ")";
            double lockBefore = scalarDouble(os, lockSql);
            Thread.sleep(500);
            long t = System.nanoTime();
            s.execute(sql);
            double tookMs = (System.nanoTime() - t) / 1e6;
            // read at once from another session: the statement's last 10 stages are still its thread's history
            long start;
            long end;
            try (ResultSet rs = os.executeQuery("SELECT TIMER_START, TIMER_END FROM "
                    + "performance_schema.events_statements_history WHERE THREAD_ID = " + me
                    + " AND SQL_TEXT LIKE 'ALTER%' ORDER BY EVENT_ID DESC LIMIT 1")) {
                rs.next();
                start = rs.getLong(1);
                end = rs.getLong(2);
            }
            List<String[]> stages = new ArrayList<>();
            try (ResultSet rs = os.executeQuery("SELECT EVENT_NAME, TIMER_START, TIMER_END FROM "
                    + "performance_schema.events_stages_history WHERE THREAD_ID = " + me + " AND TIMER_START >= "
                    + start
                    + " ORDER BY TIMER_START")) {
                while (rs.next()) {
                    stages.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
            Thread.sleep(500);
            double lockAfter = scalarDouble(os, lockSql);
            say("");
            say(label + ": " + sql);
            say(String.format(
                    Locale.ROOT,
                    "  statement %.1f ms (server: %.1f ms); writers' LOCK_TIME during it %.1f ms",
                    tookMs,
                    (end - start) / 1e9,
                    lockAfter - lockBefore));
            for (String[] st : stages) {
                double from = (Long.parseLong(st[1]) - start) / 1e9;
                double to = (Long.parseLong(st[2]) - start) / 1e9;
                say(String.format(Locale.ROOT, "  stage %8.1f .. %8.1f ms (%6.1f ms)  %s", from, to, to - from, st[0]));
            }
            double sum = 0;
            int n = 0;
            try (ResultSet rs = os.executeQuery("SELECT THREAD_ID, TIMER_START, TIMER_WAIT FROM "
                    + "performance_schema.events_waits_history_long WHERE EVENT_NAME = 'wait/lock/metadata/sql/mdl' "
                    + "AND THREAD_ID IN (" + writers + ") AND TIMER_WAIT > 0 ORDER BY TIMER_START")) {
                while (rs.next()) {
                    double ms = rs.getLong(3) / 1e9;
                    sum += ms;
                    n++;
                    double from = (rs.getLong(2) - start) / 1e9;
                    String during = "before the statement's last 10 stages";
                    for (String[] st : stages) {
                        if (Long.parseLong(st[1]) <= rs.getLong(2) + rs.getLong(3)) {
                            during = st[0];
                        }
                    }
                    say(String.format(
                            Locale.ROOT,
                            "  writer %d waited %7.1f ms, %8.1f .. %8.1f ms; released in stage %s",
                            rs.getLong(1),
                            ms,
                            from,
                            from + ms,
                            during));
                }
            }
            say(String.format(Locale.ROOT, "  writers' metadata-lock waits: %d, %.1f ms in all", n, sum));
        }
    }

    private static long scalar(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double scalarDouble(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getDouble(1);
        }
    }

    private static String text(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void say(String line) {
        System.out.println("[probe] " + line);
    }
}

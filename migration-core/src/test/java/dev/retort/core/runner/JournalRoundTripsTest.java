package dev.retort.core.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.retort.core.db.MariaDbServer;
import dev.retort.core.startup.Retort;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What an upgrade sends to MariaDB, counted in the server's general log: ten revisions of two
 * steps each (create table, add column) on a fresh database. Per revision: the two DDL statements
 * and one journal write after each; the row that says a revision is about to run (crash safety)
 * rides in the write after the last step of the revision before it, and the lost-lock check in
 * every journal write.
 */
class JournalRoundTripsTest {

    private static final String PACKAGE = "dev.retort.core.tenants.bench";

    @Test
    void twoStepRevisionsSendTheirDdlAndOneJournalWritePerStep() throws Exception {
        String url = MariaDbServer.newDatabase();
        String server = url.substring(0, url.lastIndexOf('/') + 1);
        List<String> sent = logged(server, () -> {
            Retort.Result r = Retort.configure()
                    .url(url)
                    .username("root")
                    .migrations(getClass().getClassLoader(), PACKAGE)
                    .log(RunLog.SILENT)
                    .migrate();
            assertEquals(10, r.applied().size());
        });
        Map<String, Integer> kinds = new TreeMap<>();
        for (String sql : sent) {
            kinds.merge(kind(sql), 1, Integer::sum);
        }
        String report = String.join(
                "\n",
                kinds.entrySet().stream()
                        .map(e -> e.getValue() + "  " + e.getKey())
                        .toList());
        System.out.println("statements of one upgrade of 10 two-step revisions (" + sent.size() + "):\n" + report);
        long ddl = sent.stream()
                .filter(s -> s.startsWith("CREATE TABLE `item") || s.startsWith("ALTER TABLE `item"))
                .count();
        long journal = sent.stream()
                .filter(s -> s.contains("retort_history") && !s.startsWith("SELECT") && !s.startsWith("CREATE"))
                .count();
        long lockChecks =
                sent.stream().filter(s -> s.startsWith("SELECT IS_USED_LOCK")).count();
        assertEquals(20, ddl, report);
        assertEquals(
                21, journal, "one journal write per committed step, and the first revision's 'running' row\n" + report);
        try (Connection c = DriverManager.getConnection(url, "root", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM retort_history WHERE state = 'applied'"
                        + " AND steps_done = 2 AND steps_total = 2 AND checksum <> '' AND parents IS NOT NULL")) {
            rs.next();
            assertEquals(10, rs.getInt(1), "every revision recorded applied, whole");
        }
        assertEquals(0, lockChecks, "the lost-lock check rides in the journal write\n" + report);
    }

    /** The statements (Query and Execute commands) the run sends, in order, from the server's general log. */
    private static List<String> logged(String server, Work run) throws Exception {
        long me;
        try (Connection c = DriverManager.getConnection(server, "root", "");
                Statement s = c.createStatement()) {
            s.execute("SET GLOBAL log_output = 'TABLE'");
            s.execute("TRUNCATE TABLE mysql.general_log");
            try (ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
                rs.next();
                me = rs.getLong(1);
            }
            s.execute("SET GLOBAL general_log = 1");
            try {
                run.run();
            } finally {
                s.execute("SET GLOBAL general_log = 0");
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT CONVERT(argument USING utf8mb4) FROM mysql.general_log"
                    + " WHERE command_type IN ('Query', 'Execute') AND thread_id <> " + me
                    + " ORDER BY event_time")) {
                while (rs.next()) {
                    out.add(rs.getString(1).strip().replaceAll("\\s+", " "));
                }
            }
            return out;
        }
    }

    private static String kind(String sql) {
        String k = sql.replaceAll("'[^']*'", "?")
                .replaceAll("\\bitem\\d+", "item…")
                .replaceAll("[0-9]+", "N");
        return k.length() > 120 ? k.substring(0, 120) : k;
    }

    private interface Work {
        void run() throws Exception;
    }
}

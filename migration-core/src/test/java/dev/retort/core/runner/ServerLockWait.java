package dev.retort.core.runner;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * What the server itself measures of the writers' waiting for locks, for {@link OnlineDdlBenchmark}:
 * a metric the load on the benchmark's machine cannot fake, as a client-side latency can (a writer
 * descheduled for 40 ms looks like a 40 ms stall).
 *
 * <ul>
 *   <li>Counters of performance_schema, per writer thread (MySQL 8.0; MariaDB started with
 *       {@code --performance-schema=ON}): {@code SUM_LOCK_TIME} of the writers' statements
 *       ({@code events_statements_summary_by_thread_by_event_name}; MySQL 8.0.28 and later count
 *       InnoDB row-lock waits in it, MariaDB only table and metadata locks), and the time spent in
 *       {@code wait/lock/metadata/sql/mdl} ({@code events_waits_summary_by_thread_by_event_name}).</li>
 *   <li>Row-lock waits, sampled every few milliseconds from {@code information_schema.INNODB_TRX}
 *       ({@code trx_state = 'LOCK WAIT'}) for the writers' sessions: each sample that sees a writer
 *       waiting adds the time since the previous sample ({@code trx_wait_started} has whole
 *       seconds only, too coarse to subtract from).</li>
 *   <li>PostgreSQL, which keeps no cumulative lock-wait counter: the writers' backends sampled every
 *       few milliseconds from {@code pg_stat_activity} ({@code wait_event_type = 'Lock'}, the
 *       heavyweight locks of {@code pg_locks} they wait for): a wait for a {@code relation} lock is
 *       the table lock a DDL statement holds or queues for (MySQL's metadata lock), a wait for a
 *       {@code transactionid} or {@code tuple} lock is a row-lock wait. Each sample that sees a
 *       writer waiting adds the time since the previous sample, as above.</li>
 * </ul>
 * Both are taken for the writers' sessions only, so Retort's own sessions waiting (a chunk behind a
 * writer) do not count.
 */
final class ServerLockWait implements AutoCloseable {

    /** What one window cost the writers, in milliseconds, as the server counted it. */
    record Totals(double statementLockMs, double mdlMs, double rowLockMs, int rowLockWaits, double longestRowLockMs) {

        Totals minus(Totals o) {
            return new Totals(
                    statementLockMs - o.statementLockMs,
                    mdlMs - o.mdlMs,
                    rowLockMs - o.rowLockMs,
                    rowLockWaits - o.rowLockWaits,
                    longestRowLockMs);
        }

        /** Lock waits the server counted for the writers: metadata locks plus row locks (sampled). */
        double totalMs() {
            return mdlMs + rowLockMs;
        }
    }

    private final Connection monitor;
    private final Connection sampling;
    private final boolean performanceSchema;
    private final boolean postgres;
    private final String threads;
    private final Set<Long> sessions;
    private final Thread sampler;
    private volatile boolean stop;
    /** Row-lock waits seen: (session, wait start to the second) to the time samples saw it waiting, in ms. */
    private final Map<String, Double> waits = new ConcurrentHashMap<>();
    /** PostgreSQL: table-lock waits seen, likewise, keyed by (backend, statement start). */
    private final Map<String, Double> tableWaits = new ConcurrentHashMap<>();

    private ServerLockWait(
            Connection monitor, Connection sampling, boolean ps, boolean postgres, Set<Long> sessions, long everyMillis)
            throws SQLException {
        this.monitor = monitor;
        this.sampling = sampling;
        this.performanceSchema = ps;
        this.postgres = postgres;
        this.sessions = sessions;
        this.threads = sessions.stream().map(String::valueOf).collect(Collectors.joining(","));
        String inList = threads;
        this.sampler = new Thread(
                () -> {
                    try (PreparedStatement q = sampling.prepareStatement(
                            postgres
                                    ? "SELECT pid, query_start, wait_event FROM pg_stat_activity "
                                            + "WHERE wait_event_type = 'Lock' AND pid IN (" + inList + ")"
                                    : "SELECT trx_mysql_thread_id, trx_wait_started, 'row' FROM information_schema.INNODB_TRX "
                                            + "WHERE trx_state = 'LOCK WAIT' AND trx_mysql_thread_id IN (" + inList
                                            + ")")) {
                        long previous = System.nanoTime();
                        while (!stop) {
                            try (ResultSet rs = q.executeQuery()) {
                                long now = System.nanoTime();
                                // trx_wait_started has whole seconds only: each sample that sees a writer waiting
                                // adds the time since the previous sample, so a wait counts to within one interval
                                double elapsed = (now - previous) / 1e6;
                                previous = now;
                                while (rs.next()) {
                                    Timestamp started = rs.getTimestamp(2);
                                    (postgres && "relation".equals(rs.getString(3)) ? tableWaits : waits)
                                            .merge(rs.getLong(1) + "@" + started, elapsed, Double::sum);
                                }
                            }
                            Thread.sleep(everyMillis);
                        }
                    } catch (SQLException | InterruptedException e) {
                        System.out.println("    row-lock sampling stopped: " + e.getMessage());
                    }
                },
                "lock-wait-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Starts sampling for the writers' sessions ({@code CONNECTION_ID()}s) through two monitoring connections. */
    static ServerLockWait start(Connection monitor, Connection sampling, List<Long> writerSessions, long everyMillis)
            throws SQLException {
        boolean postgres = monitor.getMetaData().getDatabaseProductName().equals("PostgreSQL");
        boolean ps = false;
        if (!postgres) {
            try (Statement s = monitor.createStatement();
                    ResultSet rs = s.executeQuery("SELECT @@performance_schema")) {
                ps = rs.next() && rs.getInt(1) == 1;
            }
        }
        if (ps) {
            try (Statement s = monitor.createStatement()) {
                s.executeUpdate("UPDATE performance_schema.setup_instruments SET ENABLED = 'YES', TIMED = 'YES' "
                        + "WHERE NAME = 'wait/lock/metadata/sql/mdl' OR NAME LIKE 'statement/sql/%'");
                s.executeUpdate("UPDATE performance_schema.setup_consumers SET ENABLED = 'YES' "
                        + "WHERE NAME IN ('global_instrumentation', 'thread_instrumentation', 'statements_digest')");
            }
        }
        return new ServerLockWait(monitor, sampling, ps, postgres, Set.copyOf(writerSessions), everyMillis);
    }

    boolean hasPerformanceSchema() {
        return performanceSchema;
    }

    /** PostgreSQL: table and row locks alike come from sampling. */
    boolean samplesTableLocks() {
        return postgres;
    }

    /** The counters now: performance_schema's sums for the writers, and the row-lock waits sampled so far. */
    Totals now() throws SQLException {
        double lock = 0;
        double mdl = 0;
        if (performanceSchema) {
            String ids = "SELECT THREAD_ID FROM performance_schema.threads WHERE PROCESSLIST_ID IN (" + threads + ")";
            lock = picosToMs("SELECT COALESCE(SUM(SUM_LOCK_TIME), 0) FROM "
                    + "performance_schema.events_statements_summary_by_thread_by_event_name WHERE THREAD_ID IN ("
                    + ids + ")");
            mdl = picosToMs("SELECT COALESCE(SUM(SUM_TIMER_WAIT), 0) FROM "
                    + "performance_schema.events_waits_summary_by_thread_by_event_name WHERE EVENT_NAME = "
                    + "'wait/lock/metadata/sql/mdl' AND THREAD_ID IN (" + ids + ")");
        }
        if (postgres) {
            mdl = tableWaits.values().stream().mapToDouble(Double::doubleValue).sum();
        }
        Map<String, Double> seen = new HashMap<>(waits);
        double row = seen.values().stream().mapToDouble(Double::doubleValue).sum();
        double longest =
                seen.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return new Totals(lock, mdl, row, seen.size(), longest);
    }

    /** Forgets the row-lock waits sampled so far, to measure the next window from zero. */
    void resetRowLocks() {
        waits.clear();
        tableWaits.clear();
    }

    private double picosToMs(String sql) throws SQLException {
        try (Statement s = monitor.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getBigDecimal(1).doubleValue() / 1e9;
        }
    }

    @Override
    public void close() throws SQLException {
        stop = true;
        try {
            sampler.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sampling.close();
        monitor.close();
    }
}

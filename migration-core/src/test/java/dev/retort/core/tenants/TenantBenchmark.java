package dev.retort.core.tenants;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.retort.core.db.MariaDbServer;
import dev.retort.core.runner.RunLog;
import dev.retort.core.startup.Retort;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * 200 tenants × 10 revisions on one MariaDB: the fan-out at parallelism 4 against 200 sequential
 * single-tenant runs (the start-up API once per tenant database, in this JVM: what a loop over
 * tenants does without fan-out, minus any process start), side by side in one run, on fresh
 * databases each. Not part of {@code verify} (no surefire pattern matches {@code *Benchmark});
 * {@code benchmarks/tenants/run.sh} runs it. Options: {@code -Dbench.tenants=200},
 * {@code -Dbench.parallel=4}, {@code -Dbench.parallel1=false} (leaves out the fan-out at parallelism 1).
 */
class TenantBenchmark {

    static final String PACKAGE = "dev.retort.core.tenants.bench";

    @Test
    void fanOutAgainstSequentialRuns() throws Exception {
        int tenants = Integer.getInteger("bench.tenants", 200);
        int parallel = Integer.getInteger("bench.parallel", 4);
        String server = "jdbc:mysql://127.0.0.1:" + MariaDbServer.port() + "/";
        String catalog = MariaDbServer.newDatabase();

        // warm-up, not timed: class loading, the driver, the server's caches
        List<String> warm = create(server, "warm", 4);
        fanOut(catalog, warm, 2);

        List<String> sequential = create(server, "seq", tenants);
        long t0 = System.nanoTime();
        for (String tenant : sequential) {
            Retort.Result r = Retort.configure()
                    .url(server + tenant)
                    .username("root")
                    .migrations(getClass().getClassLoader(), PACKAGE)
                    .log(RunLog.SILENT)
                    .migrate();
            assertEquals(10, r.applied().size());
        }
        double sequentialSeconds = (System.nanoTime() - t0) / 1e9;

        double fanOut1 = Double.NaN;
        if (Boolean.parseBoolean(System.getProperty("bench.parallel1", "true"))) {
            List<String> one = create(server, "one", tenants);
            long t1 = System.nanoTime();
            fanOut(catalog, one, 1);
            fanOut1 = (System.nanoTime() - t1) / 1e9;
        }

        List<String> many = create(server, "par", tenants);
        long t2 = System.nanoTime();
        fanOut(catalog, many, parallel);
        double fanOutN = (System.nanoTime() - t2) / 1e9;

        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        String table = String.format(
                Locale.ROOT,
                """
                | run (%d tenants × 10 revisions, MariaDB 10.11) | seconds | per tenant | speed-up vs sequential |
                | --- | ---: | ---: | ---: |
                | %d sequential single-tenant runs (start-up API, one per database) | %.1f | %.3f | 1.00× |
                %s| fan-out, parallel %d | %.1f | %.3f | %.2f× |

                Processors: %d; load average (1 min) at the end: %.1f
                """,
                tenants,
                tenants,
                sequentialSeconds,
                sequentialSeconds / tenants,
                Double.isNaN(fanOut1)
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                "| fan-out, parallel 1 | %.1f | %.3f | %.2f× |%n",
                                fanOut1,
                                fanOut1 / tenants,
                                sequentialSeconds / fanOut1),
                parallel,
                fanOutN,
                fanOutN / tenants,
                sequentialSeconds / fanOutN,
                Runtime.getRuntime().availableProcessors(),
                load);
        System.out.println(table);
        Path out = Path.of("target", "benchmark-tenants.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
    }

    /**
     * Where one tenant's time goes: the server's general log of one tenant's upgrade (10 revisions),
     * each statement charged with the wall time until the next one (its round trip and the client's
     * work after it), grouped by kind. Run after a warm-up, on a server with the fan-out's tenants.
     */
    @Test
    void whereOneTenantsTimeGoes() throws Exception {
        String server = "jdbc:mysql://127.0.0.1:" + MariaDbServer.port() + "/";
        String catalog = MariaDbServer.newDatabase();
        fanOut(catalog, create(server, "pwarm", 4), 1);
        List<String> tenant = create(server, "prof", 1);
        try (Connection c = DriverManager.getConnection(server, "root", "");
                Statement s = c.createStatement()) {
            s.execute("SET GLOBAL log_output = 'TABLE'");
            s.execute("TRUNCATE TABLE mysql.general_log");
            s.execute("SET GLOBAL general_log = 1");
        }
        long t0 = System.nanoTime();
        fanOut(catalog, tenant, 1);
        double total = (System.nanoTime() - t0) / 1e9;
        java.util.Map<String, double[]> kinds = new java.util.TreeMap<>();
        try (Connection c = DriverManager.getConnection(server, "root", "");
                Statement s = c.createStatement()) {
            s.execute("SET GLOBAL general_log = 0");
            List<Object[]> rows = new ArrayList<>();
            try (java.sql.ResultSet rs = s.executeQuery(
                    "SELECT event_time, command_type, CONVERT(argument USING utf8mb4) FROM mysql.general_log"
                            + " ORDER BY event_time")) {
                while (rs.next()) {
                    rows.add(new Object[] {rs.getTimestamp(1), rs.getString(2), rs.getString(3)});
                }
            }
            for (int i = 0; i < rows.size() - 1; i++) {
                String sql = (String) rows.get(i)[2];
                if (sql.contains("general_log")) {
                    continue;
                }
                double ms = (((java.sql.Timestamp) rows.get(i + 1)[0]).getTime()
                        - ((java.sql.Timestamp) rows.get(i)[0]).getTime()
                        + (((java.sql.Timestamp) rows.get(i + 1)[0]).getNanos() % 1_000_000
                                        - ((java.sql.Timestamp) rows.get(i)[0]).getNanos() % 1_000_000)
                                / 1e6);
                String kind = rows.get(i)[1] + " "
                        + sql.replaceAll("\\s+", " ")
                                .replaceAll("'[^']*'", "?")
                                .replaceAll("\\b(item|prof|pwarm)\\w*", "$1…")
                                .replaceAll("[0-9]+", "N");
                kind = kind.length() > 110 ? kind.substring(0, 110) : kind;
                kinds.computeIfAbsent(kind, k -> new double[2]);
                kinds.get(kind)[0]++;
                kinds.get(kind)[1] += ms;
            }
        }
        StringBuilder out = new StringBuilder(String.format(
                Locale.ROOT,
                "one tenant, 10 revisions: %.3f s wall%n| statements | ms | kind |%n| ---: | ---: | --- |%n",
                total));
        kinds.entrySet().stream()
                .sorted((a, b) -> Double.compare(b.getValue()[1], a.getValue()[1]))
                .forEach(e -> out.append(String.format(
                        Locale.ROOT, "| %.0f | %.1f | %s |%n", e.getValue()[0], e.getValue()[1], e.getKey())));
        System.out.println(out);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "benchmark-tenants-profile.md"), out.toString());
    }

    private void fanOut(String catalog, List<String> tenants, int parallel) {
        Retort.Result r = Retort.configure()
                .url(catalog)
                .username("root")
                .migrations(getClass().getClassLoader(), PACKAGE)
                .log(RunLog.SILENT)
                .tenants(tenants)
                .tenantsParallel(parallel)
                .migrate();
        assertEquals(tenants.size() * 10, r.applied().size());
    }

    private static List<String> create(String server, String prefix, int n) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(server, "root", "");
                Statement s = c.createStatement()) {
            for (int i = 1; i <= n; i++) {
                String name = prefix + String.format(Locale.ROOT, "%03d", i);
                s.execute("CREATE DATABASE " + name);
                names.add(name);
            }
        }
        return names;
    }
}

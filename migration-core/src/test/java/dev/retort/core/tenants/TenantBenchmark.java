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
 * {@code -Dbench.parallel=4}.
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

        List<String> one = create(server, "one", tenants);
        long t1 = System.nanoTime();
        fanOut(catalog, one, 1);
        double fanOut1 = (System.nanoTime() - t1) / 1e9;

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
                | fan-out, parallel 1 | %.1f | %.3f | %.2f× |
                | fan-out, parallel %d | %.1f | %.3f | %.2f× |

                Processors: %d; load average (1 min) at the end: %.1f
                """,
                tenants,
                tenants,
                sequentialSeconds,
                sequentialSeconds / tenants,
                fanOut1,
                fanOut1 / tenants,
                sequentialSeconds / fanOut1,
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

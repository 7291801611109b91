package dev.retort.core.runner;

import static dev.retort.core.runner.OnlineDdlTest.*;

import dev.retort.core.runner.DdlPolicy.OnlineCopy;
import dev.retort.core.safety.SafetyPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What the checksum of a shadow copy ({@code migrate.onlineCopy.verify}) costs: the same shadow
 * copy of an idle MariaDB table (orders.amount widened) with the checksum and without, alternating
 * (off, on, off, on, ...) so load on the shared machine hits both alike. Not part of {@code verify}:
 * {@code ./mvnw -B -pl migration-api,migration-core -Pbench test -Dtest=ShadowCopyVerifyBenchmark
 * -Dbench.rows=100000,1000000 -Dbench.rounds=2 -Dbench.copyChunk=1000 -Dbench.copyThrottle=0}.
 * Writes a markdown table to {@code bench.out} (default {@code target/benchmark-copy-verify.md}).
 */
@Tag("benchmark")
class ShadowCopyVerifyBenchmark {

    private static final Pattern COPY = Pattern.compile("copy of orders: ([\\d,]+) rows in ([\\d.]+) s");
    private static final Pattern CHECK =
            Pattern.compile("checksum of the copy of orders: ([\\d,]+) rows match in ([\\d.]+) s");

    @Test
    void checksumCost() throws Exception {
        List<Integer> sizes = Arrays.stream(
                        System.getProperty("bench.rows", "100000").split(","))
                .map(String::trim)
                .map(Integer::parseInt)
                .toList();
        int rounds = Integer.getInteger("bench.rounds", 2);
        int chunk = Integer.getInteger("bench.copyChunk", 1000);
        double throttle = Double.parseDouble(System.getProperty("bench.copyThrottle", "0"));
        List<String> out = new ArrayList<>();
        out.add("| rows | checksum | copy s | checksum s | total s (copy + checksum + swap) | rows/s overall |");
        out.add("| ---: | --- | ---: | ---: | ---: | ---: |");
        for (int rows : sizes) {
            for (int round = 0; round < rounds; round++) {
                for (boolean verify : new boolean[] {false, true}) {
                    try (Connection c = mariadb()) {
                        shop(c, 0);
                        try (Statement s = c.createStatement()) {
                            // rows generated in the server: a recursive CTE, in slices that keep each statement short
                            for (int from = 0; from < rows; from += 100_000) {
                                int n = Math.min(100_000, rows - from);
                                s.execute("SET SESSION max_recursive_iterations = 200000");
                                s.executeUpdate(
                                        "INSERT INTO orders (customer_id, note, code, amount) WITH RECURSIVE seq(i) AS "
                                                + "(SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < " + n
                                                + ") SELECT 1 + i % 3, "
                                                + "IF(i % 3 = 0, NULL, CONCAT('note ', i)), CONCAT('c', i), i FROM seq");
                            }
                        }
                        Log log = new Log();
                        long started = System.nanoTime();
                        runner(
                                        c,
                                        log,
                                        FAST.withCopyRowLimit(100)
                                                .withOnlineCopy(OnlineCopy.COPIES, chunk, throttle)
                                                .withCopyChecks(verify, 0),
                                        SafetyPolicy.DEFAULT,
                                        new WidenAmount())
                                .upgrade("head");
                        double total = (System.nanoTime() - started) / 1e9;
                        String all = log.all();
                        double copy = seconds(COPY, all);
                        double check = verify ? seconds(CHECK, all) : 0;
                        String line = String.format(
                                Locale.ROOT,
                                "| %,d | %s | %.1f | %s | %.1f | %,.0f |",
                                rows,
                                verify ? "on" : "off",
                                copy,
                                verify ? String.format(Locale.ROOT, "%.1f", check) : "-",
                                total,
                                rows / total);
                        System.out.println(line);
                        out.add(line);
                        try (Statement s = c.createStatement()) {
                            s.execute("DROP DATABASE " + c.getCatalog());
                        }
                    }
                }
            }
        }
        Path file = Path.of(System.getProperty("bench.out", "target/benchmark-copy-verify.md"));
        Files.writeString(file, String.join("\n", out) + "\n");
        System.out.println(String.join("\n", out));
    }

    private static double seconds(Pattern p, String log) {
        Matcher m = p.matcher(log);
        if (!m.find()) {
            throw new AssertionError("no match for " + p + " in:\n" + log);
        }
        return Double.parseDouble(m.group(2));
    }
}

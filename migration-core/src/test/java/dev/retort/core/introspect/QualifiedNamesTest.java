package dev.retort.core.introspect;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.ForeignKey.foreignKey;
import static dev.retort.migration.Types.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.db.MariaDbServer;
import dev.retort.core.db.MySqlServer;
import dev.retort.core.db.PostgresServer;
import dev.retort.core.dialect.Dialect;
import dev.retort.core.dialect.Dialects;
import dev.retort.core.history.HistoryTable;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.model.Schema;
import dev.retort.core.runner.MigrationRunner;
import dev.retort.core.runner.RunLog;
import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.ReferentialAction;
import dev.retort.migration.Revision;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tables, keys, indexes and a sequence in another schema (database on MySQL/MariaDB) on the real
 * databases: the migration creates the schema when missing, puts everything there, keys reach
 * across schemas, drift reads that schema too and finds nothing, a table added there by hand is
 * reported, and the downgrade drops the tables but leaves the schema.
 */
class QualifiedNamesTest {

    /** The schema's tables; {@code sales} stands for the qualifier the database uses. */
    @Revision(id = "s1", message = "in another schema")
    public static final class InSchema implements Migration {
        private final String sales;

        InSchema(String sales) {
            this.sales = sales;
        }

        @Override
        public void upgrade(Operations op) {
            op.createTable("customer", column("id", bigint()).primaryKey(), column("last_purchase_id", bigint()));
            op.createTable(
                    sales + "purchase",
                    column("id", bigint()).primaryKey(),
                    column("customer_id", bigint()).notNull(),
                    column("code", varchar(20)).notNull(),
                    column("note", varchar(40)));
            op.createTable(
                    sales + "line",
                    column("id", bigint()).primaryKey(),
                    column("purchase_id", bigint()).notNull());
            // from the default schema into the other one: resolved on every database (the other way round, an
            // unqualified referenced table resolves in the child's schema on H2, MySQL and MariaDB)
            op.addForeignKey(
                    "customer",
                    foreignKey("fk_customer_purchase", "last_purchase_id").references(sales + "purchase", "id"));
            op.addForeignKey(
                    sales + "line",
                    foreignKey("fk_line_purchase", "purchase_id")
                            .references(sales + "purchase", "id")
                            .onDelete(ReferentialAction.CASCADE));
            op.createIndex(sales + "purchase", "ix_purchase_note", "note");
            op.addUnique(sales + "purchase", "uk_purchase_code", "code");
            op.createSequence(sales + "purchase_seq", 1, 50);
        }

        @Override
        public void downgrade(Operations op) {
            op.dropSequence(sales + "purchase_seq").acceptDataLoss();
            op.dropTable("customer").acceptDataLoss();
            op.dropTable(sales + "line").acceptDataLoss();
            op.dropTable(sales + "purchase").acceptDataLoss();
        }
    }

    /** Changes to the qualified tables: an index renamed, a column added, a sequence altered. */
    @Revision(id = "s2", parents = "s1", message = "change them")
    public static final class Change implements Migration {
        private final String sales;

        Change(String sales) {
            this.sales = sales;
        }

        @Override
        public void upgrade(Operations op) {
            op.renameIndex(sales + "purchase", "ix_purchase_note", "ix_purchase_remark");
            op.addColumn(sales + "line", column("qty", integer()).nullable());
            op.alterSequence(sales + "purchase_seq", 1, 50, 1, 10);
        }

        @Override
        public void downgrade(Operations op) {
            op.alterSequence(sales + "purchase_seq", 1, 10, 1, 50);
            op.dropColumn(sales + "line", "qty").acceptDataLoss();
            op.renameIndex(sales + "purchase", "ix_purchase_remark", "ix_purchase_note");
        }
    }

    static Stream<DriftDetectorTest.Db> databases() throws Exception {
        return Stream.of(
                new DriftDetectorTest.Db(
                        "h2",
                        "jdbc:h2:file:" + Files.createTempDirectory("retort-qn").resolve("db"),
                        "sa"),
                new DriftDetectorTest.Db("postgresql", PostgresServer.newDatabase(), "postgres"),
                new DriftDetectorTest.Db("mariadb", MariaDbServer.newDatabase(), "root"),
                new DriftDetectorTest.Db("mysql", MySqlServer.newDatabase(), "root"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void tablesKeysIndexesAndSequencesLiveInTheQualifiedSchema(DriftDetectorTest.Db db) throws Exception {
        try (Connection c = db.open()) {
            Dialect dialect = Dialects.detect(c.getMetaData());
            boolean mysql = !dialect.usesSchema();
            // one database per test on a shared MySQL server: a schema name of its own; on MySQL the catalog
            String name = mysql ? "rt_sales_" + UUID.randomUUID().toString().substring(0, 8) : "sales";
            String sales = mysql ? name + ".." : name + ".";
            RevisionGraph graph = new RevisionGraph(
                    List.of(RevisionInfo.of(new InSchema(sales)), RevisionInfo.of(new Change(sales))));
            MigrationRunner runner =
                    new MigrationRunner(c, dialect, graph, RunLog.SILENT, false, Duration.ofSeconds(5));
            runner.upgrade("s1");
            assertTrue(tablesIn(c, dialect, name).contains("purchase"), "in the schema: " + tablesIn(c, dialect, name));
            assertFalse(tablesIn(c, dialect, null).contains("purchase"), "not in the default schema");
            assertEquals(List.of(), drifts(c, dialect, graph), "after s1");

            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO " + dialect.quote(sales + "purchase")
                        + " (id, customer_id, code) VALUES (1, 1, 'x')");
                s.execute("INSERT INTO customer (id, last_purchase_id) VALUES (1, 1)");
                // the foreign key across schemas holds
                assertThrows(
                        SQLException.class,
                        () -> s.execute("INSERT INTO customer (id, last_purchase_id) VALUES (2, 9)"));
            }

            runner.upgrade("head");
            assertEquals(List.of(), drifts(c, dialect, graph), "after s2");

            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE " + dialect.quote(sales + "by_hand") + " (id integer)");
            }
            List<String> found = drifts(c, dialect, graph);
            assertEquals(1, found.size(), found.toString());
            assertTrue(found.get(0).toLowerCase(Locale.ROOT).contains(name + ".by_hand"), found.toString());
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE " + dialect.quote(sales + "by_hand"));
            }

            runner.downgrade("base");
            assertFalse(tablesIn(c, dialect, name).contains("purchase"), "downgraded: " + tablesIn(c, dialect, name));
            assertTrue(schemaExists(c, name), "the downgrade leaves the schema it may share with others");
        }
    }

    private static List<String> drifts(Connection c, Dialect dialect, RevisionGraph graph) throws SQLException {
        HistoryTable history = new HistoryTable(c, dialect);
        Schema expected = DriftDetector.expected(graph, history.exists() ? history.rows() : List.of());
        return DriftDetector.compare(expected, new SchemaReader(c, dialect).read(expected), dialect).stream()
                .map(Drift::toString)
                .toList();
    }

    private static List<String> tablesIn(Connection c, Dialect dialect, String schema) throws SQLException {
        String catalog = !dialect.usesSchema() ? (schema == null ? c.getCatalog() : schema) : null;
        String pattern = dialect.usesSchema() ? (schema == null ? c.getSchema() : fold(dialect, schema)) : null;
        try (ResultSet rs = c.getMetaData().getTables(catalog, pattern, "%", new String[] {"TABLE", "BASE TABLE"})) {
            List<String> out = new java.util.ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
            }
            return out;
        }
    }

    private static boolean schemaExists(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT count(*) FROM information_schema.schemata WHERE upper(schema_name)"
                                + " = upper('" + name + "')")) {
            rs.next();
            return rs.getInt(1) == 1;
        }
    }

    private static String fold(Dialect dialect, String name) {
        return dialect.name().equals("h2") ? name.toUpperCase(Locale.ROOT) : name;
    }
}

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
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.runner.MigrationRunner;
import dev.retort.core.runner.RunLog;
import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Quoted names ({@code `Key`}: exact case, always quoted) and table comments on real databases:
 * created as written, read back without drift, a comment changed by a later revision and by hand.
 */
class QuotedNamesAndCommentsTest {

    @Revision(id = "q1", message = "quoted")
    public static final class Quoted implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.createTable(
                    "`Key`",
                    column("`Id`", bigint()).primaryKey(),
                    column("`Order`", varchar(20)).notNull(),
                    column("`Tier`", enumOf("GOLD", "SILVER")).nullable(),
                    column("plain", integer()).nullable());
            op.setTableComment("`Key`", "keys, quoted");
            op.createIndex("`Key`", "`IX_Key_Order`", "`Order`");
            op.addUnique("`Key`", "`UK_Key_plain`", "plain");
            op.createTable(
                    "lock_ref",
                    column("id", bigint()).primaryKey(),
                    column("`KeyId`", bigint()).nullable());
            op.setTableComment("lock_ref", "it's plain");
            op.addForeignKey("lock_ref", foreignKey("`FK_Ref_Key`", "`KeyId`").references("`Key`", "`Id`"));
            op.createSequence("`Key_SEQ`", 1, 50);
        }

        @Override
        public void downgrade(Operations op) {
            op.dropSequence("`Key_SEQ`").acceptDataLoss();
            op.dropTable("lock_ref").acceptDataLoss();
            op.dropTable("`Key`").acceptDataLoss();
        }
    }

    @Revision(id = "q2", parents = "q1", message = "comments")
    public static final class Comments implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.setTableComment("`Key`", "keys, renamed");
            op.setTableComment("lock_ref", null);
        }

        @Override
        public void downgrade(Operations op) {
            op.setTableComment("lock_ref", "it's plain");
            op.setTableComment("`Key`", "keys, quoted");
        }
    }

    static Stream<DriftDetectorTest.Db> databases() throws Exception {
        return Stream.of(
                new DriftDetectorTest.Db(
                        "h2",
                        "jdbc:h2:file:" + Files.createTempDirectory("retort-q").resolve("db"),
                        "sa"),
                new DriftDetectorTest.Db("postgresql", PostgresServer.newDatabase(), "postgres"),
                new DriftDetectorTest.Db("mariadb", MariaDbServer.newDatabase(), "root"),
                new DriftDetectorTest.Db("mysql", MySqlServer.newDatabase(), "root"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void quotedNamesKeepTheirCaseAndCommentsRoundTrip(DriftDetectorTest.Db db) throws Exception {
        RevisionGraph graph =
                new RevisionGraph(List.of(RevisionInfo.of(new Quoted()), RevisionInfo.of(new Comments())));
        try (Connection c = db.open()) {
            Dialect dialect = Dialects.detect(c.getMetaData());
            MigrationRunner runner =
                    new MigrationRunner(c, dialect, graph, RunLog.SILENT, false, Duration.ofSeconds(5));
            runner.upgrade("q1");
            assertEquals(List.of(), drifts(c, dialect, graph), "after q1");
            assertTrue(tables(c).contains("Key"), "the quoted table keeps its case: " + tables(c));
            assertEquals("keys, quoted", comment(c, dialect, "Key"));
            assertEquals("it's plain", comment(c, dialect, fold(dialect, "lock_ref")));
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO " + dialect.quote("`Key`") + " (" + dialect.quote("`Id`") + ", "
                        + dialect.quote("`Order`") + ") VALUES (1, 'a')");
            }

            runner.upgrade("head");
            assertEquals(List.of(), drifts(c, dialect, graph), "after q2");
            assertEquals("keys, renamed", comment(c, dialect, "Key"));
            assertNull(comment(c, dialect, fold(dialect, "lock_ref")));

            try (Statement s = c.createStatement()) {
                s.execute(dialect.toSql(new dev.retort.core.ops.SetTableComment("`Key`", "by hand"))
                        .get(0));
            }
            List<String> found = drifts(c, dialect, graph);
            assertEquals(
                    List.of("table comment mismatch Key: the database has 'by hand', the migrations 'keys, renamed'"),
                    found);

            runner.downgrade("base");
            assertFalse(tables(c).contains("Key"), "downgraded to base: " + tables(c));
        }
    }

    private static String fold(Dialect dialect, String name) {
        return dialect.name().equals("h2") ? name.toUpperCase(java.util.Locale.ROOT) : name;
    }

    private static List<String> drifts(Connection c, Dialect dialect, RevisionGraph graph) throws SQLException {
        return DriftDetectorTest.drift(c, dialect, graph).stream()
                .map(Drift::toString)
                .toList();
    }

    private static List<String> tables(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), null, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                out.add(rs.getString("TABLE_NAME"));
            }
        }
        return out;
    }

    private static String comment(Connection c, Dialect dialect, String table) throws SQLException {
        return new SchemaReader(c, dialect)
                .read().tables().stream()
                        .filter(t -> t.name().equals(table))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no table " + table))
                        .comment();
    }
}

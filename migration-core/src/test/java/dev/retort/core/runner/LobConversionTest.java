package dev.retort.core.runner;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.retort.core.db.PostgresServer;
import dev.retort.core.dialect.Dialect;
import dev.retort.core.dialect.Dialects;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.safety.SafetyPolicy;
import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code String} -> {@code @Lob String} (and {@code byte[]} -> {@code @Lob byte[]}) on PostgreSQL,
 * where Hibernate's column is an {@code oid} naming a large object: the stored values move into large
 * objects (and back on downgrade) instead of the cast failing.
 */
class LobConversionTest {

    @Revision(id = "l1", message = "doc")
    public static final class Doc implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.createTable(
                    "doc",
                    column("id", bigint()).primaryKey(),
                    column("body", varchar(100)).nullable(),
                    column("data", varbinary(20)).nullable());
        }

        @Override
        public void downgrade(Operations op) {
            op.dropTable("doc").acceptDataLoss();
        }
    }

    @Revision(id = "l2", parents = "l1", message = "lob")
    public static final class ToLob implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.alterColumn(
                    "doc",
                    column("body", varchar(100)).nullable(),
                    column("body", clob()).nullable());
            op.alterColumn(
                    "doc",
                    column("data", varbinary(20)).nullable(),
                    column("data", blob()).nullable());
        }

        @Override
        public void downgrade(Operations op) {
            op.alterColumn(
                            "doc",
                            column("data", blob()).nullable(),
                            column("data", varbinary(20)).nullable())
                    .acceptDataLoss();
            op.alterColumn(
                            "doc",
                            column("body", clob()).nullable(),
                            column("body", varchar(100)).nullable())
                    .acceptDataLoss();
        }
    }

    @Test
    void valuesMoveIntoLargeObjectsAndBack() throws Exception {
        RevisionGraph graph = new RevisionGraph(List.of(RevisionInfo.of(new Doc()), RevisionInfo.of(new ToLob())));
        try (Connection c = DriverManager.getConnection(PostgresServer.newDatabase(), "postgres", "")) {
            Dialect dialect = Dialects.detect(c.getMetaData());
            MigrationRunner runner = new MigrationRunner(
                    c,
                    dialect,
                    graph,
                    RunLog.SILENT,
                    false,
                    Duration.ofSeconds(5),
                    SafetyPolicy.parse("warn", null),
                    DdlPolicy.DEFAULT);
            runner.upgrade("l1");
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO doc VALUES (1, 'héllo, wörld', '\\x0102ff'), (2, NULL, NULL)");
            }
            runner.upgrade("head");
            assertEquals(
                    List.of("1 héllo, wörld 0102ff", "2 null null"),
                    rows(
                            c,
                            "SELECT id, convert_from(lo_get(body), 'UTF8'), encode(lo_get(data), 'hex') FROM doc ORDER BY id"));
            runner.downgrade("l1");
            assertEquals(
                    List.of("1 héllo, wörld 0102ff", "2 null null"),
                    rows(c, "SELECT id, body, encode(data, 'hex') FROM doc ORDER BY id"));
        }
    }

    private static List<String> rows(Connection c, String sql) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getLong(1) + " " + rs.getString(2) + " " + rs.getString(3));
            }
        }
        return out;
    }
}

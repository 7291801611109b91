package dev.retort.core.introspect;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.bigint;
import static dev.retort.migration.Types.varchar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.core.db.TestDatabase;
import dev.retort.core.dialect.Dialect;
import dev.retort.core.dialect.Dialects;
import dev.retort.core.diff.SchemaDiffer;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.model.Column;
import dev.retort.core.model.Index;
import dev.retort.core.model.Schema;
import dev.retort.core.model.SchemaJson;
import dev.retort.core.model.Table;
import dev.retort.core.mysql.MariaDbDialect;
import dev.retort.core.ops.CreateIndex;
import dev.retort.core.ops.DropIndex;
import dev.retort.core.ops.Operation;
import dev.retort.core.ops.RecordingOperations;
import dev.retort.core.ops.RenameColumn;
import dev.retort.core.runner.MigrationRunner;
import dev.retort.core.runner.RunLog;
import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Descending index columns ({@code @Index(columnList = "created_at desc, id")}) from the model through
 * the snapshot file, the differ, the migration API and each database's DDL, and back from each
 * database's catalog, so drift detection agrees with what was created.
 */
class DescendingIndexTest {

    @Revision(id = "d1", message = "sorted")
    public static final class Sorted implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.createTable(
                    "post",
                    column("id", bigint()).primaryKey(),
                    column("created_at", bigint()).nullable(),
                    column("title", varchar(40)).nullable());
            op.createIndex("post", "post_recent", "created_at DESC", "id");
            op.createIndex("post", "post_title", "title asc");
        }

        @Override
        public void downgrade(Operations op) {
            op.dropTable("post").acceptDataLoss();
        }
    }

    static Stream<TestDatabase> databases() {
        return TestDatabase.each().stream();
    }

    private static final Table POST = new Table(
            "post",
            List.of(
                    new Column("id", bigint(), false, false, null),
                    new Column("created_at", bigint(), true, false, null)),
            List.of("id"),
            List.of(new Index("post_recent", List.of("created_at", "id"), false, null, List.of("created_at"))),
            null);

    @Test
    void theMigrationApiReadsTheSortOrderAfterTheColumn() {
        RecordingOperations op = new RecordingOperations();
        op.createIndex("post", "post_recent", "created_at DESC", "id");
        op.createIndex("post", "post_title", " title  asc ");
        List<Operation> ops = op.operations();
        Index recent = ((CreateIndex) ops.get(0)).index();
        assertEquals(List.of("created_at", "id"), recent.columns());
        assertEquals(List.of("created_at"), recent.descending());
        assertEquals(List.of("created_at DESC", "id"), recent.columnsWithOrder());
        Index title = ((CreateIndex) ops.get(1)).index();
        assertEquals(List.of("title"), title.columns());
        assertEquals(List.of(), title.descending());
    }

    @Test
    void theSnapshotFileCarriesTheFieldOnlyForADescendingIndex() {
        Schema schema = new Schema(List.of(POST), List.of());
        String json = SchemaJson.write(schema);
        assertTrue(json.contains("\"descending\": [\n"), json);
        assertEquals(schema, SchemaJson.read(json));
        // a file written before the field existed reads as ascending
        Schema ascending = SchemaJson.read(json.replaceAll("(?s),\\s*\"descending\": \\[[^]]*]", ""));
        assertEquals(List.of(), ascending.tables().get(0).indexes().get(0).descending());
        assertFalse(SchemaJson.write(ascending).contains("descending"));
    }

    @Test
    void aChangedSortOrderIsADropAndCreate() {
        Index asc = new Index("post_recent", List.of("created_at", "id"), false, null);
        Schema before = new Schema(List.of(POST.withIndexes(List.of(asc))), List.of());
        Schema after = new Schema(List.of(POST), List.of());
        List<Operation> ops = SchemaDiffer.compare(before, after).changes().stream()
                .map(c -> c.operation())
                .toList();
        assertEquals(2, ops.size(), ops.toString());
        assertTrue(ops.get(0) instanceof DropIndex, ops.toString());
        assertEquals(List.of("created_at"), ((CreateIndex) ops.get(1)).index().descending());
        assertTrue(SchemaDiffer.compare(before, after)
                .changes()
                .get(0)
                .comment()
                .contains("sort order [created_at, id] -> [created_at DESC, id]"));
        assertEquals(List.of(), SchemaDiffer.compare(after, after).changes());
    }

    @Test
    void aRenamedColumnKeepsItsSortOrder() {
        Schema renamed =
                new RenameColumn("post", "created_at", "posted_at").applyTo(new Schema(List.of(POST), List.of()));
        assertEquals(
                List.of("posted_at"), renamed.tables().get(0).indexes().get(0).descending());
    }

    @Test
    void everyDialectWritesDescAfterTheColumn() {
        CreateIndex create = new CreateIndex("post", POST.indexes().get(0));
        assertEquals(
                List.of("CREATE INDEX `post_recent` ON `post` (`created_at` DESC, `id`)"),
                Dialects.byName("mysql").toSqlForNewTable(create));
        assertEquals(
                List.of("CREATE INDEX post_recent ON post (created_at DESC, id)"),
                Dialects.byName("postgresql").toSqlForNewTable(create));
        assertTrue(Dialects.byName("postgresql").toSql(create).get(0).contains("(created_at DESC, id)"));
        assertTrue(Dialects.byName("mariadb").toSql(create).get(0).contains("(`created_at` DESC, `id`)"));
        assertTrue(Dialects.byName("h2").toSql(create).get(0).contains("(created_at DESC, id)"));
    }

    @Test
    void mariaDbBefore108AndMySql57KeepNoDescendingColumn() throws SQLException {
        assertFalse(MariaDbDialect.forServer("5.5.5-10.7.8-MariaDB").keepsDescendingIndexes());
        assertTrue(MariaDbDialect.forServer("10.11.5-MariaDB").keepsDescendingIndexes());
        assertTrue(new MariaDbDialect().keepsDescendingIndexes());
        assertFalse(dev.retort.core.mysql.MySqlDialect.forServer("5.7.44").keepsDescendingIndexes());
        assertTrue(dev.retort.core.mysql.MySqlDialect.forServer("8.0.31").keepsDescendingIndexes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void createdDescendingAndReadBackTheSame(TestDatabase db) throws Exception {
        RevisionGraph graph = new RevisionGraph(List.of(RevisionInfo.of(new Sorted())));
        try (Connection c = db.open()) {
            Dialect dialect = Dialects.detect(c.getMetaData());
            new MigrationRunner(c, dialect, graph, RunLog.SILENT, false, Duration.ofSeconds(5)).upgrade("head");
            assertEquals(List.of(), drifts(c, dialect, graph), "right after the upgrade");
            Index live = new SchemaReader(c, dialect)
                    .read().tables().stream()
                            .flatMap(t -> t.indexes().stream())
                            .filter(i -> i.name().equalsIgnoreCase("post_recent"))
                            .findFirst()
                            .orElseThrow();
            assertEquals(1, live.descending().size(), live.toString());

            // by hand, the index rebuilt ascending: drift names the sort order
            try (Statement s = c.createStatement()) {
                s.execute(dialect.toSql(new DropIndex("post", "post_recent", false))
                        .get(0));
                for (String sql : dialect.toSql(
                        new CreateIndex("post", new Index("post_recent", List.of("created_at", "id"), false, null)))) {
                    s.execute(sql);
                }
            }
            List<String> found = drifts(c, dialect, graph);
            assertEquals(1, found.size(), found.toString());
            assertTrue(found.get(0).contains("created_at DESC"), found.toString());
            if (db.label().equals("mariadb")) {
                // MariaDB 10.7 keeps DESC ascending: the index the server holds is what it expects
                assertEquals(List.of(), drifts(c, MariaDbDialect.forServer("10.7.8-MariaDB"), graph));
            }
        }
    }

    private static List<String> drifts(Connection c, Dialect dialect, RevisionGraph graph) throws SQLException {
        return DriftDetectorTest.drift(c, dialect, graph).stream()
                .map(Drift::toString)
                .toList();
    }
}

package dev.retort.core.introspect;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.core.dialect.Dialect;
import dev.retort.core.dialect.Dialects;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.runner.MigrationRunner;
import dev.retort.core.runner.NoColumnTypeRefusalException;
import dev.retort.core.runner.RunLog;
import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Arrays, fixed-length binary, XML, SQL's real, the native timestamp with time zone, national
 * character types and intervals read back from each database as the type the migrations declare: no
 * drift. MySQL and MariaDB have no interval type: there the upgrade refuses before anything runs.
 */
class TypeReadBackTest {

    @Revision(id = "t1", message = "typed")
    public static final class Typed implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.createTable(
                    "typed",
                    column("id", binary(16)).primaryKey(),
                    column("names", array(varchar(40))).nullable(),
                    column("counts", array(integer())).nullable(),
                    column("amounts", array(decimal(38, 2))).nullable(),
                    column("stamps", array(timestampTz(6))).nullable(),
                    column("flags", array(bool())).notNull(),
                    column("digest", binary(32)).nullable(),
                    column("document", xml()).nullable(),
                    column("ratio", sqlReal()).nullable(),
                    column("happened", timestampTzNative(6)).nullable(),
                    column("due", timestampTzNative(3)).notNull(),
                    column("label", varchar(60).asNational()).nullable(),
                    column("initial", fixedChar(1).asNational()).notNull(),
                    column("notes", clob().asNational()).nullable());
        }

        @Override
        public void downgrade(Operations op) {
            op.dropTable("typed").acceptDataLoss();
        }
    }

    /** Durations as intervals of seconds: Hibernate's defaults and a stated precision and scale. */
    @Revision(id = "t2", parents = "t1", message = "intervals")
    public static final class Intervals implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.createTable(
                    "timed",
                    column("id", bigint()).primaryKey(),
                    column("elapsed", intervalSecond()).nullable(),
                    column("budget", intervalSecond(10, 3)).notNull());
        }

        @Override
        public void downgrade(Operations op) {
            op.dropTable("timed").acceptDataLoss();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.core.introspect.DriftDetectorTest#databases")
    void theNewTypesReadBackWithoutDrift(DriftDetectorTest.Db db) throws Exception {
        RevisionGraph graph =
                new RevisionGraph(List.of(RevisionInfo.of(new Typed()), RevisionInfo.of(new Intervals())));
        try (Connection c = db.open()) {
            Dialect dialect = Dialects.detect(c.getMetaData());
            MigrationRunner runner =
                    new MigrationRunner(c, dialect, graph, RunLog.SILENT, false, Duration.ofSeconds(5));
            if (dialect.name().startsWith("m")) {
                // MySQL and MariaDB have no interval type: the upgrade stops before anything runs, naming both columns
                NoColumnTypeRefusalException e =
                        assertThrows(NoColumnTypeRefusalException.class, () -> runner.upgrade("head"));
                assertEquals(
                        List.of("timed.elapsed", "timed.budget"),
                        e.columns().stream()
                                .map(r -> r.column().table() + "." + r.column().column())
                                .toList());
                assertTrue(e.getMessage().contains("Hibernate has none there either"), e.getMessage());
                assertTrue(e.getMessage().contains("@Column(columnDefinition"), e.getMessage());
                try (ResultSet tables = c.getMetaData().getTables(c.getCatalog(), null, "typed", null)) {
                    assertFalse(tables.next(), "nothing ran, not even the revision before");
                }
                // a table made by hand: drift names each column the migrations declare a type for that this database
                // lacks
                try (Statement st = c.createStatement()) {
                    st.execute(
                            "CREATE TABLE timed (id bigint NOT NULL PRIMARY KEY, elapsed bigint, budget bigint NOT NULL)");
                    List<String> drift =
                            DriftDetector.compare(graph.replayAll(), new SchemaReader(c, dialect).read(), dialect)
                                    .stream()
                                    .map(Drift::toString)
                                    .filter(d -> d.contains("timed."))
                                    .toList();
                    assertEquals(2, drift.size(), drift.toString());
                    assertTrue(
                            drift.stream().allMatch(d -> d.contains("which has no type on " + dialect.name())),
                            drift.toString());
                    st.execute("DROP TABLE timed");
                }
                graph = new RevisionGraph(List.of(RevisionInfo.of(new Typed())));
                new MigrationRunner(c, dialect, graph, RunLog.SILENT, false, Duration.ofSeconds(5)).upgrade("head");
            } else {
                runner.upgrade("head");
            }
            assertEquals(
                    List.of(),
                    DriftDetectorTest.drift(c, dialect, graph).stream()
                            .map(Drift::toString)
                            .toList());
        }
    }
}

package dev.retort.core.introspect;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.retort.core.dialect.Dialect;
import dev.retort.core.dialect.Dialects;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.runner.MigrationRunner;
import dev.retort.core.runner.RunLog;
import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Arrays, fixed-length binary, XML, SQL's real, the native timestamp with time zone and national
 * character types read back from each database as the type the migrations declare: no drift.
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.core.introspect.DriftDetectorTest#databases")
    void theNewTypesReadBackWithoutDrift(DriftDetectorTest.Db db) throws Exception {
        RevisionGraph graph = new RevisionGraph(List.of(RevisionInfo.of(new Typed())));
        try (Connection c = db.open()) {
            Dialect dialect = Dialects.detect(c.getMetaData());
            new MigrationRunner(c, dialect, graph, RunLog.SILENT, false, Duration.ofSeconds(5)).upgrade("head");
            assertEquals(
                    List.of(),
                    DriftDetectorTest.drift(c, dialect, graph).stream()
                            .map(Drift::toString)
                            .toList());
        }
    }
}

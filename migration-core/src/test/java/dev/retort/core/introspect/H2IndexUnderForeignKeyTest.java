package dev.retort.core.introspect;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.ForeignKey.foreignKey;
import static dev.retort.migration.Types.*;
import static org.junit.jupiter.api.Assertions.*;

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
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * H2 lets a foreign key use an index the migration created before it (information_schema names
 * that index as the constraint's); the index is still the migration's and must not read as
 * missing. Found by the kill-anywhere harness: every H2 upgrade reported drift.
 */
class H2IndexUnderForeignKeyTest {

    @Revision(id = "x1", message = "orders by customer")
    public static final class Orders implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.createTable("customer", column("id", bigint()).primaryKey());
            op.createTable(
                    "orders",
                    column("id", bigint()).primaryKey(),
                    column("customer_id", bigint()).notNull());
            op.createIndex("orders", "ix_orders_customer", "customer_id");
            op.addForeignKey(
                    "orders", foreignKey("fk_orders_customer", "customer_id").references("customer", "id"));
        }

        @Override
        public void downgrade(Operations op) {
            op.dropTable("orders").acceptDataLoss();
            op.dropTable("customer").acceptDataLoss();
        }
    }

    @Test
    void anIndexAForeignKeyReusesIsNotDrift() throws Exception {
        RevisionGraph graph = new RevisionGraph(List.of(RevisionInfo.of(new Orders())));
        String url = "jdbc:h2:file:" + Files.createTempDirectory("retort-h2-fk").resolve("db");
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
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

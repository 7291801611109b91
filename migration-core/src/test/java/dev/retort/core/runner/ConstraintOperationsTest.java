package dev.retort.core.runner;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.ForeignKey.foreignKey;
import static dev.retort.migration.Types.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.dialect.Dialect;
import dev.retort.core.dialect.Dialects;
import dev.retort.core.diff.SchemaDiffer;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.introspect.DriftDetector;
import dev.retort.core.introspect.LiveSchema;
import dev.retort.core.introspect.SchemaReader;
import dev.retort.core.model.Schema;
import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.ReferentialAction;
import dev.retort.migration.Revision;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Foreign keys, checks, sequences, defaults, comments and renames, applied and reverted on real databases. */
class ConstraintOperationsTest {

    @Revision(id = "c1", message = "customers and purchases")
    public static final class Create implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.createTable(
                    "customer",
                    column("id", bigint()).primaryKey(),
                    column("name", varchar(50)).notNull());
            op.createTable(
                    "purchase",
                    column("id", bigint()).primaryKey(),
                    column("customer_id", bigint()).notNull(),
                    column("amount", decimal(10, 2)).notNull().defaultValue("0").comment("gross, in cents' units"),
                    column("state", varchar(10)).notNull().defaultValue("'new'"));
            op.addForeignKey(
                    "purchase",
                    foreignKey("fk_purchase_customer", "customer_id")
                            .references("customer", "id")
                            .onDelete(ReferentialAction.CASCADE));
            op.addCheck("purchase", "ck_purchase_amount", "amount >= 0");
            op.createSequence("purchase_seq", 1, 50);
        }

        @Override
        public void downgrade(Operations op) {
            op.dropSequence("purchase_seq").acceptDataLoss();
            op.dropCheck("purchase", "ck_purchase_amount");
            op.dropForeignKey("purchase", "fk_purchase_customer");
            op.dropTable("purchase").acceptDataLoss();
            op.dropTable("customer").acceptDataLoss();
        }
    }

    @Revision(id = "c2", parents = "c1", message = "rename")
    public static final class Rename implements Migration {
        @Override
        public void upgrade(Operations op) {
            // a rename breaks the application version still running; reviewed here, so acknowledged
            op.renameTable("purchase", "orders").acknowledge("RT203");
            op.renameColumn("orders", "amount", "total").acknowledge("RT203");
            op.alterColumn(
                    "orders",
                    column("state", varchar(10)).notNull().defaultValue("'new'"),
                    column("state", varchar(10)).notNull().defaultValue("'open'"));
        }

        @Override
        public void downgrade(Operations op) {
            op.alterColumn(
                    "orders",
                    column("state", varchar(10)).notNull().defaultValue("'open'"),
                    column("state", varchar(10)).notNull().defaultValue("'new'"));
            // the rollback renames back and is judged the same way: acknowledged in its own method
            op.renameColumn("orders", "total", "amount").acknowledge("RT203");
            op.renameTable("orders", "purchase").acknowledge("RT203");
        }
    }

    /**
     * {@link Rename} as MySQL 8.0.16+ takes it: the server keeps CHECK constraints and refuses to
     * rename a column one of them uses, so the check is dropped first and added again on the new name.
     */
    @Revision(id = "c2", parents = "c1", message = "rename")
    public static final class RenameAroundCheck implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.renameTable("purchase", "orders").acknowledge("RT203");
            op.dropCheck("orders", "ck_purchase_amount");
            op.renameColumn("orders", "amount", "total").acknowledge("RT203");
            op.addCheck("orders", "ck_purchase_amount", "total >= 0").acknowledge("RT210");
            op.alterColumn(
                    "orders",
                    column("state", varchar(10)).notNull().defaultValue("'new'"),
                    column("state", varchar(10)).notNull().defaultValue("'open'"));
        }

        @Override
        public void downgrade(Operations op) {
            op.alterColumn(
                    "orders",
                    column("state", varchar(10)).notNull().defaultValue("'open'"),
                    column("state", varchar(10)).notNull().defaultValue("'new'"));
            op.dropCheck("orders", "ck_purchase_amount");
            op.renameColumn("orders", "total", "amount").acknowledge("RT203");
            op.addCheck("orders", "ck_purchase_amount", "amount >= 0").acknowledge("RT210");
            op.renameTable("orders", "purchase").acknowledge("RT203");
        }
    }

    /**
     * A JSON aggregate whose only constraint is a nullable {@code STRING} enum: Hibernate checks it on PostgreSQL
     * only, so elsewhere the check is recorded and never created.
     */
    @Revision(id = "j1", message = "labelled")
    public static final class Labelled implements Migration {
        static final String CHECK = "json labels null {shade ENUM[LOW,MID]}";

        @Override
        public void upgrade(Operations op) {
            op.createTable("labelled", column("id", bigint()).primaryKey(), column("labels", json()));
            op.addCheck("labelled", "ck_labelled_labels", CHECK);
        }

        @Override
        public void downgrade(Operations op) {
            op.dropCheck("labelled", "ck_labelled_labels");
            op.dropTable("labelled").acceptDataLoss();
        }
    }

    /** The aggregate changes (a NOT NULL attribute, another enum value): its check is dropped and added again. */
    @Revision(id = "j2", parents = "j1", message = "label required")
    public static final class LabelRequired implements Migration {
        static final String CHECK = "json labels null {label VARCHAR(255) not null; shade ENUM[LOW,MID,HIGH]}";

        @Override
        public void upgrade(Operations op) {
            op.dropCheck("labelled", "ck_labelled_labels");
            op.addCheck("labelled", "ck_labelled_labels", CHECK).acknowledge("RT210");
        }

        @Override
        public void downgrade(Operations op) {
            op.dropCheck("labelled", "ck_labelled_labels");
            op.addCheck("labelled", "ck_labelled_labels", Labelled.CHECK).acknowledge("RT210");
        }
    }

    /**
     * Dropping a JSON aggregate's check that was never created on this database (its only constraint an enum,
     * checked on PostgreSQL only) sends nothing there, in an upgrade and in a downgrade; the live schema matches
     * the replayed one at each revision.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.core.runner.MigrationRunnerTest#databases")
    void aJsonAggregatesCheckNeverCreatedHereIsNotDropped(MigrationRunnerTest.Db db) throws Exception {
        RevisionGraph g =
                new RevisionGraph(List.of(RevisionInfo.of(new Labelled()), RevisionInfo.of(new LabelRequired())));
        try (Connection c = db.open()) {
            Dialect d = Dialects.detect(c.getMetaData());
            boolean postgres = d.name().equals("postgresql");
            MigrationRunnerTest.runner(c, g, false).upgrade("j1");
            assertEquals(postgres ? List.of("ck_labelled_labels") : List.of(), checks(c, d, g, "j1"));
            MigrationRunnerTest.runner(c, g, false).upgrade("head");
            assertEquals(List.of("ck_labelled_labels"), checks(c, d, g, "j1", "j2"));
            MigrationRunnerTest.runner(c, g, false).downgrade("-1");
            assertEquals(postgres ? List.of("ck_labelled_labels") : List.of(), checks(c, d, g, "j1"));
            MigrationRunnerTest.runner(c, g, true).downgrade("base");
            assertFalse(MigrationRunnerTest.tableExists(c, "labelled"));
        }
    }

    /** The checks Retort made on table {@code labelled}, after asserting no drift from the revisions' schema. */
    private static List<String> checks(Connection c, Dialect d, RevisionGraph g, String... applied)
            throws SQLException {
        LiveSchema live = new SchemaReader(c, d).read();
        assertEquals(List.of(), DriftDetector.compare(g.replay(List.of(applied)), live, d), String.join(",", applied));
        return live.table("labelled").orElseThrow().checks().stream()
                .map(k -> k.name().toLowerCase(Locale.ROOT))
                .filter(k -> k.startsWith("ck_")) // not MariaDB's own json_valid check, named after the column
                .toList();
    }

    /** On MySQL 8.0.16+ renaming a column a check uses fails; the report says how to write the migration instead. */
    @org.junit.jupiter.api.Test
    void mysqlRefusesToRenameAColumnACheckUsesAndSaysWhatToDo() throws Exception {
        RevisionGraph g = new RevisionGraph(List.of(RevisionInfo.of(new Create()), RevisionInfo.of(new Rename())));
        try (Connection c = dev.retort.core.db.MySqlServer.connect(dev.retort.core.db.MySqlServer.newDatabase())) {
            MigrationRunnerTest.runner(c, g, false).upgrade("c1");
            MigrationException e = assertThrows(
                    MigrationException.class,
                    () -> MigrationRunnerTest.runner(c, g, false).upgrade("head"));
            assertTrue(
                    e.getMessage()
                            .contains(
                                    "Check constraint 'ck_purchase_amount' uses column 'amount', hence column cannot be "
                                            + "dropped or renamed. [SQLState HY000, error 3959]"),
                    e.getMessage());
            assertTrue(
                    e.getMessage()
                            .contains(
                                    "To fix: MySQL refuses to rename or drop a column that a CHECK constraint uses. In the "
                                            + "migration, drop the check first (op.dropCheck) and, for a rename, add it again on the new name afterwards"),
                    e.getMessage());
        }
    }

    static List<String> foreignKeys(Connection c, String table) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        List<String> out = new ArrayList<>();
        for (String name : List.of(table, table.toUpperCase(Locale.ROOT))) {
            try (ResultSet rs = meta.getImportedKeys(c.getCatalog(), null, name)) {
                while (rs.next()) {
                    out.add((rs.getString("FKCOLUMN_NAME") + "->" + rs.getString("PKTABLE_NAME") + "."
                                    + rs.getString("PKCOLUMN_NAME")
                                    + (rs.getInt("DELETE_RULE") == DatabaseMetaData.importedKeyCascade
                                            ? " cascade"
                                            : ""))
                            .toLowerCase(Locale.ROOT));
                }
            }
            if (!out.isEmpty()) {
                break;
            }
        }
        return out;
    }

    static String scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.core.runner.MigrationRunnerTest#databases")
    void applyAndRevert(MigrationRunnerTest.Db db) throws Exception {
        try (Connection c = db.open()) {
            boolean mysqlChecks = db.label().equals("mysql")
                    && Dialects.detect(c.getMetaData()).keepsChecks();
            RevisionGraph g = new RevisionGraph(List.of(
                    RevisionInfo.of(new Create()),
                    RevisionInfo.of(mysqlChecks ? new RenameAroundCheck() : new Rename())));
            List<String> warnings = new ArrayList<>();
            RunLog log = new RunLog() {
                @Override
                public void info(String message) {}

                @Override
                public void warn(String message) {
                    warnings.add(message);
                }
            };
            new MigrationRunner(c, Dialects.detect(c.getMetaData()), g, log, false, java.time.Duration.ofSeconds(5))
                    .upgrade("c1");
            assertEquals(List.of("customer_id->customer.id cascade"), foreignKeys(c, "purchase"));
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO customer (id, name) VALUES (1, 'a')");
                s.executeUpdate("INSERT INTO purchase (id, customer_id) VALUES (1, 1)");
                if (Dialects.detect(c.getMetaData()).keepsChecks()) {
                    assertThrows(
                            SQLException.class,
                            () -> s.executeUpdate("INSERT INTO purchase (id, customer_id, amount) VALUES (2, 1, -5)"),
                            "the check rejects negative amounts");
                } else {
                    // MySQL before 8.0.16 parses checks and ignores them, so Retort creates none, and says so
                    assertTrue(
                            warnings.stream().anyMatch(w -> w.contains("recorded, nothing sent")), warnings.toString());
                    assertEquals(
                            1, s.executeUpdate("INSERT INTO purchase (id, customer_id, amount) VALUES (2, 1, -5)"));
                    s.executeUpdate("DELETE FROM purchase WHERE id = 2");
                }
                assertThrows(
                        SQLException.class,
                        () -> s.executeUpdate("INSERT INTO purchase (id, customer_id) VALUES (3, 42)"),
                        "the foreign key rejects an unknown customer");
            }
            assertEquals("new", scalar(c, "SELECT state FROM purchase WHERE id = 1"), "default applied");
            assertEquals(0, Double.parseDouble(scalar(c, "SELECT amount FROM purchase WHERE id = 1")));

            MigrationRunnerTest.runner(c, g, false).upgrade("head");
            assertEquals(List.of("id", "customer_id", "total", "state"), MigrationRunnerTest.columns(c, "orders"));
            assertEquals(
                    List.of("customer_id->customer.id cascade"),
                    foreignKeys(c, "orders"),
                    "the key follows the rename");
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO orders (id, customer_id) VALUES (4, 1)");
                if (Dialects.detect(c.getMetaData()).keepsChecks()) {
                    assertThrows(
                            SQLException.class,
                            () -> s.executeUpdate("INSERT INTO orders (id, customer_id, total) VALUES (5, 1, -5)"),
                            "the check follows the rename");
                }
            }
            assertEquals("open", scalar(c, "SELECT state FROM orders WHERE id = 4"), "new default applied");
            assertEquals("2", scalar(c, "SELECT COUNT(*) FROM orders"), "renames keep rows");

            MigrationRunnerTest.runner(c, g, false).downgrade("-1");
            assertEquals(List.of("id", "customer_id", "amount", "state"), MigrationRunnerTest.columns(c, "purchase"));
            MigrationRunnerTest.runner(c, g, false).downgrade("base");
            assertFalse(MigrationRunnerTest.tableExists(c, "customer"));
            assertFalse(MigrationRunnerTest.tableExists(c, "purchase"));
        }
    }

    @org.junit.jupiter.api.Test
    void replayFollowsRenamesAndTheDowngradeRestoresTheSchema() {
        RevisionInfo create = RevisionInfo.of(new Create());
        RevisionInfo rename = RevisionInfo.of(new Rename());
        Schema s1 = RevisionGraph.replay(Schema.EMPTY, create);
        Schema s2 = RevisionGraph.replay(s1, rename);
        assertEquals(
                "customer",
                s2.table("orders").orElseThrow().foreignKeys().get(0).referencedTable());
        assertEquals(
                List.of("customer_id"),
                s2.table("orders").orElseThrow().foreignKeys().get(0).columns());
        assertTrue(s2.table("orders").orElseThrow().column("total").isPresent());
        Schema back = s2;
        for (var op : rename.downgrade()) {
            back = op.applyTo(back);
        }
        assertEquals(List.of(), SchemaDiffer.compare(back, s1).changes());
        assertEquals(1, s1.sequences().size());
    }
}

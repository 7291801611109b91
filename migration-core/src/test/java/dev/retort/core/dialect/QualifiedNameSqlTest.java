package dev.retort.core.dialect;

import static dev.retort.migration.Types.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.diff.Change;
import dev.retort.core.diff.SchemaDiffer;
import dev.retort.core.h2.H2Dialect;
import dev.retort.core.model.Column;
import dev.retort.core.model.ForeignKey;
import dev.retort.core.model.Index;
import dev.retort.core.model.QualifiedName;
import dev.retort.core.model.Schema;
import dev.retort.core.model.SchemaJson;
import dev.retort.core.model.Sequence;
import dev.retort.core.model.Table;
import dev.retort.core.mysql.MariaDbDialect;
import dev.retort.core.mysql.MySqlDialect;
import dev.retort.core.ops.AddForeignKey;
import dev.retort.core.ops.CreateSequence;
import dev.retort.core.ops.CreateTable;
import dev.retort.core.ops.DropIndex;
import dev.retort.core.ops.Operation;
import dev.retort.core.ops.RenameIndex;
import dev.retort.core.ops.RenameTable;
import dev.retort.core.postgres.PostgresDialect;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tables and sequences in another schema or catalog ({@code sales.orders}, {@code shop..orders}):
 * each database keeps the part Hibernate keeps (PostgreSQL the schema, MySQL/MariaDB the catalog,
 * H2 both), quotes each part, creates the schema when missing; the name survives the snapshot,
 * replay and the differ.
 */
class QualifiedNameSqlTest {

    private static Table table(String name) {
        return new Table(
                name,
                List.of(new Column("id", bigint(), false, false, null, null, null)),
                List.of("id"),
                List.of(),
                "Order");
    }

    @Test
    void namesAreParsedAndPrinted() {
        assertEquals(new QualifiedName(null, "sales", "orders"), QualifiedName.parse("sales.orders"));
        assertEquals(new QualifiedName("shop", "sales", "orders"), QualifiedName.parse("shop.sales.orders"));
        assertEquals(new QualifiedName("shop", null, "orders"), QualifiedName.parse("shop..orders"));
        assertEquals(new QualifiedName(null, "`Sales`", "`a.b`"), QualifiedName.parse("`Sales`.`a.b`"));
        assertFalse(QualifiedName.isQualified("`a.b`"));
        assertEquals("shop..orders", QualifiedName.of("shop", null, "orders"));
        assertEquals("orders", QualifiedName.of("", "", "orders"));
        assertThrows(IllegalArgumentException.class, () -> QualifiedName.parse("a.b.c.d"));
    }

    @Test
    void eachDatabaseKeepsThePartHibernateKeeps() {
        CreateTable both = new CreateTable(table("shop.sales.orders"));
        assertEquals(
                List.of(
                        "DO $retort$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'sales') THEN"
                                + " CREATE SCHEMA sales; END IF; END $retort$",
                        "CREATE TABLE sales.orders (id bigint NOT NULL, PRIMARY KEY (id))"),
                new PostgresDialect().toSqlForNewTable(both));
        assertEquals(
                List.of(
                        "CREATE DATABASE IF NOT EXISTS `shop`",
                        "CREATE TABLE `shop`.`orders` (`id` bigint NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB"),
                new MySqlDialect().toSqlForNewTable(both));
        assertEquals(
                List.of(
                        "CREATE SCHEMA IF NOT EXISTS sales",
                        "CREATE TABLE shop.sales.orders (id bigint NOT NULL, PRIMARY KEY (id))"),
                new H2Dialect().toSqlForNewTable(both));
        // the part a database does not use is dropped: the table lands in the connection's default schema
        assertEquals(
                List.of("CREATE TABLE orders (id bigint NOT NULL, PRIMARY KEY (id))"),
                new PostgresDialect().toSqlForNewTable(new CreateTable(table("shop..orders"))));
        assertEquals(
                List.of("CREATE TABLE `orders` (`id` bigint NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB"),
                new MariaDbDialect().toSqlForNewTable(new CreateTable(table("sales.orders"))));
        // every part quoted as the database quotes it
        assertEquals(
                List.of(
                        "DO $retort$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'Sales') THEN"
                                + " CREATE SCHEMA \"Sales\"; END IF; END $retort$",
                        "CREATE TABLE \"Sales\".\"user\" (id bigint NOT NULL, PRIMARY KEY (id))"),
                new PostgresDialect().toSqlForNewTable(new CreateTable(table("`Sales`.user"))));
    }

    @Test
    void keysIndexesAndSequencesFollowTheirTable() {
        ForeignKey fk =
                new ForeignKey("fk_line_order", List.of("order_id"), "sales.orders", List.of("id"), null, null, null);
        assertEquals(
                List.of("ALTER TABLE line ADD CONSTRAINT fk_line_order FOREIGN KEY (order_id) REFERENCES sales.orders"
                        + " (id)"),
                new PostgresDialect().toSqlForNewTable(new AddForeignKey("line", fk)));
        assertEquals(
                List.of("DROP INDEX sales.ix_note"),
                new PostgresDialect().toSqlForNewTable(new DropIndex("sales.orders", "ix_note", false)));
        assertEquals(
                List.of("DROP INDEX CONCURRENTLY sales.ix_note"),
                new PostgresDialect().toSql(new DropIndex("sales.orders", "ix_note", false)));
        assertEquals(
                List.of("DROP INDEX SALES.ix_note"),
                new H2Dialect().toSqlForNewTable(new DropIndex("SALES.orders", "ix_note", false)));
        assertEquals(
                List.of("ALTER INDEX sales.ix_note RENAME TO ix_remark"),
                new PostgresDialect().toSqlForNewTable(new RenameIndex("sales.orders", "ix_note", "ix_remark", false)));
        assertEquals(
                List.of(
                        "CREATE SCHEMA IF NOT EXISTS sales",
                        "CREATE SEQUENCE sales.orders_seq START WITH 1 INCREMENT BY 50"),
                new H2Dialect().toSqlForNewTable(new CreateSequence(new Sequence("sales.orders_seq", 1, 50, null))));
        assertEquals(
                List.of(
                        "CREATE DATABASE IF NOT EXISTS `shop`",
                        "CREATE TABLE `shop`.`orders_seq` (next_val bigint) ENGINE=InnoDB",
                        "INSERT INTO `shop`.`orders_seq` (next_val) VALUES (1)"),
                new MySqlDialect().toSqlForNewTable(new CreateSequence(new Sequence("shop..orders_seq", 1, 50, null))));
    }

    @Test
    void renamesStayInTheSchemaOrMoveTheTable() {
        assertEquals(
                List.of("ALTER TABLE sales.orders RENAME TO purchase"),
                new PostgresDialect().toSqlForNewTable(new RenameTable("sales.orders", "sales.purchase")));
        assertEquals(
                List.of(
                        "DO $retort$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'archive') THEN"
                                + " CREATE SCHEMA archive; END IF; END $retort$",
                        "ALTER TABLE sales.orders SET SCHEMA archive",
                        "ALTER TABLE archive.orders RENAME TO purchase"),
                new PostgresDialect().toSqlForNewTable(new RenameTable("sales.orders", "archive.purchase")));
        assertEquals(
                List.of("ALTER TABLE `shop`.`orders` RENAME TO `archive`.`orders`, ALGORITHM=INSTANT"),
                new MySqlDialect().toSqlForNewTable(new RenameTable("shop..orders", "archive..orders")));
    }

    @Test
    void snapshotReplayAndDiffKeepTheQualifier() {
        ForeignKey fk = new ForeignKey("fk_line_order", List.of("id"), "sales.orders", List.of("id"), null, null, null);
        Table line = new Table(
                "line",
                List.of(new Column("id", bigint(), false, false, null, null, null)),
                List.of("id"),
                List.of(new Index("ix_line", List.of("id"), false, null)),
                List.of(fk),
                List.of(),
                null);
        Schema model = new Schema(
                List.of(table("sales.orders"), line, table("orders")),
                List.of(new Sequence("sales.orders_seq", 1, 50, null)));
        String json = SchemaJson.write(model);
        assertTrue(json.contains("\"name\": \"sales.orders\""), json);
        assertTrue(json.contains("\"referencedTable\": \"sales.orders\""), json);
        assertEquals(model, SchemaJson.read(json));

        List<Operation> ops = SchemaDiffer.compare(Schema.EMPTY, model).changes().stream()
                .map(Change::operation)
                .toList();
        Schema replayed = Schema.EMPTY;
        for (Operation op : ops) {
            replayed = op.applyTo(replayed);
        }
        assertEquals(SchemaJson.write(model), SchemaJson.write(replayed));
        assertTrue(SchemaDiffer.compare(replayed, model).isEmpty());
        // a table moved to another schema, same columns: a rename the reviewer sees (SET SCHEMA on PostgreSQL)
        Schema moved = model.without("sales.orders")
                .without("line")
                .with(table("archive.orders"))
                .with(line.withForeignKeys(List.of(fk.withReferencedTable("archive.orders"))));
        List<String> described = SchemaDiffer.compare(model, moved).changes().stream()
                .map(c -> c.operation().describe())
                .toList();
        assertTrue(described.contains("renameTable sales.orders -> archive.orders"), described.toString());
    }
}

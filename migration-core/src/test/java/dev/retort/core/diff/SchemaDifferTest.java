package dev.retort.core.diff;

import static dev.retort.migration.Types.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.model.Column;
import dev.retort.core.model.Index;
import dev.retort.core.model.Schema;
import dev.retort.core.model.Table;
import dev.retort.core.ops.Operation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaDifferTest {

    static Column col(String name, dev.retort.migration.ColumnType type, boolean nullable) {
        return new Column(name, type, nullable, false, null);
    }

    static Table customer(Column... extra) {
        List<Column> cols = new ArrayList<>(List.of(new Column("id", bigint(), false, true, "Customer.id"),
                col("name", varchar(100), false)));
        cols.addAll(List.of(extra));
        return new Table("Customer", cols, List.of("id"), List.of(), "Customer");
    }

    static List<String> describe(List<Change> changes) {
        return changes.stream().map(c -> c.operation().describe()).toList();
    }

    @Test
    void identicalSchemasGiveNothing() {
        Schema s = new Schema(List.of(customer()));
        assertEquals(List.of(), SchemaDiffer.diff(s, s));
    }

    @Test
    void sourcesAreNotDifferences() {
        Schema fromEntities = new Schema(List.of(customer(new Column("bio", varchar(10), true, false, "Customer.bio"))));
        Schema replayed = new Schema(List.of(new Table("Customer", List.of(
                new Column("id", bigint(), false, true, null), col("name", varchar(100), false), col("bio", varchar(10), true)),
                List.of("id"), List.of(), null)));
        assertEquals(List.of(), SchemaDiffer.diff(replayed, fromEntities));
    }

    @Test
    void newTableComesWithItsIndexes() {
        Table t = customer().withIndexes(List.of(new Index("uk_customer_name", List.of("name"), true, "Customer.name")));
        List<Change> changes = SchemaDiffer.diff(Schema.EMPTY, new Schema(List.of(t)));
        assertEquals(List.of(
                "createTable Customer (id BIGINT NOT NULL AUTO_INCREMENT, name VARCHAR(100) NOT NULL, PRIMARY KEY [id])",
                "addUnique Customer.uk_customer_name [name]"), describe(changes));
        assertEquals("Customer: new entity", changes.get(0).comment());
        assertNull(changes.get(0).review());
    }

    @Test
    void columnAddedDroppedAndChanged() {
        Schema before = new Schema(List.of(customer(col("fax", varchar(40), true), col("score", integer(), true))));
        Schema after = new Schema(List.of(customer(new Column("bio", varchar(500), true, false, "Customer.bio"),
                new Column("score", bigint(), false, false, "Customer.score"))));
        List<Change> changes = SchemaDiffer.diff(before, after);
        assertEquals(List.of(
                "dropColumn Customer.fax",
                "alterColumn Customer.score INTEGER NULL -> score BIGINT NOT NULL",
                "addColumn Customer.bio VARCHAR(500) NULL"), describe(changes));
        assertTrue(changes.get(0).review().startsWith("data loss"), changes.get(0).review());
        assertTrue(changes.get(0).operation().destroysData());
        assertFalse(changes.get(0).operation().dataLossAccepted(), "generated drops are never pre-acknowledged");
        assertFalse(changes.get(1).operation().destroysData(), "integer -> bigint widens");
        assertTrue(changes.get(1).review().contains("NULL"), "tightening to NOT NULL is flagged");
        assertEquals("Customer.bio: new field", changes.get(2).comment());
    }

    @Test
    void narrowingIsDataLoss() {
        Schema before = new Schema(List.of(customer(col("code", varchar(40), true), col("amount", decimal(10, 2), true))));
        Schema after = new Schema(List.of(customer(col("code", varchar(20), true), col("amount", decimal(12, 2), true))));
        List<Change> changes = SchemaDiffer.diff(before, after);
        assertTrue(changes.get(0).operation().destroysData(), "varchar(40) -> varchar(20) narrows");
        assertFalse(changes.get(1).operation().destroysData(), "decimal(10,2) -> decimal(12,2) widens");
    }

    @Test
    void vanishedTableIsADropThatNeedsReview() {
        Schema before = new Schema(List.of(customer(), new Table("extra", List.of(col("id", bigint(), false)), List.of("id"), List.of(), null)));
        List<Change> changes = SchemaDiffer.diff(before, new Schema(List.of(customer())));
        assertEquals(List.of("dropTable extra"), describe(changes));
        assertTrue(changes.get(0).review().contains("all its rows"));
        assertFalse(changes.get(0).operation().dataLossAccepted());
    }

    @Test
    void changedIndexIsDroppedThenCreated() {
        Table before = customer(col("email", varchar(255), true))
                .withIndexes(List.of(new Index("ix_customer_email", List.of("email"), false, null)));
        Table after = customer(col("email", varchar(255), true))
                .withIndexes(List.of(new Index("ix_customer_email", List.of("email", "name"), false, null)));
        assertEquals(List.of("dropIndex Customer.ix_customer_email", "createIndex Customer.ix_customer_email [email, name]"),
                describe(SchemaDiffer.diff(new Schema(List.of(before)), new Schema(List.of(after)))));
    }

    @Test
    void bookkeepingTablesAreIgnored() {
        Schema before = new Schema(List.of(new Table("retort_history", List.of(col("revision", varchar(64), false)), List.of(), List.of(), null)));
        assertEquals(List.of(), SchemaDiffer.diff(before, Schema.EMPTY));
    }

    @Test
    void primaryKeyChangeIsRefusedWithAnExplanation() {
        Table before = customer();
        Table after = new Table("Customer", before.columns(), List.of("name"), List.of(), null);
        UnsupportedChangeException e = assertThrows(UnsupportedChangeException.class,
                () -> SchemaDiffer.diff(new Schema(List.of(before)), new Schema(List.of(after))));
        assertTrue(e.getMessage().contains("primary key of Customer changed from [id] to [name]"), e.getMessage());
    }

    @Test
    void inverseRestoresThePreviousSchema() {
        Table idx = customer(col("fax", varchar(40), true), col("score", integer(), true))
                .withIndexes(List.of(new Index("ix_fax", List.of("fax"), false, null)));
        Schema before = new Schema(List.of(idx, new Table("extra", List.of(col("id", bigint(), false)), List.of("id"),
                List.of(new Index("uk_extra_id", List.of("id"), true, null)), null)));
        Schema after = new Schema(List.of(customer(col("bio", varchar(500), true), col("score", bigint(), false)),
                new Table("item", List.of(col("id", bigint(), false)), List.of("id"), List.of(), null)));
        List<Operation> up = SchemaDiffer.diff(before, after).stream().map(Change::operation).toList();
        Schema upgraded = before;
        for (Operation op : up) {
            upgraded = op.applyTo(upgraded);
        }
        assertEquals(List.of(), SchemaDiffer.diff(upgraded, after), "upgrade reaches the model");
        Schema downgraded = upgraded;
        for (Operation op : SchemaDiffer.inverse(before, up)) {
            downgraded = op.applyTo(downgraded);
        }
        assertEquals(List.of(), SchemaDiffer.diff(downgraded, before), "downgrade restores the previous schema");
    }
}

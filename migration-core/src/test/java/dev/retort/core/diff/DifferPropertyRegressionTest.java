package dev.retort.core.diff;

import static dev.retort.core.diff.TestSchemas.*;
import static dev.retort.migration.Types.*;

import dev.retort.core.diff.SchemaPairs.Pair;
import dev.retort.core.model.Schema;
import dev.retort.core.model.Table;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Counterexamples the differ's properties ({@link SchemaDifferPropertyTests}) found, shrunk, kept
 * as plain examples so they run on every build whatever the random tapes draw.
 */
class DifferPropertyRegressionTest {

    /**
     * H2 takes a plain index over a foreign key's columns, created before the key, as the key's
     * index; the schema reader left out every index a constraint uses, so the index was reported
     * missing although the database has it.
     */
    @Test
    void h2IndexOverForeignKeyColumnsIsSeen() throws Exception {
        Table customer = table("customer", id());
        Table product = index(
                fk(
                        table("product", id(), col("customer_id", bigint())),
                        "fk_product_customer",
                        "customer_id",
                        "customer"),
                "ix_product_customer_id",
                "customer_id");
        Schema a = schema(customer, product);
        SchemaDifferPropertyTests.noDriftAfterMigrating(
                SchemaDifferPropertyTests.h2(), new Pair(a, a, List.of(), null));
    }

    /**
     * A table renamed and changed (no hint: dropped and created) keeps an index name. The new
     * table's index was created while the old table, dropped last, still held the name: replay
     * refused it, and PostgreSQL and H2 (index names are schema-wide) would too.
     */
    @Test
    void indexNameOfADroppedTableTakenByANewTable() throws Exception {
        Table customer = index(
                table("customer", id(), col("name", varchar(50)), col("code", varchar(50))),
                "ix_customer_name",
                "name");
        Table product = index(
                table("product", id(), col("name", varchar(50)), col("code", varchar(50)), col("amount", varchar(50))),
                "ix_customer_name",
                "name");
        Pair p = new Pair(
                schema(customer),
                schema(product),
                List.of("rename table customer to product", "add column product.amount"),
                null);
        SchemaDifferPropertyTests.replayGivesTheModel(p);
        SchemaDifferPropertyTests.inverseRestoresThePrevious(p);
        SchemaDifferPropertyTests.noDriftAfterMigrating(SchemaDifferPropertyTests.h2(), p);
    }

    /** The same with a check: its name moves from the dropped table to the created one. */
    @Test
    void checkNameOfADroppedTableTakenByANewTable() throws Exception {
        Table customer = check(table("customer", id(), col("amount", integer())), "ck_amount", "amount >= 0");
        Table product = check(
                table("product", id(), col("amount", integer()), col("note", varchar(50))), "ck_amount", "amount >= 0");
        Pair p = new Pair(
                schema(customer),
                schema(product),
                List.of("rename table customer to product", "add column product.note"),
                null);
        SchemaDifferPropertyTests.replayGivesTheModel(p);
        SchemaDifferPropertyTests.inverseRestoresThePrevious(p);
        SchemaDifferPropertyTests.noDriftAfterMigrating(SchemaDifferPropertyTests.h2(), p);
    }

    /** A column under a unique key renamed on H2: the key must be read over the new column name. */
    @Test
    void h2ColumnUnderAUniqueKeyRenamed() throws Exception {
        Table before = unique(table("customer", id(), col("name", varchar(50))), "uk_customer_name", "name");
        Table after = unique(table("customer", id(), col("code", varchar(50))), "uk_customer_name", "code");
        Pair p = new Pair(schema(before), schema(after), List.of("rename column customer.name to code"), null);
        SchemaDifferPropertyTests.noDriftAfterMigrating(SchemaDifferPropertyTests.h2(), p);
    }

    /**
     * MariaDB (and MySQL) make an index named after a foreign key when no index covers its columns;
     * dropping the key leaves that index, and drift reports it as extra. The MySQL/MariaDB rendering
     * session drops it with the key when the server made it.
     */
    @Test
    void mariaDbDroppedForeignKeyLeavesItsIndex() throws Exception {
        Table customer = table("customer", id());
        Table product = fk(
                table("product", id(), col("customer_id", bigint())), "fk_product_customer", "customer_id", "customer");
        Pair p = new Pair(
                schema(customer, product),
                schema(customer, table("product", id(), col("customer_id", bigint()))),
                List.of("drop foreign key fk_product_customer (column kept)"),
                null);
        SchemaDifferPropertyTests.noDriftAfterMigrating(dev.retort.core.db.TestDatabase.mariadb(), p);
    }
}

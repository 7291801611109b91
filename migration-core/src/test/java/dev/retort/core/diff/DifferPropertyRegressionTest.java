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
        Table product = index(fk(table("product", id(), col("customer_id", bigint())), "fk_product_customer", "customer_id",
                "customer"), "ix_product_customer_id", "customer_id");
        Schema a = schema(customer, product);
        SchemaDifferPropertyTests.noDriftAfterMigrating(SchemaDifferPropertyTests.h2(), new Pair(a, a, List.of(), null));
    }
}

package dev.retort.core.tenants.bench;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.bigint;
import static dev.retort.migration.Types.varchar;

import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;

/** Benchmark revision 10: a table and a column added to it. */
@Revision(id = "b10", parents = "b09", message = "table 10")
public final class V10__Table10 implements Migration {
    @Override
    public void upgrade(Operations op) {
        op.createTable(
                "item10",
                column("id", bigint()).primaryKey(),
                column("name", varchar(100)).notNull());
        op.addColumn("item10", column("note", varchar(200)).nullable());
    }

    @Override
    public void downgrade(Operations op) {
        op.dropTable("item10").acceptDataLoss();
    }
}

package dev.retort.core.tenants.bench;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.bigint;
import static dev.retort.migration.Types.varchar;

import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;

/** Benchmark revision 7: a table and a column added to it. */
@Revision(id = "b07", parents = "b06", message = "table 7")
public final class V07__Table07 implements Migration {
    @Override
    public void upgrade(Operations op) {
        op.createTable(
                "item07",
                column("id", bigint()).primaryKey(),
                column("name", varchar(100)).notNull());
        op.addColumn("item07", column("note", varchar(200)).nullable());
    }

    @Override
    public void downgrade(Operations op) {
        op.dropTable("item07").acceptDataLoss();
    }
}

package dev.retort.core.tenants.bench;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.bigint;
import static dev.retort.migration.Types.varchar;

import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;

/** Benchmark revision 6: a table and a column added to it. */
@Revision(id = "b06", parents = "b05", message = "table 6")
public final class V06__Table06 implements Migration {
    @Override
    public void upgrade(Operations op) {
        op.createTable(
                "item06",
                column("id", bigint()).primaryKey(),
                column("name", varchar(100)).notNull());
        op.addColumn("item06", column("note", varchar(200)).nullable());
    }

    @Override
    public void downgrade(Operations op) {
        op.dropTable("item06").acceptDataLoss();
    }
}

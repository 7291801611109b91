package dev.retort.core.tenants.bench;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.bigint;
import static dev.retort.migration.Types.varchar;

import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;

/** Benchmark revision 8: a table and a column added to it. */
@Revision(id = "b08", parents = "b07", message = "table 8")
public final class V08__Table08 implements Migration {
    @Override
    public void upgrade(Operations op) {
        op.createTable(
                "item08",
                column("id", bigint()).primaryKey(),
                column("name", varchar(100)).notNull());
        op.addColumn("item08", column("note", varchar(200)).nullable());
    }

    @Override
    public void downgrade(Operations op) {
        op.dropTable("item08").acceptDataLoss();
    }
}

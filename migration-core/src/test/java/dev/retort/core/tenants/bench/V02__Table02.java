package dev.retort.core.tenants.bench;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.bigint;
import static dev.retort.migration.Types.varchar;

import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;

/** Benchmark revision 2: a table and a column added to it. */
@Revision(id = "b02", parents = "b01", message = "table 2")
public final class V02__Table02 implements Migration {
    @Override
    public void upgrade(Operations op) {
        op.createTable(
                "item02",
                column("id", bigint()).primaryKey(),
                column("name", varchar(100)).notNull());
        op.addColumn("item02", column("note", varchar(200)).nullable());
    }

    @Override
    public void downgrade(Operations op) {
        op.dropTable("item02").acceptDataLoss();
    }
}

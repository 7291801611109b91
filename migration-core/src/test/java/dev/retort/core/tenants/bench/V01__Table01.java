package dev.retort.core.tenants.bench;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.bigint;
import static dev.retort.migration.Types.varchar;

import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;

/** Benchmark revision 1: a table and a column added to it. */
@Revision(id = "b01", message = "table 1")
public final class V01__Table01 implements Migration {
    @Override
    public void upgrade(Operations op) {
        op.createTable(
                "item01",
                column("id", bigint()).primaryKey(),
                column("name", varchar(100)).notNull());
        op.addColumn("item01", column("note", varchar(200)).nullable());
    }

    @Override
    public void downgrade(Operations op) {
        op.dropTable("item01").acceptDataLoss();
    }
}

package dev.retort.core.tenants.bench;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.bigint;
import static dev.retort.migration.Types.varchar;

import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;

/** Benchmark revision 3: a table and a column added to it. */
@Revision(id = "b03", parents = "b02", message = "table 3")
public final class V03__Table03 implements Migration {
    @Override
    public void upgrade(Operations op) {
        op.createTable(
                "item03",
                column("id", bigint()).primaryKey(),
                column("name", varchar(100)).notNull());
        op.addColumn("item03", column("note", varchar(200)).nullable());
    }

    @Override
    public void downgrade(Operations op) {
        op.dropTable("item03").acceptDataLoss();
    }
}

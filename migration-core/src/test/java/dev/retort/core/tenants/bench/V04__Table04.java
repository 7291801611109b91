package dev.retort.core.tenants.bench;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.bigint;
import static dev.retort.migration.Types.varchar;

import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;

/** Benchmark revision 4: a table and a column added to it. */
@Revision(id = "b04", parents = "b03", message = "table 4")
public final class V04__Table04 implements Migration {
    @Override
    public void upgrade(Operations op) {
        op.createTable(
                "item04",
                column("id", bigint()).primaryKey(),
                column("name", varchar(100)).notNull());
        op.addColumn("item04", column("note", varchar(200)).nullable());
    }

    @Override
    public void downgrade(Operations op) {
        op.dropTable("item04").acceptDataLoss();
    }
}

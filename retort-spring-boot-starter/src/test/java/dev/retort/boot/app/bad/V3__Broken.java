package dev.retort.boot.app.bad;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.bigint;

import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;

/** Its second step names a column that does not exist: the safety rules let it through, the database refuses it at run time. */
@Revision(id = "v3", parents = "v2", message = "broken check")
public final class V3__Broken implements Migration {
    @Override
    public void upgrade(Operations op) {
        op.createTable("audit", column("id", bigint()).primaryKey());
        op.addCheck("book", "ck_no_such_column", "no_such_column > 0").acknowledge("RT210");
    }

    @Override
    public void downgrade(Operations op) {
        op.dropCheck("book", "ck_no_such_column");
        op.dropTable("audit").acceptDataLoss();
    }
}

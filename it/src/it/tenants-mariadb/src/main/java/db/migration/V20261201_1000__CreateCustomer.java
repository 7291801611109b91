package db.migration;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.*;

import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;

@Revision(id = "20261201_1000_a1b2", message = "create customer")
public final class V20261201_1000__CreateCustomer implements Migration {

    @Override
    public void upgrade(Operations op) {
        op.createTable("customer",
                column("id", bigint()).primaryKey(),
                column("name", varchar(100)).notNull());
    }

    @Override
    public void downgrade(Operations op) {
        op.dropTable("customer").acceptDataLoss();
    }
}

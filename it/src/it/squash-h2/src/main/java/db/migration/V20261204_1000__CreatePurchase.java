package db.migration;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.*;

import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;

@Revision(id = "20261204_1000_dddd", parents = "20261203_1000_cccc", message = "create purchase")
public final class V20261204_1000__CreatePurchase implements Migration {

    @Override
    public void upgrade(Operations op) {
        op.createTable("purchase",
                column("id", bigint()).primaryKey().autoIncrement(),
                column("item", varchar(80)).notNull());
    }

    @Override
    public void downgrade(Operations op) {
        op.dropTable("purchase").acceptDataLoss();
    }
}

package db.migration;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.*;

import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;

@Revision(id = "20261203_1000_cccc", parents = "20261202_1000_bbbb", message = "widen customer bio")
public final class V20261203_1000__WidenCustomerBio implements Migration {

    @Override
    public void upgrade(Operations op) {
        op.alterColumn("customer",
                column("bio", varchar(200)).nullable(),
                column("bio", varchar(500)).nullable());
    }

    @Override
    public void downgrade(Operations op) {
        op.alterColumn("customer",
                column("bio", varchar(500)).nullable(),
                column("bio", varchar(200)).nullable()).acceptDataLoss();
    }
}

package db.migration;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.*;

import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;

@Revision(id = "20261202_1000_bbbb", parents = "20261201_1000_aaaa", message = "add customer bio")
public final class V20261202_1000__AddCustomerBio implements Migration {

    @Override
    public void upgrade(Operations op) {
        op.addColumn("customer", column("bio", varchar(200)).nullable());
    }

    @Override
    public void downgrade(Operations op) {
        op.dropColumn("customer", "bio").acceptDataLoss();
    }
}

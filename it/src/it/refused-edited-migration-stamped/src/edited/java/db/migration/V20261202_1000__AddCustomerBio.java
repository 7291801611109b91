package db.migration;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.*;

import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;

/** Must not run: the revision before it was edited after it was applied. */
@Revision(id = "20261202_1000_c3d4", parents = "20261201_1000_a1b2", message = "add customer bio")
public final class V20261202_1000__AddCustomerBio implements Migration {

    @Override
    public void upgrade(Operations op) {
        op.addColumn("customer", column("bio", varchar(255)).nullable());
    }

    @Override
    public void downgrade(Operations op) {
        op.dropColumn("customer", "bio").acceptDataLoss();
    }
}

package db.migration;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.*;

import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;

/** Drops a column and its values, and does not say so (no .acceptDataLoss()): upgrade must refuse it. */
@Revision(id = "20261202_1000_c3d4", parents = "20261201_1000_a1b2", message = "drop customer email")
public final class V20261202_1000__DropCustomerEmail implements Migration {

    @Override
    public void upgrade(Operations op) {
        op.dropColumn("customer", "email");
    }

    @Override
    public void downgrade(Operations op) {
        op.addColumn("customer", column("email", varchar(255)).nullable());
    }
}

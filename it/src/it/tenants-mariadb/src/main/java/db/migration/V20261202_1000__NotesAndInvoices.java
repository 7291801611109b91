package db.migration;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.*;

import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;

@Revision(id = "20261202_1000_c3d4", parents = "20261201_1000_a1b2", message = "notes and invoices")
public final class V20261202_1000__NotesAndInvoices implements Migration {

    @Override
    public void upgrade(Operations op) {
        op.createTable("customer_note",
                column("id", bigint()).primaryKey(),
                column("body", varchar(500)).notNull());
        // it_tenant_07 has a hand-made invoice table (prebuild.groovy): this step fails there
        op.createTable("invoice",
                column("id", bigint()).primaryKey(),
                column("total", varchar(20)).notNull());
    }

    @Override
    public void downgrade(Operations op) {
        op.dropTable("invoice").acceptDataLoss();
        op.dropTable("customer_note").acceptDataLoss();
    }
}

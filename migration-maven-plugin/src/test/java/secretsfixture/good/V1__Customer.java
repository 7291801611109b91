package secretsfixture.good;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.bigint;
import static dev.retort.migration.Types.varchar;

import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;

/** Fixture for the secrets test: one table. */
@Revision(id = "s1", message = "customer")
public final class V1__Customer implements Migration {
    @Override
    public void upgrade(Operations op) {
        op.createTable(
                "customer",
                column("id", bigint()).primaryKey(),
                column("name", varchar(50)).notNull());
    }

    @Override
    public void downgrade(Operations op) {
        op.dropTable("customer").acceptDataLoss();
    }
}

package secretsfixture.bad;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.bigint;

import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;

/** Fixture for the secrets test: fails because the secrets test creates the table by hand first. */
@Revision(id = "b1", message = "clash")
public final class V1__Clash implements Migration {
    @Override
    public void upgrade(Operations op) {
        op.createTable("clash", column("id", bigint()).primaryKey());
    }

    @Override
    public void downgrade(Operations op) {
        op.dropTable("clash").acceptDataLoss();
    }
}

package dev.retort.boot.app.risky;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.varchar;

import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;

/** A NOT NULL column without a default on an existing table: safety rule RT207, an error by default. */
@Revision(id = "v4", parents = "v1", message = "required isbn")
public final class V4__RequiredIsbn implements Migration {
    @Override
    public void upgrade(Operations op) {
        op.addColumn("book", column("isbn", varchar(20)).notNull());
    }

    @Override
    public void downgrade(Operations op) {
        op.dropColumn("book", "isbn").acceptDataLoss();
    }
}

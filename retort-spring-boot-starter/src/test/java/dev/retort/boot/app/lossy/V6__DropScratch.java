package dev.retort.boot.app.lossy;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.bigint;

import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;

/** Drops a table without acknowledging the data loss: the gate refuses it unless retort.allow-data-loss. */
@Revision(id = "v6", parents = "v5", message = "drop scratch")
public final class V6__DropScratch implements Migration {
    @Override
    public void upgrade(Operations op) {
        op.dropTable("scratch");
    }

    @Override
    public void downgrade(Operations op) {
        op.createTable("scratch", column("id", bigint()).primaryKey());
    }
}

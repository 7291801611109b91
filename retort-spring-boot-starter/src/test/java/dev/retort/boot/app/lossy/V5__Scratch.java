package dev.retort.boot.app.lossy;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.bigint;

import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;

@Revision(id = "v5", parents = "v1", message = "scratch table")
public final class V5__Scratch implements Migration {
    @Override
    public void upgrade(Operations op) {
        op.createTable("scratch", column("id", bigint()).primaryKey());
    }

    @Override
    public void downgrade(Operations op) {
        op.dropTable("scratch").acceptDataLoss();
    }
}

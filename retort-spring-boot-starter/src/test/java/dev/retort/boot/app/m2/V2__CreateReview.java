package dev.retort.boot.app.m2;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.bigint;
import static dev.retort.migration.Types.varchar;

import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;

/** Added between two starts: the second start applies it. */
@Revision(id = "v2", parents = "v1", message = "create review")
public final class V2__CreateReview implements Migration {
    @Override
    public void upgrade(Operations op) {
        op.createTable(
                "review",
                column("id", bigint()).primaryKey().autoIncrement(),
                column("text", varchar(500)).nullable());
    }

    @Override
    public void downgrade(Operations op) {
        op.dropTable("review").acceptDataLoss();
    }
}

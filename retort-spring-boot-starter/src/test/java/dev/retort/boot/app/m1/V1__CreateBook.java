package dev.retort.boot.app.m1;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.bigint;
import static dev.retort.migration.Types.varchar;

import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;

@Revision(id = "v1", message = "create book")
public final class V1__CreateBook implements Migration {
    @Override
    public void upgrade(Operations op) {
        op.createTable(
                "book",
                column("id", bigint()).primaryKey().autoIncrement(),
                column("title", varchar(200)).notNull());
    }

    @Override
    public void downgrade(Operations op) {
        op.dropTable("book").acceptDataLoss();
    }
}

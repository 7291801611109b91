package dev.retort.core.startup.lossy;

import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;

/** Drops a column without acknowledging the loss: start-up must refuse it. */
@Revision(id = "a3", parents = "a2", message = "drop bio")
public final class V3__DropBio implements Migration {
    @Override
    public void upgrade(Operations op) {
        op.dropColumn("author", "bio");
    }

    @Override
    public void downgrade(Operations op) {
        op.addColumn(
                "author",
                dev.retort.migration.Column.column("bio", dev.retort.migration.Types.varchar(500))
                        .nullable());
    }
}

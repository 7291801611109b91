package db.migration;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.*;

import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Creates customer. The table name is read from a classpath resource, as a migration that loads
 * its data from resources would: the goals do not copy resources before they run, so this checks
 * that the plugin still finds one in src/main/resources.
 */
@Revision(id = "20261201_1000_5ec7", message = "customer")
public final class V20261201_1000__Customer implements Migration {

    @Override
    public void upgrade(Operations op) {
        op.createTable(table(), column("id", bigint()).primaryKey(), column("name", varchar(100)).notNull());
    }

    @Override
    public void downgrade(Operations op) {
        op.dropTable(table()).acceptDataLoss();
    }

    private static String table() {
        try (InputStream in = V20261201_1000__Customer.class.getResourceAsStream("/seed/table-name.txt")) {
            if (in == null) {
                throw new IllegalStateException("resource /seed/table-name.txt not found");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

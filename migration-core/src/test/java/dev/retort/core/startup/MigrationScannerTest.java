package dev.retort.core.startup;

import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.history.RevisionInfo;
import dev.retort.core.runner.MigrationException;
import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loading migration classes by name, as the start-up API and the Maven goals both do. */
class MigrationScannerTest {

    @Revision(id = "m1", message = "first")
    public static final class First implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.dropTable("nothing").acceptDataLoss();
        }

        @Override
        public void downgrade(Operations op) {
            op.irreversible("a test");
        }
    }

    @Revision(id = "m2", parents = "m1", message = "no way to build it")
    public static final class NeedsArgument implements Migration {
        public NeedsArgument(String argument) {}

        @Override
        public void upgrade(Operations op) {}

        @Override
        public void downgrade(Operations op) {}
    }

    /** Lives beside the migrations and is none. */
    public static final class Helper {}

    @Test
    void loadsMigrationsSkipsOtherClassesAndNamesOneThatCannotBeBuilt() {
        ClassLoader loader = getClass().getClassLoader();
        List<RevisionInfo> found =
                MigrationScanner.load(loader, List.of(First.class.getName(), Helper.class.getName()));
        assertEquals(List.of("m1"), found.stream().map(RevisionInfo::id).toList());
        assertEquals(
                "dropTable nothing", found.get(0).upgrade().get(0).describe(), "recorded through the class loader");

        MigrationException e = assertThrows(
                MigrationException.class,
                () -> MigrationScanner.load(loader, List.of(First.class.getName(), NeedsArgument.class.getName())));
        assertTrue(
                e.getMessage()
                        .startsWith("Migration " + NeedsArgument.class.getName()
                                + " needs a public no-argument constructor"),
                e.getMessage());

        MigrationException missing = assertThrows(
                MigrationException.class, () -> MigrationScanner.load(loader, List.of("db.migration.Gone")));
        assertTrue(
                missing.getMessage().startsWith("Cannot load migration class db.migration.Gone"), missing.getMessage());
    }
}

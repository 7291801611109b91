package dev.retort.core.offline;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.dialect.Dialects;
import dev.retort.core.errors.Action;
import dev.retort.core.errors.Hint;
import dev.retort.core.errors.Setting;
import dev.retort.core.errors.Text;
import dev.retort.core.history.GraphException;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.model.Schema;
import dev.retort.core.mysql.MySqlDialect;
import dev.retort.core.postgres.PostgresDialect;
import dev.retort.core.runner.MigrationException;
import dev.retort.migration.Database;
import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code migrate:check} and {@code migrate:sql} without a database. */
class OfflineTest {

    @Revision(id = "a1", message = "customer")
    public static final class Create implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.createTable(
                    "customer",
                    column("id", bigint()).primaryKey().autoIncrement(),
                    column("fax", varchar(40)).nullable());
            op.createSequence("customer_seq", 1, 50);
        }

        @Override
        public void downgrade(Operations op) {
            op.dropSequence("customer_seq").acceptDataLoss();
            op.dropTable("customer").acceptDataLoss();
        }
    }

    @Revision(id = "b2", parents = "a1", message = "drop fax")
    public static final class DropFax implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.dropColumn("customer", "fax");
            op.alterSequence("customer_seq", 1, 50, 1, 10);
        }

        @Override
        public void downgrade(Operations op) {
            op.alterSequence("customer_seq", 1, 10, 1, 50);
            op.addColumn("customer", column("fax", varchar(40)).nullable());
        }
    }

    @Revision(id = "b2", parents = "a1", message = "drop fax")
    public static final class DropFaxAcknowledged implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.dropColumn("customer", "fax").acceptDataLoss();
            op.alterSequence("customer_seq", 1, 50, 1, 10);
        }

        @Override
        public void downgrade(Operations op) {
            op.irreversible("the fax numbers are gone for good");
        }
    }

    @Revision(id = "r2", parents = "a1", message = "rename fax")
    public static final class RenameFax implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.renameColumn("customer", "fax", "telefax");
        }

        @Override
        public void downgrade(Operations op) {
            op.renameColumn("customer", "telefax", "fax");
        }
    }

    @Revision(id = "r2", parents = "a1", message = "rename fax")
    public static final class RenameFaxAcknowledgedUp implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.renameColumn("customer", "fax", "telefax").acknowledge("RT203");
        }

        @Override
        public void downgrade(Operations op) {
            op.renameColumn("customer", "telefax", "fax");
        }
    }

    @Revision(id = "c3", parents = "a1", message = "other branch")
    public static final class OtherBranch implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.addColumn("customer", column("bio", varchar(10)).nullable());
        }

        @Override
        public void downgrade(Operations op) {
            op.dropColumn("customer", "bio").acceptDataLoss();
        }
    }

    @Revision(id = "b3", parents = "a1", message = "elapsed")
    public static final class AddInterval implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.addColumn(
                    "customer",
                    column("elapsed", dev.retort.migration.Types.intervalSecond())
                            .nullable());
        }

        @Override
        public void downgrade(Operations op) {
            op.dropColumn("customer", "elapsed").acceptDataLoss();
        }
    }

    /** {@code @TimeZoneStorage(AUTO)}'s offset column: on PostgreSQL, MySQL and MariaDB, not on H2. */
    @Revision(id = "t2", parents = "a1", message = "offset")
    public static final class AddOffset implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.addColumn("customer", column("due_tz", integer()).nullable().absentOn(Database.H2));
            op.backfill("customer", "due_tz", "0");
        }

        @Override
        public void downgrade(Operations op) {
            op.dropColumn("customer", "due_tz").absentOn(Database.H2).acceptDataLoss();
        }
    }

    /** Drops it without acknowledging the data loss. */
    @Revision(id = "t3", parents = "t2", message = "no offset")
    public static final class DropOffset implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.dropColumn("customer", "due_tz").absentOn(Database.H2);
        }

        @Override
        public void downgrade(Operations op) {
            op.addColumn("customer", column("due_tz", integer()).nullable().absentOn(Database.H2));
        }
    }

    /** Drops it as if it existed everywhere. */
    @Revision(id = "t3", parents = "t2", message = "no offset")
    public static final class DropOffsetEverywhere implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.dropColumn("customer", "due_tz").acceptDataLoss();
        }

        @Override
        public void downgrade(Operations op) {
            op.addColumn("customer", column("due_tz", integer()).nullable().absentOn(Database.H2));
        }
    }

    /**
     * A column absent on H2: the H2 script runs nothing for its steps and its drop destroys nothing
     * there, so the check lets the unacknowledged drop pass on H2 only; a drop that does not name H2
     * does not replay, and says how to fix it.
     */
    @Test
    void aColumnAbsentOnH2HasNoSqlThereAndItsDropLosesNothingThere() {
        RevisionGraph g = graph(new Create(), new AddOffset(), new DropOffset());
        String h2 = SqlScript.render(RevisionRange.parse(g, "base:head"), Dialects.byName("h2"));
        assertFalse(h2.contains("due_tz integer"), h2);
        assertTrue(
                h2.contains("-- step 1 of 2: addColumn customer.due_tz INTEGER NULL ABSENT ON h2\n"
                        + "-- (nothing to run on h2)\n"),
                h2);
        assertTrue(
                h2.contains("-- step 2 of 2: backfill customer.due_tz = 0 WHERE due_tz IS NULL\n"
                        + "-- (nothing to run on h2)\n"),
                h2);
        assertFalse(h2.contains("REVIEW destroys data"), h2);
        String pg = SqlScript.render(RevisionRange.parse(g, "base:head"), new PostgresDialect());
        assertTrue(pg.contains("ADD COLUMN due_tz integer"), pg);
        assertTrue(pg.contains("SET due_tz = 0"), pg);
        assertTrue(pg.contains("DROP COLUMN due_tz"), pg);
        assertTrue(pg.contains("REVIEW destroys data and is NOT acknowledged"), pg);

        assertEquals(
                List.of(),
                OfflineCheck.run(g, g.replayAll(), Dialects.byName("h2"), false).failures());
        List<String> pgFailures = OfflineCheck.run(g, g.replayAll(), new PostgresDialect(), false).failures().stream()
                .map(f -> f.problem())
                .toList();
        assertTrue(
                pgFailures.stream().anyMatch(f -> f.contains("destroys data and is not acknowledged")),
                pgFailures.toString());

        // COLUMN to AUTO: an alterColumn that drops the column on H2 only, losing data there only
        dev.retort.core.model.Column everywhere =
                new dev.retort.core.model.Column("due_tz", integer(), true, false, null);
        dev.retort.core.ops.AlterColumn toAuto = new dev.retort.core.ops.AlterColumn(
                "customer", everywhere, everywhere.withAbsentOn(List.of("h2")), false);
        assertEquals(1, Dialects.byName("h2").toSql(toAuto).size());
        assertTrue(Dialects.byName("h2").toSql(toAuto).get(0).contains("DROP COLUMN"), toAuto.describe());
        for (String other : List.of("postgresql", "mysql", "mariadb")) {
            assertEquals(List.of(), Dialects.byName(other).toSql(toAuto), other);
            assertFalse(toAuto.destroysDataOn(other), other);
        }
        assertTrue(toAuto.destroysDataOn("h2"));
        assertTrue(toAuto.destroysData(), "generated with a REVIEW and needs acceptDataLoss");

        RuntimeException e = assertThrows(
                RuntimeException.class,
                () -> graph(new Create(), new AddOffset(), new DropOffsetEverywhere())
                        .replayAll());
        String all = e.getMessage() + (e.getCause() == null ? "" : e.getCause().getMessage());
        assertTrue(all.contains("column customer.due_tz is absent on h2"), all);
        assertTrue(all.contains(".absentOn(Database.H2)"), all);
    }

    /**
     * A column MySQL and MariaDB have no type for (an interval, as Hibernate has none there): the
     * script and the check refuse it, naming the column and the way out, while PostgreSQL's script has it.
     */
    @Test
    void aColumnTypeTheDatabaseLacksIsRefusedByTheScriptAndTheCheck() {
        RevisionGraph g = graph(new Create(), new AddInterval());
        for (String dialect : List.of("mysql", "mariadb")) {
            dev.retort.core.runner.NoColumnTypeRefusalException e = assertThrows(
                    dev.retort.core.runner.NoColumnTypeRefusalException.class,
                    () -> SqlScript.render(RevisionRange.parse(g, "base:head"), Dialects.byName(dialect)));
            assertTrue(
                    e.getMessage()
                            .startsWith("Refusing to write the " + dialect + " script: 1 column has no"
                                    + " column type on " + dialect + ", and Hibernate has none there either"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("b3 step 1: customer.elapsed (INTERVAL_SECOND)"), e.getMessage());
            assertTrue(e.getMessage().contains("@Column(columnDefinition = \"…\")"), e.getMessage());
            OfflineCheck.Report r = OfflineCheck.run(g, g.replayAll(), Dialects.byName(dialect), false);
            assertEquals(1, r.failures().size(), r.failures().toString());
            assertTrue(
                    r.failures().get(0).problem().contains("upgrade step 1 declares a column with no type on"),
                    r.failures().get(0).problem());
        }
        assertTrue(SqlScript.render(RevisionRange.parse(g, "base:head"), new PostgresDialect())
                .contains("interval second(6)"));
        assertTrue(
                OfflineCheck.run(g, g.replayAll(), new PostgresDialect(), false).passed());
    }

    static RevisionGraph graph(Migration... migrations) {
        return new RevisionGraph(Stream.of(migrations).map(RevisionInfo::of).toList());
    }

    /** The model the two revisions build. */
    static Schema model(Migration... migrations) {
        return graph(migrations).replayAll();
    }

    @Test
    void passesWhenTheMigrationsBuildTheModelAndEveryDropIsAcknowledged() {
        RevisionGraph g = graph(new Create(), new DropFaxAcknowledged());
        OfflineCheck.Report r = OfflineCheck.run(g, g.replayAll(), new PostgresDialect(), false);
        assertEquals(List.of(), r.failures());
        assertTrue(r.passed());
    }

    @Test
    void safetyRulesRefuseAnUnacknowledgedRenameAsUpgradeWould() {
        RevisionGraph g = graph(new Create(), new RenameFax());
        OfflineCheck.Report strict = OfflineCheck.run(
                g, g.replayAll(), new MySqlDialect(), false, dev.retort.core.safety.SafetyPolicy.DEFAULT);
        assertEquals(2, strict.failures().size(), "the rename and the rename back: " + strict.failures());
        assertTrue(
                strict.failures().get(0).problem().startsWith("Safety on mysql: revision r2 ("),
                strict.failures().get(0).problem());
        assertTrue(
                strict.failures().get(0).problem().contains(") step 1: RT203"),
                strict.failures().get(0).problem());
        assertTrue(
                strict.failures().get(0).fix().toString().contains(".acknowledge("),
                strict.failures().get(0).fix().toString());
        assertTrue(
                strict.failures()
                        .get(1)
                        .problem()
                        .contains(") downgrade step 1: RT203 rename: column customer.telefax -> fax"),
                strict.failures().get(1).problem());
        assertTrue(
                strict.failures().get(1).fix().toString().contains("in the downgrade method"),
                strict.failures().get(1).fix().toString());
        assertTrue(
                strict.warnings().stream().noneMatch(w -> w.contains("RT202")),
                "a1's downgrade drops the table it created: the drop rules do not judge rollbacks: "
                        + strict.warnings());

        RevisionGraph upOnly = graph(new Create(), new RenameFaxAcknowledgedUp());
        OfflineCheck.Report rollback = OfflineCheck.run(
                upOnly, upOnly.replayAll(), new MySqlDialect(), false, dev.retort.core.safety.SafetyPolicy.DEFAULT);
        assertEquals(1, rollback.failures().size(), rollback.failures().toString());
        assertTrue(
                rollback.failures().get(0).problem().contains(") downgrade step 1: RT203"),
                rollback.failures().get(0).problem());

        OfflineCheck.Report relaxed = OfflineCheck.run(
                g, g.replayAll(), new MySqlDialect(), false, dev.retort.core.safety.SafetyPolicy.parse("warn", null));
        assertTrue(relaxed.passed(), relaxed.failures().toString());
        assertTrue(
                relaxed.warnings().stream().anyMatch(w -> w.contains("RT203")),
                relaxed.warnings().toString());

        assertTrue(
                OfflineCheck.run(g, g.replayAll(), new MySqlDialect(), false).passed(),
                "without a policy, no safety check");
    }

    @Test
    void listsEveryProblemWithItsFix() {
        RevisionGraph g = graph(new Create(), new DropFax(), new OtherBranch());
        Schema model = model(new Create(), new DropFaxAcknowledged());
        OfflineCheck.Report r = OfflineCheck.run(g, model, new MySqlDialect(), false);
        assertEquals(
                List.of(
                        new OfflineCheck.Finding(
                                "The revision graph has 2 heads (b2, c3): migrations were generated on separate branches, "
                                        + "and upgrade cannot tell which to apply last.",
                                Text.of(
                                        Hint.run(Action.MERGE, Setting.MESSAGE, "\"merge heads\""),
                                        " (writes a revision whose parents are all heads)")),
                        new OfflineCheck.Finding(
                                "The model has 1 change that no migration captures:\n"
                                        + "- dropColumn customer.bio   (customer.bio: no longer in the model)",
                                Text.of(
                                        Hint.run(Action.GENERATE, Setting.MESSAGE, "\"<what changed>\""),
                                        ", review the new migration and commit it")),
                        new OfflineCheck.Finding(
                                "Revision b2 (" + DropFax.class.getName() + ") step 1 of 2 destroys data and is not "
                                        + "acknowledged: dropColumn customer.fax. upgrade refuses the whole plan until it is.",
                                Text.of(
                                        "read the step's REVIEW comment, then add .acceptDataLoss() to it in OfflineTest$DropFax.java "
                                                + "(for a local database you can rebuild: ",
                                        Hint.set(Setting.ALLOW_DATA_LOSS, "true"),
                                        ")"))),
                r.failures());
        OfflineCheck.Report allowed =
                OfflineCheck.run(graph(new Create(), new DropFax()), model, new MySqlDialect(), true);
        assertEquals(List.of(), allowed.failures(), "allowDataLoss turns the gate into a warning");
        assertEquals(1, allowed.warnings().size());
        assertTrue(
                allowed.warnings().get(0).endsWith("(allowed by migrate.allowDataLoss)"),
                allowed.warnings().get(0));
    }

    @Test
    void rangesGoUpOrDown() {
        RevisionGraph g = graph(new Create(), new DropFax());
        assertEquals(List.of("a1", "b2"), ids(RevisionRange.parse(g, null)));
        assertEquals(List.of("a1", "b2"), ids(RevisionRange.parse(g, "base:head")));
        assertEquals(List.of("b2"), ids(RevisionRange.parse(g, "a1:head")));
        assertEquals(List.of("a1"), ids(RevisionRange.parse(g, "a")));
        RevisionRange down = RevisionRange.parse(g, "head:base");
        assertFalse(down.upgrade());
        assertEquals(List.of("b2", "a1"), ids(down));
        assertEquals(List.of(), ids(RevisionRange.parse(g, "b2:b2")));
        GraphException e = assertThrows(GraphException.class, () -> RevisionRange.parse(g, "a1:"));
        assertTrue(e.getMessage().contains("is not a range"), e.getMessage());
        RevisionGraph branches = graph(new Create(), new DropFax(), new OtherBranch());
        assertEquals(List.of("a1", "b2", "c3"), ids(RevisionRange.parse(branches, "base:heads")));
        assertTrue(assertThrows(GraphException.class, () -> RevisionRange.parse(branches, "b2:c3"))
                .getMessage()
                .contains("on different branches"));
        assertThrows(
                GraphException.class,
                () -> RevisionRange.parse(branches, "base:head"),
                "head is ambiguous with two heads");
    }

    static List<String> ids(RevisionRange r) {
        return r.revisions().stream().map(RevisionInfo::id).toList();
    }

    @Test
    void sqlOfAnUpgradeForPostgresql() {
        String create = Create.class.getName();
        String drop = DropFax.class.getName();
        assertEquals(
                """
                -- Retort SQL for postgresql: upgrade base -> b2 (2 revisions)
                -- Written offline from the migrations. retort_history is not updated by this script: after running it, record where the database is with
                -- the stamp action with target=b2

                -- Revision a1 "customer" (%s): upgrade, 2 steps
                BEGIN;
                -- step 1 of 2: createTable customer (id BIGINT NOT NULL AUTO_INCREMENT, fax VARCHAR(40) NULL, PRIMARY KEY [id])
                CREATE TABLE customer (id bigint NOT NULL GENERATED BY DEFAULT AS IDENTITY, fax varchar(40), PRIMARY KEY (id));
                -- step 2 of 2: createSequence customer_seq START 1 INCREMENT 50
                CREATE SEQUENCE customer_seq START WITH 1 INCREMENT BY 50;
                COMMIT;

                -- Revision b2 "drop fax" (%s): upgrade, 2 steps
                BEGIN;
                -- step 1 of 2: dropColumn customer.fax
                -- REVIEW destroys data and is NOT acknowledged in the migration source: migrate:upgrade refuses it
                ALTER TABLE customer DROP COLUMN fax;
                -- step 2 of 2: alterSequence customer_seq START 1 INCREMENT 50 -> START 1 INCREMENT 10
                ALTER SEQUENCE customer_seq INCREMENT BY 10;
                COMMIT;
                """.formatted(create, drop),
                SqlScript.render(
                        RevisionRange.parse(graph(new Create(), new DropFax()), "base:head"), new PostgresDialect()));
    }

    @Revision(id = "j1", message = "labelled")
    public static final class Labelled implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.createTable("labelled", column("id", bigint()).primaryKey(), column("labels", json()));
            op.addCheck("labelled", "ck_labelled_labels", "json labels null {shade ENUM[LOW,MID]}");
        }

        @Override
        public void downgrade(Operations op) {
            op.dropCheck("labelled", "ck_labelled_labels");
            op.dropTable("labelled").acceptDataLoss();
        }
    }

    @Revision(id = "j2", parents = "j1", message = "label required")
    public static final class LabelRequired implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.dropCheck("labelled", "ck_labelled_labels");
            op.addCheck("labelled", "ck_labelled_labels", "json labels null {label VARCHAR(255) not null}");
        }

        @Override
        public void downgrade(Operations op) {
            op.dropCheck("labelled", "ck_labelled_labels");
            op.addCheck("labelled", "ck_labelled_labels", "json labels null {shade ENUM[LOW,MID]}");
        }
    }

    /**
     * A JSON aggregate's check that only PostgreSQL creates (as {@code ConstraintOperationsTest} runs on
     * the four databases): the script drops it on PostgreSQL only, going up and going down.
     */
    @Test
    void aCheckNeverCreatedHereIsNotDroppedByTheScript() {
        RevisionGraph g = graph(new Labelled(), new LabelRequired());
        String drop = "-- step 1 of 2: dropCheck labelled.ck_labelled_labels\n";
        String up = SqlScript.render(RevisionRange.parse(g, "j1:head"), new MySqlDialect());
        assertTrue(up.contains(drop + "-- (nothing to run on mysql)\n"), up);
        assertFalse(up.contains("DROP CHECK"), up);
        String postgres = SqlScript.render(RevisionRange.parse(g, "j1:head"), new PostgresDialect());
        assertTrue(
                postgres.contains(drop + "BEGIN;\nALTER TABLE labelled DROP CONSTRAINT ck_labelled_labels;\n"),
                postgres);
        // down to base: the check of j2 is dropped everywhere, the one of j1 on PostgreSQL only
        for (String db : List.of("mysql", "mariadb", "h2", "postgresql")) {
            String down = SqlScript.render(RevisionRange.parse(g, "head:base"), Dialects.byName(db));
            int drops = down.split("DROP CHECK|DROP CONSTRAINT", -1).length - 1;
            assertEquals(db.equals("postgresql") ? 2 : 1, drops, down);
        }
    }

    @Test
    void sqlOfADowngradeForMysql() {
        assertEquals(
                """
                -- Retort SQL for mysql: downgrade b2 -> a1 (1 revision)
                -- Written offline from the migrations. retort_history is not updated by this script: after running it, record where the database is with
                -- the stamp action with target=a1
                -- String literals escape backslashes: run it under a sql_mode without NO_BACKSLASH_ESCAPES (the default)

                -- Revision b2 "drop fax" (%s): downgrade, 2 steps
                -- step 1 of 2: alterSequence customer_seq START 1 INCREMENT 10 -> START 1 INCREMENT 50
                -- (nothing to run on mysql)
                -- step 2 of 2: addColumn customer.fax VARCHAR(40) NULL
                ALTER TABLE `customer` ADD COLUMN `fax` varchar(40), ALGORITHM=INSTANT;
                """.formatted(DropFax.class.getName()),
                SqlScript.render(
                        RevisionRange.parse(graph(new Create(), new DropFax()), "head:a1"), Dialects.byName("mysql")));
    }

    @Test
    void sqlRefusesToDowngradeAnIrreversibleRevision() {
        MigrationException e = assertThrows(
                MigrationException.class,
                () -> SqlScript.render(
                        RevisionRange.parse(graph(new Create(), new DropFaxAcknowledged()), "head:base"),
                        new PostgresDialect()));
        assertEquals(
                "Refusing to write the downgrade: 1 revision declares that it cannot be reverted.\n" + "  b2 ("
                        + DropFaxAcknowledged.class.getName() + "): the fax numbers are gone for good",
                e.getMessage());
    }

    @Test
    void offlineDialectFromTheNameTheUrlOrTheDefault() {
        assertEquals(
                "postgresql",
                Dialects.offline("postgresql", "jdbc:mysql://db/shop").name());
        assertEquals("mysql", Dialects.offline(null, "jdbc:mysql://db/shop").name());
        assertEquals("mariadb", Dialects.offline(" ", "jdbc:mariadb://db/shop").name());
        assertEquals(
                "postgresql",
                Dialects.offline(null, "jdbc:postgresql://db/shop").name());
        assertEquals("h2", Dialects.offline(null, null).name());
        assertThrows(IllegalArgumentException.class, () -> Dialects.offline("oracle", null));
    }
}

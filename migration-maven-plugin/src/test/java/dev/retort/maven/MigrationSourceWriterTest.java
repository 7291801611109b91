package dev.retort.maven;

import static dev.retort.migration.Types.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.diff.Change;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.model.Check;
import dev.retort.core.model.Column;
import dev.retort.core.model.ForeignKey;
import dev.retort.core.model.Index;
import dev.retort.core.model.Sequence;
import dev.retort.core.model.Table;
import dev.retort.core.model.UserType;
import dev.retort.core.ops.AddCheck;
import dev.retort.core.ops.AddColumn;
import dev.retort.core.ops.AddForeignKey;
import dev.retort.core.ops.AlterColumn;
import dev.retort.core.ops.AlterPrimaryKey;
import dev.retort.core.ops.AlterSequence;
import dev.retort.core.ops.CreateIndex;
import dev.retort.core.ops.CreateSequence;
import dev.retort.core.ops.CreateTable;
import dev.retort.core.ops.CreateType;
import dev.retort.core.ops.DropCheck;
import dev.retort.core.ops.DropColumn;
import dev.retort.core.ops.DropForeignKey;
import dev.retort.core.ops.DropIndex;
import dev.retort.core.ops.DropSequence;
import dev.retort.core.ops.DropTable;
import dev.retort.core.ops.DropType;
import dev.retort.core.ops.Irreversible;
import dev.retort.core.ops.Operation;
import dev.retort.core.ops.RenameColumn;
import dev.retort.core.ops.RenameIndex;
import dev.retort.core.ops.RenameTable;
import dev.retort.migration.Migration;
import dev.retort.migration.ReferentialAction;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source form of every operation: written, compared with a golden as whole text, compiled,
 * and recorded back to the same operations. The generated shape for real model changes is
 * covered by {@link AutogenerateScenarioTest}.
 */
class MigrationSourceWriterTest {

    static final Column NAME = new Column("name", varchar(50), true, false, null);

    static final List<Operation> UPGRADE = List.of(
            new CreateTable(new Table(
                    "item",
                    List.of(
                            new Column("id", bigint(), false, true, null),
                            new Column("price", decimal(10, 2), false, false, "0", "gross price", null),
                            new Column("kind", enumOf("BOOK", "GAME"), true, false, null)),
                    List.of("id"),
                    List.of(),
                    null)),
            new DropTable("extra", false),
            new AddColumn("user", NAME),
            new DropColumn("user", "pw", false),
            new AlterColumn("user", NAME, new Column("name", varchar(40), false, false, null), true),
            new RenameTable("person", "account"),
            new RenameColumn("account", "fax", "phone"),
            new CreateIndex("user", new Index("ix_user_name", List.of("name", "id"), false, null)),
            new CreateIndex("user", new Index("uk_user_name", List.of("name"), true, null)),
            new DropIndex("user", "ix_old", false),
            new DropIndex("user", "uk_old", true),
            new RenameIndex("user", "ix_a", "ix_b", false),
            new RenameIndex("user", "uk_a", "uk_b", true),
            new AddForeignKey(
                    "item",
                    new ForeignKey(
                            "fk_item_user",
                            List.of("user_id"),
                            "user",
                            List.of("id"),
                            ReferentialAction.CASCADE,
                            ReferentialAction.SET_NULL,
                            null)),
            new DropForeignKey("item", "fk_old"),
            new AddCheck("item", new Check("ck_item_price", "price >= 0", null)),
            new DropCheck("item", "ck_old"),
            new CreateSequence(new Sequence("item_seq", 1, 50, null)),
            new DropSequence("old_seq", true),
            new AlterSequence(new Sequence("item_seq", 1, 50, null), new Sequence("item_seq", 100, 10, null)),
            new AlterPrimaryKey("item", List.of("id"), List.of("id", "kind")),
            new CreateType(new UserType(
                    "postal_address",
                    List.of(
                            new Column("zip", varchar(10), true, false, null),
                            new Column("at", struct("geo_point"), true, false, null)),
                    null)),
            new AddColumn("user", new Column("address", struct("postal_address"), true, false, null)),
            new DropType("old_type"));

    static String write() {
        MigrationSourceWriter.Request request = new MigrationSourceWriter.Request(
                "generate",
                "db.migration",
                "V20261125_1412__EveryStep",
                "20261125_1412_ab12",
                List.of("20261120_0930_77c1", "20261121_1000_88d2"),
                "every step",
                UPGRADE.stream()
                        .map(op -> new Change(op, "from " + op.table(), null))
                        .toList(),
                List.of(new MigrationSourceWriter.DowngradeStep(new Irreversible("the \"pw\" values are gone"), null)));
        return MigrationSourceWriter.write(request);
    }

    @Test
    void golden() {
        assertEquals("""
                package db.migration;

                import static dev.retort.migration.Column.column;
                import static dev.retort.migration.ForeignKey.foreignKey;
                import static dev.retort.migration.Types.*;

                import dev.retort.migration.Migration;
                import dev.retort.migration.Operations;
                import dev.retort.migration.ReferentialAction;
                import dev.retort.migration.Revision;
                import java.util.List;

                /**
                 * Every step.
                 * Generated by mvn migrate:generate \u2014 review it like hand-written code.
                 */
                @Revision(
                        id = "20261125_1412_ab12",
                        parents = {"20261120_0930_77c1", "20261121_1000_88d2"},
                        message = "every step"
                )
                public final class V20261125_1412__EveryStep implements Migration {
                    @Override
                    public void upgrade(Operations op) {
                        // from item
                        op.createTable("item",
                                column("id", bigint()).primaryKey().autoIncrement(),
                                column("price", decimal(10, 2)).notNull().defaultValue("0").comment("gross price"),
                                column("kind", enumOf("BOOK", "GAME")).nullable());
                        // from extra
                        op.dropTable("extra");
                        // from user
                        op.addColumn("user", column("name", varchar(50)).nullable());
                        // from user
                        op.dropColumn("user", "pw");
                        // from user
                        op.alterColumn("user",
                                column("name", varchar(50)).nullable(),
                                column("name", varchar(40)).notNull()).acceptDataLoss();
                        // from person
                        op.renameTable("person", "account");
                        // from account
                        op.renameColumn("account", "fax", "phone");
                        // from user
                        op.createIndex("user", "ix_user_name", "name", "id");
                        // from user
                        op.addUnique("user", "uk_user_name", "name");
                        // from user
                        op.dropIndex("user", "ix_old");
                        // from user
                        op.dropUnique("user", "uk_old");
                        // from user
                        op.renameIndex("user", "ix_a", "ix_b");
                        // from user
                        op.renameUnique("user", "uk_a", "uk_b");
                        // from item
                        op.addForeignKey("item", foreignKey("fk_item_user", "user_id").references("user", "id").onDelete(ReferentialAction.CASCADE).onUpdate(ReferentialAction.SET_NULL));
                        // from item
                        op.dropForeignKey("item", "fk_old");
                        // from item
                        op.addCheck("item", "ck_item_price", "price >= 0");
                        // from item
                        op.dropCheck("item", "ck_old");
                        // from item_seq
                        op.createSequence("item_seq", 1, 50);
                        // from old_seq
                        op.dropSequence("old_seq").acceptDataLoss();
                        // from item_seq
                        op.alterSequence("item_seq", 1, 50, 100, 10);
                        // from item
                        op.alterPrimaryKey("item", List.of("id"), List.of("id", "kind"));
                        // from postal_address
                        op.createType("postal_address",
                                column("zip", varchar(10)),
                                column("at", struct("geo_point")));
                        // from user
                        op.addColumn("user", column("address", struct("postal_address")).nullable());
                        // from old_type
                        op.dropType("old_type");
                    }

                    @Override
                    public void downgrade(Operations op) {
                        op.irreversible("the \\"pw\\" values are gone");
                    }
                }
                """, write());
    }

    @Test
    void sameInputSameBytes() {
        assertEquals(write(), write());
    }

    /** The types of issue 15 in generated source: each the factory call that builds the same type. */
    @Test
    void newColumnTypesAreWrittenAsTheirFactories() {
        String types = "dev.retort.migration.Types.";
        assertEquals(
                types + "array(" + types + "varchar(40))",
                MigrationSourceWriter.type(array(varchar(40))).toString());
        assertEquals(
                types + "binary(16)", MigrationSourceWriter.type(binary(16)).toString());
        assertEquals(types + "xml()", MigrationSourceWriter.type(xml()).toString());
        assertEquals(types + "sqlReal()", MigrationSourceWriter.type(sqlReal()).toString());
        assertEquals(
                types + "timestampTzNative(3)",
                MigrationSourceWriter.type(timestampTzNative(3)).toString());
        assertEquals(
                types + "intervalSecond()",
                MigrationSourceWriter.type(intervalSecond()).toString());
        assertEquals(
                types + "intervalSecond(10, 3)",
                MigrationSourceWriter.type(intervalSecond(10, 3)).toString());
        assertEquals(
                types + "struct(\"postal_address\")",
                MigrationSourceWriter.type(struct("postal_address")).toString());
        assertEquals(
                types + "varchar(60).asNational()",
                MigrationSourceWriter.type(varchar(60).asNational()).toString());
    }

    @Test
    void camelCaseClassNames() {
        assertEquals("AddUserBio", GeneratedMigration.camel("add user bio"));
        assertEquals("FixIssue42AndTheUTCClock", GeneratedMigration.camel("fix issue-42 and the UTC clock!"));
        assertEquals("Migration", GeneratedMigration.camel("---"));
    }

    /** The generated source compiles, and running it records exactly the operations it was written from. */
    @Test
    void generatedSourceCompilesAndRecordsTheSameOperations(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src/db/migration/V20261125_1412__EveryStep.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, write());
        Path out = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(
                null, null, null, "-d", out.toString(), "-cp", System.getProperty("java.class.path"), src.toString());
        assertEquals(0, rc, "generated source must compile");
        try (URLClassLoader loader = new URLClassLoader(
                new java.net.URL[] {out.toUri().toURL()}, getClass().getClassLoader())) {
            Migration m = (Migration) loader.loadClass("db.migration.V20261125_1412__EveryStep")
                    .getDeclaredConstructor()
                    .newInstance();
            RevisionInfo info = RevisionInfo.of(m);
            assertEquals(
                    UPGRADE.stream().map(Operation::describe).toList(),
                    info.upgrade().stream().map(Operation::describe).toList());
            assertEquals(
                    UPGRADE.stream()
                            .map(op -> op.destroysData() && op.dataLossAccepted())
                            .toList(),
                    info.upgrade().stream().map(Operation::dataLossAccepted).toList(),
                    "acknowledgements survive the round trip");
            assertEquals(List.of(new Irreversible("the \"pw\" values are gone")), info.downgrade());
            assertEquals(List.of("20261120_0930_77c1", "20261121_1000_88d2"), info.parents());
        }
    }

    /**
     * A model with struct types, generated from an empty project: the source compiles, creates the nested type
     * before the type that uses it and both before the table, replays to the model, and its downgrade drops
     * the table before the types.
     */
    @Test
    void structTypesAreGeneratedCompiledAndReplayedToTheModel(@TempDir Path dir) throws Exception {
        dev.retort.core.model.Schema model = new dev.retort.core.model.Schema(
                List.of(new Table(
                        "venue",
                        List.of(
                                new Column("id", bigint(), false, false, null),
                                new Column("address", struct("postal_address"), true, false, "Venue.address")),
                        List.of("id"),
                        List.of(),
                        List.of(),
                        List.of(new Check("ck_venue_address", "address is null or ((address).zip is not null)", null)),
                        "Venue",
                        null,
                        null)),
                List.of(),
                List.of(
                        new UserType(
                                "postal_address",
                                List.of(
                                        new Column("zip", varchar(10), true, false, null),
                                        new Column("spot", struct("geo_point"), true, false, null)),
                                "Venue.address"),
                        new UserType(
                                "geo_point",
                                List.of(
                                        new Column("x", doublePrecision(), true, false, null),
                                        new Column("y", doublePrecision(), true, false, null)),
                                "Venue.address.spot")));
        GeneratedMigration g = GeneratedMigration.plan(
                "20261125_1412",
                "venues",
                null,
                dev.retort.core.model.Schema.EMPTY,
                dev.retort.core.diff.SchemaDiffer.compare(dev.retort.core.model.Schema.EMPTY, model)
                        .changes(),
                new RevisionGraph(List.of()));
        String source = MigrationSourceWriter.write(g.request("db.migration"));
        assertTrue(
                source.contains("op.createType(\"geo_point\",\n"
                        + "                column(\"x\", doublePrecision()),\n"
                        + "                column(\"y\", doublePrecision()));"),
                source);
        Path src = dir.resolve("src/db/migration/" + g.className() + ".java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        Path out = Files.createDirectories(dir.resolve("classes"));
        int rc = ToolProvider.getSystemJavaCompiler()
                .run(
                        null,
                        null,
                        null,
                        "-d",
                        out.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        src.toString());
        assertEquals(0, rc, "generated source must compile");
        try (URLClassLoader loader = new URLClassLoader(
                new java.net.URL[] {out.toUri().toURL()}, getClass().getClassLoader())) {
            RevisionInfo info = RevisionInfo.of((Migration) loader.loadClass("db.migration." + g.className())
                    .getDeclaredConstructor()
                    .newInstance());
            assertEquals(
                    List.of("createType geo_point", "createType postal_address", "createTable venue"),
                    info.upgrade().stream()
                            .map(Operation::describe)
                            .map(d -> d.substring(0, d.indexOf(' ', d.indexOf(' ') + 1)))
                            .filter(d -> !d.startsWith("addCheck"))
                            .toList());
            dev.retort.core.model.Schema replayed = RevisionGraph.replay(dev.retort.core.model.Schema.EMPTY, info);
            assertEquals(
                    List.of(),
                    dev.retort.core.diff.SchemaDiffer.compare(replayed, model).changes());
            assertEquals(2, replayed.types().size());
            for (UserType t : model.types()) {
                assertTrue(replayed.type(t.name()).orElseThrow().sameDefinition(t), t.name());
            }
            dev.retort.core.model.Schema down = replayed;
            for (Operation op : info.downgrade()) {
                down = op.applyTo(down);
            }
            assertEquals(dev.retort.core.model.Schema.EMPTY, down, "the downgrade drops the table, then the types");
        }
    }

    /**
     * A table or sequence in another schema or catalog is written with its qualified name, as the
     * reviewer reads it in the snapshot ({@code "sales.invoice"}, {@code "shop..invoice"}), and the
     * operations API reads it back to the same operations.
     */
    @Test
    void qualifiedNamesAreWrittenAsTheSnapshotSpellsThem() throws Exception {
        List<Operation> ops = List.of(
                new CreateTable(new Table(
                        "sales.invoice",
                        List.of(new Column("id", bigint(), false, false, null)),
                        List.of("id"),
                        List.of(),
                        null)),
                new CreateIndex("sales.invoice", new Index("ix_invoice_id", List.of("id"), false, null)),
                new AddForeignKey(
                        "receipt",
                        new ForeignKey(
                                "fk_receipt_invoice",
                                List.of("invoice_id"),
                                "sales.invoice",
                                List.of("id"),
                                null,
                                null,
                                null)),
                new CreateSequence(new Sequence("shop..invoice_seq", 1, 10, null)));
        String source = MigrationSourceWriter.write(new MigrationSourceWriter.Request(
                "generate",
                "db.migration",
                "V20261125_1412__Sales",
                "20261125_1412_ab12",
                List.of(),
                "sales",
                ops.stream()
                        .map(op -> new Change(op, "from " + op.table(), null))
                        .toList(),
                List.of()));
        assertTrue(source.contains("op.createTable(\"sales.invoice\","), source);
        assertTrue(source.contains(".references(\"sales.invoice\", \"id\")"), source);
        assertTrue(source.contains("op.createSequence(\"shop..invoice_seq\", 1, 10);"), source);
        dev.retort.core.ops.RecordingOperations recorder = new dev.retort.core.ops.RecordingOperations();
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("retort-qualified");
        java.nio.file.Path src = dir.resolve("db/migration/V20261125_1412__Sales.java");
        java.nio.file.Files.createDirectories(src.getParent());
        java.nio.file.Files.writeString(src, source);
        java.nio.file.Path out = java.nio.file.Files.createDirectories(dir.resolve("classes"));
        assertEquals(
                0,
                ToolProvider.getSystemJavaCompiler()
                        .run(
                                null,
                                null,
                                null,
                                "-d",
                                out.toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                src.toString()));
        try (URLClassLoader loader = new URLClassLoader(
                new java.net.URL[] {out.toUri().toURL()}, getClass().getClassLoader())) {
            Migration m = (Migration) loader.loadClass("db.migration.V20261125_1412__Sales")
                    .getDeclaredConstructor()
                    .newInstance();
            m.upgrade(recorder);
        }
        assertEquals(
                ops.stream().map(Operation::describe).toList(),
                recorder.operations().stream().map(Operation::describe).toList());
    }

    /**
     * A column absent on some databases ({@code @TimeZoneStorage(AUTO)}'s offset column, none on H2) is
     * written with {@code .absentOn(Database.H2)} on its definition and on the steps that name it; the
     * generated source compiles, records the same operations, and replaying it gives the model back.
     */
    @Test
    void columnsAbsentOnSomeDatabasesRoundTrip(@TempDir Path dir) throws Exception {
        java.util.Set<String> h2 = java.util.Set.of("h2");
        Table before = new Table(
                "zoned",
                List.of(
                        new Column("id", bigint(), false, false, null),
                        new Column("due", timestampTz(6), false, false, null),
                        new Column("due_tz", integer(), false, false, null, null, null, null, h2),
                        new Column("gone_tz", integer(), true, false, null, null, null, null, h2)),
                List.of("id"),
                List.of(),
                null);
        Table after = new Table(
                "zoned",
                List.of(
                        new Column("id", bigint(), false, false, null),
                        new Column("due", timestampTz(6), false, false, null),
                        new Column("due_tz", integer(), false, false, null, null, null, null, h2),
                        new Column("seen", timestampTz(6), true, false, null),
                        new Column("seen_tz", integer(), true, false, null, null, null, null, h2)),
                List.of("id"),
                List.of(),
                null);
        dev.retort.core.model.Schema model = new dev.retort.core.model.Schema(List.of(after));
        List<Change> changes = new java.util.ArrayList<>();
        changes.addAll(dev.retort.core.diff.SchemaDiffer.compare(
                        dev.retort.core.model.Schema.EMPTY, new dev.retort.core.model.Schema(List.of(before)))
                .changes());
        changes.addAll(
                dev.retort.core.diff.SchemaDiffer.compare(new dev.retort.core.model.Schema(List.of(before)), model)
                        .changes());
        changes.add(new Change(new RenameColumn("zoned", "due_tz", "due_offset", h2), "rename", null));
        changes.add(new Change(new RenameColumn("zoned", "due_offset", "due_tz", h2), "rename back", null));
        Column seenTz = after.column("seen_tz").orElseThrow();
        changes.add(new Change(
                new AlterColumn("zoned", seenTz, seenTz.withAbsentOn(List.of()), false), "AUTO to COLUMN", null));
        changes.add(
                new Change(new AlterColumn("zoned", seenTz.withAbsentOn(List.of()), seenTz, false), "and back", null));
        changes = changes.stream()
                .map(c -> c.operation().destroysData()
                        ? new Change(c.operation().acceptingDataLoss(), c.comment(), c.review())
                        : c)
                .toList();
        List<Operation> ops = changes.stream().map(Change::operation).toList();
        assertTrue(ops.contains(new DropColumn("zoned", "gone_tz", true, h2)), ops.toString());
        String source = MigrationSourceWriter.write(new MigrationSourceWriter.Request(
                "generate",
                "db.migration",
                "V20261125_1412__Zoned",
                "20261125_1412_ab12",
                List.of(),
                "zoned",
                changes,
                List.of()));
        assertTrue(source.contains("column(\"due_tz\", integer()).notNull().absentOn(Database.H2)"), source);
        assertTrue(
                source.contains("op.dropColumn(\"zoned\", \"gone_tz\").absentOn(Database.H2).acceptDataLoss();"),
                source);
        assertTrue(
                source.contains("op.renameColumn(\"zoned\", \"due_tz\", \"due_offset\").absentOn(Database.H2);"),
                source);
        assertTrue(source.contains("import dev.retort.migration.Database;"), source);
        assertTrue(
                source.contains(
                        "column(\"seen_tz\", integer()).nullable(),\n"
                                + "                column(\"seen_tz\", integer()).nullable().absentOn(Database.H2)).acceptDataLoss();"),
                source);
        Path src = dir.resolve("db/migration/V20261125_1412__Zoned.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        Path out = Files.createDirectories(dir.resolve("classes"));
        assertEquals(
                0,
                ToolProvider.getSystemJavaCompiler()
                        .run(
                                null,
                                null,
                                null,
                                "-d",
                                out.toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                src.toString()),
                source);
        try (URLClassLoader loader = new URLClassLoader(
                new java.net.URL[] {out.toUri().toURL()}, getClass().getClassLoader())) {
            Migration m = (Migration) loader.loadClass("db.migration.V20261125_1412__Zoned")
                    .getDeclaredConstructor()
                    .newInstance();
            RevisionInfo info = RevisionInfo.of(m);
            assertEquals(ops, info.upgrade());
            assertEquals(model, RevisionGraph.replay(dev.retort.core.model.Schema.EMPTY, info));
        }
    }

    /**
     * A descending index column is written after the column, as {@code @Index(columnList)} states it; the
     * migration API reads it back to the same index. An ascending index is written as before.
     */
    @Test
    void descendingIndexColumn() {
        Index recent = new Index("post_recent", List.of("created_at", "id"), false, null, List.of("created_at"));
        String source = MigrationSourceWriter.write(new MigrationSourceWriter.Request(
                "generate",
                "db.migration",
                "V20261125_1412__Sorted",
                "20261125_1412_ab12",
                List.of(),
                "sorted",
                List.of(new Change(new CreateIndex("post", recent), "Post: index created_at DESC, id", null)),
                List.of(new MigrationSourceWriter.DowngradeStep(new DropIndex("post", "post_recent", false), null))));
        assertTrue(source.contains("op.createIndex(\"post\", \"post_recent\", \"created_at DESC\", \"id\");"), source);
        dev.retort.core.ops.RecordingOperations op = new dev.retort.core.ops.RecordingOperations();
        op.createIndex("post", "post_recent", "created_at DESC", "id");
        assertEquals(List.of(new CreateIndex("post", recent)), op.operations());
    }

    static RevisionInfo rev(String id, String... parents) {
        return new RevisionInfo(id, List.of(parents), "m " + id, "C" + id, List.of(), List.of());
    }

    static final RevisionGraph TWO_HEADS = new RevisionGraph(List.of(
            rev("20261120_0930_77c1"),
            rev("20261121_1000_aaaa", "20261120_0930_77c1"),
            rev("20261122_1100_bbbb", "20261120_0930_77c1")));

    @Test
    void mergeRevisionGolden() {
        GeneratedMigration g = GeneratedMigration.merge("20261125_1500", "merge billing and search", TWO_HEADS);
        assertEquals("""
                package db.migration;

                import dev.retort.migration.Migration;
                import dev.retort.migration.Operations;
                import dev.retort.migration.Revision;

                /**
                 * Merge billing and search.
                 * Joins the branches that end in 20261121_1000_aaaa and 20261122_1100_bbbb.
                 * Generated by mvn migrate:merge \u2014 review it like hand-written code.
                 */
                @Revision(
                        id = "%s",
                        parents = {"20261121_1000_aaaa", "20261122_1100_bbbb"},
                        message = "merge billing and search"
                )
                public final class V20261125_1500__MergeBillingAndSearch implements Migration {
                    @Override
                    public void upgrade(Operations op) {
                        // no schema change: this revision joins the branches of its parents
                    }

                    @Override
                    public void downgrade(Operations op) {
                        // no schema change: downgrading below it returns to separate branches
                    }
                }
                """.formatted(g.revisionId()), MigrationSourceWriter.write(g.request("db.migration")));
        assertTrue(g.revisionId().matches("20261125_1500_[0-9a-f]{4}"), g.revisionId());
    }

    /** The merge class compiles, and the graph with it has one head that has every revision in its lineage. */
    @Test
    void mergeRevisionCompilesAndLeavesOneHead(@TempDir Path dir) throws Exception {
        GeneratedMigration g = GeneratedMigration.merge("20261125_1500", "merge heads", TWO_HEADS);
        Path src = dir.resolve("src/db/migration/" + g.className() + ".java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, MigrationSourceWriter.write(g.request("db.migration")));
        Path out = Files.createDirectories(dir.resolve("classes"));
        assertEquals(
                0,
                ToolProvider.getSystemJavaCompiler()
                        .run(
                                null,
                                null,
                                null,
                                "-d",
                                out.toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                src.toString()));
        try (URLClassLoader loader = new URLClassLoader(
                new java.net.URL[] {out.toUri().toURL()}, getClass().getClassLoader())) {
            Migration m = (Migration) loader.loadClass("db.migration." + g.className())
                    .getDeclaredConstructor()
                    .newInstance();
            List<RevisionInfo> all = new java.util.ArrayList<>(TWO_HEADS.ordered());
            all.add(RevisionInfo.of(m));
            RevisionGraph merged = new RevisionGraph(all);
            assertEquals(List.of(g.revisionId()), merged.heads());
            assertEquals(4, merged.lineage(merged.head()).size());
        }
    }
}

package dev.retort.maven;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.bigint;
import static dev.retort.migration.Types.doublePrecision;
import static dev.retort.migration.Types.integer;
import static dev.retort.migration.Types.struct;
import static dev.retort.migration.Types.timestampTz;
import static dev.retort.migration.Types.varchar;
import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.model.Schema;
import dev.retort.core.offline.Squash;
import dev.retort.core.ops.Operation;
import dev.retort.core.ops.RecordingOperations;
import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The baseline {@code migrate:squash} writes, compiled and loaded back: it records what the plan
 * says (same checksum, same schema fingerprint, drops not acknowledged), and the re-parenting edit
 * of a later revision's source touches only its parents.
 */
class SquashGenerationTest {

    static String id(int k) {
        return String.format("r%03d", k);
    }

    /** Every third revision creates a table, the next adds a column, the next widens it. */
    static RevisionInfo revision(int k) {
        int first = k - (k - 1) % 3;
        String table = "t" + first;
        Migration m = new Migration() {
            @Override
            public void upgrade(Operations op) {
                switch (k % 3) {
                    case 1 -> op.createTable(table, column("id", bigint()).primaryKey());
                    case 2 -> op.addColumn(table, column("c", varchar(20)).nullable());
                    default ->
                        op.alterColumn(
                                table,
                                column("c", varchar(20)).nullable(),
                                column("c", varchar(80)).nullable());
                }
            }

            @Override
            public void downgrade(Operations op) {}
        };
        return new RevisionInfo(
                id(k),
                k == 1 ? List.of() : List.of(id(k - 1)),
                "step " + k,
                "db.migration.V" + id(k),
                RecordingOperations.upgradeOf(m),
                RecordingOperations.downgradeOf(m));
    }

    @Test
    void theWrittenBaselineRecordsWhatThePlanProves(@TempDir Path dir) throws Exception {
        RevisionGraph graph = new RevisionGraph(Stream.iterate(1, k -> k + 1)
                .limit(30)
                .map(SquashGenerationTest::revision)
                .toList());
        Squash.Plan plan = Squash.plan(graph, id(20));
        GeneratedMigration baseline = GeneratedMigration.baseline("20261207_0700", "squash", plan, graph);
        RevisionInfo.Squashed squashed = new RevisionInfo.Squashed(plan.through(), plan.replaces(), plan.fingerprint());
        String source = MigrationSourceWriter.writeBaseline(
                baseline.request("db.migration"), squashed, "Squashes 20 revisions.");
        assertTrue(source.contains("@Baseline("), source);
        assertTrue(source.contains("through = \"r020\""), source);
        assertTrue(source.contains("varchar(80)"), "the widened column, replayed:\n" + source);
        assertFalse(source.contains(").acceptDataLoss();"), source);

        RevisionInfo compiled = compile(dir, baseline.className(), source);
        assertEquals(squashed, compiled.baseline());
        assertEquals(baseline.revision("db.migration", squashed).checksum(), compiled.checksum());
        assertEquals(
                plan.fingerprint(), RevisionInfo.Squashed.fingerprint(RevisionGraph.replay(Schema.EMPTY, compiled)));
        assertTrue(compiled.downgrade().stream().anyMatch(Operation::destroysData));
        assertTrue(compiled.downgrade().stream().noneMatch(Operation::dataLossAccepted));
        RevisionGraph after = Squash.prove(graph, plan, compiled);
        assertEquals(List.of(compiled.id()), after.get(id(21)).parents());
        assertEquals(List.of(), Squash.edited(after));
    }

    @Test
    void aBaselineThroughTheHeadKeepsStructTypesAndColumnsAbsentOnSomeDatabases(@TempDir Path dir) throws Exception {
        Migration first = new Migration() {
            @Override
            public void upgrade(Operations op) {
                op.createType("geo_point", column("x", doublePrecision()), column("y", doublePrecision()));
                op.createType("sales.tag", column("label", varchar(20)), column("at", struct("geo_point")));
                op.createTable(
                        "venue",
                        column("id", bigint()).primaryKey(),
                        column("at", struct("geo_point")).nullable(),
                        column("tag", struct("sales.tag")).nullable(),
                        column("opens", timestampTz(6)).nullable(),
                        column("opens_tz", integer()).nullable().absentOn(dev.retort.migration.Database.H2));
            }

            @Override
            public void downgrade(Operations op) {}
        };
        Migration second = new Migration() {
            @Override
            public void upgrade(Operations op) {
                op.addColumn(
                        "venue", column("seen_tz", integer()).nullable().absentOn(dev.retort.migration.Database.H2));
                op.renameColumn("venue", "opens_tz", "opens_offset").absentOn(dev.retort.migration.Database.H2);
            }

            @Override
            public void downgrade(Operations op) {}
        };
        RevisionGraph graph = new RevisionGraph(List.of(
                new RevisionInfo(
                        "s1",
                        List.of(),
                        "one",
                        "db.migration.Vs1",
                        RecordingOperations.upgradeOf(first),
                        RecordingOperations.downgradeOf(first)),
                new RevisionInfo(
                        "s2",
                        List.of("s1"),
                        "two",
                        "db.migration.Vs2",
                        RecordingOperations.upgradeOf(second),
                        RecordingOperations.downgradeOf(second))));
        Squash.Plan plan = Squash.plan(graph, "s2");
        GeneratedMigration baseline = GeneratedMigration.baseline("20261207_0700", "squash", plan, graph);
        RevisionInfo.Squashed squashed = new RevisionInfo.Squashed(plan.through(), plan.replaces(), plan.fingerprint());
        String source = MigrationSourceWriter.writeBaseline(
                baseline.request("db.migration"), squashed, "Squashes 2 revisions.");
        assertTrue(source.contains("op.createType(\"sales.tag\","), source);
        assertTrue(source.contains("column(\"opens_offset\", integer()).nullable().absentOn(Database.H2)"), source);
        RevisionInfo compiled = compile(dir, baseline.className(), source);
        assertEquals(
                plan.fingerprint(), RevisionInfo.Squashed.fingerprint(RevisionGraph.replay(Schema.EMPTY, compiled)));
        // through the head: the baseline is the squashed graph's only revision and head
        RevisionGraph after = Squash.prove(graph, plan, compiled);
        assertEquals(List.of(compiled.id()), after.heads());
        Schema down = RevisionGraph.replay(Schema.EMPTY, compiled);
        for (Operation op : compiled.downgrade()) {
            down = op.applyTo(down);
        }
        assertEquals(Schema.EMPTY, down, "the downgrade drops the table before its types, the types before theirs");
    }

    @Test
    void reParentingEditsOnlyTheParentsOfTheRevisionAnnotation() throws Exception {
        Path file = Path.of("V.java");
        String single = "@Revision(id = \"b\", parents = \"a\", message = \"parents = \\\"a\\\"\")\nclass V {}";
        assertEquals(
                "@Revision(id = \"b\", parents = \"base1\", message = \"parents = \\\"a\\\"\")\nclass V {}",
                RevisionSource.withParents(file, single, List.of("base1")));
        String array = "@dev.retort.migration.Revision(\n    id = \"m\",\n    parents = {\"a\", \"x\"})\nclass V {}";
        assertEquals(
                "@dev.retort.migration.Revision(\n    id = \"m\",\n    parents = {\"base1\", \"x\"})\nclass V {}",
                RevisionSource.withParents(file, array, List.of("base1", "x")));
        MojoFailureException constant = assertThrows(
                MojoFailureException.class,
                () -> RevisionSource.withParents(file, "@Revision(id = \"b\", parents = PARENT)", List.of("x")));
        assertTrue(constant.getMessage().contains("not a string literal"), constant.getMessage());
    }

    private static RevisionInfo compile(Path dir, String className, String source) throws Exception {
        Path src = dir.resolve("src/db/migration/" + className + ".java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        Path out = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(
                null, null, null, "-d", out.toString(), "-cp", System.getProperty("java.class.path"), src.toString());
        assertEquals(0, rc, "the baseline must compile:\n" + source);
        try (URLClassLoader loader = new URLClassLoader(
                new java.net.URL[] {out.toUri().toURL()}, SquashGenerationTest.class.getClassLoader())) {
            Migration m = (Migration) loader.loadClass("db.migration." + className)
                    .getDeclaredConstructor()
                    .newInstance();
            return RevisionInfo.of(m);
        }
    }
}

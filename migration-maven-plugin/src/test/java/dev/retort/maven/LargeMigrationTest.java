package dev.retort.maven;

import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.diff.SchemaDiffer;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.model.Column;
import dev.retort.core.model.ForeignKey;
import dev.retort.core.model.Index;
import dev.retort.core.model.Schema;
import dev.retort.core.model.Table;
import dev.retort.core.ops.Operation;
import dev.retort.migration.Migration;
import dev.retort.migration.Types;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first migration of a large model still compiles: the JVM limits a method to 64 KB of bytecode. */
class LargeMigrationTest {

    /** {@code n} entity tables of ten columns, an index and a foreign key each. */
    static Schema model(int n) {
        List<Table> tables = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = "entity_" + i;
            List<Column> columns = new ArrayList<>(List.of(
                    new Column("id", Types.bigint(), false, true, "Entity" + i + ".id"),
                    new Column("parent_id", Types.bigint(), true, false, "Entity" + i + ".parent")));
            for (int c = 0; c < 8; c++) {
                columns.add(
                        new Column("field_" + c, Types.varchar(100), c % 2 == 0, false, "Entity" + i + ".field" + c));
            }
            tables.add(new Table(
                    name,
                    columns,
                    List.of("id"),
                    List.of(new Index("ix_" + name + "_f0", List.of("field_0"), false, null)),
                    i == 0
                            ? List.of()
                            : List.of(new ForeignKey(
                                    "fk_" + name + "_parent",
                                    List.of("parent_id"),
                                    "entity_" + (i / 2),
                                    List.of("id"),
                                    null,
                                    null,
                                    null)),
                    List.of(),
                    "Entity" + i));
        }
        return new Schema(tables);
    }

    @Test
    void fiveHundredEntitiesInOneMigration(@TempDir Path dir) throws Exception {
        Schema model = model(500);
        GeneratedMigration g = GeneratedMigration.plan(
                "20261125_1412",
                "initial",
                null,
                Schema.EMPTY,
                SchemaDiffer.compare(Schema.EMPTY, model).changes(),
                new RevisionGraph(List.of()));
        String source = MigrationSourceWriter.write(g.request("db.migration"));
        assertTrue(source.contains("""
                    @Override
                    public void upgrade(Operations op) {
                        upgradePart1(op);
                        upgradePart2(op);
                """), "the steps are split into parts, called in order");
        assertTrue(source.contains("""
                    private static void upgradePart1(Operations op) {
                        // Entity0: new entity
                        op.createTable("entity_0",
                """), source.substring(0, 2000));
        Path src = Files.createDirectories(dir.resolve("src/db/migration")).resolve(g.className() + ".java");
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
                "the generated source compiles");
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader())) {
            Migration m = (Migration) loader.loadClass("db.migration." + g.className())
                    .getDeclaredConstructor()
                    .newInstance();
            RevisionInfo info = RevisionInfo.of(m);
            assertEquals(
                    SchemaDiffer.compare(Schema.EMPTY, model).changes().stream()
                            .map(c -> c.operation().describe())
                            .toList(),
                    info.upgrade().stream().map(Operation::describe).toList());
            assertEquals(
                    List.of(),
                    SchemaDiffer.compare(RevisionGraph.replay(Schema.EMPTY, info), model)
                            .changes());
            Schema back = RevisionGraph.replay(Schema.EMPTY, info);
            for (Operation op : info.downgrade()) {
                back = op.applyTo(back);
            }
            assertEquals(Schema.EMPTY, back);
        }
    }
}

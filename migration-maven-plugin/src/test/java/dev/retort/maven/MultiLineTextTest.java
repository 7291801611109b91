package dev.retort.maven;

import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.diff.SchemaDiffer;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.model.Check;
import dev.retort.core.model.Column;
import dev.retort.core.model.Schema;
import dev.retort.core.model.Table;
import dev.retort.core.ops.Operation;
import dev.retort.migration.Migration;
import dev.retort.migration.Types;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text the generator copies into comments (check expressions, defaults, review notes, the message)
 * may span lines, close a Javadoc comment or hold a unicode escape that javac reads as a line break:
 * the generated migration still compiles and records exactly the planned operations.
 */
class MultiLineTextTest {

    static final String CHECK = "price >= 0\n  and price < 1000 -- no */ here\r\n  or price is null";
    static final String DEFAULT = "(1\n + 2) -- \\u000a one \\\\u000a two \\\\\\u000a */";
    static final String MESSAGE = "reprice\nthe items */ and \\u000a more";

    static Table item(Column price, List<Check> checks) {
        return new Table(
                "item",
                List.of(
                        new Column("id", Types.bigint(), false, true, "Item.id"),
                        price,
                        new Column(
                                "note",
                                Types.varchar(20),
                                true,
                                false,
                                "'a\nb'",
                                "two\nlines */ \\u000a",
                                "Item.note\nsecond line")),
                List.of("id"),
                List.of(),
                List.of(),
                checks,
                "Item\n*/ \\u000a");
    }

    @Test
    void multiLineChecksDefaultsAndMessagesCompile(@TempDir Path dir) throws Exception {
        Schema before = new Schema(List.of(new Table(
                "item",
                List.of(
                        new Column("id", Types.bigint(), false, true, "Item.id"),
                        new Column("price", Types.integer(), false, false, "0", null, "Item.price")),
                List.of("id"),
                List.of(),
                "Item")));
        Schema after = new Schema(List.of(item(
                new Column("price", Types.integer(), true, false, DEFAULT, null, "Item.price\n2"),
                List.of(new Check("ck_item_price", CHECK, "Item\n@Check */ \\u000a")))));
        var diff = SchemaDiffer.compare(before, after).changes();
        GeneratedMigration g =
                GeneratedMigration.plan("20261125_1412", MESSAGE, null, before, diff, new RevisionGraph(List.of()));
        String source = MigrationSourceWriter.write(g.request("db.migration"));
        Path src = Files.createDirectories(dir.resolve("src/db/migration")).resolve(g.className() + ".java");
        Files.writeString(src, source);
        Path out = Files.createDirectories(dir.resolve("classes"));
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        assertEquals(
                0,
                ToolProvider.getSystemJavaCompiler()
                        .run(
                                null,
                                null,
                                errors,
                                "-d",
                                out.toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                src.toString()),
                () -> "the generated source compiles:\n" + errors + "\n" + source);
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader())) {
            Migration m = (Migration) loader.loadClass("db.migration." + g.className())
                    .getDeclaredConstructor()
                    .newInstance();
            RevisionInfo info = RevisionInfo.of(m);
            assertEquals(
                    diff.stream().map(c -> c.operation().describe()).toList(),
                    info.upgrade().stream().map(Operation::describe).toList());
            assertEquals(
                    List.of(),
                    SchemaDiffer.compare(RevisionGraph.replay(before, info), after)
                            .changes(),
                    "the text survives exactly");
        }
        assertTrue(source.contains("        // Item.price\n        //   2: now nullable"), source);
        assertTrue(source.contains("        //   and price < 1000 -- no */ here\n"), source);
        assertTrue(source.contains(" * the items *&#47; and &#92;u000a more.\n"), source);
    }
}

package dev.retort.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.core.model.Schema;
import dev.retort.core.model.SchemaJson;
import dev.retort.core.model.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A partial compile (an IDE rebuilding the classes that changed, into the same output directory)
 * must not write a snapshot that silently lacks the entities it did not recompile: they are kept
 * while their classes exist, and dropped once they are gone.
 */
class IncrementalCompileTest {

    @TempDir
    Path dir;

    @Test
    void entitiesNotRecompiledAreKeptWhileTheirClassesExist() throws IOException {
        Path out = Files.createDirectories(dir.resolve("classes"));
        Path author = write("Author", """
                @Entity public class Author {
                    @Id long id;
                    String name;
                    @ManyToOne Publisher publisher;
                }""");
        Path publisher = write("Publisher", """
                @Entity public class Publisher {
                    @Id long id;
                    @dev.retort.migration.RenamedFrom("title") String name;
                    @ElementCollection java.util.Set<String> imprints;
                }""");
        javac(out, author, publisher);
        assertEquals(List.of("Author", "Publisher", "Publisher_imprints"), tableNames(snapshot(out)));

        // only Author changed and is recompiled; Publisher comes from its class file
        write("Author", """
                @Entity public class Author {
                    @Id long id;
                    String name;
                    String bio;
                    @ManyToOne Publisher publisher;
                }""");
        javac(out, author);
        Schema partial = snapshot(out);
        assertEquals(List.of("Author", "Publisher", "Publisher_imprints"), tableNames(partial));
        Table authorTable = partial.table("Author").orElseThrow();
        assertTrue(authorTable.column("bio").isPresent(), "the recompiled entity is up to date");
        assertEquals(
                "title",
                partial.table("Publisher")
                        .orElseThrow()
                        .column("name")
                        .orElseThrow()
                        .renamedFrom(),
                "the rename hint of a source annotation survives the class file");
        assertEquals(1, authorTable.foreignKeys().size(), "references to kept entities still resolve");

        // Publisher's source and class are deleted: its tables leave the snapshot
        Files.delete(publisher);
        Files.delete(out.resolve("app/Publisher.class"));
        write("Author", """
                @Entity public class Author {
                    @Id long id;
                    String name;
                }""");
        javac(out, author);
        assertEquals(List.of("Author"), tableNames(snapshot(out)));
    }

    @Test
    void fullCompileReplacesTheList() throws IOException {
        Path out = Files.createDirectories(dir.resolve("classes"));
        Path a = write("A", "@Entity public class A { @Id long id; }");
        Path b = write("B", "@Entity public class B { @Id long id; }");
        javac(out, a, b);
        assertEquals(List.of("A", "B"), tableNames(snapshot(out)));
        // B stops being an entity: its class exists but is no @Entity any more
        write("B", "public class B { long id; }");
        javac(out, a, b);
        assertEquals(List.of("A"), tableNames(snapshot(out)));
        assertEquals("entity app.A\n", Files.readString(out.resolve(Snapshots.ENTITIES)));
    }

    private Path write(String name, String body) throws IOException {
        Path file = dir.resolve("src/app").resolve(name + ".java");
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "package app;\nimport jakarta.persistence.*;\n" + body + "\n");
    }

    private static Schema snapshot(Path out) throws IOException {
        return SchemaJson.read(Files.readString(out.resolve(SchemaJson.RESOURCE)));
    }

    private static List<String> tableNames(Schema schema) {
        return schema.tables().stream().map(Table::name).toList();
    }

    /** A real javac run into {@code out}, which is also on the classpath, as in an IDE's incremental build. */
    private static void javac(Path out, Path... sources) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, null)) {
            List<String> options = new ArrayList<>(List.of(
                    "-d",
                    out.toString(),
                    "-classpath",
                    out + java.io.File.pathSeparator + System.getProperty("java.class.path")));
            JavaCompiler.CompilationTask task =
                    compiler.getTask(null, files, diagnostics, options, null, files.getJavaFileObjects(sources));
            task.setProcessors(List.of(new RetortProcessor()));
            boolean ok = task.call();
            assertTrue(
                    ok,
                    () -> diagnostics.getDiagnostics().stream()
                            .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                            .map(Object::toString)
                            .toList()
                            .toString());
        }
    }
}

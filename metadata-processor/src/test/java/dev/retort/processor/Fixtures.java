package dev.retort.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.retort.core.model.Column;
import dev.retort.core.model.Schema;
import dev.retort.core.model.SchemaJson;
import dev.retort.core.model.Table;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;

/** Real javac compilations of fixture entities with the processor, and what they produced. */
final class Fixtures {

    private Fixtures() {}

    static Compilation compile(JavaFileObject... sources) {
        return compile(List.of(), sources);
    }

    static Compilation compile(List<String> options, JavaFileObject... sources) {
        return Compiler.javac()
                .withProcessors(new RetortProcessor())
                .withOptions(options)
                .compile(sources);
    }

    /** A source file from a text block; {@code name} is the qualified class name. */
    static JavaFileObject source(String name, String text) {
        return JavaFileObjects.forSourceString(name, text);
    }

    /** A source file line by line, so line {@code n} of a diagnostic is element {@code n - 1}. */
    static JavaFileObject lines(String name, String... lines) {
        return JavaFileObjects.forSourceLines(name, lines);
    }

    /** The snapshot bytes as text, when one was written. */
    static Optional<String> snapshotText(Compilation compilation) {
        return compilation
                .generatedFile(StandardLocation.CLASS_OUTPUT, SchemaJson.RESOURCE)
                .map(file -> {
                    try (InputStream in = file.openInputStream()) {
                        return new String(in.readAllBytes(), UTF_8);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    /** Compiles, expects success without warnings, and parses the snapshot. */
    static Schema snapshot(JavaFileObject... sources) {
        return snapshot(List.of(), sources);
    }

    static Schema snapshot(List<String> options, JavaFileObject... sources) {
        Compilation compilation = compile(options, sources);
        assertThat(compilation).succeededWithoutWarnings();
        return SchemaJson.read(snapshotText(compilation).orElseThrow(() -> new AssertionError("no snapshot written")));
    }

    static Table table(Schema schema, String name) {
        return schema.tables().stream()
                .filter(t -> t.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no table " + name + " in " + schema));
    }

    static Column column(Table table, String name) {
        return table.columns().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no column " + name + " in " + table));
    }

    static List<String> columnNames(Table table) {
        return table.columns().stream().map(Column::name).toList();
    }
}

package dev.retort.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.retort.migration.Types.enumOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import dev.retort.core.model.SchemaJson;
import dev.retort.core.model.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Behaviour across javac rounds and on disk, beyond what one compile-testing result shows. */
class RoundsTest {

    /** Generates {@code app.Level} in the first round, as e.g. a code generator would. */
    static final class GeneratesLevel extends AbstractProcessor {
        private boolean done;

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return Set.of("*");
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            if (!done) {
                done = true;
                try (Writer w =
                        processingEnv.getFiler().createSourceFile("app.Level").openWriter()) {
                    w.write("package app; public enum Level { LOW, HIGH }");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return false;
        }
    }

    @Test
    void entityWaitsForATypeGeneratedInALaterRound() {
        Compilation c = Compiler.javac()
                .withProcessors(new RetortProcessor(), new GeneratesLevel())
                .compile(Fixtures.source("app.Alarm", """
                        package app;
                        import jakarta.persistence.*;
                        @Entity
                        public class Alarm { @Id private long id; @Enumerated(EnumType.STRING) private Level level; }
                        """));
        assertThat(c).succeededWithoutWarnings();
        Table alarm = SchemaJson.read(Fixtures.snapshotText(c).orElseThrow())
                .table("Alarm")
                .orElseThrow();
        assertEquals(enumOf("LOW", "HIGH"), alarm.column("level").orElseThrow().type());
    }

    @Test
    void noSnapshotOnDiskWhenAnEntityFails(@TempDir Path dir) throws IOException {
        Path out = Files.createDirectories(dir.resolve("classes"));
        Path good = write(dir, "Good", "@Entity public class Good { @Id private long id; }");
        Path bad = write(dir, "Bad", "@Entity public class Bad { @Id private long id; private Object at; }");

        assertFalse(javac(out, good, bad));
        assertFalse(Files.exists(out.resolve(SchemaJson.RESOURCE)));

        assertTrue(javac(out, good));
        assertTrue(Files.readString(out.resolve(SchemaJson.RESOURCE)).contains("\"Good\""));
    }

    private static Path write(Path dir, String name, String body) throws IOException {
        Path file = dir.resolve("app").resolve(name + ".java");
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "package app;\nimport jakarta.persistence.*;\n" + body + "\n");
    }

    private static boolean javac(Path out, Path... sources) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, null)) {
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjects(sources);
            JavaCompiler.CompilationTask task = compiler.getTask(
                    null,
                    files,
                    d -> {},
                    List.of("-d", out.toString(), "-classpath", System.getProperty("java.class.path"), "-proc:only"),
                    null,
                    units);
            task.setProcessors(List.of(new RetortProcessor()));
            return task.call();
        }
    }
}

package dev.retort.processor.hibernate;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.retort.core.model.Schema;
import dev.retort.core.model.SchemaJson;
import dev.retort.processor.RetortProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;

/**
 * A fixture entity set ({@code src/test/resources/fixtures/<name>/**.java}) compiled by javac with
 * the processor and a naming option: its snapshot, and its classes loaded in memory so Hibernate
 * can map the very same entities.
 */
final class CompiledFixture {

    final String name;
    final String naming;
    /** Compiled with {@code -Aretort.globallyQuotedIdentifiers=true}; Hibernate runs with the same setting. */
    final boolean quoteAll;

    final Schema snapshot;
    final List<Class<?>> entities = new ArrayList<>();
    final List<Class<?>> converters = new ArrayList<>();

    private CompiledFixture(String name, String naming, boolean quoteAll, Schema snapshot) {
        this.name = name;
        this.naming = naming;
        this.quoteAll = quoteAll;
        this.snapshot = snapshot;
    }

    static CompiledFixture compile(String name, String naming) {
        return compile(name, naming, false);
    }

    static CompiledFixture compile(String name, String naming, boolean quoteAll) {
        List<JavaFileObject> sources = sources(name);
        Compilation compilation = Compiler.javac()
                .withProcessors(new RetortProcessor())
                .withOptions(
                        "-Aretort.naming=" + naming, "-Aretort.globallyQuotedIdentifiers=" + quoteAll, "-parameters")
                .compile(sources);
        assertThat(compilation).succeeded();
        String json = compilation
                .generatedFile(StandardLocation.CLASS_OUTPUT, SchemaJson.RESOURCE)
                .map(CompiledFixture::read)
                .orElseThrow(() -> new AssertionError("no snapshot for fixture " + name));
        CompiledFixture fixture = new CompiledFixture(name, naming, quoteAll, SchemaJson.read(json));
        Map<String, byte[]> classes = new HashMap<>();
        for (JavaFileObject file : compilation.generatedFiles()) {
            if (file.getKind() == JavaFileObject.Kind.CLASS) {
                String path = file.toUri().getPath();
                String className = path.substring(
                                path.indexOf("/CLASS_OUTPUT/") + "/CLASS_OUTPUT/".length(),
                                path.length() - ".class".length())
                        .replace('/', '.');
                classes.put(className, readBytes(file));
            }
        }
        ClassLoader loader = new ClassLoader(CompiledFixture.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String className) throws ClassNotFoundException {
                byte[] bytes = classes.get(className);
                if (bytes == null) {
                    throw new ClassNotFoundException(className);
                }
                return defineClass(className, bytes, 0, bytes.length);
            }
        };
        for (String className : classes.keySet().stream().sorted().toList()) {
            try {
                Class<?> c = Class.forName(className, false, loader);
                if (c.isAnnotationPresent(jakarta.persistence.Entity.class)) {
                    fixture.entities.add(c);
                } else if (c.isAnnotationPresent(jakarta.persistence.Converter.class)) {
                    fixture.converters.add(c);
                }
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        return fixture;
    }

    private static List<JavaFileObject> sources(String name) {
        // an absolute path: a folder of entity sources outside the project (-Dretort.compare.dir)
        URL root = name.startsWith("/")
                ? toUrl(Path.of(name))
                : CompiledFixture.class.getClassLoader().getResource("fixtures/" + name);
        if (root == null) {
            throw new IllegalArgumentException("no fixture " + name);
        }
        try (Stream<Path> files = Files.walk(Path.of(root.toURI()))) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .sorted()
                    .map(p -> JavaFileObjects.forResource(toUrl(p)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static URL toUrl(Path p) {
        try {
            return p.toUri().toURL();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(JavaFileObject file) {
        return new String(readBytes(file), UTF_8);
    }

    private static byte[] readBytes(JavaFileObject file) {
        try (InputStream in = file.openInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return name + " (" + naming + (quoteAll ? ", globally quoted" : "") + ")";
    }
}

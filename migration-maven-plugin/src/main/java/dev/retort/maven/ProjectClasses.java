package dev.retort.maven;

import dev.retort.core.history.RevisionGraph;
import dev.retort.core.model.Schema;
import dev.retort.core.model.SchemaJson;
import dev.retort.core.runner.MigrationException;
import dev.retort.core.startup.MigrationScanner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.maven.plugin.MojoFailureException;

/**
 * The compiled project as the goals see it: its migration classes and its entity snapshots.
 * Classes load through a loader whose parent is the plugin's, so the migration API the
 * migrations were compiled against is the one the plugin uses.
 */
final class ProjectClasses implements AutoCloseable {

    private final URLClassLoader loader;
    private final Path outputDirectory;
    private final int classpathSize;
    private final Map<String, String> namings = new LinkedHashMap<>();
    private Schema model;

    ProjectClasses(Path outputDirectory, List<String> classpathElements) {
        this.outputDirectory = outputDirectory;
        List<URL> urls = new ArrayList<>();
        try {
            urls.add(outputDirectory.toUri().toURL());
            for (String element : classpathElements) {
                Path p = Path.of(element);
                if (!p.equals(outputDirectory)) {
                    urls.add(p.toUri().toURL());
                }
            }
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
        this.classpathSize = urls.size();
        this.loader = new URLClassLoader(urls.toArray(URL[]::new), ProjectClasses.class.getClassLoader());
    }

    /** The revision graph of the migration classes compiled into {@code packageName}. */
    RevisionGraph migrations(String packageName) throws MojoFailureException {
        Path dir = outputDirectory.resolve(packageName.replace('.', '/'));
        if (!Files.isDirectory(dir)) {
            return new RevisionGraph(List.of());
        }
        try {
            return new RevisionGraph(MigrationScanner.load(
                    loader, MigrationScanner.classNames(dir.toUri().toURL(), packageName)));
        } catch (MigrationException e) {
            throw MavenWording.failure(e, UnaryOperator.identity(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The merged entity snapshots of the module and its dependencies, or a failure that says where
     * it looked and how to configure the processor.
     */
    Schema model() throws MojoFailureException {
        if (model != null) {
            return model;
        }
        Schema merged = Schema.EMPTY;
        int found = 0;
        try {
            Enumeration<URL> resources = loader.getResources(SchemaJson.RESOURCE);
            while (resources.hasMoreElements()) {
                URL url = resources.nextElement();
                try (InputStream in = url.openStream()) {
                    SchemaJson.Snapshot snapshot = SchemaJson.readSnapshot(in);
                    merged = merged.merge(snapshot.schema());
                    namings.put(where(url), snapshot.naming());
                    found++;
                } catch (IllegalArgumentException e) {
                    throw new MojoFailureException(url + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (found == 0 || merged.tables().isEmpty()) {
            throw new MojoFailureException(noSnapshot());
        }
        model = merged;
        return merged;
    }

    /** The naming each snapshot of {@link #model()} records (null: none), by where it is; read by {@link #model()}. */
    Map<String, String> namings() throws MojoFailureException {
        model();
        return Collections.unmodifiableMap(namings);
    }

    /** A snapshot's place as the user knows it: the path under the project, or the jar's file name. */
    private String where(URL url) {
        try {
            if (url.getProtocol().equals("file")) {
                Path file = Path.of(url.toURI());
                Path project = outputDirectory.getParent() == null
                        ? null
                        : outputDirectory.getParent().getParent();
                return project != null && file.startsWith(project)
                        ? project.relativize(file).toString()
                        : file.toString();
            }
            if (url.getProtocol().equals("jar") && url.getPath().contains("!/")) {
                String jar = url.getPath().substring(0, url.getPath().indexOf("!/"));
                return SchemaJson.RESOURCE + " in " + jar.substring(jar.lastIndexOf('/') + 1);
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            // shown as the URL
        }
        return url.toString();
    }

    private String noSnapshot() {
        return "No entities found: no " + SchemaJson.RESOURCE + " in " + outputDirectory + " or in the "
                + (classpathSize - 1) + " other entries of the compile classpath, so there is nothing to compare the "
                + "migrations with (Retort never turns a missing snapshot into dropped tables).\n"
                + "The snapshot is written at compile time by Retort's annotation processor. Add it to the compiler:\n"
                + "  <plugin>\n"
                + "    <artifactId>maven-compiler-plugin</artifactId>\n"
                + "    <configuration>\n"
                + "      <annotationProcessorPaths>\n"
                + "        <path>\n"
                + "          <groupId>dev.retort</groupId>\n"
                + "          <artifactId>metadata-processor</artifactId>\n"
                + "          <version>" + Versions.retort() + "</version>\n"
                + "        </path>\n"
                + "      </annotationProcessorPaths>\n"
                + "    </configuration>\n"
                + "  </plugin>\n"
                + "and check that the module has @Entity classes (jakarta.persistence or javax.persistence).";
    }

    @Override
    public void close() throws IOException {
        loader.close();
    }
}

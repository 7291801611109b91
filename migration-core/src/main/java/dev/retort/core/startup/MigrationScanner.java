package dev.retort.core.startup;

import dev.retort.core.history.RevisionInfo;
import dev.retort.core.runner.MigrationException;
import dev.retort.migration.Migration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds the migration classes of a package on a class loader: in directories ({@code file:}) and
 * in jars ({@code jar:}, including Spring Boot's nested jars, whose connections are
 * {@link JarURLConnection}s too). Only the package itself is scanned, not subpackages. The Maven
 * goals use it too, on the project's output directory ({@link #classNames(URL, String)},
 * {@link #load}).
 */
public final class MigrationScanner {

    private MigrationScanner() {}

    static List<RevisionInfo> revisions(ClassLoader loader, String packageName) {
        return load(loader, classNames(loader, packageName));
    }

    /**
     * The migrations among {@code classNames}, loaded and recorded through {@code loader}; classes
     * that do not implement {@link Migration}, and abstract ones, are skipped.
     *
     * @throws MigrationException naming the class that cannot be loaded, built or recorded
     */
    public static List<RevisionInfo> load(ClassLoader loader, List<String> classNames) {
        List<RevisionInfo> out = new ArrayList<>();
        for (String className : classNames) {
            Class<?> type;
            try {
                type = Class.forName(className, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new MigrationException("Cannot load migration class " + className + ": " + e, e);
            }
            if (!Migration.class.isAssignableFrom(type) || Modifier.isAbstract(type.getModifiers())) {
                continue;
            }
            try {
                out.add(RevisionInfo.of(
                        (Migration) type.getDeclaredConstructor().newInstance()));
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw new MigrationException(
                        "Migration " + className + " cannot be created: its constructor threw " + e.getCause(),
                        e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new MigrationException(
                        "Migration " + className + " needs a public no-argument constructor: " + e, e);
            } catch (RuntimeException e) {
                throw new MigrationException("Migration " + className + " cannot be read: " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Top-level class names directly in the package, sorted, each once. */
    static List<String> classNames(ClassLoader loader, String packageName) {
        String path = packageName.replace('.', '/');
        TreeSet<String> names = new TreeSet<>();
        try {
            Enumeration<URL> roots = loader.getResources(path);
            while (roots.hasMoreElements()) {
                names.addAll(classNames(roots.nextElement(), packageName));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(names);
    }

    /**
     * Top-level class names directly in {@code packageName}, sorted, at {@code root}: the package's
     * location as a class loader reports it, a directory ({@code file:}) or a jar entry ({@code jar:}).
     */
    public static List<String> classNames(URL root, String packageName) throws IOException {
        return new ArrayList<>(new TreeSet<>(listed(root, packageName)));
    }

    private static List<String> listed(URL root, String packageName) throws IOException {
        List<String> out = new ArrayList<>();
        if (root.getProtocol().equals("file")) {
            Path dir;
            try {
                dir = Path.of(root.toURI());
            } catch (URISyntaxException e) {
                throw new IOException("cannot read " + root, e);
            }
            try (Stream<Path> files = Files.list(dir)) {
                files.map(f -> f.getFileName().toString())
                        .filter(MigrationScanner::isTopLevelClass)
                        .forEach(f -> out.add(packageName + "." + f.substring(0, f.length() - ".class".length())));
            }
            return out;
        }
        URLConnection connection = root.openConnection();
        if (connection instanceof JarURLConnection jar) {
            jar.setUseCaches(false);
            String prefix = packageName.replace('.', '/') + "/";
            try (JarFile file = jar.getJarFile()) {
                for (JarEntry entry : java.util.Collections.list(file.entries())) {
                    String name = entry.getName();
                    // entries of a Spring Boot jar's BOOT-INF/classes have that prefix in front of the package
                    int at = name.indexOf(prefix);
                    if (at >= 0 && (at == 0 || name.startsWith("BOOT-INF/classes/"))) {
                        String rest = name.substring(at + prefix.length());
                        if (!rest.contains("/") && isTopLevelClass(rest)) {
                            out.add(packageName + "." + rest.substring(0, rest.length() - ".class".length()));
                        }
                    }
                }
            }
            return out;
        }
        throw new IOException(
                "cannot list migration classes at " + root + " (" + root.getProtocol() + " URLs are not supported)");
    }

    private static boolean isTopLevelClass(String fileName) {
        return fileName.endsWith(".class") && !fileName.contains("$") && !fileName.equals("package-info.class");
    }
}

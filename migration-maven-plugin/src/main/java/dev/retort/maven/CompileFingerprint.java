package dev.retort.maven;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.project.MavenProject;

/**
 * Whether the build up to {@code compile} that a goal runs first would change nothing, so the goal
 * may leave it out. After that build ran, a stamp under {@code target/retort/} records a digest of
 * what went in (the plan's executions and their configuration, the POM and {@code -D} properties,
 * the JDK, the compile classpath's jars, the content of every source and resource file) and of what
 * came out (every file of the output directory, by size and modification time). A later goal skips
 * the build only when both digests are the same again.
 *
 * <p>Only for the plain build: the plan holds nothing but maven-resources-plugin's {@code resources}
 * and maven-compiler-plugin's {@code compile} (apart from Retort's own goals), no resource is
 * filtered, and the compile classpath holds only jars. Anything else (a code generator, filtered
 * resources, a reactor module's classes directory) depends on inputs this class cannot see, and is
 * always run.
 */
final class CompileFingerprint {

    static final String STAMP = "compile-inputs.sha256";

    private final Path stamp;
    private final Path outputDirectory;
    private final String inputs;

    private CompileFingerprint(Path stamp, Path outputDirectory, String inputs) {
        this.stamp = stamp;
        this.outputDirectory = outputDirectory;
        this.inputs = inputs;
    }

    /**
     * The digest of what goes into the build of {@code project} by {@code executions} (the plan, without
     * Retort's own goals), or null when that build is not one this class can judge.
     *
     * @param systemProperties the session's system properties and {@code -D} properties, merged (those
     *                         that configure Retort, not the compiler, are left out)
     */
    static CompileFingerprint of(
            MavenProject project, List<MojoExecution> executions, Properties systemProperties, List<String> classpath) {
        MessageDigest sha = sha256();
        line(sha, "java " + System.getProperty("java.home") + " " + System.getProperty("java.version"));
        boolean compiles = false;
        for (MojoExecution e : executions) {
            boolean resources = is(e, "maven-resources-plugin", "resources");
            boolean compile = is(e, "maven-compiler-plugin", "compile");
            if (!resources && !compile) {
                return null;
            }
            compiles |= compile;
            line(
                    sha,
                    e.getGroupId() + ":" + e.getArtifactId() + ":" + e.getVersion() + ":" + e.getGoal() + " ("
                            + e.getExecutionId() + ") " + e.getLifecyclePhase());
            String configuration = String.valueOf(e.getConfiguration());
            if (configuration.contains("${env.")) {
                return null;
            }
            line(sha, configuration);
        }
        if (!compiles
                || project.getProperties().values().stream()
                        .anyMatch(v -> String.valueOf(v).contains("${env."))) {
            return null;
        }
        properties(sha, "pom", project.getProperties());
        properties(sha, "-D", systemProperties);
        Path output = Path.of(project.getBuild().getOutputDirectory());
        try {
            for (String element : classpath) {
                Path p = Path.of(element);
                if (p.equals(output)) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    return null;
                }
                line(sha, "classpath " + p + " " + sizeAndTime(p));
            }
            for (String root : project.getCompileSourceRoots()) {
                tree(sha, "source", Path.of(root), true);
            }
            for (Resource r : project.getResources()) {
                if (r.isFiltering()) {
                    return null;
                }
                line(
                        sha,
                        "resource " + r.getDirectory() + " " + r.getTargetPath() + " " + r.getIncludes() + " "
                                + r.getExcludes());
                tree(sha, "resource", project.getBasedir().toPath().resolve(r.getDirectory()), true);
            }
        } catch (IOException e) {
            return null;
        }
        return new CompileFingerprint(
                Path.of(project.getBuild().getDirectory(), "retort", STAMP),
                output,
                HexFormat.of().formatHex(sha.digest()));
    }

    /** Whether the stamp says this very build ran, and the output directory is as it left it. */
    boolean upToDate() {
        try {
            List<String> recorded = Files.readAllLines(stamp, StandardCharsets.UTF_8);
            return recorded.size() == 2
                    && recorded.get(0).equals("inputs " + inputs)
                    && recorded.get(1).equals("outputs " + outputs());
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    /** Records that the build ran on these inputs and left the output directory as it is now. */
    void record() throws IOException {
        Files.createDirectories(stamp.getParent());
        Path tmp = stamp.resolveSibling(STAMP + ".tmp");
        Files.writeString(tmp, "inputs " + inputs + "\noutputs " + outputs() + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, stamp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Removes the stamp, so the next goal runs the build again (the build failed or was cut short). */
    void forget() {
        try {
            Files.deleteIfExists(stamp);
        } catch (IOException e) {
            // a stale stamp is refused anyway: its digests no longer match once the inputs or outputs change
        }
    }

    private String outputs() throws IOException {
        MessageDigest sha = sha256();
        tree(sha, "output", outputDirectory, false);
        return HexFormat.of().formatHex(sha.digest());
    }

    private static boolean is(MojoExecution e, String artifactId, String goal) {
        return e.getGroupId().equals("org.apache.maven.plugins")
                && e.getArtifactId().equals(artifactId)
                && e.getGoal().equals(goal);
    }

    /** Every regular file under {@code dir}, sorted, by content or by size and time. */
    private static void tree(MessageDigest sha, String kind, Path dir, boolean content) throws IOException {
        if (!Files.isDirectory(dir)) {
            line(sha, kind + " " + dir + " absent");
            return;
        }
        TreeMap<String, Path> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile)
                    .forEach(f -> files.put(dir.relativize(f).toString(), f));
        }
        line(sha, kind + " " + dir + " " + files.size());
        for (Map.Entry<String, Path> f : files.entrySet()) {
            line(sha, f.getKey() + " " + (content ? contentDigest(f.getValue()) : sizeAndTime(f.getValue())));
        }
    }

    private static String sizeAndTime(Path p) throws IOException {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        return a.size() + " " + a.lastModifiedTime().toMillis();
    }

    private static String contentDigest(Path p) throws IOException {
        MessageDigest sha = sha256();
        byte[] buffer = new byte[8192];
        try (InputStream in = Files.newInputStream(p)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void properties(MessageDigest sha, String kind, Properties properties) {
        if (properties == null) {
            return;
        }
        List<String> keys = new ArrayList<>(properties.stringPropertyNames());
        keys.sort(null);
        for (String k : keys) {
            if (!VOLATILE.matcher(k).lookingAt()) {
                line(sha, kind + " " + k + "=" + properties.getProperty(k));
            }
        }
    }

    /**
     * Properties left out of the digest: Retort's and Spring's own (they configure the goal, not the
     * compiler), environment variables (a POM or configuration that reads one is not judged at all),
     * the JVM's command line, which changes with every {@code -D} of the goal, and {@code java.vm.info},
     * which names the JIT mode and class data sharing of Maven's JVM ({@code MAVEN_OPTS}), not anything
     * javac writes.
     */
    private static final Pattern VOLATILE =
            Pattern.compile("migrate\\.|spring\\.|env\\.|sun\\.java\\.command$|java\\.vm\\.info$");

    private static void line(MessageDigest sha, String text) {
        sha.update(text.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

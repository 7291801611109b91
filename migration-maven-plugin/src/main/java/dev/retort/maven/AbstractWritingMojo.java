package dev.retort.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Goals that write a migration class into the main source tree ({@code generate}, {@code merge}):
 * both name it by a timestamp and print the source they wrote, for review.
 */
abstract class AbstractWritingMojo extends AbstractRetortMojo {

    /**
     * The revision timestamp ({@code yyyyMMdd_HHmm}, UTC). Defaults to now; set it to make a
     * generation reproducible.
     */
    @Parameter(property = "migrate.timestamp")
    private String timestamp;

    /** The timestamp that starts the revision id and the class name. */
    protected String stamp() throws MojoFailureException {
        String stamp = timestamp != null
                ? timestamp
                : LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmm"));
        if (!stamp.matches("\\d{8}_\\d{4}")) {
            throw new MojoFailureException("migrate.timestamp '" + stamp + "' is not yyyyMMdd_HHmm");
        }
        return stamp;
    }

    /** Writes the class into {@code src/main/java/<migrate.package>/} and prints its path and source; never overwrites. */
    protected Path write(GeneratedMigration generated, String what) throws MojoFailureException, IOException {
        return write(
                generated.className(),
                generated.revisionId(),
                MigrationSourceWriter.write(generated.request(migrationPackage)),
                what);
    }

    /** Writes an already rendered class; never overwrites. */
    protected Path write(String className, String revisionId, String source, String what)
            throws MojoFailureException, IOException {
        Path file = Path.of(project.getBuild().getSourceDirectory())
                .resolve(migrationPackage.replace('.', '/'))
                .resolve(className + ".java");
        if (Files.exists(file)) {
            throw new MojoFailureException(file + " already exists; choose another migrate.message");
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, source, StandardCharsets.UTF_8);
        getLog().info("Generated " + project.getBasedir().toPath().relativize(file) + " (revision " + revisionId + ", "
                + what + "):");
        source.lines().forEach(l -> getLog().info("  " + l));
        return file;
    }
}

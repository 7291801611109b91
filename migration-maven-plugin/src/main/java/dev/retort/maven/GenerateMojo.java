package dev.retort.maven;

import dev.retort.core.diff.Change;
import dev.retort.core.diff.SchemaDiffer;
import dev.retort.core.diff.UnsupportedChangeException;
import dev.retort.core.dialect.Dialect;
import dev.retort.core.dialect.Dialects;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.model.Schema;
import dev.retort.core.ops.Operation;
import dev.retort.core.safety.SafeRewrites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Execute;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Compares the entity snapshot with the schema the existing migrations build (replayed, no
 * database needed) and writes a migration class for the difference into the main source tree,
 * for review in the pull request.
 */
@Mojo(name = "generate", requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
@Execute(phase = LifecyclePhase.COMPILE)
public class GenerateMojo extends AbstractRetortMojo {

    /** What the change is about; becomes the class name, the Javadoc and the history message. */
    @Parameter(property = "migrate.message", defaultValue = "auto")
    private String message;

    /**
     * The revision timestamp ({@code yyyyMMdd_HHmm}, UTC). Defaults to now; set it to make a
     * generation reproducible.
     */
    @Parameter(property = "migrate.timestamp")
    private String timestamp;

    /**
     * The database whose safety rules annotate the generated source ({@code mysql}, {@code mariadb},
     * {@code postgresql}, {@code h2}). Unset: the rules of MySQL, MariaDB and PostgreSQL together,
     * each note naming where it applies, since generating needs no database to tell.
     */
    @Parameter(property = "migrate.dialect")
    private String safetyDialect;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException, SQLException, IOException {
        if (message == null || message.isBlank()) {
            throw new MojoFailureException("migrate.message is empty: say what the migration does, e.g. -Dmigrate.message=\"add user bio\"");
        }
        try (ProjectClasses classes = projectClasses()) {
            RevisionGraph graph = migrations(classes);
            Schema model = classes.model();
            String head = graph.head();
            Schema previous = graph.replayAll();
            List<Change> changes;
            try {
                changes = SchemaDiffer.diff(previous, model);
            } catch (UnsupportedChangeException e) {
                throw new MojoFailureException(e.getMessage(), e);
            }
            if (changes.isEmpty()) {
                getLog().info("No changes detected: the " + model.tables().size() + " entity table"
                        + (model.tables().size() == 1 ? "" : "s") + " match the schema built by "
                        + (head == null ? "no migrations" : "the migrations up to " + head) + ".");
                return;
            }
            SafeRewrites.Result safe = SafeRewrites.apply(previous, changes, safetyDialects(), safetyPolicy());
            changes = safe.changes();
            String stamp = timestamp != null ? timestamp
                    : LocalDateTime.now(ZoneOffset.UTC).format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd_HHmm"));
            if (!stamp.matches("\\d{8}_\\d{4}")) {
                throw new MojoFailureException("migrate.timestamp '" + stamp + "' is not yyyyMMdd_HHmm");
            }
            GeneratedMigration generated = GeneratedMigration.plan(stamp, message.trim(), head, previous, changes, graph);
            Path file = Path.of(project.getBuild().getSourceDirectory()).resolve(migrationPackage.replace('.', '/'))
                    .resolve(generated.className() + ".java");
            if (Files.exists(file)) {
                throw new MojoFailureException(file + " already exists; choose another migrate.message");
            }
            String source = MigrationSourceWriter.write(generated.request(migrationPackage));
            Files.createDirectories(file.getParent());
            Files.writeString(file, source, StandardCharsets.UTF_8);
            long destructive = changes.stream().map(Change::operation).filter(Operation::destroysData).count();
            getLog().info("Generated " + project.getBasedir().toPath().relativize(file) + " (revision " + generated.revisionId()
                    + ", " + changes.size() + " step" + (changes.size() == 1 ? "" : "s") + "):");
            source.lines().forEach(l -> getLog().info("  " + l));
            if (destructive > 0) {
                getLog().warn(destructive + " step" + (destructive == 1 ? " destroys" : "s destroy") + " data and "
                        + (destructive == 1 ? "is" : "are") + " marked REVIEW: upgrade refuses until the source acknowledges "
                        + (destructive == 1 ? "it" : "them") + " with .acceptDataLoss().");
            }
            safe.findings().forEach(f -> getLog().warn("Safety " + f));
            long review = changes.stream().filter(c -> c.review() != null).count();
            if (review > destructive) {
                getLog().warn((review - destructive) + " more step" + (review - destructive == 1 ? " is" : "s are")
                        + " marked REVIEW: read the comments before applying.");
            }
        }
    }

    private List<Dialect> safetyDialects() throws MojoFailureException {
        if (safetyDialect == null || safetyDialect.isBlank()) {
            return List.of(Dialects.byName("mysql"), Dialects.byName("mariadb"), Dialects.byName("postgresql"));
        }
        try {
            return List.of(Dialects.byName(safetyDialect.trim()));
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("migrate.dialect: " + e.getMessage(), e);
        }
    }
}

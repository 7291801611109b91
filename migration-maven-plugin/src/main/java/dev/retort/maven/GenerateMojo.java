package dev.retort.maven;

import dev.retort.core.dialect.Dialect;
import dev.retort.core.dialect.Dialects;
import dev.retort.core.diff.Change;
import dev.retort.core.ops.Operation;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Compares the entity snapshot with the schema the existing migrations build (replayed, no
 * database needed) and writes a migration class for the difference into the main source tree,
 * for review in the pull request. A change that cannot run safely is refused with the reason,
 * and nothing is written.
 */
@Mojo(name = "generate", requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public class GenerateMojo extends AbstractWritingMojo {

    /** What the change is about; becomes the class name, the Javadoc and the history message. */
    @Parameter(property = "migrate.message", defaultValue = "auto")
    private String message;

    /**
     * The database whose safety rules shape the generated source ({@code mysql}, {@code mariadb},
     * {@code postgresql}, {@code h2}). Unset: the rules of MySQL, MariaDB and PostgreSQL together,
     * each note naming where it applies, since generating needs no database to tell.
     */
    @Parameter(property = "migrate.dialect")
    private String safetyDialect;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException, SQLException, IOException {
        if (message == null || message.isBlank()) {
            throw new MojoFailureException(
                    "migrate.message is empty: say what the migration does, e.g. -Dmigrate.message=\"add user bio\"");
        }
        String stamp = stamp();
        getLog().info("Database: none needed - the previous schema is replayed from the migrations in "
                + migrationPackage);
        try (ProjectClasses classes = projectClasses()) {
            checkNaming(classes);
            MigrationGenerator.Result result = MigrationGenerator.generate(new MigrationGenerator.Request(
                    classes.model(),
                    migrations(classes),
                    migrationPackage,
                    message.trim(),
                    stamp,
                    safetyDialects(),
                    safetyPolicy()));
            result.diff().notes().forEach(n -> getLog().warn(n));
            getLog().info(String.format(
                    "Replayed the migrations in %d ms, compared the model in %d ms, wrote the source in %d ms.",
                    result.replayNanos() / 1_000_000, result.diffNanos() / 1_000_000, result.writeNanos() / 1_000_000));
            List<String> problems = result.diff().problems();
            if (!problems.isEmpty()) {
                throw new MojoFailureException("Cannot generate a migration that runs safely; nothing was written:\n"
                        + Messages.numbered(problems));
            }
            if (result.migration() == null) {
                getLog().info("No changes detected: the entity tables match the schema built by "
                        + (result.head() == null ? "no migrations" : "the migrations up to " + result.head()) + ".");
                return;
            }
            List<Change> changes = result.changes();
            MigrationGenerator.typeGaps(changes, safetyDialects()).forEach(g -> getLog().warn(g));
            write(
                    result.migration().className(),
                    result.migration().revisionId(),
                    result.source(),
                    Messages.count(changes.size(), "step"));
            long destructive = changes.stream()
                    .map(Change::operation)
                    .filter(Operation::destroysData)
                    .count();
            if (destructive > 0) {
                getLog().warn(Messages.count(destructive, "step") + " destroy" + (destructive == 1 ? "s" : "")
                        + " data and "
                        + (destructive == 1 ? "is" : "are")
                        + " marked REVIEW: upgrade and check refuse until the source acknowledges "
                        + (destructive == 1 ? "it" : "them") + " with .acceptDataLoss().");
            }
            result.findings().forEach(f -> getLog().warn("Safety " + f));
            long review = changes.stream().filter(c -> c.review() != null).count() - destructive;
            if (review > 0) {
                getLog().warn(Messages.count(review, "more step")
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

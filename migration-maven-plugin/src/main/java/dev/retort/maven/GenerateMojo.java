package dev.retort.maven;

import dev.retort.core.diff.Change;
import dev.retort.core.diff.SchemaDiffer;
import dev.retort.core.diff.UnsupportedChangeException;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.model.Schema;
import dev.retort.core.ops.Operation;
import java.io.IOException;
import java.sql.SQLException;
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
public class GenerateMojo extends AbstractWritingMojo {

    /** What the change is about; becomes the class name, the Javadoc and the history message. */
    @Parameter(property = "migrate.message", defaultValue = "auto")
    private String message;

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
            GeneratedMigration generated = GeneratedMigration.plan(stamp(), message.trim(), head, previous, changes, graph);
            write(generated, changes.size() + " step" + (changes.size() == 1 ? "" : "s"));
            long destructive = changes.stream().map(Change::operation).filter(Operation::destroysData).count();
            if (destructive > 0) {
                getLog().warn(destructive + " step" + (destructive == 1 ? " destroys" : "s destroy") + " data and "
                        + (destructive == 1 ? "is" : "are") + " marked REVIEW: upgrade refuses until the source acknowledges "
                        + (destructive == 1 ? "it" : "them") + " with .acceptDataLoss().");
            }
            long review = changes.stream().filter(c -> c.review() != null).count();
            if (review > destructive) {
                getLog().warn((review - destructive) + " more step" + (review - destructive == 1 ? " is" : "s are")
                        + " marked REVIEW: read the comments before applying.");
            }
        }
    }
}

package dev.retort.maven;

import dev.retort.core.history.RevisionGraph;
import java.io.IOException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Joins the heads of the revision graph: writes a merge revision whose parents are all current
 * heads and which changes nothing, so the graph has one head again. Checks first that the
 * branches replay together (two branches that change the same column cannot be merged blindly).
 * Needs no database.
 */
@Mojo(name = "merge", requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public class MergeMojo extends AbstractWritingMojo {

    /** What the merge joins; becomes the class name, the Javadoc and the history message. */
    @Parameter(property = "migrate.message", defaultValue = "merge heads")
    private String message;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException, IOException {
        announceOffline("merge reads the compiled migrations only");
        if (message == null || message.isBlank()) {
            throw new MojoFailureException(
                    "migrate.message is empty: say what the merge joins, e.g. -Dmigrate.message=\"merge billing\"");
        }
        try (ProjectClasses classes = projectClasses()) {
            RevisionGraph graph = migrations(classes);
            if (graph.heads().size() < 2) {
                throw new MojoFailureException("Nothing to merge: the revision graph has "
                        + (graph.isEmpty()
                                ? "no revisions"
                                : "one head, " + graph.heads().get(0)) + ". mvn migrate:heads lists the heads.");
            }
            // the merged schema must replay: branches that touch the same table or column conflict
            graph.replayAll();
            write(
                    GeneratedMigration.merge(stamp(), message.trim(), graph),
                    "merges " + String.join(", ", graph.heads()));
        }
    }
}

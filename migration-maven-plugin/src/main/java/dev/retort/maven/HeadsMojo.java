package dev.retort.maven;

import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import java.io.IOException;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Prints the heads of the revision graph: the revisions no other one builds on. Two branches that
 * each added a migration leave two heads, which {@code merge} joins. Reads only the compiled
 * migrations; needs no database.
 */
@Mojo(name = "heads", requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public class HeadsMojo extends AbstractRetortMojo {

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException, IOException {
        announceOffline("heads reads the compiled migrations only");
        try (ProjectClasses classes = projectClasses()) {
            RevisionGraph graph = migrations(classes);
            List<String> heads = graph.heads();
            if (heads.isEmpty()) {
                getLog().info("No migrations in package " + migrationPackage + " yet: run mvn migrate:generate");
                return;
            }
            getLog().info(heads.size() == 1 ? "Head:" : heads.size() + " heads:");
            for (String id : heads) {
                RevisionInfo r = graph.get(id);
                getLog().info("  " + id + " \"" + r.message() + "\" (" + r.className() + ")");
            }
            if (heads.size() > 1) {
                getLog().warn("Several heads: migrate:upgrade to head and migrate:generate refuse until you join them "
                        + "with mvn migrate:merge (or upgrade with -Dmigrate.target=heads).");
            }
        }
    }
}

package dev.retort.maven;

import dev.retort.core.history.RevisionGraph;
import dev.retort.core.runner.MigrationRunner;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Execute;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Applies migrations up to a target (the head by default). Compiles the project first, so it
 * works from a clean checkout.
 */
@Mojo(name = "upgrade", requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
@Execute(phase = LifecyclePhase.COMPILE)
public class UpgradeMojo extends AbstractRetortMojo {

    /** Where to go: {@code head} (default), {@code heads}, a revision id or unique prefix, or {@code +N}. */
    @Parameter(property = "migrate.target", defaultValue = "head")
    private String target;

    /**
     * Runs steps that destroy data even when the migration source does not acknowledge them.
     * For local databases you can rebuild; never lifts the gate in CI by accident since it is off by default.
     */
    @Parameter(property = "migrate.allowDataLoss", defaultValue = "false")
    private boolean allowDataLoss;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException, SQLException, IOException {
        try (Database db = connect(); ProjectClasses classes = projectClasses()) {
            RevisionGraph graph = migrations(classes);
            MigrationRunner runner = new MigrationRunner(db.connection(), db.dialect(), graph, runLog(), allowDataLoss,
                    Duration.ofSeconds(lockWaitSeconds), safetyPolicy(), ddlPolicy());
            List<String> applied = runner.upgrade(target);
            if (!applied.isEmpty()) {
                getLog().info("Upgraded: " + applied.size() + " revision" + (applied.size() == 1 ? "" : "s")
                        + " applied; the database is at " + applied.get(applied.size() - 1) + ".");
            }
        }
    }
}

package dev.retort.maven;

import dev.retort.core.errors.Action;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.tenants.TenantFanOut;
import java.io.IOException;
import java.sql.SQLException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Applies migrations up to a target (the head by default). Compiles the project first, so it
 * works from a clean checkout.
 */
@Mojo(name = "upgrade", requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public class UpgradeMojo extends AbstractRetortMojo {

    /**
     * Where to go: {@code head} (default; refuses when there are several heads), {@code heads} (every
     * branch), a revision id or unique prefix, {@code +N} (the next N revisions), or
     * {@code <rev>+N}/{@code <rev>-N} (the revision N above or below {@code rev}).
     */
    @Parameter(property = "migrate.target", defaultValue = "head")
    private String target;

    /**
     * Runs steps that destroy data even when the migration source does not acknowledge them.
     * For local databases you can rebuild; never lifts the gate in CI by accident since it is off by default.
     */
    @Parameter(property = "migrate.allowDataLoss", defaultValue = "false")
    private boolean allowDataLoss;

    @Override
    protected boolean opensBesideLoading() {
        return true;
    }

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException, SQLException, IOException {
        try (Loaded loaded = connectAndLoad()) {
            Database db = loaded.db();
            RevisionGraph graph = loaded.graph();
            eachDatabase(
                    db,
                    Action.UPGRADE,
                    (d, log) -> TenantFanOut.result(
                            "upgraded", runner(d, graph, allowDataLoss, log).upgrade(target)));
        }
    }
}

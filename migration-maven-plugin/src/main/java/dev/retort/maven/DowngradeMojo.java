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
 * Reverts migrations by running their {@code downgrade} methods, newest first. Compiles the project
 * first, so it works from a clean checkout.
 */
@Mojo(name = "downgrade", requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public class DowngradeMojo extends AbstractRetortMojo {

    /**
     * Where to go, required so nothing is reverted by accident: {@code -1} (the last revision),
     * {@code -N}, {@code base} (everything), or a revision that stays applied: an id, a unique
     * prefix, or {@code <rev>-N}/{@code <rev>+N} (N below or above {@code rev}).
     */
    @Parameter(property = "migrate.target")
    private String target;

    /** Runs downgrade steps that destroy data even when the migration source does not acknowledge them. */
    @Parameter(property = "migrate.allowDataLoss", defaultValue = "false")
    private boolean allowDataLoss;

    @Override
    protected boolean opensBesideLoading() {
        return true;
    }

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException, SQLException, IOException {
        if (target == null || target.isBlank()) {
            throw new MojoFailureException(
                    "migrate.target is required for downgrade: -Dmigrate.target=-1 reverts the last "
                            + "revision, -Dmigrate.target=base reverts all, -Dmigrate.target=<revision> reverts down to it");
        }
        try (Loaded loaded = connectAndLoad()) {
            Database db = loaded.db();
            RevisionGraph graph = loaded.graph();
            eachDatabase(
                    db,
                    Action.DOWNGRADE,
                    (d, log) -> TenantFanOut.result(
                            "downgraded", runner(d, graph, allowDataLoss, log).downgrade(target)));
        }
    }
}

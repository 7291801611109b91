package dev.retort.maven;

import dev.retort.core.errors.Action;
import dev.retort.core.history.RevisionGraph;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Records a revision and its ancestors as applied without running anything. Use it to adopt a
 * database that already has the schema (stamp the migration that describes it, then upgrade), or
 * to accept a migration that was edited after it was applied (re-stamp the current revision).
 * Revisions above the target stop being recorded; nothing is reverted.
 */
@Mojo(name = "stamp", requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public class StampMojo extends AbstractRetortMojo {

    /**
     * The revision the database's schema is at, required so nothing is recorded by accident: a
     * revision id or unique prefix, {@code <rev>+N}/{@code <rev>-N}, {@code head}, {@code heads} or
     * {@code base} (records nothing).
     */
    @Parameter(property = "migrate.target")
    private String target;

    /**
     * Deletes every row of {@code retort_history} before stamping: for a history that names
     * revisions no migration class has any more, or to start the record over.
     */
    @Parameter(property = "migrate.purge", defaultValue = "false")
    private boolean purge;

    @Override
    protected boolean opensBesideLoading() {
        return true;
    }

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException, SQLException, IOException {
        if (target == null || target.isBlank()) {
            throw new MojoFailureException("migrate.target is required for stamp: the revision the schema is at, e.g. "
                    + "-Dmigrate.target=<revision>, head, or base");
        }
        try (Loaded loaded = connectAndLoad()) {
            Database db = loaded.db();
            RevisionGraph graph = loaded.graph();
            eachDatabase(db, Action.STAMP, (d, log) -> {
                List<String> stamped = runner(d, graph, false, log).stamp(target, purge);
                return stamped.isEmpty()
                        ? "nothing newly recorded"
                        : "stamped: " + Messages.count(stamped.size(), "revision");
            });
        }
    }
}

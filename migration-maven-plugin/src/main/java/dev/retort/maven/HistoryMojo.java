package dev.retort.maven;

import dev.retort.core.history.HistoryGraph;
import dev.retort.core.history.HistoryRow;
import dev.retort.core.history.RevisionGraph;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Draws the revision graph newest first, with branches and merge points, the head(s), the
 * revision(s) the database is at, and for each revision whether and when it was applied.
 */
@Mojo(name = "history", requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public class HistoryMojo extends AbstractRetortMojo {

    /** Draws the graph from the compiled migrations alone, without opening any database. */
    @Parameter(property = "migrate.offline", defaultValue = "false")
    private boolean offline;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException, SQLException, IOException {
        Map<String, HistoryRow> rows = null;
        try (ProjectClasses classes = projectClasses()) {
            RevisionGraph graph = migrations(classes);
            if (offline) {
                announceOffline("migrate.offline is set; no revision is marked applied");
            } else {
                try (Database db = connect()) {
                    if (new TenantGoals(this, connectionSettings()).settings().isSet()) {
                        perTenant(db, graph);
                        return;
                    }
                    rows = runner(db, graph, false).recorded().stream()
                            .collect(Collectors.toMap(HistoryRow::revision, Function.identity()));
                }
            }
            if (graph.isEmpty()) {
                getLog().info("No migrations in package " + migrationPackage + " yet: run mvn migrate:generate");
                return;
            }
            getLog().info("History (newest first):");
            HistoryGraph.render(graph, rows, MavenWording.INSTANCE).forEach(line -> getLog().info("  " + line));
        }
    }

    /** The graph drawn once per tenant, each line prefixed with the tenant's name. */
    private void perTenant(Database db, RevisionGraph graph) throws MojoFailureException, SQLException {
        if (graph.isEmpty()) {
            getLog().info("No migrations in package " + migrationPackage + " yet: run mvn migrate:generate");
            return;
        }
        eachDatabase(db, null, (d, log) -> {
            Map<String, HistoryRow> rows = runner(d, graph, false, log).recorded().stream()
                    .collect(Collectors.toMap(HistoryRow::revision, Function.identity()));
            log.info("History (newest first):");
            HistoryGraph.render(graph, rows, MavenWording.INSTANCE).forEach(line -> log.info("  " + line));
            return "ok";
        });
    }
}

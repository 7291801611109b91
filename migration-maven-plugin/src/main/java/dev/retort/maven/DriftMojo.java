package dev.retort.maven;

import dev.retort.core.history.HistoryRow;
import dev.retort.core.history.HistoryTable;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.introspect.Drift;
import dev.retort.core.introspect.DriftDetector;
import dev.retort.core.introspect.SchemaReader;
import dev.retort.core.model.Schema;
import dev.retort.core.runner.SquashedHistory;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Compares the live database with the schema its recorded revisions build (replayed from the
 * migrations, not the head) and fails when someone changed the database outside the migrations:
 * a missing or extra table, column, index or constraint, a type or nullability that differs.
 * Retort's own {@code retort_*} tables are ignored. Run it in CI against each environment before
 * a release.
 */
@Mojo(name = "drift", requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public class DriftMojo extends AbstractRetortMojo {

    @Override
    protected boolean opensBesideLoading() {
        return true;
    }

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException, SQLException, IOException {
        try (Loaded loaded = connectAndLoad()) {
            Database db = loaded.db();
            RevisionGraph graph = loaded.graph();
            boolean tenants =
                    new TenantGoals(this, connectionSettings()).settings().isSet();
            eachDatabase(db, null, (d, log) -> {
                HistoryTable history = new HistoryTable(d.connection(), d.dialect());
                // a history from before a squash is read as the baseline it maps onto
                List<HistoryRow> rows = history.exists() ? SquashedHistory.view(graph, history.rows()) : List.of();
                Schema expected = DriftDetector.expected(graph, rows);
                List<Drift> drift = DriftDetector.compare(
                        expected, new SchemaReader(d.connection(), d.dialect()).read(expected), d.dialect());
                long applied = rows.stream().filter(HistoryRow::applied).count();
                String at = applied + " applied revision" + (applied == 1 ? "" : "s")
                        + (rows.stream().anyMatch(r -> !r.applied())
                                ? " and the committed steps of an unfinished one"
                                : "");
                if (drift.isEmpty()) {
                    log.info("No drift: the database has exactly the "
                            + expected.tables().size() + " table"
                            + (expected.tables().size() == 1 ? "" : "s") + " its " + at + " build.");
                    return "no drift";
                }
                java.util.function.Consumer<String> error = tenants ? log::warn : getLog()::error;
                error.accept("Drift: the database differs from the schema its " + at + " build:");
                drift.forEach(x -> error.accept("  " + x));
                throw new MojoFailureException(drift.size() + " difference" + (drift.size() == 1 ? "" : "s")
                        + " between the database and its migrations (listed above). Put intended changes into a"
                        + " migration (mvn migrate:generate) or undo the hand changes; never edit an applied"
                        + " migration.");
            });
        }
    }
}

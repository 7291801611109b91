package dev.retort.maven;

import dev.retort.core.dialect.Dialect;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.offline.OfflineCheck;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * For CI, without a database: fails when the entity model has changes no migration captures, when
 * the revision graph has several heads, when a step that destroys data is not acknowledged, or
 * when a step cannot be written for the dialect. Lists every finding with what to run to fix it.
 * With {@code migrate.tenants}, it then reads each tenant (changing nothing) and reports what an
 * upgrade would meet there.
 */
@Mojo(name = "check", requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public class CheckMojo extends AbstractOfflineMojo {

    /**
     * Reports unacknowledged destructive steps as warnings instead of failing, as it lets upgrade
     * run them: for local loops only, never in CI.
     */
    @Parameter(property = "migrate.allowDataLoss", defaultValue = "false")
    private boolean allowDataLoss;

    /**
     * Per tenant, what an upgrade would meet there, read without the lock and without writing: the
     * journal against the migrations (edited or unknown revisions, a run left half-done) and the
     * gates of the plan from where the tenant stands. The offline verdict above holds for all.
     */
    private void checkTenants(RevisionGraph graph) throws MojoExecutionException, MojoFailureException, SQLException {
        try (Database db = connect()) {
            eachDatabase(db, null, (d, log) -> {
                List<String> pending = runner(d, graph, allowDataLoss, log).check("head");
                return pending.isEmpty()
                        ? "up to date"
                        : "upgrade would apply " + Messages.count(pending.size(), "revision");
            });
        }
    }

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException, SQLException, IOException {
        Dialect d = offlineDialect();
        boolean tenants = new TenantGoals(this, null).settings().isSet();
        try (ProjectClasses classes = projectClasses()) {
            checkNaming(classes);
            RevisionGraph graph = migrations(classes);
            OfflineCheck.Report report = OfflineCheck.run(graph, classes.model(), d, allowDataLoss, safetyPolicy());
            report.warnings().forEach(w -> getLog().warn(w));
            if (!report.passed()) {
                throw new MojoFailureException("migrate:check found "
                        + Messages.count(report.failures().size(), "problem") + ":\n"
                        + Messages.numbered(report.failures().stream()
                                .map(f -> f.problem() + "\nFix: " + MavenWording.render(f.fix()))
                                .toList()));
            }
            getLog().info("Check passed: " + Messages.count(graph.ordered().size(), "revision")
                    + (graph.isEmpty() ? "" : " up to " + graph.head())
                    + " build the entity model, every step that destroys data is "
                    + "acknowledged, no safety rule for " + d.name()
                    + " refuses a step, and every step has SQL for it."
                    + graph.baselines().stream()
                            .map(b -> " Squash baseline " + b.id() + " builds the schema of "
                                    + b.baseline().through() + " it replaces.")
                            .collect(java.util.stream.Collectors.joining()));
            if (tenants) {
                checkTenants(graph);
            }
        }
    }
}

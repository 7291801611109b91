package dev.retort.maven;

import dev.retort.core.history.HistoryRow;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.runner.MigrationRunner;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Execute;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Lists the revisions, newest first, with the head and the database's current revision marked
 * and, for applied ones, when and by whom.
 */
@Mojo(name = "history", requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
@Execute(phase = LifecyclePhase.COMPILE)
public class HistoryMojo extends AbstractRetortMojo {

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException, SQLException, IOException {
        try (Database db = connect(); ProjectClasses classes = projectClasses()) {
            RevisionGraph graph = migrations(classes);
            List<HistoryRow> recorded = new MigrationRunner(db.connection(), db.dialect(), graph, runLog(), false,
                    Duration.ofSeconds(lockWaitSeconds)).recorded();
            Map<String, HistoryRow> rows = recorded.stream().collect(Collectors.toMap(HistoryRow::revision, Function.identity()));
            if (graph.isEmpty()) {
                getLog().info("No migrations in package " + migrationPackage + " yet: run mvn migrate:generate");
                return;
            }
            List<String> heads = graph.heads();
            List<RevisionInfo> applied = graph.ordered().stream()
                    .filter(r -> rows.containsKey(r.id()) && rows.get(r.id()).applied()).toList();
            String current = applied.isEmpty() ? null : applied.get(applied.size() - 1).id();
            List<RevisionInfo> newestFirst = new ArrayList<>(graph.ordered());
            java.util.Collections.reverse(newestFirst);
            getLog().info("History (newest first; * = applied):");
            for (RevisionInfo r : newestFirst) {
                HistoryRow row = rows.get(r.id());
                List<String> marks = new ArrayList<>();
                if (heads.contains(r.id())) {
                    marks.add("head");
                }
                if (r.id().equals(current)) {
                    marks.add("current");
                }
                String state = row == null ? "pending"
                        : row.applied() ? "applied " + row.appliedAt() + (row.appliedBy() == null ? "" : " by " + row.appliedBy())
                        : row.state() + " at step " + row.stepsDone() + " of " + row.stepsTotal();
                getLog().info(String.format("%s %s  %-40s %s%s", row != null && row.applied() ? "*" : " ", r.id(),
                        "\"" + r.message() + "\"", state, marks.isEmpty() ? "" : "  (" + String.join(", ", marks) + ")"));
                getLog().info("  |  parents: " + (r.parents().isEmpty() ? "<base>" : String.join(", ", r.parents()))
                        + "  " + r.className());
            }
            getLog().info("  <base>" + (current == null ? "  (current)" : ""));
        }
    }
}

package dev.retort.maven;

import dev.retort.core.history.HistoryRow;
import dev.retort.core.history.HistoryTable;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Prints the revision(s) the database is at, read from its history table. Needs no compile.
 */
@Mojo(name = "current", threadSafe = true)
public class CurrentMojo extends AbstractRetortMojo {

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException, SQLException, IOException {
        try (Database db = connect()) {
            eachDatabase(db, null, (d, log) -> {
                HistoryTable history = new HistoryTable(d.connection(), d.dialect());
                List<HistoryRow> rows = history.exists() ? history.rows() : List.of();
                if (rows.isEmpty()) {
                    log.info("Current revision: base (no migration applied)");
                    return "at base";
                }
                java.util.Set<String> parents = new java.util.HashSet<>();
                rows.stream().filter(HistoryRow::applied).forEach(r -> parents.addAll(r.parents()));
                String result = "ok";
                for (HistoryRow r : rows) {
                    if (r.reverting()) {
                        result = "a downgrade stopped half-way";
                        log.warn("Revision " + r.revision() + " \"" + r.message()
                                + "\" is reverting: a downgrade stopped after step "
                                + r.stepsReverted() + " of "
                                + r.revertChecksums().size()
                                + ": run mvn migrate:downgrade -Dmigrate.target=-1 "
                                + "to resume it");
                    } else if (!r.applied()) {
                        result = "an upgrade stopped half-way";
                        log.warn("Revision " + r.revision() + " \"" + r.message() + "\" is " + r.state() + " at step "
                                + r.stepsDone() + " of " + r.stepsTotal()
                                + ": run mvn migrate:upgrade to resume it, or "
                                + "mvn migrate:downgrade -Dmigrate.target=-1 to undo its completed steps");
                    } else if (!parents.contains(r.revision())) {
                        log.info("Current revision: " + r.revision() + " \"" + r.message() + "\" (applied "
                                + r.appliedAt() + (r.appliedBy() == null ? "" : " by " + r.appliedBy()) + ")");
                    }
                }
                return result;
            });
        }
    }
}

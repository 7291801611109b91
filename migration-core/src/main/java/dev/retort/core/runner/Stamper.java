package dev.retort.core.runner;

import dev.retort.core.history.HistoryRow;
import dev.retort.core.history.HistoryTable;
import dev.retort.core.history.RevisionInfo;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Writes a {@link Planner.StampPlan} to {@code retort_history}: rows only, nothing runs on the schema. */
final class Stamper {

    private final java.sql.Connection connection;

    private final HistoryTable history;
    private final Planner planner;
    private final RunLog log;

    Stamper(java.sql.Connection connection, HistoryTable history, Planner planner, RunLog log) {
        this.connection = connection;
        this.history = history;
        this.planner = planner;
        this.log = log;
    }

    /**
     * Purges the rows if asked, plans against what is left, and writes the plan; the caller runs it
     * in one transaction.
     *
     * @return the ids newly recorded as applied, in order
     */
    List<String> stamp(String target, List<String> tips, boolean purge) throws SQLException {
        if (purge) {
            int n = history.deleteAll();
            log.info("Purged " + HistoryTable.NAME + ": " + n + " row" + (n == 1 ? "" : "s") + " removed.");
        }
        Planner.StampPlan plan = planner.stamp(target, tips, history.rows());
        for (String id : plan.remove()) {
            history.delete(id);
            Backfiller.clearProgress(connection, id);
        }
        if (!plan.remove().isEmpty()) {
            log.info("No longer recorded (nothing was reverted; their changes stay in the schema): " + plan.remove());
        }
        List<String> recorded = new ArrayList<>();
        for (Planner.Stamped c : plan.changes()) {
            RevisionInfo r = c.revision();
            HistoryRow row = c.recorded();
            if (c.checksumOnly()) {
                history.updateChecksum(r.id(), r.checksum());
                log.info("Re-recorded the checksum of " + r.id() + " (" + r.className() + "): the migration was edited "
                        + "after it was applied; the database keeps what the earlier version did.");
                continue;
            }
            if (row != null) {
                log.warn("Revision " + r.id() + " was " + row.state() + " at step " + row.stepsDone() + " of "
                        + row.stepsTotal() + "; stamped as applied: steps " + (row.stepsDone() + 1) + "-"
                        + row.stepsTotal() + " must already be in the schema, Retort will not run them.");
            }
            history.stamp(r, row != null);
            Backfiller.clearProgress(connection, r.id());
            recorded.add(r.id());
        }
        log.info("Stamped "
                + (recorded.isEmpty()
                        ? "nothing new"
                        : recorded.size() + " revision" + (recorded.size() == 1 ? "" : "s")
                                + " as applied without running them")
                + "; the database is recorded at "
                + planner.describe(Planner.appliedIds(history.rows())) + ".");
        return recorded;
    }
}

package dev.retort.core.runner;

import dev.retort.core.errors.Action;
import dev.retort.core.errors.Hint;
import dev.retort.core.errors.Setting;
import dev.retort.core.errors.Text;
import dev.retort.core.history.HistoryRow;
import dev.retort.core.history.HistoryTable;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Maps a history recorded before {@code migrate:squash} onto the squash baseline. A database whose
 * rows record the baseline's {@code through} revision has everything the baseline builds: on first
 * contact (the first upgrade, downgrade or stamp under the lock) its rows of the replaced
 * revisions are replaced by one stamped row for the baseline, in one transaction, and nothing
 * runs. Read-only views ({@code history}, status) see the same mapping without writing it. A
 * database that recorded only part of the replaced revisions is refused with the way forward.
 */
public final class SquashedHistory {

    /**
     * A baseline to record in place of the rows of the revisions it replaces.
     *
     * @param through  the row of the last replaced revision, applied
     * @param replaced every row of a replaced revision
     */
    public record Adoption(RevisionInfo baseline, HistoryRow through, List<HistoryRow> replaced) {}

    private SquashedHistory() {}

    /**
     * The baselines to record in place of replaced rows; empty when the history needs no mapping.
     *
     * @throws SquashedHistoryException when the rows record only part of what a baseline replaces
     */
    public static List<Adoption> adoptions(RevisionGraph graph, Collection<HistoryRow> rows) {
        Scan scan = scan(graph, rows);
        if (!scan.partial().isEmpty()) {
            throw scan.partial().get(0);
        }
        return scan.adoptions();
    }

    /**
     * The rows as the graph sees them: the replaced rows of a database that reached a baseline's
     * {@code through} shown as one stamped row for the baseline. Rows of a partial history stay as
     * they are (an upgrade refuses them with {@link #adoptions}).
     */
    public static List<HistoryRow> view(RevisionGraph graph, List<HistoryRow> rows) {
        List<Adoption> found = scan(graph, rows).adoptions();
        if (found.isEmpty()) {
            return rows;
        }
        List<HistoryRow> out = new ArrayList<>(rows);
        for (Adoption a : found) {
            int at = out.indexOf(a.replaced().get(0));
            out.removeAll(a.replaced());
            RevisionInfo b = a.baseline();
            out.add(
                    Math.min(at, out.size()),
                    new HistoryRow(
                            b.id(),
                            b.parents(),
                            b.message(),
                            b.checksum(),
                            a.through().appliedBy(),
                            a.through().appliedAt(),
                            HistoryRow.STAMPED_DURATION,
                            HistoryRow.APPLIED,
                            b.upgrade().size(),
                            b.upgrade().size(),
                            b.stepChecksums(),
                            0,
                            List.of()));
            for (int i = 0; i < out.size(); i++) {
                HistoryRow r = out.get(i);
                List<String> parents = reParented(r, a);
                if (parents != null) {
                    out.set(
                            i,
                            new HistoryRow(
                                    r.revision(),
                                    parents,
                                    r.message(),
                                    r.checksum(),
                                    r.appliedBy(),
                                    r.appliedAt(),
                                    r.durationMs(),
                                    r.state(),
                                    r.stepsDone(),
                                    r.stepsTotal(),
                                    r.stepChecksums(),
                                    r.stepsReverted(),
                                    r.revertChecksums()));
                }
            }
        }
        return out;
    }

    /**
     * The recorded parents of a row the squash kept, with the revisions the baseline replaces
     * replaced by the baseline (as {@code migrate:squash} edited its {@code @Revision(parents)});
     * null when the row names none of them.
     */
    private static List<String> reParented(HistoryRow row, Adoption a) {
        Set<String> replaces = new HashSet<>(a.baseline().baseline().replaces());
        if (replaces.contains(row.revision()) || row.parents().stream().noneMatch(replaces::contains)) {
            return null;
        }
        Set<String> parents = new LinkedHashSet<>();
        row.parents()
                .forEach(p -> parents.add(replaces.contains(p) ? a.baseline().id() : p));
        return List.copyOf(parents);
    }

    /**
     * Writes the adoptions: a stamped row for each baseline, the replaced rows deleted, and the rows
     * built on a replaced revision recorded as built on the baseline. The caller holds a transaction.
     */
    static void record(HistoryTable history, List<Adoption> adoptions, List<HistoryRow> rows, RunLog log)
            throws SQLException {
        for (Adoption a : adoptions) {
            RevisionInfo b = a.baseline();
            history.stamp(b, false);
            for (HistoryRow row : a.replaced()) {
                history.delete(row.revision());
            }
            for (HistoryRow row : rows) {
                List<String> parents = reParented(row, a);
                if (parents != null) {
                    history.updateParents(row.revision(), parents);
                }
            }
            log.info("Squash baseline " + b.id() + " (" + b.className() + ") recorded as applied in place of "
                    + a.replaced().size() + " revision" + (a.replaced().size() == 1 ? "" : "s")
                    + " it replaces (this database reached " + a.through().revision() + " on "
                    + a.through().appliedAt() + "); nothing was run.");
        }
    }

    /** Per baseline with replaced rows and no row of its own: an adoption, or the refusal of a partial history. */
    private record Scan(List<Adoption> adoptions, List<SquashedHistoryException> partial) {}

    private static Scan scan(RevisionGraph graph, Collection<HistoryRow> rows) {
        List<RevisionInfo> baselines = graph.baselines();
        if (baselines.isEmpty() || rows.isEmpty()) {
            return new Scan(List.of(), List.of());
        }
        List<Adoption> adoptions = new ArrayList<>();
        List<SquashedHistoryException> partial = new ArrayList<>();
        for (RevisionInfo b : baselines) {
            Set<String> replaces = new HashSet<>(b.baseline().replaces());
            List<HistoryRow> replaced =
                    rows.stream().filter(r -> replaces.contains(r.revision())).toList();
            if (replaced.isEmpty() || rows.stream().anyMatch(r -> r.revision().equals(b.id()))) {
                continue;
            }
            HistoryRow through = replaced.stream()
                    .filter(r -> r.revision().equals(b.baseline().through()))
                    .findFirst()
                    .orElse(null);
            if (through != null && through.applied()) {
                adoptions.add(new Adoption(b, through, replaced));
            } else {
                partial.add(partial(b, replaced));
            }
        }
        return new Scan(adoptions, partial);
    }

    private static SquashedHistoryException partial(RevisionInfo b, List<HistoryRow> replaced) {
        String through = b.baseline().through();
        Set<String> below = new HashSet<>();
        replaced.stream().filter(HistoryRow::applied).forEach(r -> below.addAll(r.parents()));
        List<String> tips = replaced.stream()
                .filter(r -> r.applied() && !below.contains(r.revision()))
                .map(HistoryRow::revision)
                .toList();
        List<String> unfinished = replaced.stream()
                .filter(r -> !r.applied())
                .map(r -> r.revision() + " (" + r.state() + ")")
                .toList();
        String at = tips.isEmpty() ? "base" : tips.size() == 1 ? tips.get(0) : tips.toString();
        long applied = replaced.stream().filter(HistoryRow::applied).count();
        // the first line stands alone (a tenant's line in the fan-out summary): where, what it lacks, nothing ran
        Text text = Text.of(
                "This database is at " + at + ", short of " + through + ", the last revision squash baseline "
                        + b.id() + " folds in; nothing was run.\n"
                        + "  It has applied " + applied + " of the "
                        + b.baseline().replaces().size()
                        + " revisions that the squash baseline " + b.id() + " (" + b.className()
                        + ") replaces, but not " + through
                        + (unfinished.isEmpty() ? "" : ", with " + String.join(", ", unfinished) + " unfinished")
                        + ". The baseline can stand in only for a history that reached " + through
                        + " (it cannot tell which of its steps this database lacks).\n"
                        + "  Either bring this database to " + through
                        + " with the build from before the squash (it still has those revision classes): ",
                Hint.run(Action.UPGRADE, Setting.TARGET, through),
                " there, then run this build again;\n"
                        + "  or squash only what every environment has passed: undo this squash (revert the commit "
                        + "that made it) and squash again up to this database's revision, keeping the ones it lacks: ",
                Hint.run(Action.SQUASH, Setting.TARGET, tips.size() == 1 ? tips.get(0) : "<revision>"),
                ".");
        return new SquashedHistoryException(b.id(), through, tips, text);
    }
}

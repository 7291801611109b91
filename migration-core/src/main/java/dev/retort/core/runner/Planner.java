package dev.retort.core.runner;

import dev.retort.core.diff.SchemaDiffer;
import dev.retort.core.errors.Action;
import dev.retort.core.errors.Hint;
import dev.retort.core.errors.Setting;
import dev.retort.core.errors.Text;
import dev.retort.core.history.GraphException;
import dev.retort.core.history.HistoryRow;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.model.Schema;
import dev.retort.core.ops.Operation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides what a run does, from the revision graph and the history rows alone: no connection, no
 * SQL. Upgrade plans (including resuming a revision an earlier run left half-applied), downgrade
 * plans (including undoing exactly the completed steps of such a revision) and stamp plans are
 * values that {@link Preflight} checks and {@link Applier} or {@link Stamper} carry out.
 */
public final class Planner {

    private final RevisionGraph graph;

    public Planner(RevisionGraph graph) {
        this.graph = graph;
    }

    /**
     * One revision to apply or revert.
     *
     * @param steps    the operations of this direction: the upgrade's, the downgrade's, or the undo of completed steps
     * @param from     the first step to run (0-based): steps before it were committed by an earlier run (of an
     *                 upgrade, or of a downgrade the journal records as {@link HistoryRow#REVERTING})
     * @param recorded what {@code retort_history} records for it; null when nothing
     */
    public record Step(RevisionInfo revision, List<Operation> steps, int from, HistoryRow recorded) {

        public Step {
            steps = List.copyOf(steps);
        }

        public String id() {
            return revision.id();
        }

        /** True when an earlier run was in the middle of this revision's upgrade when it stopped. */
        public boolean interrupted() {
            return recorded != null && HistoryRow.RUNNING.equals(recorded.state());
        }

        /** True when the steps undo a half-applied upgrade rather than run the revision's downgrade. */
        public boolean undoesHalfApplied() {
            return recorded != null
                    && !recorded.applied()
                    && !(recorded.reverting() && recorded.stepsDone() >= recorded.stepsTotal());
        }
    }

    /**
     * Revisions in the order they run.
     *
     * @param applied what is applied before the plan runs
     */
    public record Plan(List<Step> steps, Set<String> applied) {

        public Plan {
            steps = List.copyOf(steps);
            applied = Set.copyOf(applied);
        }

        public boolean isEmpty() {
            return steps.isEmpty();
        }

        public List<String> ids() {
            return steps.stream().map(Step::id).toList();
        }
    }

    /**
     * What a stamp changes in {@code retort_history}.
     *
     * @param remove  rows to delete: revisions above the target (nothing is reverted)
     * @param changes the target's lineage in graph order: revisions to record as applied, and applied
     *                ones whose recorded checksum is replaced by the current one
     */
    public record StampPlan(List<String> remove, List<Stamped> changes) {

        public List<String> recorded() {
            return changes.stream()
                    .filter(c -> !c.checksumOnly())
                    .map(c -> c.revision().id())
                    .toList();
        }
    }

    /**
     * One revision a stamp writes.
     *
     * @param recorded     the row it replaces (a half-applied revision, or an edited applied one); null when none
     * @param checksumOnly true when the revision stays applied and only its checksum is re-recorded
     */
    public record Stamped(RevisionInfo revision, HistoryRow recorded, boolean checksumOnly) {}

    /** Rows by revision id, in the order given. */
    public static Map<String, HistoryRow> byId(Collection<HistoryRow> rows) {
        Map<String, HistoryRow> map = new LinkedHashMap<>();
        rows.forEach(r -> map.put(r.revision(), r));
        return map;
    }

    public static Set<String> appliedIds(Collection<HistoryRow> rows) {
        return rows.stream()
                .filter(HistoryRow::applied)
                .map(HistoryRow::revision)
                .collect(Collectors.toSet());
    }

    /**
     * The revisions needed to reach {@code target}: {@code head}, {@code heads}, a revision id or
     * unique prefix, {@code +N} (the next N revisions), or {@code <rev>+N}/{@code <rev>-N}. A
     * revision an earlier run left half-applied resumes after its last completed step.
     *
     * @throws MigrationException when a half-applied revision is not on the way to the target
     */
    public Plan upgrade(String target, Collection<HistoryRow> history) {
        Map<String, HistoryRow> rows = byId(history);
        Set<String> applied = appliedIds(history);
        List<RevisionInfo> revisions = upgradeRevisions(target, applied);
        List<Step> steps = new ArrayList<>();
        for (RevisionInfo r : revisions) {
            HistoryRow row = rows.get(r.id());
            if (row != null && row.reverting()) {
                throw new MigrationException(
                        Text.of(
                                "revision " + r.id() + " is half-reverted: a downgrade stopped after "
                                        + row.stepsReverted() + " of its "
                                        + row.revertChecksums().size() + " steps, so its upgrade cannot run over it. "
                                        + "Finish the downgrade first with ",
                                Hint.run(Action.DOWNGRADE, Setting.TARGET, "-1"),
                                " (it resumes at step " + (row.stepsReverted() + 1) + "), then upgrade."),
                        null);
            }
            steps.add(new Step(r, r.upgrade(), row == null ? 0 : row.stepsDone(), row));
        }
        if (!steps.isEmpty()) {
            rows.values().stream()
                    .filter(row -> !row.applied() && revisions.stream().noneMatch(r -> r.id().equals(row.revision())))
                    .findFirst()
                    .ifPresent(row -> {
                        throw new MigrationException(
                                Text.of(
                                        "revision " + row.revision() + " is recorded as " + row.state() + " ("
                                                + row.stepsDone() + " of " + row.stepsTotal()
                                                + " steps) but is not on the way to '" + target
                                                + "'. Finish it with ",
                                        Hint.run(Action.UPGRADE),
                                        ", or undo its completed steps with ",
                                        Hint.run(Action.DOWNGRADE, Setting.TARGET, "-1"),
                                        "."),
                                null);
                    });
        }
        return new Plan(steps, applied);
    }

    private List<RevisionInfo> upgradeRevisions(String target, Set<String> applied) {
        List<String> targets;
        if (target == null || target.isBlank() || target.equals("head")) {
            String head = graph.head();
            targets = head == null ? List.of() : List.of(head);
        } else if (target.equals("heads")) {
            targets = graph.heads();
        } else if (target.matches("\\+\\d+")) {
            int n = Integer.parseInt(target.substring(1));
            return graph.ordered().stream()
                    .filter(r -> !applied.contains(r.id()))
                    .limit(n)
                    .toList();
        } else if (target.equals("base") || target.matches("-\\d+")) {
            throw new GraphException(
                    Text.of("'" + target + "' moves down; use ", Hint.run(Action.DOWNGRADE, Setting.TARGET, target)));
        } else {
            String id = graph.resolve(target);
            targets = id == null ? List.of() : List.of(id);
        }
        Set<String> wanted = new HashSet<>();
        targets.forEach(t -> graph.lineage(t).forEach(r -> wanted.add(r.id())));
        return graph.ordered().stream()
                .filter(r -> wanted.contains(r.id()) && !applied.contains(r.id()))
                .toList();
    }

    /**
     * The revisions to revert, newest first, down to {@code target}: {@code -N} (the last N),
     * {@code base} (all), or a revision id, prefix or {@code <rev>+N}/{@code <rev>-N} (which stays
     * applied). A revision whose upgrade stopped half-way is reverted by undoing exactly its
     * completed steps.
     */
    public Plan downgrade(String target, Collection<HistoryRow> history) {
        Map<String, HistoryRow> rows = byId(history);
        List<RevisionInfo> present =
                graph.ordered().stream().filter(r -> rows.containsKey(r.id())).toList();
        List<Step> steps = new ArrayList<>();
        for (RevisionInfo r : downgradeRevisions(target, present)) {
            HistoryRow row = rows.get(r.id());
            steps.add(new Step(r, revertSteps(r, row, history), row.reverting() ? row.stepsReverted() : 0, row));
        }
        return new Plan(steps, appliedIds(history));
    }

    private List<RevisionInfo> downgradeRevisions(String target, List<RevisionInfo> present) {
        List<RevisionInfo> undo;
        if (target == null || target.isBlank()) {
            throw new GraphException(Text.of(
                    "downgrade needs a target: ",
                    Hint.set(Setting.TARGET, "-1"),
                    " (the last revision), base (all) or a revision id"));
        } else if (target.matches("-\\d+")) {
            int n = Integer.parseInt(target.substring(1));
            undo = new ArrayList<>(present.subList(Math.max(0, present.size() - n), present.size()));
        } else if (target.matches("\\+\\d+") || target.equals("head") || target.equals("heads")) {
            throw new GraphException(
                    Text.of("'" + target + "' moves up; use ", Hint.run(Action.UPGRADE, Setting.TARGET, target)));
        } else {
            String keep = graph.resolve(target);
            if (keep == null) {
                undo = new ArrayList<>(present);
            } else {
                if (present.stream().noneMatch(r -> r.id().equals(keep))) {
                    throw new GraphException("revision " + keep
                            + " is not applied, so the database cannot go down to it; " + "the database is at "
                            + describe(present.stream().map(RevisionInfo::id).collect(Collectors.toSet())));
                }
                Set<String> lineage =
                        graph.lineage(keep).stream().map(RevisionInfo::id).collect(Collectors.toSet());
                undo = present.stream()
                        .filter(r -> !lineage.contains(r.id()))
                        .collect(Collectors.toCollection(ArrayList::new));
            }
        }
        Collections.reverse(undo);
        return undo;
    }

    /**
     * The steps that take the revision out: its downgrade when it is applied (or a downgrade of it
     * was under way), else the undo of its committed upgrade steps.
     */
    List<Operation> revertSteps(RevisionInfo r, HistoryRow row, Collection<HistoryRow> history) {
        boolean whole = row.applied() || (row.reverting() && row.stepsDone() >= row.stepsTotal());
        return whole ? r.downgrade() : undoCompletedSteps(r, row.stepsDone(), history);
    }

    /** The inverse of the first {@code done} upgrade steps, against the schema the revision started from. */
    private List<Operation> undoCompletedSteps(RevisionInfo r, int done, Collection<HistoryRow> history) {
        Set<String> before = new HashSet<>(appliedIds(history));
        before.retainAll(graph.lineage(r.id()).stream().map(RevisionInfo::id).collect(Collectors.toSet()));
        before.remove(r.id());
        Schema start = graph.replay(before);
        return SchemaDiffer.inverse(start, r.upgrade().subList(0, done));
    }

    /** The revisions {@code stamp} records: {@code target}'s tips ({@code head}, {@code heads}, a revision, or none for {@code base}). */
    public List<String> stampTargets(String target) {
        if (target == null || target.isBlank()) {
            throw new GraphException(Text.of(
                    "stamp needs a target: ",
                    Hint.set(Setting.TARGET, "<revision>"),
                    " (the revision the schema is at), head, heads or base"));
        }
        if (target.equals("head")) {
            String head = graph.head();
            return head == null ? List.of() : List.of(head);
        }
        if (target.equals("heads")) {
            return graph.heads();
        }
        if (target.matches("[+-]\\d+")) {
            throw new GraphException("stamp needs an absolute target, not '" + target + "': a revision id or prefix, "
                    + "<revision>+N, <revision>-N, head, heads or base");
        }
        String id = graph.resolve(target);
        return id == null ? List.of() : List.of(id);
    }

    /**
     * What stamping {@code tips} (from {@link #stampTargets}) changes: the tips and their ancestors
     * become applied, rows above them go, other branches keep theirs.
     *
     * @throws MigrationException when a row names a revision no migration class has
     */
    public StampPlan stamp(String target, List<String> tips, Collection<HistoryRow> history) {
        Map<String, HistoryRow> rows = byId(history);
        List<String> unknown =
                rows.keySet().stream().filter(id -> !graph.contains(id)).toList();
        if (!unknown.isEmpty()) {
            throw new MigrationException(
                    Text.of(
                            "retort_history records revision" + (unknown.size() == 1 ? " " : "s ")
                                    + unknown + " but no migration class has "
                                    + (unknown.size() == 1 ? "that id" : "those ids")
                                    + "; nothing was changed. To start the history over, stamp with ",
                            Hint.set(Setting.PURGE, "true"),
                            ": it clears retort_history first, then records " + target + " and its ancestors."),
                    null);
        }
        Set<String> keep = new HashSet<>();
        tips.forEach(t -> graph.lineage(t).forEach(r -> keep.add(r.id())));
        List<String> remove = new ArrayList<>();
        for (HistoryRow row : rows.values()) {
            boolean above = tips.isEmpty() || tips.stream().anyMatch(t -> graph.isAncestor(t, row.revision()));
            if (!keep.contains(row.revision()) && above) {
                remove.add(row.revision());
            }
        }
        List<Stamped> changes = new ArrayList<>();
        for (RevisionInfo r : graph.ordered()) {
            if (!keep.contains(r.id())) {
                continue;
            }
            HistoryRow row = rows.get(r.id());
            if (row == null || !row.applied()) {
                changes.add(new Stamped(r, row, false));
            } else if (!row.checksum().equals(r.checksum())) {
                changes.add(new Stamped(r, row, true));
            }
        }
        return new StampPlan(remove, changes);
    }

    /**
     * The schema the recorded revisions built: applied ones whole, a half-applied one up to its last
     * completed step, a half-reverted one up to its last reverted step.
     */
    public Schema currentSchema(Collection<HistoryRow> history) {
        Map<String, HistoryRow> rows = byId(history);
        Schema schema = graph.replay(appliedIds(history));
        for (RevisionInfo r : graph.ordered()) {
            HistoryRow row = rows.get(r.id());
            if (row != null && !row.applied()) {
                for (Operation op : r.upgrade()
                        .subList(0, Math.min(row.stepsDone(), r.upgrade().size()))) {
                    schema = op.applyTo(schema);
                }
                if (row.reverting()) {
                    List<Operation> revert = revertSteps(r, row, history);
                    for (Operation op : revert.subList(0, Math.min(row.stepsReverted(), revert.size()))) {
                        schema = op.applyTo(schema);
                    }
                }
            }
        }
        return schema;
    }

    /** {@code base}, {@code revision X} or {@code revisions [X, Y]}: where a database with these revisions applied is. */
    public String describe(Set<String> applied) {
        List<String> tips = graph.tips(applied);
        return tips.isEmpty() ? "base" : tips.size() == 1 ? "revision " + tips.get(0) : "revisions " + tips;
    }

    /** The applied tip above the edited revision: stamping it re-records the whole lineage, keeping everything applied. */
    String stampHint(Collection<HistoryRow> history, String edited) {
        Set<String> applied = new HashSet<>(appliedIds(history));
        applied.removeIf(id -> !graph.contains(id));
        return graph.tips(applied).stream()
                .filter(t -> graph.isAncestor(edited, t))
                .findFirst()
                .orElse(edited);
    }
}

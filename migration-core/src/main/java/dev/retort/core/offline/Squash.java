package dev.retort.core.offline;

import dev.retort.core.diff.Change;
import dev.retort.core.diff.Diff;
import dev.retort.core.diff.SchemaDiffer;
import dev.retort.core.errors.Action;
import dev.retort.core.errors.Hint;
import dev.retort.core.errors.Setting;
import dev.retort.core.errors.Text;
import dev.retort.core.history.GraphException;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.model.Schema;
import dev.retort.core.ops.BackfillColumn;
import dev.retort.core.ops.DropSequence;
import dev.retort.core.ops.DropTable;
import dev.retort.core.ops.Operation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code migrate:squash} folds and what it writes, without files: the revisions from base to
 * a target become one baseline whose upgrade builds, from an empty schema, exactly the schema the
 * originals build at the target (replayed, so hand edits count), and whose downgrade drops it all
 * behind the data-loss gate. The revisions after the target keep their ids and checksums; only
 * their parent reference moves to the baseline. Before anything is written, {@link #prove} replays
 * both graphs and requires the same schema at the target and at every head.
 */
public final class Squash {

    /**
     * A squash to make.
     *
     * @param through     the last revision folded in
     * @param folded      the revisions folded in, in graph order (an earlier baseline among them)
     * @param replaces    what the baseline stands in for: the folded ids and what earlier baselines replaced
     * @param schema      the schema at {@code through}
     * @param fingerprint {@link RevisionInfo.Squashed#fingerprint} of {@code schema}
     * @param upgrade     the baseline's upgrade: the schema built from empty
     * @param downgrade   the baseline's downgrade: everything dropped, not acknowledged
     * @param notes       what the squash leaves out on purpose (data steps a new database has no rows for)
     */
    public record Plan(
            String through,
            List<RevisionInfo> folded,
            List<String> replaces,
            Schema schema,
            String fingerprint,
            List<Change> upgrade,
            List<Operation> downgrade,
            List<String> notes) {

        /** The revisions that stay, each with its parents as they will be: folded parents become {@code baselineId}. */
        public List<RevisionInfo> kept(RevisionGraph graph, String baselineId) {
            Set<String> gone =
                    new HashSet<>(folded.stream().map(RevisionInfo::id).toList());
            List<RevisionInfo> out = new ArrayList<>();
            for (RevisionInfo r : graph.ordered()) {
                if (gone.contains(r.id())) {
                    continue;
                }
                Set<String> parents = new LinkedHashSet<>();
                r.parents().forEach(p -> parents.add(gone.contains(p) ? baselineId : p));
                out.add(parents.equals(new LinkedHashSet<>(r.parents())) ? r : r.withParents(List.copyOf(parents)));
            }
            return out;
        }
    }

    private Squash() {}

    /**
     * Plans folding base to {@code target} into one baseline.
     *
     * @throws GraphException when the target is not a single point every head passes through, or
     *                        the schema at it cannot be written as a migration
     */
    public static Plan plan(RevisionGraph graph, String target) {
        if (target == null || target.isBlank()) {
            throw new GraphException(Text.of(
                    "squash needs the last revision to fold into the baseline: ",
                    Hint.run(Action.SQUASH, Setting.TARGET, "<revision>"),
                    ". Choose one every environment's database has passed (",
                    Hint.run(Action.HISTORY),
                    " shows where a database is)."));
        }
        String named = target.strip();
        if (named.equals("head") || named.matches("head-\\d+")) {
            List<String> heads = graph.heads();
            if (heads.isEmpty()) {
                throw new GraphException("there are no migrations to squash");
            }
            if (heads.size() != 1) {
                throw new GraphException(Text.of(
                        "cannot squash through head: the graph has " + heads.size() + " heads " + heads
                                + ", so there is no single revision every branch passes through. Join them first (",
                        Hint.run(Action.MERGE),
                        "), or name the revision to squash through."));
            }
            named = heads.get(0) + named.substring("head".length());
        }
        String through = graph.resolve(named);
        if (through == null) {
            throw new GraphException("migrate.target=" + target + " names base: there is nothing to squash");
        }
        List<String> astray = graph.heads().stream()
                .filter(h -> !graph.isAncestor(through, h))
                .toList();
        if (!astray.isEmpty()) {
            throw new GraphException(Text.of(
                    "cannot squash through " + through + ": head" + (astray.size() == 1 ? " " : "s ") + astray
                            + (astray.size() == 1 ? " does" : " do") + " not descend from it, so the baseline would "
                            + "not be a single point every branch passes through. ",
                    "Join the branches first (",
                    Hint.run(Action.MERGE),
                    ") and squash through a revision every head descends from, or choose a revision below the "
                            + "branch point."));
        }
        List<RevisionInfo> folded = graph.lineage(through);
        Set<String> foldedIds =
                new HashSet<>(folded.stream().map(RevisionInfo::id).toList());
        List<String> sideways = graph.ordered().stream()
                .filter(r -> !foldedIds.contains(r.id()) && !graph.isAncestor(through, r.id()))
                .map(RevisionInfo::id)
                .toList();
        if (!sideways.isEmpty()) {
            throw new GraphException("cannot squash through " + through + ": revision"
                    + (sideways.size() == 1 ? " " : "s ")
                    + sideways + " neither come" + (sideways.size() == 1 ? "s" : "") + " before it nor after it (a "
                    + "branch that merges later). Squash through the merge revision that joins them, or through a "
                    + "revision below the branch point.");
        }
        if (folded.size() == 1 && folded.get(0).baseline() != null) {
            throw new GraphException("nothing to squash: " + through + " is already the squash baseline");
        }
        Schema schema = graph.replay(foldedIds);
        Diff diff = SchemaDiffer.compare(Schema.EMPTY, schema);
        if (!diff.problems().isEmpty()) {
            throw new GraphException("the schema at " + through + " cannot be written as one migration:\n- "
                    + String.join("\n- ", diff.problems()));
        }
        List<Change> upgrade = diff.changes().stream()
                .map(c -> new Change(c.operation(), c.comment(), null))
                .toList();
        // the inverse acknowledges its drops (it undoes a reviewed upgrade); below a baseline lies an empty database,
        // so
        // its drops wait for a reviewer's acknowledgement like any generated drop
        List<Operation> downgrade =
                SchemaDiffer.inverse(
                                Schema.EMPTY,
                                upgrade.stream().map(Change::operation).toList())
                        .stream()
                        .map(Squash::unacknowledged)
                        .toList();
        List<String> replaces = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (RevisionInfo r : folded) {
            if (r.baseline() != null) {
                r.baseline().replaces().stream()
                        .filter(id -> !replaces.contains(id))
                        .forEach(replaces::add);
            }
            replaces.add(r.id());
            for (int i = 0; i < r.upgrade().size(); i++) {
                if (r.upgrade().get(i) instanceof BackfillColumn b) {
                    notes.add("revision " + r.id() + " step " + (i + 1) + " (" + b.describe()
                            + ") fills rows; the baseline leaves it out: a new database has no rows to fill");
                }
            }
        }
        return new Plan(
                through,
                folded,
                replaces,
                schema,
                RevisionInfo.Squashed.fingerprint(schema),
                upgrade,
                downgrade,
                notes);
    }

    /**
     * The graph after the squash, proven: the baseline builds the schema at the target, and every
     * head builds the same schema as in {@code original}.
     *
     * @throws GraphException naming the first place the two graphs differ
     */
    public static RevisionGraph prove(RevisionGraph original, Plan plan, RevisionInfo baseline) {
        List<RevisionInfo> revisions = new ArrayList<>();
        revisions.add(baseline);
        revisions.addAll(plan.kept(original, baseline.id()));
        RevisionGraph squashed = new RevisionGraph(revisions);
        Schema built = RevisionGraph.replay(Schema.EMPTY, baseline);
        if (!RevisionInfo.Squashed.fingerprint(built).equals(plan.fingerprint())) {
            throw differs("the baseline", plan.through(), built, plan.schema());
        }
        Set<String> folded = new HashSet<>(ids(plan.folded()));
        for (String head : original.heads()) {
            Schema before = original.replay(ids(original.lineage(head)));
            // squashed through the head itself: the baseline is that head now
            String there = folded.contains(head) ? baseline.id() : head;
            Schema after = squashed.replay(ids(squashed.lineage(there)));
            if (!RevisionInfo.Squashed.fingerprint(before).equals(RevisionInfo.Squashed.fingerprint(after))) {
                throw differs("the squashed graph at head " + head, head, after, before);
            }
        }
        return squashed;
    }

    /** The baselines in {@code graph} that no longer build the schema their squash recorded. */
    public static List<RevisionInfo> edited(RevisionGraph graph) {
        return graph.baselines().stream()
                .filter(b -> !RevisionInfo.Squashed.fingerprint(RevisionGraph.replay(Schema.EMPTY, b))
                        .equals(b.baseline().schema()))
                .toList();
    }

    private static Operation unacknowledged(Operation op) {
        if (op instanceof DropTable d) {
            return new DropTable(d.table(), false);
        }
        if (op instanceof DropSequence d) {
            return new DropSequence(d.name(), false);
        }
        return op;
    }

    private static List<String> ids(List<RevisionInfo> revisions) {
        return revisions.stream().map(RevisionInfo::id).toList();
    }

    private static GraphException differs(String what, String at, Schema built, Schema expected) {
        List<String> diff = SchemaDiffer.compare(built, expected).changes().stream()
                .map(c -> c.operation().describe())
                .limit(10)
                .toList();
        return new GraphException("refusing to squash: " + what + " would not build the schema the original "
                + "revisions build at " + at + "; nothing was written. To match, it would need:\n- "
                + (diff.isEmpty() ? "(a difference the differ does not express)" : String.join("\n- ", diff)));
    }
}

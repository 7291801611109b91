package dev.retort.core.offline;

import dev.retort.core.errors.Action;
import dev.retort.core.errors.Hint;
import dev.retort.core.errors.Setting;
import dev.retort.core.errors.Text;
import dev.retort.core.history.GraphException;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.model.Schema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The revisions between two points of the graph, as {@code migrate.target} names them for
 * {@code migrate:sql}: {@code <from>:<to>} where each end is {@code base}, {@code head},
 * {@code heads} (only as {@code <to>}) or a revision id or unique prefix; a single value means
 * {@code base:<value>}. When {@code <to>} lies below {@code <from>}, the range goes down.
 *
 * @param upgrade   true when the revisions are applied, false when they are reverted
 * @param revisions in the order they run: parents first when applied, children first when reverted
 * @param start     the schema the first of them runs on (the revisions up to {@code <from>} replayed), or null
 *                  when the graph does not replay: a dropped check the database never created then needs it
 */
public record RevisionRange(String from, String to, boolean upgrade, List<RevisionInfo> revisions, Schema start) {

    /** All revisions, from base to the head(s). */
    public static final String ALL = "base:heads";

    public static RevisionRange parse(RevisionGraph graph, String target) {
        String spec = target == null || target.isBlank() ? ALL : target.trim();
        String[] ends = spec.contains(":") ? spec.split(":", -1) : new String[] {"base", spec};
        if (ends.length != 2 || ends[0].isBlank() || ends[1].isBlank()) {
            throw new GraphException(Text.of(
                    Hint.name(Setting.TARGET),
                    " '" + spec + "' is not a range: write <from>:<to>, e.g. base:head, "
                            + "<revision>:head, or head:<revision> to go down"));
        }
        String from = resolve(graph, ends[0], false);
        String to = resolve(graph, ends[1], true);
        Set<String> below = lineage(graph, from);
        Set<String> above = lineage(graph, to);
        if (to.equals("heads")) {
            above = new HashSet<>();
            for (String head : graph.heads()) {
                above.addAll(lineage(graph, head));
            }
        }
        if (above.containsAll(below)) {
            Set<String> wanted = new HashSet<>(above);
            wanted.removeAll(below);
            return new RevisionRange(
                    from,
                    to,
                    true,
                    graph.ordered().stream()
                            .filter(r -> wanted.contains(r.id()))
                            .toList(),
                    replay(graph, below));
        }
        if (below.containsAll(above)) {
            Set<String> wanted = new HashSet<>(below);
            wanted.removeAll(above);
            List<RevisionInfo> down = new ArrayList<>(graph.ordered().stream()
                    .filter(r -> wanted.contains(r.id()))
                    .toList());
            Collections.reverse(down);
            return new RevisionRange(from, to, false, List.copyOf(down), replay(graph, below));
        }
        throw new GraphException(Text.of(
                "revisions " + from + " and " + to + " are on different branches; the SQL of a range follows one line. "
                        + "Name a range along one branch, or merge the branches first (",
                Hint.run(Action.MERGE),
                ")"));
    }

    private static String resolve(RevisionGraph graph, String end, boolean upper) {
        return switch (end) {
            case "base" -> "base";
            case "head" -> graph.isEmpty() ? "base" : graph.head();
            case "heads" -> {
                if (!upper) {
                    throw new GraphException("'heads' can only end a range (<from>:heads)");
                }
                yield "heads";
            }
            default -> graph.resolveId(end);
        };
    }

    private static Schema replay(RevisionGraph graph, Set<String> ids) {
        try {
            return graph.replay(ids);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Set<String> lineage(RevisionGraph graph, String id) {
        Set<String> ids = new HashSet<>();
        if (!id.equals("base") && !id.equals("heads")) {
            graph.lineage(id).forEach(r -> ids.add(r.id()));
        }
        return ids;
    }
}

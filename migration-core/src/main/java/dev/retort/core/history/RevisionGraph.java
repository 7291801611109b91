package dev.retort.core.history;

import dev.retort.core.errors.Action;
import dev.retort.core.errors.Hint;
import dev.retort.core.errors.Setting;
import dev.retort.core.errors.Text;
import dev.retort.core.model.Schema;
import dev.retort.core.ops.Operation;
import dev.retort.core.ops.ReplayException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The migrations as a directed acyclic graph: each revision names its parents; revisions no one
 * names as parent are heads. Orders, resolves targets and replays the schema at any revision.
 */
public final class RevisionGraph {

    /** {@code <revision>+N} or {@code <revision>-N}: N revisions above or below a named one. */
    private static final Pattern RELATIVE = Pattern.compile("(.+?)([+-])(\\d+)");

    private final Map<String, RevisionInfo> byId;
    private final List<RevisionInfo> ordered;
    private final Map<String, List<String>> children;
    /** Revision id folded into a squash baseline, to that baseline's id. */
    private final Map<String, String> squashedInto;
    /** {@link RevisionInfo#checksum()} by revision id, each worked out once ({@link #checksum}). */
    private final Map<String, String> checksums = new ConcurrentHashMap<>();

    public RevisionGraph(Collection<RevisionInfo> revisions) {
        Map<String, RevisionInfo> map = new TreeMap<>();
        for (RevisionInfo r : revisions) {
            RevisionInfo clash = map.put(r.id(), r);
            if (clash != null) {
                throw new GraphException(
                        "revision id " + r.id() + " is used by both " + clash.className() + " and " + r.className());
            }
        }
        for (RevisionInfo r : map.values()) {
            for (String p : r.parents()) {
                if (!map.containsKey(p)) {
                    throw new GraphException("revision " + r.id() + " (" + r.className() + ") names parent " + p
                            + ", which does not exist");
                }
            }
        }
        Map<String, String> folded = new HashMap<>();
        for (RevisionInfo r : map.values()) {
            if (r.baseline() == null) {
                continue;
            }
            for (String id : r.baseline().replaces()) {
                RevisionInfo still = map.get(id);
                if (still != null) {
                    throw new GraphException("revision " + id + " (" + still.className() + ") is squashed into "
                            + r.id() + " (" + r.className() + ") but its class is still there: delete it "
                            + "(version control keeps it), or delete the baseline to undo the squash");
                }
                String other = folded.put(id, r.id());
                if (other != null) {
                    throw new GraphException("revision " + id + " is squashed into two baselines, " + other + " and "
                            + r.id() + "; keep one");
                }
            }
        }
        this.squashedInto = folded;
        this.byId = map;
        this.ordered = topologicalOrder(map);
        Map<String, List<String>> kids = new HashMap<>();
        for (RevisionInfo r : ordered) {
            for (String p : r.parents()) {
                kids.computeIfAbsent(p, k -> new ArrayList<>()).add(r.id());
            }
        }
        this.children = kids;
    }

    /** Parents before children; among revisions ready at the same time, by id. */
    private static List<RevisionInfo> topologicalOrder(Map<String, RevisionInfo> map) {
        Map<String, Integer> pending = new HashMap<>();
        Map<String, List<String>> children = new HashMap<>();
        for (RevisionInfo r : map.values()) {
            pending.put(r.id(), r.parents().size());
            for (String p : r.parents()) {
                children.computeIfAbsent(p, k -> new ArrayList<>()).add(r.id());
            }
        }
        TreeMap<String, RevisionInfo> ready = new TreeMap<>();
        pending.forEach((id, n) -> {
            if (n == 0) {
                ready.put(id, map.get(id));
            }
        });
        List<RevisionInfo> out = new ArrayList<>();
        while (!ready.isEmpty()) {
            RevisionInfo next = ready.pollFirstEntry().getValue();
            out.add(next);
            for (String c : children.getOrDefault(next.id(), List.of())) {
                if (pending.merge(c, -1, Integer::sum) == 0) {
                    ready.put(c, map.get(c));
                }
            }
        }
        if (out.size() != map.size()) {
            throw new GraphException("the revision graph has a cycle among "
                    + pending.entrySet().stream()
                            .filter(e -> e.getValue() > 0)
                            .map(Map.Entry::getKey)
                            .sorted()
                            .toList());
        }
        return List.copyOf(out);
    }

    public boolean isEmpty() {
        return ordered.isEmpty();
    }

    /** All revisions, parents before children. */
    public List<RevisionInfo> ordered() {
        return ordered;
    }

    /**
     * {@link RevisionInfo#checksum()} of revision {@code id}, worked out on first use and kept: the
     * revisions are immutable, so the checksum of one never changes.
     */
    public String checksum(String id) {
        String known = checksums.get(id);
        if (known != null) {
            return known;
        }
        String sum = get(id).checksum();
        checksums.put(id, sum);
        return sum;
    }

    /** Works out every revision's {@link #checksum} now (ahead of a check that needs them, on another thread). */
    public void computeChecksums() {
        for (RevisionInfo r : ordered) {
            checksum(r.id());
        }
    }

    public RevisionInfo get(String id) {
        RevisionInfo r = byId.get(id);
        if (r == null) {
            throw new GraphException("unknown revision " + id);
        }
        return r;
    }

    public boolean contains(String id) {
        return byId.containsKey(id);
    }

    /**
     * The squash baseline that stands in for {@code id}, a revision {@code migrate:squash} folded
     * in and deleted; null when no baseline replaces it.
     */
    public RevisionInfo baselineReplacing(String id) {
        String baseline = squashedInto.get(id);
        return baseline == null ? null : byId.get(baseline);
    }

    /** The squash baselines, in graph order. */
    public List<RevisionInfo> baselines() {
        return ordered.stream().filter(r -> r.baseline() != null).toList();
    }

    /** Revisions that are no one's parent, by id. */
    public List<String> heads() {
        Set<String> parents = new HashSet<>();
        byId.values().forEach(r -> parents.addAll(r.parents()));
        return byId.keySet().stream().filter(id -> !parents.contains(id)).toList();
    }

    /** The single head; several heads are an error that names them and says how to merge them. */
    public String head() {
        List<String> heads = heads();
        if (heads.size() > 1) {
            Text.Builder m = Text.builder()
                    .add("the revision graph has " + heads.size() + " heads (branches that were "
                            + "developed in parallel):");
            for (String h : heads) {
                RevisionInfo r = byId.get(h);
                m.append("\n  ")
                        .append(h)
                        .append(" \"")
                        .append(r.message())
                        .append("\" (")
                        .append(r.className())
                        .append(')');
            }
            m.add(
                    "\nJoin them with ",
                    Hint.run(Action.MERGE),
                    " (it writes a merge revision whose parents are all heads), " + "or name one with ",
                    Hint.set(Setting.TARGET, "<revision>"),
                    ", or apply all with ",
                    Hint.set(Setting.TARGET, "heads"),
                    ".");
            throw new GraphException(m.build());
        }
        return heads.isEmpty() ? null : heads.get(0);
    }

    /** The revisions that name {@code id} as a parent, in graph order. */
    public List<String> children(String id) {
        get(id);
        return children.getOrDefault(id, List.of());
    }

    /**
     * Of the given revisions, those that none of the others has as an ancestor: where a database
     * that has exactly these revisions applied "is". Empty means base.
     */
    public List<String> tips(Set<String> applied) {
        Set<String> below = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        applied.stream()
                .filter(byId::containsKey)
                .forEach(id -> todo.addAll(byId.get(id).parents()));
        while (!todo.isEmpty()) {
            String p = todo.pop();
            if (below.add(p)) {
                todo.addAll(byId.get(p).parents());
            }
        }
        return ordered.stream()
                .map(RevisionInfo::id)
                .filter(id -> applied.contains(id) && !below.contains(id))
                .toList();
    }

    /** True when {@code ancestor} is {@code id} or one of its ancestors. */
    public boolean isAncestor(String ancestor, String id) {
        return lineage(id).stream().anyMatch(r -> r.id().equals(ancestor));
    }

    /** The revision and all its ancestors, in graph order. */
    public List<RevisionInfo> lineage(String id) {
        Set<String> wanted = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(id));
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (wanted.add(next)) {
                todo.addAll(get(next).parents());
            }
        }
        return ordered.stream().filter(r -> wanted.contains(r.id())).toList();
    }

    /**
     * A revision named by its full id or by a prefix that matches exactly one id.
     */
    public String resolveId(String idOrPrefix) {
        if (byId.containsKey(idOrPrefix)) {
            return idOrPrefix;
        }
        List<String> matches =
                byId.keySet().stream().filter(id -> id.startsWith(idOrPrefix)).toList();
        RevisionInfo squashed = matches.isEmpty() ? baselineReplacing(idOrPrefix) : null;
        if (squashed != null) {
            throw new GraphException("revision " + idOrPrefix + " was squashed into the baseline " + squashed.id()
                    + " (" + squashed.className() + "): this build has no revision between base and "
                    + squashed.baseline().through() + " to stop at. Use target " + squashed.id() + " (the schema at "
                    + squashed.baseline().through() + ") or base, or use the build from before the squash to reach "
                    + idOrPrefix + ".");
        }
        if (matches.isEmpty()) {
            throw new GraphException(
                    Text.of(
                            "unknown revision '" + idOrPrefix + "': no revision id is or starts with it. ",
                            byId.isEmpty()
                                    ? "There are no migrations yet."
                                    : byId.size() <= 12
                                            ? "Known revisions: " + byId.keySet()
                                            : Text.of(
                                                    "Known heads: " + heads() + " (",
                                                    Hint.run(Action.HISTORY),
                                                    " lists all " + byId.size() + ")"),
                            ". Targets are head, heads, base, a revision id or unique prefix, +N/-N, or <revision>+N/<revision>-N."));
        }
        if (matches.size() > 1) {
            throw new GraphException("revision prefix '" + idOrPrefix + "' is ambiguous: it starts " + matches.size()
                    + " revision ids " + (matches.size() <= 12 ? matches : matches.subList(0, 12) + "...")
                    + "; give more characters");
        }
        return matches.get(0);
    }

    /**
     * A target that names one revision: {@code base}, an id, a unique prefix, {@code <rev>+N} (N
     * revisions above {@code rev}) or {@code <rev>-N} (N below). Relative steps follow the only
     * child or parent; a branch point or merge on the way makes them ambiguous, and the error names
     * the candidates.
     *
     * @return the revision id, or {@code null} for base
     */
    public String resolve(String target) {
        if (target.equals("base")) {
            return null;
        }
        if (byId.containsKey(target)) {
            return target;
        }
        Matcher m = RELATIVE.matcher(target);
        if (!m.matches()) {
            return resolveId(target);
        }
        String start = resolveId(m.group(1));
        int n = Integer.parseInt(m.group(3));
        boolean up = m.group(2).equals("+");
        String at = start;
        for (int i = 1; i <= n; i++) {
            List<String> next = up ? children.getOrDefault(at, List.of()) : get(at).parents();
            if (next.isEmpty()) {
                if (!up && i == n) {
                    return null;
                }
                throw new GraphException(
                        up
                                ? "'" + target + "' goes past the head " + at + ": there "
                                        + (i == 1
                                                ? "is no revision"
                                                : i == 2 ? "is only 1 revision" : "are only " + (i - 1) + " revisions")
                                        + " above " + start
                                : "'" + target + "' goes below base: " + start + " is only " + i + " step"
                                        + (i == 1 ? "" : "s") + " above base");
            }
            if (next.size() > 1) {
                throw new GraphException("'" + target + "' is ambiguous: " + at
                        + (up ? " is a branch point with children " : " is a merge of ") + next
                        + "; name the revision on the branch you mean (or count from it)");
            }
            at = next.get(0);
        }
        return at;
    }

    /** The schema after applying, in graph order, the given revisions (all of them must be present). */
    public Schema replay(Collection<String> revisionIds) {
        Set<String> ids = new LinkedHashSet<>(revisionIds);
        Schema schema = Schema.EMPTY;
        for (RevisionInfo r : ordered) {
            if (ids.contains(r.id())) {
                schema = replay(schema, r);
            }
        }
        return schema;
    }

    /** The schema at the head(s): all revisions applied. */
    public Schema replayAll() {
        return replay(byId.keySet());
    }

    public static Schema replay(Schema schema, RevisionInfo r) {
        int step = 1;
        for (Operation op : r.upgrade()) {
            try {
                schema = op.applyTo(schema);
            } catch (ReplayException e) {
                throw new ReplayMismatchException(
                        r.id(), r.className(), step, r.upgrade().size(), e.getMessage());
            }
            step++;
        }
        return schema;
    }

    /** Id to revision, in graph order. */
    public Map<String, RevisionInfo> asMap() {
        Map<String, RevisionInfo> m = new LinkedHashMap<>();
        ordered.forEach(r -> m.put(r.id(), r));
        return m;
    }
}

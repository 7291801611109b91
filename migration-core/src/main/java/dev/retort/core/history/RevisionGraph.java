package dev.retort.core.history;

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

/**
 * The migrations as a directed acyclic graph: each revision names its parents; revisions no one
 * names as parent are heads. Orders, resolves targets and replays the schema at any revision.
 */
public final class RevisionGraph {

    private final Map<String, RevisionInfo> byId;
    private final List<RevisionInfo> ordered;

    public RevisionGraph(Collection<RevisionInfo> revisions) {
        Map<String, RevisionInfo> map = new TreeMap<>();
        for (RevisionInfo r : revisions) {
            RevisionInfo clash = map.put(r.id(), r);
            if (clash != null) {
                throw new GraphException("revision id " + r.id() + " is used by both " + clash.className() + " and " + r.className());
            }
        }
        for (RevisionInfo r : map.values()) {
            for (String p : r.parents()) {
                if (!map.containsKey(p)) {
                    throw new GraphException("revision " + r.id() + " (" + r.className() + ") names parent " + p + ", which does not exist");
                }
            }
        }
        this.byId = map;
        this.ordered = topologicalOrder(map);
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
            throw new GraphException("the revision graph has a cycle among " + pending.entrySet().stream()
                    .filter(e -> e.getValue() > 0).map(Map.Entry::getKey).sorted().toList());
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

    /** Revisions that are no one's parent, by id. */
    public List<String> heads() {
        Set<String> parents = new HashSet<>();
        byId.values().forEach(r -> parents.addAll(r.parents()));
        return byId.keySet().stream().filter(id -> !parents.contains(id)).toList();
    }

    /** The single head; several heads are an error that names them. */
    public String head() {
        List<String> heads = heads();
        if (heads.size() > 1) {
            throw new GraphException("the revision graph has " + heads.size() + " heads " + heads
                    + "; name one with -Dmigrate.target=<revision>, or merge them");
        }
        return heads.isEmpty() ? null : heads.get(0);
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
        List<String> matches = byId.keySet().stream().filter(id -> id.startsWith(idOrPrefix)).toList();
        if (matches.isEmpty()) {
            throw new GraphException("unknown revision '" + idOrPrefix + "'; known revisions: " + byId.keySet());
        }
        if (matches.size() > 1) {
            throw new GraphException("revision prefix '" + idOrPrefix + "' is ambiguous: " + matches);
        }
        return matches.get(0);
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
                throw new GraphException("revision " + r.id() + " (" + r.className() + ") step " + step + " of "
                        + r.upgrade().size() + " does not fit the schema built by its parents: " + e.getMessage());
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

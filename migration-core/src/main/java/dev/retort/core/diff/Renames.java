package dev.retort.core.diff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * Decides which tables or columns of one table were renamed. A {@code @RenamedFrom} hint is a
 * rename; without hints, exactly one item gone and one item new with the same definition is a
 * rename the reviewer must confirm; everything else stays a drop and an add, with the candidates
 * left for the caller to report. Never more of a guess than that.
 *
 * @param <T> a table or a column
 */
final class Renames<T> {

    /** One rename: the old name in the replayed schema, the new name in the model. */
    record Pair(String from, String to, boolean hinted) {}

    /**
     * @param pairs      the renames, hinted ones first, each in model order
     * @param candidates for each item gone and not renamed (as the schema names it), the new items
     *                   similar enough to be it renamed (as the model names them); none when nothing is
     */
    record Result(List<Pair> pairs, Map<String, List<String>> candidates) {

        static final Result NONE = new Result(List.of(), Map.of());

        /** True when items went and came that may be renames: the reviewer must decide. */
        boolean ambiguous() {
            return !candidates.isEmpty();
        }

        /** The items gone that may have been renamed. */
        List<String> dropped() {
            return List.copyOf(candidates.keySet());
        }

        /** The new items that may be renamed ones. */
        List<String> added() {
            return candidates.values().stream().flatMap(List::stream).distinct().toList();
        }

        /** The old items {@code added} may be a rename of. */
        List<String> sourcesOf(String added) {
            return candidates.entrySet().stream()
                    .filter(e -> e.getValue().contains(added))
                    .map(Map.Entry::getKey)
                    .toList();
        }
    }

    private final String kind;
    private final Function<T, String> name;
    private final Function<T, String> hint;
    private final Function<T, String> label;
    private final BiPredicate<T, T> sameDefinition;
    private final BiPredicate<T, T> similar;

    /**
     * @param kind           what is renamed, for messages: {@code "table"}, {@code "column of customer"}
     * @param label          how a model item is named in messages ({@code Customer.phone})
     * @param sameDefinition whether two items are identical apart from their names
     * @param similar        whether an item gone and an item new are alike enough to name as a possible rename
     */
    Renames(
            String kind,
            Function<T, String> name,
            Function<T, String> hint,
            Function<T, String> label,
            BiPredicate<T, T> sameDefinition,
            BiPredicate<T, T> similar) {
        this.kind = kind;
        this.name = name;
        this.hint = hint;
        this.label = label;
        this.sameDefinition = sameDefinition;
        this.similar = similar;
    }

    /**
     * @param have     the replayed items by lower-case name
     * @param want     the model's items by lower-case name
     * @param notes    receives stale hints
     * @param problems receives hints that cannot be followed
     */
    Result match(Map<String, T> have, Map<String, T> want, List<String> notes, List<String> problems) {
        Map<String, T> dropped = new LinkedHashMap<>();
        have.forEach((k, v) -> {
            if (!want.containsKey(k)) {
                dropped.put(k, v);
            }
        });
        Map<String, T> added = new LinkedHashMap<>();
        want.forEach((k, v) -> {
            if (!have.containsKey(k)) {
                added.put(k, v);
            }
        });
        List<Pair> pairs = new ArrayList<>();
        for (T item : want.values()) {
            String from = hint.apply(item);
            if (from == null || from.isBlank() || from.equalsIgnoreCase(name.apply(item))) {
                continue;
            }
            String to = name.apply(item);
            String fromKey = lower(from);
            String annotation = "@RenamedFrom(\"" + from + "\") on " + label.apply(item);
            if (!added.containsKey(lower(to))) {
                if (dropped.containsKey(fromKey)) {
                    problems.add(annotation + ": both " + kind + " " + from + " and " + to
                            + " exist in the schema the migrations" + " build, so " + from + " cannot become " + to
                            + ". Rename in two steps, or remove the annotation.");
                } else {
                    notes.add(annotation + ": " + to
                            + " already exists in the schema the migrations build, so the rename has"
                            + " shipped; the annotation can be removed.");
                }
                continue;
            }
            if (want.containsKey(fromKey)) {
                problems.add(annotation + ": " + kind + " " + from + " is still in the model; a " + kind.split(" ")[0]
                        + " cannot be renamed and kept. Remove the annotation, or the other mapping of " + from + ".");
            } else if (!dropped.containsKey(fromKey)) {
                problems.add(annotation + ": the schema the migrations build has no " + kind + " " + from
                        + (dropped.isEmpty() ? "" : "; " + kind + "s no longer in the model: " + names(dropped))
                        + ". Correct the name in the annotation, or remove it to create " + to + " as new.");
            } else {
                pairs.add(new Pair(name.apply(dropped.remove(fromKey)), to, true));
                added.remove(lower(to));
            }
        }
        if (dropped.size() == 1 && added.size() == 1) {
            T gone = dropped.values().iterator().next();
            T come = added.values().iterator().next();
            if (sameDefinition.test(gone, come)) {
                pairs.add(new Pair(name.apply(gone), name.apply(come), false));
                dropped.clear();
                added.clear();
            }
        }
        Map<String, List<String>> candidates = new LinkedHashMap<>();
        for (T gone : dropped.values()) {
            List<String> alike = added.values().stream()
                    .filter(come -> similar.test(gone, come))
                    .map(name)
                    .toList();
            if (!alike.isEmpty()) {
                candidates.put(name.apply(gone), alike);
            }
        }
        return new Result(pairs, candidates);
    }

    private List<String> names(Map<String, T> items) {
        return items.values().stream().map(name).toList();
    }

    /** {@code a}, {@code a and b}, {@code a, b and c}. */
    static String words(List<String> items, String last) {
        if (items.size() <= 1) {
            return String.join("", items);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " " + last + " " + items.get(items.size() - 1);
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}

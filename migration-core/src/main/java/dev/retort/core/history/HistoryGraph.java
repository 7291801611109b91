package dev.retort.core.history;

import dev.retort.core.errors.Action;
import dev.retort.core.errors.Hint;
import dev.retort.core.errors.Setting;
import dev.retort.core.errors.Wording;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Draws the revision graph as text, newest first, the way {@code git log --graph} does: one lane
 * per branch, {@code |\} where a merge revision joins its parents, {@code |/} where branches grow
 * from a common revision. Each revision's line names the head(s), the revision(s) the database is
 * at, and what the history table records.
 */
public final class HistoryGraph {

    /** The lane that every revision without parents grows from. */
    private static final String BASE = "<base>";

    private HistoryGraph() {}

    /**
     * The lines to print.
     *
     * @param recorded the history table's rows by revision, or {@code null} when no database was
     *                 consulted (then no revision is marked current or applied)
     */
    public static List<String> render(RevisionGraph graph, Map<String, HistoryRow> recorded) {
        return render(graph, recorded, Wording.NEUTRAL);
    }

    /**
     * The lines to print, naming what to run in {@code wording}'s words.
     *
     * @param recorded the history table's rows by revision, or {@code null} when no database was consulted
     */
    public static List<String> render(RevisionGraph graph, Map<String, HistoryRow> recorded, Wording wording) {
        Set<String> heads = Set.copyOf(graph.heads());
        Set<String> applied = recorded == null
                ? Set.of()
                : recorded.values().stream()
                        .filter(HistoryRow::applied)
                        .map(HistoryRow::revision)
                        .collect(Collectors.toSet());
        Set<String> current = Set.copyOf(graph.tips(applied));
        List<RevisionInfo> newestFirst = new ArrayList<>(graph.ordered());
        Collections.reverse(newestFirst);

        List<String[]> rows = new ArrayList<>();
        List<String> lanes = new ArrayList<>();
        for (RevisionInfo r : newestFirst) {
            int col = place(lanes, r.id(), rows);
            List<String> marks = new ArrayList<>();
            if (heads.contains(r.id())) {
                marks.add("head");
            }
            if (current.contains(r.id())) {
                marks.add("current");
            }
            String text = r.id() + (marks.isEmpty() ? "" : " (" + String.join(", ", marks) + ")") + "  \"" + r.message()
                    + "\""
                    + (recorded == null ? "" : "  " + state(recorded.get(r.id()), wording))
                    + (r.parents().size() > 1 ? "  [merges " + String.join(", ", r.parents()) + "]" : "");
            rows.add(new String[] {node(lanes.size(), col, '*'), text});
            List<String> parents = r.parents().isEmpty() ? List.of(BASE) : r.parents();
            lanes.set(col, parents.get(0));
            for (int k = 1; k < parents.size(); k++) {
                lanes.add(col + k, parents.get(k));
                rows.add(new String[] {shift(lanes.size(), col + k), ""});
            }
        }
        if (!graph.isEmpty() || lanes.isEmpty()) {
            int col = place(lanes, BASE, rows);
            rows.add(new String[] {
                node(lanes.size(), col, 'o'), BASE + (recorded != null && current.isEmpty() ? " (current)" : "")
            });
        }
        if (recorded != null) {
            recorded.values().stream()
                    .filter(row -> !graph.contains(row.revision()))
                    .sorted(java.util.Comparator.comparing(HistoryRow::revision))
                    .forEach(row -> rows.add(new String[] {
                        "?",
                        row.revision() + "  \"" + row.message() + "\"  " + state(row, wording) + unknown(graph, row)
                    }));
        }
        int width = rows.stream().mapToInt(row -> row[0].length()).max().orElse(0);
        return rows.stream()
                .map(row -> row[1].isEmpty() ? row[0] : pad(row[0], width) + "  " + row[1])
                .toList();
    }

    /** The lane of {@code id}: a new one for a head; lanes of other children that waited for it join it first. */
    private static int place(List<String> lanes, String id, List<String[]> rows) {
        int col = lanes.indexOf(id);
        if (col < 0) {
            lanes.add(id);
            return lanes.size() - 1;
        }
        for (int j = lanes.size() - 1; j > col; j--) {
            if (lanes.get(j).equals(id)) {
                int into = lanes.subList(0, j).lastIndexOf(id);
                rows.add(new String[] {join(lanes.size(), into, j), ""});
                lanes.remove(j);
            }
        }
        return col;
    }

    private static String node(int lanes, int col, char mark) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lanes; i++) {
            b.append(i == col ? mark : '|').append(' ');
        }
        return b.toString().stripTrailing();
    }

    /** Lane {@code from} opens (a merge's further parent): it and the lanes right of it come in from the left. */
    private static String shift(int lanes, int from) {
        char[] line = blank(lanes);
        for (int i = 0; i < lanes; i++) {
            line[i < from ? 2 * i : 2 * i - 1] = i < from ? '|' : '\\';
        }
        return new String(line).stripTrailing();
    }

    /** Lane {@code from} joins lane {@code into} to its left; the lanes right of it move one to the left. */
    private static String join(int lanes, int into, int from) {
        char[] line = blank(lanes);
        for (int i = 0; i < lanes; i++) {
            if (i < from) {
                line[2 * i] = '|';
                if (i >= into && i < from - 1) {
                    line[2 * i + 1] = '_';
                }
            } else {
                line[2 * i - 1] = '/';
            }
        }
        return new String(line).stripTrailing();
    }

    private static char[] blank(int lanes) {
        char[] line = new char[2 * lanes];
        java.util.Arrays.fill(line, ' ');
        return line;
    }

    private static String unknown(RevisionGraph graph, HistoryRow row) {
        RevisionInfo b = graph.baselineReplacing(row.revision());
        return b == null
                ? "  [recorded, but no migration class has this id]"
                : "  [squashed into " + b.id() + ", but this database never reached "
                        + b.baseline().through() + ", the last revision it folds in: upgrade refuses]";
    }

    private static String state(HistoryRow row, Wording wording) {
        if (row == null) {
            return "pending";
        }
        String when = row.appliedAt().truncatedTo(ChronoUnit.SECONDS)
                + (row.appliedBy() == null ? "" : " by " + row.appliedBy());
        if (row.stamped()) {
            return "stamped " + when;
        }
        if (row.applied()) {
            return "applied " + when + " in " + row.durationMs() + " ms";
        }
        if (row.reverting()) {
            return "REVERTING at downgrade step " + row.stepsReverted() + " of "
                    + row.revertChecksums().size() + " ("
                    + wording.hint(Hint.run(Action.DOWNGRADE, Setting.TARGET, "-1")) + " resumes it)";
        }
        return row.state().toUpperCase(java.util.Locale.ROOT) + " at step " + row.stepsDone() + " of "
                + row.stepsTotal() + " (" + wording.hint(Hint.run(Action.UPGRADE)) + " resumes it)";
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }
}

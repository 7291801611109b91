package dev.retort.core.safety;

import dev.retort.core.dialect.Dialect;
import dev.retort.core.diff.Change;
import dev.retort.core.model.Column;
import dev.retort.core.model.Schema;
import dev.retort.core.ops.AddColumn;
import dev.retort.core.ops.AlterColumn;
import dev.retort.core.ops.BackfillColumn;
import dev.retort.core.ops.Operation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The generator's hook: turns the differ's changes into the safe form before code generation,
 * and writes each step's safety findings into its {@code REVIEW} note, two lines per finding (what
 * matched, then severity, acknowledgement and {@link Rule#docsLink()}): the why and the safe
 * rewrite are on the rule's page and in the generator's log, so a long migration stays readable.
 *
 * <ul>
 *   <li>A NOT NULL column without default for a table that exists becomes three phases: add it
 *       nullable, backfill it in batches, tighten it to NOT NULL. The backfill's value is left for
 *       the reviewer ({@code null}): {@code upgrade} refuses until it is stated, so no row is ever
 *       filled with an implicit {@code ''} or {@code 0}.</li>
 *   <li>A nullable column becoming NOT NULL gets a batched backfill before it, with the same
 *       placeholder (delete the step when the column holds no NULL).</li>
 * </ul>
 * A column with a literal default needs neither: adding it is instant on every database.
 */
public final class SafeRewrites {

    private SafeRewrites() {}

    /**
     * The rewritten changes and what the findings say, for the generator's log.
     *
     * @param changes  the changes to generate, with REVIEW notes (several lines joined by {@code \n})
     * @param findings one line per finding, for the log
     */
    public record Result(List<Change> changes, List<String> findings) {}

    /**
     * Rewrites {@code changes} (the differ's output against {@code previous}) and annotates them
     * with the findings for each of {@code dialects} (a step flagged on several databases gets
     * one note naming them).
     */
    public static Result apply(Schema previous, List<Change> changes, List<Dialect> dialects, SafetyPolicy policy) {
        List<Change> phased = phase(previous, changes);
        List<Operation> ops = phased.stream().map(Change::operation).toList();
        Notes notes = notes(previous, ops, dialects, policy, false);
        List<Change> out = new ArrayList<>();
        for (int i = 0; i < phased.size(); i++) {
            Change c = phased.get(i);
            List<String> lines = new ArrayList<>();
            if (c.review() != null) {
                lines.add(c.review());
            }
            lines.addAll(notes.perStep().get(i));
            out.add(new Change(c.operation(), c.comment(), lines.isEmpty() ? null : String.join("\n", lines)));
        }
        return new Result(List.copyOf(out), notes.log());
    }

    /**
     * The findings for a downgrade, the way {@code migrate:downgrade} will judge it: the steps as
     * they run from {@code after}, the schema the upgrade leaves.
     *
     * @return per downgrade step its REVIEW lines (empty when none), and the log lines
     */
    public static Notes downgradeNotes(
            Schema after, List<Operation> downgrade, List<Dialect> dialects, SafetyPolicy policy) {
        return notes(after, downgrade, dialects, policy, true);
    }

    /**
     * @param perStep per step, the REVIEW lines its findings add
     * @param log     one line per finding, for the generator's log
     */
    public record Notes(List<List<String>> perStep, List<String> log) {}

    /**
     * The widest line of a note: with the generator's {@code REVIEW } prefix it fits one
     * 100-column comment line, so every finding reads as exactly two lines in the source.
     */
    public static final int NOTE_WIDTH = 93;

    /** A step flagged on several databases gets one note naming them, with the worst severity. */
    private static Notes notes(
            Schema before, List<Operation> ops, List<Dialect> dialects, SafetyPolicy policy, boolean downgrade) {
        Map<Integer, Map<Rule, TreeSet<String>>> byStep = new LinkedHashMap<>();
        Map<Integer, Map<Rule, Finding>> firstFinding = new LinkedHashMap<>();
        Map<Integer, Map<Rule, Severity>> worst = new LinkedHashMap<>();
        for (Dialect d : dialects) {
            for (Finding f : SafetyAnalyzer.analyze(d, before, ops)) {
                Severity s = policy.severityOf(f);
                if (s == Severity.OFF
                        || s == Severity.INFO
                        || downgrade && !f.rule().judgesDowngrade()) {
                    continue;
                }
                byStep.computeIfAbsent(f.step(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(f.rule(), k -> new TreeSet<>())
                        .add(d.name());
                firstFinding
                        .computeIfAbsent(f.step(), k -> new LinkedHashMap<>())
                        .putIfAbsent(f.rule(), f);
                worst.computeIfAbsent(f.step(), k -> new LinkedHashMap<>())
                        .merge(f.rule(), s, (a, b) -> a.compareTo(b) <= 0 ? a : b);
            }
        }
        List<List<String>> perStep = new ArrayList<>();
        List<String> log = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            List<String> notes = new ArrayList<>();
            for (Map.Entry<Rule, TreeSet<String>> e :
                    byStep.getOrDefault(i, Map.of()).entrySet()) {
                Rule rule = e.getKey();
                Severity severity = worst.get(i).get(rule);
                Finding f = firstFinding.get(i).get(rule);
                String where = e.getValue().size() == dialects.size() && dialects.size() > 1
                        ? ""
                        : " on " + String.join(", ", e.getValue());
                notes.add(fit(rule.id() + " " + rule.title() + ": " + f.detail()));
                notes.add(consequence(rule, severity, where));
                log.add((downgrade ? "downgrade " : "") + "step " + (i + 1) + ": " + rule.id() + " (" + severity + where
                        + ") " + rule.title() + ": " + f.detail() + ". Safe: " + rule.rewrite() + ". See "
                        + rule.docsLink());
            }
            perStep.add(List.copyOf(notes));
        }
        return new Notes(List.copyOf(perStep), List.copyOf(log));
    }

    /** The first line of a finding's note, what matched: cut to {@link #NOTE_WIDTH} when the detail is long. */
    private static String fit(String line) {
        return line.length() <= NOTE_WIDTH ? line : line.substring(0, NOTE_WIDTH - 3) + "...";
    }

    /**
     * The second line: the severity, what it takes to run the step, and where the rule is explained
     * (why it hurts, the safe rewrite). The databases are left out when naming them would not fit.
     */
    private static String consequence(Rule rule, Severity severity, String where) {
        String then = (severity == Severity.ERROR
                        ? ": refused until .acknowledge(\"" + rule.id() + "\"); "
                        : ", explained in ")
                + rule.docsLink();
        String line = "  " + severity + where + then;
        return line.length() <= NOTE_WIDTH ? line : "  " + severity + then;
    }

    /** The phased form of NOT NULL additions and tightenings on tables that exist. */
    static List<Change> phase(Schema previous, List<Change> changes) {
        List<Change> out = new ArrayList<>();
        for (Change c : changes) {
            Operation op = c.operation();
            boolean existing = previous.table(op.table()).isPresent();
            if (existing
                    && op instanceof AddColumn a
                    && !a.column().nullable()
                    && a.column().defaultValue() == null
                    && !a.column().autoIncrement()
                    // a backfill names no databases: a column absent on some is added as it is
                    && a.column().absentOn().isEmpty()) {
                Column col = a.column();
                Column nullable = new Column(col.name(), col.type(), true, false, null, col.comment(), col.source());
                String name = a.table() + "." + col.name();
                String label = label(c, name);
                out.add(new Change(
                        new AddColumn(a.table(), nullable),
                        c.comment() + ", NOT NULL: phase 1 of 3, added nullable so"
                                + " existing rows and the running version's inserts stay valid",
                        null));
                out.add(new Change(
                        new BackfillColumn(a.table(), col.name(), null),
                        label + ": phase 2 of 3, fill existing rows in" + " batches",
                        backfillReview()));
                out.add(new Change(
                        new AlterColumn(a.table(), nullable, col, false),
                        label + ": phase 3 of 3, NOT NULL once every" + " row has a value",
                        tightenReview(name)));
            } else if (existing && op instanceof AlterColumn a && a.tightensNullability()) {
                String name = a.table() + "." + a.to().name();
                out.add(
                        new Change(
                                new BackfillColumn(a.table(), a.to().name(), null),
                                label(c, name) + ": fill NULLs in batches" + " before it becomes NOT NULL",
                                "replace null with the value for rows where it is NULL"
                                        + " (SQL over the row or a Java function), or delete this step if it never is; upgrade refuses it until then"));
                out.add(new Change(a, c.comment(), tightenReview(name)));
            } else {
                out.add(c);
            }
        }
        return out;
    }

    /** The entity member a change came from, as its comment names it: {@code Customer.email}. */
    private static String label(Change c, String fallback) {
        int colon = c.comment().indexOf(':');
        return colon > 0 ? c.comment().substring(0, colon) : fallback;
    }

    private static String backfillReview() {
        return "replace null with the value for every existing row: SQL over the row, such as \"lower(name)\", or a Java"
                + " function; upgrade refuses this step until then";
    }

    private static String tightenReview(String column) {
        return "inserts that omit " + column
                + " fail from here on: if the previous version still runs during the deploy,"
                + " move this step to the next release. Retort counts NULLs first and stops if any remain";
    }
}

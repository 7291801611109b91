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
 * and writes each step's safety findings into its {@code REVIEW} note.
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

    private SafeRewrites() {
    }

    /**
     * The rewritten changes and what the findings say, for the generator's log.
     *
     * @param changes  the changes to generate, with REVIEW notes (several lines joined by {@code \n})
     * @param findings one line per finding, for the log
     */
    public record Result(List<Change> changes, List<String> findings) {
    }

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
    public static Notes downgradeNotes(Schema after, List<Operation> downgrade, List<Dialect> dialects, SafetyPolicy policy) {
        return notes(after, downgrade, dialects, policy, true);
    }

    /**
     * @param perStep per step, the REVIEW lines its findings add
     * @param log     one line per finding, for the generator's log
     */
    public record Notes(List<List<String>> perStep, List<String> log) {
    }

    /** A step flagged on several databases gets one note naming them, with the worst severity. */
    private static Notes notes(Schema before, List<Operation> ops, List<Dialect> dialects, SafetyPolicy policy, boolean downgrade) {
        Map<Integer, Map<Rule, TreeSet<String>>> byStep = new LinkedHashMap<>();
        Map<Integer, Map<Rule, Finding>> firstFinding = new LinkedHashMap<>();
        Map<Integer, Map<Rule, Severity>> worst = new LinkedHashMap<>();
        for (Dialect d : dialects) {
            for (Finding f : SafetyAnalyzer.analyze(d, before, ops)) {
                Severity s = policy.severityOf(f);
                if (s == Severity.OFF || s == Severity.INFO || downgrade && !f.rule().judgesDowngrade()) {
                    continue;
                }
                byStep.computeIfAbsent(f.step(), k -> new LinkedHashMap<>()).computeIfAbsent(f.rule(), k -> new TreeSet<>()).add(d.name());
                firstFinding.computeIfAbsent(f.step(), k -> new LinkedHashMap<>()).putIfAbsent(f.rule(), f);
                worst.computeIfAbsent(f.step(), k -> new LinkedHashMap<>()).merge(f.rule(), s, (a, b) -> a.compareTo(b) <= 0 ? a : b);
            }
        }
        List<List<String>> perStep = new ArrayList<>();
        List<String> log = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            List<String> notes = new ArrayList<>();
            for (Map.Entry<Rule, TreeSet<String>> e : byStep.getOrDefault(i, Map.of()).entrySet()) {
                Rule rule = e.getKey();
                Severity severity = worst.get(i).get(rule);
                Finding f = firstFinding.get(i).get(rule);
                String where = e.getValue().size() == dialects.size() && dialects.size() > 1 ? "" : " on " + String.join(", ", e.getValue());
                notes.add(rule.id() + " (" + severity + where + ") " + rule.title() + ": " + f.detail() + ".");
                notes.add("  Why: " + rule.hurts() + ".");
                notes.add("  Safe: " + rule.rewrite() + ".");
                if (severity == Severity.ERROR) {
                    notes.add("  Once reviewed, acknowledge with .acknowledge(\"" + rule.id() + "\"); "
                            + (downgrade ? "downgrade" : "upgrade") + " refuses until then.");
                }
                log.add((downgrade ? "downgrade " : "") + "step " + (i + 1) + ": " + rule.id() + " (" + severity + where + ") "
                        + rule.title() + ": " + f.detail());
            }
            perStep.add(List.copyOf(notes));
        }
        return new Notes(List.copyOf(perStep), List.copyOf(log));
    }

    /** The phased form of NOT NULL additions and tightenings on tables that exist. */
    static List<Change> phase(Schema previous, List<Change> changes) {
        List<Change> out = new ArrayList<>();
        for (Change c : changes) {
            Operation op = c.operation();
            boolean existing = previous.table(op.table()).isPresent();
            if (existing && op instanceof AddColumn a && !a.column().nullable() && a.column().defaultValue() == null
                    && !a.column().autoIncrement()) {
                Column col = a.column();
                Column nullable = new Column(col.name(), col.type(), true, false, null, col.comment(), col.source());
                String name = a.table() + "." + col.name();
                String label = label(c, name);
                out.add(new Change(new AddColumn(a.table(), nullable), c.comment() + ", NOT NULL: phase 1 of 3, added nullable so"
                        + " existing rows and the running version's inserts stay valid", null));
                out.add(new Change(new BackfillColumn(a.table(), col.name(), null), label + ": phase 2 of 3, fill existing rows in"
                        + " batches", backfillReview(name, "every existing row")));
                out.add(new Change(new AlterColumn(a.table(), nullable, col, false), label + ": phase 3 of 3, NOT NULL once every"
                        + " row has a value", tightenReview(name)));
            } else if (existing && op instanceof AlterColumn a && a.tightensNullability()) {
                String name = a.table() + "." + a.to().name();
                out.add(new Change(new BackfillColumn(a.table(), a.to().name(), null), label(c, name) + ": fill NULLs in batches"
                        + " before it becomes NOT NULL", backfillReview(name, "rows where it is NULL")
                        + "\nif " + name + " never holds NULL, delete this step instead"));
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

    private static String backfillReview(String column, String rows) {
        return "state the value of " + column + " for " + rows + " as an SQL expression over the row in place of null"
                + " (e.g. \"''\", \"0\", \"lower(name)\"), or use the Java form; upgrade refuses this step until then";
    }

    private static String tightenReview(String column) {
        return "inserts that omit " + column + " fail from here on: if the previous application version still runs during the"
                + " deploy, move this step to the next release's migration. Retort counts NULLs first and stops if any remain";
    }
}

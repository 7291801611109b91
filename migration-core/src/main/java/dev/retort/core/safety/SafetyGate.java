package dev.retort.core.safety;

import dev.retort.core.dialect.Dialect;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.model.Schema;
import dev.retort.core.ops.BackfillColumn;
import dev.retort.core.ops.Operation;
import dev.retort.core.ops.ReplayException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Judges a whole upgrade plan before its first statement runs: the findings of every step still
 * to run, against the schema its revision starts from, with the configured severities and the
 * acknowledgements in the migration sources. Also refuses backfills whose value the reviewer has
 * not stated yet, whatever {@code migrate.safety} says: they cannot run. {@code downgrade} is
 * judged the same way ({@link #evaluateDowngrade}).
 */
public final class SafetyGate {

    private SafetyGate() {}

    /**
     * What the gate found.
     *
     * @param warnings findings to report that do not stop the run
     * @param blocking findings that stop it, each with why and the safe rewrite
     * @param incomplete steps that cannot run as written (a backfill without value)
     */
    public record Verdict(List<String> warnings, List<String> blocking, List<String> incomplete) {

        public boolean refuses() {
            return !blocking.isEmpty() || !incomplete.isEmpty();
        }

        /** The refusal, naming every step and what to do; empty when the plan may run. */
        public String refusal(String direction) {
            if (!refuses()) {
                return "";
            }
            StringBuilder m =
                    new StringBuilder("Refusing to ").append(direction).append(": nothing was run.\n");
            if (!incomplete.isEmpty()) {
                m.append("  ")
                        .append(incomplete.size())
                        .append(incomplete.size() == 1 ? " step is" : " steps are")
                        .append(" not complete:\n");
                incomplete.forEach(s -> m.append("    ").append(s).append('\n'));
                m.append(
                        "  State the value in the migration source: replace null in op.backfill(...) with an SQL expression"
                                + " over the row (e.g. \"''\", \"0\", \"lower(name)\"), or use the Java form op.backfill(table, column,"
                                + " row -> ..., reads...). Retort never fills a NOT NULL column with an implicit '' or 0.\n");
            }
            if (!blocking.isEmpty()) {
                m.append("  ")
                        .append(blocking.size())
                        .append(blocking.size() == 1 ? " step has" : " steps have")
                        .append(" a safety finding of severity error:\n");
                blocking.forEach(s -> m.append("    ").append(s).append('\n'));
                m.append(
                                "  Prefer the safe form. When the risk is understood and accepted (a small table, a maintenance window),"
                                        + " add .acknowledge(\"RTnnn\") to the step in the migration source")
                        .append(
                                direction.equals("downgrade")
                                        ? "'s downgrade method (the undo of a half-applied revision is"
                                                + " derived from its upgrade and has no source: there, -Dmigrate.safetyRules=RTnnn=warning)"
                                        : "")
                        .append(
                                ". For a local database, -Dmigrate.safety=warn reports findings as warnings for that run.");
            }
            return m.toString().stripTrailing();
        }
    }

    /**
     * Evaluates the steps still to run.
     *
     * @param applied  revisions the database records as applied (their schema is the starting point)
     * @param plan     revisions to run, each with the 0-based index of its first step still to run
     * @param lockWait the configured lock wait per DDL attempt, or null for Retort's default
     */
    public static Verdict evaluate(
            Dialect dialect,
            RevisionGraph graph,
            Collection<String> applied,
            Map<RevisionInfo, Integer> plan,
            SafetyPolicy policy,
            Duration lockWait) {
        List<String> warnings = new ArrayList<>();
        List<String> blocking = new ArrayList<>();
        List<String> incomplete = new ArrayList<>();
        if (plan.isEmpty()) {
            return new Verdict(warnings, blocking, incomplete);
        }
        Map<String, Integer> from = new HashMap<>();
        plan.forEach((r, step) -> from.put(r.id(), step));
        Set<String> include = new HashSet<>(applied);
        include.addAll(from.keySet());
        Schema schema = Schema.EMPTY;
        for (RevisionInfo r : graph.ordered()) {
            if (!include.contains(r.id())) {
                continue;
            }
            Integer first = from.get(r.id());
            if (first != null) {
                List<Operation> ops = r.upgrade();
                for (int k = first; k < ops.size(); k++) {
                    if (ops.get(k) instanceof BackfillColumn b && b.missingValue()) {
                        incomplete.add(r.id() + " (" + r.className() + ") step " + (k + 1) + ": " + b.describe());
                    }
                }
                judge(dialect, schema, r, ops, first, r::acknowledged, false, policy, lockWait, warnings, blocking);
            }
            schema = RevisionGraph.replay(schema, r);
        }
        return new Verdict(warnings, blocking, incomplete);
    }

    /**
     * Evaluates a downgrade plan the same way: each revision's steps, in the order they will run,
     * against the schema the steps before them leave. A rollback runs against the same live tables
     * as an upgrade, often while the newer application version still serves traffic, so it is held
     * to the same rules; acknowledgements come from the migration's {@code downgrade} method.
     *
     * @param current the schema the database has now
     * @param plans   per revision to revert, in the order they run, the steps that undo it: its
     *                {@code downgrade} steps, or (for a revision whose upgrade stopped half-way)
     *                the inverse of its completed steps, which no source acknowledges
     */
    public static Verdict evaluateDowngrade(
            Dialect dialect,
            Schema current,
            Map<RevisionInfo, List<Operation>> plans,
            SafetyPolicy policy,
            Duration lockWait) {
        List<String> warnings = new ArrayList<>();
        List<String> blocking = new ArrayList<>();
        Schema schema = current;
        for (Map.Entry<RevisionInfo, List<Operation>> e : plans.entrySet()) {
            RevisionInfo r = e.getKey();
            List<Operation> ops = e.getValue();
            boolean fromSource = ops.equals(r.downgrade());
            judge(
                    dialect,
                    schema,
                    r,
                    ops,
                    0,
                    step -> fromSource ? r.downgradeAcknowledged(step) : Set.of(),
                    true,
                    policy,
                    lockWait,
                    warnings,
                    blocking);
            for (Operation op : ops) {
                try {
                    schema = op.applyTo(schema);
                } catch (ReplayException ex) {
                    // the runner reports a plan that does not fit the schema when it gets there
                }
            }
        }
        return new Verdict(warnings, blocking, List.of());
    }

    /** The findings of {@code ops} from step {@code first} on, sorted into warnings and blocking. */
    private static void judge(
            Dialect dialect,
            Schema schema,
            RevisionInfo r,
            List<Operation> ops,
            int first,
            IntFunction<Set<String>> acknowledged,
            boolean downgrade,
            SafetyPolicy policy,
            Duration lockWait,
            List<String> warnings,
            List<String> blocking) {
        for (Finding f : SafetyAnalyzer.analyze(dialect, schema, ops, lockWait)) {
            Severity severity = policy.severityOf(f);
            if (f.step() < first
                    || severity == Severity.OFF
                    || downgrade && !f.rule().judgesDowngrade()) {
                continue;
            }
            String where = r.id() + " (" + r.className() + ") " + (downgrade ? "downgrade " : "") + "step "
                    + (f.step() + 1) + ": ";
            Set<String> acks = acknowledged.apply(f.step());
            if (policy.blocks(f, acks, dialect)) {
                blocking.add(where + f.summary() + "\n      Why: " + f.rule().hurts() + ".\n      Safe: "
                        + f.rule().rewrite() + "." + "\n      See: " + f.rule().docsLink());
            } else if (severity != Severity.INFO) {
                warnings.add("Safety " + (acks.contains(f.id()) ? "(acknowledged) " : "") + where + f.summary()
                        + (acks.contains(f.id())
                                ? ""
                                : ". " + capitalize(f.rule().rewrite()) + "."));
            }
        }
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}

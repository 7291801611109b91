package dev.retort.core.safety;

import dev.retort.core.ops.Operation;

/**
 * One rule matching one step of a plan.
 *
 * @param rule      the rule
 * @param severity  its severity for the dialect analysed, before any configuration
 * @param step      the step's index in the analysed list, 0-based
 * @param operation the step
 * @param detail    what exactly matched: {@code "orders.amount DECIMAL(12,2) -> DECIMAL(14,2)"}
 */
public record Finding(Rule rule, Severity severity, int step, Operation operation, String detail) {

    public String id() {
        return rule.id();
    }

    /** One line: id, title and what matched. */
    public String summary() {
        return rule.id() + " " + rule.title() + ": " + detail;
    }

    /** The summary, why it hurts, the safe rewrite and where the rule is explained, for logs and refusals. */
    public String explanation() {
        return summary() + ". Why: " + rule.hurts() + ". Safe: " + rule.rewrite() + ". See " + rule.docsLink();
    }
}

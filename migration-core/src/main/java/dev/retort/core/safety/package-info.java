/**
 * Production safety: rules with stable ids ({@code RT2xx}) that flag schema changes which lock or
 * rewrite a busy table, fail on existing rows, or break the application version still running;
 * the safe rewrites {@code migrate:generate} writes by default; and the gate {@code migrate:upgrade}
 * applies before the first statement runs.
 *
 * <p>Entry points: {@link dev.retort.core.safety.SafetyAnalyzer#analyze} (findings for a plan),
 * {@link dev.retort.core.safety.SafetyPolicy} (severities and {@code migrate.safety}),
 * {@link dev.retort.core.safety.SafetyGate} (acknowledgements and the refusal),
 * {@link dev.retort.core.safety.SafeRewrites} (the generator's hook).
 */
package dev.retort.core.safety;

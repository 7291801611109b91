package dev.retort.core.safety;

import dev.retort.core.dialect.Dialect;
import dev.retort.core.errors.Hint;
import dev.retort.core.errors.InvalidSettingException;
import dev.retort.core.errors.Setting;
import dev.retort.core.errors.Text;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a run does with findings: {@code migrate.safety} ({@code error}, the default, keeps every
 * rule at its configured severity; {@code warn} reports every finding as a warning for this run,
 * for local loops and tests) and per-rule severities ({@code migrate.safetyRules=RT201=error,RT209=off}).
 * Never lifts the data-loss gate: that is {@code migrate.allowDataLoss}'s alone.
 *
 * @param warnOnly  {@code migrate.safety=warn}
 * @param severities configured severities by rule id, overriding the rules' defaults
 */
public record SafetyPolicy(boolean warnOnly, Map<String, Severity> severities) {

    /** {@code migrate.safety=error}, every rule at its default severity. */
    public static final SafetyPolicy DEFAULT = new SafetyPolicy(false, Map.of());

    public SafetyPolicy {
        severities = Map.copyOf(severities);
    }

    /**
     * Reads the user's settings.
     *
     * @param mode  {@code error} or {@code warn}; null or blank means {@code error}
     * @param rules comma-separated {@code RTnnn=severity} pairs; null or blank means none
     * @throws InvalidSettingException naming the setting and the bad part, for the edge to word
     */
    public static SafetyPolicy parse(String mode, String rules) {
        String m = mode == null || mode.isBlank() ? "error" : mode.trim().toLowerCase(Locale.ROOT);
        if (!m.equals("error") && !m.equals("warn")) {
            throw new InvalidSettingException(
                    Setting.SAFETY,
                    Text.of(Hint.name(Setting.SAFETY), " must be 'error' or 'warn', not '" + mode + "'"));
        }
        Map<String, Severity> severities = new LinkedHashMap<>();
        if (rules != null && !rules.isBlank()) {
            for (String pair : rules.split(",")) {
                String[] kv = pair.split("=", 2);
                if (kv.length != 2) {
                    throw new InvalidSettingException(
                            Setting.SAFETY_RULES,
                            Text.of(Hint.name(Setting.SAFETY_RULES), ": '" + pair.trim() + "' is not RTnnn=severity"));
                }
                Rule rule = Rule.byId(kv[0])
                        .orElseThrow(() -> new InvalidSettingException(
                                Setting.SAFETY_RULES,
                                Text.of(
                                        Hint.name(Setting.SAFETY_RULES),
                                        ": unknown rule '" + kv[0].trim()
                                                + "'; the rules are RT201-RT215 and RT251-RT256")));
                severities.put(rule.id(), Severity.parse(kv[1]));
            }
        }
        return new SafetyPolicy(m.equals("warn"), severities);
    }

    /** The rules whose harm, a table copy that blocks writes, a shadow copy ({@code migrate.onlineCopy}) avoids. */
    public static final java.util.List<String> AVOIDED_BY_ONLINE_COPY = java.util.List.of("RT204", "RT205", "RT206");

    /**
     * This policy for a run with {@code migrate.onlineCopy} on: a change the server could only make
     * by copying the table is copied through a shadow table while writes continue (or still refused
     * at run time when the table does not allow it), so {@link #AVOIDED_BY_ONLINE_COPY} become
     * warnings unless configured otherwise.
     */
    public SafetyPolicy withOnlineCopy() {
        Map<String, Severity> lowered = new LinkedHashMap<>(severities);
        for (String id : AVOIDED_BY_ONLINE_COPY) {
            lowered.putIfAbsent(id, Severity.WARNING);
        }
        return new SafetyPolicy(warnOnly, lowered);
    }

    /** The configured severity of a finding; {@link Severity#OFF} means it is not reported. */
    public Severity severityOf(Finding f) {
        return severities.getOrDefault(f.id(), f.severity());
    }

    /**
     * True when the finding stops {@code upgrade} (and fails {@code check}): severity error, not
     * acknowledged on its step, not in {@code warn} mode, and not on a development database
     * ({@link Dialect#developmentOnly}: nothing runs there that production users could feel).
     */
    public boolean blocks(Finding f, Set<String> acknowledged, Dialect dialect) {
        return !warnOnly
                && !dialect.developmentOnly()
                && severityOf(f) == Severity.ERROR
                && !acknowledged.contains(f.id());
    }
}

package dev.retort.core.startup;

import dev.retort.core.errors.Action;
import dev.retort.core.errors.Hint;
import dev.retort.core.errors.Setting;
import dev.retort.core.errors.Wording;

/**
 * Hints for an application that migrates through {@link Retort}: a setting is the builder method
 * that sets it ({@code .allowDataLoss(true)}), an upgrade is {@code migrate()}. What the start-up
 * API cannot do (downgrade, stamp, generate, merge, history) is named as the Maven goal that does it,
 * since that is the tool that can.
 */
public class StartupWording implements Wording {

    @Override
    public String hint(Hint hint) {
        if (hint.action() == null) {
            return setting(hint.setting(), hint.value());
        }
        if (hint.action() == Action.UPGRADE) {
            return upgrade(hint.setting() == null ? "" : setting(hint.setting(), hint.value()));
        }
        return goal(hint);
    }

    /** An upgrade, with the setting it needs in this edge's words (empty when none). */
    protected String upgrade(String setting) {
        return "migrate()" + (setting.isEmpty() ? "" : " with " + setting);
    }

    /** A setting in this edge's words; the value is null when the hint names the setting only. */
    protected String setting(Setting setting, String value) {
        String v = value == null ? "…" : value;
        return switch (setting) {
            case TARGET -> ".target(\"" + v + "\")";
            case ALLOW_DATA_LOSS -> ".allowDataLoss(" + v + ")";
            case SAFETY -> ".safety(SafetyPolicy.parse(\"" + v + "\", null))";
            case SAFETY_RULES -> ".safety(SafetyPolicy.parse(\"error\", \"" + v + "\"))";
            case LOCK_WAIT -> ".lockWait(" + v + ")";
            case DDL_LOCK_WAIT -> ".ddl(DdlPolicy.DEFAULT.withLockWait(" + v + "))";
            case DDL_RETRY_BUDGET -> ".ddl(DdlPolicy.DEFAULT.withRetryBudget(" + v + "))";
            case COPY_ROW_LIMIT -> ".ddl(DdlPolicy.DEFAULT.withCopyRowLimit(" + v + "))";
            case ONLINE_COPY, ONLINE_COPY_CHUNK, ONLINE_COPY_THROTTLE ->
                ".ddl(DdlPolicy.DEFAULT.withOnlineCopy(…)) (" + setting.key() + (value == null ? "" : "=" + value)
                        + ")";
            case ONLINE_COPY_VERIFY, ONLINE_COPY_MAX_THREADS_RUNNING ->
                ".ddl(DdlPolicy.DEFAULT.withCopyChecks(…)) (" + setting.key() + (value == null ? "" : "=" + value)
                        + ")";
            case ONLINE_COPY_REPLICAS, ONLINE_COPY_MAX_REPLICA_LAG ->
                ".ddl(DdlPolicy.DEFAULT.withReplicaLag(…)) (" + setting.key() + (value == null ? "" : "=" + value)
                        + ")";
            case ONLINE_COPY_ENGINE ->
                ".ddl(DdlPolicy.DEFAULT.withCopyEngine(DdlPolicy.CopyEngine.parse(\"" + v + "\")))";
            case ONLINE_COPY_FEED -> ".ddl(DdlPolicy.DEFAULT.withCopyFeed(DdlPolicy.CopyFeed.parse(\"" + v + "\")))";
            case TENANTS -> ".tenants(\"" + v + "\")";
            case TENANTS_QUERY -> ".tenantsQuery(\"" + v + "\")";
            case TENANTS_PARALLEL -> ".tenantsParallel(" + v + ")";
            case TENANTS_FAIL_FAST -> ".tenantsFailFast(" + v + ")";
            case PURGE, MESSAGE ->
                "-Dmigrate." + setting.key() + (value == null ? "" : "=" + value) + " (Maven plugin)";
        };
    }

    /** An action the start-up API does not offer, as the Maven plugin's goal. */
    public static String goal(Hint hint) {
        return "mvn migrate:" + hint.action().key()
                + (hint.setting() == null
                        ? ""
                        : " -Dmigrate." + hint.setting().key() + (hint.value() == null ? "" : "=" + hint.value()))
                + " (Maven plugin)";
    }

    /** This wording with {@code secrets} masked in the whole message. */
    static Wording masking(Wording wording, java.util.List<String> secrets) {
        return new Wording() {
            @Override
            public String hint(Hint hint) {
                return wording.hint(hint);
            }

            @Override
            public String finish(String message) {
                return dev.retort.core.runner.Connections.maskAll(wording.finish(message), secrets);
            }
        };
    }
}

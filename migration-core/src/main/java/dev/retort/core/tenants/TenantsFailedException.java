package dev.retort.core.tenants;

import dev.retort.core.errors.Action;
import dev.retort.core.errors.Hint;
import dev.retort.core.errors.Setting;
import dev.retort.core.errors.Text;
import dev.retort.core.runner.MigrationException;
import java.util.List;

/**
 * Some tenants of a fan-out failed, or were not started after a failure (failFast). The others are
 * done and stay done; the message names the tenants left and how to run only them. A plain rerun
 * does the same: a finished tenant is up to date, an interrupted one resumes from its journal.
 */
public class TenantsFailedException extends MigrationException {

    private final TenantReport report;

    TenantsFailedException(TenantReport report, Action action) {
        super(
                text(report, action),
                report.rows().stream()
                        .filter(r -> r.error() != null)
                        .map(TenantReport.Row::error)
                        .findFirst()
                        .orElse(null));
        this.report = report;
    }

    /** The whole run, tenant by tenant. */
    public TenantReport report() {
        return report;
    }

    private static Text text(TenantReport report, Action action) {
        List<String> failed = report.failed();
        List<String> skipped = report.skipped();
        String rerun = String.join(",", report.unfinished());
        Text.Builder t = Text.builder();
        t.add(failed.size() + " of " + report.rows().size() + " tenant"
                + (report.rows().size() == 1 ? "" : "s")
                + " failed: " + String.join(", ", failed) + " (each one's error is logged above, and where it"
                + " stopped is in the summary)");
        if (!skipped.isEmpty()) {
            t.add(
                    "; " + skipped.size() + " not started because ",
                    Hint.name(Setting.TENANTS_FAIL_FAST),
                    " is set: " + String.join(", ", skipped));
        }
        t.add(". The other tenants are done. ");
        if (action == null) {
            t.add("To look at only these again: ", Hint.set(Setting.TENANTS, rerun), ".");
        } else {
            t.add(
                    "Fix the cause, then run only these with ",
                    Hint.run(action, Setting.TENANTS, rerun),
                    "; a plain rerun works too: finished tenants are up to date, and one stopped half-way resumes at"
                            + " the step that failed.");
        }
        return t.build();
    }
}

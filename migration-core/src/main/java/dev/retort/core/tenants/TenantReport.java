package dev.retort.core.tenants;

import dev.retort.core.errors.Action;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one fan-out did, tenant by tenant, in the order the tenants were given: where each stood
 * before and after, how long it took, and its result. {@link #table()} is the summary printed at
 * the end of a run.
 *
 * @param kind     {@code database} or {@code schema}: what a tenant is on this server
 * @param parallel how many tenants ran at once
 * @param rows     one per tenant, in the order given
 * @param elapsed  the wall time of the whole fan-out
 */
public record TenantReport(String kind, int parallel, List<Row> rows, Duration elapsed) {

    /** How one tenant ended. */
    public enum Status {
        /** The work ran to its end ({@link Row#result()} says what it did, e.g. {@code up to date}). */
        OK,
        /** The work failed; {@link Row#error()} says why. Other tenants were not stopped by it, unless failFast. */
        FAILED,
        /** Not started: an earlier tenant failed and failFast was set. */
        SKIPPED
    }

    /**
     * One tenant's line of the summary.
     *
     * @param from   where it stood before the run ({@code base}, revision ids, an unfinished revision's step)
     * @param to     where it stands after the run (the same as {@code from} when nothing changed)
     * @param result what happened, one line: {@code upgraded: 3 revisions}, {@code up to date}, the first line of an error
     * @param error  the failure, or null
     */
    public record Row(
            String tenant, String from, String to, Duration time, Status status, String result, Throwable error) {}

    public TenantReport {
        rows = List.copyOf(rows);
    }

    /** The tenants that failed, in the order given. */
    public List<String> failed() {
        return names(Status.FAILED);
    }

    /** The tenants failFast left unstarted, in the order given. */
    public List<String> skipped() {
        return names(Status.SKIPPED);
    }

    /** The tenants a rerun must still do: the failed and the skipped ones, in the order given. */
    public List<String> unfinished() {
        return rows.stream()
                .filter(r -> r.status() != Status.OK)
                .map(Row::tenant)
                .toList();
    }

    private List<String> names(Status status) {
        return rows.stream().filter(r -> r.status() == status).map(Row::tenant).toList();
    }

    /**
     * The summary: a headline with the counts, then one aligned line per tenant:
     * {@code tenant | from → to | time | result}.
     */
    public List<String> table() {
        List<String> out = new ArrayList<>();
        long ok = rows.stream().filter(r -> r.status() == Status.OK).count();
        out.add("Tenants: " + rows.size() + " " + kind + (rows.size() == 1 ? "" : "s") + ", " + parallel
                + " at a time, in " + seconds(elapsed) + ": " + ok + " ok, " + failed().size() + " failed"
                + (skipped().isEmpty() ? "" : ", " + skipped().size() + " not started (failFast)"));
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"tenant", "from → to", "time", "result"});
        for (Row r : rows) {
            String move = r.from().equals(r.to()) ? r.from() : r.from() + " → " + r.to();
            cells.add(new String[] {
                r.tenant(),
                move,
                r.status() == Status.SKIPPED ? "-" : seconds(r.time()),
                (r.status() == Status.FAILED ? "FAILED: " : "") + r.result()
            });
        }
        int[] width = new int[3];
        for (String[] c : cells) {
            for (int i = 0; i < 3; i++) {
                width[i] = Math.max(width[i], c[i].length());
            }
        }
        for (String[] c : cells) {
            out.add(pad(c[0], width[0]) + " | " + pad(c[1], width[1]) + " | " + padLeft(c[2], width[2]) + " | " + c[3]);
        }
        return out;
    }

    /**
     * The failure to raise when a tenant failed or was not started; null when every tenant is done.
     *
     * @param action what reruns the missing tenants ({@code upgrade}, {@code downgrade}); null when the run only read
     */
    public TenantsFailedException failure(Action action) {
        return unfinished().isEmpty() ? null : new TenantsFailedException(this, action);
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.2f s", d.toNanos() / 1e9);
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    private static String padLeft(String s, int width) {
        return " ".repeat(Math.max(0, width - s.length())) + s;
    }
}

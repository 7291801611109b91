package dev.retort.core.tenants;

import dev.retort.core.dialect.Dialect;
import dev.retort.core.dialect.Dialects;
import dev.retort.core.errors.Worded;
import dev.retort.core.errors.Wording;
import dev.retort.core.history.HistoryRow;
import dev.retort.core.history.HistoryTable;
import dev.retort.core.jdbc.JdbcUrl;
import dev.retort.core.runner.Connections;
import dev.retort.core.runner.MigrationException;
import dev.retort.core.runner.RunLog;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the same work on every tenant of a server: each tenant on a connection of its own, opened
 * from the URL with the tenant's database (MySQL, MariaDB) or schema (PostgreSQL, H2) put in
 * ({@link JdbcUrl#forTenant}), so its migration lock, its {@code retort_history} journal and every
 * gate are exactly those of a single database. At most {@code parallel} tenants run at once. A
 * failed tenant does not stop the others; with failFast, no tenant starts after a failure, and the
 * ones running finish their work (nothing is ever interrupted, least of all a DDL statement).
 * Every line a tenant logs starts with {@code [tenant]}; the summary table follows the last tenant.
 */
public final class TenantFanOut {

    /** The work of one run on one tenant. */
    @FunctionalInterface
    public interface Task {

        /**
         * Does the work on the tenant's own connection.
         *
         * @return what it did, one line for the summary: {@code upgraded: 3 revisions}, {@code up to date}
         * @throws MigrationException (or any runtime exception) when the tenant failed; other tenants go on
         */
        String run(Tenant tenant) throws SQLException;
    }

    /**
     * One tenant while its work runs.
     *
     * @param log the run's log with every line prefixed by {@code [name]}
     */
    public record Tenant(String name, Connection connection, Dialect dialect, RunLog log) {}

    private final String url;
    private final String username;
    private final String password;
    private final ClassLoader drivers;
    private final TenantSettings settings;
    private final RunLog log;
    private final Wording wording;
    private final List<String> secrets;

    /**
     * @param url      the server's URL ({@code migrate.url}); each tenant's is derived from it
     * @param drivers  where the JDBC drivers are
     * @param wording  how errors name settings and actions in the summary and the per-tenant error lines
     */
    public TenantFanOut(
            String url,
            String username,
            String password,
            ClassLoader drivers,
            TenantSettings settings,
            RunLog log,
            Wording wording) {
        this.url = url;
        this.username = username;
        this.password = password;
        this.drivers = drivers;
        this.settings = settings;
        this.log = log;
        this.wording = wording;
        this.secrets = Connections.secrets(url, password);
    }

    /**
     * What an upgrade or a downgrade did to one tenant, for the summary: {@code up to date} (or
     * {@code nothing to downgrade}) when {@code ids} is empty, else {@code upgraded: 3 revisions}.
     *
     * @param verb {@code upgraded} or {@code downgraded}
     */
    public static String result(String verb, List<String> ids) {
        if (ids.isEmpty()) {
            return verb.equals("upgraded") ? "up to date" : "nothing to " + verb.replaceAll("d$", "");
        }
        return verb + ": " + ids.size() + " revision" + (ids.size() == 1 ? "" : "s");
    }

    /** Runs {@code task} on each tenant, then logs the summary table; the report says who failed. */
    public TenantReport run(List<String> tenants, Task task) {
        String kind = JdbcUrl.of(url).tenantKind();
        int threads = Math.min(settings.parallel(), Math.max(1, tenants.size()));
        log.info("Tenants: " + tenants.size() + " " + kind + (tenants.size() == 1 ? "" : "s") + ", " + threads
                + " at a time" + (settings.failFast() ? ", stopping at the first failure (failFast)" : "") + ".");
        TenantReport.Row[] rows = new TenantReport.Row[tenants.size()];
        AtomicBoolean failed = new AtomicBoolean();
        long start = System.nanoTime();
        inParallel(threads, tenants.size(), i -> {
            String name = tenants.get(i);
            if (settings.failFast() && failed.get()) {
                rows[i] = new TenantReport.Row(
                        name, "-", "-", Duration.ZERO, TenantReport.Status.SKIPPED, "not started", null);
                return;
            }
            rows[i] = one(name, task);
            if (rows[i].status() == TenantReport.Status.FAILED) {
                failed.set(true);
            }
        });
        TenantReport report =
                new TenantReport(kind, threads, List.of(rows), Duration.ofNanos(System.nanoTime() - start));
        List<String> table = report.table();
        log.info(table.get(0));
        table.subList(1, table.size()).forEach(line -> log.info("  " + line));
        return report;
    }

    /**
     * Calls {@code work} with each index from 0 to {@code count - 1}, in that order of start, on at
     * most {@code parallel} threads at once (the calling thread alone when that is 1), and returns
     * when every call has. {@code work} must not throw; each call owns its index.
     */
    public static void inParallel(int parallel, int count, java.util.function.IntConsumer work) {
        int threads = Math.max(1, Math.min(parallel, count));
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                work.accept(i);
            }
        };
        if (threads == 1) {
            worker.run();
            return;
        }
        List<Thread> pool = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(worker, "retort-tenant-" + (t + 1));
            thread.setDaemon(true);
            pool.add(thread);
            thread.start();
        }
        for (Thread thread : pool) {
            joinUninterruptibly(thread);
        }
    }

    /**
     * Waits for a worker even when this thread is interrupted: a worker may be in the middle of a
     * DDL statement, which must end on its own; the interrupt is kept for the caller.
     */
    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private TenantReport.Row one(String name, Task task) {
        RunLog prefixed = prefixed(name);
        long start = System.nanoTime();
        String from = "?";
        String to = "?";
        try {
            Tenant tenant = open(name, null);
            try (Connection c = tenant.connection()) {
                Dialect dialect = tenant.dialect();
                from = position(c, dialect);
                String result;
                try {
                    result = task.run(tenant);
                } finally {
                    to = positionOrUnknown(c, dialect);
                }
                return new TenantReport.Row(name, from, to, since(start), TenantReport.Status.OK, result, null);
            }
        } catch (SQLException | RuntimeException e) {
            String message = message(e);
            prefixed.warn("FAILED: " + message);
            String first = message.lines().findFirst().orElse("").strip();
            return new TenantReport.Row(
                    name,
                    from,
                    to,
                    since(start),
                    TenantReport.Status.FAILED,
                    first.length() > 160 ? first.substring(0, 157) + "..." : first,
                    e);
        }
    }

    /**
     * Opens the tenant's own connection (its database or schema put into the server's URL, {@link
     * JdbcUrl#forTenant}) and checks that the session is the tenant's; the caller closes it.
     *
     * @param timeout how long connecting and each read may wait, as {@link Connections#open}; null: the driver's
     * @throws MigrationException when the tenant's database or schema does not exist
     */
    public Tenant open(String name, Duration timeout) throws SQLException {
        JdbcUrl server = JdbcUrl.of(url);
        Connection c = Connections.open(server.forTenant(name), username, password, drivers, timeout);
        try {
            Dialect dialect = Dialects.detect(c.getMetaData());
            checkExists(c, dialect, name, server.tenantKind());
            return new Tenant(name, c, dialect, prefixed(name));
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException x) {
                e.addSuppressed(x);
            }
            throw e;
        }
    }

    /** The message of a tenant's failure as the summary and {@link #open} callers show it: worded, secrets masked. */
    public String message(Throwable e) {
        return Connections.maskAll(
                e instanceof Worded w ? w.message(wording) : String.valueOf(e.getMessage()), secrets);
    }

    /**
     * Fails the tenant when its database or schema is missing: PostgreSQL accepts a
     * {@code currentSchema} that names no schema (the session then has no current schema), and
     * Retort does not create tenants behind the user's back.
     */
    private void checkExists(Connection c, Dialect dialect, String name, String kind) throws SQLException {
        String current;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(dialect.catalog().currentSchemaQuery())) {
            current = rs.next() ? rs.getString(1) : null;
        }
        if (current == null || !current.equalsIgnoreCase(name)) {
            throw new MigrationException("The " + kind + " '" + name + "' does not exist on the server of "
                    + Connections.maskAll(url, secrets) + " (the session's current " + kind + " is "
                    + (current == null ? "none" : "'" + current + "'") + "). Create it first: Retort migrates tenants,"
                    + " it does not create them.");
        }
    }

    /**
     * Where a tenant stands, read from its journal without changing anything: {@code base}, the
     * applied revisions nothing applied builds on, and any revision a run left unfinished with the
     * step it reached.
     */
    public static String position(Connection c, Dialect dialect) throws SQLException {
        List<HistoryRow> rows = new HistoryTable(c, dialect).rowsIfExists();
        if (rows == null) {
            return "base";
        }
        Set<String> parents = new HashSet<>();
        rows.stream().filter(HistoryRow::applied).forEach(r -> parents.addAll(r.parents()));
        List<String> parts = new ArrayList<>();
        for (HistoryRow r : rows) {
            if (r.reverting()) {
                parts.add(r.revision() + " (reverting, " + r.stepsReverted() + "/"
                        + r.revertChecksums().size() + " undone)");
            } else if (!r.applied()) {
                parts.add(r.revision() + " (" + r.state() + " at step " + r.stepsDone() + "/" + r.stepsTotal() + ")");
            } else if (!parents.contains(r.revision())) {
                parts.add(r.revision());
            }
        }
        return parts.isEmpty() ? "base" : String.join(", ", parts);
    }

    private static String positionOrUnknown(Connection c, Dialect dialect) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
            return position(c, dialect);
        } catch (SQLException | RuntimeException e) {
            // a connection that died mid-step cannot say; the tenant's error does
            return "?";
        }
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** The run's log with {@code [tenant] } in front of every line. */
    private RunLog prefixed(String name) {
        String prefix = "[" + name + "] ";
        return new RunLog() {
            @Override
            public void info(String message) {
                log.info(prefix + message);
            }

            @Override
            public void warn(String message) {
                log.warn(prefix + message);
            }

            @Override
            public void stepDone(String revision, int step, int total) {
                log.stepDone(revision, step, total);
            }
        };
    }
}

package dev.retort.core.startup;

import dev.retort.core.dialect.Dialect;
import dev.retort.core.dialect.Dialects;
import dev.retort.core.errors.Action;
import dev.retort.core.errors.InvalidSettingException;
import dev.retort.core.errors.Wording;
import dev.retort.core.history.GraphException;
import dev.retort.core.history.HistoryRow;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.jdbc.JdbcUrl;
import dev.retort.core.runner.Connections;
import dev.retort.core.runner.DdlPolicy;
import dev.retort.core.runner.MigrationException;
import dev.retort.core.runner.MigrationRunner;
import dev.retort.core.runner.RunLog;
import dev.retort.core.safety.SafetyPolicy;
import dev.retort.core.tenants.TenantFanOut;
import dev.retort.core.tenants.TenantReport;
import dev.retort.core.tenants.TenantSettings;
import dev.retort.core.tenants.TenantsFailedException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Upgrades a database when an application starts, with the same guarantees as the Maven plugin's
 * {@code upgrade} goal: the database lock serialises instances starting together, every
 * step is journaled in {@code retort_history}, edited migrations and unacknowledged data loss are
 * refused before anything runs.
 *
 * <pre>{@code
 * Retort.configure()
 *       .url(jdbcUrl).username(user).password(password)
 *       .migrations(getClass().getClassLoader(), "db.migration")
 *       .migrate();
 * }</pre>
 *
 * <p>Migrations run on their own connection, opened from the URL and closed before
 * {@link Builder#migrate()} returns; never one borrowed from the application's pool, whose
 * settings (auto-commit, isolation, a read-only replica) are the application's. A reactive (R2DBC)
 * application, which has no JDBC pool, migrates the same way from a JDBC URL and credentials; the
 * JDBC driver is then needed on its classpath for this call only.
 */
public final class Retort {

    private Retort() {}

    /** Starts a configuration; {@link Builder#url} and {@link Builder#migrations} are required. */
    public static Builder configure() {
        return new Builder();
    }

    /**
     * What one start-up migration did.
     *
     * @param applied the revisions applied, in order; with tenants, every tenant's, in the order they were applied
     * @param tenants tenant by tenant, when the run fanned out over tenants ({@link Builder#tenants}); else null
     */
    public record Result(String database, String dialect, List<String> applied, TenantReport tenants) {

        public Result(String database, String dialect, List<String> applied) {
            this(database, dialect, applied, null);
        }
    }

    /**
     * Where a database stands against the migrations on the class path, read without changing it.
     *
     * @param database the URL, password masked
     * @param current  the applied revisions nothing applied builds on (one, or several on branches); empty at base
     * @param pending  the revisions not applied yet, in the order an upgrade to {@code heads} would run them
     * @param unfinished revisions recorded as started but not completed (a failed or killed run)
     * @param tenants  with {@link Builder#tenants} or {@link Builder#tenantsQuery}: each tenant's status, in the
     *                 order given (a tenant that could not be read has only {@code error}); then {@code current} is
     *                 what every readable tenant has applied, {@code pending} what any of them still lacks and
     *                 {@code unfinished} what any of them left unfinished. Empty without tenants
     * @param error    why this tenant could not be read (password masked); null when it was read
     */
    public record Status(
            String database,
            List<String> current,
            List<String> pending,
            List<String> unfinished,
            Map<String, Status> tenants,
            String error) {

        public Status {
            current = List.copyOf(current);
            pending = List.copyOf(pending);
            unfinished = List.copyOf(unfinished);
            tenants = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tenants));
        }

        /** The status of one database read without tenants. */
        public Status(String database, List<String> current, List<String> pending, List<String> unfinished) {
            this(database, current, pending, unfinished, Map.of(), null);
        }
    }

    /** The settings of one start-up migration. */
    public static final class Builder {
        private String url;
        private String username;
        private String password;
        private ClassLoader loader;
        private final List<String> packages = new ArrayList<>();
        private String target = "head";
        private boolean allowDataLoss;
        private Duration lockWait = Duration.ofSeconds(60);
        private SafetyPolicy safety = SafetyPolicy.DEFAULT;
        private DdlPolicy ddl = DdlPolicy.DEFAULT;
        private RunLog log;
        private Duration statusTimeout;
        private Wording wording = new StartupWording();
        private List<String> tenants = List.of();
        private String tenantsQuery;
        private int tenantsParallel = TenantSettings.DEFAULT_PARALLEL;
        private boolean tenantsFailFast;

        private Builder() {}

        /** The JDBC URL of the database to migrate. */
        public Builder url(String url) {
            this.url = url;
            return this;
        }

        public Builder username(String username) {
            this.username = username;
            return this;
        }

        /** Used to connect, and masked in every message. */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** Where the migration classes are: a class loader (also used for the JDBC driver) and one or more packages. */
        public Builder migrations(ClassLoader classLoader, String... packageNames) {
            this.loader = Objects.requireNonNull(classLoader, "classLoader");
            this.packages.addAll(List.of(packageNames));
            return this;
        }

        /** {@code head} (default), {@code heads}, a revision id or prefix, or {@code +N}. */
        public Builder target(String target) {
            this.target = target;
            return this;
        }

        /** Runs unacknowledged destructive steps; for local databases only, as {@code -Dmigrate.allowDataLoss}. */
        public Builder allowDataLoss(boolean allow) {
            this.allowDataLoss = allow;
            return this;
        }

        /** How long to wait for another instance's migration lock (default 60 s). */
        public Builder lockWait(Duration wait) {
            this.lockWait = wait;
            return this;
        }

        /** What safety findings do, as {@code migrate.safety} and {@code migrate.safetyRules} ({@link SafetyPolicy#parse}). */
        public Builder safety(SafetyPolicy policy) {
            this.safety = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** How DDL waits for locks, retries and copies, as the {@code migrate.ddl*} and {@code migrate.onlineCopy*} properties. */
        public Builder ddl(DdlPolicy policy) {
            this.ddl = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** The DDL policy, its replicas reached with this builder's user and password unless the policy names others. */
        private DdlPolicy withReplicaCredentials() {
            DdlPolicy.ReplicaLag lag = ddl.copyReplicaLag();
            return lag.replicas().isEmpty() || lag.user() != null
                    ? ddl
                    : ddl.withReplicaCredentials(username, password);
        }

        /**
         * How long {@link #status()} waits for the server to answer, connecting and reading (default:
         * the driver's, which can be minutes or forever for an unreachable host): for a health or
         * info endpoint that must not hang. Per connection (MySQL, MariaDB and PostgreSQL drivers;
         * not H2's TCP client), not JVM-wide; {@link #migrate()} ignores it, as DDL may run long.
         */
        public Builder statusTimeout(Duration timeout) {
            this.statusTimeout = timeout;
            return this;
        }

        /**
         * How refusals tell the user what to change (default {@link StartupWording}: this builder's
         * methods); an integration with its own settings, like the Spring Boot starter, names those.
         */
        public Builder wording(Wording wording) {
            this.wording = Objects.requireNonNull(wording, "wording");
            return this;
        }

        /**
         * Migrates each of these databases (MySQL, MariaDB) or schemas (PostgreSQL, H2) on the server
         * of {@link #url} instead of the URL's own: each with its own lock, journal and gates, as if
         * it were the only one, then a summary table. A tenant that fails does not stop the others
         * (unless {@link #tenantsFailFast}); {@link #migrate()} then throws, naming the tenants left.
         */
        public Builder tenants(String... names) {
            return tenants(List.of(names));
        }

        /** As {@link #tenants(String...)}. */
        public Builder tenants(List<String> names) {
            this.tenants = List.copyOf(names);
            return this;
        }

        /** SQL run on the {@link #url}'s own database, returning one tenant name per row: the tenants, read at each migrate(). */
        public Builder tenantsQuery(String sql) {
            this.tenantsQuery = sql;
            return this;
        }

        /** How many tenants migrate at once (default 1). */
        public Builder tenantsParallel(int parallel) {
            this.tenantsParallel = parallel;
            return this;
        }

        /** Whether a failed tenant stops the tenants not started yet; the running ones finish (default false). */
        public Builder tenantsFailFast(boolean failFast) {
            this.tenantsFailFast = failFast;
            return this;
        }

        /** Where progress goes; by default {@link System.Logger} {@code dev.retort}, which Spring Boot routes to its logging. */
        public Builder log(RunLog log) {
            this.log = log;
            return this;
        }

        /**
         * Opens a connection, applies what is missing up to the target, closes the connection.
         *
         * @throws MigrationException for what the migrations or the database refuse (messages never hold the password),
         *         typed: {@link dev.retort.core.runner.DataLossException}, {@link dev.retort.core.runner.ChecksumMismatchException},
         *         {@link dev.retort.core.runner.StepFailedException}, {@link dev.retort.core.runner.LockBusyException}, …
         * @throws GraphException when the migrations do not form a usable graph or the target names no revision
         * @throws Connections.ConnectionException when the database cannot be reached
         */
        public Result migrate() {
            requireSettings();
            RunLog out = log != null ? log : systemLog();
            List<String> secrets = Connections.secrets(url, password);
            TenantSettings tenantSettings = tenantSettings(secrets);
            String shown = Connections.maskAll(url, secrets);
            if (tenantSettings.isSet()) {
                List<RevisionInfo> revisions = revisions();
                return migrateTenants(tenantSettings, new RevisionGraph(revisions), revisions.size(), out, secrets);
            }
            // the migration classes load, record and checksum on a thread of their own while the connection opens
            Beside<RevisionGraph> loading = new Beside<>("retort-migrations", () -> {
                RevisionGraph loaded = new RevisionGraph(revisions());
                loaded.computeChecksums();
                return loaded;
            });
            Connection c;
            try {
                c = Connections.open(url, username, password, loader);
            } catch (RuntimeException e) {
                loading.await(); // a migration that cannot load is reported first, as before
                throw e;
            }
            RevisionGraph graph;
            try {
                graph = loading.await();
            } catch (RuntimeException | Error e) {
                try {
                    c.close();
                } catch (SQLException closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
            int migrations = graph.ordered().size();
            try (c) {
                DatabaseMetaData meta = c.getMetaData();
                Dialect dialect = Dialects.detect(meta);
                out.info("Database: " + shown + " (" + meta.getDatabaseProductName() + " "
                        + meta.getDatabaseProductVersion()
                        + ", dialect " + dialect.name() + "); " + migrations + " migration"
                        + (migrations == 1 ? "" : "s")
                        + " in " + packages);
                // the runner reports what it applied and where the database now is
                List<String> applied = new MigrationRunner(
                                c, dialect, graph, out, allowDataLoss, lockWait, safety, withReplicaCredentials())
                        .withLogin(url, username, password)
                        .upgrade(target);
                return new Result(shown, dialect.name(), applied);
            } catch (SQLException e) {
                throw new MigrationException(
                        "Database error on " + shown + ": " + Connections.maskAll(e.getMessage(), secrets));
            } catch (MigrationException e) {
                throw e.wordedBy(StartupWording.masking(wording, secrets));
            } catch (GraphException e) {
                throw e.wordedBy(StartupWording.masking(wording, secrets));
            }
        }

        /**
         * The migrations of {@link #migrate()}, loaded on a thread of their own while the calling
         * thread connects: listing the package, loading and instantiating each class, recording its
         * operations, building the graph and working out every checksum is CPU work that need not
         * wait for a database to open (an embedded H2 file database replays its catalogue; a server
         * takes a round trip and a login). Nothing is skipped: the same revisions, the same graph
         * checks and the same checksums, compared against the history as before; only when they
         * are computed changes. Errors keep their order: a migration that cannot load or a graph
         * that does not hold is reported before a connection failure, as when loading came first.
         */
        private TenantSettings tenantSettings(List<String> secrets) {
            try {
                return new TenantSettings(
                        tenants.stream().map(String::trim).toList(),
                        tenantsQuery == null || tenantsQuery.isBlank() ? null : tenantsQuery.trim(),
                        tenantsParallel,
                        tenantsFailFast);
            } catch (InvalidSettingException e) {
                throw new MigrationException(e.text(), null).wordedBy(StartupWording.masking(wording, secrets));
            }
        }

        /** {@link #migrate()} over the tenants: announces the server, reads the tenants, runs each, sums up. */
        private Result migrateTenants(
                TenantSettings settings, RevisionGraph graph, int migrations, RunLog out, List<String> secrets) {
            String shown = Connections.maskAll(url, secrets);
            Wording worded = StartupWording.masking(wording, secrets);
            String dialectName;
            List<String> names;
            try (Connection c = Connections.open(url, username, password, loader)) {
                DatabaseMetaData meta = c.getMetaData();
                Dialect dialect = Dialects.detect(meta);
                dialectName = dialect.name();
                out.info("Database: " + shown + " (" + meta.getDatabaseProductName() + " "
                        + meta.getDatabaseProductVersion()
                        + ", dialect " + dialect.name() + "); " + migrations + " migration"
                        + (migrations == 1 ? "" : "s")
                        + " in " + packages + ", for each tenant");
                names = settings.resolve(c);
            } catch (SQLException e) {
                throw new MigrationException(
                        "Database error on " + shown + ": " + Connections.maskAll(e.getMessage(), secrets));
            } catch (InvalidSettingException e) {
                throw new MigrationException(e.text(), null).wordedBy(worded);
            }
            List<String> applied = java.util.Collections.synchronizedList(new ArrayList<>());
            TenantReport report = new TenantFanOut(url, username, password, loader, settings, out, worded)
                    .run(names, t -> {
                        List<String> ids = new MigrationRunner(
                                        t.connection(),
                                        t.dialect(),
                                        graph,
                                        t.log(),
                                        allowDataLoss,
                                        lockWait,
                                        safety,
                                        withReplicaCredentials())
                                // the tenant's database is the connection's own; the tool reaches it on url's server
                                .withLogin(url, username, password)
                                .upgrade(target);
                        applied.addAll(ids);
                        return TenantFanOut.result("upgraded", ids);
                    });
            TenantsFailedException failure = report.failure(Action.UPGRADE);
            if (failure != null) {
                throw failure.wordedBy(worded);
            }
            return new Result(shown, dialectName, List.copyOf(applied), report);
        }

        /**
         * Reads where the database stands, on a connection of its own, without taking the lock or
         * creating anything (a database Retort never ran on is at base, everything pending). With
         * tenants, reads each tenant the same way, {@link #tenantsParallel(int)} at a time, in the order
         * given ({@link Status#tenants()}); a tenant that cannot be read has its error there and does
         * not fail the call.
         *
         * @throws MigrationException for what the database refuses (messages never hold the password)
         * @throws Connections.ConnectionException when the database cannot be reached
         */
        public Status status() {
            requireSettings();
            RevisionGraph graph = new RevisionGraph(revisions());
            List<String> secrets = Connections.secrets(url, password);
            String shown = Connections.maskAll(url, secrets);
            TenantSettings tenantSettings = tenantSettings(secrets);
            try (Connection c = Connections.open(url, username, password, loader, statusTimeout)) {
                if (tenantSettings.isSet()) {
                    return statusOfTenants(tenantSettings.resolve(c), tenantSettings.parallel(), graph, shown, secrets);
                }
                return read(c, Dialects.detect(c.getMetaData()), graph, shown, new HashSet<>());
            } catch (InvalidSettingException e) {
                throw new MigrationException(e.text(), null).wordedBy(StartupWording.masking(wording, secrets));
            } catch (SQLException e) {
                throw new MigrationException(
                        "Database error on " + shown + ": " + Connections.maskAll(e.getMessage(), secrets));
            } catch (MigrationException e) {
                throw e.wordedBy(StartupWording.masking(wording, secrets));
            } catch (GraphException e) {
                throw e.wordedBy(StartupWording.masking(wording, secrets));
            }
        }

        /** Where one database stands; {@code applied} receives the ids it has applied. */
        private Status read(Connection c, Dialect dialect, RevisionGraph graph, String shown, Set<String> applied)
                throws SQLException {
            List<HistoryRow> rows = new MigrationRunner(c, dialect, graph, RunLog.SILENT, false, lockWait).recorded();
            List<String> unfinished = new ArrayList<>();
            for (HistoryRow row : rows) {
                if (row.applied()) {
                    applied.add(row.revision());
                } else {
                    unfinished.add(row.revision());
                }
            }
            List<String> pending = graph.ordered().stream()
                    .map(RevisionInfo::id)
                    .filter(id -> !applied.contains(id))
                    .toList();
            return new Status(shown, graph.tips(applied), pending, unfinished);
        }

        /**
         * {@link #status()} of each tenant, each on a connection of its own with the status timeout,
         * at most {@link #tenantsParallel(int)} at once (the order of the result is the order given); a
         * tenant that cannot be read gets its error and the others are read.
         */
        private Status statusOfTenants(
                List<String> names, int parallel, RevisionGraph graph, String shown, List<String> secrets) {
            TenantFanOut fanOut = new TenantFanOut(
                    url,
                    username,
                    password,
                    loader,
                    TenantSettings.NONE,
                    RunLog.SILENT,
                    StartupWording.masking(wording, secrets));
            JdbcUrl server = JdbcUrl.of(url);
            Status[] read = new Status[names.size()];
            List<Set<String>> applied = new ArrayList<>();
            names.forEach(n -> applied.add(new HashSet<>()));
            // each tenant on its own connection, at most tenantsParallel at once; the results keep the given order
            TenantFanOut.inParallel(parallel, names.size(), i -> {
                String name = names.get(i);
                String tenantShown = Connections.maskAll(server.forTenant(name), secrets);
                try {
                    TenantFanOut.Tenant tenant = fanOut.open(name, statusTimeout);
                    try (Connection c = tenant.connection()) {
                        read[i] = read(c, tenant.dialect(), graph, tenantShown, applied.get(i));
                    }
                } catch (SQLException | RuntimeException e) {
                    read[i] = new Status(tenantShown, List.of(), List.of(), List.of(), Map.of(), fanOut.message(e));
                }
            });
            Map<String, Status> each = new LinkedHashMap<>();
            Set<String> everywhere = null;
            Set<String> unfinished = new java.util.LinkedHashSet<>();
            for (int i = 0; i < names.size(); i++) {
                each.put(names.get(i), read[i]);
                if (read[i].error() != null) {
                    continue;
                }
                unfinished.addAll(read[i].unfinished());
                if (everywhere == null) {
                    everywhere = applied.get(i);
                } else {
                    everywhere.retainAll(applied.get(i));
                }
            }
            Set<String> common = everywhere == null ? Set.of() : everywhere;
            List<String> pending = graph.ordered().stream()
                    .map(RevisionInfo::id)
                    .filter(id -> each.values().stream()
                            .anyMatch(t -> t.error() == null && t.pending().contains(id)))
                    .toList();
            return new Status(shown, graph.tips(common), pending, List.copyOf(unfinished), each, null);
        }

        private void requireSettings() {
            if (url == null || url.isBlank()) {
                throw new IllegalStateException(
                        "Retort.configure().url(...) is required: the JDBC URL of the database to migrate");
            }
            if (loader == null || packages.isEmpty()) {
                throw new IllegalStateException(
                        "Retort.configure().migrations(classLoader, \"db.migration\") is required");
            }
        }

        private List<RevisionInfo> revisions() {
            List<RevisionInfo> revisions = new ArrayList<>();
            packages.forEach(p -> revisions.addAll(MigrationScanner.revisions(loader, p)));
            return revisions;
        }

        private static RunLog systemLog() {
            System.Logger logger = System.getLogger("dev.retort");
            return new RunLog() {
                @Override
                public void info(String message) {
                    logger.log(System.Logger.Level.INFO, message);
                }

                @Override
                public void warn(String message) {
                    logger.log(System.Logger.Level.WARNING, message);
                }
            };
        }
    }
}

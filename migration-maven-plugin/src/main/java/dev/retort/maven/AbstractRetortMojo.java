package dev.retort.maven;

import dev.retort.core.dialect.Dialect;
import dev.retort.core.dialect.Dialects;
import dev.retort.core.dialect.UnsupportedColumnTypeException;
import dev.retort.core.errors.Action;
import dev.retort.core.errors.InvalidSettingException;
import dev.retort.core.errors.Worded;
import dev.retort.core.history.GraphException;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.runner.Connections;
import dev.retort.core.runner.DdlPolicy;
import dev.retort.core.runner.LockBusyException;
import dev.retort.core.runner.MigrationException;
import dev.retort.core.runner.MigrationRunner;
import dev.retort.core.runner.RunLog;
import dev.retort.core.safety.SafetyPolicy;
import dev.retort.core.startup.Beside;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import javax.inject.Inject;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.lifecycle.LifecycleExecutor;
import org.apache.maven.lifecycle.MavenExecutionPlan;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.BuildPluginManager;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.PluginConfigurationException;
import org.apache.maven.plugin.PluginManagerException;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * What every goal shares: the connection parameters, the embedded default database, the
 * project's compiled migrations, and the mapping of core failures to Maven failures.
 */
abstract class AbstractRetortMojo extends AbstractMojo {

    /** The project whose migrations, classes and POM the goal works on; set by Maven. */
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    /** The build session: its {@code -D} properties and settings.xml servers are configuration sources; set by Maven. */
    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    /** This goal's execution: its plugin descriptor lists the {@code migrate.*} properties any goal reads; set by Maven. */
    @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
    protected MojoExecution mojoExecution;

    /**
     * JDBC URL of the database to migrate, e.g. {@code jdbc:mysql://db:3306/shop}, as {@code <url>}
     * in the plugin configuration. Resolved with the other sources in this order:
     * {@code -Dmigrate.url}, the environment variable {@code RETORT_URL}, this parameter, a POM
     * property {@code migrate.url} (e.g. in a Maven profile), the project's Spring Boot
     * {@code spring.datasource.url}. When none is set, goals use an embedded H2 database under
     * {@code target/retort/}, so a first run needs no server. {@code -Dmigrate.url} and the POM
     * property are read by Retort itself, not injected here: Maven's debug output ({@code -X}) prints
     * every injected value, and a URL may carry a password (which is why one here is refused).
     */
    @Parameter
    protected String url;

    /**
     * Database user. Order: {@code -Dmigrate.username}, {@code RETORT_USERNAME}, this parameter, the
     * settings.xml server named by {@code serverId}, Spring Boot's {@code spring.datasource.username}
     * (only with Spring Boot's URL).
     */
    @Parameter(property = "migrate.username")
    protected String username;

    /**
     * Id of a server entry in settings.xml whose user name and password to use, so credentials
     * stay out of the POM; passwords encrypted with {@code mvn --encrypt-password} work. An id that
     * names no server is an error, never a silent fallback.
     */
    @Parameter(property = "migrate.serverId")
    protected String serverId;

    /**
     * Reads the database from the project's Spring Boot {@code application[-profile].properties|yml}
     * ({@code spring.datasource.*}) when nothing else names one, so a Spring Boot application
     * configures its database once. Active profiles follow {@code -Dspring.profiles.active}.
     */
    @Parameter(property = "migrate.springBoot", defaultValue = "true")
    protected boolean springBoot;

    /**
     * Java package of the migration classes: {@code generate} writes there under the main source
     * directory, and the other goals load the compiled classes from there.
     */
    @Parameter(property = "migrate.package", defaultValue = "db.migration")
    protected String migrationPackage;

    /** Skips the goal, e.g. for a module that shares the parent's configuration but has no database. */
    @Parameter(property = "migrate.skip", defaultValue = "false")
    protected boolean skip;

    /**
     * Seconds to wait for another run's migration lock before giving up. Concurrent deploys
     * serialise on this lock instead of applying a revision twice.
     */
    @Parameter(property = "migrate.lockWait", defaultValue = "60")
    protected int lockWaitSeconds;

    /**
     * The naming strategy the application's Hibernate uses ({@code jpa}, {@code spring}, {@code snake}),
     * for when Retort cannot read it from the project's configuration: a strategy set in code, a custom
     * strategy that gives the names one of Retort's gives, profiles that disagree, or entities in a
     * module without the application's configuration. {@code init} writes it as {@code -Aretort.naming};
     * {@code generate} and {@code check} hold the snapshot to it instead of to the configuration.
     */
    @Parameter(property = "migrate.naming")
    protected String naming;

    private SettingsDecrypter settingsDecrypter;
    private LifecycleExecutor lifecycleExecutor;
    private BuildPluginManager buildPluginManager;
    private ConnectionSettings connectionSettings;

    /** The connection a goal started opening before its compile ({@link #opensBesideLoading()}); null once taken. */
    private Opening openedEarly;

    /** The settings read before the compile, until the goal keeps or drops them ({@link #settleEarlySettings()}). */
    private EarlySettings earlySettings;

    /** Maven's decrypter for settings.xml passwords (JSR-330 method injection keeps subclasses constructor-free). */
    @Inject
    void setSettingsDecrypter(SettingsDecrypter settingsDecrypter) {
        this.settingsDecrypter = settingsDecrypter;
    }

    /** What plans and runs the project's own build up to {@code compile} ({@link #compileFirst()}). */
    @Inject
    void setBuild(LifecycleExecutor lifecycleExecutor, BuildPluginManager buildPluginManager) {
        this.lifecycleExecutor = lifecycleExecutor;
        this.buildPluginManager = buildPluginManager;
    }

    /**
     * {@code error} (default): safety findings of severity error stop {@code upgrade} (and fail
     * {@code check}) until the migration acknowledges them. {@code warn}: every finding is reported
     * as a warning for this run, for local loops and tests. Never lifts the data-loss gate.
     */
    @Parameter(property = "migrate.safety", defaultValue = "error")
    protected String safety;

    /**
     * Per-rule severities, overriding the defaults: {@code RT201=error,RT209=off}
     * ({@code error}, {@code warning}, {@code info}, {@code off}), so a team can tighten or relax a rule for its CI.
     */
    @Parameter(property = "migrate.safetyRules")
    protected String safetyRules;

    /**
     * Milliseconds one DDL attempt may wait for a table lock before it gives up and retries. A
     * waiting ALTER queues every query on its table, so the default is as short as each database
     * allows: MariaDB NOWAIT, MySQL 1 s (its minimum), PostgreSQL 100 ms.
     */
    @Parameter(property = "migrate.ddlLockWait")
    protected Long ddlLockWaitMillis;

    /**
     * Seconds a DDL statement keeps retrying for its lock before the run fails, naming the
     * blocking session. The default outlasts a 20-second transaction with room to spare.
     */
    @Parameter(property = "migrate.ddlRetryBudget", defaultValue = "60")
    protected int ddlRetryBudgetSeconds;

    /**
     * MySQL/MariaDB: when a change can only be made by copying the table, tables of at most this
     * many rows are copied (writes wait milliseconds); larger ones are refused with the
     * expand/contract plan. Raise it for a maintenance window.
     */
    @Parameter(property = "migrate.copyRowLimit", defaultValue = "10000")
    protected long copyRowLimit;

    /**
     * MySQL/MariaDB: which changes to tables above {@code migrate.copyRowLimit} rows Retort makes
     * through a shadow table (triggers keep it in step, rows are copied in chunks, one RENAME swaps
     * it in) instead of the server's own algorithm. {@code off}: none; a change the server could only
     * make by copying is refused with the expand/contract plan. {@code copies}: those changes.
     * {@code rebuilds}: also in-place table rebuilds and index builds, whose final exclusive lock
     * stalls writers.
     */
    @Parameter(property = "migrate.onlineCopy", defaultValue = "off")
    protected String onlineCopy = "off";

    /** Rows the shadow copy moves per statement (migrate.onlineCopy). */
    @Parameter(property = "migrate.onlineCopyChunk", defaultValue = "100")
    protected int onlineCopyChunk = 100;

    /** The shadow copy pauses after each chunk this many times as long as the chunk took (0: no pause). */
    @Parameter(property = "migrate.onlineCopyThrottle", defaultValue = "2.0")
    protected double onlineCopyThrottle = 2.0;

    /**
     * Whether the shadow copy is checksummed against the table, chunk by chunk, before it is swapped
     * in; chunks that differ are copied again. Costs a second read of both tables; off only where
     * that read is too expensive and the copy is trusted.
     */
    @Parameter(property = "migrate.onlineCopy.verify", defaultValue = "true")
    protected boolean onlineCopyVerify = true;

    /**
     * The shadow copy waits while the server runs more threads than this ({@code Threads_running}),
     * so it adds no load when the server has none to spare; 0 never waits.
     */
    @Parameter(property = "migrate.onlineCopy.maxThreadsRunning", defaultValue = "25")
    protected int onlineCopyMaxThreadsRunning = 25;

    /**
     * Replicas the shadow copy keeps from falling behind, comma-separated: {@code host[:port]}
     * (reached like {@code migrate.url}, with its user name and password) or JDBC URLs. The copy
     * pauses while one is more than {@code migrate.onlineCopy.maxReplicaLag} seconds behind, has
     * its replication stopped or does not answer; one that cannot be reached at the start, or is
     * no replica, fails the step before anything is changed.
     */
    @Parameter(property = "migrate.onlineCopy.replicas")
    protected String onlineCopyReplicas;

    /** Seconds a replica of {@code migrate.onlineCopy.replicas} may lag before the shadow copy pauses. */
    @Parameter(property = "migrate.onlineCopy.maxReplicaLag", defaultValue = "1")
    protected int onlineCopyMaxReplicaLag = 1;

    /**
     * Prints, at the end of the goal, where its time went: Maven's start, each plugin run before the
     * goal, loading the migrations, connecting, the history read, the checks and applying. For finding
     * what makes a run slow; costs nothing when off.
     */
    @Parameter(property = "migrate.timings", defaultValue = "false")
    protected boolean timingsEnabled;

    /** This goal's phase times ({@code migrate.timings}). */
    protected Timings timings = new Timings(false);

    /**
     * What makes a change that goes through a shadow table: {@code retort}, Retort's own copy
     * (resumable, checksummed), or {@code pt-osc}, Percona Toolkit's pt-online-schema-change (Debian
     * package {@code percona-toolkit}, on the PATH) with the equivalent settings, for teams whose
     * DBAs standardise on it. The password reaches the tool in a file only this user can read.
     */
    @Parameter(property = "migrate.onlineCopy.engine", defaultValue = "retort")
    protected String onlineCopyEngine = "retort";

    /**
     * What keeps Retort's shadow copy in step with the table's writes: {@code triggers}, or
     * (MySQL, experimental) {@code binlog}, the server's binary log read as a replica reads it, which
     * takes the table's exclusive lock only for the swap. Needs {@code log_bin=ON},
     * {@code binlog_format=ROW}, {@code binlog_row_image=FULL} and the REPLICATION SLAVE and
     * REPLICATION CLIENT privileges.
     */
    @Parameter(property = "migrate.onlineCopy.feed", defaultValue = "triggers")
    protected String onlineCopyFeed = "triggers";

    /**
     * Migrates these databases (MySQL, MariaDB) or schemas (PostgreSQL, H2) on the server of
     * {@code migrate.url}, comma-separated, instead of the URL's own: each with its own lock,
     * journal and gates, as if it were the only one, then a summary table. {@code upgrade},
     * {@code downgrade} and {@code stamp} fan out; {@code current}, {@code history} and {@code drift}
     * report per tenant. A tenant that fails does not stop the others; the goal then fails naming them.
     */
    @Parameter(property = "migrate.tenants")
    protected String tenants;

    /** SQL run on {@code migrate.url}'s own database that returns one tenant name per row, instead of {@code migrate.tenants}. */
    @Parameter(property = "migrate.tenants.query")
    protected String tenantsQuery;

    /** How many tenants run at once; 1 by default, so the server sees one migration at a time unless you ask for more. */
    @Parameter(property = "migrate.tenants.parallel", defaultValue = "1")
    protected int tenantsParallel = 1;

    /**
     * Stops starting tenants after the first failure (the running ones finish their work); by
     * default every tenant is tried and the failed ones are named at the end.
     */
    @Parameter(property = "migrate.tenants.failFast", defaultValue = "false")
    protected boolean tenantsFailFast;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        timings = new Timings(timingsEnabled);
        try {
            executeTimed();
        } finally {
            if (timings.enabled()) {
                getLog().info(timings.describe());
            }
        }
    }

    private void executeTimed() throws MojoExecutionException, MojoFailureException {
        if (opensBesideLoading() && !springBoot && !skip) {
            // what the settings are read from that the build up to compile can change (a plugin bound to
            // initialize may set the POM property migrate.url; Spring Boot's files may be generated: those wait)
            List<Properties> before = settingsSources();
            List<String> warnings = new ArrayList<>();
            try {
                long t = System.nanoTime();
                connectionSettings(warnings::add);
                timings.since("settings", t);
                openedEarly = connectBesideLoading();
            } catch (MojoFailureException | RuntimeException e) {
                connectionSettings = null; // reported where the goal reads its settings, after the compile
                warnings.clear(); // read again then, with its own warnings
            }
            earlySettings = new EarlySettings(before, warnings);
        }
        try {
            executeOpening();
        } finally {
            if (openedEarly != null) {
                openedEarly.close();
                openedEarly = null;
            }
        }
    }

    /** What the settings read before the compile were read from, and what they warned about (printed once kept). */
    private record EarlySettings(List<Properties> sources, List<String> warnings) {}

    /**
     * After the build up to compile: keeps the connection opened before it when the properties the
     * settings were read from are unchanged (and prints their warnings now, where the goal printed
     * them before), else closes it; the settings are then read again.
     */
    private void settleEarlySettings() throws MojoFailureException {
        EarlySettings early = earlySettings;
        earlySettings = null;
        if (early == null) {
            return;
        }
        if (early.sources().equals(settingsSources())) {
            early.warnings().forEach(getLog()::warn);
            return;
        }
        getLog().debug("The build up to compile changed the properties the database settings are read from: "
                + "they are read again and the connection opened before it is closed");
        if (openedEarly != null) {
            openedEarly.close();
            openedEarly = null;
        }
        connectionSettings = null;
    }

    /**
     * The {@code migrate.*} POM and {@code -D} properties, which the settings are read from (without Spring
     * Boot's files); other properties a build sets before compile (a commit id, a build number) change nothing.
     */
    private List<Properties> settingsSources() {
        return List.of(migrateProperties(project.getProperties()), migrateProperties(commandLineProperties()));
    }

    private static Properties migrateProperties(Properties properties) {
        Properties copy = new Properties();
        if (properties != null) {
            properties.stringPropertyNames().stream()
                    .filter(k -> k.startsWith("migrate."))
                    .forEach(k -> copy.setProperty(k, properties.getProperty(k)));
        }
        return copy;
    }

    /**
     * Whether this goal opens the database through {@link #connectAndLoad()}: it then starts opening
     * it before the compile, so the connection opens while the build is checked and the migrations load.
     */
    protected boolean opensBesideLoading() {
        return false;
    }

    private void executeOpening() throws MojoExecutionException, MojoFailureException {
        // before the skip: in a reactor, a skipped module (e.g. the one holding the entities) is still
        // compiled, so the modules after it resolve its fresh classes, as with a forked lifecycle
        compileFirst();
        if (skip) {
            getLog().info("Skipping: migrate.skip is set.");
            return;
        }
        settleEarlySettings();
        if (!migrationPackage.matches("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*")) {
            throw new MojoFailureException("migrate.package '" + migrationPackage + "' is not a Java package name");
        }
        ConnectionSettings.checkUnknownProperties(commandLineProperties(), project.getProperties(), knownProperties());
        try {
            run();
        } catch (LockBusyException e) {
            // not the user's to fix: another run is in progress
            throw new MojoExecutionException(mask(e.message(MavenWording.INSTANCE)), scrub(e));
        } catch (MigrationException | GraphException | UnsupportedColumnTypeException e) {
            throw MavenWording.failure((Worded) e, this::mask, scrub(e));
        } catch (Connections.ConnectionException e) {
            // the message already names the URL and the cause; Maven would append the driver's whole text again
            getLog().debug(scrub(e));
            throw new MojoExecutionException(mask(e.getMessage()));
        } catch (SQLException e) {
            throw new MojoExecutionException(
                    "Database error on " + displayUrl() + ": " + mask(e.getMessage()), scrub(e));
        } catch (IOException e) {
            throw new MojoExecutionException(mask(e.getMessage()), scrub(e));
        }
    }

    protected abstract void run() throws MojoExecutionException, MojoFailureException, SQLException, IOException;

    /**
     * Goals that read the compiled project (those that require its compile classpath) first run the
     * project's own build up to {@code compile}, as {@code mvn compile} would, so each works from a
     * clean checkout: resources, code generators bound to earlier phases, then the compiler with
     * Retort's processor. Never run: Retort's own goals bound to those phases. Under {@code -X} also
     * not run: maven-resources-plugin, whose debug output lists every {@code -D} property, environment
     * variable and POM property, and so the database password; {@link #projectClasses()} then finds
     * resources in their source folders. A forked lifecycle ({@code @Execute(phase = COMPILE)}), which
     * this replaces, cannot leave a plugin out.
     */
    private void compileFirst() throws MojoExecutionException, MojoFailureException {
        if (lifecycleExecutor == null
                || buildPluginManager == null
                || mojoExecution == null
                || mojoExecution.getMojoDescriptor().getDependencyResolutionRequired() == null) {
            return;
        }
        long t = System.nanoTime();
        MavenExecutionPlan plan;
        try {
            plan = lifecycleExecutor.calculateExecutionPlan(session, "compile");
        } catch (Exception e) {
            throw new MojoExecutionException(
                    "Cannot plan the build of " + project.getId() + " up to compile: " + e.getMessage(), e);
        }
        t = timings.since("compile plan", t);
        CompileFingerprint fingerprint = fingerprint(plan.getMojoExecutions());
        t = timings.since("up-to-date check", t);
        if (fingerprint != null && fingerprint.upToDate()) {
            getLog().debug("Not run before " + mojoExecution.getGoal()
                    + ": resources and compiler, nothing changed since they last ran ("
                    + project.getBuild().getDirectory() + "/retort/" + CompileFingerprint.STAMP + ")");
            plan.getMojoExecutions().forEach(this::markDone);
            timings.since("up-to-date check", t);
            return;
        }
        if (fingerprint != null) {
            fingerprint.forget();
        }
        boolean ranAll = true;
        for (MojoExecution execution : plan.getMojoExecutions()) {
            String id = execution.getArtifactId() + ":" + execution.getVersion() + ":" + execution.getGoal() + " ("
                    + execution.getExecutionId() + ")";
            boolean retort = execution.getArtifactId().equals(mojoExecution.getArtifactId())
                    && execution.getGroupId().equals(mojoExecution.getGroupId());
            if (retort) {
                getLog().debug("Not run before " + mojoExecution.getGoal() + ": " + id);
                continue;
            }
            if (execution.getArtifactId().equals("maven-resources-plugin") && getLog().isDebugEnabled()) {
                getLog().warn("Not run before " + mojoExecution.getGoal() + " under -X: " + id
                        + ", whose debug output lists every "
                        + "property and environment variable, a password among them; resources are read from their source "
                        + "folders instead (unfiltered)");
                markDone(execution);
                ranAll = false;
                continue;
            }
            getLog().debug("Run before " + mojoExecution.getGoal() + ": " + id);
            try {
                buildPluginManager.executeMojo(session, execution);
            } catch (PluginConfigurationException | PluginManagerException e) {
                throw new MojoExecutionException(id + " failed: " + e.getMessage(), e);
            }
            markDone(execution);
            t = timings.since(
                    execution.getArtifactId().replaceFirst("^maven-(.*)-plugin$", "$1") + ":" + execution.getGoal(), t);
        }
        if (fingerprint != null && ranAll) {
            try {
                fingerprint.record();
            } catch (IOException e) {
                getLog().debug("Cannot record the build's inputs (the next goal compiles again): " + e);
            }
            timings.since("up-to-date check", t);
        }
    }

    /**
     * What goes into the build up to {@code compile} without Retort's own goals, or null when the goal
     * must always run it ({@link CompileFingerprint}).
     */
    private CompileFingerprint fingerprint(List<MojoExecution> executions) throws MojoExecutionException {
        List<MojoExecution> others = executions.stream()
                .filter(e -> !(e.getArtifactId().equals(mojoExecution.getArtifactId())
                        && e.getGroupId().equals(mojoExecution.getGroupId())))
                .toList();
        Properties properties = new Properties();
        if (session.getSystemProperties() != null) {
            properties.putAll(session.getSystemProperties());
        }
        properties.putAll(session.getUserProperties());
        try {
            return CompileFingerprint.of(project, others, properties, project.getCompileClasspathElements());
        } catch (DependencyResolutionRequiredException e) {
            return null;
        }
    }

    /**
     * Records the execution's phase on the project as Maven's own lifecycle does: a later module of
     * the reactor is given this module's {@code target/classes} only once its {@code compile} phase
     * counts as done; otherwise it would resolve an older jar from the local repository (with an
     * older model snapshot) or none.
     */
    private void markDone(MojoExecution execution) {
        if (execution.getLifecyclePhase() != null) {
            project.addLifecyclePhase(execution.getLifecyclePhase());
        }
    }

    /** The database settings from every source, resolved once per goal ({@link ConnectionSettings}). */
    protected ConnectionSettings connectionSettings() throws MojoFailureException {
        return connectionSettings(getLog()::warn);
    }

    private ConnectionSettings connectionSettings(java.util.function.Consumer<String> warn)
            throws MojoFailureException {
        if (connectionSettings == null) {
            List<Path> resources = !springBoot
                    ? List.of()
                    : project.getResources().stream()
                            .map(r -> project.getBasedir().toPath().resolve(r.getDirectory()))
                            .toList();
            connectionSettings = ConnectionSettings.resolve(
                    new ConnectionSettings.Sources(
                            commandLineProperties(),
                            System.getenv(),
                            project.getProperties(),
                            url,
                            username,
                            passwordConfigured(),
                            serverId,
                            session == null ? null : session.getSettings(),
                            settingsDecrypter,
                            knownProperties(),
                            resources,
                            project.getBasedir().toPath(),
                            Path.of(project.getBuild().getDirectory(), "retort", "db")),
                    warn);
            getLog().debug("Connection: " + connectionSettings);
        }
        return connectionSettings;
    }

    /**
     * Whether the POM sets {@code <password>} for this plugin. It is no parameter, so Maven never
     * injects it and its {@code -X} output cannot print it; it is looked up only to be refused.
     */
    private boolean passwordConfigured() {
        if (mojoExecution == null || project == null) {
            return false;
        }
        String key = mojoExecution.getGroupId() + ":" + mojoExecution.getArtifactId();
        List<Object> configurations = new ArrayList<>();
        for (Plugin p : new Plugin[] {
            project.getBuild().getPluginsAsMap().get(key),
            project.getPluginManagement() == null
                    ? null
                    : project.getPluginManagement().getPluginsAsMap().get(key)
        }) {
            if (p != null) {
                configurations.add(p.getConfiguration());
                PluginExecution execution = p.getExecutionsAsMap().get(mojoExecution.getExecutionId());
                if (execution != null) {
                    configurations.add(execution.getConfiguration());
                }
            }
        }
        if (mojoExecution.getConfiguration() != null) {
            configurations.add(mojoExecution.getConfiguration());
        }
        return configurations.stream().anyMatch(c -> c instanceof Xpp3Dom dom && dom.getChild("password") != null);
    }

    /**
     * {@code -D} properties: the session's user properties over its system properties (which hold
     * {@code MAVEN_OPTS="-D…"}), as Maven itself resolves {@code ${migrate.url}}.
     */
    private Properties commandLineProperties() {
        Properties merged = new Properties();
        if (session != null) {
            Properties system = session.getSystemProperties();
            if (system != null) {
                system.stringPropertyNames().stream()
                        .filter(k -> k.startsWith("migrate.") || k.startsWith("spring."))
                        .forEach(k -> merged.setProperty(k, system.getProperty(k)));
            }
            merged.putAll(session.getUserProperties());
        }
        return merged;
    }

    /**
     * {@code migrate.url} as {@code -D}, {@code <url>} or a POM property sets it (not {@code RETORT_URL} or
     * Spring Boot's), for goals that need no connection, only the dialect the URL names.
     */
    protected String configuredUrl() {
        String cli = commandLineProperties().getProperty(ConnectionSettings.URL);
        if (cli != null && !cli.isBlank()) {
            return cli.trim();
        }
        if (url != null && !url.isBlank()) {
            return url.trim();
        }
        String pom = project == null ? null : project.getProperties().getProperty(ConnectionSettings.URL);
        return pom == null || pom.isBlank() ? null : pom.trim();
    }

    /** Every {@code migrate.*} property some goal of this plugin reads, from the plugin descriptor. */
    private Set<String> knownProperties() {
        Set<String> known = new TreeSet<>();
        if (mojoExecution != null) {
            known.addAll(ConnectionSettings.READ_DIRECTLY);
            for (MojoDescriptor mojo :
                    mojoExecution.getMojoDescriptor().getPluginDescriptor().getMojos()) {
                for (org.apache.maven.plugin.descriptor.Parameter p : mojo.getParameters()) {
                    String e = p.getExpression();
                    if (e != null && e.startsWith("${migrate.") && e.endsWith("}")) {
                        known.add(e.substring(2, e.length() - 1));
                    }
                }
            }
        }
        return known;
    }

    protected String displayUrl() {
        try {
            return connectionSettings().displayUrl();
        } catch (MojoFailureException e) {
            return "<unresolved database>";
        }
    }

    /** The text with the resolved password and any URL password masked. */
    protected String mask(String text) {
        return Connections.maskAll(text, connectionSettings == null ? List.of() : connectionSettings.secrets());
    }

    private Throwable scrub(Throwable e) {
        return Redact.scrub(e, connectionSettings == null ? List.of() : connectionSettings.secrets());
    }

    /** Opens the connection and prints, first, which database this goal talks to. */
    protected Database connect() throws MojoFailureException {
        long t = System.nanoTime();
        ConnectionSettings settings = connectionSettings();
        timings.since("settings", t);
        Opened opened = open(settings);
        timings.add("connect", opened.nanos());
        return announce(settings, opened);
    }

    /**
     * Starts opening the database on another thread and returns at once, so that the goal loads and
     * records the project's migrations while the driver starts, the server answers and the login
     * completes (an embedded H2 file database replays its catalogue meanwhile). The settings are read
     * here, on the goal's thread, so a bad property fails as before; {@link Opening#await()} then
     * prints which database the goal talks to and hands over the connection. A goal whose loading
     * fails reports that failure, as when it loaded first, and the connection, once open, is closed.
     */
    protected Opening connectBesideLoading() throws MojoFailureException {
        if (openedEarly != null) {
            Opening early = openedEarly;
            openedEarly = null;
            return early;
        }
        long t = System.nanoTime();
        ConnectionSettings settings = connectionSettings();
        timings.since("settings", t);
        return new Opening(settings);
    }

    /**
     * The open database and the project's migrations, loaded while the connection opens
     * ({@link #connectBesideLoading()}); closing it closes both.
     */
    protected record Loaded(Database db, ProjectClasses classes, RevisionGraph graph) implements AutoCloseable {
        @Override
        public void close() throws SQLException, IOException {
            try {
                classes.close();
            } finally {
                db.close();
            }
        }
    }

    /** Opens the database and loads the project's migrations side by side; the caller closes the result. */
    protected Loaded connectAndLoad() throws MojoExecutionException, MojoFailureException, IOException {
        try (Opening opening = connectBesideLoading()) {
            ProjectClasses classes = projectClasses();
            try {
                RevisionGraph graph = migrations(classes);
                return new Loaded(opening.await(), classes, graph);
            } catch (RuntimeException | MojoFailureException | Error e) {
                classes.close();
                throw e;
            }
        }
    }

    /** A connection being opened on another thread ({@link #connectBesideLoading()}). */
    protected final class Opening implements AutoCloseable {
        private final ConnectionSettings settings;
        private final Beside<Opened> task;
        private boolean handedOver;

        private Opening(ConnectionSettings settings) {
            this.settings = settings;
            this.task = new Beside<>("retort-connect", () -> open(settings));
        }

        /** Waits for the connection, announces it and hands it over: the caller closes it. */
        public Database await() throws MojoFailureException {
            long t = System.nanoTime();
            Opened opened = task.await();
            timings.since("connect (waited for)", t);
            timings.addBeside("connect (beside loading)", opened.nanos());
            handedOver = true;
            return announce(settings, opened);
        }

        /** Closes a connection nobody took (loading failed): now if it is open, else once it opens. */
        @Override
        public void close() {
            if (handedOver) {
                return;
            }
            handedOver = true;
            if (task.isDone()) {
                closeQuietly();
            } else {
                Thread closer = new Thread(this::closeQuietly, "retort-connect-close");
                closer.setDaemon(true);
                closer.start();
            }
        }

        private void closeQuietly() {
            try {
                task.await().connection().close();
            } catch (SQLException | RuntimeException e) {
                getLog().debug("Closing the unused connection: " + e);
            }
        }
    }

    /** A connection just opened, with the time it took (wall, on the thread that opened it). */
    private record Opened(Connection connection, long nanos) {}

    private static Opened open(ConnectionSettings settings) {
        long t = System.nanoTime();
        Connection c = Connections.open(
                settings.url(), settings.username(), settings.password(), AbstractRetortMojo.class.getClassLoader());
        return new Opened(c, System.nanoTime() - t);
    }

    /** Detects the dialect and prints which database this goal talks to. */
    private Database announce(ConnectionSettings settings, Opened opened) {
        Connection c = opened.connection();
        try {
            DatabaseMetaData meta = c.getMetaData();
            Dialect dialect = Dialects.detect(meta);
            getLog().info("Database: " + settings.displayUrl() + " (" + meta.getDatabaseProductName() + " "
                    + meta.getDatabaseProductVersion() + ", dialect " + dialect.name() + ") - "
                    + settings.describeSources());
            return new Database(c, dialect);
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new Connections.ConnectionException(
                    "Cannot use " + settings.displayUrl() + ": " + mask(e.getMessage()), e);
        }
    }

    /** The first line of a goal that talks to no database, so every goal says where it looked. */
    protected void announceOffline(String what) {
        getLog().info("Database: none - " + what);
    }

    /**
     * The compiled classes of the project; {@link #close()} after use. The resource directories come
     * after the compile classpath: under {@code -X} the goals do not copy resources
     * ({@link #compileFirst()}), so a migration that reads one finds it even in a clean checkout.
     */
    protected ProjectClasses projectClasses() throws MojoExecutionException {
        try {
            List<String> classpath = new ArrayList<>(project.getCompileClasspathElements());
            project.getResources().stream()
                    .map(r -> project.getBasedir().toPath().resolve(r.getDirectory()))
                    .filter(java.nio.file.Files::isDirectory)
                    .map(Path::toString)
                    .forEach(classpath::add);
            return new ProjectClasses(Path.of(project.getBuild().getOutputDirectory()), classpath);
        } catch (DependencyResolutionRequiredException e) {
            throw new MojoExecutionException(
                    "The compile classpath of " + project.getId() + " is not resolved: " + e.getMessage(), e);
        }
    }

    /** {@code migrate.safety} and {@code migrate.safetyRules}, read; a bad value names the property. */
    protected SafetyPolicy safetyPolicy() throws MojoFailureException {
        try {
            SafetyPolicy policy = SafetyPolicy.parse(safety, safetyRules);
            // a change the server could only copy is copied online instead: what RT204-RT206 guard against does not
            // happen
            return ddlPolicy().onlineCopy() == DdlPolicy.OnlineCopy.OFF ? policy : policy.withOnlineCopy();
        } catch (InvalidSettingException e) {
            throw MavenWording.failure(e, this::mask, e);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
    }

    /** How DDL waits for locks, retries and copies, from the {@code migrate.ddl*} and {@code migrate.copyRowLimit} properties. */
    protected DdlPolicy ddlPolicy() throws MojoFailureException {
        try {
            DdlPolicy.OnlineCopy copy = DdlPolicy.OnlineCopy.parse(onlineCopy);
            if (onlineCopyChunk < 1 || onlineCopyThrottle < 0 || Double.isNaN(onlineCopyThrottle)) {
                throw new MojoFailureException("migrate.onlineCopyChunk must be at least 1 (is " + onlineCopyChunk
                        + ") and migrate.onlineCopyThrottle not negative (is " + onlineCopyThrottle + ")");
            }
            return DdlPolicy.DEFAULT
                    .withLockWait(ddlLockWaitMillis == null ? null : Duration.ofMillis(ddlLockWaitMillis))
                    .withRetryBudget(Duration.ofSeconds(ddlRetryBudgetSeconds))
                    .withCopyRowLimit(copyRowLimit)
                    .withOnlineCopy(copy, onlineCopyChunk, onlineCopyThrottle)
                    .withCopyChecks(onlineCopyVerify, onlineCopyMaxThreadsRunning)
                    .withReplicaLag(
                            onlineCopyReplicas == null ? List.of() : List.of(onlineCopyReplicas),
                            onlineCopyMaxReplicaLag)
                    .withCopyEngine(DdlPolicy.CopyEngine.parse(onlineCopyEngine))
                    .withCopyFeed(DdlPolicy.CopyFeed.parse(onlineCopyFeed));
        } catch (InvalidSettingException e) {
            throw MavenWording.failure(e, this::mask, e);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException(
                    "migrate.ddlLockWait, migrate.ddlRetryBudget and migrate.copyRowLimit must not be negative", e);
        }
    }

    /**
     * Refuses entity snapshots built with another naming than the application's configuration (or
     * {@code migrate.naming}) implies: their table and column names are not the ones the application's
     * Hibernate looks for, so every migration made from them would be wrong.
     */
    protected void checkNaming(ProjectClasses classes) throws MojoFailureException {
        ApplicationNaming.Verdict verdict = ApplicationNaming.verify(
                ApplicationNaming.expected(naming, project, placeholders()),
                classes.namings(),
                ApplicationNaming.configuredNaming(project));
        verdict.warnings().forEach(w -> getLog().warn(w));
        if (verdict.refusal() != null) {
            throw new MojoFailureException(verdict.refusal());
        }
        if (verdict.info() != null) {
            getLog().info(verdict.info());
        }
    }

    /** The values of {@code ${NAME}} placeholders in the application's files: {@code -D} properties, then environment variables. */
    protected java.util.function.Function<String, String> placeholders() {
        return SpringFiles.lookup(commandLineProperties(), System.getenv(), Map.of());
    }

    protected RevisionGraph migrations(ProjectClasses classes) throws MojoFailureException {
        long t = System.nanoTime();
        RevisionGraph graph = classes.migrations(migrationPackage);
        timings.since("migration classes", t);
        return graph;
    }

    /**
     * The runner for the project's migrations on the open database, waiting {@code migrate.lockWait}
     * for the lock, with the safety and DDL policies of this run.
     */
    protected MigrationRunner runner(Database db, RevisionGraph graph, boolean allowDataLoss)
            throws MojoFailureException {
        return runner(db, graph, allowDataLoss, runLog());
    }

    /** As {@link #runner(Database, RevisionGraph, boolean)}, reporting to {@code log} (a tenant's, prefixed with its name). */
    protected MigrationRunner runner(Database db, RevisionGraph graph, boolean allowDataLoss, RunLog log)
            throws MojoFailureException {
        // a tenant's connection is on the same server as migrate.url's: pt-osc gets the same login, the tenant's
        // database
        // from the connection itself
        ConnectionSettings settings = connectionSettings();
        return new MigrationRunner(
                        db.connection(),
                        db.dialect(),
                        graph,
                        log,
                        allowDataLoss,
                        Duration.ofSeconds(lockWaitSeconds),
                        safetyPolicy(),
                        ddlPolicy().withReplicaCredentials(settings.username(), settings.password()))
                .withLogin(settings.url(), settings.username(), settings.password());
    }

    /**
     * Runs {@code work} on the open database, or, when {@code migrate.tenants} or
     * {@code migrate.tenants.query} is set, on each tenant of its server ({@link TenantGoals}).
     *
     * @param rerun the goal that reruns failed tenants; null for goals that only read
     */
    protected void eachDatabase(Database db, Action rerun, TenantGoals.Work work)
            throws MojoFailureException, SQLException {
        new TenantGoals(this, connectionSettings()).run(db, rerun, work);
    }

    protected RunLog runLog() {
        return new RunLog() {
            @Override
            public void info(String message) {
                getLog().info(message);
            }

            @Override
            public void warn(String message) {
                getLog().warn(message);
            }

            @Override
            public void timing(String name, long nanos) {
                timings.add(name, nanos);
            }
        };
    }

    /** An open connection and the dialect chosen for it. */
    protected record Database(Connection connection, Dialect dialect) implements AutoCloseable {
        @Override
        public void close() throws SQLException {
            connection.close();
        }
    }
}

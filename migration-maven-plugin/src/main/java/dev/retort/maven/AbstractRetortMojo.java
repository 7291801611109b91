package dev.retort.maven;

import dev.retort.core.dialect.Dialect;
import dev.retort.core.dialect.Dialects;
import dev.retort.core.history.GraphException;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.runner.Connections;
import dev.retort.core.runner.DdlPolicy;
import dev.retort.core.runner.MigrationException;
import dev.retort.core.runner.RunLog;
import dev.retort.core.safety.SafetyPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Duration;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What every goal shares: the connection parameters, the embedded default database, the
 * project's compiled migrations, and the mapping of core failures to Maven failures.
 */
abstract class AbstractRetortMojo extends AbstractMojo {

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    /**
     * JDBC URL of the database to migrate, e.g. {@code jdbc:mysql://db:3306/shop}. When unset, goals
     * use an embedded H2 database under {@code target/retort/}, so a first run needs no server.
     */
    @Parameter(property = "migrate.url")
    protected String url;

    /** Database user. */
    @Parameter(property = "migrate.username")
    protected String username;

    /** Database password. Never printed; masked wherever the URL is shown. */
    @Parameter(property = "migrate.password")
    protected String password;

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

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping: migrate.skip is set.");
            return;
        }
        if (!migrationPackage.matches("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*")) {
            throw new MojoFailureException("migrate.package '" + migrationPackage + "' is not a Java package name");
        }
        try {
            run();
        } catch (MigrationException | GraphException e) {
            throw new MojoFailureException(Connections.mask(e.getMessage(), password), e);
        } catch (Connections.ConnectionException e) {
            // the message already names the URL and the cause; Maven would append the driver's whole text again
            getLog().debug(e);
            throw new MojoExecutionException(e.getMessage());
        } catch (SQLException e) {
            throw new MojoExecutionException("Database error on " + displayUrl() + ": " + Connections.mask(e.getMessage(), password), e);
        } catch (IOException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }

    protected abstract void run() throws MojoExecutionException, MojoFailureException, SQLException, IOException;

    /** The JDBC URL in use: the configured one, or the embedded H2 database under target/retort. */
    protected String jdbcUrl() {
        if (url != null && !url.isBlank()) {
            return url.trim();
        }
        Path db = Path.of(project.getBuild().getDirectory(), "retort", "db").toAbsolutePath();
        return "jdbc:h2:file:" + db;
    }

    protected String displayUrl() {
        return Connections.mask(jdbcUrl(), password);
    }

    /** Opens the connection and prints, first, which database this goal talks to. */
    protected Database connect() {
        boolean embedded = url == null || url.isBlank();
        Connection c = Connections.open(jdbcUrl(), embedded ? "sa" : username, embedded ? "" : password,
                AbstractRetortMojo.class.getClassLoader());
        try {
            DatabaseMetaData meta = c.getMetaData();
            Dialect dialect = Dialects.detect(meta);
            getLog().info("Database: " + displayUrl() + " (" + meta.getDatabaseProductName() + " "
                    + meta.getDatabaseProductVersion() + ", dialect " + dialect.name() + ")"
                    + (embedded ? " - embedded default, no migrate.url set" : ""));
            return new Database(c, dialect);
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new Connections.ConnectionException("Cannot use " + displayUrl() + ": " + Connections.mask(e.getMessage(), password), e);
        }
    }

    /** The compiled classes of the project; {@link #close()} after use. */
    protected ProjectClasses projectClasses() throws MojoExecutionException {
        try {
            return new ProjectClasses(Path.of(project.getBuild().getOutputDirectory()), project.getCompileClasspathElements());
        } catch (DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("The compile classpath of " + project.getId() + " is not resolved: " + e.getMessage(), e);
        }
    }

    /** {@code migrate.safety} and {@code migrate.safetyRules}, read; a bad value names the property. */
    protected SafetyPolicy safetyPolicy() throws MojoFailureException {
        try {
            return SafetyPolicy.parse(safety, safetyRules);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
    }

    /** How DDL waits for locks, retries and copies, from the {@code migrate.ddl*} and {@code migrate.copyRowLimit} properties. */
    protected DdlPolicy ddlPolicy() throws MojoFailureException {
        try {
            return DdlPolicy.DEFAULT.withLockWait(ddlLockWaitMillis == null ? null : Duration.ofMillis(ddlLockWaitMillis))
                    .withRetryBudget(Duration.ofSeconds(ddlRetryBudgetSeconds)).withCopyRowLimit(copyRowLimit);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("migrate.ddlLockWait, migrate.ddlRetryBudget and migrate.copyRowLimit must not be "
                    + "negative", e);
        }
    }

    protected RevisionGraph migrations(ProjectClasses classes) throws MojoFailureException {
        return classes.migrations(migrationPackage);
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

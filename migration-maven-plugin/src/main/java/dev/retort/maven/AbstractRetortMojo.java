package dev.retort.maven;

import dev.retort.core.dialect.Dialect;
import dev.retort.core.dialect.Dialects;
import dev.retort.core.history.GraphException;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.runner.Connections;
import dev.retort.core.runner.MigrationException;
import dev.retort.core.runner.MigrationRunner;
import dev.retort.core.runner.RunLog;
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

    /** The first line of a goal that talks to no database, so every goal says where it looked. */
    protected void announceOffline(String what) {
        getLog().info("Database: none - " + what);
    }

    /** The compiled classes of the project; {@link #close()} after use. */
    protected ProjectClasses projectClasses() throws MojoExecutionException {
        try {
            return new ProjectClasses(Path.of(project.getBuild().getOutputDirectory()), project.getCompileClasspathElements());
        } catch (DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("The compile classpath of " + project.getId() + " is not resolved: " + e.getMessage(), e);
        }
    }

    protected RevisionGraph migrations(ProjectClasses classes) throws MojoFailureException {
        return classes.migrations(migrationPackage);
    }

    /** The runner for the project's migrations on the open database, waiting {@code migrate.lockWait} for the lock. */
    protected MigrationRunner runner(Database db, RevisionGraph graph, boolean allowDataLoss) {
        return new MigrationRunner(db.connection(), db.dialect(), graph, runLog(), allowDataLoss, Duration.ofSeconds(lockWaitSeconds));
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

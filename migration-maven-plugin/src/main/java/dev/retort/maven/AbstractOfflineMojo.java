package dev.retort.maven;

import dev.retort.core.dialect.Dialect;
import dev.retort.core.dialect.Dialects;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/** A goal that needs no database: it works from the compiled migrations, for a dialect chosen by name. */
abstract class AbstractOfflineMojo extends AbstractRetortMojo {

    /**
     * The database family to write SQL for ({@code mysql}, {@code mariadb}, {@code postgresql},
     * {@code h2}), since no connection tells it. Default: the family {@code migrate.url} names, else H2.
     */
    @Parameter(property = "migrate.dialect")
    protected String dialect;

    /** The dialect, announced first as every goal announces the database it talks to. */
    protected Dialect offlineDialect() throws MojoFailureException {
        Dialect d;
        String url = configuredUrl();
        try {
            d = Dialects.offline(dialect, url);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("migrate.dialect: " + e.getMessage());
        }
        String why = dialect != null && !dialect.isBlank()
                ? "migrate.dialect"
                : url != null && !url.isBlank()
                        ? "from migrate.url " + displayUrl()
                        : "default; choose with -Dmigrate.dialect=mysql|mariadb|postgresql|h2";
        getLog().info("Database: none, offline - dialect " + d.name() + " (" + why + ")");
        return d;
    }
}

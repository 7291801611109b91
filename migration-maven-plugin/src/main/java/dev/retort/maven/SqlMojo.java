package dev.retort.maven;

import dev.retort.core.dialect.Dialect;
import dev.retort.core.offline.RevisionRange;
import dev.retort.core.offline.SqlScript;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.SQLException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Prints the SQL a range of revisions runs, for a chosen dialect, without a database: for DBAs who
 * review SQL or run it themselves. {@code mvn -q migrate:sql -Dmigrate.dialect=postgresql > up.sql}.
 */
@Mojo(name = "sql", requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public class SqlMojo extends AbstractOfflineMojo {

    /**
     * The revisions: {@code <from>:<to>}, each end {@code base}, {@code head} or a revision id or
     * prefix ({@code heads} as the end takes every branch); {@code head:<revision>} writes the
     * downgrade. A single value means {@code base:<value>}. Default: every revision.
     */
    @Parameter(property = "migrate.target", defaultValue = RevisionRange.ALL)
    private String target;

    /** A file to write the script to instead of standard output. */
    @Parameter(property = "migrate.output")
    private File output;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException, SQLException, IOException {
        Dialect d = offlineDialect();
        try (ProjectClasses classes = projectClasses()) {
            RevisionRange range = RevisionRange.parse(migrations(classes), target);
            String script = withEngineNote(SqlScript.render(range, d, MavenWording.INSTANCE));
            if (output == null) {
                // plain standard output, not the log: the script is meant to be redirected to a file
                System.out.print(script);
                System.out.flush();
            } else {
                Files.createDirectories(output.toPath().toAbsolutePath().getParent());
                Files.writeString(output.toPath(), script, StandardCharsets.UTF_8);
                getLog().info("Wrote the " + (range.upgrade() ? "upgrade" : "downgrade") + " SQL of "
                        + Messages.count(range.revisions().size(), "revision") + " to " + output);
            }
        }
    }

    /**
     * With {@code migrate.onlineCopy.engine=pt-osc}, a note under the script's header: upgrade would
     * hand changes to large tables to pt-online-schema-change, which no SQL script can do; the note
     * says how to make such a step the same way by hand. Which tables are large only a live database
     * tells, so the statements stay the server's own.
     */
    private String withEngineNote(String script) throws MojoFailureException {
        if (ddlPolicy().copyEngine() != dev.retort.core.runner.DdlPolicy.CopyEngine.PT_OSC) {
            return script;
        }
        String note =
                "-- migrate.onlineCopy.engine=pt-osc: migrate:upgrade hands a change that goes through a shadow copy\n"
                        + "-- (migrate.onlineCopy) on a table above migrate.copyRowLimit rows to pt-online-schema-change. This script\n"
                        + "-- holds the server's own statements. To make such a step the same way by hand, give the tool what follows\n"
                        + "-- ALTER TABLE <table> (without ALGORITHM= and LOCK=), then record the step with migrate:stamp:\n"
                        + "--   pt-online-schema-change --alter \"<body>\" D=<database>,t=<table>,h=<host>,u=<user> --ask-pass --execute\n"
                        + "-- (the settings Retort adds are listed in docs/online-ddl.md, \"pt-online-schema-change as the engine\")\n";
        int blank = script.indexOf("\n\n");
        return blank < 0 ? script + note : script.substring(0, blank + 1) + note + script.substring(blank + 1);
    }
}

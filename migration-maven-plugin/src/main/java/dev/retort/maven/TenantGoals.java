package dev.retort.maven;

import dev.retort.core.errors.Action;
import dev.retort.core.errors.InvalidSettingException;
import dev.retort.core.runner.MigrationException;
import dev.retort.core.runner.RunLog;
import dev.retort.core.tenants.TenantFanOut;
import dev.retort.core.tenants.TenantSettings;
import dev.retort.core.tenants.TenantsFailedException;
import java.sql.SQLException;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;

/**
 * A goal's work on the database it talks to, or on each tenant of that database's server: the
 * {@code migrate.tenants*} properties read, the tenants resolved on the goal's first connection
 * (which announced the server), then {@link TenantFanOut} with Maven's words for hints.
 */
final class TenantGoals {

    /** What a goal does to one database. */
    @FunctionalInterface
    interface Work {

        /**
         * @param log the goal's log; for a tenant, its lines prefixed with {@code [tenant]}
         * @return one line for the tenants' summary table ({@code up to date}, {@code no drift})
         */
        String run(AbstractRetortMojo.Database db, RunLog log) throws SQLException, MojoFailureException;
    }

    private final AbstractRetortMojo mojo;
    private final ConnectionSettings connection;

    TenantGoals(AbstractRetortMojo mojo, ConnectionSettings connection) {
        this.mojo = mojo;
        this.connection = connection;
    }

    /** The {@code migrate.tenants*} settings; a bad value fails naming its property. */
    TenantSettings settings() throws MojoFailureException {
        try {
            return TenantSettings.of(mojo.tenants, mojo.tenantsQuery, mojo.tenantsParallel, mojo.tenantsFailFast);
        } catch (InvalidSettingException e) {
            throw MavenWording.failure(e, mojo::mask, e);
        }
    }

    void run(AbstractRetortMojo.Database db, Action rerun, Work work) throws MojoFailureException, SQLException {
        TenantSettings settings = settings();
        if (!settings.isSet()) {
            work.run(db, mojo.runLog());
            return;
        }
        List<String> names;
        try {
            names = settings.resolve(db.connection());
        } catch (InvalidSettingException e) {
            throw MavenWording.failure(e, mojo::mask, e);
        }
        TenantsFailedException failure = new TenantFanOut(
                        connection.url(),
                        connection.username(),
                        connection.password(),
                        AbstractRetortMojo.class.getClassLoader(),
                        settings,
                        mojo.runLog(),
                        MavenWording.INSTANCE)
                .run(names, t -> {
                    try {
                        return work.run(new AbstractRetortMojo.Database(t.connection(), t.dialect()), t.log());
                    } catch (MojoFailureException e) {
                        throw new MigrationException(e.getMessage(), e);
                    }
                })
                .failure(rerun);
        if (failure != null) {
            throw failure;
        }
    }
}

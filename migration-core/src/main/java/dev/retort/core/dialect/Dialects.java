package dev.retort.core.dialect;

import dev.retort.core.h2.H2Dialect;
import dev.retort.core.jdbc.JdbcUrl;
import dev.retort.core.mysql.MariaDbDialect;
import dev.retort.core.mysql.MySqlDialect;
import dev.retort.core.postgres.PostgresDialect;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/** Chooses the dialect from what the server reports, or by the name a user gave. */
public final class Dialects {

    /** The names accepted by {@code migrate.dialect}. */
    public static final List<String> NAMES = List.of("mysql", "mariadb", "postgresql", "h2");

    private Dialects() {}

    public static Dialect byName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "mysql" -> new MySqlDialect();
            case "mariadb" -> new MariaDbDialect();
            case "postgresql", "postgres" -> new PostgresDialect();
            case "h2" -> new H2Dialect();
            default -> throw new IllegalArgumentException("unknown dialect '" + name + "'; expected one of " + NAMES);
        };
    }

    /**
     * The dialect for goals that need no connection ({@code sql}, {@code check}): the one named by
     * {@code migrate.dialect} if given, else the one the JDBC URL names, else H2, the embedded default.
     * A {@code jdbc:mysql:} URL gives MySQL: only a connection could tell that the server is MariaDB.
     */
    public static Dialect offline(String name, String url) {
        if (name != null && !name.isBlank()) {
            return byName(name.trim());
        }
        return switch (JdbcUrl.of(url).database()) {
            case MARIADB -> new MariaDbDialect();
            case MYSQL -> new MySqlDialect();
            case POSTGRESQL -> new PostgresDialect();
            case H2, UNSUPPORTED -> new H2Dialect();
        };
    }

    /**
     * The dialect of the connected server. MySQL Connector/J reports a MariaDB server as
     * "MySQL", so the version string decides ({@code 5.5.5-10.11.5-MariaDB}).
     */
    public static Dialect detect(DatabaseMetaData meta) throws SQLException {
        return byProduct(meta.getDatabaseProductName(), meta.getDatabaseProductVersion());
    }

    static Dialect byProduct(String product, String version) {
        String p = product.toLowerCase(Locale.ROOT);
        if (p.contains("mariadb")
                || (p.contains("mysql") && version.toLowerCase(Locale.ROOT).contains("mariadb"))) {
            return MariaDbDialect.forServer(version);
        }
        if (p.contains("mysql")) {
            return MySqlDialect.forServer(version);
        }
        if (p.contains("postgresql")) {
            return new PostgresDialect();
        }
        if (p.equals("h2")) {
            return new H2Dialect();
        }
        throw new IllegalArgumentException("database " + product + " " + version + " is not supported; Retort supports "
                + "MySQL, MariaDB, PostgreSQL and H2");
    }
}

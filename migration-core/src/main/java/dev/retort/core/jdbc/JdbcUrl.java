package dev.retort.core.jdbc;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A JDBC URL and what it says without a connection: which database it is for, the options it
 * sets, and whether it names this machine only. The one place that reads a URL's prefix; once
 * connected, the server's own metadata decides the dialect.
 */
public final class JdbcUrl {

    /** The database a URL's prefix names. */
    public enum Database {
        /** {@code jdbc:mysql:}: MySQL, or a MariaDB server reached through MySQL Connector/J. */
        MYSQL("mysql"),
        /** {@code jdbc:mariadb:}: MariaDB's own driver's prefix. */
        MARIADB("mysql"),
        /** {@code jdbc:postgresql:}. */
        POSTGRESQL("postgresql"),
        /** {@code jdbc:h2:}: embedded ({@code mem:}, {@code file:}, a path) or a server ({@code tcp:}, {@code ssl:}). */
        H2("h2"),
        /** A JDBC URL of a database Retort does not support, or no JDBC URL at all. */
        UNSUPPORTED(null);

        private final String family;

        Database(String family) {
            this.family = family;
        }

        /** {@code mysql} for MySQL and MariaDB (one driver, one set of options), {@code postgresql}, {@code h2}; null if unsupported. */
        public String family() {
            return family;
        }

        /** True for MySQL and MariaDB. */
        public boolean isMySqlFamily() {
            return this == MYSQL || this == MARIADB;
        }
    }

    private static final String MARIADB_PREFIX = "jdbc:mariadb:";
    private static final String MYSQL_PREFIX = "jdbc:mysql:";

    private final String url;
    /** The URL trimmed and in lower case, for reading its prefix and hosts. */
    private final String lower;

    private JdbcUrl(String url) {
        this.url = url;
        this.lower = url.trim().toLowerCase(Locale.ROOT);
    }

    /** The URL as given; null reads as an empty URL, which names no database. */
    public static JdbcUrl of(String url) {
        return new JdbcUrl(url == null ? "" : url);
    }

    /** The URL as given. */
    public String value() {
        return url;
    }

    /** True when the URL has the {@code jdbc:} form. */
    public boolean isJdbc() {
        return lower.startsWith("jdbc:");
    }

    public Database database() {
        if (lower.startsWith(MARIADB_PREFIX)) {
            return Database.MARIADB;
        }
        if (lower.startsWith(MYSQL_PREFIX)) {
            return Database.MYSQL;
        }
        if (lower.startsWith("jdbc:postgresql:")) {
            return Database.POSTGRESQL;
        }
        if (lower.startsWith("jdbc:h2:")) {
            return Database.H2;
        }
        return Database.UNSUPPORTED;
    }

    /**
     * The URL for MySQL Connector/J: a {@code jdbc:mariadb:} URL (MariaDB's own driver's prefix)
     * as {@code jdbc:mysql:}, since Connector/J talks to MariaDB too; any other URL as it is.
     */
    public String forMySqlDriver() {
        return url.regionMatches(true, 0, MARIADB_PREFIX, 0, MARIADB_PREFIX.length())
                ? MYSQL_PREFIX + url.substring(MARIADB_PREFIX.length())
                : url;
    }

    /**
     * The names of the options the URL sets, in order: the query parameters ({@code ?a=1&b=2}), or
     * for H2 the settings after the path ({@code ;MODE=MySQL;AUTO_SERVER=TRUE}).
     */
    public List<String> options() {
        List<String> out = new ArrayList<>();
        int q = url.indexOf('?');
        String query = q >= 0 ? url.substring(q + 1) : "";
        if (url.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:")) {
            int semi = url.indexOf(';');
            query = semi >= 0 ? url.substring(semi + 1) : "";
        }
        for (String part : query.split("[&;]")) {
            int eq = part.indexOf('=');
            String name = (eq >= 0 ? part.substring(0, eq) : part).trim();
            if (!name.isEmpty()) {
                out.add(name);
            }
        }
        return out;
    }

    /** The value of the option (case-insensitive name; "" when it has no {@code =}), or null when the URL does not set it. */
    public String option(String name) {
        int q = url.indexOf('?');
        String query = q >= 0 ? url.substring(q + 1) : "";
        if (lower.startsWith("jdbc:h2:")) {
            int semi = url.indexOf(';');
            query = semi >= 0 ? url.substring(semi + 1) : "";
        }
        String value = null;
        for (String part : query.split("[&;]")) {
            int eq = part.indexOf('=');
            if ((eq >= 0 ? part.substring(0, eq) : part).trim().equalsIgnoreCase(name)) {
                value = eq >= 0 ? part.substring(eq + 1).trim() : "";
            }
        }
        return value;
    }

    /**
     * What a tenant is on this URL's server: {@code database} on MySQL and MariaDB (a database is a
     * schema there), {@code schema} on PostgreSQL and H2 (schemas of the URL's database); null when
     * the URL is of no supported database.
     */
    public String tenantKind() {
        return switch (database()) {
            case MYSQL, MARIADB -> "database";
            case POSTGRESQL, H2 -> "schema";
            case UNSUPPORTED -> null;
        };
    }

    /**
     * The URL of one tenant on this URL's server, everything else kept (host, credentials, options):
     * on MySQL and MariaDB the database in the path replaced by {@code tenant}; on PostgreSQL the
     * {@code currentSchema} parameter set to it (the driver makes it the session's search path, so
     * every unqualified name, Retort's history table and lock key included, is the tenant's); on H2
     * the {@code SCHEMA} setting. The name is used as given: callers check it first.
     *
     * @throws IllegalArgumentException for a URL of an unsupported database
     */
    public String forTenant(String tenant) {
        switch (database()) {
            case MYSQL, MARIADB -> {
                int scheme = url.indexOf("//");
                if (scheme < 0) {
                    throw new IllegalArgumentException("cannot place a database in " + url + ": no //host part");
                }
                int end = scheme + 2;
                while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
                    end++;
                }
                int rest = end;
                if (rest < url.length() && url.charAt(rest) == '/') {
                    rest++;
                    while (rest < url.length() && "?#".indexOf(url.charAt(rest)) < 0) {
                        rest++;
                    }
                }
                return url.substring(0, end) + "/" + tenant + url.substring(rest);
            }
            case POSTGRESQL -> {
                int q = url.indexOf('?');
                String base = q < 0 ? url : url.substring(0, q);
                List<String> kept = new ArrayList<>();
                if (q >= 0) {
                    for (String part : url.substring(q + 1).split("&")) {
                        String name = part.contains("=") ? part.substring(0, part.indexOf('=')) : part;
                        if (!part.isEmpty() && !name.trim().equalsIgnoreCase("currentSchema")) {
                            kept.add(part);
                        }
                    }
                }
                kept.add("currentSchema=" + tenant);
                return base + "?" + String.join("&", kept);
            }
            case H2 -> {
                String[] parts = url.split(";");
                StringBuilder out = new StringBuilder(parts[0]);
                for (int i = 1; i < parts.length; i++) {
                    String name = parts[i].contains("=") ? parts[i].substring(0, parts[i].indexOf('=')) : parts[i];
                    if (!parts[i].isEmpty() && !name.trim().equalsIgnoreCase("SCHEMA")) {
                        out.append(';').append(parts[i]);
                    }
                }
                return out.append(";SCHEMA=").append(tenant).toString();
            }
            default ->
                throw new IllegalArgumentException("tenants need a MySQL, MariaDB, PostgreSQL or H2 URL: " + url);
        }
    }

    /** Driver options that reconnect a dropped connection behind the caller's back (MySQL Connector/J, MariaDB Connector/J). */
    private static final List<String> RECONNECTING_OPTIONS =
            List.of("autoReconnect", "autoReconnectForPools", "transactionReplay");

    /**
     * Why Retort refuses the URL, or null: an option that lets the driver reconnect silently
     * ({@code autoReconnect=true} and the like). The migration lock belongs to the server session;
     * after a silent reconnect the run would go on, and write its journal, in a new session that
     * holds no lock while another run may have taken it.
     */
    public String reconnectRefusal() {
        if (!database().isMySqlFamily()) {
            return null;
        }
        for (String name : RECONNECTING_OPTIONS) {
            String value = option(name);
            if (value != null && (value.isEmpty() || value.equalsIgnoreCase("true") || value.equalsIgnoreCase("yes"))) {
                return "the JDBC URL sets " + name + (value.isEmpty() ? "" : "=" + value)
                        + ": Retort refuses it. After the driver "
                        + "silently reconnects, the run would carry on in a new server session that no longer holds the migration "
                        + "lock (the lock dies with the old session), so another run could change the schema at the same time. "
                        + "Remove " + name
                        + " from the URL Retort uses (a dropped connection then fails the run with a report of "
                        + "what is committed, and a rerun resumes)";
            }
        }
        return null;
    }

    /**
     * Whether the URL names a database on this machine only: embedded H2 ({@code mem:}, {@code file:}
     * or a bare path), or a server URL whose every host (fail-over and load-balancing lists included)
     * is {@code localhost} or a loopback address, or that names no host (PostgreSQL's
     * {@code jdbc:postgresql:shop}, {@code jdbc:mysql:///shop}: the driver connects to localhost). A
     * URL this cannot read, or one that names a host in its parameters, is not local. A loopback
     * proxy or tunnel to another machine (Cloud SQL proxy, ssh -L) looks local and counts as local.
     */
    public boolean isLocal() {
        String u = lower;
        if (u.startsWith("jdbc:h2:")) {
            String rest = u.substring("jdbc:h2:".length());
            if (!rest.startsWith("tcp:") && !rest.startsWith("ssl:")) {
                return true;
            }
            List<String> hosts = hostsOf(rest.substring(4));
            return hosts != null && !hosts.isEmpty() && hosts.stream().allMatch(JdbcUrl::isLoopback);
        }
        if (!u.startsWith("jdbc:") || u.contains("host=")) {
            return false;
        }
        if (u.startsWith("jdbc:postgresql:") && !u.startsWith("jdbc:postgresql://")) {
            return true;
        }
        List<String> hosts = hostsOf(u.substring(u.indexOf(':', "jdbc:".length()) + 1));
        return hosts != null && hosts.stream().allMatch(h -> h.isEmpty() || isLoopback(h));
    }

    /** The hosts of {@code //[user[:password]@]host[:port][,host[:port]]…[/…]}; an empty name for none; null if unreadable. */
    private static List<String> hostsOf(String url) {
        int scheme = url.indexOf("//");
        if (scheme < 0) {
            return null;
        }
        String rest = url.substring(scheme + 2);
        int end = 0;
        while (end < rest.length() && "/?;#".indexOf(rest.charAt(end)) < 0) {
            end++;
        }
        String authority = rest.substring(0, end);
        if (authority.contains("@")) {
            authority = authority.substring(authority.lastIndexOf('@') + 1);
        }
        List<String> hosts = new ArrayList<>();
        for (String part : authority.split(",", -1)) {
            if (part.isEmpty()) {
                hosts.add("");
                continue;
            }
            try {
                String host = URI.create("x://" + part).getHost();
                if (host == null) {
                    return null;
                }
                hosts.add(host);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return hosts;
    }

    private static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
    }

    @Override
    public String toString() {
        return url;
    }
}

package dev.retort.core.runner;

import dev.retort.core.jdbc.JdbcUrl;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens JDBC connections with drivers found through a given class loader (a Maven plugin's
 * drivers are invisible to {@link java.sql.DriverManager}), and masks secrets in URLs.
 */
public final class Connections {

    private static final Pattern QUERY_SECRET = Pattern.compile("(?i)((?:password|pwd|passwd)=)([^&;]*)");
    /** {@code //user:password@} up to the last {@code @} of the authority, so a password may hold an {@code @}. */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@?#]*:)([^/?#]*)(@)");

    private Connections() {}

    /**
     * Opens a connection or fails with a message that names the URL (secrets masked) and the cause.
     */
    public static Connection open(String url, String username, String password, ClassLoader drivers) {
        return open(url, username, password, drivers, null);
    }

    /**
     * As {@link #open(String, String, String, ClassLoader)}, giving up on a server that does not
     * answer within {@code timeout} when connecting, logging in or on any later read (null: the
     * driver's defaults, which may be minutes, or forever, for a black-holed host). Set per
     * connection through the driver's own properties (MySQL/MariaDB and PostgreSQL; H2 has none),
     * never through the JVM-wide {@link java.sql.DriverManager#setLoginTimeout}. For short reads
     * only: a migration's DDL may run far longer.
     */
    public static Connection open(
            String url, String username, String password, ClassLoader drivers, java.time.Duration timeout) {
        List<String> secrets = secrets(url, password);
        Driver driver = null;
        for (ServiceLoader.Provider<Driver> provider :
                ServiceLoader.load(Driver.class, drivers).stream().toList()) {
            if (!mayAccept(provider.type().getName(), url)) {
                continue;
            }
            Driver d = provider.get();
            try {
                if (d.acceptsURL(url)) {
                    driver = d;
                    break;
                }
            } catch (SQLException e) {
                // a driver that cannot judge the URL is not the one
            }
        }
        if (driver == null) {
            throw new ConnectionException(
                    "No JDBC driver accepts " + maskAll(url, secrets)
                            + "; Retort brings drivers for jdbc:mysql: (MySQL and MariaDB servers), jdbc:postgresql: and jdbc:h2: URLs");
        }
        String refusal = JdbcUrl.of(url).reconnectRefusal();
        if (refusal != null) {
            throw new ConnectionException("Not connecting to " + maskAll(url, secrets) + ": " + refusal + ".");
        }
        Properties props = new Properties();
        if (username != null && !username.isEmpty()) {
            props.setProperty("user", username);
        }
        if (password != null && !password.isEmpty()) {
            props.setProperty("password", password);
        }
        if (timeout != null) {
            JdbcUrl.Database database = JdbcUrl.of(url).database();
            if (database.isMySqlFamily()) {
                String millis = String.valueOf(Math.max(1, timeout.toMillis()));
                props.setProperty("connectTimeout", millis);
                props.setProperty("socketTimeout", millis);
            } else if (database == JdbcUrl.Database.POSTGRESQL) {
                String seconds = String.valueOf(Math.max(1, timeout.toSeconds()));
                props.setProperty("connectTimeout", seconds);
                props.setProperty("loginTimeout", seconds);
                props.setProperty("socketTimeout", seconds);
            }
        }
        try {
            Connection c = driver.connect(url, props);
            if (c == null) {
                throw new ConnectionException("The driver refused " + maskAll(url, secrets));
            }
            return c;
        } catch (SQLException e) {
            throw new ConnectionException(
                    "Cannot connect to " + maskAll(url, secrets)
                            + (username == null || username.isEmpty() ? "" : " as user '" + username + "'") + ": "
                            + maskAll(rootMessage(e), secrets),
                    scrub(e, secrets));
        }
    }

    /**
     * The URL prefixes of the drivers Retort brings, by driver class: a driver whose prefixes do not
     * start the URL would refuse it, so it is not even instantiated (each one's static start-up costs
     * tens of milliseconds). Any other driver is asked, in class path order, as before.
     */
    private static final Map<String, List<String>> KNOWN_PREFIXES = Map.of(
            "org.h2.Driver", List.of("jdbc:h2:", "jdbc:default:connection"),
            "com.mysql.cj.jdbc.Driver", List.of("jdbc:mysql", "mysqlx:"),
            "org.postgresql.Driver", List.of("jdbc:postgresql:"));

    private static boolean mayAccept(String driverClass, String url) {
        List<String> prefixes = KNOWN_PREFIXES.get(driverClass);
        String lower = url.toLowerCase(java.util.Locale.ROOT);
        return prefixes == null || prefixes.stream().anyMatch(lower::startsWith);
    }

    private static String rootMessage(Throwable e) {
        String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String last = String.valueOf(root.getMessage()).lines().findFirst().orElse("");
        return root == e || first.contains(last)
                ? first
                : first + " (" + root.getClass().getSimpleName() + ": " + last + ")";
    }

    /** The URL with any password in it replaced by {@code ***}; also hides {@code password} if it appears verbatim. */
    public static String mask(String text, String password) {
        return maskAll(text, password == null ? List.of() : List.of(password));
    }

    /**
     * The text with every URL password replaced by {@code ***}, and each of {@code secrets} wherever it
     * appears verbatim (a driver may quote part of a URL that no pattern recognises, e.g. the
     * authority it failed to parse).
     */
    public static String maskAll(String text, Collection<String> secrets) {
        if (text == null) {
            return null;
        }
        String masked = QUERY_SECRET.matcher(text).replaceAll("$1***");
        masked = USER_INFO.matcher(masked).replaceAll("$1***$3");
        // longest first, so a secret that contains another is hidden whole
        for (String secret : secrets.stream()
                .filter(s -> s != null && !s.isEmpty())
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList()) {
            masked = masked.replace(secret, "***");
        }
        return masked;
    }

    /** {@code password} (if set) and every password {@code url} carries, to hide wherever they appear. */
    public static List<String> secrets(String url, String password) {
        List<String> out = new ArrayList<>();
        if (password != null && !password.isEmpty()) {
            out.add(password);
        }
        if (url != null) {
            for (Pattern p : List.of(QUERY_SECRET, USER_INFO)) {
                Matcher m = p.matcher(url);
                while (m.find()) {
                    if (!m.group(2).isEmpty() && !out.contains(m.group(2))) {
                        out.add(m.group(2));
                    }
                }
            }
        }
        return out;
    }

    /**
     * A copy of the exception chain with {@code secrets} and URL passwords masked in every message
     * and the same stack traces. A driver's message may quote the URL (Connector/J quotes the whole
     * {@code user:password@host} authority it cannot parse), and whatever prints a cause chain
     * (Maven's {@code -e}, a logged start-up failure, a test report) would print it too.
     */
    public static Throwable scrub(Throwable t, Collection<String> secrets) {
        if (t == null) {
            return null;
        }
        Throwable copy = new Scrubbed(
                t.getClass().getName() + ": " + maskAll(String.valueOf(t.getMessage()), secrets),
                t.getCause() == t ? null : scrub(t.getCause(), secrets));
        copy.setStackTrace(t.getStackTrace());
        for (Throwable s : t.getSuppressed()) {
            copy.addSuppressed(scrub(s, secrets));
        }
        return copy;
    }

    /** An exception rebuilt with a masked message; the original type is the first word of the message. */
    public static final class Scrubbed extends Exception {
        Scrubbed(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }

    /** The URL or the driver could not give a connection. */
    public static final class ConnectionException extends RuntimeException {
        public ConnectionException(String message) {
            super(message);
        }

        public ConnectionException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

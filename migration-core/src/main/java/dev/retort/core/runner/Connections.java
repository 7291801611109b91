package dev.retort.core.runner;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

/**
 * Opens JDBC connections with drivers found through a given class loader (a Maven plugin's
 * drivers are invisible to {@link java.sql.DriverManager}), and masks secrets in URLs.
 */
public final class Connections {

    private static final Pattern QUERY_SECRET = Pattern.compile("(?i)((?:password|pwd|passwd)=)([^&;]*)");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@]*:)([^@/]*)(@)");

    private Connections() {
    }

    /**
     * Opens a connection or fails with a message that names the URL (secrets masked) and the cause.
     */
    public static Connection open(String url, String username, String password, ClassLoader drivers) {
        Driver driver = null;
        for (Driver d : ServiceLoader.load(Driver.class, drivers)) {
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
            throw new ConnectionException("No JDBC driver accepts " + mask(url, password)
                    + "; Retort brings drivers for jdbc:mysql: (MySQL and MariaDB servers), jdbc:postgresql: and jdbc:h2: URLs");
        }
        Properties props = new Properties();
        if (username != null && !username.isEmpty()) {
            props.setProperty("user", username);
        }
        if (password != null && !password.isEmpty()) {
            props.setProperty("password", password);
        }
        try {
            Connection c = driver.connect(url, props);
            if (c == null) {
                throw new ConnectionException("The driver refused " + mask(url, password));
            }
            return c;
        } catch (SQLException e) {
            throw new ConnectionException("Cannot connect to " + mask(url, password)
                    + (username == null || username.isEmpty() ? "" : " as user '" + username + "'") + ": "
                    + mask(rootMessage(e), password), e);
        }
    }

    private static String rootMessage(Throwable e) {
        String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String last = String.valueOf(root.getMessage()).lines().findFirst().orElse("");
        return root == e || first.contains(last) ? first : first + " (" + root.getClass().getSimpleName() + ": " + last + ")";
    }

    /** The URL with any password in it replaced by {@code ***}; also hides {@code password} if it appears verbatim. */
    public static String mask(String text, String password) {
        if (text == null) {
            return null;
        }
        String masked = QUERY_SECRET.matcher(text).replaceAll("$1***");
        masked = USER_INFO.matcher(masked).replaceAll("$1***$3");
        if (password != null && password.length() >= 1) {
            masked = masked.replace(password, "***");
        }
        return masked;
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

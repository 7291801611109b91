package dev.retort.maven;

import dev.retort.core.jdbc.JdbcUrl;
import dev.retort.core.runner.Connections;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * The database a goal talks to and the credentials it uses, resolved from every place a team
 * keeps them. Each of URL, user name and password is taken from the first source that sets it,
 * highest first:
 *
 * <ol>
 *   <li>{@code -D} user properties: {@code migrate.url}, {@code migrate.username}, {@code migrate.password};</li>
 *   <li>environment variables {@code RETORT_URL}, {@code RETORT_USERNAME}, {@code RETORT_PASSWORD} (or
 *       {@code RETORT_PASSWORD_FILE}, the path of a file holding it);</li>
 *   <li>the plugin's {@code <configuration>} ({@code <url>}, {@code <username>}), or the same
 *       {@code migrate.*} keys as POM {@code <properties>} (e.g. in a Maven profile); never a
 *       password, nor a {@code <url>} carrying one, which Maven's {@code -X} output would print;</li>
 *   <li>credentials of the settings.xml {@code <server>} named by {@code migrate.serverId}
 *       (Maven-encrypted passwords are decrypted);</li>
 *   <li>the project's Spring Boot {@code spring.datasource.*} ({@link SpringDataSource}); its
 *       credentials are used only with its own URL, never sent to a URL from elsewhere;</li>
 *   <li>the embedded H2 database under {@code target/retort/} (user {@code sa}, no password).</li>
 * </ol>
 *
 * <p>Bad input fails, naming the source and key: an unknown {@code migrate.*} property, a
 * {@code migrate.serverId} that names no server, a URL that is not JDBC or carries another
 * database's driver options, a {@code migrate.dialect} that contradicts the URL, a user in the
 * URL that contradicts the user name.
 *
 * @param url               the JDBC URL (may carry secrets: show {@link #displayUrl()})
 * @param urlSource         where the URL came from, for the banner
 * @param credentialsSource where the user name and password came from, or null
 * @param embedded          true for the embedded default database
 */
record ConnectionSettings(
        String url, String username, String password, String urlSource, String credentialsSource, boolean embedded) {

    static final String URL = "migrate.url";
    static final String USERNAME = "migrate.username";
    static final String PASSWORD = "migrate.password";
    static final String SERVER_ID = "migrate.serverId";
    static final String ENV_URL = "RETORT_URL";
    static final String ENV_USERNAME = "RETORT_USERNAME";
    static final String ENV_PASSWORD = "RETORT_PASSWORD";
    /** A file holding the password (Docker and Kubernetes secrets): the variable's value is a path, safe to print. */
    static final String ENV_PASSWORD_FILE = "RETORT_PASSWORD_FILE";
    /**
     * Properties Retort reads itself rather than through a parameter, so Maven's {@code -X} output never
     * echoes them: the password, and the URL, which may carry one.
     */
    static final Set<String> READ_DIRECTLY = Set.of(PASSWORD, URL);

    /** Connector/J options that mean nothing to the other drivers. */
    private static final Set<String> MYSQL_ONLY = Set.of(
            "usessl",
            "requiressl",
            "servertimezone",
            "connectiontimezone",
            "allowpublickeyretrieval",
            "useunicode",
            "characterencoding",
            "zerodatetimebehavior",
            "rewritebatchedstatements",
            "uselegacydatetimecode",
            "autoreconnect",
            "sessionvariables",
            "allowmultiqueries");
    /** PgJDBC options that mean nothing to the other drivers. */
    private static final Set<String> POSTGRES_ONLY = Set.of(
            "currentschema",
            "sslfactory",
            "sslrootcert",
            "applicationname",
            "preparethreshold",
            "stringtype",
            "targetservertype",
            "reWriteBatchedInserts".toLowerCase(Locale.ROOT));

    private static final Pattern URL_USER = Pattern.compile("(?i)[?&;]user=([^&;]*)|//([^/:@]+)(?::[^@/]*)?@");

    /**
     * Everything the resolution reads, so it can be tested without Maven.
     *
     * @param userProperties  {@code -D} properties of the Maven session
     * @param env             the process environment
     * @param pomProperties   the project's {@code <properties>}, after profiles
     * @param configUrl       the injected {@code url} parameter ({@code <url>} in the plugin configuration)
     * @param passwordConfigured whether the plugin configuration sets {@code <password>} (refused)
     * @param serverId        the injected {@code serverId} parameter
     * @param knownProperties every {@code migrate.*} property some goal of the plugin reads
     * @param resourceDirs    the project's resource directories, for Spring Boot files; empty to skip them
     * @param embeddedDb      path of the embedded default database
     */
    record Sources(
            Properties userProperties,
            Map<String, String> env,
            Properties pomProperties,
            String configUrl,
            String configUsername,
            boolean passwordConfigured,
            String serverId,
            Settings settings,
            SettingsDecrypter decrypter,
            Set<String> knownProperties,
            List<Path> resourceDirs,
            Path basedir,
            Path embeddedDb) {}

    /** The URL with any password masked, as every goal prints it. */
    String displayUrl() {
        return Connections.maskAll(url, secrets());
    }

    /** The password and every password the URL carries: what no message may show. */
    List<String> secrets() {
        return Connections.secrets(url, password);
    }

    /** Where URL and credentials came from, for the banner; never a value. */
    String describeSources() {
        return embedded
                ? "embedded default, no migrate.url set"
                : "url from " + urlSource
                        + (credentialsSource == null ? "" : ", credentials from " + credentialsSource);
    }

    @Override
    public String toString() {
        return "ConnectionSettings[" + displayUrl() + ", user " + username + ", " + describeSources() + "]";
    }

    static ConnectionSettings resolve(Sources in, Consumer<String> warn) throws MojoFailureException {
        checkUnknownProperties(in);
        Value url = trimmed(first(
                Value.of(in.userProperties().getProperty(URL), "-D" + URL),
                Value.of(in.env().get(ENV_URL), "environment variable " + ENV_URL),
                Value.of(in.configUrl(), configLabel(in, URL, "url")),
                Value.of(
                        in.pomProperties() == null ? null : in.pomProperties().getProperty(URL),
                        "POM property " + URL)));
        Value username = first(
                Value.of(in.userProperties().getProperty(USERNAME), "-D" + USERNAME),
                Value.of(in.env().get(ENV_USERNAME), "environment variable " + ENV_USERNAME),
                Value.of(in.configUsername(), configLabel(in, USERNAME, "username")));
        if (in.passwordConfigured()) {
            throw new MojoFailureException(
                    "<password> in the plugin configuration is refused: Maven prints configured values "
                            + "in its debug output (-X), so a password there leaks into build logs. Remove it and use -D"
                            + PASSWORD
                            + ", the environment variable " + ENV_PASSWORD + ", or a settings.xml <server> named by "
                            + SERVER_ID + ".");
        }
        if (in.configUrl() != null && !Connections.mask(in.configUrl(), null).equals(in.configUrl())) {
            throw new MojoFailureException("The database URL from " + configLabel(in, URL, "url")
                    + " carries a password: "
                    + Connections.mask(in.configUrl(), null)
                    + ". Maven prints configured values in its debug output (-X), "
                    + "so the password would leak into build logs. Give the URL as -D" + URL
                    + " or the environment variable "
                    + ENV_URL + " (read by Retort itself, never printed), or keep the password out of the URL.");
        }
        if (in.pomProperties() != null && in.pomProperties().getProperty(PASSWORD) != null) {
            throw new MojoFailureException(
                    "The POM property " + PASSWORD + " is refused: a password does not belong in the POM. "
                            + "Use -D" + PASSWORD + ", the environment variable " + ENV_PASSWORD
                            + ", or a settings.xml <server> named by "
                            + SERVER_ID + ".");
        }
        Value password = first(
                Value.of(in.userProperties().getProperty(PASSWORD), "-D" + PASSWORD),
                Value.of(in.env().get(ENV_PASSWORD), "environment variable " + ENV_PASSWORD),
                passwordFile(in.env()));

        String serverId = firstNonBlank(in.userProperties().getProperty(SERVER_ID), in.serverId());
        if (serverId != null) {
            Server server = server(in, serverId);
            String label = "settings.xml <server> '" + serverId + "'";
            if (username == null) {
                username = Value.of(server.getUsername(), label);
            }
            if (password == null) {
                password = Value.of(server.getPassword(), label);
            }
        }

        if (url == null && !in.resourceDirs().isEmpty()) {
            SpringDataSource spring =
                    SpringDataSource.read(in.resourceDirs(), in.basedir(), in.userProperties(), in.env());
            if (spring != null) {
                url = trimmed(Value.of(
                        spring.url(),
                        SpringDataSource.URL + " in " + spring.origin().get(SpringDataSource.URL)));
                if (username == null) {
                    username = Value.of(
                            spring.username(),
                            SpringDataSource.USERNAME + " in " + spring.origin().get(SpringDataSource.USERNAME));
                }
                if (password == null) {
                    password = Value.of(
                            spring.password(),
                            SpringDataSource.PASSWORD + " in " + spring.origin().get(SpringDataSource.PASSWORD));
                }
            }
        }

        if (url == null) {
            if (username != null || password != null) {
                warn.accept(
                        "Credentials are set (" + sources(username, password) + ") but no database URL is: using the "
                                + "embedded default database. Set -D" + URL + " or " + ENV_URL + " to use a server.");
            }
            return new ConnectionSettings(
                    "jdbc:h2:file:" + in.embeddedDb().toAbsolutePath(), "sa", "", "embedded default", null, true);
        }
        String pw = password == null ? null : password.value();
        checkUrl(url, pw, in);
        checkUrlUser(url, username, pw);
        if (JdbcUrl.of(url.value()).database() == JdbcUrl.Database.MARIADB) {
            // Spring Boot projects often name MariaDB's own driver; Connector/J, which the plugin brings, talks to
            // MariaDB too
            url = new Value(
                    JdbcUrl.of(url.value()).forMySqlDriver(), url.source() + ", jdbc:mariadb: used as jdbc:mysql:");
        }
        return new ConnectionSettings(
                url.value(),
                username == null ? null : username.value(),
                pw,
                url.source(),
                username == null && password == null ? null : sources(username, password),
                false);
    }

    private static Value passwordFile(Map<String, String> env) throws MojoFailureException {
        String file = env.get(ENV_PASSWORD_FILE);
        if (file == null || file.isBlank()) {
            return null;
        }
        if (env.get(ENV_PASSWORD) != null && !env.get(ENV_PASSWORD).isBlank()) {
            throw new MojoFailureException("Both " + ENV_PASSWORD + " and " + ENV_PASSWORD_FILE
                    + " are set in the environment: " + "keep one.");
        }
        try {
            String content = java.nio.file.Files.readString(Path.of(file.trim()));
            // one trailing line break is the file's, not the password's
            return Value.of(
                    content.endsWith("\r\n")
                            ? content.substring(0, content.length() - 2)
                            : content.endsWith("\n") ? content.substring(0, content.length() - 1) : content,
                    "file named by environment variable " + ENV_PASSWORD_FILE);
        } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
            throw new MojoFailureException(
                    "Cannot read the password file " + file.trim() + " named by environment variable "
                            + ENV_PASSWORD_FILE + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
        }
    }

    private static Server server(Sources in, String serverId) throws MojoFailureException {
        List<Server> servers = in.settings() == null ? List.of() : in.settings().getServers();
        Server server = servers.stream()
                .filter(s -> serverId.equals(s.getId()))
                .findFirst()
                .orElse(null);
        String from = in.userProperties().getProperty(SERVER_ID) != null
                ? "-D" + SERVER_ID
                : configLabel(in, SERVER_ID, "serverId");
        if (server == null) {
            throw new MojoFailureException(SERVER_ID + " '" + serverId + "' (from " + from
                    + ") names no <server> in settings.xml"
                    + (servers.isEmpty()
                            ? " (it has no servers)"
                            : "; its servers are "
                                    + servers.stream()
                                            .map(Server::getId)
                                            .sorted()
                                            .toList())
                    + ". Add <server><id>" + serverId + "</id><username>…</username><password>…</password></server> "
                    + "to ~/.m2/settings.xml, or fix the id.");
        }
        if (in.decrypter() == null) {
            return server;
        }
        SettingsDecryptionResult result = in.decrypter().decrypt(new DefaultSettingsDecryptionRequest(server));
        for (SettingsProblem p : result.getProblems()) {
            if (p.getSeverity() != SettingsProblem.Severity.WARNING) {
                // the problem text never holds the password, only why decryption failed
                throw new MojoFailureException("The password of settings.xml <server> '" + serverId
                        + "' cannot be decrypted: " + p.getMessage()
                        + ". Check ~/.m2/settings-security.xml (mvn --encrypt-master-password).");
            }
        }
        return result.getServer();
    }

    /** Rejects {@code migrate.*} keys no goal of this plugin reads: a typo must not silently fall back. */
    private static void checkUnknownProperties(Sources in) throws MojoFailureException {
        checkUnknownProperties(in.userProperties(), in.pomProperties(), in.knownProperties());
    }

    /** Fails on a {@code migrate.*} key in {@code -D} or POM properties that no goal reads; skipped when {@code known} is empty. */
    static void checkUnknownProperties(Properties user, Properties pom, Set<String> known) throws MojoFailureException {
        if (known.isEmpty()) {
            return;
        }
        List<String> problems = new ArrayList<>();
        unknown(user, "-D on the command line", known, problems);
        unknown(pom, "<properties> of the POM", known, problems);
        if (!problems.isEmpty()) {
            throw new MojoFailureException(String.join("\n", problems) + "\nKnown properties: " + known);
        }
    }

    private static void unknown(Properties props, String where, Set<String> known, List<String> problems) {
        if (props == null) {
            return;
        }
        new TreeSet<>(props.stringPropertyNames())
                .stream()
                        .filter(k -> k.startsWith("migrate.") && !known.contains(k) && !READ_DIRECTLY.contains(k))
                        .forEach(k ->
                                problems.add("Unknown property " + k + " (from " + where + ")" + suggestion(k, known)));
    }

    private static String suggestion(String key, Set<String> known) {
        return known.stream()
                .min(Comparator.comparingInt(k -> distance(k.toLowerCase(Locale.ROOT), key.toLowerCase(Locale.ROOT))))
                .filter(k -> distance(k.toLowerCase(Locale.ROOT), key.toLowerCase(Locale.ROOT)) <= 3)
                .map(k -> "; did you mean " + k + "?")
                .orElse("");
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int[] cur = new int[b.length() + 1];
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(
                        Math.min(cur[j - 1] + 1, prev[j] + 1),
                        prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            prev = cur;
        }
        return prev[b.length()];
    }

    /** The URL must be JDBC, of a supported database, without another driver's options or a contradicting dialect. */
    private static void checkUrl(Value url, String password, Sources in) throws MojoFailureException {
        String shown = Connections.maskAll(url.value(), Connections.secrets(url.value(), password));
        JdbcUrl jdbc = JdbcUrl.of(url.value());
        if (!jdbc.isJdbc()) {
            throw new MojoFailureException("The database URL from " + url.source() + " is not a JDBC URL: " + shown
                    + ". Use the jdbc: form, e.g. jdbc:postgresql://host:5432/db or jdbc:mysql://host:3306/db.");
        }
        String family = jdbc.database().family();
        if (family == null) {
            throw new MojoFailureException(
                    "The database URL from " + url.source() + " is for a database Retort does not support: " + shown
                            + ". Supported: jdbc:mysql: (MySQL and MariaDB), jdbc:mariadb:, jdbc:postgresql:, jdbc:h2:.");
        }
        for (String option : jdbc.options()) {
            String o = option.toLowerCase(Locale.ROOT);
            if (!family.equals("mysql") && MYSQL_ONLY.contains(o)) {
                throw new MojoFailureException(
                        "The database URL from " + url.source() + " is a " + family + " URL but sets " + option
                                + ", a MySQL Connector/J option: " + shown + ". Remove it, or fix the URL.");
            }
            if (!family.equals("postgresql") && POSTGRES_ONLY.contains(o)) {
                throw new MojoFailureException(
                        "The database URL from " + url.source() + " is a " + family + " URL but sets " + option
                                + ", a PostgreSQL driver option: " + shown + ". Remove it, or fix the URL.");
            }
        }
        String dialectFrom = in.userProperties().getProperty("migrate.dialect") != null
                ? "-Dmigrate.dialect"
                : in.pomProperties() != null && in.pomProperties().getProperty("migrate.dialect") != null
                        ? "POM property migrate.dialect"
                        : null;
        if (dialectFrom != null) {
            String dialect = (dialectFrom.startsWith("-D") ? in.userProperties() : in.pomProperties())
                    .getProperty("migrate.dialect")
                    .trim()
                    .toLowerCase(Locale.ROOT);
            String dialectFamily =
                    dialect.equals("mariadb") ? "mysql" : dialect.equals("postgres") ? "postgresql" : dialect;
            if (!dialectFamily.equals(family)) {
                throw new MojoFailureException(
                        "migrate.dialect '" + dialect + "' (from " + dialectFrom + ") contradicts the "
                                + family + " database URL from " + url.source() + ": " + shown
                                + ". With a URL the dialect comes from the server; remove migrate.dialect or fix the URL.");
            }
        }
    }

    private static void checkUrlUser(Value url, Value username, String password) throws MojoFailureException {
        if (username == null) {
            return;
        }
        Matcher m = URL_USER.matcher(url.value());
        while (m.find()) {
            String inUrl = m.group(1) != null ? m.group(1) : m.group(2);
            if (!inUrl.isEmpty() && !inUrl.equals(username.value())) {
                throw new MojoFailureException(
                        "The database URL from " + url.source() + " names user '" + inUrl + "' but "
                                + username.source() + " says '" + username.value() + "': "
                                + Connections.maskAll(url.value(), Connections.secrets(url.value(), password))
                                + ". Keep the user in one place.");
            }
        }
    }

    /** Which tier an injected parameter value came from: the POM property of that name, or the configuration. */
    private static String configLabel(Sources in, String property, String element) {
        return in.pomProperties() != null && in.pomProperties().getProperty(property) != null
                ? "POM property " + property
                : "<" + element + "> in the plugin configuration";
    }

    private static String sources(Value username, Value password) {
        if (username != null && password != null && !username.source().equals(password.source())) {
            return "user from " + username.source() + ", password from " + password.source();
        }
        return (username != null ? username : password).source();
    }

    private static Value trimmed(Value v) {
        return v == null ? null : new Value(v.value().trim(), v.source());
    }

    private static Value first(Value... values) {
        for (Value v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    /** A value and the source it came from. */
    private record Value(String value, String source) {
        static Value of(String value, String source) {
            // not trimmed: a password may start or end with a space
            return value == null || value.isBlank() ? null : new Value(value, source);
        }
    }
}

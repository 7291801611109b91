package dev.retort.maven;

import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.model.Column;
import dev.retort.core.model.Schema;
import dev.retort.core.model.SchemaJson;
import dev.retort.core.model.Table;
import dev.retort.migration.Types;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.DefaultMavenExecutionResult;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugin.descriptor.PluginDescriptorBuilder;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.crypto.DefaultSettingsDecrypter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;
import org.sonatype.plexus.components.sec.dispatcher.DefaultSecDispatcher;

/**
 * Runs every goal, as Maven would configure it, against a real password-protected H2 database with
 * a known password, on success and failure paths, with debug logging on; then searches the whole
 * log, every exception chain with its stack trace, the files the goals wrote and the history
 * table for the password.
 *
 * <p>Maven's own {@code -X} output (every injected parameter value, and what the plugins the goals
 * run first print) is covered end to end by the invoker IT {@code secrets-debug-log}, which
 * runs the goals with {@code mvn -X} once per password source and searches build.log.
 */
class NoSecretsInOutputTest {

    static final String PASSWORD = "Pw-7f3b9c1e-Secret";

    @TempDir
    Path dir;

    final StringWriter output = new StringWriter();
    final PrintWriter out = new PrintWriter(output, true);

    @Test
    void noGoalPrintsThePasswordOnSuccessOrFailure() throws Exception {
        Path db = dir.resolve("db/shop");
        String url = "jdbc:h2:file:" + db;
        // the first connection creates the database with this user and password
        DriverManager.getConnection(url, "app", PASSWORD).close();
        Path project = project("secretsfixture.good");
        Properties props = new Properties();
        props.setProperty("migrate.url", url);
        props.setProperty("migrate.username", "app");
        props.setProperty("migrate.password", PASSWORD);

        run(new CurrentMojo(), project, props, Map.of());
        run(new HistoryMojo(), project, props, Map.of());
        run(new UpgradeMojo(), project, props, Map.of("target", "head", "allowDataLoss", false));
        run(new DriftMojo(), project, props, Map.of());
        try (Connection c = DriverManager.getConnection(url, "app", PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("ALTER TABLE customer ADD COLUMN nickname varchar(20)");
        }
        run(new DriftMojo(), project, props, Map.of());
        run(new GenerateMojo(), project, props, Map.of("message", "add email", "timestamp", "20261125_1200"));
        run(new DowngradeMojo(), project, props, Map.of("target", "base", "allowDataLoss", false));
        run(new InitMojo(), project, props, Map.of());

        // failures: a migration that fails, a wrong password, an unknown property, a password inside the URL
        Path bad = project("secretsfixture.bad");
        try (Connection c = DriverManager.getConnection(url, "app", PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE clash (id bigint)");
        }
        run(new UpgradeMojo(), bad, props, Map.of("target", "head", "allowDataLoss", false));
        Properties wrong = new Properties();
        wrong.putAll(props);
        wrong.setProperty("migrate.password", PASSWORD + "-wrong");
        run(new CurrentMojo(), project, wrong, Map.of());
        Properties typo = new Properties();
        typo.putAll(props);
        typo.setProperty("migrate.passwd", PASSWORD);
        run(new CurrentMojo(), project, typo, Map.of());
        Properties inUrl = new Properties();
        inUrl.setProperty("migrate.url", "jdbc:mysql://app:" + PASSWORD + "@127.0.0.1:1/shop?connectTimeout=500");
        run(new CurrentMojo(), project, inUrl, Map.of());
        // a password with an @: Connector/J quotes the URL authority it cannot parse, user info and all
        Properties atUrl = new Properties();
        atUrl.setProperty("migrate.url", "jdbc:mysql://app:p@" + PASSWORD + "@127.0.0.1:1/shop?connectTimeout=500");
        run(new CurrentMojo(), project, atUrl, Map.of());
        Properties pgUrl = new Properties();
        pgUrl.setProperty(
                "migrate.url", "jdbc:postgresql://127.0.0.1:1/shop?password=" + PASSWORD + "&connectTimeout=1");
        run(new CurrentMojo(), project, pgUrl, Map.of());

        String log = output.toString();
        assertTrue(log.contains("Database: " + url), "the goals ran and printed their database:\n" + log);
        assertTrue(log.contains("extra column customer.NICKNAME"), "drift ran:\n" + log);
        assertTrue(log.contains("failed at step 1 of 1"), "the failing migration failed:\n" + log);
        assertTrue(log.contains("Wrong user name or password"), "the wrong password was refused:\n" + log);
        assertTrue(log.contains("Unknown property migrate.passwd"), log);
        assertTrue(log.contains("jdbc:mysql://app:***@127.0.0.1:1/shop"), log);
        assertTrue(log.contains("password=***"), log);
        assertTrue(
                log.contains("failed to parse the URL authority segment 'app:***@127.0.0.1:1'"),
                "Connector/J quoted the URL:\n" + log);
        assertFalse(log.contains(PASSWORD), "the password appears in the output:\n" + log);
        assertFalse(log.contains("Pw-7f3b"), "a part of the password appears in the output");

        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile)
                    .filter(f -> !f.toString().endsWith(".db"))
                    .toList()) {
                assertFalse(
                        Files.readString(f, StandardCharsets.ISO_8859_1).contains(PASSWORD), "the password is in " + f);
            }
        }
        assertTrue(Files.exists(project.resolve("src/main/java/secretsfixture/good/V20261125_1200__AddEmail.java")));
        try (Connection c = DriverManager.getConnection(url, "app", PASSWORD);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM retort_history")) {
            ResultSetMetaData meta = rs.getMetaData();
            int rows = 0;
            while (rs.next()) {
                rows++;
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    assertFalse(
                            String.valueOf(rs.getObject(i)).contains(PASSWORD),
                            "history column " + meta.getColumnName(i));
                }
            }
            assertEquals(1, rows, "the failed revision is recorded");
        }
    }

    @Test
    void settingsServerPasswordIsDecryptedAndNeverPrinted() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db2/shop");
        DriverManager.getConnection(url, "deployer", PASSWORD).close();
        Path project = project("secretsfixture.good");
        Properties props = new Properties();
        props.setProperty("migrate.url", url);
        props.setProperty("migrate.serverId", "shop-db");
        run(new UpgradeMojo(), project, props, Map.of("target", "head", "allowDataLoss", false));
        String log = output.toString();
        assertTrue(log.contains("credentials from settings.xml <server> 'shop-db'"), log);
        assertTrue(log.contains("Upgraded: 1 revision applied"), log);
        assertFalse(log.contains(PASSWORD), log);
    }

    /** A project directory whose compiled classes hold the fixture migrations of {@code pkg} and a snapshot. */
    Path project(String pkg) throws Exception {
        Path project = Files.createDirectories(dir.resolve(pkg));
        Files.writeString(project.resolve("pom.xml"), "<project>\n  <modelVersion>4.0.0</modelVersion>\n</project>\n");
        Path classes = Files.createDirectories(project.resolve("target/classes").resolve(pkg.replace('.', '/')));
        Path compiled = Path.of(NoSecretsInOutputTest.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .resolve(pkg.replace('.', '/'));
        try (Stream<Path> files = Files.list(compiled)) {
            for (Path f : files.toList()) {
                Files.copy(f, classes.resolve(f.getFileName()));
            }
        }
        Schema model = new Schema(List.of(new Table(
                "customer",
                List.of(
                        new Column("id", Types.bigint(), false, false, "Customer.id"),
                        new Column("name", Types.varchar(50), false, false, "Customer.name"),
                        new Column("email", Types.varchar(100), true, false, "Customer.email")),
                List.of("id"),
                List.of(),
                "Customer")));
        Path snapshot = project.resolve("target/classes").resolve(SchemaJson.RESOURCE);
        Files.createDirectories(snapshot.getParent());
        Files.writeString(snapshot, SchemaJson.write(model));
        return project;
    }

    /** Configures the mojo as Maven would (parameters, session, descriptor, log at debug) and runs it. */
    void run(AbstractRetortMojo mojo, Path projectDir, Properties userProperties, Map<String, Object> parameters)
            throws Exception {
        MavenProject project = new MavenProject();
        project.setFile(projectDir.resolve("pom.xml").toFile());
        project.getBuild().setDirectory(projectDir.resolve("target").toString());
        project.getBuild()
                .setOutputDirectory(projectDir.resolve("target/classes").toString());
        project.getBuild()
                .setSourceDirectory(projectDir.resolve("src/main/java").toString());
        DefaultMavenExecutionRequest request = new DefaultMavenExecutionRequest();
        request.setUserProperties(userProperties);
        Server server = new Server();
        server.setId("shop-db");
        server.setUsername("deployer");
        DefaultPlexusCipher cipher = new DefaultPlexusCipher();
        server.setPassword(cipher.encryptAndDecorate(PASSWORD, "master"));
        request.addServer(server);
        Path security = dir.resolve("settings-security.xml");
        Files.writeString(
                security,
                "<settingsSecurity><master>"
                        + cipher.encryptAndDecorate("master", DefaultSecDispatcher.SYSTEM_PROPERTY_SEC_LOCATION)
                        + "</master></settingsSecurity>");
        MavenSession session = new MavenSession(null, null, request, new DefaultMavenExecutionResult());
        set(mojo, "project", project);
        set(mojo, "session", session);
        set(mojo, "mojoExecution", new MojoExecution(descriptor().getMojo(goal(mojo))));
        // -Dmigrate.url is read by the goal from the session, as -Dmigrate.password: Maven injects neither
        set(mojo, "username", userProperties.getProperty("migrate.username"));
        set(mojo, "serverId", userProperties.getProperty("migrate.serverId"));
        set(mojo, "migrationPackage", projectDir.getFileName().toString());
        set(mojo, "lockWaitSeconds", 5);
        set(mojo, "springBoot", true);
        for (Map.Entry<String, Object> p : parameters.entrySet()) {
            set(mojo, p.getKey(), p.getValue());
        }
        mojo.setSettingsDecrypter(
                new DefaultSettingsDecrypter(new DefaultSecDispatcher(cipher, Map.of(), security.toString())));
        mojo.setLog(new CapturingLog(out));
        out.println("=== " + goal(mojo));
        try {
            mojo.execute();
        } catch (Exception e) {
            // what Maven shows with -e: the message and the whole cause chain with stack traces
            e.printStackTrace(out);
        }
    }

    static String goal(AbstractMojo mojo) {
        return mojo.getClass().getAnnotation(org.apache.maven.plugins.annotations.Mojo.class) != null
                ? mojo.getClass()
                        .getAnnotation(org.apache.maven.plugins.annotations.Mojo.class)
                        .name()
                : mojo.getClass().getSimpleName().replace("Mojo", "").toLowerCase();
    }

    static PluginDescriptor descriptor() throws Exception {
        try (Reader r = new InputStreamReader(
                NoSecretsInOutputTest.class.getResourceAsStream("/META-INF/maven/plugin.xml"),
                StandardCharsets.UTF_8)) {
            return new PluginDescriptorBuilder().build(r);
        }
    }

    static void set(Object target, String name, Object value) throws Exception {
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                f.set(target, value);
                return;
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new IllegalArgumentException("no field " + name + " in " + target.getClass());
    }

    /** A Maven log at debug level that keeps everything, exceptions with their stack traces. */
    record CapturingLog(PrintWriter out) implements Log {
        private void log(String level, CharSequence message, Throwable e) {
            out.println("[" + level + "] " + (message == null ? "" : message));
            if (e != null) {
                e.printStackTrace(out);
            }
        }

        public boolean isDebugEnabled() {
            return true;
        }

        public void debug(CharSequence m) {
            log("DEBUG", m, null);
        }

        public void debug(CharSequence m, Throwable e) {
            log("DEBUG", m, e);
        }

        public void debug(Throwable e) {
            log("DEBUG", null, e);
        }

        public boolean isInfoEnabled() {
            return true;
        }

        public void info(CharSequence m) {
            log("INFO", m, null);
        }

        public void info(CharSequence m, Throwable e) {
            log("INFO", m, e);
        }

        public void info(Throwable e) {
            log("INFO", null, e);
        }

        public boolean isWarnEnabled() {
            return true;
        }

        public void warn(CharSequence m) {
            log("WARNING", m, null);
        }

        public void warn(CharSequence m, Throwable e) {
            log("WARNING", m, e);
        }

        public void warn(Throwable e) {
            log("WARNING", null, e);
        }

        public boolean isErrorEnabled() {
            return true;
        }

        public void error(CharSequence m) {
            log("ERROR", m, null);
        }

        public void error(CharSequence m, Throwable e) {
            log("ERROR", m, e);
        }

        public void error(Throwable e) {
            log("ERROR", null, e);
        }
    }
}

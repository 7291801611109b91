package dev.retort.maven;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.DefaultSettingsDecrypter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;
import org.sonatype.plexus.components.sec.dispatcher.DefaultSecDispatcher;

/** The documented precedence of database settings, and the errors for bad input. */
class ConnectionSettingsTest {

    static final Set<String> KNOWN = Set.of(
            "migrate.url",
            "migrate.username",
            "migrate.password",
            "migrate.serverId",
            "migrate.message",
            "migrate.dialect",
            "migrate.springBoot");

    @TempDir
    Path dir;

    Properties user;
    Map<String, String> env;
    Properties pom;
    String configUrl;
    String configUser;
    boolean passwordConfigured;
    String serverId;
    Settings settings;
    DefaultSettingsDecrypter decrypter;
    List<String> warnings;
    Path resources;

    @BeforeEach
    void setUp() throws Exception {
        user = new Properties();
        env = new HashMap<>();
        pom = new Properties();
        settings = new Settings();
        warnings = new ArrayList<>();
        resources = Files.createDirectories(dir.resolve("src/main/resources"));
        // a real Maven decrypter: master password in settings-security.xml, server password encrypted with it
        DefaultPlexusCipher cipher = new DefaultPlexusCipher();
        String master = cipher.encryptAndDecorate("master-secret", DefaultSecDispatcher.SYSTEM_PROPERTY_SEC_LOCATION);
        Path security = Files.writeString(
                dir.resolve("settings-security.xml"),
                "<settingsSecurity><master>" + master + "</master></settingsSecurity>");
        decrypter = new DefaultSettingsDecrypter(new DefaultSecDispatcher(cipher, Map.of(), security.toString()));
        Server prod = new Server();
        prod.setId("prod-db");
        prod.setUsername("deployer");
        prod.setPassword(cipher.encryptAndDecorate("s3rver-pw", "master-secret"));
        settings.addServer(prod);
    }

    ConnectionSettings resolve() throws MojoFailureException {
        return ConnectionSettings.resolve(
                new ConnectionSettings.Sources(
                        user,
                        env,
                        pom,
                        configUrl,
                        configUser,
                        passwordConfigured,
                        serverId,
                        settings,
                        decrypter,
                        KNOWN,
                        List.of(resources),
                        dir,
                        dir.resolve("target/retort/db")),
                warnings::add);
    }

    void springProperties(String name, String text) throws Exception {
        Files.writeString(resources.resolve(name), text);
    }

    @Test
    void nothingSetMeansTheEmbeddedDefault() throws Exception {
        ConnectionSettings s = resolve();
        assertTrue(s.embedded());
        assertEquals("jdbc:h2:file:" + dir.resolve("target/retort/db").toAbsolutePath(), s.url());
        assertEquals("sa", s.username());
        assertEquals("embedded default, no migrate.url set", s.describeSources());
    }

    @Test
    void urlPrecedenceIsUserPropertyThenEnvironmentThenConfigurationThenSpringBoot() throws Exception {
        springProperties("application.properties", "spring.datasource.url=jdbc:h2:file:./spring\n");
        assertEquals("jdbc:h2:file:./spring", resolve().url());
        assertEquals(
                "spring.datasource.url in src/main/resources/application.properties",
                resolve().urlSource());

        configUrl = "jdbc:h2:file:./config";
        assertEquals("jdbc:h2:file:./config", resolve().url());
        assertEquals("<url> in the plugin configuration", resolve().urlSource());

        env.put("RETORT_URL", "jdbc:h2:file:./env");
        assertEquals("jdbc:h2:file:./env", resolve().url());
        assertEquals("environment variable RETORT_URL", resolve().urlSource());

        user.setProperty("migrate.url", "jdbc:h2:file:./cli");
        assertEquals("jdbc:h2:file:./cli", resolve().url());
        assertEquals("-Dmigrate.url", resolve().urlSource());
        assertFalse(resolve().embedded());
    }

    @Test
    void aPomPropertyFromAMavenProfileIsNamedAsSuch() throws Exception {
        pom.setProperty("migrate.url", "jdbc:h2:file:./test-db");
        configUrl = "jdbc:h2:file:./test-db"; // what Maven injects for ${migrate.url}
        assertEquals("POM property migrate.url", resolve().urlSource());
    }

    @Test
    void credentialsArePerKeyWithTheSettingsServerBelowTheConfiguration() throws Exception {
        user.setProperty("migrate.url", "jdbc:postgresql://db:5432/shop");
        serverId = "prod-db";
        ConnectionSettings s = resolve();
        assertEquals("deployer", s.username());
        assertEquals("s3rver-pw", s.password(), "the Maven-encrypted password is decrypted");
        assertEquals("settings.xml <server> 'prod-db'", s.credentialsSource());

        configUser = "from-config";
        env.put("RETORT_PASSWORD", "env-pw");
        s = resolve();
        assertEquals("from-config", s.username());
        assertEquals("env-pw", s.password());
        assertEquals(
                "user from <username> in the plugin configuration, password from environment variable RETORT_PASSWORD",
                s.credentialsSource());

        user.setProperty("migrate.password", "cli-pw");
        env.put("RETORT_USERNAME", "env-user");
        s = resolve();
        assertEquals("env-user", s.username());
        assertEquals("cli-pw", s.password());
    }

    @Test
    void serverIdFromTheCommandLineBeatsTheConfiguredOne() throws Exception {
        user.setProperty("migrate.url", "jdbc:postgresql://db:5432/shop");
        serverId = "no-such-server";
        user.setProperty("migrate.serverId", "prod-db");
        assertEquals("deployer", resolve().username());
    }

    @Test
    void aServerIdThatNamesNoServerIsAnErrorNamingSourceAndKey() {
        user.setProperty("migrate.url", "jdbc:postgresql://db:5432/shop");
        user.setProperty("migrate.serverId", "prdo-db");
        MojoFailureException e = assertThrows(MojoFailureException.class, this::resolve);
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "migrate.serverId 'prdo-db' (from -Dmigrate.serverId) names no <server> in settings.xml; its servers are [prod-db]"),
                e.getMessage());
    }

    @Test
    void springBootCredentialsGoOnlyWithSpringBootsUrl() throws Exception {
        springProperties("application.properties", """
                spring.datasource.url=jdbc:h2:file:./spring
                spring.datasource.username=app
                spring.datasource.password=app-pw
                """);
        ConnectionSettings s = resolve();
        assertEquals("app", s.username());
        assertEquals("app-pw", s.password());

        env.put("RETORT_URL", "jdbc:postgresql://prod:5432/shop");
        s = resolve();
        assertNull(s.username(), "Spring Boot's user must not be sent to another server");
        assertNull(s.password(), "Spring Boot's password must not be sent to another server");
    }

    @Test
    void springBootProfilesYamlPlaceholdersAndEnvironment() throws Exception {
        Files.writeString(resources.resolve("application.yml"), """
                spring:
                  profiles:
                    active: dev
                  datasource:
                    url: jdbc:h2:file:./base
                    username: base-user
                ---
                spring:
                  config:
                    activate:
                      on-profile: ci
                  datasource:
                    url: jdbc:h2:file:./ci-section
                """);
        springProperties("application-dev.properties", "spring.datasource.url=jdbc:h2:file:./${DB_NAME:dev}\n");
        springProperties("application-prod.yaml", """
                spring.datasource:
                  url: jdbc:postgresql://${DB_HOST}:5432/shop
                  password: ${DB_PASSWORD}
                """);
        assertEquals(
                "jdbc:h2:file:./dev",
                resolve().url(),
                "active profile from application.yml, default of the placeholder");
        assertEquals(
                "spring.datasource.url in src/main/resources/application-dev.properties",
                resolve().urlSource());
        assertEquals("base-user", resolve().username());

        env.put("DB_NAME", "devdb");
        assertEquals("jdbc:h2:file:./devdb", resolve().url());

        user.setProperty("spring.profiles.active", "ci");
        assertEquals("jdbc:h2:file:./ci-section", resolve().url(), "a profile section of the base YAML file");

        user.setProperty("spring.profiles.active", "prod");
        MojoFailureException e = assertThrows(MojoFailureException.class, this::resolve);
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "spring.datasource.url in src/main/resources/application-prod.yaml uses ${DB_HOST}, which is set nowhere"),
                e.getMessage());

        env.put("DB_HOST", "db.internal");
        env.put("DB_PASSWORD", "pg-secret");
        assertEquals("jdbc:postgresql://db.internal:5432/shop", resolve().url());
        assertEquals("pg-secret", resolve().password());

        env.put("SPRING_DATASOURCE_URL", "jdbc:h2:file:./from-env");
        assertEquals("jdbc:h2:file:./from-env", resolve().url());
        assertEquals(
                "spring.datasource.url in environment variable SPRING_DATASOURCE_URL",
                resolve().urlSource());
    }

    /** spring-boot-starter-parent's resource filtering ({@code @project.version@}) and a list-valued on-profile. */
    @Test
    void filterTokensParseAndAListValuedProfileConditionIsNoDefault() throws Exception {
        Files.writeString(resources.resolve("application.yml"), """
                info.version: @project.version@
                spring.datasource.url: jdbc:h2:file:./base
                ---
                spring.config.activate.on-profile: [ci, nightly]
                spring.datasource.url: jdbc:h2:file:./ci
                """);
        assertEquals("jdbc:h2:file:./base", resolve().url(), "the guarded document is not the default one");
        user.setProperty("spring.profiles.active", "nightly");
        assertEquals("jdbc:h2:file:./ci", resolve().url());
    }

    @Test
    void propertiesWinOverYamlAtTheSameLevel() throws Exception {
        Files.writeString(resources.resolve("application.yml"), "spring.datasource.url: jdbc:h2:file:./yaml\n");
        springProperties("application.properties", "spring.datasource.url=jdbc:h2:file:./props\n");
        assertEquals("jdbc:h2:file:./props", resolve().url());
    }

    @Test
    void unknownMigrateProperties() {
        user.setProperty("migrate.pasword", "x");
        MojoFailureException e = assertThrows(MojoFailureException.class, this::resolve);
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "Unknown property migrate.pasword (from -D on the command line); did you mean migrate.password?"),
                e.getMessage());
        assertFalse(e.getMessage().contains("=x"));

        user.clear();
        pom.setProperty("migrate.ulr", "jdbc:h2:mem:x");
        e = assertThrows(MojoFailureException.class, this::resolve);
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "Unknown property migrate.ulr (from <properties> of the POM); did you mean migrate.url?"),
                e.getMessage());
    }

    @Test
    void urlThatIsNotJdbcNamesItsSourceAndMasksThePassword() {
        env.put("RETORT_URL", "postgres://admin:hunter2@db:5432/shop");
        MojoFailureException e = assertThrows(MojoFailureException.class, this::resolve);
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "The database URL from environment variable RETORT_URL is not a JDBC URL: postgres://admin:***@db:5432/shop"),
                e.getMessage());
    }

    @Test
    void anotherDriversOptionOrAContradictingDialectIsAConflict() {
        user.setProperty("migrate.url", "jdbc:postgresql://db:5432/shop?useSSL=false");
        MojoFailureException e = assertThrows(MojoFailureException.class, this::resolve);
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "The database URL from -Dmigrate.url is a postgresql URL but sets useSSL, a MySQL Connector/J option"),
                e.getMessage());

        user.setProperty("migrate.url", "jdbc:postgresql://db:5432/shop");
        user.setProperty("migrate.dialect", "mysql");
        e = assertThrows(MojoFailureException.class, this::resolve);
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "migrate.dialect 'mysql' (from -Dmigrate.dialect) contradicts the postgresql database URL from -Dmigrate.url"),
                e.getMessage());

        user.remove("migrate.dialect");
        user.setProperty("migrate.url", "jdbc:mysql://db:3306/shop?user=alice");
        env.put("RETORT_USERNAME", "bob");
        e = assertThrows(MojoFailureException.class, this::resolve);
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "The database URL from -Dmigrate.url names user 'alice' but environment variable RETORT_USERNAME says 'bob'"),
                e.getMessage());
    }

    @Test
    void mariaDbDriverUrlsUseTheMySqlDriverThePluginBrings() throws Exception {
        springProperties("application.properties", "spring.datasource.url=jdbc:mariadb://db:3306/shop\n");
        assertEquals("jdbc:mysql://db:3306/shop", resolve().url());
        assertTrue(
                resolve().urlSource().endsWith(", jdbc:mariadb: used as jdbc:mysql:"),
                resolve().urlSource());
    }

    @Test
    void unsupportedDatabase() {
        configUrl = "jdbc:oracle:thin:@db:1521/x";
        MojoFailureException e = assertThrows(MojoFailureException.class, this::resolve);
        assertTrue(
                e.getMessage()
                        .contains("from <url> in the plugin configuration is for a database Retort does not support"),
                e.getMessage());
    }

    @Test
    void credentialsWithoutUrlWarn() throws Exception {
        env.put("RETORT_PASSWORD", "pw");
        assertTrue(resolve().embedded());
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0)
                .startsWith("Credentials are set (environment variable RETORT_PASSWORD) but no database URL is"));
        assertFalse(warnings.get(0).contains("pw)"));
    }

    @Test
    void passwordFileFromTheEnvironment() throws Exception {
        user.setProperty("migrate.url", "jdbc:postgresql://db:5432/shop");
        Path secret = Files.writeString(dir.resolve("db-password"), "from-file\n");
        env.put("RETORT_PASSWORD_FILE", secret.toString());
        assertEquals("from-file", resolve().password());
        assertEquals(
                "file named by environment variable RETORT_PASSWORD_FILE",
                resolve().credentialsSource());

        env.put("RETORT_PASSWORD", "env-pw");
        MojoFailureException e = assertThrows(MojoFailureException.class, this::resolve);
        assertTrue(e.getMessage().startsWith("Both RETORT_PASSWORD and RETORT_PASSWORD_FILE are set"), e.getMessage());

        env.remove("RETORT_PASSWORD");
        env.put("RETORT_PASSWORD_FILE", dir.resolve("missing").toString());
        e = assertThrows(MojoFailureException.class, this::resolve);
        assertTrue(
                e.getMessage().startsWith("Cannot read the password file " + dir.resolve("missing")), e.getMessage());
    }

    @Test
    void aPasswordInThePomIsRefused() {
        passwordConfigured = true;
        MojoFailureException e = assertThrows(MojoFailureException.class, this::resolve);
        assertTrue(e.getMessage().startsWith("<password> in the plugin configuration is refused"), e.getMessage());

        passwordConfigured = false;
        pom.setProperty("migrate.password", "in-the-pom");
        e = assertThrows(MojoFailureException.class, this::resolve);
        assertTrue(e.getMessage().startsWith("The POM property migrate.password is refused"), e.getMessage());
    }

    @Test
    void aUrlWithAPasswordInThePluginConfigurationIsRefusedWithoutShowingIt() {
        // Maven's -X prints every injected parameter, so <url> must not carry a password
        for (String url : List.of(
                "jdbc:mysql://app:hunter2@db:3306/shop",
                "jdbc:postgresql://db/shop?user=app&password=hunter2",
                "jdbc:h2:file:./db;USER=sa;PASSWORD=hunter2")) {
            configUrl = url;
            MojoFailureException e = assertThrows(MojoFailureException.class, this::resolve, url);
            assertTrue(
                    e.getMessage()
                            .startsWith("The database URL from <url> in the plugin configuration carries a password: "),
                    e.getMessage());
            assertTrue(e.getMessage().contains("-Dmigrate.url or the environment variable RETORT_URL"), e.getMessage());
            assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        }
        // the same URL from -D, RETORT_URL or a POM property is read by Retort itself, never by Maven: accepted
        configUrl = null;
        pom.setProperty("migrate.url", "jdbc:postgresql://db/shop?user=app&password=hunter2");
        assertEquals(
                "POM property migrate.url", assertDoesNotThrow(this::resolve).urlSource());
        assertEquals("hunter2", assertDoesNotThrow(this::resolve).url().replaceAll(".*password=", ""));
    }

    @Test
    void aPomPropertyAloneGivesTheUrlSinceItIsNoLongerInjected() throws Exception {
        pom.setProperty("migrate.url", "jdbc:h2:file:./profile-db");
        assertEquals("jdbc:h2:file:./profile-db", resolve().url());
        configUrl = "jdbc:h2:file:./config";
        assertEquals("jdbc:h2:file:./config", resolve().url(), "<url> in the configuration is above the POM property");
        env.put("RETORT_URL", "jdbc:h2:file:./env");
        assertEquals("jdbc:h2:file:./env", resolve().url());
    }

    @Test
    void toStringNeverShowsThePassword() throws Exception {
        user.setProperty("migrate.url", "jdbc:mysql://db:3306/shop?password=hunter2");
        user.setProperty("migrate.password", "hunter2");
        ConnectionSettings s = resolve();
        assertFalse(s.toString().contains("hunter2"), s.toString());
        assertFalse(s.displayUrl().contains("hunter2"));
    }
}

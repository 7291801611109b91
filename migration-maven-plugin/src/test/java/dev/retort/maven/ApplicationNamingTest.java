package dev.retort.maven;

import static org.junit.jupiter.api.Assertions.*;

import dev.retort.maven.ApplicationNaming.Finding;
import dev.retort.maven.ApplicationNaming.Naming;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.model.Dependency;
import org.apache.maven.model.Model;
import org.apache.maven.model.Parent;
import org.apache.maven.model.Plugin;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which naming the project's configuration implies, case by case: each row is a set of resource
 * files, whether Spring Boot is in the POM, and the naming Hibernate (under Spring Boot when
 * present) would apply, worked out from Spring Boot's and Hibernate's documented defaults.
 */
class ApplicationNamingTest {

    static final String SNAKE = "org.hibernate.boot.model.naming.PhysicalNamingStrategySnakeCaseImpl";
    static final String STANDARD = "org.hibernate.boot.model.naming.PhysicalNamingStrategyStandardImpl";
    static final String CAMEL = "org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy";
    static final String JPA_IMPLICIT = "org.hibernate.boot.model.naming.ImplicitNamingStrategyJpaCompliantImpl";
    static final String BOOT = "parent org.springframework.boot:spring-boot-starter-parent";

    @TempDir
    Path dir;

    /** One case: files (path under src/main/resources -> text), Spring Boot evidence or null, expected naming. */
    record Case(
            String name, String boot, Map<String, String> files, Naming naming, boolean evidence, boolean settled) {}

    static Map<String, String> files(String... pathAndText) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pathAndText.length; i += 2) {
            m.put(pathAndText[i], pathAndText[i + 1]);
        }
        return m;
    }

    static final List<Case> CASES = List.of(
            new Case("nothing: Hibernate's defaults, unchecked", null, files(), Naming.JPA, false, true),
            new Case("Boot, nothing set: Boot's defaults", BOOT, files(), Naming.SPRING, true, true),
            new Case(
                    "Boot, unrelated properties",
                    BOOT,
                    files("application.properties", "spring.jpa.open-in-view=false\n"),
                    Naming.SPRING,
                    true,
                    true),
            // PetClinic: the snake physical strategy, Boot's SpringImplicitNamingStrategy still applies
            new Case(
                    "Boot, snake physical",
                    BOOT,
                    files("application.properties", "spring.jpa.hibernate.naming.physical-strategy=" + SNAKE + "\n"),
                    Naming.SPRING,
                    true,
                    true),
            new Case(
                    "Boot, snake physical and JPA implicit",
                    BOOT,
                    files(
                            "application.properties",
                            "spring.jpa.hibernate.naming.physical-strategy=" + SNAKE
                                    + "\nspring.jpa.hibernate.naming.implicit-strategy=" + JPA_IMPLICIT + "\n"),
                    Naming.SNAKE,
                    true,
                    true),
            new Case(
                    "Boot, standard physical and JPA implicit",
                    BOOT,
                    files(
                            "application.properties",
                            "spring.jpa.hibernate.naming.physical-strategy=" + STANDARD
                                    + "\nspring.jpa.hibernate.naming.implicit-strategy=" + JPA_IMPLICIT + "\n"),
                    Naming.JPA,
                    true,
                    true),
            new Case(
                    "Boot, standard physical only: jpa, noted",
                    BOOT,
                    files("application.properties", "spring.jpa.hibernate.naming.physical-strategy=" + STANDARD + "\n"),
                    Naming.JPA,
                    true,
                    true),
            new Case(
                    "Boot, camel-case physical named explicitly",
                    BOOT,
                    files("application.properties", "spring.jpa.hibernate.naming.physical-strategy=" + CAMEL + "\n"),
                    Naming.SPRING,
                    true,
                    true),
            new Case(
                    "Boot, relaxed key spelling",
                    BOOT,
                    files(
                            "application.properties",
                            "spring.jpa.hibernate.naming.physicalStrategy=" + STANDARD
                                    + "\nspring.jpa.hibernate.naming.implicit_strategy=jpa\n"),
                    Naming.JPA,
                    true,
                    true),
            new Case(
                    "Boot, spring.jpa.properties form",
                    BOOT,
                    files(
                            "application.properties",
                            "spring.jpa.properties.hibernate.physical_naming_strategy=" + SNAKE + "\n"
                                    + "spring.jpa.properties.hibernate.implicit_naming_strategy=" + JPA_IMPLICIT
                                    + "\n"),
                    Naming.SNAKE,
                    true,
                    true),
            new Case(
                    "naming.* wins over spring.jpa.properties",
                    BOOT,
                    files(
                            "application.properties",
                            "spring.jpa.properties.hibernate.physical_naming_strategy=" + SNAKE + "\n"
                                    + "spring.jpa.hibernate.naming.physical-strategy=" + STANDARD + "\n"
                                    + "spring.jpa.hibernate.naming.implicit-strategy=" + JPA_IMPLICIT + "\n"),
                    Naming.JPA,
                    true,
                    true),
            new Case(
                    "Boot, yml",
                    BOOT,
                    files("application.yml", """
                    spring:
                      jpa:
                        hibernate:
                          naming:
                            physical-strategy: %s
                            implicit-strategy: %s
                    """.formatted(STANDARD, JPA_IMPLICIT)),
                    Naming.JPA,
                    true,
                    true),
            new Case(
                    "Boot, yaml in config/",
                    BOOT,
                    files("config/application.yaml", """
                    spring.jpa.hibernate.naming.physical-strategy: %s
                    """.formatted(STANDARD)),
                    Naming.JPA,
                    true,
                    true),
            new Case(
                    "no Boot in the POM, but Spring's keys: Boot's defaults apply",
                    null,
                    files("application.properties", "spring.jpa.hibernate.naming.physical-strategy=" + SNAKE + "\n"),
                    Naming.SPRING,
                    true,
                    true),
            new Case(
                    "profiles agree",
                    BOOT,
                    files(
                            "application.properties",
                            "spring.jpa.hibernate.naming.physical-strategy=" + SNAKE + "\n",
                            "application-prod.properties",
                            "spring.jpa.hibernate.naming.physical-strategy=" + CAMEL + "\n"),
                    Naming.SPRING,
                    true,
                    true),
            new Case(
                    "a profile file disagrees",
                    BOOT,
                    files(
                            "application.properties",
                            "spring.jpa.open-in-view=false\n",
                            "application-prod.properties",
                            "spring.jpa.hibernate.naming.physical-strategy=" + STANDARD + "\n"
                                    + "spring.jpa.hibernate.naming.implicit-strategy=" + JPA_IMPLICIT + "\n"),
                    Naming.SPRING,
                    true,
                    false),
            new Case(
                    "a YAML profile document disagrees",
                    BOOT,
                    files("application.yml", """
                    spring.jpa.hibernate.naming.physical-strategy: %s
                    ---
                    spring:
                      config.activate.on-profile: legacy
                      jpa.hibernate.naming.physical-strategy: %s
                      jpa.hibernate.naming.implicit-strategy: %s
                    """.formatted(SNAKE, STANDARD, JPA_IMPLICIT)),
                    Naming.SPRING,
                    true,
                    false),
            new Case(
                    "a custom physical strategy",
                    BOOT,
                    files(
                            "application.properties",
                            "spring.jpa.hibernate.naming.physical-strategy=com.acme.PrefixedNames\n"),
                    Naming.SPRING,
                    true,
                    false),
            new Case(
                    "a custom implicit strategy",
                    null,
                    files(
                            "META-INF/persistence.xml",
                            persistence(property("hibernate.implicit_naming_strategy", "legacy-hbm"))),
                    Naming.JPA,
                    true,
                    false),
            new Case(
                    "persistence.xml, snake",
                    null,
                    files(
                            "META-INF/persistence.xml",
                            persistence(property("hibernate.physical_naming_strategy", SNAKE))),
                    Naming.SNAKE,
                    true,
                    true),
            new Case(
                    "persistence.xml, standard",
                    null,
                    files(
                            "META-INF/persistence.xml",
                            persistence(property("hibernate.physical_naming_strategy", STANDARD))),
                    Naming.JPA,
                    true,
                    true),
            new Case(
                    "persistence.xml, two units that disagree",
                    null,
                    files("META-INF/persistence.xml", """
                    <persistence xmlns="https://jakarta.ee/xml/ns/persistence" version="3.0">
                      <persistence-unit name="a">%s</persistence-unit>
                      <persistence-unit name="b">%s</persistence-unit>
                    </persistence>
                    """.formatted(
                                    properties(property("hibernate.physical_naming_strategy", SNAKE)),
                                    properties(property("hibernate.physical_naming_strategy", STANDARD)))),
                    Naming.JPA,
                    true,
                    false),
            // starter-parent resource filtering: @project.version@ is invalid YAML until Maven filters the file
            new Case(
                    "Maven filter tokens in YAML",
                    BOOT,
                    files("application.yml", """
                    info:
                      version: @project.version@
                      name: @project.artifactId@-app
                    spring.jpa.hibernate.naming:
                      physical-strategy: %s
                      implicit-strategy: %s
                    """.formatted(STANDARD, JPA_IMPLICIT)),
                    Naming.JPA,
                    true,
                    true),
            new Case(
                    "a naming setting filled in by Maven filtering",
                    BOOT,
                    files("application.yml", "spring.jpa.hibernate.naming.physical-strategy: @naming.class@\n"),
                    Naming.SPRING,
                    true,
                    false),
            new Case(
                    "YAML that does not parse and does not mention naming: warned",
                    BOOT,
                    files("application.yml", "server:\n  port: [8080\n"),
                    Naming.SPRING,
                    true,
                    true),
            new Case(
                    "YAML that does not parse, no Boot and nothing else: unchecked",
                    null,
                    files("application.yml", "server:\n  port: [8080\n"),
                    Naming.JPA,
                    false,
                    true),
            // a list-valued on-profile guards its document: it is not the default profile's
            new Case(
                    "on-profile as a YAML list",
                    BOOT,
                    files("application.yml", """
                    spring.jpa.hibernate.naming.physical-strategy: %s
                    ---
                    spring:
                      config.activate.on-profile: [legacy, old]
                      jpa.hibernate.naming.physical-strategy: %s
                      jpa.hibernate.naming.implicit-strategy: %s
                    """.formatted(SNAKE, STANDARD, JPA_IMPLICIT)),
                    Naming.SPRING,
                    true,
                    false),
            new Case(
                    "on-profile as a YAML block list",
                    BOOT,
                    files("application.yml", """
                    ---
                    spring:
                      config:
                        activate:
                          on-profile:
                            - legacy
                      jpa.hibernate.naming.physical-strategy: %s
                      jpa.hibernate.naming.implicit-strategy: %s
                    """.formatted(STANDARD, JPA_IMPLICIT)),
                    Naming.SPRING,
                    true,
                    false),
            // "!local" applies to every profile set without local (the default one too): not to local
            new Case(
                    "a negated on-profile is not the profile it negates",
                    BOOT,
                    files(
                            "application.yml",
                            """
                    spring.jpa.open-in-view: false
                    ---
                    spring:
                      config.activate.on-profile: "!local"
                      jpa.hibernate.naming.physical-strategy: %s
                      jpa.hibernate.naming.implicit-strategy: %s
                    """.formatted(STANDARD, JPA_IMPLICIT),
                            "application-local.properties",
                            "spring.jpa.hibernate.naming.physical-strategy=" + CAMEL + "\n"
                                    + "spring.jpa.hibernate.naming.implicit-strategy=org.springframework.boot.hibernate.SpringImplicitNamingStrategy\n"),
                    Naming.SPRING,
                    true,
                    false),
            new Case(
                    "profile expressions that agree",
                    BOOT,
                    files("application.yml", """
                    spring.jpa.hibernate.naming.physical-strategy: %s
                    ---
                    spring.config.activate.on-profile: "prod & cloud"
                    spring.jpa.hibernate.naming.physical-strategy: %s
                    ---
                    spring.config.activate.on-profile: "prod | staging"
                    spring.jpa.hibernate.naming.physical-strategy: %s
                    """.formatted(SNAKE, CAMEL, SNAKE)),
                    Naming.SPRING,
                    true,
                    true),
            new Case(
                    "a placeholder with a default",
                    BOOT,
                    files(
                            "application.properties",
                            "spring.jpa.hibernate.naming.physical-strategy=${NAMING:" + STANDARD + "}\n"
                                    + "spring.jpa.hibernate.naming.implicit-strategy=${IMPLICIT_NAMING:" + JPA_IMPLICIT
                                    + "}\n"),
                    Naming.JPA,
                    true,
                    true),
            new Case(
                    "a placeholder set nowhere, without a default",
                    BOOT,
                    files("application.properties", "spring.jpa.hibernate.naming.physical-strategy=${NAMING}\n"),
                    Naming.SPRING,
                    true,
                    false));

    static String property(String name, String value) {
        return "<property name=\"" + name + "\" value=\"" + value + "\"/>";
    }

    static String properties(String... properties) {
        return "<properties>" + String.join("", properties) + "</properties>";
    }

    static String persistence(String... properties) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <persistence xmlns="https://jakarta.ee/xml/ns/persistence" version="3.0">
                  <persistence-unit name="shop">
                    %s
                  </persistence-unit>
                </persistence>
                """.formatted(properties(properties));
    }

    Finding detect(Case c, Path base) throws Exception {
        Path resources = Files.createDirectories(base.resolve("src/main/resources"));
        for (Map.Entry<String, String> f : c.files().entrySet()) {
            Path file = resources.resolve(f.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, f.getValue());
        }
        return ApplicationNaming.detect(c.boot(), List.of(resources), base);
    }

    @Test
    void everyCase() throws Exception {
        int i = 0;
        for (Case c : CASES) {
            Finding f = detect(c, Files.createDirectories(dir.resolve("case" + i++)));
            assertEquals(c.naming(), f.naming(), c.name() + ": " + f);
            assertEquals(c.evidence(), f.evidence(), c.name() + ": " + f);
            assertEquals(c.settled(), f.settled(), c.name() + ": " + f);
        }
    }

    @Test
    void theReasonNamesTheFileAndSetting() throws Exception {
        Finding f = detect(CASES.get(3), dir);
        assertEquals(
                "src/main/resources/application.properties sets spring.jpa.hibernate.naming.physical-strategy=" + SNAKE
                        + ", and Spring Boot applies its default implicit strategy SpringImplicitNamingStrategy",
                f.reason());
        Finding boot = detect(CASES.get(1), Files.createDirectories(dir.resolve("boot")));
        assertTrue(boot.reason().contains("pom.xml: " + BOOT), boot.reason());
    }

    @Test
    void disagreeingProfilesAreNamedWithTheirFiles() throws Exception {
        Finding f = detect(
                CASES.stream()
                        .filter(c -> c.name().equals("a profile file disagrees"))
                        .findFirst()
                        .orElseThrow(),
                dir);
        String text = String.join("\n", f.conflicts());
        assertTrue(
                text.contains("jpa: profile prod (src/main/resources/application-prod.properties sets "
                        + "spring.jpa.hibernate.naming.physical-strategy=" + STANDARD),
                text);
        assertTrue(text.contains("spring: the default profile"), text);
        assertTrue(text.contains("Retort chose spring"), text);
    }

    @Test
    void aCustomStrategyIsNamed() throws Exception {
        Finding f = detect(
                CASES.stream()
                        .filter(c -> c.name().equals("a custom physical strategy"))
                        .findFirst()
                        .orElseThrow(),
                dir);
        assertTrue(
                f.conflicts()
                        .get(0)
                        .startsWith("src/main/resources/application.properties sets "
                                + "spring.jpa.hibernate.naming.physical-strategy=com.acme.PrefixedNames: a physical naming strategy Retort cannot "
                                + "reproduce"),
                f.conflicts().toString());
    }

    Case named(String name) {
        return CASES.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aFileThatDoesNotParseIsWarnedAboutUnlessItMentionsNaming() throws Exception {
        Finding f = detect(named("YAML that does not parse and does not mention naming: warned"), dir);
        assertEquals(1, f.notes().size(), f.notes().toString());
        assertTrue(
                f.notes().get(0).startsWith("Cannot read src/main/resources/application.yml as YAML at line "),
                f.notes().get(0));
        assertTrue(
                f.notes()
                        .get(0)
                        .contains("Retort read no naming strategy setting from src/main/resources/application.yml"),
                f.notes().get(0));
        Finding none = detect(
                named("YAML that does not parse, no Boot and nothing else: unchecked"),
                Files.createDirectories(dir.resolve("none")));
        ApplicationNaming.Verdict v = ApplicationNaming.verify(none, Map.of("schema.json", "snake"), null);
        assertNull(v.refusal());
        assertEquals(none.notes(), v.warnings(), "the unread file is warned about even when nothing is checked");

        Case mentions =
                new Case("broken, with a naming key", BOOT, files("application.yml", """
                server:
                  port: [8080
                spring.jpa.hibernate.naming.physical-strategy: x
                """), Naming.SPRING, true, true);
        MojoFailureException e = assertThrows(
                MojoFailureException.class, () -> detect(mentions, Files.createDirectories(dir.resolve("m"))));
        assertTrue(
                e.getMessage().startsWith("Cannot read src/main/resources/application.yml as YAML at line "),
                e.getMessage());
        assertTrue(e.getMessage().contains("src/main/resources/application.yml mentions naming"), e.getMessage());
        assertTrue(e.getMessage().contains("-Dmigrate.naming=jpa|spring|snake"), e.getMessage());
    }

    @Test
    void profileExpressionsAreShownAsWritten() throws Exception {
        String negated = String.join(
                "\n",
                detect(named("a negated on-profile is not the profile it negates"), dir)
                        .conflicts());
        assertTrue(
                negated.contains(
                        "jpa: the profiles matching !local (src/main/resources/application.yml (on-profile: !local) sets "
                                + "spring.jpa.hibernate.naming.physical-strategy=" + STANDARD),
                negated);
        assertTrue(
                negated.contains(
                        "spring: the default profile; profile local (src/main/resources/application-local.properties sets"),
                negated);
        String list = String.join(
                "\n",
                detect(named("on-profile as a YAML list"), Files.createDirectories(dir.resolve("l")))
                        .conflicts());
        assertTrue(
                list.contains(
                        "jpa: profile legacy (src/main/resources/application.yml (on-profile: [legacy, old]) sets"),
                list);
        assertTrue(
                list.contains("profile old (src/main/resources/application.yml (on-profile: [legacy, old]) sets"),
                list);
        assertTrue(list.contains("spring: the default profile\n"), list);

        Case compound = new Case(
                "compound, disagreeing",
                BOOT,
                files("application.yml", """
                spring.config.activate.on-profile: "prod & cloud"
                spring.jpa.hibernate.naming.physical-strategy: %s
                ---
                spring.config.activate.on-profile: prod | staging
                spring.jpa.hibernate.naming.implicit-strategy: %s
                """.formatted(STANDARD, JPA_IMPLICIT)),
                Naming.SPRING,
                true,
                false);
        String text = String.join(
                "\n",
                detect(compound, Files.createDirectories(dir.resolve("c"))).conflicts());
        assertTrue(
                text.contains(
                        "jpa: the profiles matching prod & cloud (src/main/resources/application.yml (on-profile: prod & cloud)"),
                text);
        assertTrue(
                text.contains("snake: profile prod (Spring Boot (pom.xml: " + BOOT
                        + ") applies its default physical strategy "
                        + "CamelCaseToUnderscoresNamingStrategy, src/main/resources/application.yml (on-profile: prod | staging) sets "
                        + "spring.jpa.hibernate.naming.implicit-strategy=" + JPA_IMPLICIT),
                text);
        assertTrue(text.contains("; profile staging (Spring Boot"), text);
        assertEquals(List.of("a", "b"), ApplicationNaming.profileSets(" (a | b) "));
        assertEquals(List.of("!a"), ApplicationNaming.profileSets("!a"));
    }

    @Test
    void placeholdersResolveAgainstPropertiesAndEnvironmentThenTheirDefault() throws Exception {
        Finding f = detect(named("a placeholder with a default"), dir);
        assertTrue(
                f.reason()
                        .startsWith(
                                "src/main/resources/application.properties sets spring.jpa.hibernate.naming.physical-strategy="
                                        + "${NAMING:" + STANDARD + "} (resolved to " + STANDARD + ")"),
                f.reason());

        Path base = Files.createDirectories(dir.resolve("set"));
        Path resources = Files.createDirectories(base.resolve("src/main/resources"));
        Files.writeString(
                resources.resolve("application.properties"),
                "spring.jpa.hibernate.naming.physical-strategy=${NAMING:" + STANDARD
                        + "}\nspring.jpa.hibernate.naming.implicit-strategy=${IMPLICIT_NAMING:" + JPA_IMPLICIT + "}\n");
        java.util.Properties user = new java.util.Properties();
        user.setProperty("NAMING", SNAKE);
        Finding fromProperty =
                ApplicationNaming.detect(BOOT, List.of(resources), base, SpringFiles.lookup(user, Map.of(), Map.of()));
        assertEquals(Naming.SNAKE, fromProperty.naming(), fromProperty.toString());
        Finding fromEnv = ApplicationNaming.detect(
                BOOT,
                List.of(resources),
                base,
                SpringFiles.lookup(
                        new java.util.Properties(),
                        Map.of("IMPLICIT_NAMING", "org.springframework.boot.hibernate.SpringImplicitNamingStrategy"),
                        Map.of()));
        assertEquals(Naming.JPA, fromEnv.naming(), fromEnv.toString());
        assertFalse(fromEnv.notes().isEmpty(), "standard physical with Spring's implicit strategy is noted");

        Finding unset = detect(
                named("a placeholder set nowhere, without a default"), Files.createDirectories(dir.resolve("unset")));
        assertEquals(
                List.of(
                        "src/main/resources/application.properties sets spring.jpa.hibernate.naming.physical-strategy=${NAMING}: "
                                + "it uses ${NAMING}, which is set nowhere Retort looks (no -D property or environment variable of that name) and has "
                                + "no default"),
                unset.conflicts());
        Finding token = detect(
                named("a naming setting filled in by Maven filtering"), Files.createDirectories(dir.resolve("token")));
        assertTrue(
                token.conflicts()
                        .get(0)
                        .endsWith("physical-strategy=@naming.class@: the value is filled in by Maven resource "
                                + "filtering (@naming.class@), which Retort does not apply"),
                token.conflicts().toString());
    }

    @Test
    void springBootIsSeenInParentDependencyOrPluginButNotInTestScope() {
        Model parent = new Model();
        Parent p = new Parent();
        p.setGroupId("org.springframework.boot");
        p.setArtifactId("spring-boot-starter-parent");
        parent.setParent(p);
        assertEquals(BOOT, ApplicationNaming.springBootEvidence(new MavenProject(parent)));

        Model dependency = new Model();
        Dependency d = new Dependency();
        d.setGroupId("org.springframework.boot");
        d.setArtifactId("spring-boot-starter-data-jpa");
        dependency.addDependency(d);
        assertEquals(
                "dependency org.springframework.boot:spring-boot-starter-data-jpa",
                ApplicationNaming.springBootEvidence(new MavenProject(dependency)));

        Model testOnly = new Model();
        Dependency t = d.clone();
        t.setScope("test");
        testOnly.addDependency(t);
        assertNull(ApplicationNaming.springBootEvidence(new MavenProject(testOnly)));

        Model plugin = new Model();
        plugin.setBuild(new org.apache.maven.model.Build());
        Plugin bootPlugin = new Plugin();
        bootPlugin.setGroupId("org.springframework.boot");
        bootPlugin.setArtifactId("spring-boot-maven-plugin");
        plugin.getBuild().addPlugin(bootPlugin);
        assertEquals(
                "plugin org.springframework.boot:spring-boot-maven-plugin",
                ApplicationNaming.springBootEvidence(new MavenProject(plugin)));

        assertNull(ApplicationNaming.springBootEvidence(new MavenProject(new Model())));
    }

    @Test
    void aSnapshotOfAnotherNamingIsRefusedWithTheSettingToChange() throws Exception {
        Finding f = detect(CASES.get(3), dir);
        ApplicationNaming.Verdict v =
                ApplicationNaming.verify(f, Map.of("target/classes/META-INF/retort/schema.json", "jpa"), null);
        assertNotNull(v.refusal());
        assertTrue(
                v.refusal()
                        .startsWith(
                                "target/classes/META-INF/retort/schema.json was built with -Aretort.naming=jpa, but "
                                        + "src/main/resources/application.properties sets spring.jpa.hibernate.naming.physical-strategy="
                                        + SNAKE),
                v.refusal());
        assertTrue(
                v.refusal()
                        .contains(
                                "Fix: set <arg>-Aretort.naming=spring</arg> in maven-compiler-plugin's <compilerArgs>"),
                v.refusal());
        ApplicationNaming.Verdict stale =
                ApplicationNaming.verify(f, Map.of("target/classes/META-INF/retort/schema.json", "jpa"), "spring");
        assertTrue(
                stale.refusal()
                        .contains(
                                "Fix: maven-compiler-plugin already sets <arg>-Aretort.naming=spring</arg>, but the snapshot "
                                        + "was compiled before: the compiler does not recompile for a changed option, so run mvn clean first."),
                stale.refusal());

        ApplicationNaming.Verdict ok =
                ApplicationNaming.verify(f, Map.of("target/classes/META-INF/retort/schema.json", "spring"), null);
        assertNull(ok.refusal());
        assertTrue(ok.info().startsWith("Naming: spring (src/main/resources/application.properties sets"), ok.info());
    }

    @Test
    void bootWithoutSettingsRefusesJpa() throws Exception {
        Finding f = detect(CASES.get(1), dir);
        ApplicationNaming.Verdict v = ApplicationNaming.verify(f, Map.of("schema.json", "jpa"), null);
        assertNotNull(v.refusal());
        assertTrue(v.refusal().contains("set <arg>-Aretort.naming=spring</arg>"), v.refusal());
    }

    @Test
    void withoutEvidenceAnyNamingPasses() throws Exception {
        Finding f = detect(CASES.get(0), dir);
        for (String naming : List.of("jpa", "spring", "snake")) {
            ApplicationNaming.Verdict v = ApplicationNaming.verify(f, Map.of("schema.json", naming), null);
            assertNull(v.refusal(), naming);
            assertNull(v.info(), "nothing was checked");
        }
    }

    @Test
    void unsettledIsRefusedUntilStated() throws Exception {
        Finding f = detect(
                CASES.stream()
                        .filter(c -> c.name().equals("a custom physical strategy"))
                        .findFirst()
                        .orElseThrow(),
                dir);
        ApplicationNaming.Verdict v = ApplicationNaming.verify(f, Map.of("schema.json", "spring"), null);
        assertNotNull(v.refusal());
        assertTrue(v.refusal().contains("com.acme.PrefixedNames"), v.refusal());
        assertTrue(v.refusal().contains("-Dmigrate.naming=jpa|spring|snake"), v.refusal());

        MavenProject project = new MavenProject(new Model());
        Finding stated = ApplicationNaming.expected("Spring", project, name -> null);
        assertEquals(Naming.SPRING, stated.naming());
        assertTrue(stated.settled());
        assertNull(ApplicationNaming.verify(stated, Map.of("schema.json", "spring"), null)
                .refusal());
        assertNotNull(ApplicationNaming.verify(stated, Map.of("schema.json", "snake"), null)
                .refusal());
        MojoFailureException bad = assertThrows(
                MojoFailureException.class, () -> ApplicationNaming.expected("kebab", project, name -> null));
        assertTrue(bad.getMessage().startsWith("migrate.naming 'kebab'"), bad.getMessage());
    }

    @Test
    void aSnapshotThatRecordsNoNamingIsWarnedAbout() throws Exception {
        ApplicationNaming.Verdict v =
                ApplicationNaming.verify(detect(CASES.get(1), dir), Map.of("old.jar", "spring", "older.jar", ""), null);
        assertNotNull(v.refusal(), "an empty naming is not spring");
        Map<String, String> unrecorded = new LinkedHashMap<>();
        unrecorded.put("old.jar", null);
        ApplicationNaming.Verdict w =
                ApplicationNaming.verify(detect(CASES.get(1), dir.resolve("x")), unrecorded, null);
        assertNull(w.refusal());
        assertTrue(
                w.warnings().get(0).startsWith("old.jar does not record the naming"),
                w.warnings().toString());
    }

    @Test
    void theCompilersNamingOptionIsRead() throws Exception {
        Model model = new Model();
        model.setBuild(new org.apache.maven.model.Build());
        Plugin compiler = new Plugin();
        compiler.setArtifactId("maven-compiler-plugin");
        compiler.setConfiguration(
                org.codehaus.plexus.util.xml.Xpp3DomBuilder.build(
                        new java.io.StringReader(
                                "<configuration><compilerArgs><arg>-parameters</arg><arg> -Aretort.naming=Snake </arg></compilerArgs></configuration>")));
        model.getBuild().addPlugin(compiler);
        assertEquals("snake", ApplicationNaming.configuredNaming(new MavenProject(model)));
        assertNull(ApplicationNaming.configuredNaming(new MavenProject(new Model())));
    }
}

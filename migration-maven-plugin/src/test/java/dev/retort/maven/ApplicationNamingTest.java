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
    record Case(String name, String boot, Map<String, String> files, Naming naming, boolean evidence, boolean settled) {
    }

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
            new Case("Boot, unrelated properties", BOOT, files("application.properties", "spring.jpa.open-in-view=false\n"),
                    Naming.SPRING, true, true),
            // PetClinic: the snake physical strategy, Boot's SpringImplicitNamingStrategy still applies
            new Case("Boot, snake physical", BOOT, files("application.properties",
                    "spring.jpa.hibernate.naming.physical-strategy=" + SNAKE + "\n"), Naming.SPRING, true, true),
            new Case("Boot, snake physical and JPA implicit", BOOT, files("application.properties",
                    "spring.jpa.hibernate.naming.physical-strategy=" + SNAKE + "\nspring.jpa.hibernate.naming.implicit-strategy="
                            + JPA_IMPLICIT + "\n"), Naming.SNAKE, true, true),
            new Case("Boot, standard physical and JPA implicit", BOOT, files("application.properties",
                    "spring.jpa.hibernate.naming.physical-strategy=" + STANDARD + "\nspring.jpa.hibernate.naming.implicit-strategy="
                            + JPA_IMPLICIT + "\n"), Naming.JPA, true, true),
            new Case("Boot, standard physical only: jpa, noted", BOOT, files("application.properties",
                    "spring.jpa.hibernate.naming.physical-strategy=" + STANDARD + "\n"), Naming.JPA, true, true),
            new Case("Boot, camel-case physical named explicitly", BOOT, files("application.properties",
                    "spring.jpa.hibernate.naming.physical-strategy=" + CAMEL + "\n"), Naming.SPRING, true, true),
            new Case("Boot, relaxed key spelling", BOOT, files("application.properties",
                    "spring.jpa.hibernate.naming.physicalStrategy=" + STANDARD + "\nspring.jpa.hibernate.naming.implicit_strategy=jpa\n"),
                    Naming.JPA, true, true),
            new Case("Boot, spring.jpa.properties form", BOOT, files("application.properties",
                    "spring.jpa.properties.hibernate.physical_naming_strategy=" + SNAKE + "\n"
                            + "spring.jpa.properties.hibernate.implicit_naming_strategy=" + JPA_IMPLICIT + "\n"), Naming.SNAKE, true, true),
            new Case("naming.* wins over spring.jpa.properties", BOOT, files("application.properties",
                    "spring.jpa.properties.hibernate.physical_naming_strategy=" + SNAKE + "\n"
                            + "spring.jpa.hibernate.naming.physical-strategy=" + STANDARD + "\n"
                            + "spring.jpa.hibernate.naming.implicit-strategy=" + JPA_IMPLICIT + "\n"), Naming.JPA, true, true),
            new Case("Boot, yml", BOOT, files("application.yml", """
                    spring:
                      jpa:
                        hibernate:
                          naming:
                            physical-strategy: %s
                            implicit-strategy: %s
                    """.formatted(STANDARD, JPA_IMPLICIT)), Naming.JPA, true, true),
            new Case("Boot, yaml in config/", BOOT, files("config/application.yaml", """
                    spring.jpa.hibernate.naming.physical-strategy: %s
                    """.formatted(STANDARD)), Naming.JPA, true, true),
            new Case("no Boot in the POM, but Spring's keys: Boot's defaults apply", null, files("application.properties",
                    "spring.jpa.hibernate.naming.physical-strategy=" + SNAKE + "\n"), Naming.SPRING, true, true),
            new Case("profiles agree", BOOT, files("application.properties",
                    "spring.jpa.hibernate.naming.physical-strategy=" + SNAKE + "\n",
                    "application-prod.properties", "spring.jpa.hibernate.naming.physical-strategy=" + CAMEL + "\n"),
                    Naming.SPRING, true, true),
            new Case("a profile file disagrees", BOOT, files("application.properties", "spring.jpa.open-in-view=false\n",
                    "application-prod.properties", "spring.jpa.hibernate.naming.physical-strategy=" + STANDARD + "\n"
                            + "spring.jpa.hibernate.naming.implicit-strategy=" + JPA_IMPLICIT + "\n"), Naming.SPRING, true, false),
            new Case("a YAML profile document disagrees", BOOT, files("application.yml", """
                    spring.jpa.hibernate.naming.physical-strategy: %s
                    ---
                    spring:
                      config.activate.on-profile: legacy
                      jpa.hibernate.naming.physical-strategy: %s
                      jpa.hibernate.naming.implicit-strategy: %s
                    """.formatted(SNAKE, STANDARD, JPA_IMPLICIT)), Naming.SPRING, true, false),
            new Case("a custom physical strategy", BOOT, files("application.properties",
                    "spring.jpa.hibernate.naming.physical-strategy=com.acme.PrefixedNames\n"), Naming.SPRING, true, false),
            new Case("a custom implicit strategy", null, files("META-INF/persistence.xml", persistence(
                    property("hibernate.implicit_naming_strategy", "legacy-hbm"))), Naming.JPA, true, false),
            new Case("persistence.xml, snake", null, files("META-INF/persistence.xml", persistence(
                    property("hibernate.physical_naming_strategy", SNAKE))), Naming.SNAKE, true, true),
            new Case("persistence.xml, standard", null, files("META-INF/persistence.xml", persistence(
                    property("hibernate.physical_naming_strategy", STANDARD))), Naming.JPA, true, true),
            new Case("persistence.xml, two units that disagree", null, files("META-INF/persistence.xml", """
                    <persistence xmlns="https://jakarta.ee/xml/ns/persistence" version="3.0">
                      <persistence-unit name="a">%s</persistence-unit>
                      <persistence-unit name="b">%s</persistence-unit>
                    </persistence>
                    """.formatted(properties(property("hibernate.physical_naming_strategy", SNAKE)),
                    properties(property("hibernate.physical_naming_strategy", STANDARD)))), Naming.JPA, true, false));

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
        assertEquals("src/main/resources/application.properties sets spring.jpa.hibernate.naming.physical-strategy=" + SNAKE
                + ", and Spring Boot applies its default implicit strategy SpringImplicitNamingStrategy", f.reason());
        Finding boot = detect(CASES.get(1), Files.createDirectories(dir.resolve("boot")));
        assertTrue(boot.reason().contains("pom.xml: " + BOOT), boot.reason());
    }

    @Test
    void disagreeingProfilesAreNamedWithTheirFiles() throws Exception {
        Finding f = detect(CASES.stream().filter(c -> c.name().equals("a profile file disagrees")).findFirst().orElseThrow(), dir);
        String text = String.join("\n", f.conflicts());
        assertTrue(text.contains("jpa: profile prod (src/main/resources/application-prod.properties sets "
                + "spring.jpa.hibernate.naming.physical-strategy=" + STANDARD), text);
        assertTrue(text.contains("spring: the default profile"), text);
        assertTrue(text.contains("Retort chose spring"), text);
    }

    @Test
    void aCustomStrategyIsNamed() throws Exception {
        Finding f = detect(CASES.stream().filter(c -> c.name().equals("a custom physical strategy")).findFirst().orElseThrow(), dir);
        assertTrue(f.conflicts().get(0).startsWith("src/main/resources/application.properties sets "
                + "spring.jpa.hibernate.naming.physical-strategy=com.acme.PrefixedNames: a physical naming strategy Retort cannot "
                + "reproduce"), f.conflicts().toString());
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
        assertEquals("dependency org.springframework.boot:spring-boot-starter-data-jpa",
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
        assertEquals("plugin org.springframework.boot:spring-boot-maven-plugin",
                ApplicationNaming.springBootEvidence(new MavenProject(plugin)));

        assertNull(ApplicationNaming.springBootEvidence(new MavenProject(new Model())));
    }

    @Test
    void aSnapshotOfAnotherNamingIsRefusedWithTheSettingToChange() throws Exception {
        Finding f = detect(CASES.get(3), dir);
        ApplicationNaming.Verdict v = ApplicationNaming.verify(f, Map.of("target/classes/META-INF/retort/schema.json", "jpa"), null);
        assertNotNull(v.refusal());
        assertTrue(v.refusal().startsWith("target/classes/META-INF/retort/schema.json was built with -Aretort.naming=jpa, but "
                + "src/main/resources/application.properties sets spring.jpa.hibernate.naming.physical-strategy=" + SNAKE), v.refusal());
        assertTrue(v.refusal().contains("Fix: set <arg>-Aretort.naming=spring</arg> in maven-compiler-plugin's <compilerArgs>"),
                v.refusal());
        ApplicationNaming.Verdict stale = ApplicationNaming.verify(f, Map.of("target/classes/META-INF/retort/schema.json", "jpa"), "spring");
        assertTrue(stale.refusal().contains("Fix: maven-compiler-plugin already sets <arg>-Aretort.naming=spring</arg>, but the snapshot "
                + "was compiled before: the compiler does not recompile for a changed option, so run mvn clean first."), stale.refusal());

        ApplicationNaming.Verdict ok = ApplicationNaming.verify(f, Map.of("target/classes/META-INF/retort/schema.json", "spring"), null);
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
        Finding f = detect(CASES.stream().filter(c -> c.name().equals("a custom physical strategy")).findFirst().orElseThrow(), dir);
        ApplicationNaming.Verdict v = ApplicationNaming.verify(f, Map.of("schema.json", "spring"), null);
        assertNotNull(v.refusal());
        assertTrue(v.refusal().contains("com.acme.PrefixedNames"), v.refusal());
        assertTrue(v.refusal().contains("-Dmigrate.naming=jpa|spring|snake"), v.refusal());

        MavenProject project = new MavenProject(new Model());
        Finding stated = ApplicationNaming.expected("Spring", project);
        assertEquals(Naming.SPRING, stated.naming());
        assertTrue(stated.settled());
        assertNull(ApplicationNaming.verify(stated, Map.of("schema.json", "spring"), null).refusal());
        assertNotNull(ApplicationNaming.verify(stated, Map.of("schema.json", "snake"), null).refusal());
        MojoFailureException bad = assertThrows(MojoFailureException.class, () -> ApplicationNaming.expected("kebab", project));
        assertTrue(bad.getMessage().startsWith("migrate.naming 'kebab'"), bad.getMessage());
    }

    @Test
    void aSnapshotThatRecordsNoNamingIsWarnedAbout() throws Exception {
        ApplicationNaming.Verdict v = ApplicationNaming.verify(detect(CASES.get(1), dir), Map.of("old.jar", "spring", "older.jar", ""), null);
        assertNotNull(v.refusal(), "an empty naming is not spring");
        Map<String, String> unrecorded = new LinkedHashMap<>();
        unrecorded.put("old.jar", null);
        ApplicationNaming.Verdict w = ApplicationNaming.verify(detect(CASES.get(1), dir.resolve("x")), unrecorded, null);
        assertNull(w.refusal());
        assertTrue(w.warnings().get(0).startsWith("old.jar does not record the naming"), w.warnings().toString());
    }

    @Test
    void theCompilersNamingOptionIsRead() throws Exception {
        Model model = new Model();
        model.setBuild(new org.apache.maven.model.Build());
        Plugin compiler = new Plugin();
        compiler.setArtifactId("maven-compiler-plugin");
        compiler.setConfiguration(org.codehaus.plexus.util.xml.Xpp3DomBuilder.build(new java.io.StringReader(
                "<configuration><compilerArgs><arg>-parameters</arg><arg> -Aretort.naming=Snake </arg></compilerArgs></configuration>")));
        model.getBuild().addPlugin(compiler);
        assertEquals("snake", ApplicationNaming.configuredNaming(new MavenProject(model)));
        assertNull(ApplicationNaming.configuredNaming(new MavenProject(new Model())));
    }
}

package dev.retort.maven;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** migrate:init's POM edits on sample POMs: what is added, that nothing else moves, and that a second run changes nothing. */
class PomEditorTest {

    static final String V = "0.1.0-SNAPSHOT";

    static PomEditor.Result twice(String pom, List<PomEditor.Coordinates> processors) {
        PomEditor.Result first = PomEditor.edit(pom, V, processors);
        PomEditor.Result second = PomEditor.edit(first.text(), V, processors);
        assertEquals(List.of(), second.changes(), "a second run changes nothing");
        assertEquals(first.text(), second.text());
        return first;
    }

    /** Every line of the original is still there, in order: nothing was reformatted. */
    static void keepsEveryLine(String original, String edited) {
        List<String> lines = edited.lines().toList();
        int at = 0;
        for (String line : original.lines().toList()) {
            while (at < lines.size() && !lines.get(at).equals(line)) {
                at++;
            }
            assertTrue(at < lines.size(), "original line lost or changed: " + line);
            at++;
        }
    }

    @Test
    void minimalPomGetsDependenciesAndBuild() {
        String pom = """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example</groupId>
                  <artifactId>shop</artifactId>
                  <version>1.0</version>
                </project>
                """;
        PomEditor.Result r = twice(pom, List.of());
        assertEquals("""
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example</groupId>
                  <artifactId>shop</artifactId>
                  <version>1.0</version>
                  <dependencies>
                    <dependency>
                      <groupId>dev.retort</groupId>
                      <artifactId>migration-api</artifactId>
                      <version>0.1.0-SNAPSHOT</version>
                    </dependency>
                  </dependencies>
                  <build>
                    <plugins>
                      <plugin>
                        <artifactId>maven-compiler-plugin</artifactId>
                        <configuration>
                          <annotationProcessorPaths>
                            <path>
                              <groupId>dev.retort</groupId>
                              <artifactId>metadata-processor</artifactId>
                              <version>0.1.0-SNAPSHOT</version>
                            </path>
                          </annotationProcessorPaths>
                        </configuration>
                      </plugin>
                      <plugin>
                        <groupId>dev.retort</groupId>
                        <artifactId>migration-maven-plugin</artifactId>
                        <version>0.1.0-SNAPSHOT</version>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """, r.text());
        assertEquals(3, r.changes().size(), r.changes().toString());
    }

    @Test
    void springBootStylePomKeepsItsFormattingAndItsClasspathProcessors() {
        String pom = """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0"
                         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
                    <modelVersion>4.0.0</modelVersion>
                    <parent>
                        <groupId>org.springframework.boot</groupId>
                        <artifactId>spring-boot-starter-parent</artifactId>
                        <version>4.0.0</version>
                    </parent>
                    <artifactId>app</artifactId>

                    <dependencies>
                        <!-- web layer -->
                        <dependency>
                            <groupId>org.springframework.boot</groupId>
                            <artifactId>spring-boot-starter-data-jpa</artifactId>
                        </dependency>
                        <dependency>
                            <groupId>org.projectlombok</groupId>
                            <artifactId>lombok</artifactId>
                            <optional>true</optional>
                        </dependency>
                    </dependencies>

                    <build>
                        <plugins>
                            <plugin>
                                <groupId>org.apache.maven.plugins</groupId>
                                <artifactId>maven-compiler-plugin</artifactId>
                                <configuration>
                                    <release>17</release>
                                </configuration>
                            </plugin>
                            <plugin>
                                <groupId>org.springframework.boot</groupId>
                                <artifactId>spring-boot-maven-plugin</artifactId>
                            </plugin>
                        </plugins>
                    </build>
                </project>
                """;
        PomEditor.Result r = twice(pom, List.of(new PomEditor.Coordinates("org.projectlombok", "lombok", "1.18.42")));
        keepsEveryLine(pom, r.text());
        assertTrue(r.text().contains("""
                                <configuration>
                                    <release>17</release>
                                    <annotationProcessorPaths>
                                        <path>
                                            <groupId>dev.retort</groupId>
                                            <artifactId>metadata-processor</artifactId>
                                            <version>0.1.0-SNAPSHOT</version>
                                        </path>
                                        <path>
                                            <groupId>org.projectlombok</groupId>
                                            <artifactId>lombok</artifactId>
                                            <version>1.18.42</version>
                                        </path>
                                    </annotationProcessorPaths>
                                </configuration>
                """), r.text());
        assertTrue(r.text().contains("""
                                <artifactId>spring-boot-maven-plugin</artifactId>
                            </plugin>
                            <plugin>
                                <groupId>dev.retort</groupId>
                                <artifactId>migration-maven-plugin</artifactId>
                                <version>0.1.0-SNAPSHOT</version>
                            </plugin>
                        </plugins>
                """), r.text());
        assertTrue(r.text().contains("""
                            <optional>true</optional>
                        </dependency>
                        <dependency>
                            <groupId>dev.retort</groupId>
                            <artifactId>migration-api</artifactId>
                            <version>0.1.0-SNAPSHOT</version>
                        </dependency>
                    </dependencies>
                """), r.text());
        assertTrue(
                r.changes().stream().anyMatch(c -> c.contains("org.projectlombok:lombok")),
                r.changes().toString());
    }

    @Test
    void existingProcessorPathsGetOnlyRetortsAndDependenciesGoBeforeBuild() {
        String pom = """
                <project>
                \t<modelVersion>4.0.0</modelVersion>
                \t<artifactId>x</artifactId>
                \t<build>
                \t\t<plugins>
                \t\t\t<plugin>
                \t\t\t\t<artifactId>maven-compiler-plugin</artifactId>
                \t\t\t\t<configuration>
                \t\t\t\t\t<annotationProcessorPaths>
                \t\t\t\t\t\t<path><groupId>org.mapstruct</groupId><artifactId>mapstruct-processor</artifactId><version>1.6.3</version></path>
                \t\t\t\t\t</annotationProcessorPaths>
                \t\t\t\t</configuration>
                \t\t\t</plugin>
                \t\t</plugins>
                \t</build>
                </project>
                """;
        PomEditor.Result r = twice(pom, List.of(new PomEditor.Coordinates("org.projectlombok", "lombok", "1.18.42")));
        keepsEveryLine(pom, r.text());
        assertFalse(r.text().contains("lombok"), "paths the user declared are theirs to manage");
        assertTrue(
                r.text().contains("</path>\n\t\t\t\t\t\t<path>\n\t\t\t\t\t\t\t<groupId>dev.retort</groupId>"),
                r.text());
        assertTrue(r.text().contains("\t<artifactId>x</artifactId>\n\t<dependencies>\n\t\t<dependency>"), r.text());
        assertTrue(r.text().contains("\t</dependencies>\n\n\t<build>"), r.text());
    }

    @Test
    void configuredPomIsLeftAlone() {
        String pom = """
                <project>
                  <dependencies>
                    <dependency><groupId>dev.retort</groupId><artifactId>migration-api</artifactId><version>0.0.9</version></dependency>
                  </dependencies>
                  <build>
                    <plugins>
                      <plugin>
                        <artifactId>maven-compiler-plugin</artifactId>
                        <configuration><annotationProcessorPaths><path><groupId>dev.retort</groupId><artifactId>metadata-processor</artifactId></path></annotationProcessorPaths></configuration>
                      </plugin>
                      <plugin><groupId>dev.retort</groupId><artifactId>migration-maven-plugin</artifactId></plugin>
                    </plugins>
                  </build>
                </project>
                """;
        PomEditor.Result r = PomEditor.edit(pom, V, List.of());
        assertEquals(List.of(), r.changes());
        assertEquals(pom, r.text());
    }

    @Test
    void commentedOutElementsDoNotCount() {
        String pom = """
                <project>
                  <!-- <dependencies><dependency><groupId>dev.retort</groupId><artifactId>migration-api</artifactId></dependency></dependencies> -->
                  <dependencies/>
                </project>
                """;
        PomEditor.Result r = twice(pom, List.of());
        assertTrue(
                r.text().contains("  <dependencies>\n    <dependency>\n      <groupId>dev.retort</groupId>"), r.text());
    }

    @Test
    void notAPom() {
        assertThrows(IllegalArgumentException.class, () -> PomEditor.edit("<settings></settings>", V, List.of()));
        assertThrows(IllegalArgumentException.class, () -> PomEditor.edit("<project><build></project>", V, List.of()));
    }

    static PomEditor.Result twiceWithNaming(String pom, String naming) {
        PomEditor.Result first = PomEditor.edit(pom, V, List.of(), naming, "why");
        PomEditor.Result second = PomEditor.edit(first.text(), V, List.of(), naming, "why");
        assertEquals(List.of(), second.changes(), "a second run changes nothing");
        assertEquals(first.text(), second.text());
        return first;
    }

    @Test
    void theNamingGoesIntoANewCompilerConfiguration() {
        String pom = """
                <project>
                  <modelVersion>4.0.0</modelVersion>
                  <artifactId>x</artifactId>
                </project>
                """;
        PomEditor.Result r = twiceWithNaming(pom, "spring");
        assertTrue(r.text().contains("""
                        <artifactId>maven-compiler-plugin</artifactId>
                        <configuration>
                          <annotationProcessorPaths>
                            <path>
                              <groupId>dev.retort</groupId>
                              <artifactId>metadata-processor</artifactId>
                              <version>0.1.0-SNAPSHOT</version>
                            </path>
                          </annotationProcessorPaths>
                          <compilerArgs>
                            <arg>-Aretort.naming=spring</arg>
                          </compilerArgs>
                        </configuration>
                """), r.text());
        assertTrue(
                r.changes().contains("set -Aretort.naming=spring in maven-compiler-plugin's compilerArgs (why)"),
                r.changes().toString());
    }

    @Test
    void theNamingJoinsExistingCompilerArgsOrReplacesAnotherNaming() {
        String pom = """
                <project>
                  <build>
                    <plugins>
                      <plugin>
                        <artifactId>maven-compiler-plugin</artifactId>
                        <configuration>
                          <compilerArgs>
                            <arg>-parameters</arg>
                          </compilerArgs>
                        </configuration>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """;
        PomEditor.Result added = twiceWithNaming(pom, "snake");
        keepsEveryLine(pom, added.text());
        assertTrue(added.text().contains("""
                          <compilerArgs>
                            <arg>-parameters</arg>
                            <arg>-Aretort.naming=snake</arg>
                          </compilerArgs>
                """), added.text());

        PomEditor.Result changed = twiceWithNaming(added.text(), "spring");
        assertEquals(added.text().replace("-Aretort.naming=snake", "-Aretort.naming=spring"), changed.text());
        assertEquals(
                List.of(
                        "changed -Aretort.naming=snake to -Aretort.naming=spring in maven-compiler-plugin's compilerArgs (why)"),
                changed.changes());
    }

    @Test
    void crlfEncodingDeclarationEntitiesAndCdataAreKept() {
        String pom =
                "\uFEFF<?xml version='1.0' encoding='ISO-8859-1'?>\r\n<project>\r\n    <name>caf&eacute; &amp; co &#233; &lt;x&gt;</name>\r\n"
                        + "    <description><![CDATA[a < b]]></description>\r\n    <properties><x  a = 'q' >1</x></properties>\r\n</project>\r\n";
        PomEditor.Result r = twice(pom, List.of());
        assertTrue(
                r.text()
                        .startsWith(
                                "\uFEFF<?xml version='1.0' encoding='ISO-8859-1'?>\r\n<project>\r\n    <name>caf&eacute; &amp; co &#233; &lt;x&gt;</name>\r\n"
                                        + "    <description><![CDATA[a < b]]></description>\r\n    <properties><x  a = 'q' >1</x></properties>\r\n    <dependencies>\r\n"),
                r.text());
        assertFalse(r.text().replace("\r\n", "").contains("\n"), "new lines end like the file's: " + r.text());
        assertTrue(r.text().endsWith("        </plugins>\r\n    </build>\r\n</project>\r\n"), r.text());
    }

    @Test
    void aCommentClosingAParentStaysLastAndDependenciesKeepTheBlankLineBeforeBuild() {
        String pom = """
                <project>

                  <properties>
                    <a>&#x41;&quot;</a>
                  </properties>

                  <build>
                    <plugins>
                      <plugin>
                        <artifactId>maven-compiler-plugin</artifactId>
                        <configuration>
                          <annotationProcessorPaths>
                            <path><groupId>a</groupId><artifactId>b</artifactId></path>
                            <!-- more paths here -->
                          </annotationProcessorPaths>
                        </configuration>
                      </plugin>
                    </plugins>
                  </build>

                </project>
                """;
        PomEditor.Result r = twice(pom, List.of());
        keepsEveryLine(pom, r.text());
        assertTrue(r.text().contains("""
                    <a>&#x41;&quot;</a>
                  </properties>

                  <dependencies>
                """), r.text());
        assertTrue(r.text().contains("""
                  </dependencies>

                  <build>
                """), r.text());
        assertTrue(r.text().contains("""
                            <path>
                              <groupId>dev.retort</groupId>
                              <artifactId>metadata-processor</artifactId>
                              <version>0.1.0-SNAPSHOT</version>
                            </path>
                            <!-- more paths here -->
                          </annotationProcessorPaths>
                """), r.text());
    }
}

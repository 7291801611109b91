package dev.retort.maven;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpringFilesTest {

    @TempDir
    Path dir;

    /** A YAML error names the file, line and column, never the text of the line: it may be a password. */
    @Test
    void aYamlErrorDoesNotQuoteTheLine() throws Exception {
        Path yml = dir.resolve("application.yml");
        Files.writeString(yml, """
                spring:
                  datasource:
                    url: jdbc:mysql://db/shop
                    password: @dmin-S3cret
                """);
        MojoFailureException e = assertThrows(
                MojoFailureException.class, () -> SpringFiles.yamlDocuments(yml, "src/main/resources/application.yml"));
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertFalse(trace.toString().contains("S3cret"), trace.toString());
        assertFalse(trace.toString().contains("@dmin"), trace.toString());
        assertTrue(
                e.getMessage()
                        .startsWith("Cannot read src/main/resources/application.yml as YAML at line 4, column 15: "),
                e.getMessage());
        assertTrue(e.getMessage().contains("cannot start any token"), e.getMessage());
    }

    @Test
    void validYamlStillReads() throws Exception {
        Path yml = dir.resolve("application.yml");
        Files.writeString(yml, "spring:\n  datasource:\n    password: \"@dmin-S3cret\"\n");
        assertEquals(
                "@dmin-S3cret", SpringFiles.yamlDocuments(yml, "a.yml").get(0).get("spring.datasource.password"));
    }
}

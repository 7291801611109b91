package dev.retort.maven;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Properties;
import org.apache.maven.model.Build;
import org.apache.maven.model.Model;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stamp that lets a goal leave out a build up to {@code compile} that would change nothing: any
 * change to what goes in or to what came out must make the goal compile again; above all an edited
 * migration, which must reach the checksum check as a freshly compiled class.
 */
class CompileFingerprintTest {

    @TempDir
    Path dir;

    Path source;
    Path classFile;
    Path jar;
    MavenProject project;
    Properties properties = new Properties();

    @BeforeEach
    void project() throws Exception {
        Model model = new Model();
        model.setGroupId("g");
        model.setArtifactId("a");
        model.setVersion("1");
        Build build = new Build();
        build.setDirectory(dir.resolve("target").toString());
        build.setOutputDirectory(dir.resolve("target/classes").toString());
        Resource resources = new Resource();
        resources.setDirectory("src/main/resources");
        build.addResource(resources);
        model.setBuild(build);
        project = new MavenProject(model);
        project.setFile(dir.resolve("pom.xml").toFile());
        project.addCompileSourceRoot(dir.resolve("src/main/java").toString());
        source = dir.resolve("src/main/java/db/migration/V1__Create.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "class V1__Create { /* createTable(\"a\") */ }");
        Files.createDirectories(dir.resolve("src/main/resources"));
        Files.writeString(dir.resolve("src/main/resources/application.properties"), "x=1\n");
        classFile = dir.resolve("target/classes/db/migration/V1__Create.class");
        Files.createDirectories(classFile.getParent());
        Files.write(classFile, new byte[] {1, 2, 3});
        jar = dir.resolve("migration-api.jar");
        Files.write(jar, new byte[] {4, 5});
        properties.setProperty("maven.compiler.release", "17");
    }

    List<MojoExecution> plan() {
        return List.of(execution("maven-resources-plugin", "resources"), execution("maven-compiler-plugin", "compile"));
    }

    static MojoExecution execution(String artifactId, String goal) {
        Plugin plugin = new Plugin();
        plugin.setGroupId("org.apache.maven.plugins");
        plugin.setArtifactId(artifactId);
        plugin.setVersion("3.14.0");
        return new MojoExecution(plugin, goal, "default-" + goal);
    }

    CompileFingerprint fingerprint() {
        return CompileFingerprint.of(
                project, plan(), properties, List.of(project.getBuild().getOutputDirectory(), jar.toString()));
    }

    @Test
    void unchangedProjectIsUpToDateOnceRecorded() throws Exception {
        assertFalse(fingerprint().upToDate(), "never built by a goal: compile");
        fingerprint().record();
        assertTrue(fingerprint().upToDate());
        properties.setProperty("migrate.url", "jdbc:h2:mem:other");
        properties.setProperty("migrate.timings", "true");
        assertTrue(fingerprint().upToDate(), "Retort's own properties do not change the compile");
    }

    @Test
    void theJitModeOfMavensJvmDoesNotCompileAgain() throws Exception {
        properties.setProperty("java.vm.info", "mixed mode, sharing");
        fingerprint().record();
        properties.setProperty("java.vm.info", "mixed mode, emulated-client, sharing");
        assertTrue(
                fingerprint().upToDate(),
                "MAVEN_OPTS=-XX:TieredStopAtLevel=1 changes java.vm.info, not what javac writes");
    }

    @Test
    void editedMigrationOfTheSameSizeAndTimeIsCompiledAgain() throws Exception {
        fingerprint().record();
        FileTime time = Files.getLastModifiedTime(source);
        Files.writeString(source, "class V1__Create { /* createTable(\"b\") */ }");
        Files.setLastModifiedTime(source, time);
        assertFalse(fingerprint().upToDate());
    }

    @Test
    void newDeletedOrEditedFilesAreCompiledAgain() throws Exception {
        fingerprint().record();
        Path added = source.resolveSibling("V2__Add.java");
        Files.writeString(added, "class V2__Add {}");
        assertFalse(fingerprint().upToDate(), "new source");
        Files.delete(added);
        assertTrue(fingerprint().upToDate());
        Files.writeString(dir.resolve("src/main/resources/application.properties"), "x=2\n");
        assertFalse(fingerprint().upToDate(), "edited resource");
    }

    @Test
    void changedOrMissingOutputIsCompiledAgain() throws Exception {
        fingerprint().record();
        Files.write(classFile, new byte[] {1, 2, 3, 4});
        assertFalse(fingerprint().upToDate(), "class file changed by someone else");
        fingerprint().record();
        Files.delete(classFile);
        assertFalse(fingerprint().upToDate(), "class file deleted");
    }

    @Test
    void changedSettingsJdkOrClasspathAreCompiledAgain() throws Exception {
        fingerprint().record();
        properties.setProperty("maven.compiler.release", "21");
        assertFalse(fingerprint().upToDate(), "-D property");
        properties.setProperty("maven.compiler.release", "17");
        project.getProperties().setProperty("retort.naming", "snake");
        assertFalse(fingerprint().upToDate(), "POM property");
        project.getProperties().remove("retort.naming");
        assertTrue(fingerprint().upToDate());
        Files.write(jar, new byte[] {4, 5, 6});
        assertFalse(fingerprint().upToDate(), "dependency jar");
        fingerprint().record();
        MojoExecution configured = execution("maven-compiler-plugin", "compile");
        Xpp3Dom configuration = new Xpp3Dom("configuration");
        Xpp3Dom args = new Xpp3Dom("compilerArgs");
        args.setValue("-Aretort.naming=snake");
        configuration.addChild(args);
        configured.setConfiguration(configuration);
        CompileFingerprint other = CompileFingerprint.of(
                project,
                List.of(execution("maven-resources-plugin", "resources"), configured),
                properties,
                List.of(jar.toString()));
        assertFalse(other.upToDate(), "compiler configuration");
    }

    @Test
    void buildsItCannotJudgeAreAlwaysRun() throws Exception {
        Plugin generator = new Plugin();
        generator.setGroupId("org.codehaus.mojo");
        generator.setArtifactId("build-helper-maven-plugin");
        generator.setVersion("3.6.1");
        assertNull(
                CompileFingerprint.of(
                        project,
                        List.of(
                                new MojoExecution(generator, "add-source", "x"),
                                execution("maven-compiler-plugin", "compile")),
                        properties,
                        List.of(jar.toString())),
                "a code generator");
        Path reactorClasses = Files.createDirectories(dir.resolve("other-module/target/classes"));
        assertNull(
                CompileFingerprint.of(project, plan(), properties, List.of(reactorClasses.toString())),
                "another module's classes directory");
        project.getBuild().getResources().get(0).setFiltering(true);
        assertNull(fingerprint(), "filtered resources");
    }

    @Test
    void forgottenStampCompilesAgain() throws Exception {
        fingerprint().record();
        fingerprint().forget();
        assertFalse(fingerprint().upToDate());
    }
}

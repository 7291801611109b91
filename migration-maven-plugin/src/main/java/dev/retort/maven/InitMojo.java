package dev.retort.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.apache.maven.model.Dependency;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Sets up an existing project for Retort, like {@code alembic init}: adds the
 * {@code migration-api} dependency, the annotation processor to maven-compiler-plugin's
 * {@code annotationProcessorPaths} and this plugin to {@code pom.xml}, keeping the file's own
 * formatting, and sets the processor's {@code -Aretort.naming} to the naming the application's own
 * Hibernate configuration implies (Spring Boot, {@code application*.properties|yml}, persistence.xml),
 * saying which file and setting decided it. Idempotent: a second run changes nothing. Run it with the plugin's full coordinates,
 * {@code mvn dev.retort:migration-maven-plugin:<version>:init}; afterwards {@code migrate:} works.
 */
@Mojo(name = "init", threadSafe = true)
public class InitMojo extends AbstractRetortMojo {

    /** Processors a project usually has on its classpath; listed in the new processor paths so they keep running. */
    private static final Set<String> KNOWN_PROCESSORS = Set.of(
            "lombok",
            "mapstruct-processor",
            "hibernate-jpamodelgen",
            "hibernate-processor",
            "auto-value",
            "auto-service",
            "value",
            "spring-boot-configuration-processor",
            "micronaut-inject-java",
            "dagger-compiler",
            "jmh-generator-annprocess");

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException, SQLException, IOException {
        getLog().info("Database: " + displayUrl() + " - " + connectionSettings().describeSources()
                + " (init does not connect)");
        if ("pom".equals(project.getPackaging())) {
            getLog().warn(project.getArtifactId()
                    + " has packaging pom: run init in the module that has the @Entity classes.");
        }
        ApplicationNaming.Finding finding = ApplicationNaming.expected(naming, project, placeholders());
        getLog().info("Naming: " + finding.naming().option() + " - " + finding.reason());
        finding.notes().forEach(getLog()::warn);
        if (!finding.settled()) {
            getLog().warn("Retort cannot tell which naming strategy the application's Hibernate uses; it chose "
                    + finding.naming().option() + ", which generate and check refuse until you state it:\n"
                    + Messages.numbered(finding.conflicts()) + "\nCheck the names Retort's "
                    + finding.naming().option()
                    + " naming gives, then set <migrate.naming> in the POM's <properties> (or -Dmigrate.naming) and "
                    + "<arg>-Aretort.naming=...</arg> to the same value.");
        }
        Path pom = project.getFile().toPath();
        PomEditor.Result result;
        try {
            // a guess never replaces an option the user chose
            String option = !finding.settled() && ApplicationNaming.configuredNaming(project) != null
                    ? null
                    : finding.naming().option();
            result = PomEditor.edit(
                    Files.readString(pom, StandardCharsets.UTF_8),
                    Versions.retort(),
                    classpathProcessors(),
                    option,
                    finding.evidence()
                            ? "the naming of the application's Hibernate, as above"
                            : "Hibernate's defaults, as no Spring Boot and no naming strategy setting was found");
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException(pom + " cannot be edited: " + e.getMessage(), e);
        }
        result.warnings().forEach(getLog()::warn);
        if (result.changes().isEmpty()) {
            getLog().info(pom.getFileName()
                    + " already has Retort's dependency, processor and plugin: nothing changed.");
        } else {
            Files.writeString(pom, result.text(), StandardCharsets.UTF_8);
            getLog().info("Changed " + project.getBasedir().toPath().relativize(pom) + ":");
            result.changes().forEach(c -> getLog().info("  - " + c));
        }
        getLog().info(
                        "Next: mvn migrate:generate -Dmigrate.message=\"initial schema\"   (then review it and run mvn migrate:upgrade)");
    }

    private List<PomEditor.Coordinates> classpathProcessors() {
        return project.getDependencies().stream()
                .filter(d -> KNOWN_PROCESSORS.contains(d.getArtifactId()) && d.getVersion() != null)
                .filter(d -> !"test".equals(d.getScope()))
                .map(InitMojo::coordinates)
                .toList();
    }

    private static PomEditor.Coordinates coordinates(Dependency d) {
        return new PomEditor.Coordinates(d.getGroupId(), d.getArtifactId(), d.getVersion());
    }
}

package dev.retort.maven;

import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.offline.Squash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Replaces the revisions from base to {@code migrate.target} with one baseline revision that
 * builds the schema they build (replayed, so hand edits count) and whose downgrade drops it all
 * behind the data-loss gate. The later revisions keep their ids and checksums; their parent
 * reference moves to the baseline. Databases at or past the target record the baseline on first
 * contact without running anything; new databases run it. Proves before writing anything that the
 * squashed graph builds the same schema at the target and at every head. Deletes the folded
 * sources (version control keeps them). Needs no database.
 */
@Mojo(name = "squash", requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public class SquashMojo extends AbstractWritingMojo {

    /**
     * The last revision to fold into the baseline: an id, a unique prefix, {@code <rev>-N}, or
     * {@code head} (everything; the graph must have one head) or {@code head-N}. Every
     * environment's database must be at or past it, since a database below it is refused.
     */
    @Parameter(property = "migrate.target")
    private String target;

    /** The baseline's description; default: {@code squash of N revisions through <target>}. */
    @Parameter(property = "migrate.message")
    private String message;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException, IOException {
        announceOffline("squash reads the compiled migrations only");
        try (ProjectClasses classes = projectClasses()) {
            RevisionGraph graph = migrations(classes);
            Squash.Plan plan = Squash.plan(graph, target);
            String text = message == null || message.isBlank()
                    ? "squash of " + plan.folded().size() + " revisions through " + plan.through()
                    : message.trim();
            GeneratedMigration baseline = GeneratedMigration.baseline(stamp(), text, plan, graph);
            RevisionInfo.Squashed squashed =
                    new RevisionInfo.Squashed(plan.through(), plan.replaces(), plan.fingerprint());
            RevisionGraph after = Squash.prove(graph, plan, baseline.revision(migrationPackage, squashed));

            // every file is found and every edit worked out before the first one is written
            Path sources = Path.of(project.getBuild().getSourceDirectory());
            Map<Path, String> edits = new LinkedHashMap<>();
            for (RevisionInfo kept : plan.kept(graph, baseline.revisionId())) {
                RevisionInfo before = graph.get(kept.id());
                if (!before.parents().equals(kept.parents())) {
                    Path file = sourceOf(sources, before);
                    edits.put(file, RevisionSource.withParents(file, Files.readString(file), kept.parents()));
                }
            }
            List<Path> folded = new ArrayList<>();
            for (RevisionInfo r : plan.folded()) {
                folded.add(sourceOf(sources, r));
            }
            plan.notes().forEach(n -> getLog().warn("Left out of the baseline: " + n));
            String about = "Squashes " + plan.replaces().size() + " revision"
                    + (plan.replaces().size() == 1 ? "" : "s")
                    + " up to and including " + plan.through() + ". A database whose history records "
                    + plan.through() + " counts this revision as applied and runs nothing; a new database runs it. "
                    + "The sources of the squashed revisions are in version control.";
            write(
                    baseline.className(),
                    baseline.revisionId(),
                    MigrationSourceWriter.writeBaseline(baseline.request(migrationPackage), squashed, about),
                    "baseline replacing " + plan.folded().size() + " revisions through " + plan.through());
            for (Map.Entry<Path, String> e : edits.entrySet()) {
                Files.writeString(e.getKey(), e.getValue(), StandardCharsets.UTF_8);
                getLog().info("Re-parented onto the baseline: " + relative(e.getKey()));
            }
            Path classesDir = Path.of(project.getBuild().getOutputDirectory());
            for (int i = 0; i < folded.size(); i++) {
                Files.delete(folded.get(i));
                deleteClasses(classesDir, plan.folded().get(i).className());
                getLog().info("Removed " + relative(folded.get(i)) + " (revision "
                        + plan.folded().get(i).id() + ")");
            }
            getLog().info("Squashed " + plan.folded().size() + " revisions through " + plan.through() + " into "
                    + baseline.revisionId() + "; proven: the baseline builds the schema at " + plan.through()
                    + " and the graph builds the same schema at "
                    + (after.heads().size() == 1 ? "its head " : "heads ")
                    + String.join(", ", after.heads()) + ".");
            getLog().info("Every environment's database must be at or past " + plan.through()
                    + " before this is deployed (mvn migrate:current shows where one is): upgrade refuses a database "
                    + "below it. Review the baseline, run mvn migrate:check, and commit the deletions with it.");
        }
    }

    /** The source file of a migration class under the main source directory, or a failure that says why squash needs it. */
    private Path sourceOf(Path sources, RevisionInfo r) throws MojoFailureException {
        if (r.className().contains("$")) {
            throw new MojoFailureException("Revision " + r.id() + " is the nested class " + r.className()
                    + "; squash edits and deletes top-level migration sources only. Move it to a file of its own.");
        }
        Path file = sources.resolve(r.className().replace('.', '/') + ".java");
        if (!Files.isRegularFile(file)) {
            throw new MojoFailureException("The source of revision " + r.id() + " (" + r.className()
                    + ") is not at " + file + "; squash edits and deletes the migration sources in the main "
                    + "source directory (migrate.package " + migrationPackage + "), so it cannot squash migrations "
                    + "generated elsewhere or taken from a dependency. Nothing was written.");
        }
        return file;
    }

    private static void deleteClasses(Path classesDir, String className) throws IOException {
        int dot = className.lastIndexOf('.');
        Path dir = classesDir.resolve(className.substring(0, Math.max(dot, 0)).replace('.', '/'));
        String simple = className.substring(dot + 1);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, simple + "{.class,$*.class}")) {
            for (Path f : files) {
                Files.delete(f);
            }
        }
    }

    private String relative(Path file) {
        return project.getBasedir().toPath().relativize(file).toString();
    }
}

package dev.retort.maven;

import eu.maveniverse.domtrip.Document;
import eu.maveniverse.domtrip.DomTripException;
import eu.maveniverse.domtrip.Editor;
import eu.maveniverse.domtrip.Element;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Adds Retort to a POM through DomTrip, a lossless XML editor, so everything else in the file (comments,
 * blank lines, attribute order, the user's indentation and line endings) stays byte for byte. New
 * elements go after the last child of their parent, indented like their siblings. Each change is
 * made only when missing, so a second run changes nothing.
 */
final class PomEditor {

    static final String GROUP = "dev.retort";

    /** A Maven artifact, for processor paths. */
    record Coordinates(String groupId, String artifactId, String version) {}

    /** The edited POM and one line per change; no changes means the text is unchanged. */
    record Result(String text, List<String> changes, List<String> warnings) {}

    private final Editor editor;
    private final Element project;
    private final List<String> changes = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    /** A byte order mark the POM starts with: DomTrip would write it after the XML declaration, so it is kept aside. */
    private final String bom;

    private PomEditor(String text) {
        this.bom = text.startsWith("\uFEFF") ? "\uFEFF" : "";
        Document document;
        try {
            document = Document.of(text.substring(bom.length()));
        } catch (DomTripException e) {
            throw new IllegalArgumentException("the POM is not well-formed XML: " + e.getMessage(), e);
        }
        if (document.root() == null) {
            throw new IllegalArgumentException("the POM is not well-formed XML");
        }
        if (!document.root().name().equals("project")) {
            throw new IllegalArgumentException(
                    "not a POM: the root element is <" + document.root().name() + ">");
        }
        this.editor = new Editor(document);
        this.project = document.root();
    }

    /**
     * Adds the migration-api dependency, the processor to maven-compiler-plugin's
     * {@code annotationProcessorPaths} and the migrate plugin.
     *
     * @param classpathProcessors processors the project now gets from its classpath (Lombok, …): declaring
     *                            processor paths turns classpath discovery off, so they are listed too
     */
    static Result edit(String pom, String version, List<Coordinates> classpathProcessors) {
        return edit(pom, version, classpathProcessors, null, null);
    }

    /**
     * As {@link #edit(String, String, List)}, and sets the processor's naming option.
     *
     * @param namingOption the {@code -Aretort.naming} value to set in maven-compiler-plugin's
     *                     {@code compilerArgs} (replacing another value there), or null to leave them
     * @param why          what implies that naming, for the change list
     */
    static Result edit(
            String pom, String version, List<Coordinates> classpathProcessors, String namingOption, String why) {
        PomEditor e = new PomEditor(pom);
        try {
            e.addDependency(version);
            e.addProcessor(version, classpathProcessors);
            if (namingOption != null) {
                e.setNaming(namingOption, why);
            }
            e.addPlugin(version);
        } catch (DomTripException x) {
            throw new IllegalStateException("could not edit the POM: " + x.getMessage(), x);
        }
        String text = e.changes.isEmpty() ? pom : e.bom + e.editor.toXml();
        return new Result(text, List.copyOf(e.changes), List.copyOf(e.warnings));
    }

    private void addDependency(String version) throws DomTripException {
        Optional<Element> deps = project.childElement("dependencies");
        if (deps.isPresent() && deps.get().childElements("dependency").anyMatch(d -> is(d, GROUP, "migration-api"))) {
            return;
        }
        Optional<Element> build = project.childElement("build");
        if (deps.isPresent()) {
            artifact(deps.get(), "dependency", GROUP, "migration-api", version);
        } else if (build.isPresent()) {
            // on the lines before <build>, where the build started, with a blank line between
            String before = build.get().precedingWhitespace();
            Element created = editor.insertElementBefore(build.get(), "dependencies");
            artifact(created, "dependency", GROUP, "migration-api", version);
            created.precedingWhitespace(before);
            editor.addBlankLineAfter(created);
        } else {
            artifact(append(project, "dependencies"), "dependency", GROUP, "migration-api", version);
        }
        changes.add("added dependency " + GROUP + ":migration-api:" + version + " (what migrations compile against)");
    }

    private void addPlugin(String version) throws DomTripException {
        Element plugins = plugins();
        if (plugins.childElements("plugin").anyMatch(p -> is(p, GROUP, "migration-maven-plugin"))) {
            return;
        }
        artifact(plugins, "plugin", GROUP, "migration-maven-plugin", version);
        changes.add("added plugin " + GROUP + ":migration-maven-plugin:" + version + " (the migrate:* goals)");
    }

    private void addProcessor(String version, List<Coordinates> classpathProcessors) throws DomTripException {
        Optional<Element> compiler = compiler();
        if (compiler.isEmpty()) {
            Element plugin = append(plugins(), "plugin");
            append(plugin, "artifactId", "maven-compiler-plugin");
            Element configuration = append(plugin, "configuration");
            pathsWith(append(configuration, "annotationProcessorPaths"), version, classpathProcessors);
            changes.add("added maven-compiler-plugin with " + GROUP
                    + ":metadata-processor in annotationProcessorPaths (writes the entity snapshot)");
            noteClasspathProcessors(classpathProcessors);
            return;
        }
        Optional<Element> configuration = compiler.get().childElement("configuration");
        Optional<Element> paths = configuration.flatMap(c -> c.childElement("annotationProcessorPaths"));
        if (paths.isPresent()) {
            if (paths.get().childElements("path").anyMatch(p -> is(p, GROUP, "metadata-processor"))) {
                return;
            }
            artifact(paths.get(), "path", GROUP, "metadata-processor", version);
            changes.add("added " + GROUP + ":metadata-processor to maven-compiler-plugin's annotationProcessorPaths");
            return;
        }
        Element parent = configuration.isPresent() ? configuration.get() : append(compiler.get(), "configuration");
        pathsWith(append(parent, "annotationProcessorPaths"), version, classpathProcessors);
        changes.add("added annotationProcessorPaths with " + GROUP + ":metadata-processor to maven-compiler-plugin");
        noteClasspathProcessors(classpathProcessors);
        if (configuration.isPresent()
                && configuration
                        .get()
                        .childElement("proc")
                        .map(p -> p.textContentTrimmed().equals("none"))
                        .orElse(false)) {
            warnings.add(
                    "maven-compiler-plugin has <proc>none</proc>: no annotation processor runs, so no entity snapshot is written. Remove it.");
        }
    }

    /** {@code <arg>-Aretort.naming=…</arg>} in the compiler's {@code compilerArgs}; the compiler has a configuration by now. */
    private void setNaming(String option, String why) throws DomTripException {
        String arg = "-Aretort.naming=" + option;
        Element configuration =
                compiler().orElseThrow().childElement("configuration").orElseThrow();
        Optional<Element> args = configuration.childElement("compilerArgs");
        if (args.isEmpty()) {
            append(append(configuration, "compilerArgs"), "arg", arg);
            changes.add("set " + arg + " in maven-compiler-plugin's compilerArgs (" + why + ")");
            return;
        }
        List<Element> set = args.get()
                .childElements("arg")
                .filter(a -> a.textContentTrimmed().startsWith("-Aretort.naming"))
                .toList();
        if (set.isEmpty()) {
            append(args.get(), "arg", arg);
            changes.add("set " + arg + " in maven-compiler-plugin's compilerArgs (" + why + ")");
            return;
        }
        Element first = set.get(0);
        String was = first.textContentTrimmed();
        if (was.equals(arg) && set.size() == 1) {
            return;
        }
        if (set.size() > 1) {
            warnings.add("maven-compiler-plugin's compilerArgs set -Aretort.naming " + set.size()
                    + " times; only the first was changed: " + "remove the others");
        }
        if (!was.equals(arg)) {
            first.textContent(arg);
            changes.add("changed " + was + " to " + arg + " in maven-compiler-plugin's compilerArgs (" + why + ")");
        }
    }

    private Optional<Element> compiler() throws DomTripException {
        return plugins()
                .childElements("plugin")
                .filter(p -> is(p, "org.apache.maven.plugins", "maven-compiler-plugin"))
                .findFirst();
    }

    private void noteClasspathProcessors(List<Coordinates> processors) {
        if (!processors.isEmpty()) {
            changes.add(
                    "listed the processors the build found on the classpath so far in annotationProcessorPaths too: "
                            + processors.stream()
                                    .map(c -> c.groupId() + ":" + c.artifactId())
                                    .toList()
                            + " (declaring processor paths turns classpath discovery off)");
        }
    }

    private void pathsWith(Element paths, String version, List<Coordinates> classpathProcessors)
            throws DomTripException {
        artifact(paths, "path", GROUP, "metadata-processor", version);
        for (Coordinates c : classpathProcessors) {
            artifact(paths, "path", c.groupId(), c.artifactId(), c.version());
        }
    }

    /** project/build/plugins, created when missing. */
    private Element plugins() throws DomTripException {
        Optional<Element> build = project.childElement("build");
        if (build.isEmpty()) {
            return append(append(project, "build"), "plugins");
        }
        Optional<Element> plugins = build.get().childElement("plugins");
        return plugins.isPresent() ? plugins.get() : append(build.get(), "plugins");
    }

    private static boolean is(Element e, String groupId, String artifactId) {
        String g = e.childElement("groupId").map(Element::textContentTrimmed).orElse("org.apache.maven.plugins");
        return e.childElement("artifactId")
                        .map(a -> a.textContentTrimmed().equals(artifactId))
                        .orElse(false)
                && g.equals(groupId);
    }

    /** A new last child element: after the parent's last child element, so a comment closing the parent stays last. */
    private Element append(Element parent, String name) throws DomTripException {
        List<Element> children = parent.childElements().toList();
        return children.isEmpty()
                ? editor.addElement(parent, name)
                : editor.insertElementAfter(children.get(children.size() - 1), name);
    }

    private Element append(Element parent, String name, String text) throws DomTripException {
        Element e = append(parent, name);
        editor.setTextContent(e, text);
        return e;
    }

    /** Appends {@code <element>} with groupId, artifactId and version to {@code parent}. */
    private void artifact(Element parent, String element, String groupId, String artifactId, String version)
            throws DomTripException {
        Element e = append(parent, element);
        append(e, "groupId", groupId);
        append(e, "artifactId", artifactId);
        append(e, "version", version);
    }
}

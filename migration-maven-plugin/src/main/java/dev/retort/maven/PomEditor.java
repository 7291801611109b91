package dev.retort.maven;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Adds Retort to a POM as text, so everything else in the file (comments, blank lines, attribute
 * order, the user's indentation) stays byte for byte: a small scanner finds the elements, and new
 * elements are inserted after the last child of their parent, indented like the file. Each change
 * is made only when missing, so a second run changes nothing.
 */
final class PomEditor {

    static final String GROUP = "dev.retort";

    /** A Maven artifact, for processor paths. */
    record Coordinates(String groupId, String artifactId, String version) {
    }

    /** The edited POM and one line per change; no changes means the text is unchanged. */
    record Result(String text, List<String> changes, List<String> warnings) {
    }

    private String text;
    private final String unit;
    private final List<String> changes = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    private PomEditor(String text) {
        this.text = text;
        this.unit = indentUnit(Element.parse(text));
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
    static Result edit(String pom, String version, List<Coordinates> classpathProcessors, String namingOption, String why) {
        PomEditor e = new PomEditor(pom);
        e.addDependency(version);
        e.addProcessor(version, classpathProcessors);
        if (namingOption != null) {
            e.setNaming(namingOption, why);
        }
        e.addPlugin(version);
        return new Result(e.text, List.copyOf(e.changes), List.copyOf(e.warnings));
    }

    private Element project() {
        Element root = Element.parse(text);
        if (!root.name.equals("project")) {
            throw new IllegalArgumentException("not a POM: the root element is <" + root.name + ">");
        }
        return root;
    }

    private void addDependency(String version) {
        Element project = project();
        Optional<Element> deps = project.child("dependencies");
        if (deps.isPresent() && deps.get().children("dependency").stream().anyMatch(d -> is(d, GROUP, "migration-api"))) {
            return;
        }
        String dependency = artifact("dependency", GROUP, "migration-api", version);
        if (deps.isPresent()) {
            append(deps.get(), dependency);
        } else {
            String block = "<dependencies>\n" + indent(dependency, 1) + "\n</dependencies>";
            Optional<Element> build = project.child("build");
            if (build.isPresent()) {
                insertBefore(build.get(), block);
            } else {
                append(project, block);
            }
        }
        changes.add("added dependency " + GROUP + ":migration-api:" + version + " (what migrations compile against)");
    }

    private void addPlugin(String version) {
        Element plugins = plugins();
        if (plugins.children("plugin").stream().anyMatch(p -> is(p, GROUP, "migration-maven-plugin"))) {
            return;
        }
        append(plugins, artifact("plugin", GROUP, "migration-maven-plugin", version));
        changes.add("added plugin " + GROUP + ":migration-maven-plugin:" + version + " (the migrate:* goals)");
    }

    private void addProcessor(String version, List<Coordinates> classpathProcessors) {
        Element plugins = plugins();
        Optional<Element> compiler = plugins.children("plugin").stream()
                .filter(p -> is(p, "org.apache.maven.plugins", "maven-compiler-plugin")).findFirst();
        String path = artifact("path", GROUP, "metadata-processor", version);
        if (compiler.isEmpty()) {
            String paths = "<annotationProcessorPaths>\n" + indent(pathsWith(path, classpathProcessors), 1) + "\n</annotationProcessorPaths>";
            append(plugins, "<plugin>\n" + unit + "<artifactId>maven-compiler-plugin</artifactId>\n" + unit + "<configuration>\n"
                    + indent(paths, 2) + "\n" + unit + "</configuration>\n</plugin>");
            changes.add("added maven-compiler-plugin with " + GROUP + ":metadata-processor in annotationProcessorPaths (writes the entity snapshot)");
            noteClasspathProcessors(classpathProcessors);
            return;
        }
        Optional<Element> configuration = compiler.get().child("configuration");
        Optional<Element> paths = configuration.flatMap(c -> c.child("annotationProcessorPaths"));
        if (paths.isPresent()) {
            if (paths.get().children("path").stream().anyMatch(p -> is(p, GROUP, "metadata-processor"))) {
                return;
            }
            append(paths.get(), path);
            changes.add("added " + GROUP + ":metadata-processor to maven-compiler-plugin's annotationProcessorPaths");
            return;
        }
        String block = "<annotationProcessorPaths>\n" + indent(pathsWith(path, classpathProcessors), 1) + "\n</annotationProcessorPaths>";
        if (configuration.isPresent()) {
            append(configuration.get(), block);
        } else {
            append(compiler.get(), "<configuration>\n" + indent(block, 1) + "\n</configuration>");
        }
        changes.add("added annotationProcessorPaths with " + GROUP + ":metadata-processor to maven-compiler-plugin");
        noteClasspathProcessors(classpathProcessors);
        if (configuration.isPresent() && (configuration.get().child("proc").map(p -> p.text(text).trim().equals("none")).orElse(false))) {
            warnings.add("maven-compiler-plugin has <proc>none</proc>: no annotation processor runs, so no entity snapshot is written. Remove it.");
        }
    }

    /** {@code <arg>-Aretort.naming=…</arg>} in the compiler's {@code compilerArgs}; the compiler has a configuration by now. */
    private void setNaming(String option, String why) {
        String arg = "-Aretort.naming=" + option;
        Element configuration = compiler().orElseThrow().child("configuration").orElseThrow();
        Optional<Element> args = configuration.child("compilerArgs");
        if (args.isEmpty()) {
            append(configuration, "<compilerArgs>\n" + unit + "<arg>" + arg + "</arg>\n</compilerArgs>");
            changes.add("set " + arg + " in maven-compiler-plugin's compilerArgs (" + why + ")");
            return;
        }
        List<Element> set = args.get().children("arg").stream().filter(a -> a.text(text).trim().startsWith("-Aretort.naming")).toList();
        if (set.isEmpty()) {
            append(args.get(), "<arg>" + arg + "</arg>");
            changes.add("set " + arg + " in maven-compiler-plugin's compilerArgs (" + why + ")");
            return;
        }
        Element first = set.get(0);
        String was = first.text(text).trim();
        if (was.equals(arg) && set.size() == 1) {
            return;
        }
        if (set.size() > 1) {
            warnings.add("maven-compiler-plugin's compilerArgs set -Aretort.naming " + set.size() + " times; only the first was changed: "
                    + "remove the others");
        }
        if (!was.equals(arg)) {
            text = text.substring(0, first.startTagEnd) + arg + text.substring(first.endTagStart);
            changes.add("changed " + was + " to " + arg + " in maven-compiler-plugin's compilerArgs (" + why + ")");
        }
    }

    private Optional<Element> compiler() {
        return plugins().children("plugin").stream().filter(p -> is(p, "org.apache.maven.plugins", "maven-compiler-plugin")).findFirst();
    }

    private void noteClasspathProcessors(List<Coordinates> processors) {
        if (!processors.isEmpty()) {
            changes.add("listed the processors the build found on the classpath so far in annotationProcessorPaths too: "
                    + processors.stream().map(c -> c.groupId() + ":" + c.artifactId()).toList()
                    + " (declaring processor paths turns classpath discovery off)");
        }
    }

    private String pathsWith(String retortPath, List<Coordinates> classpathProcessors) {
        StringBuilder b = new StringBuilder(retortPath);
        for (Coordinates c : classpathProcessors) {
            b.append('\n').append(artifact("path", c.groupId(), c.artifactId(), c.version()));
        }
        return b.toString();
    }

    /** project/build/plugins, created when missing. */
    private Element plugins() {
        Element project = project();
        Optional<Element> build = project.child("build");
        if (build.isEmpty()) {
            append(project, "<build>\n" + unit + "<plugins>\n" + unit + "</plugins>\n</build>");
            return project().child("build").orElseThrow().child("plugins").orElseThrow();
        }
        Optional<Element> plugins = build.get().child("plugins");
        if (plugins.isEmpty()) {
            append(build.get(), "<plugins>\n</plugins>");
            return project().child("build").orElseThrow().child("plugins").orElseThrow();
        }
        return plugins.get();
    }

    private static boolean is(Element e, String groupId, String artifactId) {
        String text = e.source;
        String g = e.child("groupId").map(x -> x.text(text).trim()).orElse("org.apache.maven.plugins");
        return e.child("artifactId").map(a -> a.text(text).trim().equals(artifactId)).orElse(false) && g.equals(groupId);
    }

    private String artifact(String element, String groupId, String artifactId, String version) {
        return "<" + element + ">\n" + unit + "<groupId>" + groupId + "</groupId>\n" + unit + "<artifactId>" + artifactId
                + "</artifactId>\n" + unit + "<version>" + version + "</version>\n</" + element + ">";
    }

    private String indent(String block, int depth) {
        String prefix = unit.repeat(depth);
        return String.join("\n", block.lines().map(l -> l.isEmpty() ? l : prefix + l).toList());
    }

    /** Inserts {@code block} as the last child of {@code parent}, one unit deeper than the parent's line. */
    private void append(Element parent, String block) {
        String parentIndent = lineIndent(parent.start);
        String childIndent = parentIndent + unit;
        if (parent.selfClosing) {
            String open = text.substring(parent.start, parent.startTagEnd - 2).stripTrailing() + ">";
            text = text.substring(0, parent.start) + open + "\n" + prefixed(block, childIndent) + "\n" + parentIndent
                    + "</" + parent.name + ">" + text.substring(parent.startTagEnd);
            return;
        }
        int at = parent.children.isEmpty() ? parent.startTagEnd : parent.children.get(parent.children.size() - 1).end;
        String insertion = "\n" + prefixed(block, childIndent);
        if (parent.children.isEmpty() && !text.substring(parent.startTagEnd, parent.endTagStart).contains("\n")) {
            insertion += "\n" + parentIndent;
        }
        text = text.substring(0, at) + insertion + text.substring(at);
    }

    /** Inserts {@code block} on its own lines just before {@code sibling}, at its indentation, with a blank line between. */
    private void insertBefore(Element sibling, String block) {
        int lineStart = text.lastIndexOf('\n', sibling.start - 1) + 1;
        boolean ownLine = text.substring(lineStart, sibling.start).isBlank();
        String indent = ownLine ? text.substring(lineStart, sibling.start) : "";
        int at = ownLine ? lineStart : sibling.start;
        text = text.substring(0, at) + prefixed(block, indent) + "\n\n" + (ownLine ? "" : indent) + text.substring(at);
    }

    private static String prefixed(String block, String prefix) {
        return String.join("\n", block.lines().map(l -> l.isEmpty() ? l : prefix + l).toList());
    }

    private String lineIndent(int pos) {
        int lineStart = text.lastIndexOf('\n', pos - 1) + 1;
        String before = text.substring(lineStart, pos);
        return before.isBlank() ? before : "";
    }

    /** The file's indentation unit: the whitespace before the root's first child, two spaces if none. */
    private static String indentUnit(Element root) {
        if (root.children.isEmpty()) {
            return "  ";
        }
        String s = root.source;
        int pos = root.children.get(0).start;
        int lineStart = s.lastIndexOf('\n', pos - 1) + 1;
        String ws = s.substring(lineStart, pos);
        return ws.isBlank() && !ws.isEmpty() ? ws : "  ";
    }

    /** An element of the scanned text: offsets of its tags and its child elements. */
    static final class Element {
        final String source;
        final String name;
        final int start;
        final int startTagEnd;
        int endTagStart;
        int end;
        boolean selfClosing;
        final List<Element> children = new ArrayList<>();

        private Element(String source, String name, int start, int startTagEnd) {
            this.source = source;
            this.name = name;
            this.start = start;
            this.startTagEnd = startTagEnd;
        }

        Optional<Element> child(String childName) {
            return children.stream().filter(c -> c.name.equals(childName)).findFirst();
        }

        List<Element> children(String childName) {
            return children.stream().filter(c -> c.name.equals(childName)).toList();
        }

        String text(String s) {
            return selfClosing ? "" : s.substring(startTagEnd, endTagStart);
        }

        /** The root element; comments, processing instructions, CDATA and DOCTYPE are skipped. */
        static Element parse(String s) {
            List<Element> stack = new ArrayList<>();
            Element root = null;
            int i = 0;
            while (i < s.length()) {
                int lt = s.indexOf('<', i);
                if (lt < 0) {
                    break;
                }
                if (s.startsWith("<!--", lt)) {
                    i = end(s, s.indexOf("-->", lt + 4), 3, "comment");
                } else if (s.startsWith("<![CDATA[", lt)) {
                    i = end(s, s.indexOf("]]>", lt), 3, "CDATA section");
                } else if (s.startsWith("<?", lt)) {
                    i = end(s, s.indexOf("?>", lt), 2, "processing instruction");
                } else if (s.startsWith("<!", lt)) {
                    i = end(s, s.indexOf('>', lt), 1, "declaration");
                } else if (s.startsWith("</", lt)) {
                    int gt = end(s, s.indexOf('>', lt), 1, "end tag");
                    Element open = stack.remove(stack.size() - 1);
                    open.endTagStart = lt;
                    open.end = gt;
                    i = gt;
                } else {
                    int gt = tagEnd(s, lt);
                    int nameEnd = lt + 1;
                    while (nameEnd < gt && !Character.isWhitespace(s.charAt(nameEnd)) && s.charAt(nameEnd) != '/' && s.charAt(nameEnd) != '>') {
                        nameEnd++;
                    }
                    Element e = new Element(s, s.substring(lt + 1, nameEnd), lt, gt);
                    if (!stack.isEmpty()) {
                        stack.get(stack.size() - 1).children.add(e);
                    } else if (root == null) {
                        root = e;
                    }
                    if (s.charAt(gt - 2) == '/') {
                        e.selfClosing = true;
                        e.endTagStart = gt;
                        e.end = gt;
                    } else {
                        stack.add(e);
                    }
                    i = gt;
                }
            }
            if (root == null || !stack.isEmpty()) {
                throw new IllegalArgumentException("the POM is not well-formed XML");
            }
            return root;
        }

        private static int tagEnd(String s, int lt) {
            char quote = 0;
            for (int i = lt + 1; i < s.length(); i++) {
                char c = s.charAt(i);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == '>') {
                    return i + 1;
                }
            }
            throw new IllegalArgumentException("the POM is not well-formed XML: a tag is not closed");
        }

        private static int end(String s, int found, int length, String what) {
            if (found < 0) {
                throw new IllegalArgumentException("the POM is not well-formed XML: a " + what + " is not closed");
            }
            return found + length;
        }
    }
}

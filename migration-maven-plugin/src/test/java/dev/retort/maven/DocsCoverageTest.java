package dev.retort.maven;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hand-written goal and property pages keep up with the plugin: the plugin descriptor (built
 * from the mojos' annotations and Javadoc, what {@code mvn help:describe} shows) is the source, and
 * every goal it lists needs a section in {@code docs/goals.md}, every user property a row in
 * {@code docs/configuration.md}.
 */
class DocsCoverageTest {

    static final Path BASEDIR = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();

    static String read(Path p) throws Exception {
        assertTrue(Files.isRegularFile(p), "no " + p);
        return Files.readString(p);
    }

    static String descriptor() throws Exception {
        return read(BASEDIR.resolve("target/classes/META-INF/maven/plugin.xml"));
    }

    static TreeSet<String> all(Pattern p, String text) {
        TreeSet<String> found = new TreeSet<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void everyGoalHasASection() throws Exception {
        TreeSet<String> goals = all(Pattern.compile("<goal>([a-z]+)</goal>"), descriptor());
        goals.remove("help");
        assertTrue(goals.containsAll(List.of("generate", "upgrade", "downgrade", "init")), goals.toString());
        String page = read(BASEDIR.resolve("../docs/goals.md").normalize());
        List<String> missing = goals.stream()
                .filter(g -> !page.contains("<a id=\"" + g + "\"></a>") || !page.contains("`migrate:" + g + "`"))
                .toList();
        assertEquals(List.of(), missing, "goals without <a id=\"goal\"></a> and a mention in docs/goals.md");
    }

    @Test
    void everyPropertyHasARow() throws Exception {
        TreeSet<String> properties = all(Pattern.compile("\\$\\{(migrate\\.[A-Za-z.]+)}"), descriptor());
        assertTrue(properties.containsAll(List.of("migrate.target", "migrate.safety")), properties.toString());
        // read by Retort itself, not injected by Maven (so that -X cannot print them): no ${...} in the descriptor
        properties.add(ConnectionSettings.URL);
        properties.add(ConnectionSettings.PASSWORD);
        String page = read(BASEDIR.resolve("../docs/configuration.md").normalize());
        String table = page.substring(page.indexOf("<a id=\"properties\"></a>"));
        List<String> missing =
                properties.stream().filter(p -> !table.contains("`" + p + "`")).toList();
        assertEquals(List.of(), missing, "properties without a row in the table of docs/configuration.md");
    }
}

package dev.retort.maven;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.maven.plugin.MojoFailureException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads a Spring Boot configuration file ({@code application*.properties|yml|yaml}) into flat
 * {@code a.b.c -> value} keys, for the two readers of those files: the data source settings
 * ({@link SpringDataSource}) and the naming strategy ({@link ApplicationNaming}).
 */
final class SpringFiles {

    private SpringFiles() {
    }

    /** The keys of a properties file, values trimmed. {@code shown} names the file in errors. */
    static Map<String, String> properties(Path file, String shown) throws MojoFailureException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new MojoFailureException("Cannot read " + shown + ": " + e.getMessage(), e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k).trim()));
        return out;
    }

    /** Each document of a YAML file, flattened; lists are left out. */
    static List<Map<String, String>> yamlDocuments(Path file, String shown) throws MojoFailureException {
        List<Map<String, String>> documents = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(in)) {
                Map<String, String> flat = new LinkedHashMap<>();
                flatten("", doc, flat);
                documents.add(flat);
            }
        } catch (IOException | RuntimeException e) {
            throw new MojoFailureException("Cannot read " + shown + " as YAML: " + e.getMessage(), e);
        }
        return documents;
    }

    /** The profiles a YAML document is activated by ({@code spring.config.activate.on-profile}, formerly {@code spring.profiles}), or null. */
    static String profileCondition(Map<String, String> document) {
        for (String key : List.of("spring.config.activate.on-profile", "spring.profiles")) {
            String v = document.get(key);
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    /** A file as the user would name it: relative to the project's base directory where possible. */
    static String display(Path basedir, Path file) {
        try {
            return basedir == null ? file.toString() : basedir.toAbsolutePath().relativize(file.toAbsolutePath()).toString();
        } catch (IllegalArgumentException e) {
            return file.toString();
        }
    }

    private static void flatten(String prefix, Object node, Map<String, String> out) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, out));
        } else if (node != null && !(node instanceof List<?>) && !prefix.isEmpty()) {
            out.put(prefix, String.valueOf(node).trim());
        }
    }
}

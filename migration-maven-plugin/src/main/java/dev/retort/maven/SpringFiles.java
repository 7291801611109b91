package dev.retort.maven;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.maven.plugin.MojoFailureException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a Spring Boot configuration file ({@code application*.properties|yml|yaml}) into flat
 * {@code a.b.c -> value} keys, for the two readers of those files: the data source settings
 * ({@link SpringDataSource}) and the naming strategy ({@link ApplicationNaming}).
 */
final class SpringFiles {

    private SpringFiles() {}

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

    /**
     * Each document of a YAML file, flattened; list items as {@code key[0]}, {@code key[1]}, as Spring
     * Boot names them. Maven filter tokens ({@code @project.version@}, the delimiter of
     * spring-boot-starter-parent's resource filtering) make the source file invalid YAML where they
     * start a value, though the filtered file is fine: they are read as if quoted, and kept as written.
     */
    static List<Map<String, String>> yamlDocuments(Path file, String shown) throws MojoFailureException {
        List<Map<String, String>> documents = new ArrayList<>();
        try {
            String text = FILTER_TOKEN
                    .matcher(Files.readString(file, StandardCharsets.UTF_8))
                    .replaceAll(TOKEN_OPEN + "$1" + TOKEN_CLOSE);
            for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text)) {
                Map<String, String> flat = new LinkedHashMap<>();
                flatten("", doc, flat);
                flat.replaceAll((k, v) -> PLACED_TOKEN.matcher(v).replaceAll("@$1@"));
                documents.add(flat);
            }
        } catch (MarkedYAMLException e) {
            // its message quotes the offending line, which may hold a password: say where, and what, only
            Mark mark = e.getProblemMark();
            throw new MojoFailureException("Cannot read " + shown + " as YAML"
                    + (mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1))
                    + ": " + e.getProblem());
        } catch (IOException | RuntimeException e) {
            throw new MojoFailureException(
                    "Cannot read " + shown + " as YAML: " + e.getClass().getSimpleName());
        }
        return documents;
    }

    /** A Maven filter token with the {@code @} delimiter: {@code @project.version@}. */
    static final Pattern FILTER_TOKEN = Pattern.compile("@([\\w.-]+)@");

    private static final String TOKEN_OPEN = "retort-filter-token--";
    private static final String TOKEN_CLOSE = "~~";
    private static final Pattern PLACED_TOKEN = Pattern.compile(TOKEN_OPEN + "([\\w.-]+)" + TOKEN_CLOSE);

    /**
     * The profile condition of a YAML document ({@code spring.config.activate.on-profile}, formerly
     * {@code spring.profiles}), or null.
     *
     * @param written     the condition as the file writes it ({@code [a, b]} for a list)
     * @param expressions its profile expressions, any of which activates the document: the list's
     *                    items, or the comma-separated parts of a string
     */
    record ProfileCondition(String written, List<String> expressions) {}

    /** The document's profile condition, or null when it has none (the document applies to every profile). */
    static ProfileCondition profileCondition(Map<String, String> document) {
        for (String key : List.of("spring.config.activate.on-profile", "spring.profiles")) {
            String v = document.get(key);
            if (v != null && !v.isBlank()) {
                List<String> parts = List.of(v.split(",")).stream()
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList();
                return new ProfileCondition(v.trim(), parts);
            }
            List<String> items = new ArrayList<>();
            for (int i = 0; document.containsKey(key + "[" + i + "]"); i++) {
                String item = document.get(key + "[" + i + "]").trim();
                if (!item.isEmpty()) {
                    items.add(item);
                }
            }
            if (!items.isEmpty()) {
                return new ProfileCondition("[" + String.join(", ", items) + "]", List.copyOf(items));
            }
        }
        return null;
    }

    /** {@code ${NAME}} or {@code ${NAME:default}}. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)(?::([^}]*))?}");

    /** A {@code ${NAME}} that is set nowhere and has no default. */
    static final class UnresolvedPlaceholder extends Exception {
        private static final long serialVersionUID = 1L;
        final String name;

        UnresolvedPlaceholder(String name) {
            super("${" + name + "}");
            this.name = name;
        }
    }

    /**
     * {@code value} with its {@code ${NAME:default}} placeholders resolved as Spring resolves them:
     * {@code lookup} (see {@link #lookup}) when it knows the name, else the default.
     *
     * @throws UnresolvedPlaceholder for a {@code ${NAME}} that {@code lookup} does not know and that has no default
     */
    static String resolvePlaceholders(String value, Function<String, String> lookup) throws UnresolvedPlaceholder {
        for (int depth = 0; depth < 10 && value != null && value.contains("${"); depth++) {
            Matcher m = PLACEHOLDER.matcher(value);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String replacement = lookup.apply(m.group(1).trim());
                if (replacement == null) {
                    replacement = m.group(2);
                }
                if (replacement == null) {
                    throw new UnresolvedPlaceholder(m.group(1));
                }
                m.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            m.appendTail(out);
            value = out.toString();
        }
        return value;
    }

    /**
     * The value of a placeholder's name: the {@code -D} property, then the environment variable of that
     * name or of its upper-case form ({@code spring.naming -> SPRING_NAMING}), then {@code files}.
     */
    static Function<String, String> lookup(
            Properties userProperties, Map<String, String> env, Map<String, String> files) {
        return name -> {
            String v = userProperties.getProperty(name);
            if (v == null) {
                v = env.get(name);
            }
            if (v == null) {
                v = env.get(name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
            }
            return v != null ? v : files.get(name);
        };
    }

    /** A file as the user would name it: relative to the project's base directory where possible. */
    static String display(Path basedir, Path file) {
        try {
            return basedir == null
                    ? file.toString()
                    : basedir.toAbsolutePath().relativize(file.toAbsolutePath()).toString();
        } catch (IllegalArgumentException e) {
            return file.toString();
        }
    }

    private static void flatten(String prefix, Object node, Map<String, String> out) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, out));
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + "[" + i + "]", list.get(i), out);
            }
        } else if (node != null && !prefix.isEmpty()) {
            out.put(prefix, String.valueOf(node).trim());
        }
    }
}

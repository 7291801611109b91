package dev.retort.maven;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.apache.maven.plugin.MojoFailureException;

/**
 * The {@code spring.datasource.*} settings of a Spring Boot project, read as Spring Boot reads
 * them: {@code application.properties|yml|yaml} in the resource directories, then
 * {@code application-<profile>.*} for each active profile (later profiles win), a
 * {@code .properties} file over a YAML one at the same level, and the environment variables
 * {@code SPRING_DATASOURCE_URL|USERNAME|PASSWORD} over every file. Active profiles come from
 * {@code -Dspring.profiles.active}, {@code SPRING_PROFILES_ACTIVE} or the base files.
 * {@code ${NAME:default}} placeholders resolve against -D properties, the environment and the files.
 *
 * @param url      the data source URL, or null
 * @param origin   where each found key came from ({@code src/main/resources/application.yml}), by key
 */
record SpringDataSource(String url, String username, String password, Map<String, String> origin) {

    static final String URL = "spring.datasource.url";
    static final String USERNAME = "spring.datasource.username";
    static final String PASSWORD = "spring.datasource.password";

    /** Reads the settings; {@code null} when no file or variable sets {@code spring.datasource.url}. */
    static SpringDataSource read(
            List<Path> resourceDirs, Path basedir, Properties userProperties, Map<String, String> env)
            throws MojoFailureException {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> origin = new LinkedHashMap<>();
        for (Path dir : resourceDirs) {
            load(dir, "application", null, values, origin, basedir);
        }
        String profiles = firstNonBlank(
                userProperties.getProperty("spring.profiles.active"),
                env.get("SPRING_PROFILES_ACTIVE"),
                values.get("spring.profiles.active"));
        List<String> active = profiles == null
                ? List.of()
                : List.of(profiles.split(",")).stream()
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList();
        for (String profile : active) {
            for (Path dir : resourceDirs) {
                load(dir, "application-" + profile, null, values, origin, basedir);
            }
        }
        // profile sections inside the base YAML files (spring.config.activate.on-profile)
        for (String profile : active) {
            for (Path dir : resourceDirs) {
                load(dir, "application", profile, values, origin, basedir);
            }
        }
        for (String key : List.of(URL, USERNAME, PASSWORD)) {
            String var = key.toUpperCase(Locale.ROOT).replace('.', '_');
            if (env.containsKey(var)) {
                values.put(key, env.get(var));
                origin.put(key, "environment variable " + var);
            }
        }
        if (values.get(URL) == null || values.get(URL).isBlank()) {
            return null;
        }
        Function<String, String> lookup = SpringFiles.lookup(userProperties, env, values);
        return new SpringDataSource(
                resolve(URL, values, origin, lookup),
                resolve(USERNAME, values, origin, lookup),
                resolve(PASSWORD, values, origin, lookup),
                Map.copyOf(origin));
    }

    private static String resolve(
            String key, Map<String, String> values, Map<String, String> origin, Function<String, String> lookup)
            throws MojoFailureException {
        String value = values.get(key);
        if (value == null) {
            return null;
        }
        try {
            return SpringFiles.resolvePlaceholders(value, lookup);
        } catch (SpringFiles.UnresolvedPlaceholder e) {
            throw new MojoFailureException(key + " in " + origin.get(key) + " uses ${" + e.name
                    + "}, which is set nowhere (no -D property, environment variable or Spring property of that name) "
                    + "and has no default; set it, or give Retort the database with -Dmigrate.url");
        }
    }

    /** Loads YAML then properties of one file name, so properties win, as in Spring Boot. */
    private static void load(
            Path dir,
            String name,
            String onProfile,
            Map<String, String> values,
            Map<String, String> origin,
            Path basedir)
            throws MojoFailureException {
        for (String ext : List.of("yaml", "yml", "properties")) {
            Path file = dir.resolve(name + "." + ext);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            if (ext.equals("properties") && onProfile != null) {
                continue;
            }
            String shown = SpringFiles.display(basedir, file);
            Map<String, String> read =
                    ext.equals("properties") ? SpringFiles.properties(file, shown) : yaml(file, shown, onProfile);
            read.forEach((k, v) -> {
                values.put(k, v);
                origin.put(k, shown);
            });
        }
    }

    /**
     * The flattened keys of a YAML file: documents without a profile condition when {@code onProfile}
     * is null, otherwise only the documents activated by that profile.
     */
    private static Map<String, String> yaml(Path file, String shown, String onProfile) throws MojoFailureException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map<String, String> doc : SpringFiles.yamlDocuments(file, shown)) {
            SpringFiles.ProfileCondition condition = SpringFiles.profileCondition(doc);
            boolean matches = onProfile == null
                    ? condition == null
                    : condition != null && condition.expressions().stream().anyMatch(onProfile::equals);
            if (matches) {
                out.putAll(doc);
            }
        }
        return out;
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }
}

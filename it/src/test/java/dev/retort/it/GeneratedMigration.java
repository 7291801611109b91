package dev.retort.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A migration class written by {@code migrate:generate}, read back from its source: file name,
 * and the {@code @Revision(id, parents, message)} it declares.
 *
 * @param file    the source file
 * @param source  its text
 * @param id      {@code @Revision(id)}
 * @param parents {@code @Revision(parents)}, empty for the first revision
 * @param message {@code @Revision(message)}, empty when absent
 */
public record GeneratedMigration(Path file, String source, String id, List<String> parents, String message) {

    /** {@code V<yyyyMMdd_HHmm>__<CamelCaseMessage>.java}. */
    public static final Pattern FILE_NAME = Pattern.compile("V(\\d{8})_(\\d{4})__([A-Z][A-Za-z0-9]*)\\.java");

    private static final Pattern REVISION = Pattern.compile("@(?:dev\\.retort\\.migration\\.)?Revision\\s*\\(");
    private static final String STRING = "\"((?:[^\"\\\\]|\\\\.)*)\"";

    /** Every {@code .java} file directly in {@code dir}, sorted by file name; none when it does not exist. */
    public static List<GeneratedMigration> in(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<GeneratedMigration> migrations = new ArrayList<>();
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".java"))
                    .sorted()
                    .toList()) {
                migrations.add(read(file));
            }
            return migrations;
        }
    }

    /** Reads one migration; fails if it declares no {@code @Revision} with an id. */
    public static GeneratedMigration read(Path file) throws IOException {
        String source = Files.readString(file, StandardCharsets.UTF_8);
        String annotation = revisionArguments(source);
        if (annotation == null) {
            throw new AssertionError(file + " has no @Revision(...)");
        }
        Matcher id = Pattern.compile("\\bid\\s*=\\s*" + STRING).matcher(annotation);
        if (!id.find()) {
            throw new AssertionError(file + ": @Revision(" + annotation + ") names no id");
        }
        Matcher message = Pattern.compile("\\bmessage\\s*=\\s*" + STRING).matcher(annotation);
        List<String> parents = new ArrayList<>();
        Matcher parentsValue =
                Pattern.compile("\\bparents\\s*=\\s*(\\{[^}]*}|" + STRING + ")").matcher(annotation);
        if (parentsValue.find()) {
            Matcher each = Pattern.compile(STRING).matcher(parentsValue.group(1));
            while (each.find()) {
                parents.add(unescape(each.group(1)));
            }
        }
        return new GeneratedMigration(
                file,
                source,
                unescape(id.group(1)),
                List.copyOf(parents),
                message.find() ? unescape(message.group(1)) : "");
    }

    /** The file name without {@code .java}: the class name. */
    public String className() {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".java".length());
    }

    /** Whether the file name follows {@code V<yyyyMMdd_HHmm>__<suffix>.java}. */
    public boolean isNamed(String camelCaseMessage) {
        Matcher m = FILE_NAME.matcher(file.getFileName().toString());
        return m.matches() && m.group(3).equals(camelCaseMessage);
    }

    /** The text between the parentheses of {@code @Revision(...)}, string literals skipped over; null if absent. */
    private static String revisionArguments(String source) {
        Matcher m = REVISION.matcher(source);
        if (!m.find()) {
            return null;
        }
        int depth = 1;
        boolean inString = false;
        for (int i = m.end(); i < source.length(); i++) {
            char c = source.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return source.substring(m.end(), i);
            }
        }
        return null;
    }

    private static String unescape(String literal) {
        return literal.replace("\\\"", "\"").replace("\\\\", "\\");
    }
}

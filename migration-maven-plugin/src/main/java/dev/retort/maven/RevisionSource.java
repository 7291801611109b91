package dev.retort.maven;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.maven.plugin.MojoFailureException;

/**
 * Edits the {@code @Revision} annotation of a migration source in place, touching nothing else:
 * the checksum of a revision covers its operations only, so a database that ran it keeps matching.
 */
final class RevisionSource {

    private static final Pattern REVISION = Pattern.compile("@(?:[\\w.]*\\.)?Revision\\s*\\(");
    private static final Pattern PARENTS = Pattern.compile("parents\\s*=\\s*(\\{[^}]*}|\"(?:[^\"\\\\]|\\\\.)*\")");

    private RevisionSource() {}

    /** The source with {@code @Revision(parents)} set to {@code parents}. */
    static String withParents(Path file, String source, List<String> parents) throws MojoFailureException {
        Matcher start = REVISION.matcher(source);
        if (!start.find()) {
            throw cannot(file, "it has no @Revision annotation");
        }
        int end = closing(source, start.end());
        if (end < 0) {
            throw cannot(file, "its @Revision annotation does not end");
        }
        String annotation = source.substring(start.end(), end);
        Matcher p = PARENTS.matcher(annotation);
        if (!p.find()) {
            throw cannot(file, "its @Revision(parents) is not a string literal or an array of them");
        }
        String value = parents.size() == 1
                ? quote(parents.get(0))
                : parents.stream().map(RevisionSource::quote).collect(Collectors.joining(", ", "{", "}"));
        return source.substring(0, start.end() + p.start(1)) + value + source.substring(start.end() + p.end(1));
    }

    /** The index of the parenthesis that closes the one opened before {@code from}, skipping string literals. */
    private static int closing(String s, int from) {
        int depth = 1;
        boolean quoted = false;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static String quote(String id) {
        return "\"" + id.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static MojoFailureException cannot(Path file, String why) {
        return new MojoFailureException(
                "Cannot re-parent " + file + " onto the squash baseline: " + why
                        + ". Set its @Revision(parents) by hand after the squash, or fix the source first; nothing was written.");
    }
}

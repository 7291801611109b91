package dev.retort.core.db;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Whether the tests of {@code migrate.onlineCopy.engine=pt-osc} can run: they need Percona
 * Toolkit's pt-online-schema-change on the PATH, which CI machines do not have. When it is there
 * they run in {@code verify}. When it is missing they do not pass quietly: a warning line says
 * which tests did not run and why, and {@code -Dretort.test.ptosc=required} turns the absence into
 * a failure (for the machines where the engine must be proven).
 */
public final class PtOscTool {

    public static final String PROPERTY = "retort.test.ptosc";

    private PtOscTool() {}

    /** Call from {@code @BeforeAll}: returns when the tool is there; fails or aborts the class loudly otherwise. */
    public static void require(String tests) {
        if (find() != null) {
            return;
        }
        String message = "pt-online-schema-change is not on the PATH, so " + tests
                + " did NOT run. Install the Debian package percona-toolkit to run them; -D" + PROPERTY
                + "=required makes its absence a failure.";
        if ("required".equalsIgnoreCase(System.getProperty(PROPERTY, ""))) {
            Assertions.fail(message + " (" + PROPERTY + "=required is set)");
        }
        System.err.println("[WARNING] " + message);
        System.out.println("[WARNING] " + message);
        Assumptions.abort(message);
    }

    static Path find() {
        String path = System.getenv("PATH");
        for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "pt-online-schema-change"))) {
                return Path.of(dir, "pt-online-schema-change");
            }
        }
        return null;
    }
}

package dev.retort.core.db;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Whether the tests of {@code migrate.onlineCopy.engine=pt-osc} can run: they need Percona
 * Toolkit's pt-online-schema-change on the PATH, which CI machines do not have. When it is there
 * they run in {@code verify}. When it is missing they do not pass quietly: a warning line says
 * which tests did not run and why, each of them counts as skipped in the build's summary, and
 * {@code -Dretort.test.ptosc=required} turns the absence into a failure of each (for the machines
 * where the engine must be proven).
 */
public final class PtOscTool {

    public static final String PROPERTY = "retort.test.ptosc";

    private PtOscTool() {}

    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    /**
     * Call from {@code @BeforeEach} (not {@code @BeforeAll}, whose abort the build's summary counts
     * as no test at all): returns when the tool is there; otherwise fails the test, or skips it with
     * the warning printed once for {@code tests}.
     */
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
        if (WARNED.add(tests)) {
            System.err.println("[WARNING] " + message);
        }
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

package dev.retort.core.runner;

import dev.retort.core.dialect.Dialects;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.runner.DdlPolicy.OnlineCopy;
import dev.retort.core.safety.SafetyPolicy;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;

/**
 * A separate JVM that widens {@code orders.amount} through a slow shadow copy ({@link OnlineDdlTest.WidenAmount}),
 * so a test can kill it for real in the middle of the copy. Arguments: {@code url chunk throttle}. Prints
 * the runner's log as {@code INFO}/{@code WARN} lines and {@code DONE} at the end.
 */
public final class CopyChild {

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        RunLog log = new RunLog() {
            @Override
            public void info(String message) {
                out.println("INFO " + message);
            }

            @Override
            public void warn(String message) {
                out.println("WARN " + message);
            }
        };
        try (Connection c = DriverManager.getConnection(args[0], "root", "")) {
            DdlPolicy policy = OnlineDdlTest.FAST
                    .withCopyRowLimit(100)
                    .withOnlineCopy(OnlineCopy.COPIES, Integer.parseInt(args[1]), Double.parseDouble(args[2]));
            new MigrationRunner(
                            c,
                            Dialects.detect(c.getMetaData()),
                            new RevisionGraph(List.of(
                                    RevisionInfo.of(new OnlineDdlTest.Shop()),
                                    RevisionInfo.of(new OnlineDdlTest.WidenAmount()))),
                            log,
                            false,
                            Duration.ofSeconds(5),
                            SafetyPolicy.DEFAULT,
                            policy)
                    .upgrade("head");
            out.println("DONE");
        }
        System.exit(0);
    }
}

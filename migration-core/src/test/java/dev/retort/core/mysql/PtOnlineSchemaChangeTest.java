package dev.retort.core.mysql;

import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.dialect.Ddl;
import dev.retort.core.dialect.Session;
import dev.retort.core.errors.Text;
import dev.retort.core.ops.Operation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command pt-online-schema-change gets: where, with which settings, and the password kept off it. */
class PtOnlineSchemaChangeTest {

    static Session.Context context(int chunk, double throttle, int threads, Duration lockWait) {
        return new Session.Context() {
            @Override
            public Duration lockWait() {
                return lockWait;
            }

            @Override
            public void info(String message) {}

            @Override
            public void warn(String message) {}

            @Override
            public void runLocked(Operation op, Ddl statement) {}

            @Override
            public SQLException failure(String sql, SQLException cause, Text advice) {
                return cause;
            }

            @Override
            public String onlineCopy() {
                return "copies";
            }

            @Override
            public int copyChunkRows() {
                return chunk;
            }

            @Override
            public double copyThrottle() {
                return throttle;
            }

            @Override
            public int copyMaxThreadsRunning() {
                return threads;
            }

            @Override
            public long pauseBeforeRetry(int attempt) {
                return 0;
            }
        };
    }

    @Test
    void theRunsSettingsInTheToolsTerms() {
        assertEquals(
                List.of(
                        "--chunk-size",
                        "100",
                        "--chunk-time",
                        "0",
                        "--sleep",
                        "0.007",
                        "--max-load",
                        "Threads_running=25",
                        "--critical-load",
                        "Threads_running=50",
                        "--set-vars",
                        "lock_wait_timeout=1,innodb_lock_wait_timeout=1",
                        "--tries",
                        "create_triggers:30:1,drop_triggers:30:1,swap_tables:30:1,update_foreign_keys:30:1",
                        "--progress",
                        "time,5",
                        "--statistics"),
                PtOnlineSchemaChange.settings(context(100, 2.0, 25, null)));
        List<String> unthrottled = PtOnlineSchemaChange.settings(context(5000, 0, 0, Duration.ofMillis(2500)));
        assertEquals(-1, unthrottled.indexOf("--sleep"));
        assertEquals("0.5", unthrottled.get(unthrottled.indexOf("--chunk-time") + 1));
        assertEquals("Threads_running=100000", unthrottled.get(unthrottled.indexOf("--max-load") + 1));
        assertEquals(
                "lock_wait_timeout=3,innodb_lock_wait_timeout=1",
                unthrottled.get(unthrottled.indexOf("--set-vars") + 1));
        assertEquals(
                "create_triggers:15:1,drop_triggers:15:1,swap_tables:15:1,update_foreign_keys:15:1",
                unthrottled.get(unthrottled.indexOf("--tries") + 1));
    }

    @Test
    void hostAndPortComeFromTheUrl() {
        assertEquals(
                new PtOnlineSchemaChange.Target("db.example", 3307),
                PtOnlineSchemaChange.Target.of("jdbc:mysql://db.example:3307/shop?useSSL=false"));
        assertEquals(
                new PtOnlineSchemaChange.Target("primary", 3306),
                PtOnlineSchemaChange.Target.of("jdbc:mariadb://app:pw@primary,replica:3307/shop"));
        assertEquals(
                new PtOnlineSchemaChange.Target("::1", 3310),
                PtOnlineSchemaChange.Target.of("jdbc:mysql://[::1]:3310/shop"));
        assertEquals(
                new PtOnlineSchemaChange.Target("localhost", 3306),
                PtOnlineSchemaChange.Target.of("jdbc:mysql:///shop"));
    }

    @Test
    void thePasswordGoesToAFileOnlyItsOwnerReads() throws Exception {
        Path file = PtOnlineSchemaChange.defaultsFile("s3 cr\"e#t;\\x");
        try {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals("[client]\npassword=\"s3 cr\\\"e#t;\\\\x\"\n", Files.readString(file));
            PtOnlineSchemaChange.Invocation call = new PtOnlineSchemaChange.Invocation(
                    List.of(
                            "/usr/bin/pt-online-schema-change",
                            "--defaults-file=" + file,
                            "--alter",
                            "ADD COLUMN `a` int"),
                    file);
            assertEquals(
                    "/usr/bin/pt-online-schema-change --defaults-file=" + file + " --alter 'ADD COLUMN `a` int'",
                    call.shown());
            call.close();
            assertFalse(Files.exists(file), "deleted when the tool ends");
        } finally {
            Files.deleteIfExists(file);
        }
        assertThrows(SQLException.class, () -> PtOnlineSchemaChange.defaultsFile("two\nlines"));
    }

    @Test
    void theToolIsLookedForOnThePath(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        assertNull(PtOnlineSchemaChange.locate(dir.toString()));
        assertNull(PtOnlineSchemaChange.locate(null));
        Path tool = Files.createFile(dir.resolve("pt-online-schema-change"));
        assertNull(PtOnlineSchemaChange.locate(dir.toString()), "not executable");
        tool.toFile().setExecutable(true);
        assertEquals(tool, PtOnlineSchemaChange.locate("/nonexistent" + java.io.File.pathSeparator + dir));
    }
}

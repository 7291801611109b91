package dev.retort.core.runner;

import static dev.retort.core.runner.OnlineDdlTest.*;
import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.runner.DdlPolicy.OnlineCopy;
import dev.retort.core.safety.SafetyPolicy;
import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A column comment and a string default that read like online clauses ({@code ALGORITHM=INSTANT,
 * LOCK=NONE}) reach the server unchanged on every path a MySQL/MariaDB step can take: INSTANT
 * refused and made in place, in-place refused and copied, copied through a shadow table, and with
 * MariaDB's {@code NOWAIT}/{@code WAIT n} stated in the statement. Read back from information_schema.
 */
class OnlineClausesInTextTest {

    static final String TEXT = "ALGORITHM=INSTANT, LOCK=NONE";

    @Revision(id = "s2", parents = "s1", message = "tag with a tricky comment")
    public static final class AddTag implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.addColumn(
                    "orders",
                    column("tag", varchar(60))
                            .nullable()
                            .defaultValue("'" + TEXT + "'")
                            .comment(TEXT));
        }

        @Override
        public void downgrade(Operations op) {
            op.dropColumn("orders", "tag").acceptDataLoss();
        }
    }

    /**
     * A wider decimal, which MySQL and MariaDB can only copy; and 40 to 300 characters, where the
     * length prefix grows to two bytes, which MySQL copies too (MariaDB changes it in place).
     */
    @Revision(id = "s2", parents = "s1", message = "wider amount and code with tricky comments")
    public static final class WidenAmountAndCode implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.alterColumn(
                            "orders",
                            column("amount", decimal(12, 2)).nullable(),
                            column("amount", decimal(14, 2)).nullable().comment(TEXT))
                    .acknowledge("RT204");
            op.alterColumn(
                            "orders",
                            column("code", varchar(40)).nullable(),
                            column("code", varchar(300))
                                    .nullable()
                                    .defaultValue("'" + TEXT + "'")
                                    .comment(TEXT))
                    .acknowledge("RT205");
        }

        @Override
        public void downgrade(Operations op) {
            op.alterColumn(
                    "orders",
                    column("code", varchar(300))
                            .nullable()
                            .defaultValue("'" + TEXT + "'")
                            .comment(TEXT),
                    column("code", varchar(40)).nullable());
            op.alterColumn(
                    "orders",
                    column("amount", decimal(14, 2)).nullable().comment(TEXT),
                    column("amount", decimal(12, 2)).nullable());
        }
    }

    private static void assertTextKept(Connection c, String column, Log log) throws Exception {
        assertEquals(
                TEXT,
                text(
                        c,
                        "SELECT COLUMN_COMMENT FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                                + "AND TABLE_NAME = 'orders' AND COLUMN_NAME = '" + column + "'"),
                log.all());
        String dflt = text(
                c,
                "SELECT COLUMN_DEFAULT FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                        + "AND TABLE_NAME = 'orders' AND COLUMN_NAME = '" + column + "'");
        // MariaDB shows a string default as its literal, MySQL as its value
        assertEquals(TEXT, dflt.startsWith("'") ? dflt.substring(1, dflt.length() - 1) : dflt, log.all());
    }

    private static String comment(Connection c, String column) throws Exception {
        return text(
                c,
                "SELECT COLUMN_COMMENT FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                        + "AND TABLE_NAME = 'orders' AND COLUMN_NAME = '" + column + "'");
    }

    private static void exec(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.core.runner.OnlineDdlTest#mysqlFamily")
    void instantRefusedThenMadeInPlace(String server) throws Exception {
        try (Connection c = connect(server)) {
            shop(c, 40);
            exec(c, "ALTER TABLE orders ROW_FORMAT=COMPRESSED");
            Log log = new Log();
            assertEquals(
                    List.of("s2"),
                    runner(c, log, FAST, SafetyPolicy.DEFAULT, new AddTag()).upgrade("head"));
            assertTrue(log.all().contains("cannot do this instantly"), log.all());
            assertTextKept(c, "tag", log);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.core.runner.OnlineDdlTest#mysqlFamily")
    void inPlaceRefusedThenCopied(String server) throws Exception {
        try (Connection c = connect(server)) {
            shop(c, 40);
            Log log = new Log();
            assertEquals(
                    List.of("s2"),
                    runner(c, log, FAST, SafetyPolicy.DEFAULT, new WidenAmountAndCode())
                            .upgrade("head"));
            assertTrue(log.all().contains("so Retort copies it"), log.all());
            assertEquals(TEXT, comment(c, "amount"), log.all());
            assertTextKept(c, "code", log);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.core.runner.OnlineDdlTest#mysqlFamily")
    void copiedThroughAShadowTable(String server) throws Exception {
        try (Connection c = connect(server)) {
            shop(c, 40);
            Log log = new Log();
            DdlPolicy shadow = FAST.withCopyRowLimit(20).withOnlineCopy(OnlineCopy.COPIES, 7, 0);
            assertEquals(
                    List.of("s2"),
                    runner(c, log, shadow, SafetyPolicy.DEFAULT, new WidenAmountAndCode())
                            .upgrade("head"));
            assertTrue(log.all().contains("so Retort copies it online"), log.all());
            assertEquals(TEXT, comment(c, "amount"), log.all());
            assertTextKept(c, "code", log);
        }
    }

    /** MariaDB states the wait in the statement: NOWAIT by default, WAIT n with a lock wait set. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.core.runner.OnlineDdlTest#mysqlFamily")
    void withAStatedLockWait(String server) throws Exception {
        try (Connection c = connect(server)) {
            shop(c, 40);
            Log log = new Log();
            assertEquals(
                    List.of("s2"),
                    runner(c, log, FAST.withLockWait(Duration.ofMillis(1500)), SafetyPolicy.DEFAULT, new AddTag())
                            .upgrade("head"));
            assertTextKept(c, "tag", log);
        }
    }
}

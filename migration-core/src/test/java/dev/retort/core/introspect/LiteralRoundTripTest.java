package dev.retort.core.introspect;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.db.MariaDbServer;
import dev.retort.core.db.MySqlServer;
import dev.retort.core.db.PostgresServer;
import dev.retort.core.dialect.Dialect;
import dev.retort.core.dialect.Dialects;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.runner.MigrationRunner;
import dev.retort.core.runner.RunLog;
import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile text in comments, enum values and a default goes in and comes back out of a real database
 * exactly, with no drift: MySQL and MariaDB read a backslash in a literal as an escape, PostgreSQL and
 * H2 do not. On MySQL and MariaDB also from a session that starts with {@code NO_BACKSLASH_ESCAPES}.
 */
class LiteralRoundTripTest {

    static final List<String> HOSTILE =
            List.of("ends in \\", "\\d+", "x\\' , DROP COLUMN email #", "it's", "line one\nline two");

    @Revision(id = "lit1", message = "hostile literals")
    public static final class Hostile implements Migration {
        private final String backslashDefault;

        Hostile(String backslashDefault) {
            this.backslashDefault = backslashDefault;
        }

        @Override
        public void upgrade(Operations op) {
            List<dev.retort.migration.Column> columns = new ArrayList<>();
            columns.add(column("id", integer()).primaryKey());
            for (int i = 0; i < HOSTILE.size(); i++) {
                columns.add(column("c" + i, varchar(40)).nullable().comment(HOSTILE.get(i)));
            }
            columns.add(column("kind", enumOf(HOSTILE.toArray(String[]::new)))
                    .nullable()
                    .comment("kind"));
            columns.add(column("quoted", varchar(40)).nullable().defaultValue("'it''s'"));
            columns.add(column("slashed", varchar(40)).nullable().defaultValue(backslashDefault));
            op.createTable("note", columns.toArray(dev.retort.migration.Column[]::new));
            // a comment set by altering an existing column, too
            op.alterColumn(
                    "note",
                    column("quoted", varchar(40)).nullable().defaultValue("'it''s'"),
                    column("quoted", varchar(40))
                            .nullable()
                            .defaultValue("'it''s'")
                            .comment("x\\' , DROP COLUMN email #"));
        }

        @Override
        public void downgrade(Operations op) {
            op.dropTable("note").acceptDataLoss();
        }
    }

    record Db(String label, String url, String user, boolean noBackslashEscapes) {
        Connection open() throws SQLException {
            Connection c = DriverManager.getConnection(url, user, "");
            if (noBackslashEscapes) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_BACKSLASH_ESCAPES')");
                }
            }
            return c;
        }

        boolean mysqlFamily() {
            return label.startsWith("mysql") || label.startsWith("mariadb");
        }

        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Db> databases() throws Exception {
        return Stream.of(
                new Db("mysql", MySqlServer.newDatabase(), "root", false),
                new Db("mysql NO_BACKSLASH_ESCAPES", MySqlServer.newDatabase(), "root", true),
                new Db("mariadb", MariaDbServer.newDatabase(), "root", false),
                new Db("mariadb NO_BACKSLASH_ESCAPES", MariaDbServer.newDatabase(), "root", true),
                new Db("postgresql", PostgresServer.newDatabase(), "postgres", false),
                new Db(
                        "h2",
                        "jdbc:h2:file:"
                                + Files.createTempDirectory("retort-literals").resolve("db"),
                        "sa",
                        false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void hostileTextRoundTripsExactlyWithoutDrift(Db db) throws Exception {
        // the default is SQL the migration writes itself, in the database's own spelling of `ends in \`
        String slashed = db.mysqlFamily() ? "'ends in \\\\'" : "'ends in \\'";
        RevisionGraph graph = new RevisionGraph(List.of(RevisionInfo.of(new Hostile(slashed))));
        try (Connection c = db.open()) {
            Dialect dialect = Dialects.detect(c.getMetaData());
            new MigrationRunner(c, dialect, graph, RunLog.SILENT, false, Duration.ofSeconds(5)).upgrade("head");

            for (int i = 0; i < HOSTILE.size(); i++) {
                assertEquals(HOSTILE.get(i), comment(c, db, "c" + i), "comment of c" + i);
            }
            assertEquals("x\\' , DROP COLUMN email #", comment(c, db, "quoted"), "comment set by an ALTER");
            assertEquals("kind", comment(c, db, "kind"), "no column was added or dropped by a comment");
            // each value is one the enum accepts, and comes back as it went in
            for (int i = 0; i < HOSTILE.size(); i++) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO note (id, kind) VALUES (?, ?)")) {
                    ps.setInt(1, i + 1);
                    ps.setString(2, HOSTILE.get(i));
                    ps.executeUpdate();
                }
            }
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT kind, quoted, slashed FROM note ORDER BY id")) {
                for (String value : HOSTILE) {
                    assertTrue(rs.next());
                    assertEquals(value, rs.getString(1), "enum value");
                    assertEquals("it's", rs.getString(2), "default 'it''s'");
                    assertEquals("ends in \\", rs.getString(3), "default " + slashed);
                }
                assertFalse(rs.next());
            }
            assertEquals(
                    List.of(),
                    DriftDetectorTest.drift(c, dialect, graph).stream()
                            .map(Drift::toString)
                            .toList());
        }
    }

    @Test
    void mysqlDefaultLiteralsAreReadWithTheirEscapes() {
        assertEquals("ends in \\", DriftDetector.defaultValue(DriftDetector.unescape("'ends in \\\\'", true)));
        assertEquals("it's\n\\%", DriftDetector.defaultValue(DriftDetector.unescape("'it\\'s\\n\\%'", true)));
        assertEquals(
                "x\\\\y",
                DriftDetector.defaultValue(DriftDetector.unescape("'x\\\\y'", false)),
                "PostgreSQL and H2 keep them");
        assertEquals(
                "ends in \\", DriftDetector.unescape("ends in \\", true), "MySQL's unquoted raw value stays as it is");
    }

    private static String comment(Connection c, Db db, String column) throws SQLException {
        String sql = db.mysqlFamily()
                ? "SELECT column_comment FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'note' AND column_name = ?"
                : db.label().equals("postgresql")
                        ? "SELECT col_description('note'::regclass, a.attnum) FROM pg_attribute a WHERE a.attrelid = 'note'::regclass AND a.attname = ?"
                        : "SELECT remarks FROM information_schema.columns WHERE table_name = 'NOTE' AND column_name = UPPER(?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, column);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "column " + column + " exists");
                return rs.getString(1);
            }
        }
    }
}

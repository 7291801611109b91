package dev.retort.core.dialect;

import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.db.TestDatabase;
import dev.retort.core.h2.H2Dialect;
import dev.retort.core.model.Column;
import dev.retort.core.model.Table;
import dev.retort.core.mysql.MariaDbDialect;
import dev.retort.core.mysql.MySqlDialect;
import dev.retort.core.ops.CreateTable;
import dev.retort.core.ops.Operation;
import dev.retort.core.ops.RenameTable;
import dev.retort.core.postgres.PostgresDialect;
import dev.retort.migration.Types;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.h2.util.ParserUtil;
import org.junit.jupiter.api.Test;

/**
 * Names that are keywords of the database: every keyword the real server reports is used as a
 * column name and as a table name, in DDL rendered by the dialect, and the server accepts it.
 */
class ReservedWordsTest {

    /** Names that once went out unquoted on PostgreSQL and broke the statement. */
    static final List<String> KNOWN = List.of(
            "left",
            "right",
            "join",
            "full",
            "like",
            "ilike",
            "is",
            "isnull",
            "notnull",
            "binary",
            "verbose",
            "inner",
            "outer",
            "natural",
            "cross",
            "freeze",
            "overlaps",
            "similar",
            "tablesample",
            "authorization",
            "collation",
            "concurrently",
            "current_schema",
            "year",
            "value",
            "key",
            "rows",
            "range");

    @Test
    void postgresql() throws SQLException {
        TestDatabase db = TestDatabase.postgresql();
        // R reserved, T reserved (can be function or type), C unreserved (cannot be function or type), U unreserved
        List<String> reserved = words(db, "SELECT word FROM pg_get_keywords() WHERE catcode IN ('R', 'T')");
        assertTrue(reserved.containsAll(List.of("left", "join", "is", "binary", "verbose")), reserved.toString());
        TreeSet<String> missing = new TreeSet<>(reserved);
        missing.removeAll(PostgresDialect.KEYWORDS);
        assertEquals(new TreeSet<>(), missing, "the dialect quotes every reserved word of the server");
        TreeSet<String> extra = new TreeSet<>(PostgresDialect.KEYWORDS);
        extra.removeAll(reserved);
        // the test server is PostgreSQL 14; system_user became reserved in 16
        assertTrue(Set.of("system_user").containsAll(extra), "the dialect quotes only reserved words: " + extra);
        createEach(db, new PostgresDialect(), words(db, "SELECT word FROM pg_get_keywords()"));
    }

    @Test
    void mysql() throws SQLException {
        TestDatabase db = TestDatabase.mysql();
        List<String> reserved = words(db, "SELECT word FROM information_schema.KEYWORDS WHERE reserved = 1");
        assertTrue(reserved.size() > 200, reserved.toString());
        createEach(db, new MySqlDialect(), reserved);
    }

    @Test
    void mariadb() throws SQLException {
        TestDatabase db = TestDatabase.mariadb();
        // MariaDB's KEYWORDS table lists every keyword, without a reserved flag: all of them then
        List<String> keywords = words(db, "SELECT word FROM information_schema.KEYWORDS");
        assertTrue(keywords.size() > 500, keywords.toString());
        createEach(db, new MariaDbDialect(), keywords);
    }

    @Test
    void h2() throws Exception {
        TestDatabase db = TestDatabase.h2();
        // H2 has no keyword table; its parser's keyword tokens are public constants named after the keywords
        List<String> keywords = new ArrayList<>();
        for (Field f : ParserUtil.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers())
                    && f.getType() == int.class
                    && f.getInt(null) >= ParserUtil.FIRST_KEYWORD
                    && f.getInt(null) <= ParserUtil.LAST_KEYWORD
                    && !f.getName().endsWith("_KEYWORD")) {
                assertTrue(ParserUtil.isKeyword(f.getName(), false), f.getName());
                keywords.add(f.getName());
            }
        }
        assertEquals(ParserUtil.LAST_KEYWORD - ParserUtil.FIRST_KEYWORD + 1, keywords.size(), keywords.toString());
        createEach(db, new H2Dialect(), keywords);
    }

    private static List<String> words(TestDatabase db, String query) throws SQLException {
        List<String> words = new ArrayList<>();
        try (Connection c = db.open();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                words.add(rs.getString(1).toLowerCase(Locale.ROOT));
            }
        }
        assertFalse(words.isEmpty(), query);
        return words;
    }

    /** One table with a column per word, then a table renamed to each word in turn. */
    private static void createEach(TestDatabase db, Dialect dialect, List<String> serverWords) throws SQLException {
        TreeSet<String> words = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        words.addAll(serverWords);
        words.addAll(KNOWN);
        List<Column> columns = new ArrayList<>(List.of(new Column("keyword_key", Types.bigint(), false, false, null)));
        words.forEach(w -> columns.add(new Column(w, Types.integer(), true, false, null)));
        List<Operation> ops = new ArrayList<>(List.of(
                new CreateTable(new Table("keyword_columns", columns, List.of("keyword_key"), List.of(), null)),
                new CreateTable(new Table(
                        "keyword_table",
                        List.of(new Column("id", Types.bigint(), false, false, null)),
                        List.of("id"),
                        List.of(),
                        null))));
        String previous = "keyword_table";
        for (String w : words) {
            ops.add(new RenameTable(previous, w));
            previous = w;
        }
        try (Connection c = db.open();
                Statement s = c.createStatement()) {
            for (Operation op : ops) {
                for (String sql : dialect.toSql(op)) {
                    try {
                        s.execute(sql);
                    } catch (SQLException e) {
                        fail(db + " rejects " + sql.substring(0, Math.min(sql.length(), 300)) + ": " + e.getMessage());
                    }
                }
            }
        }
    }
}

package dev.retort.core.dialect;

import static dev.retort.migration.Types.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.core.h2.H2Dialect;
import dev.retort.core.model.Column;
import dev.retort.core.model.Table;
import dev.retort.core.mysql.MariaDbDialect;
import dev.retort.core.mysql.MySqlDialect;
import dev.retort.core.ops.AddColumn;
import dev.retort.core.ops.AlterColumn;
import dev.retort.core.ops.CreateTable;
import dev.retort.core.postgres.PostgresDialect;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hostile text in every string literal a dialect writes (column comments, enum values): MySQL and
 * MariaDB read a backslash as an escape under their default sql_mode, PostgreSQL and H2 do not.
 */
class LiteralEscapingTest {

    /** {@code ends in \}, {@code \d+}, an injection attempt, a quote and a newline. */
    static final String BACKSLASH_END = "ends in \\";

    static final String DIGITS = "\\d+";
    static final String INJECTION = "x\\' , DROP COLUMN email #";
    static final String QUOTE = "it's";
    static final String NEWLINE = "line one\nline two";

    static final Column NOTE = new Column("note", varchar(20), true, false, null, BACKSLASH_END, null);
    static final Column KIND =
            new Column("kind", enumOf(DIGITS, INJECTION, QUOTE, NEWLINE), true, false, null, INJECTION, null);

    @Test
    void mysqlAndMariaDbEscapeBackslashesAndQuotes() {
        for (Dialect d : List.of(new MySqlDialect(), new MariaDbDialect())) {
            String engine = " ENGINE=InnoDB";
            assertEquals(
                    List.of("CREATE TABLE `t` (`note` varchar(20) COMMENT 'ends in \\\\', "
                            + "`kind` enum ('\\\\d+','it''s','line one\\nline two','x\\\\'' , DROP COLUMN email #') "
                            + "COMMENT 'x\\\\'' , DROP COLUMN email #')" + engine),
                    d.toSql(new CreateTable(new Table("t", List.of(NOTE, KIND), List.of(), List.of(), null))),
                    d.name());
            String inplace = d.name().equals("mysql") ? ", ALGORITHM=INSTANT" : ", ALGORITHM=INSTANT, LOCK=NONE";
            assertEquals(
                    List.of("ALTER TABLE `t` ADD COLUMN `c` varchar(20) COMMENT '\\\\d+'" + inplace),
                    d.toSql(new AddColumn("t", new Column("c", varchar(20), true, false, null, DIGITS, null))),
                    d.name());
            assertEquals(
                    List.of(
                            "ALTER TABLE `t` MODIFY COLUMN `note` varchar(20) COMMENT 'it''s\\nline two', ALGORITHM=INPLACE, LOCK=NONE"),
                    d.toSql(new AlterColumn(
                            "t",
                            NOTE,
                            new Column("note", varchar(20), true, false, null, "it's\nline two", null),
                            false)),
                    d.name());
        }
    }

    @Test
    void postgresKeepsBackslashesAsTheyAre() {
        Dialect d = new PostgresDialect();
        List<String> sql = d.toSql(new CreateTable(new Table("t", List.of(NOTE, KIND), List.of(), List.of(), null)));
        assertEquals("COMMENT ON COLUMN t.note IS 'ends in \\'", sql.get(sql.size() - 2));
        assertEquals("COMMENT ON COLUMN t.kind IS 'x\\'' , DROP COLUMN email #'", sql.get(sql.size() - 1));
        assertTrue(
                sql.get(0).contains("IN ('\\d+','x\\'' , DROP COLUMN email #','it''s','line one\nline two')"),
                sql.get(0));
    }

    @Test
    void h2KeepsBackslashesAsTheyAre() {
        Dialect d = new H2Dialect();
        assertEquals(
                "enum ('\\d+','it''s','line one\nline two','x\\'' , DROP COLUMN email #')", d.columnType(KIND.type()));
        assertEquals(
                List.of("ALTER TABLE t ADD COLUMN c varchar(20)", "COMMENT ON COLUMN t.c IS 'ends in \\'"),
                d.toSql(new AddColumn("t", new Column("c", varchar(20), true, false, null, BACKSLASH_END, null))));
    }
}

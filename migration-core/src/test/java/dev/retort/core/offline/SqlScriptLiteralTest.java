package dev.retort.core.offline;

import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.dialect.Dialects;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A line break in a column comment cannot end a {@code --} line of a migrate:sql script and turn into SQL. */
class SqlScriptLiteralTest {

    @Revision(id = "s1", message = "comment")
    public static final class Commented implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.createTable(
                    "note",
                    dev.retort.migration.Column.column("id", dev.retort.migration.Types.integer())
                            .primaryKey()
                            .comment("harmless\nDROP TABLE users; -- it's \\"));
        }

        @Override
        public void downgrade(Operations op) {
            op.dropTable("note").acceptDataLoss();
        }
    }

    @Test
    void commentLinesStayOneLineAndMySqlStatementsToo() {
        RevisionGraph graph = new RevisionGraph(List.of(RevisionInfo.of(new Commented())));
        for (String dialect : List.of("mysql", "mariadb", "postgresql", "h2")) {
            String script = SqlScript.render(RevisionRange.parse(graph, null), Dialects.byName(dialect));
            List<String> lines = Arrays.asList(script.split("\n"));
            assertTrue(
                    lines.stream()
                            .anyMatch(l -> l.startsWith("-- step 1 of 1: createTable note")
                                    && l.contains("COMMENT 'harmless DROP TABLE users; -- it''s \\'")),
                    script);
            boolean mysql = dialect.startsWith("m");
            // MySQL and MariaDB literals write the line break as \n: nothing of the comment starts a line
            assertEquals(mysql, lines.stream().noneMatch(l -> l.startsWith("DROP TABLE users")), script);
            assertEquals(mysql, script.contains("without NO_BACKSLASH_ESCAPES"), script);
        }
    }
}

package dev.retort.core.mysql;

import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.dialect.Ddl;
import dev.retort.core.dialect.Session;
import dev.retort.core.model.Column;
import dev.retort.core.ops.AddColumn;
import dev.retort.core.ops.AlterColumn;
import dev.retort.migration.Types;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * The fallbacks change a statement's clauses, never its body: a comment that reads like a clause
 * stays as written. OnlineClausesInTextTest checks the same on real servers.
 */
class OnlineClausesAsDataTest {

    private static final String TEXT = "ALGORITHM=INPLACE, LOCK=NONE";

    @Test
    void instantRefusedBecomesInPlaceAndACopyCopies() {
        MySqlDialect dialect = new MySqlDialect();
        Session session = dialect.session(null, null);
        Ddl add = dialect.statements(
                        new AddColumn("t", new Column("c", Types.integer(), true, false, null, TEXT, null)))
                .get(0);
        assertEquals(
                "ALTER TABLE `t` ADD COLUMN `c` integer COMMENT 'ALGORITHM=INPLACE, LOCK=NONE', ALGORITHM=INSTANT",
                add.render());
        assertFalse(session.buildsInPlace(add), "what the comment says is not what the statement does");
        SQLException refused = new SQLException(
                "ALGORITHM=INSTANT is not supported for this operation. Try ALGORITHM=COPY/INPLACE.", "0A000", 1846);
        assertTrue(session.refusedOnline(refused));
        Ddl inPlace = session.cheaperInstead(add, refused);
        assertEquals(
                "ALTER TABLE `t` ADD COLUMN `c` integer COMMENT 'ALGORITHM=INPLACE, LOCK=NONE', ALGORITHM=INPLACE, LOCK=NONE",
                inPlace.render());
        assertTrue(session.buildsInPlace(inPlace));
        assertNull(session.cheaperInstead(inPlace, refused), "nothing cheaper than in place");
        assertEquals(
                "ALTER TABLE `t` ADD COLUMN `c` integer COMMENT 'ALGORITHM=INPLACE, LOCK=NONE', ALGORITHM=COPY, LOCK=SHARED",
                session.copying(inPlace).render());
    }

    @Test
    void mariadbStatesItsWaitAfterTheTableWhateverTheBodySays() throws SQLException {
        MariaDbDialect dialect = new MariaDbDialect();
        Column code = new Column("code", Types.varchar(40), true, false, null);
        Column commented = new Column("code", Types.varchar(40), true, false, "'LOCK=NONE'", TEXT, null);
        Ddl modify =
                dialect.statements(new AlterColumn("t", code, commented, false)).get(0);
        Session session = dialect.session(null, null);
        assertEquals(
                "ALTER TABLE `t` WAIT 1 MODIFY COLUMN `code` varchar(40) DEFAULT 'LOCK=NONE' COMMENT 'ALGORITHM=INPLACE, LOCK=NONE', "
                        + "ALGORITHM=INPLACE, LOCK=NONE",
                session.bounded(modify, true).render());
        assertEquals(
                "ALTER TABLE `t` MODIFY COLUMN `code` varchar(40) DEFAULT 'LOCK=NONE' COMMENT 'ALGORITHM=INPLACE, LOCK=NONE', "
                        + "ALGORITHM=COPY, LOCK=SHARED",
                session.copying(modify).render());
    }
}

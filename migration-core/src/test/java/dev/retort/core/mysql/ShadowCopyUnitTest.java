package dev.retort.core.mysql;

import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.db.MySqlServer;
import dev.retort.core.dialect.Ddl;
import dev.retort.core.model.Column;
import dev.retort.core.ops.AlterColumn;
import dev.retort.core.ops.DropColumn;
import dev.retort.migration.Types;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The parts of the shadow-table copy that need no server (but one, which reads the binary log position
 * from the shared MySQL server); ShadowCopyTest runs the copy on MySQL and MariaDB.
 */
class ShadowCopyUnitTest {

    @Test
    void aRowWrittenManyTimesBeforeTheCopyAppliesItIsOneKeyAndAWriteAfterItIsTakenQueuesItAgain() {
        ChangedKeys keys = new ChangedKeys();
        for (int i = 0; i < 10_000; i++) {
            keys.add("7");
            keys.add(String.valueOf(i % 3));
        }
        assertEquals(
                List.of("7", "0", "1", "2"), List.copyOf(keys.waiting()), "each key once, in the order first seen");
        assertEquals("7", keys.take());
        keys.add("7"); // written again after it was taken, before or after its row was read: applied again
        List<String> rest = new java.util.ArrayList<>();
        for (String k; (k = keys.take()) != null; ) {
            rest.add(k);
        }
        assertEquals(List.of("0", "1", "2", "7"), rest);
        assertTrue(keys.isEmpty());
    }

    @Test
    void aChangeTheServerMakesInMetadataOnlyIsNotCopied() {
        Column v40 = new Column("note", Types.varchar(40), true, false, null);
        Column v60 = new Column("note", Types.varchar(60), true, false, null);
        Column v70 = new Column("note", Types.varchar(70), true, false, null);
        Column v40notNull = new Column("note", Types.varchar(40), false, false, null);
        assertTrue(ShadowCopy.rewritesNoRows(new AlterColumn("orders", v40, v60, false)), "within one length byte");
        assertFalse(ShadowCopy.rewritesNoRows(new AlterColumn("orders", v40, v70, false)), "70 × 4 bytes > 255");
        assertFalse(ShadowCopy.rewritesNoRows(new AlterColumn("orders", v40, v40notNull, false)), "NOT NULL rebuilds");
        assertFalse(ShadowCopy.rewritesNoRows(new AlterColumn("orders", v60, v40, false)), "shrinking rewrites");
    }

    @Test
    void theChangeIsAimedAtTheShadowWithoutOnlineClauses() {
        MySqlDialect dialect = new MySqlDialect();
        ShadowCopy mysql = new ShadowCopy(null, dialect, null, null);
        Column amount = new Column("amount", Types.decimal(12, 2), true, false, null);
        Column wider =
                new Column("amount", Types.decimal(14, 2), true, false, null, "ALGORITHM=INSTANT, LOCK=NONE", null);
        Ddl modify = dialect.statements(new AlterColumn("orders", amount, wider, false))
                .get(0);
        assertEquals(
                "ALTER TABLE `orders` MODIFY COLUMN `amount` decimal(14,2) COMMENT 'ALGORITHM=INSTANT, LOCK=NONE', "
                        + "ALGORITHM=INPLACE, LOCK=NONE",
                modify.render());
        assertEquals(
                "ALTER TABLE `_orders_rtnew` MODIFY COLUMN `amount` decimal(14,2) COMMENT 'ALGORITHM=INSTANT, LOCK=NONE'",
                mysql.onShadow(modify, "_orders_rtnew").render(),
                "the comment is kept as written");
        assertEquals(
                "CREATE INDEX `ix_orders_note` ON `_orders_rtnew` (`note`)",
                mysql.onShadow(
                                Ddl.createIndex("CREATE INDEX `ix_orders_note`", "`orders`", "(`note`)")
                                        .withOnline("INPLACE", "NONE"),
                                "_orders_rtnew")
                        .render());
        MariaDbDialect mariaDialect = new MariaDbDialect();
        ShadowCopy mariadb = new ShadowCopy(null, mariaDialect, null, null);
        assertEquals(
                "ALTER TABLE `_t_rtnew` DROP COLUMN `x`",
                mariadb.onShadow(
                                mariaDialect
                                        .statements(new DropColumn("t", "x", false))
                                        .get(0),
                                "_t_rtnew")
                        .render());
        assertThrows(
                IllegalArgumentException.class, () -> mysql.onShadow(Ddl.of("DROP TABLE `orders`"), "_orders_rtnew"));
    }

    @Test
    void namesFitTheServersLimitAndStayDistinct() {
        String a = "a".repeat(60) + "x";
        String b = "a".repeat(60) + "y";
        ShadowCopy.Names na = ShadowCopy.Names.of(a);
        ShadowCopy.Names nb = ShadowCopy.Names.of(b);
        for (String name : List.of(na.shadow(), na.old(), na.onInsert(), na.onUpdate(), na.onDelete())) {
            assertTrue(name.length() <= 64, name);
        }
        assertNotEquals(na.shadow(), nb.shadow());
        assertEquals("_orders_rtnew", ShadowCopy.Names.of("orders").shadow());
    }

    @Test
    void theChecksumCastsAConvertedColumnToItsNewType() {
        assertEquals("DECIMAL(14,2)", CopyVerifier.castTo("decimal", "decimal(14,2)"));
        assertEquals("SIGNED", CopyVerifier.castTo("bigint", "bigint(20)"));
        assertEquals("UNSIGNED", CopyVerifier.castTo("int", "int(10) unsigned"));
        assertEquals("DATETIME(3)", CopyVerifier.castTo("datetime", "datetime(3)"));
        assertEquals("BINARY(16)", CopyVerifier.castTo("binary", "binary(16)"));
        assertNull(CopyVerifier.castTo("double", "double"), "no exact cast: left out of the checksum");
        assertNull(CopyVerifier.castTo("json", "json"));
    }

    @Test
    void aCheckpointedKeyComesBackAsTheKeyColumnCompares() {
        java.nio.charset.Charset utf8 = java.nio.charset.StandardCharsets.UTF_8;
        CopyRecord.Entry entry = new CopyRecord.Entry("orders", "m", CopyRecord.COPY, "3000".getBytes(utf8), "s");
        assertEquals(3000L, entry.key("bigint"));
        assertEquals(new java.math.BigDecimal("3000"), entry.key("decimal"));
        assertEquals("3000", entry.key("varchar"));
        assertArrayEquals("3000".getBytes(utf8), (byte[]) entry.key("varbinary"));
        assertEquals(
                new java.math.BigInteger("18446744073709551615"),
                new CopyRecord.Entry("t", "m", CopyRecord.COPY, "18446744073709551615".getBytes(utf8), "s")
                        .key("bigint"),
                "an unsigned bigint beyond a long");
        assertNull(
                new CopyRecord.Entry("t", "m", CopyRecord.COPY, null, "s").key("int"), "no chunk yet: from the start");
    }

    @Test
    void theBinaryLogPositionIsAskedForByTheStatementTheServersVersionKnows() {
        // MySQL 8.4 removed SHOW MASTER STATUS; SHOW BINARY LOG STATUS exists from 8.2
        assertEquals(List.of("SHOW BINARY LOG STATUS", "SHOW MASTER STATUS"), BinlogFeed.positionStatements(8, 4));
        assertEquals(List.of("SHOW BINARY LOG STATUS", "SHOW MASTER STATUS"), BinlogFeed.positionStatements(8, 2));
        assertEquals(List.of("SHOW BINARY LOG STATUS", "SHOW MASTER STATUS"), BinlogFeed.positionStatements(9, 0));
        assertEquals(List.of("SHOW MASTER STATUS", "SHOW BINARY LOG STATUS"), BinlogFeed.positionStatements(8, 0));
        assertEquals(List.of("SHOW MASTER STATUS", "SHOW BINARY LOG STATUS"), BinlogFeed.positionStatements(8, 1));
    }

    @Test
    void onlyAStatementTheServerDoesNotKnowIsTriedUnderItsOtherName() {
        // what MySQL 8.4 answers to SHOW MASTER STATUS (and 8.0 to SHOW BINARY LOG STATUS, as tried on 8.0.31)
        assertTrue(CopySql.unknownStatement(new SQLException(
                "You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version "
                        + "for the right syntax to use near 'MASTER STATUS' at line 1",
                "42000",
                1064)));
        // a missing privilege is reported as it is, not hidden behind the other name's syntax error
        assertFalse(CopySql.unknownStatement(new SQLException(
                "Access denied; you need (at least one of) the SUPER, REPLICATION CLIENT privilege(s) for this operation",
                "42000",
                1227)));
    }

    @Test
    void theBinaryLogPositionFallsBackToTheOtherStatementOnARealServer() throws SQLException {
        // MySQL 8.0.31 does not know SHOW BINARY LOG STATUS: the same refusal (1064) 8.4 gives SHOW MASTER STATUS
        try (Connection c = MySqlServer.connect(MySqlServer.newDatabase())) {
            CopySql sql = new CopySql(c);
            BinlogFeed.Position byOldName = BinlogFeed.position(sql, List.of("SHOW MASTER STATUS"));
            BinlogFeed.Position fellBack =
                    BinlogFeed.position(sql, List.of("SHOW BINARY LOG STATUS", "SHOW MASTER STATUS"));
            assertEquals(byOldName.file(), fellBack.file());
            assertTrue(fellBack.offset() >= byOldName.offset(), fellBack + " after " + byOldName);
            assertEquals(fellBack.file(), BinlogFeed.position(sql).file(), "the version's choice on 8.0.31");
            SQLException refused =
                    assertThrows(SQLException.class, () -> BinlogFeed.position(sql, List.of("SHOW BINARY LOG STATUS")));
            assertEquals(1064, refused.getErrorCode(), refused.getMessage());
        }
    }

    @Test
    void transactionCompressionIsReadOnlyWhereTheServerHasIt() throws SQLException {
        // 8.0.13 to 8.0.19 have no binlog_transaction_compression: reading it failed the check there ("Unknown
        // system variable"); with no server to ask, a read would fail here too
        assertNull(BinlogFeed.compressionRefusal(null, 80_013));
        assertNull(BinlogFeed.compressionRefusal(null, 80_019));
        // on the shared 8.0.31 server: ON is refused, OFF (the default) is not
        try (Connection c = MySqlServer.connect(MySqlServer.newDatabase())) {
            CopySql sql = new CopySql(c);
            assertNull(BinlogFeed.compressionRefusal(sql, 80_031));
            try (java.sql.Statement s = c.createStatement()) {
                s.execute("SET GLOBAL binlog_transaction_compression = ON");
                String why = BinlogFeed.compressionRefusal(sql, 80_031);
                assertNotNull(why);
                assertTrue(why.startsWith("binlog_transaction_compression is ON"), why);
                assertNull(BinlogFeed.compressionRefusal(sql, 80_019), "not read before 8.0.20");
            } finally {
                try (java.sql.Statement s = c.createStatement()) {
                    s.execute("SET GLOBAL binlog_transaction_compression = OFF");
                }
            }
        }
    }

    @Test
    void theRecordedFeedGivesItsPositionAndTheServerItWasTakenOn() {
        String uuid = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
        assertEquals(
                new BinlogFeed.Position("binlog.000007", 157),
                BinlogFeed.recorded("binlog binlog.000007:157 on " + uuid));
        assertEquals(uuid, BinlogFeed.recordedServer("binlog binlog.000007:157 on " + uuid));
        // written by a version that recorded no server
        assertEquals(new BinlogFeed.Position("binlog.000007", 157), BinlogFeed.recorded("binlog binlog.000007:157"));
        assertNull(BinlogFeed.recordedServer("binlog binlog.000007:157"));
        assertNull(BinlogFeed.recorded(null));
        assertNull(BinlogFeed.recorded("binlog nothing"));
        assertNull(BinlogFeed.recordedServer(null));
    }

    @Test
    void binaryLogPositionsCompareFilesByTheirIndex() {
        // MySQL numbers its files with six digits at least: after binlog.999999 comes binlog.1000000
        BinlogFeed.Position last6 = new BinlogFeed.Position("binlog.999999", 9_000);
        BinlogFeed.Position first7 = new BinlogFeed.Position("binlog.1000000", 4);
        assertTrue(last6.compareTo(first7) < 0, "binlog.999999 before binlog.1000000");
        assertTrue(first7.compareTo(last6) > 0);
        assertTrue(new BinlogFeed.Position("binlog.000009", 500).compareTo(new BinlogFeed.Position("binlog.000010", 4))
                < 0);
        assertTrue(
                new BinlogFeed.Position("binlog.000010", 4).compareTo(new BinlogFeed.Position("binlog.000010", 5)) < 0,
                "one file: by offset");
        assertEquals(
                0, new BinlogFeed.Position("binlog.000010", 4).compareTo(new BinlogFeed.Position("binlog.000010", 4)));
        // another log's name, or a name with no index: by text, as before
        assertTrue(new BinlogFeed.Position("a-bin.9", 4).compareTo(new BinlogFeed.Position("binlog.10", 4)) < 0);
        assertTrue(new BinlogFeed.Position("binlog.x", 4).compareTo(new BinlogFeed.Position("binlog.10", 4)) > 0);
    }
}

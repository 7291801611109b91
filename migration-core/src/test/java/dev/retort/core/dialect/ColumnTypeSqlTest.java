package dev.retort.core.dialect;

import static dev.retort.migration.Types.array;
import static dev.retort.migration.Types.bigint;
import static dev.retort.migration.Types.binary;
import static dev.retort.migration.Types.blob;
import static dev.retort.migration.Types.clob;
import static dev.retort.migration.Types.custom;
import static dev.retort.migration.Types.doublePrecision;
import static dev.retort.migration.Types.enumOf;
import static dev.retort.migration.Types.fixedChar;
import static dev.retort.migration.Types.intervalSecond;
import static dev.retort.migration.Types.json;
import static dev.retort.migration.Types.real;
import static dev.retort.migration.Types.sqlReal;
import static dev.retort.migration.Types.time;
import static dev.retort.migration.Types.timeTz;
import static dev.retort.migration.Types.timestampTz;
import static dev.retort.migration.Types.timestampTzNative;
import static dev.retort.migration.Types.tinyint;
import static dev.retort.migration.Types.varbinary;
import static dev.retort.migration.Types.varchar;
import static dev.retort.migration.Types.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.core.h2.H2Dialect;
import dev.retort.core.model.Column;
import dev.retort.core.model.Table;
import dev.retort.core.mysql.MariaDbDialect;
import dev.retort.core.mysql.MySqlDialect;
import dev.retort.core.ops.AddColumn;
import dev.retort.core.ops.CreateTable;
import dev.retort.core.postgres.PostgresDialect;
import dev.retort.migration.ColumnType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Column types whose spelling depends on their size or on the database, each as Hibernate ORM 7.1
 * exports it (MySQL with 4-byte characters): text and blob families chosen by capacity, native
 * enum values sorted, JSON, times with offset, and verbatim definitions.
 */
class ColumnTypeSqlTest {

    private static final Dialect MYSQL = new MySqlDialect();
    private static final Dialect MARIADB = new MariaDbDialect();
    private static final Dialect H2 = new H2Dialect();
    private static final Dialect POSTGRES = new PostgresDialect();

    private static void expect(ColumnType type, String mysql, String h2, String postgres) {
        assertEquals(
                List.of(mysql, mysql, h2, postgres),
                List.of(
                        MYSQL.columnType(type),
                        MARIADB.columnType(type),
                        H2.columnType(type),
                        POSTGRES.columnType(type)),
                type.toString());
    }

    @Test
    void varcharBecomesTextWhenLong() {
        expect(varchar(4000), "varchar(4000)", "varchar(4000)", "varchar(4000)");
        expect(varchar(16_383), "varchar(16383)", "varchar(16383)", "varchar(16383)");
        expect(varchar(16_384), "text", "varchar(16384)", "varchar(16384)");
        expect(varchar(70_000), "mediumtext", "varchar(70000)", "varchar(70000)");
        expect(varchar(2_000_000), "mediumtext", "clob", "varchar(2000000)");
        expect(varchar(20_000_000), "longtext", "clob", "text");
    }

    /** Basic arrays: the element's type with {@code array} on H2 and PostgreSQL, a JSON array on MySQL and MariaDB. */
    @Test
    void arraysAreNativeOnH2AndPostgresAndJsonOnMySql() {
        expect(array(varchar(255)), "json", "varchar(255) array", "varchar(255) array");
        expect(array(bigint()), "json", "bigint array", "bigint array");
        expect(array(tinyint()), "json", "tinyint array", "smallint array");
        expect(array(real()), "json", "float(24) array", "float4 array");
        expect(array(doublePrecision()), "json", "float(53) array", "float(53) array");
        expect(array(timestampTz(6)), "json", "timestamp(6) with time zone array", "timestamp(6) with time zone array");
        expect(array(enumOf("RED", "GREEN")), "json", "enum ('GREEN','RED') array", "varchar(255) array");
    }

    /** The codes whose column differs in kind per database, as Hibernate 7.1 declares each. */
    @Test
    void typeCodesFollowEachDatabase() {
        expect(binary(16), "binary(16)", "binary(16)", "bytea");
        expect(xml(), "longtext", "clob", "xml");
        expect(sqlReal(), "real", "real", "real");
        expect(timestampTzNative(3), "timestamp(3)", "timestamp(3) with time zone", "timestamp(3) with time zone");
    }

    /**
     * {@code INTERVAL_SECOND}: Hibernate's {@code interval second($p,$s)} on H2 (18,9 by default) and
     * {@code interval second($s)} on PostgreSQL (6 by default, at most 6); no type on MySQL and MariaDB,
     * where rendering refuses rather than write another type.
     */
    @Test
    void intervalsFollowHibernatesDefaultsAndHaveNoTypeOnMySql() {
        assertEquals("interval second(18,9)", H2.columnType(intervalSecond()));
        assertEquals("interval second(6)", POSTGRES.columnType(intervalSecond()));
        assertEquals("interval second(10,3)", H2.columnType(intervalSecond(10, 3)));
        assertEquals("interval second(3)", POSTGRES.columnType(intervalSecond(10, 3)));
        assertEquals("interval second(12,9)", H2.columnType(intervalSecond(12, 9)));
        assertTrue(assertThrows(NoColumnTypeException.class, () -> POSTGRES.columnType(intervalSecond(12, 9)))
                .getMessage()
                .contains("at most 6 fractional digits"));
        for (Dialect d : List.of(MYSQL, MARIADB)) {
            NoColumnTypeException e = assertThrows(NoColumnTypeException.class, () -> d.columnType(intervalSecond()));
            assertTrue(e.reason().contains("no interval type"), e.getMessage());
            assertThrows(
                    NoColumnTypeException.class,
                    () -> d.toSql(new AddColumn("job", new Column("elapsed", intervalSecond(), true, false, null))));
            // the runner and the offline script name the column before anything runs
            List<NoColumnTypeException.Missing> missing = NoColumnTypeException.columnsWithout(
                    d,
                    new CreateTable(new Table(
                            "job",
                            List.of(
                                    new Column("id", bigint(), false, false, null),
                                    new Column("elapsed", intervalSecond(), true, false, null)),
                            List.of("id"),
                            List.of(),
                            null)));
            assertEquals(1, missing.size());
            assertEquals("job", missing.get(0).table());
            assertEquals("elapsed", missing.get(0).column());
        }
        assertEquals(
                List.of(),
                NoColumnTypeException.columnsWithout(
                        H2, new AddColumn("job", new Column("elapsed", intervalSecond(), true, false, null))));
    }

    /** {@code @Nationalized}: MySQL alone declares the character set; MariaDB's dialect does not. */
    @Test
    void nationalTypesCarryACharacterSetOnMySqlOnly() {
        assertEquals(
                "varchar(40) character set utf8mb4",
                MYSQL.columnType(varchar(40).asNational()));
        assertEquals(
                "varchar(1) character set utf8mb4",
                MYSQL.columnType(fixedChar(1).asNational()));
        assertEquals("longtext character set utf8mb4", MYSQL.columnType(clob().asNational()));
        assertEquals(
                "text character set utf8mb4", MYSQL.columnType(varchar(20_000).asNational()));
        assertEquals("varchar(40)", MARIADB.columnType(varchar(40).asNational()));
        assertEquals("varchar(40)", H2.columnType(varchar(40).asNational()));
        assertEquals("varchar(40)", POSTGRES.columnType(varchar(40).asNational()));
    }

    @Test
    void varbinaryBecomesBlobWhenLong() {
        expect(varbinary(65_535), "varbinary(65535)", "varbinary(65535)", "bytea");
        expect(varbinary(70_000), "mediumblob", "varbinary(70000)", "bytea");
        expect(varbinary(20_000_000), "longblob", "blob", "bytea");
    }

    @Test
    void lobsByCapacity() {
        expect(clob(), "longtext", "clob", "oid");
        expect(clob(255), "tinytext", "clob", "oid");
        expect(clob(1000), "text", "clob", "oid");
        expect(clob(100_000), "mediumtext", "clob", "oid");
        expect(blob(), "longblob", "blob", "oid");
        expect(blob(255), "tinyblob", "blob", "oid");
        expect(blob(1000), "blob", "blob", "oid");
    }

    @Test
    void otherTypes() {
        expect(
                enumOf("RED", "GREEN", "BLUE"),
                "enum ('BLUE','GREEN','RED')",
                "enum ('BLUE','GREEN','RED')",
                "varchar(255)");
        expect(enumOf(20, "RED", "GREEN"), "enum ('GREEN','RED')", "enum ('GREEN','RED')", "varchar(20)");
        expect(json(), "json", "json", "jsonb");
        expect(timeTz(0), "time(0)", "time(0) with time zone", "time(0)");
        expect(time(3), "time(3)", "time(3)", "time(3)");
        expect(
                custom("varchar(12) default 'x'"),
                "varchar(12) default 'x'",
                "varchar(12) default 'x'",
                "varchar(12) default 'x'");
    }
}

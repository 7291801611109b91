package dev.retort.core.dialect;

import static dev.retort.migration.Types.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.retort.core.diff.Change;
import dev.retort.core.diff.SchemaDiffer;
import dev.retort.core.h2.H2Dialect;
import dev.retort.core.model.Column;
import dev.retort.core.model.Schema;
import dev.retort.core.model.SchemaJson;
import dev.retort.core.model.Table;
import dev.retort.core.mysql.MariaDbDialect;
import dev.retort.core.mysql.MySqlDialect;
import dev.retort.core.ops.AlterColumn;
import dev.retort.core.ops.CreateTable;
import dev.retort.core.ops.SetTableComment;
import dev.retort.core.postgres.PostgresDialect;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Quoted names ({@code `Key`}) are quoted as written on every database; table comments are
 * rendered, diffed and inverted; a type change the database stores alike runs nothing there.
 */
class QuotedAndCommentSqlTest {

    private static final Table KEY = new Table(
            "`Key`",
            List.of(
                    new Column("`Id`", bigint(), false, false, null, null, null),
                    new Column("plain", varchar(10), true, false, null, null, null)),
            List.of("`Id`"),
            List.of(),
            List.of(),
            List.of(),
            null,
            null,
            "it's a key");

    @Test
    void quotedNamesKeepTheirCaseAndCommentsAreRendered() {
        CreateTable create = new CreateTable(KEY);
        assertEquals(
                List.of("CREATE TABLE `Key` (`Id` bigint NOT NULL, `plain` varchar(10), PRIMARY KEY (`Id`))"
                        + " ENGINE=InnoDB COMMENT='it''s a key'"),
                new MySqlDialect().toSqlForNewTable(create));
        assertEquals(
                List.of(
                        "CREATE TABLE \"Key\" (\"Id\" bigint NOT NULL, plain varchar(10), PRIMARY KEY (\"Id\"))",
                        "COMMENT ON TABLE \"Key\" IS 'it''s a key'"),
                new PostgresDialect().toSqlForNewTable(create));
        assertEquals(
                List.of(
                        "CREATE TABLE \"Key\" (\"Id\" bigint NOT NULL, plain varchar(10), PRIMARY KEY (\"Id\"))",
                        "COMMENT ON TABLE \"Key\" IS 'it''s a key'"),
                new H2Dialect().toSqlForNewTable(create));
        assertEquals(
                List.of("ALTER TABLE `Key` COMMENT = '', ALGORITHM=INPLACE, LOCK=NONE"),
                new MariaDbDialect().toSql(new SetTableComment("`Key`", null)));
        assertEquals(
                List.of("COMMENT ON TABLE \"Key\" IS NULL"),
                new PostgresDialect().toSql(new SetTableComment("`Key`", null)));
    }

    @Test
    void aCheckOnAQuotedColumnQuotesItAsTheDatabaseDoes() {
        dev.retort.core.ops.AddCheck check = new dev.retort.core.ops.AddCheck(
                "`Key`", new dev.retort.core.model.Check("ck_key", "`Order` >= 0 and plain <> 'a`b''c`'", null));
        assertEquals(
                List.of("ALTER TABLE \"Key\" ADD CONSTRAINT ck_key CHECK (\"Order\" >= 0 and plain <> 'a`b''c`')"),
                new PostgresDialect().toSqlForNewTable(check));
        assertEquals(
                List.of("ALTER TABLE `Key` ADD CONSTRAINT `ck_key` CHECK (`Order` >= 0 and plain <> 'a`b''c`')"),
                new MySqlDialect().toSqlForNewTable(check));
    }

    /**
     * A column named with a reserved word ({@code interval}, {@code user}) is quoted in {@code CREATE
     * TABLE}; the checks the processor writes for it (an ordinal enum's range, a converter's values) name
     * it bare, so the check quotes it too, as the database needs; a keyword used as SQL stays as it is.
     */
    @Test
    void aReservedWordNamingTheColumnOfACheckIsQuotedThere() {
        dev.retort.core.ops.AddCheck range = new dev.retort.core.ops.AddCheck(
                "DataVariable", new dev.retort.core.model.Check("ck_interval", "interval between 0 and 3", null));
        dev.retort.core.ops.AddCheck values = new dev.retort.core.ops.AddCheck(
                "Account",
                new dev.retort.core.model.Check(
                        "ck_user", "user in ('a','b') and created > current_date - interval '1' day", null));
        assertEquals(
                List.of("ALTER TABLE `DataVariable` ADD CONSTRAINT `ck_interval` CHECK (`interval` between 0 and 3)"),
                new MariaDbDialect().toSqlForNewTable(range));
        assertEquals(
                List.of("ALTER TABLE `DataVariable` ADD CONSTRAINT `ck_interval` CHECK (`interval` between 0 and 3)"),
                new MySqlDialect().toSqlForNewTable(range));
        assertEquals(
                List.of("ALTER TABLE DataVariable ADD CONSTRAINT ck_interval CHECK (\"INTERVAL\" between 0 and 3)"),
                new H2Dialect().toSqlForNewTable(range));
        assertEquals(
                List.of("ALTER TABLE DataVariable ADD CONSTRAINT ck_interval CHECK (interval between 0 and 3)"),
                new PostgresDialect().toSqlForNewTable(range),
                "PostgreSQL takes interval as a column name");
        assertEquals(
                List.of("ALTER TABLE Account ADD CONSTRAINT ck_user CHECK (\"user\" in ('a','b') and created > "
                        + "current_date - interval '1' day)"),
                new PostgresDialect().toSqlForNewTable(values));
        assertEquals(
                List.of("ALTER TABLE `Account` ADD CONSTRAINT `ck_user` CHECK (user in ('a','b') and created > "
                        + "current_date - interval '1' day)"),
                new MariaDbDialect().toSqlForNewTable(values),
                "user is no reserved word of MariaDB");
    }

    @Test
    void aChangedCommentIsOneStepWithItsInverse() {
        Schema before = new Schema(List.of(KEY), List.of());
        Schema after = new Schema(List.of(KEY.withComment("keys")), List.of());
        List<Change> changes = SchemaDiffer.compare(before, after).changes();
        assertEquals(
                List.of(new SetTableComment("`Key`", "keys")),
                changes.stream().map(Change::operation).toList());
        assertEquals(
                List.of(new SetTableComment("`Key`", "it's a key")),
                changes.get(0).operation().inverse(before));
        assertEquals(after, changes.get(0).operation().applyTo(before));
        // the snapshot format carries both, and reads back
        assertEquals(after, SchemaJson.read(SchemaJson.write(after)));
        assertFalse(SchemaJson.write(new Schema(List.of(KEY.withComment(null)), List.of()))
                .contains("comment"));
    }

    @Test
    void aTypeChangeStoredAlikeRunsNothingAndLosesNothing() {
        Column local = new Column("at", timestamp(6), true, false, null, null, null);
        Column instant = new Column("at", timestampTz(6), true, false, null, null, null);
        AlterColumn toInstant = new AlterColumn("event", local, instant, false);
        AlterColumn back = new AlterColumn("event", instant, local, false);
        assertFalse(toInstant.destroysData(), "LocalDateTime -> Instant keeps every value");
        assertFalse(back.destroysData(), "Instant -> LocalDateTime keeps every value");
        assertEquals(List.of(), new MySqlDialect().toSql(toInstant));
        assertEquals(List.of(), new MariaDbDialect().toSql(back));
        assertEquals(
                List.of("ALTER TABLE event ALTER COLUMN at TYPE timestamp(6) with time zone"),
                new PostgresDialect().toSql(toInstant));
    }
}

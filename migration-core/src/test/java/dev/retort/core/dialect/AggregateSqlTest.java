package dev.retort.core.dialect;

import static dev.retort.migration.Types.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.core.model.Check;
import dev.retort.core.model.Column;
import dev.retort.core.model.JsonAggregateCheck;
import dev.retort.core.model.JsonAggregateCheck.Attribute;
import dev.retort.core.model.Table;
import dev.retort.core.ops.AddCheck;
import dev.retort.core.ops.AddColumn;
import dev.retort.core.ops.CreateTable;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Embeddables stored as one column, per database: the XML aggregate, which Hibernate ORM 7.1 builds on
 * PostgreSQL only, and the check Hibernate declares on a JSON aggregate. The goldens are Hibernate's
 * own create script for such an embeddable (attributes left out, none changed); {@code
 * HibernateComparisonTest} compares the whole of it on the four databases (fixture {@code types/Inspected}).
 */
class AggregateSqlTest {

    private static final JsonAggregateCheck HOME = new JsonAggregateCheck(
            "home",
            true,
            List.of(
                    new Attribute("amount", decimal(38, 2), false, null),
                    new Attribute("flag", bool(), false, null),
                    new Attribute("kind", tinyint(), true, "kind between 0 and 2"),
                    new Attribute("named", enumOf("A", "B", "C"), true, null),
                    new Attribute("uid", uuid(), false, null)));

    private static final Check CHECK = new Check("ck_checked_home", HOME.write(), null);

    @Test
    void theSnapshotKeepsThePartsAndReadsThemBack() {
        assertEquals(
                "json home null {amount DECIMAL(38,2) not null; flag BOOLEAN not null; kind TINYINT check (kind"
                        + " between 0 and 2); named ENUM[A,B,C]; uid UUID not null}",
                HOME.write());
        assertEquals(HOME, JsonAggregateCheck.read(HOME.write()).orElseThrow());
        assertEquals(java.util.Optional.empty(), JsonAggregateCheck.read("kind between 0 and 2"));
    }

    @Test
    void eachDatabaseReadsTheMembersInItsOwnSyntax() {
        assertEquals(
                "home is null or (cast(home->>'amount' as numeric(38,2)) is not null and cast(home->>'flag' as"
                        + " boolean) is not null and (cast(home->>'kind' as smallint) is null or cast(home->>'kind' as"
                        + " smallint) between 0 and 2) and (cast(home->>'named' as varchar(255)) is null or"
                        + " cast(home->>'named' as varchar(255)) in ('A','B','C')) and cast(home->>'uid' as uuid) is"
                        + " not null)",
                Dialects.byName("postgresql").checkCondition(CHECK));
        assertEquals(
                "home is null or (cast(json_unquote(nullif(json_extract(home,'$.amount'),cast('null' as json))) as"
                        + " decimal(38,2)) is not null and case nullif(json_extract(home,'$.flag'),cast('null' as"
                        + " json)) when cast('true' as json) then true when cast('false' as json) then false end is not"
                        + " null and (cast(json_unquote(nullif(json_extract(home,'$.kind'),cast('null' as json))) as"
                        + " signed) is null or cast(json_unquote(nullif(json_extract(home,'$.kind'),cast('null' as"
                        + " json))) as signed) between 0 and 2) and"
                        + " uuid_to_bin(json_unquote(nullif(json_extract(home,'$.uid'),cast('null' as json)))) is not"
                        + " null)",
                Dialects.byName("mysql").checkCondition(CHECK));
        assertEquals(
                "home is null or (cast(json_unquote(nullif(json_extract(home,'$.amount'),'null')) as decimal(38,2))"
                        + " is not null and case nullif(json_extract(home,'$.flag'),'null') when 'true' then true when"
                        + " 'false' then false end is not null and"
                        + " (cast(json_unquote(nullif(json_extract(home,'$.kind'),'null')) as signed) is null or"
                        + " cast(json_unquote(nullif(json_extract(home,'$.kind'),'null')) as signed) between 0 and 2)"
                        + " and cast(json_unquote(nullif(json_extract(home,'$.uid'),'null')) as uuid) is not null)",
                Dialects.byName("mariadb").checkCondition(CHECK));
        assertEquals(
                "home is null or (cast(stringdecode(regexp_replace(nullif((home).\"amount\",JSON'null'),'^\"(.*)\"$',"
                        + "'$1')) as numeric(38,2)) is not null and"
                        + " cast(stringdecode(regexp_replace(nullif((home).\"flag\",JSON'null'),'^\"(.*)\"$','$1')) as"
                        + " boolean) is not null and"
                        + " (cast(stringdecode(regexp_replace(nullif((home).\"kind\",JSON'null'),'^\"(.*)\"$','$1')) as"
                        + " tinyint) is null or"
                        + " cast(stringdecode(regexp_replace(nullif((home).\"kind\",JSON'null'),'^\"(.*)\"$','$1')) as"
                        + " tinyint) between 0 and 2) and"
                        + " cast(stringdecode(regexp_replace(nullif((home).\"uid\",JSON'null'),'^\"(.*)\"$','$1')) as"
                        + " uuid) is not null)",
                Dialects.byName("h2").checkCondition(CHECK));
    }

    /**
     * An embeddable stored as JSON inside another: its part within its member, as Hibernate 7.1.10 writes it (the
     * statements of {@code HibernateComparisonTest}'s fixture {@code types}, class {@code Nesting}), and the snapshot's
     * form reads back as written.
     */
    @Test
    void aNestedAggregateIsCheckedWithinItsMember() {
        JsonAggregateCheck wrap = new JsonAggregateCheck(
                "wrap",
                true,
                List.of(
                        new Attribute(
                                "inner", json(), true, null, List.of(new Attribute("code", varchar(255), false, null))),
                        new Attribute("name", varchar(255), false, null)));
        assertEquals(
                "json wrap null {inner JSON {code VARCHAR(255) not null}; name VARCHAR(255) not null}", wrap.write());
        assertEquals(wrap, JsonAggregateCheck.read(wrap.write()).orElseThrow());
        Check check = new Check("ck_nesting_wrap", wrap.write(), null);
        assertEquals(
                "wrap is null or (wrap->'inner' is null or (cast(wrap->'inner'->>'code' as varchar(255)) is not null)"
                        + " and cast(wrap->>'name' as varchar(255)) is not null)",
                Dialects.byName("postgresql").checkCondition(check));
        assertEquals(
                "wrap is null or ((wrap).\"inner\" is null or (cast(stringdecode(regexp_replace(nullif(((wrap).\"inner\")"
                        + ".\"code\",JSON'null'),'^\"(.*)\"$','$1')) as varchar(255)) is not null) and cast(stringdecode("
                        + "regexp_replace(nullif((wrap).\"name\",JSON'null'),'^\"(.*)\"$','$1')) as varchar(255)) is not null)",
                Dialects.byName("h2").checkCondition(check));
        assertEquals(
                "wrap is null or (nullif(json_extract(wrap,'$.inner'),'null') is null or (cast(json_unquote(nullif("
                        + "json_extract(nullif(json_extract(wrap,'$.inner'),'null'),'$.code'),'null')) as char) is not null)"
                        + " and cast(json_unquote(nullif(json_extract(wrap,'$.name'),'null')) as char) is not null)",
                Dialects.byName("mariadb").checkCondition(check));
    }

    /** An aggregate whose only constraint is a nullable enum is checked on PostgreSQL only, as Hibernate does. */
    /** A struct's type as Hibernate writes it on PostgreSQL; refused on the others, naming the type and the way out. */
    @Test
    void structTypesOnPostgresqlOnly() {
        dev.retort.core.model.UserType address = new dev.retort.core.model.UserType(
                "postal_address",
                List.of(
                        new dev.retort.core.model.Column("house_no", integer(), true, false, null),
                        new dev.retort.core.model.Column("where", struct("geo_point"), true, false, null)),
                null);
        assertEquals(
                List.of("CREATE TYPE postal_address AS (house_no integer, \"where\" geo_point)"),
                Dialects.byName("postgresql").toSqlForNewTable(new dev.retort.core.ops.CreateType(address)));
        assertEquals(
                List.of("DROP TYPE postal_address"),
                Dialects.byName("postgresql").toSql(new dev.retort.core.ops.DropType("postal_address")));
        dev.retort.core.model.Table venue = new dev.retort.core.model.Table(
                "venue",
                List.of(new dev.retort.core.model.Column("address", struct("postal_address"), false, false, null)),
                List.of(),
                List.of(),
                null);
        assertEquals(
                List.of("CREATE TABLE venue (address postal_address NOT NULL)"),
                Dialects.byName("postgresql").toSqlForNewTable(new dev.retort.core.ops.CreateTable(venue)));
        for (String db : List.of("mysql", "mariadb", "h2")) {
            UnsupportedColumnTypeException type = assertThrows(
                    UnsupportedColumnTypeException.class,
                    () -> Dialects.byName(db).toSqlForNewTable(new dev.retort.core.ops.CreateType(address)));
            assertTrue(
                    type.getMessage()
                            .startsWith("an embeddable stored as a struct (type postal_address, from @Struct) cannot be"
                                    + " created on " + db + ": Hibernate ORM refuses it there too"),
                    type.getMessage());
            UnsupportedColumnTypeException column = assertThrows(
                    UnsupportedColumnTypeException.class,
                    () -> Dialects.byName(db).toSqlForNewTable(new dev.retort.core.ops.CreateTable(venue)));
            assertTrue(
                    column.getMessage().startsWith("column address, an embeddable stored as a struct"),
                    column.getMessage());
        }
    }

    @Test
    void nothingToCheckMeansNoStatement() {
        Check labels = new Check(
                "ck_t_labels",
                new JsonAggregateCheck("labels", true, List.of(new Attribute("shade", enumOf("A", "B"), true, null)))
                        .write(),
                null);
        for (String db : List.of("mysql", "mariadb", "h2")) {
            assertEquals(List.of(), Dialects.byName(db).toSqlForNewTable(new AddCheck("t", labels)), db);
            assertEquals(List.of(), Dialects.byName(db).toSql(new AddCheck("t", labels)), db);
        }
        assertEquals(
                List.of("ALTER TABLE t ADD CONSTRAINT ck_t_labels CHECK (labels is null or ((cast(labels->>'shade' as"
                        + " varchar(255)) is null or cast(labels->>'shade' as varchar(255)) in ('A','B'))))"),
                Dialects.byName("postgresql").toSqlForNewTable(new AddCheck("t", labels)));
    }

    @Test
    void anXmlAggregateIsXmlOnPostgresqlAndRefusedWhereHibernateRefusesIt() {
        Column doc = new Column("doc", xmlAggregate(), true, false, "Shop.doc");
        CreateTable create =
                new CreateTable(new Table("shop", List.of(doc), List.of(), List.of(), List.of(), List.of(), null));
        assertEquals(
                List.of("CREATE TABLE shop (doc xml)"),
                Dialects.byName("postgresql").toSqlForNewTable(create));
        for (String db : List.of("mysql", "mariadb", "h2")) {
            UnsupportedColumnTypeException e = assertThrows(
                    UnsupportedColumnTypeException.class,
                    () -> Dialects.byName(db).toSqlForNewTable(create),
                    db);
            assertEquals(
                    "column doc (Shop.doc), an embeddable stored as XML (@JdbcTypeCode(SqlTypes.SQLXML) on an embedded"
                            + " attribute) cannot be created on "
                            + Dialects.byName(db).name() + ": Hibernate ORM"
                            + " refuses it there too (\"Unsupported aggregate SQL type: 2009\"; it stores such an"
                            + " embeddable on PostgreSQL only). Store the embeddable as JSON with"
                            + " @JdbcTypeCode(SqlTypes.JSON), or map it with plain @Embedded columns",
                    e.getMessage());
            assertThrows(
                    UnsupportedColumnTypeException.class,
                    () -> Dialects.byName(db).toSql(new AddColumn("shop", doc)),
                    db);
        }
    }
}

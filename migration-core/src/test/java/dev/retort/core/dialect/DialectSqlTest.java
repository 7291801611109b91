package dev.retort.core.dialect;

import static dev.retort.migration.Types.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.retort.core.h2.H2Dialect;
import dev.retort.core.model.Check;
import dev.retort.core.model.Column;
import dev.retort.core.model.ForeignKey;
import dev.retort.core.model.Index;
import dev.retort.core.model.Table;
import dev.retort.core.mysql.MariaDbDialect;
import dev.retort.core.mysql.MySqlDialect;
import dev.retort.core.ops.AddCheck;
import dev.retort.core.ops.AddColumn;
import dev.retort.core.ops.AddForeignKey;
import dev.retort.core.ops.AlterColumn;
import dev.retort.core.ops.CreateIndex;
import dev.retort.core.ops.CreateTable;
import dev.retort.core.ops.DropCheck;
import dev.retort.core.ops.DropColumn;
import dev.retort.core.ops.DropIndex;
import dev.retort.core.ops.DropTable;
import dev.retort.core.ops.Operation;
import dev.retort.core.ops.RenameTable;
import dev.retort.core.postgres.PostgresDialect;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Per-dialect SQL against goldens; the types are those Hibernate ORM 7 exports for the same mappings. */
class DialectSqlTest {

    static final Table CUSTOMER = new Table(
            "Customer",
            List.of(
                    new Column("id", bigint(), false, true, null),
                    new Column("name", varchar(100), false, false, null),
                    new Column("status", enumOf("ACTIVE", "BLOCKED"), true, false, null),
                    new Column("balance", decimal(38, 2), true, false, null),
                    new Column("createdAt", timestamp(6), true, false, null),
                    new Column("seenAt", timestampTz(6), true, false, null),
                    new Column("token", uuid(), true, false, null),
                    new Column("active", bool(), false, false, null),
                    new Column("initial", fixedChar(1), false, false, null),
                    new Column("ratio", real(), true, false, null),
                    new Column("opens", time(), true, false, null)),
            List.of("id"),
            List.of(),
            null);

    static final List<Operation> OPS = List.of(
            new CreateTable(CUSTOMER),
            new AddColumn("Customer", new Column("bio", varchar(500), true, false, null)),
            new AlterColumn(
                    "Customer",
                    new Column("name", varchar(100), false, false, null),
                    new Column("name", varchar(200), true, false, null),
                    false),
            new CreateIndex("Customer", new Index("uk_customer_name", List.of("name"), true, null)),
            new CreateIndex("Customer", new Index("ix_customer_status", List.of("status", "createdAt"), false, null)),
            new DropIndex("Customer", "ix_customer_status", false),
            new DropIndex("Customer", "uk_customer_name", true),
            new DropColumn("Customer", "bio", true),
            new DropTable("Customer", true));

    static String render(Dialect d) {
        return render(d, OPS);
    }

    static String render(Dialect d, List<Operation> ops) {
        return ops.stream().flatMap(op -> d.toSql(op).stream()).collect(Collectors.joining(";\n", "", ";\n"));
    }

    @Test
    void mysql() {
        assertEquals("""
                CREATE TABLE `Customer` (`id` bigint NOT NULL AUTO_INCREMENT, `name` varchar(100) NOT NULL, \
                `status` enum ('ACTIVE','BLOCKED'), `balance` decimal(38,2), `createdAt` datetime(6), `seenAt` datetime(6), \
                `token` binary(16), `active` bit NOT NULL, `initial` varchar(1) NOT NULL, `ratio` float(23), `opens` time(0), \
                PRIMARY KEY (`id`)) ENGINE=InnoDB;
                ALTER TABLE `Customer` ADD COLUMN `bio` varchar(500), ALGORITHM=INSTANT;
                ALTER TABLE `Customer` MODIFY COLUMN `name` varchar(200), ALGORITHM=INPLACE, LOCK=NONE;
                ALTER TABLE `Customer` ADD CONSTRAINT `uk_customer_name` UNIQUE (`name`), ALGORITHM=INPLACE, LOCK=NONE;
                CREATE INDEX `ix_customer_status` ON `Customer` (`status`, `createdAt`) ALGORITHM=INPLACE LOCK=NONE;
                ALTER TABLE `Customer` DROP INDEX `ix_customer_status`, ALGORITHM=INPLACE, LOCK=NONE;
                ALTER TABLE `Customer` DROP INDEX `uk_customer_name`, ALGORITHM=INPLACE, LOCK=NONE;
                ALTER TABLE `Customer` DROP COLUMN `bio`, ALGORITHM=INSTANT;
                DROP TABLE `Customer`;
                """, render(new MySqlDialect()));
    }

    /** Column and check changes on a table in use, which each MySQL release makes differently. */
    static final List<Operation> BY_VERSION = List.of(
            new AddColumn("orders", new Column("note", varchar(40), true, false, null)),
            new DropColumn("orders", "fax", true),
            new AddCheck("orders", new Check("ck_orders_amount", "amount >= 0", null)),
            new DropCheck("orders", "ck_orders_amount"));

    /** MySQL 8.0.15: instant ADD COLUMN (from 8.0.12), DROP COLUMN rebuilt in place, checks discarded by the server so none sent. */
    @Test
    void mysql8015() {
        assertEquals("""
                ALTER TABLE `orders` ADD COLUMN `note` varchar(40), ALGORITHM=INSTANT;
                ALTER TABLE `orders` DROP COLUMN `fax`, ALGORITHM=INPLACE, LOCK=NONE;
                """, render(MySqlDialect.forServer("8.0.15"), BY_VERSION));
    }

    /** MySQL 8.0.31 (and 8.4, 9.x, offline): ADD and DROP COLUMN instant, checks kept (adding one needs a copy, see the runner). */
    @Test
    void mysql8031() {
        String sql = """
                ALTER TABLE `orders` ADD COLUMN `note` varchar(40), ALGORITHM=INSTANT;
                ALTER TABLE `orders` DROP COLUMN `fax`, ALGORITHM=INSTANT;
                ALTER TABLE `orders` ADD CONSTRAINT `ck_orders_amount` CHECK (amount >= 0), ALGORITHM=INPLACE, LOCK=NONE;
                ALTER TABLE `orders` DROP CHECK `ck_orders_amount`, ALGORITHM=INPLACE, LOCK=NONE;
                """;
        assertEquals(sql, render(MySqlDialect.forServer("8.0.31"), BY_VERSION));
        assertEquals(sql, render(MySqlDialect.forServer("8.4.3"), BY_VERSION));
        assertEquals(sql, render(MySqlDialect.forServer("9.1.0-commercial"), BY_VERSION));
        assertEquals(sql, render(new MySqlDialect(), BY_VERSION), "offline, a current server is assumed");
        assertEquals(
                sql,
                render(MySqlDialect.forServer("unknown"), BY_VERSION),
                "an unreadable version is taken as current");
    }

    /** The edges: no INSTANT before 8.0.12; 8.0.16 keeps checks; 8.0.29 rebuilds (its instant changes risk corruption); 8.0.30 drops instantly. */
    @Test
    void mysqlVersionEdges() {
        List<Operation> columns = BY_VERSION.subList(0, 2);
        String rebuilt = """
                ALTER TABLE `orders` ADD COLUMN `note` varchar(40), ALGORITHM=INPLACE, LOCK=NONE;
                ALTER TABLE `orders` DROP COLUMN `fax`, ALGORITHM=INPLACE, LOCK=NONE;
                """;
        assertEquals(rebuilt, render(MySqlDialect.forServer("8.0.11"), columns));
        assertEquals(rebuilt, render(MySqlDialect.forServer("8.0.29"), columns));
        assertEquals("""
                ALTER TABLE `orders` ADD COLUMN `note` varchar(40), ALGORITHM=INSTANT;
                ALTER TABLE `orders` DROP COLUMN `fax`, ALGORITHM=INPLACE, LOCK=NONE;
                """, render(MySqlDialect.forServer("8.0.28"), columns));
        assertEquals("""
                ALTER TABLE `orders` ADD COLUMN `note` varchar(40), ALGORITHM=INSTANT;
                ALTER TABLE `orders` DROP COLUMN `fax`, ALGORITHM=INSTANT;
                """, render(MySqlDialect.forServer("8.0.30"), columns));
        assertEquals(
                List.of(false, true),
                Stream.of("8.0.15", "8.0.16")
                        .map(v -> MySqlDialect.forServer(v).keepsChecks())
                        .toList());
        assertEquals(
                List.of(80015, 80031, 80403, 90100, MySqlDialect.CURRENT),
                Stream.of("8.0.15", "8.0.31-log", "8.4.3", "9.1.0", "")
                        .map(MySqlDialect::versionNumber)
                        .toList());
    }

    /** MariaDB: the uuid type, and its richer online-DDL vocabulary (INSTANT with LOCK=NONE, NOCOPY, instant DROP COLUMN). */
    @Test
    void mariadb() {
        assertEquals("""
                CREATE TABLE `Customer` (`id` bigint NOT NULL AUTO_INCREMENT, `name` varchar(100) NOT NULL, \
                `status` enum ('ACTIVE','BLOCKED'), `balance` decimal(38,2), `createdAt` datetime(6), `seenAt` datetime(6), \
                `token` uuid, `active` bit NOT NULL, `initial` varchar(1) NOT NULL, `ratio` float(23), `opens` time(0), \
                PRIMARY KEY (`id`)) ENGINE=InnoDB;
                ALTER TABLE `Customer` ADD COLUMN `bio` varchar(500), ALGORITHM=INSTANT, LOCK=NONE;
                ALTER TABLE `Customer` MODIFY COLUMN `name` varchar(200), ALGORITHM=INPLACE, LOCK=NONE;
                ALTER TABLE `Customer` ADD CONSTRAINT `uk_customer_name` UNIQUE (`name`), ALGORITHM=NOCOPY, LOCK=NONE;
                CREATE INDEX `ix_customer_status` ON `Customer` (`status`, `createdAt`) ALGORITHM=NOCOPY LOCK=NONE;
                ALTER TABLE `Customer` DROP INDEX `ix_customer_status`, ALGORITHM=NOCOPY, LOCK=NONE;
                ALTER TABLE `Customer` DROP INDEX `uk_customer_name`, ALGORITHM=NOCOPY, LOCK=NONE;
                ALTER TABLE `Customer` DROP COLUMN `bio`, ALGORITHM=INSTANT, LOCK=NONE;
                DROP TABLE `Customer`;
                """, render(new MariaDbDialect()));
    }

    static final List<Operation> ON_DATA = List.of(
            new AddForeignKey(
                    "orders",
                    new ForeignKey(
                            "fk_orders_customer", List.of("customer_id"), "customer", List.of("id"), null, null, null)),
            new AddCheck("orders", new Check("ck_orders_amount", "amount >= 0", null)),
            new AlterColumn(
                    "orders",
                    new Column("note", varchar(40), true, false, null),
                    new Column("note", varchar(40), false, false, null),
                    false),
            new RenameTable("orders", "purchase"));

    /** Foreign keys without a table copy (checks off: Retort counts orphans itself first), checks and NOT NULL. */
    @Test
    void mariadbChangesOnExistingData() {
        MariaDbDialect d = new MariaDbDialect();
        assertEquals("""
                SET SESSION foreign_key_checks = 0;
                ALTER TABLE `orders` ADD CONSTRAINT `fk_orders_customer` FOREIGN KEY (`customer_id`) REFERENCES `customer` (`id`), \
                ALGORITHM=INPLACE, LOCK=NONE;
                SET SESSION foreign_key_checks = 1;
                ALTER TABLE `orders` ADD CONSTRAINT `ck_orders_amount` CHECK (amount >= 0), ALGORITHM=INPLACE, LOCK=NONE;
                ALTER TABLE `orders` MODIFY COLUMN `note` varchar(40) NOT NULL, ALGORITHM=INPLACE, LOCK=NONE;
                ALTER TABLE `orders` RENAME TO `purchase`, ALGORITHM=INSTANT;
                """, render(d, ON_DATA));
        assertEquals(
                "SELECT COUNT(*) FROM `orders` r WHERE r.`customer_id` IS NOT NULL AND NOT EXISTS "
                        + "(SELECT 1 FROM `customer` p WHERE p.`id` = r.`customer_id`)",
                d.guards(ON_DATA.get(0)).get(0).query());
        assertEquals(
                "SELECT COUNT(*) FROM `orders` WHERE `note` IS NULL",
                d.guards(ON_DATA.get(2)).get(0).query());
        assertEquals(
                "ALTER TABLE `orders` ADD CONSTRAINT `ck_orders_amount` CHECK (amount >= 0)",
                d.toSqlForNewTable(ON_DATA.get(1)).get(0),
                "a new, empty table takes the check without clause");
    }

    /** NOT VALID then VALIDATE, and SET NOT NULL behind a validated check, so nothing scans under a write-blocking lock. */
    @Test
    void postgresqlChangesOnExistingData() {
        PostgresDialect d = new PostgresDialect();
        assertEquals("""
                ALTER TABLE orders ADD CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customer (id) NOT VALID;
                ALTER TABLE orders VALIDATE CONSTRAINT fk_orders_customer;
                ALTER TABLE orders ADD CONSTRAINT ck_orders_amount CHECK (amount >= 0) NOT VALID;
                ALTER TABLE orders VALIDATE CONSTRAINT ck_orders_amount;
                ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_note_not_null;
                ALTER TABLE orders ADD CONSTRAINT orders_note_not_null CHECK (note IS NOT NULL) NOT VALID;
                ALTER TABLE orders VALIDATE CONSTRAINT orders_note_not_null;
                ALTER TABLE orders ALTER COLUMN note SET NOT NULL;
                ALTER TABLE orders DROP CONSTRAINT orders_note_not_null;
                ALTER TABLE orders RENAME TO purchase;
                """, render(d, ON_DATA));
        assertEquals(List.of("ALTER TABLE orders ALTER COLUMN note SET NOT NULL"), d.toSqlForNewTable(ON_DATA.get(2)));
        assertEquals(
                List.of(false, true),
                d.statements(ON_DATA.get(1)).stream().map(d::requiresAutocommit).toList(),
                "VALIDATE CONSTRAINT commits on its own");
        assertEquals(
                List.of(false, false),
                d
                        .statements(new AddColumn(
                                "orders",
                                new Column("x", integer(), true, false, null, "then VALIDATE CONSTRAINT x", null)))
                        .stream()
                        .map(d::requiresAutocommit)
                        .toList(),
                "what a comment says is no statement");
        String longName =
                PostgresDialect.notNullCheckName("a_table_with_a_rather_long_name", "and_a_column_with_a_long_name");
        assertEquals(true, longName.length() <= 63, longName);
    }

    @Test
    void h2() {
        assertEquals("""
                CREATE TABLE Customer (id bigint NOT NULL GENERATED BY DEFAULT AS IDENTITY, name varchar(100) NOT NULL, \
                status enum ('ACTIVE','BLOCKED'), balance numeric(38,2), createdAt timestamp(6), \
                seenAt timestamp(6) with time zone, token uuid, active boolean NOT NULL, initial char(1) NOT NULL, \
                ratio float(24), opens time(0), PRIMARY KEY (id));
                ALTER TABLE Customer ADD COLUMN bio varchar(500);
                ALTER TABLE Customer ALTER COLUMN name SET DATA TYPE varchar(200);
                ALTER TABLE Customer ALTER COLUMN name SET NULL;
                ALTER TABLE Customer ADD CONSTRAINT uk_customer_name UNIQUE (name);
                CREATE INDEX ix_customer_status ON Customer (status, createdAt);
                DROP INDEX ix_customer_status;
                ALTER TABLE Customer DROP CONSTRAINT uk_customer_name;
                ALTER TABLE Customer DROP COLUMN bio;
                DROP TABLE Customer;
                """, render(new H2Dialect()));
    }

    @Test
    void postgresql() {
        assertEquals("""
                CREATE TABLE Customer (id bigint NOT NULL GENERATED BY DEFAULT AS IDENTITY, name varchar(100) NOT NULL, \
                status varchar(255) CHECK (status IN ('ACTIVE','BLOCKED')), balance numeric(38,2), createdAt timestamp(6), \
                seenAt timestamp(6) with time zone, token uuid, active boolean NOT NULL, initial char(1) NOT NULL, \
                ratio float4, opens time(0), PRIMARY KEY (id));
                ALTER TABLE Customer ADD COLUMN bio varchar(500);
                ALTER TABLE Customer ALTER COLUMN name TYPE varchar(200);
                ALTER TABLE Customer ALTER COLUMN name DROP NOT NULL;
                CREATE UNIQUE INDEX CONCURRENTLY uk_customer_name ON Customer (name);
                ALTER TABLE Customer ADD CONSTRAINT uk_customer_name UNIQUE USING INDEX uk_customer_name;
                CREATE INDEX CONCURRENTLY ix_customer_status ON Customer (status, createdAt);
                DROP INDEX CONCURRENTLY ix_customer_status;
                ALTER TABLE Customer DROP CONSTRAINT uk_customer_name;
                ALTER TABLE Customer DROP COLUMN bio;
                DROP TABLE Customer;
                """, render(new PostgresDialect()));
        assertEquals(
                """
                CREATE TABLE Customer (id bigint NOT NULL GENERATED BY DEFAULT AS IDENTITY, name varchar(100) NOT NULL, \
                status varchar(255) CHECK (status IN ('ACTIVE','BLOCKED')), balance numeric(38,2), createdAt timestamp(6), \
                seenAt timestamp(6) with time zone, token uuid, active boolean NOT NULL, initial char(1) NOT NULL, \
                ratio float4, opens time(0), PRIMARY KEY (id));
                ALTER TABLE Customer ADD COLUMN bio varchar(500);
                ALTER TABLE Customer ALTER COLUMN name TYPE varchar(200);
                ALTER TABLE Customer ALTER COLUMN name DROP NOT NULL;
                ALTER TABLE Customer ADD CONSTRAINT uk_customer_name UNIQUE (name);
                CREATE INDEX ix_customer_status ON Customer (status, createdAt);
                DROP INDEX ix_customer_status;
                ALTER TABLE Customer DROP CONSTRAINT uk_customer_name;
                ALTER TABLE Customer DROP COLUMN bio;
                DROP TABLE Customer;
                """,
                OPS.stream()
                        .flatMap(op -> new PostgresDialect().toSqlForNewTable(op).stream())
                        .collect(Collectors.joining(";\n", "", ";\n")),
                "a table created in the same revision gets the plain forms");
        assertEquals("\"user\"", new PostgresDialect().quote("User"));
    }

    @Test
    void h2QuotesKeywordsInTheCaseItFoldsTo() {
        H2Dialect h2 = new H2Dialect();
        assertEquals("\"USER\"", h2.quote("user"));
        assertEquals("\"ORDER\"", h2.quote("Order"));
        assertEquals("\"MY TABLE\"", h2.quote("my table"));
        assertEquals("app_user", h2.quote("app_user"));
        assertEquals("`we``ird`", new MySqlDialect().quote("we`ird"));
    }

    @Test
    void detectsTheServerNotTheDriver() {
        assertInstanceOf(MariaDbDialect.class, Dialects.byProduct("MySQL", "5.5.5-10.11.5-MariaDB"));
        assertInstanceOf(MariaDbDialect.class, Dialects.byProduct("MariaDB", "10.11.5-MariaDB"));
        assertEquals("mysql", Dialects.byProduct("MySQL", "8.0.36").name());
        assertEquals("h2", Dialects.byProduct("H2", "2.3.232 (2024-08-11)").name());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Dialects.byProduct("Oracle", "23"));
        assertEquals(true, e.getMessage().contains("Oracle 23 is not supported"));
        assertEquals("postgresql", Dialects.byProduct("PostgreSQL", "14.10").name());
        assertEquals(
                List.of("mysql", "mariadb", "postgresql", "h2"),
                Stream.of("mysql", "MariaDB", "postgresql", "H2")
                        .map(n -> Dialects.byName(n).name())
                        .toList());
    }

    /** MySQL before 8.0.16 parses CHECK constraints and discards them, and has no DROP CHECK: Retort sends none there. */
    @Test
    void mysqlBefore8016GetsNoCheckStatements() {
        AddCheck add = new AddCheck("orders", new Check("ck_orders_amount", "amount >= 0", null));
        DropCheck drop = new DropCheck("orders", "ck_orders_amount");
        Dialect old = Dialects.byProduct("MySQL", "8.0.15");
        assertEquals(
                List.of(false, true, true, true),
                Stream.of("8.0.15", "8.0.16", "8.4.3", "9.1.0")
                        .map(v -> Dialects.byProduct("MySQL", v).keepsChecks())
                        .toList());
        assertEquals(List.of(), old.toSql(add));
        assertEquals(List.of(), old.toSqlForNewTable(add));
        assertEquals(List.of(), old.toSql(drop));
        Dialect current = Dialects.byProduct("MySQL", "8.0.36");
        assertEquals(
                List.of(
                        "ALTER TABLE `orders` ADD CONSTRAINT `ck_orders_amount` CHECK (amount >= 0), ALGORITHM=INPLACE, LOCK=NONE"),
                current.toSql(add));
        assertEquals(
                List.of("ALTER TABLE `orders` DROP CHECK `ck_orders_amount`, ALGORITHM=INPLACE, LOCK=NONE"),
                current.toSql(drop));
        assertEquals(true, new MySqlDialect().keepsChecks(), "offline, a current server is assumed");
    }
}

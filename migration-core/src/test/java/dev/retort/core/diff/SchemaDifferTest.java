package dev.retort.core.diff;

import static dev.retort.core.diff.TestSchemas.*;
import static dev.retort.migration.Types.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.model.Column;
import dev.retort.core.model.ForeignKey;
import dev.retort.core.model.Schema;
import dev.retort.core.model.Table;
import dev.retort.core.ops.Operation;
import dev.retort.migration.ReferentialAction;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The differ, table-driven: each case is a replayed schema, a model, and the exact steps expected.
 * Every case is also replayed: the upgrade must reach the model and its inverse must restore the
 * replayed schema.
 */
class SchemaDifferTest {

    record Case(String name, Schema before, Schema after, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final Table USER = table("user", id(), col("name", varchar(50)), col("email", varchar(100)));
    static final Table ORDER = table("order", id(), col("user_id", bigint()), notNull("amount", decimal(8, 2)));

    /** Changes to the Java side that leave the physical schema alone: no migration. */
    static Stream<Case> noSchemaChange() {
        Table user = unique(USER, "uk_user_email", "email");
        return Stream.of(
                new Case(
                        "field renamed, @Column(name) kept",
                        schema(user),
                        schema(user.withColumns(List.of(
                                source(id(), "User.id"),
                                source(col("name", varchar(50)), "User.fullName"),
                                source(col("email", varchar(100)), "User.mail")))),
                        List.of()),
                new Case(
                        "fields reordered",
                        schema(user),
                        schema(user.withColumns(List.of(col("email", varchar(100)), id(), col("name", varchar(50))))),
                        List.of()),
                new Case(
                        "javax.persistence to jakarta.persistence: the same snapshot",
                        schema(user),
                        schema(user),
                        List.of()),
                new Case(
                        "columnDefinition equivalent to the mapped type, default written with spaces",
                        schema(table("t", id(), withDefault(col("n", integer()), "0"))),
                        schema(table("t", id(), withDefault(col("n", integer()), " 0 "))),
                        List.of()),
                new Case(
                        "names differing only in case",
                        schema(user),
                        schema(table("User", id(), col("Name", varchar(50)), col("EMAIL", varchar(100)))
                                .withIndexes(List.of(new dev.retort.core.model.Index(
                                        "UK_USER_EMAIL", List.of("Email"), true, null)))),
                        List.of()),
                new Case(
                        "check expression reformatted",
                        schema(check(USER, "ck_name", "length(name) > 0")),
                        schema(check(USER, "ck_name", "length(name)  >  0 ")),
                        List.of()),
                new Case(
                        "NO ACTION stated explicitly",
                        schema(USER, fk(ORDER, "fk_order_user", "user_id", "user")),
                        schema(USER, fk(ORDER, "fk_order_user", "user_id", "user", ReferentialAction.NO_ACTION)),
                        List.of()),
                new Case(
                        "a unique constraint on the primary key is not created (nor by Hibernate)",
                        schema(USER),
                        schema(unique(USER, "uk_user_id", "id")),
                        List.of()));
    }

    static Stream<Case> schemaChanges() {
        Table item = check(
                fk(
                        unique(
                                table(
                                        "item",
                                        id(),
                                        notNull("sku", varchar(20)),
                                        col("user_id", bigint()),
                                        notNull("price", decimal(10, 2))),
                                "uk_item_sku",
                                "sku"),
                        "fk_item_user",
                        "user_id",
                        "user"),
                "ck_item_price",
                "price >= 0");
        return Stream.of(
                new Case(
                        "table added with its unique constraint, check and foreign key",
                        schema(USER),
                        schema(USER, item),
                        List.of(
                                "createTable item (id BIGINT NOT NULL AUTO_INCREMENT, sku VARCHAR(20) NOT NULL, user_id BIGINT NULL, "
                                        + "price DECIMAL(10,2) NOT NULL, PRIMARY KEY [id])",
                                "addUnique item.uk_item_sku [sku]",
                                "addCheck item.ck_item_price (price >= 0)",
                                "addForeignKey item.fk_item_user [user_id] -> user[id]")),
                new Case(
                        "table dropped: its foreign keys go first",
                        schema(USER, item),
                        schema(USER),
                        List.of("dropForeignKey item.fk_item_user", "dropTable item")),
                new Case(
                        "new tables in foreign-key order, dropped in reverse",
                        schema(
                                table("z_old", id()),
                                fk(table("a_old", id(), col("z_id", bigint())), "fk_a_z", "z_id", "z_old")),
                        schema(
                                table("z_new", id()),
                                fk(table("a_new", id(), col("z_id", bigint())), "fk_a_new_z", "z_id", "z_new")),
                        List.of(
                                "dropForeignKey a_old.fk_a_z",
                                "createTable z_new (id BIGINT NOT NULL AUTO_INCREMENT, PRIMARY KEY [id])",
                                "createTable a_new (id BIGINT NOT NULL AUTO_INCREMENT, z_id BIGINT NULL, PRIMARY KEY [id])",
                                "addForeignKey a_new.fk_a_new_z [z_id] -> z_new[id]",
                                "dropTable a_old",
                                "dropTable z_old")),
                new Case(
                        "a cycle of foreign keys: tables first, keys after",
                        Schema.EMPTY,
                        schema(
                                fk(table("a", id(), col("b_id", bigint())), "fk_a_b", "b_id", "b"),
                                fk(table("b", id(), col("a_id", bigint())), "fk_b_a", "a_id", "a")),
                        List.of(
                                "createTable a (id BIGINT NOT NULL AUTO_INCREMENT, b_id BIGINT NULL, PRIMARY KEY [id])",
                                "createTable b (id BIGINT NOT NULL AUTO_INCREMENT, a_id BIGINT NULL, PRIMARY KEY [id])",
                                "addForeignKey a.fk_a_b [b_id] -> b[id]",
                                "addForeignKey b.fk_b_a [a_id] -> a[id]")),
                new Case(
                        "join table of a many-to-many association is a table like any other",
                        schema(USER, table("role", id())),
                        schema(
                                USER,
                                table("role", id()),
                                pk(
                                        fk(
                                                fk(
                                                        table(
                                                                "user_role",
                                                                notNull("user_id", bigint()),
                                                                notNull("role_id", bigint())),
                                                        "fk_user_role_user",
                                                        "user_id",
                                                        "user"),
                                                "fk_user_role_role",
                                                "role_id",
                                                "role"),
                                        "user_id",
                                        "role_id")),
                        List.of(
                                "createTable user_role (user_id BIGINT NOT NULL, role_id BIGINT NOT NULL, PRIMARY KEY [user_id, role_id])",
                                "addForeignKey user_role.fk_user_role_role [role_id] -> role[id]",
                                "addForeignKey user_role.fk_user_role_user [user_id] -> user[id]")),
                new Case(
                        "table renamed by @RenamedFrom, with a new column",
                        schema(USER),
                        schema(renamedFrom(
                                table(
                                        "account",
                                        id(),
                                        col("name", varchar(50)),
                                        col("email", varchar(100)),
                                        col("bio", varchar(500))),
                                "user")),
                        List.of("renameTable user -> account", "addColumn account.bio VARCHAR(500) NULL")),
                new Case(
                        "table renamed without hint: one gone, one new, same columns",
                        schema(USER),
                        schema(table("account", id(), col("name", varchar(50)), col("email", varchar(100)))),
                        List.of("renameTable user -> account")),
                new Case(
                        "tables gone and new, ambiguous: drop + create",
                        schema(table("a", id()), table("b", id())),
                        schema(table("c", id()), table("d", id())),
                        List.of(
                                "createTable c (id BIGINT NOT NULL AUTO_INCREMENT, PRIMARY KEY [id])",
                                "createTable d (id BIGINT NOT NULL AUTO_INCREMENT, PRIMARY KEY [id])",
                                "dropTable b",
                                "dropTable a")),
                new Case(
                        "columns added, dropped and changed",
                        schema(table("t", id(), col("fax", varchar(40)), col("score", integer()))),
                        schema(table(
                                "t",
                                id(),
                                notNull("score", bigint()),
                                col("bio", varchar(500)),
                                col("age", integer()))),
                        List.of(
                                "addColumn t.bio VARCHAR(500) NULL",
                                "addColumn t.age INTEGER NULL",
                                "alterColumn t.score INTEGER NULL -> score BIGINT NOT NULL",
                                "dropColumn t.fax")),
                new Case(
                        "column renamed by @RenamedFrom and widened",
                        schema(table("t", id(), col("fax", varchar(40)))),
                        schema(table("t", id(), hinted(col("phone", varchar(60)), "fax"))),
                        List.of(
                                "renameColumn t.fax -> phone",
                                "alterColumn t.phone VARCHAR(40) NULL -> phone VARCHAR(60) NULL")),
                new Case(
                        "column renamed without hint: one gone, one new, same definition",
                        schema(table("t", id(), col("fax", varchar(40)))),
                        schema(table("t", id(), col("phone", varchar(40)))),
                        List.of("renameColumn t.fax -> phone")),
                new Case(
                        "one gone, one new, different definitions: drop + add",
                        schema(table("t", id(), col("fax", varchar(40)))),
                        schema(table("t", id(), col("phone", varchar(60)))),
                        List.of("addColumn t.phone VARCHAR(60) NULL", "dropColumn t.fax")),
                new Case(
                        "two gone, two new with the same definition: drop + add",
                        schema(table("t", id(), col("a", integer()), col("b", integer()))),
                        schema(table("t", id(), col("c", integer()), col("d", integer()))),
                        List.of(
                                "addColumn t.c INTEGER NULL",
                                "addColumn t.d INTEGER NULL",
                                "dropColumn t.a",
                                "dropColumn t.b")),
                new Case(
                        "type changes, widening and narrowing",
                        schema(table(
                                "t",
                                id(),
                                col("code", varchar(40)),
                                col("amount", decimal(10, 2)),
                                col("kind", enumOf("A", "B")),
                                col("n", integer()),
                                col("note", varchar(100)))),
                        schema(table(
                                "t",
                                id(),
                                col("code", varchar(20)),
                                col("amount", decimal(12, 2)),
                                col("kind", enumOf("A", "B", "C")),
                                col("n", smallint()),
                                col("note", clob()))),
                        List.of(
                                "alterColumn t.code VARCHAR(40) NULL -> code VARCHAR(20) NULL",
                                "alterColumn t.amount DECIMAL(10,2) NULL -> amount DECIMAL(12,2) NULL",
                                "alterColumn t.kind ENUM[A, B] NULL -> kind ENUM[A, B, C] NULL",
                                "alterColumn t.n INTEGER NULL -> n SMALLINT NULL",
                                "alterColumn t.note VARCHAR(100) NULL -> note CLOB NULL")),
                new Case(
                        "nullability, default, comment, identity",
                        schema(table(
                                "t",
                                notNull("id", bigint()),
                                col("a", integer()),
                                withDefault(col("b", integer()), "1"),
                                col("c", integer()))),
                        schema(table(
                                "t",
                                id(),
                                withDefault(col("a", integer()), "0"),
                                col("b", integer()),
                                withComment(notNull("c", integer()), "count"))),
                        List.of(
                                "alterColumn t.id BIGINT NOT NULL -> id BIGINT NOT NULL AUTO_INCREMENT",
                                "alterColumn t.a INTEGER NULL -> a INTEGER NULL DEFAULT 0",
                                "alterColumn t.b INTEGER NULL DEFAULT 1 -> b INTEGER NULL",
                                "alterColumn t.c INTEGER NULL -> c INTEGER NOT NULL COMMENT 'count'")),
                new Case(
                        "primary key gains a column",
                        schema(table("t", id(), notNull("tenant", integer()))),
                        schema(pk(table("t", id(), notNull("tenant", integer())), "id", "tenant")),
                        List.of("alterPrimaryKey t [id] -> [id, tenant]")),
                new Case(
                        "primary key moves to a new column; the old one goes",
                        schema(table("t", notNull("code", varchar(10)), col("x", integer()))
                                .withPrimaryKey(List.of("code"))),
                        schema(table("t", id(), col("x", integer()))),
                        List.of(
                                "addColumn t.id BIGINT NOT NULL AUTO_INCREMENT",
                                "alterPrimaryKey t [code] -> [id]",
                                "dropColumn t.code")),
                new Case(
                        "primary-key type widened while a foreign key references it: drop the key, alter both, re-add",
                        schema(
                                table("customer", notNull("id", integer())).withPrimaryKey(List.of("id")),
                                fk(
                                        table("purchase", id(), col("customer_id", integer())),
                                        "fk_purchase_customer",
                                        "customer_id",
                                        "customer")),
                        schema(
                                table("customer", notNull("id", bigint())).withPrimaryKey(List.of("id")),
                                fk(
                                        table("purchase", id(), col("customer_id", bigint())),
                                        "fk_purchase_customer",
                                        "customer_id",
                                        "customer")),
                        List.of(
                                "dropForeignKey purchase.fk_purchase_customer",
                                "alterColumn customer.id INTEGER NOT NULL -> id BIGINT NOT NULL",
                                "alterColumn purchase.customer_id INTEGER NULL -> customer_id BIGINT NULL",
                                "addForeignKey purchase.fk_purchase_customer [customer_id] -> customer[id]")),
                new Case(
                        "unique constraint added and another dropped: one step each",
                        schema(unique(USER, "uk_user_name", "name")),
                        schema(unique(USER, "uk_user_email", "email")),
                        List.of("dropUnique user.uk_user_name", "addUnique user.uk_user_email [email]")),
                new Case(
                        "index added, dropped, column order changed, made unique",
                        schema(index(index(index(USER, "ix_a", "name"), "ix_b", "name", "email"), "ix_c", "email")),
                        schema(unique(
                                index(index(USER, "ix_b", "email", "name"), "ix_d", "id", "name"), "ix_c", "email")),
                        List.of(
                                "dropIndex user.ix_a",
                                "dropIndex user.ix_b",
                                "dropIndex user.ix_c",
                                "createIndex user.ix_b [email, name]",
                                "addUnique user.ix_c [email]",
                                "createIndex user.ix_d [id, name]")),
                new Case(
                        "index renamed: same columns, new name",
                        schema(index(USER, "ix_user_name", "name")),
                        schema(index(USER, "idx_user_name", "name")),
                        List.of("renameIndex user.ix_user_name -> idx_user_name")),
                new Case(
                        "unique constraint renamed",
                        schema(unique(USER, "uk_old", "email")),
                        schema(unique(USER, "uk_new", "email")),
                        List.of("renameUnique user.uk_old -> uk_new")),
                new Case(
                        "an index a foreign key needs is dropped: the key is dropped first and re-added after",
                        schema(USER, index(fk(ORDER, "fk_order_user", "user_id", "user"), "ix_order_user", "user_id")),
                        schema(USER, fk(ORDER, "fk_order_user", "user_id", "user")),
                        List.of(
                                "dropForeignKey order.fk_order_user",
                                "dropIndex order.ix_order_user",
                                "addForeignKey order.fk_order_user [user_id] -> user[id]")),
                new Case(
                        "an index dropped while another one still serves the key: the key stays",
                        schema(
                                USER,
                                index(
                                        index(
                                                fk(ORDER, "fk_order_user", "user_id", "user"),
                                                "ix_order_user",
                                                "user_id"),
                                        "ix_order_user_amount",
                                        "user_id",
                                        "amount")),
                        schema(
                                USER,
                                index(
                                        fk(ORDER, "fk_order_user", "user_id", "user"),
                                        "ix_order_user_amount",
                                        "user_id",
                                        "amount")),
                        List.of("dropIndex order.ix_order_user")),
                new Case(
                        "foreign key added, target and ON DELETE changed, dropped",
                        schema(
                                USER,
                                table("shop", id()),
                                fk(
                                        fk(
                                                table(
                                                        "order",
                                                        id(),
                                                        col("user_id", bigint()),
                                                        col("shop_id", bigint()),
                                                        col("x_id", bigint())),
                                                "fk_a",
                                                "user_id",
                                                "user"),
                                        "fk_b",
                                        "shop_id",
                                        "shop")),
                        schema(
                                USER,
                                table("shop", id()),
                                fk(
                                        fk(
                                                fk(
                                                        table(
                                                                "order",
                                                                id(),
                                                                col("user_id", bigint()),
                                                                col("shop_id", bigint()),
                                                                col("x_id", bigint())),
                                                        "fk_a",
                                                        "user_id",
                                                        "user",
                                                        ReferentialAction.CASCADE),
                                                "fk_b",
                                                "shop_id",
                                                "user"),
                                        "fk_c",
                                        "x_id",
                                        "shop")),
                        List.of(
                                "dropForeignKey order.fk_a",
                                "dropForeignKey order.fk_b",
                                "addForeignKey order.fk_a [user_id] -> user[id] ON DELETE CASCADE",
                                "addForeignKey order.fk_b [shop_id] -> user[id]",
                                "addForeignKey order.fk_c [x_id] -> shop[id]")),
                new Case(
                        "check added, dropped, expression changed",
                        schema(check(check(USER, "ck_a", "id > 0"), "ck_b", "name <> ''")),
                        schema(check(check(USER, "ck_a", "id > 1"), "ck_c", "email <> ''")),
                        List.of(
                                "dropCheck user.ck_a",
                                "dropCheck user.ck_b",
                                "addCheck user.ck_a (id > 1)",
                                "addCheck user.ck_c (email <> '')")),
                new Case(
                        "sequences added, altered, dropped",
                        schema(List.of(sequence("a_seq", 1, 50), sequence("b_seq", 1, 1)), USER),
                        schema(List.of(sequence("a_seq", 1, 10), sequence("c_seq", 100, 1)), USER),
                        List.of(
                                "alterSequence a_seq START 1 INCREMENT 50 -> START 1 INCREMENT 10",
                                "createSequence c_seq START 100 INCREMENT 1",
                                "dropSequence b_seq")),
                new Case(
                        "struct types: a used type before its user, both before the table; dropped after it",
                        schema(USER),
                        new Schema(
                                List.of(USER, table("venue", id(), col("address", struct("postal_address")))),
                                List.of(),
                                List.of(
                                        userType("postal_address", col("zip", varchar(10)), col("at", struct("point"))),
                                        userType("point", col("x", doublePrecision())))),
                        List.of(
                                "createType point (x DOUBLE)",
                                "createType postal_address (zip VARCHAR(10), at STRUCT(point))",
                                "createTable venue (id BIGINT NOT NULL AUTO_INCREMENT, address STRUCT(postal_address) NULL, PRIMARY KEY [id])")),
                new Case(
                        "renamed column under a check: the check goes before the rename",
                        schema(check(table("t", id(), col("amount", integer())), "ck_t_amount", "amount >= 0")),
                        schema(check(
                                table("t", id(), hinted(col("total", integer()), "amount")),
                                "ck_t_amount",
                                "total >= 0")),
                        List.of(
                                "dropCheck t.ck_t_amount",
                                "renameColumn t.amount -> total",
                                "addCheck t.ck_t_amount (total >= 0)")),
                new Case(
                        "renamed table with a check and a key that change: dropped under the old name",
                        schema(USER, check(fk(ORDER, "fk_order_user", "user_id", "user"), "ck_amount", "amount > 0")),
                        schema(
                                USER,
                                renamedFrom(
                                        check(
                                                fk(
                                                        table(
                                                                "purchase",
                                                                id(),
                                                                col("user_id", bigint()),
                                                                notNull("amount", decimal(8, 2))),
                                                        "fk_order_user",
                                                        "user_id",
                                                        "user",
                                                        ReferentialAction.CASCADE),
                                                "ck_amount",
                                                "amount >= 0"),
                                        "order")),
                        List.of(
                                "dropForeignKey order.fk_order_user",
                                "dropCheck order.ck_amount",
                                "renameTable order -> purchase",
                                "addCheck purchase.ck_amount (amount >= 0)",
                                "addForeignKey purchase.fk_order_user [user_id] -> user[id] ON DELETE CASCADE")));
    }

    /** {@code @TimeZoneStorage(AUTO)}'s offset column, absent on H2: added, dropped, and switched from COLUMN. */
    static Stream<Case> columnsAbsentOnSomeDatabases() {
        Column offset = new Column("due_tz", integer(), true, false, null).withAbsentOn(List.of("h2"));
        Table plain = table("event", id());
        Table auto = table("event", id(), col("due", timestampTz(6)), offset);
        Table column = table("event", id(), col("due", timestampTz(6)), col("due_tz", integer()));
        return Stream.of(
                new Case(
                        "AUTO attribute added",
                        schema(plain),
                        schema(auto),
                        List.of(
                                "addColumn event.due TIMESTAMP_TZ(6) NULL",
                                "addColumn event.due_tz INTEGER NULL ABSENT ON h2")),
                new Case(
                        "AUTO attribute removed",
                        schema(auto),
                        schema(plain),
                        List.of("dropColumn event.due", "dropColumn event.due_tz ABSENT ON h2")),
                new Case(
                        "COLUMN to AUTO: the offset column keeps its values where it stays, and goes on H2",
                        schema(column),
                        schema(auto),
                        List.of("alterColumn event.due_tz INTEGER NULL -> due_tz INTEGER NULL ABSENT ON h2")),
                new Case(
                        "AUTO to COLUMN: the offset column comes on H2",
                        schema(auto),
                        schema(column),
                        List.of("alterColumn event.due_tz INTEGER NULL ABSENT ON h2 -> due_tz INTEGER NULL")),
                new Case(
                        "COLUMN to AUTO with the attribute renamed (@RenamedFrom): renamed everywhere, then gone on H2",
                        schema(column),
                        schema(table(
                                "event",
                                id(),
                                col("due", timestampTz(6)),
                                new Column("when_tz", integer(), true, false, null, null, null, "due_tz", null)
                                        .withAbsentOn(List.of("h2")))),
                        List.of(
                                "renameColumn event.due_tz -> when_tz",
                                "alterColumn event.when_tz INTEGER NULL -> when_tz INTEGER NULL ABSENT ON h2")),
                new Case(
                        "AUTO to COLUMN with the attribute renamed: renamed where the column is, then added on H2",
                        schema(auto),
                        schema(table(
                                "event",
                                id(),
                                col("due", timestampTz(6)),
                                new Column("when_tz", integer(), true, false, null, null, null, "due_tz", null))),
                        List.of(
                                "renameColumn event.due_tz -> when_tz ABSENT ON h2",
                                "alterColumn event.when_tz INTEGER NULL ABSENT ON h2 -> when_tz INTEGER NULL")),
                new Case("AUTO unchanged", schema(auto), schema(auto), List.of()));
    }

    static Stream<Case> all() {
        return Stream.of(noSchemaChange(), schemaChanges(), columnsAbsentOnSomeDatabases())
                .flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void stepsInOrder(Case c) {
        Diff diff = SchemaDiffer.compare(c.before(), c.after());
        assertEquals(List.of(), diff.problems());
        assertEquals(c.expected(), describe(diff.changes()));
    }

    /** The upgrade reaches the model; the inverse of the upgrade gives back the replayed schema. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void upgradeReachesTheModelAndTheInverseRestoresTheSchema(Case c) {
        List<Operation> up = operations(changes(c.before(), c.after()));
        Schema upgraded = apply(c.before(), up);
        assertEquals(List.of(), describe(changes(upgraded, c.after())), "upgrade reaches the model");
        Schema downgraded = apply(upgraded, SchemaDiffer.inverse(c.before(), up));
        assertEquals(List.of(), describe(changes(downgraded, c.before())), "downgrade restores the previous schema");
        assertEquals(List.of(), describe(changes(c.after(), c.after())), "a model compared with itself has no change");
    }

    static Change only(List<Change> changes, String describePrefix) {
        List<Change> matching = changes.stream()
                .filter(c -> c.operation().describe().startsWith(describePrefix))
                .toList();
        assertEquals(1, matching.size(), describePrefix + " in " + describe(changes));
        return matching.get(0);
    }

    @Test
    void dropsAndNarrowingsNeedReviewAndAcknowledgement() {
        Schema before = schema(
                table("t", id(), col("fax", varchar(40)), col("code", varchar(40)), col("n", integer())),
                table("extra", id()));
        Schema after =
                schema(table("t", id(), col("code", varchar(20)), notNull("n", bigint()), col("bio", varchar(500))));
        List<Change> changes = changes(before, after);
        Change drop = only(changes, "dropColumn t.fax");
        assertTrue(drop.review().startsWith("data loss: drops column t.fax"), drop.review());
        assertTrue(drop.operation().destroysData());
        assertFalse(drop.operation().dataLossAccepted(), "generated drops are never pre-acknowledged");
        Change narrow = only(changes, "alterColumn t.code");
        assertTrue(narrow.operation().destroysData());
        assertTrue(narrow.review().startsWith("data loss: VARCHAR(40) -> VARCHAR(20) narrows"), narrow.review());
        assertEquals("t.code: VARCHAR(40) -> VARCHAR(20) (narrowing)", narrow.comment());
        Change widen = only(changes, "alterColumn t.n");
        assertFalse(widen.operation().destroysData(), "integer -> bigint widens");
        assertEquals("fails while t.n holds NULLs: fill them before upgrading", widen.review());
        assertEquals("t.n: INTEGER -> BIGINT (widening), now NOT NULL", widen.comment());
        Change table = only(changes, "dropTable extra");
        assertEquals("data loss: drops table extra and all its rows", table.review());
        assertTrue(table.operation().destroysData());
    }

    /**
     * Intervals: Hibernate's defaults are the widest each database declares, fewer leading or
     * fractional digits narrow, and the nanoseconds a plain {@code Duration} keeps do not convert.
     */
    @Test
    void intervalChangesNarrowUnlessEveryDigitStays() {
        Schema before = schema(table(
                "t",
                id(),
                col("a", intervalSecond(10, 3)),
                col("b", intervalSecond()),
                col("c", intervalSecond(10, 3)),
                col("d", decimal(21, 0))));
        Schema after = schema(table(
                "t",
                id(),
                col("a", intervalSecond()),
                col("b", intervalSecond(10, 3)),
                col("c", intervalSecond(12, 2)),
                col("d", intervalSecond())));
        List<Change> changes = changes(before, after);
        assertFalse(only(changes, "alterColumn t.a").operation().destroysData(), "to the defaults widens");
        assertTrue(only(changes, "alterColumn t.b").operation().destroysData(), "from the defaults narrows");
        assertTrue(only(changes, "alterColumn t.c").operation().destroysData(), "fewer fractional digits narrow");
        assertTrue(only(changes, "alterColumn t.d").operation().destroysData(), "nanoseconds are no interval");
        assertEquals(
                "t.a: INTERVAL_SECOND(10,3) -> INTERVAL_SECOND (widening)",
                only(changes, "alterColumn t.a").comment());
    }

    @Test
    void commentsNameTheEntityMember() {
        Table before = table("customer", source(id(), "Customer.id"));
        Table after = new Table(
                "customer",
                List.of(source(id(), "Customer.id"), source(col("bio", varchar(500)), "Customer.bio")),
                List.of("id"),
                List.of(),
                List.of(),
                List.of(),
                "Customer",
                null);
        Table item = new Table(
                "item", List.of(source(id(), "Item.id")), List.of("id"), List.of(), List.of(), List.of(), "Item", null);
        List<Change> changes = changes(schema(before), schema(after, item));
        assertEquals(
                List.of("Customer.bio: new field", "Item: new entity"),
                changes.stream().map(Change::comment).toList());
        assertNull(changes.get(0).review(), "a nullable column is safe to add");
    }

    @Test
    void guessedRenamesAreMarkedForReview() {
        List<Change> columns = changes(
                schema(table("t", id(), col("fax", varchar(40)))), schema(table("t", id(), col("phone", varchar(40)))));
        assertEquals("t.phone: renamed from fax", columns.get(0).comment());
        assertTrue(
                columns.get(0)
                        .review()
                        .startsWith("rename guessed: t.fax left the model and phone came with the same definition."),
                columns.get(0).review());
        assertTrue(
                columns.get(0).review().contains("@RenamedFrom(\"fax\")"),
                columns.get(0).review());
        List<Change> tables = changes(
                schema(USER), schema(table("account", id(), col("name", varchar(50)), col("email", varchar(100)))));
        assertTrue(
                tables.get(0)
                        .review()
                        .startsWith("rename guessed: user left the model and account came with the same columns."),
                tables.get(0).review());
        List<Change> hinted = changes(
                schema(table("t", id(), col("fax", varchar(40)))),
                schema(table("t", id(), hinted(col("phone", varchar(40)), "fax"))));
        assertEquals("t.phone: renamed from fax (@RenamedFrom)", hinted.get(0).comment());
        assertNull(hinted.get(0).review(), "a stated rename needs no review");
    }

    @Test
    void ambiguousRenamesBecomeDropAndAddWithTheCandidatesNamed() {
        Diff diff = SchemaDiffer.compare(
                schema(table("t", id(), col("a", integer()), col("b", integer()))),
                schema(table("t", id(), col("c", integer()), col("d", integer()))));
        assertEquals(
                List.of(
                        "t: columns a and b left the model and columns c and d of the same type came into it. Retort does not "
                                + "guess renames: they are written as drop + add, marked REVIEW. If one is a rename, annotate the field with "
                                + "@RenamedFrom(\"<old column>\") and generate again."),
                diff.notes());
        Change dropA = only(diff.changes(), "dropColumn t.a");
        assertEquals(
                "data loss: drops column t.a and its values; if it was renamed to c or d, annotate that field with "
                        + "@RenamedFrom(\"a\") instead",
                dropA.review());
        assertTrue(only(diff.changes(), "addColumn t.c")
                .review()
                .startsWith("possible rename: a or b left t in this change."));

        Diff tables = SchemaDiffer.compare(
                schema(table("a", id()), table("b", id())), schema(table("c", id()), table("d", id())));
        assertEquals(1, tables.notes().size());
        assertTrue(
                tables.notes()
                        .get(0)
                        .startsWith("Tables a and b left the model and similar tables c and d came into it."),
                tables.notes().get(0));
        assertTrue(only(tables.changes(), "dropTable a")
                .review()
                .endsWith("if it was renamed to c or d, annotate that entity with " + "@RenamedFrom(\"a\") instead"));
        assertTrue(only(tables.changes(), "createTable c").review().startsWith("possible rename:"));
    }

    @Test
    void onlySimilarItemsAreNamedAsPossibleRenames() {
        Diff diff = SchemaDiffer.compare(
                schema(
                        table("t", id(), col("fax", varchar(40)), col("n", integer())),
                        table("extra", id(), col("x", varchar(20)))),
                schema(
                        table("t", id(), col("phone", varchar(60)), col("born", date())),
                        table("item", id(), col("price", decimal(10, 2)))));
        assertEquals(
                List.of(
                        "t: column fax left the model and column phone of the same type came into it. Retort does not guess "
                                + "renames: they are written as drop + add, marked REVIEW. If one is a rename, annotate the field with "
                                + "@RenamedFrom(\"<old column>\") and generate again."),
                diff.notes(),
                "extra and item share no column: not named");
        assertEquals(
                "data loss: drops column t.n and its values",
                only(diff.changes(), "dropColumn t.n").review());
        assertNull(only(diff.changes(), "addColumn t.born").review());
        assertEquals(
                "possible rename: fax left t in this change. If phone is it renamed, annotate the field with "
                        + "@RenamedFrom(\"fax\") and generate again; as written, the old values are dropped, not moved",
                only(diff.changes(), "addColumn t.phone").review());
        assertNull(only(diff.changes(), "createTable item").review());
        assertEquals(
                "data loss: drops table extra and all its rows",
                only(diff.changes(), "dropTable extra").review());
    }

    @Test
    void renameHintsThatCannotBeFollowedAreRefused() {
        Schema before = schema(USER, table("extra", id()));
        Diff typo = SchemaDiffer.compare(before, schema(USER, renamedFrom(table("bonus", id()), "extr")));
        assertEquals(
                List.of(
                        "@RenamedFrom(\"extr\") on bonus: the schema the migrations build has no table extr; tables no longer in "
                                + "the model: [extra]. Correct the name in the annotation, or remove it to create bonus as new."),
                typo.problems());
        Diff kept = SchemaDiffer.compare(
                before, schema(USER, table("extra", id()), renamedFrom(table("bonus", id()), "extra")));
        assertEquals(1, kept.problems().size());
        assertTrue(
                kept.problems().get(0).contains("table extra is still in the model"),
                kept.problems().get(0));
        Diff shipped = SchemaDiffer.compare(schema(USER), schema(renamedFrom(USER, "person")));
        assertEquals(List.of(), shipped.changes());
        assertEquals(
                List.of(
                        "@RenamedFrom(\"person\") on user: user already exists in the schema the migrations build, so the rename "
                                + "has shipped; the annotation can be removed."),
                shipped.notes());
        assertFalse(SchemaDiffer.compare(before, schema(USER, renamedFrom(table("bonus", id()), "extr")))
                .problems()
                .isEmpty());
    }

    @Test
    void primaryKeyTypeChangeWithoutTheReferencingColumnIsRefused() {
        Schema before = schema(
                table("customer", notNull("id", integer())).withPrimaryKey(List.of("id")),
                fk(
                        table("purchase", id(), col("customer_id", integer())),
                        "fk_purchase_customer",
                        "customer_id",
                        "customer"));
        Schema after = schema(
                table("customer", notNull("id", bigint())).withPrimaryKey(List.of("id")),
                fk(
                        table("purchase", id(), col("customer_id", integer())),
                        "fk_purchase_customer",
                        "customer_id",
                        "customer"));
        Diff diff = SchemaDiffer.compare(before, after);
        assertEquals(
                List.of(
                        "Foreign key purchase.fk_purchase_customer: purchase.customer_id is INTEGER but the column it references, "
                                + "customer.id, is BIGINT; MySQL and MariaDB refuse a foreign key between columns of different types, so the migration "
                                + "would stop half-way. Change both columns to the same type in the model (the referencing column follows the key it "
                                + "references)."),
                diff.problems());
    }

    @Test
    void primaryKeyTypeChangePlanIsMarkedForReview() {
        Schema before = schema(
                table("customer", notNull("id", integer())).withPrimaryKey(List.of("id")),
                fk(
                        table("purchase", id(), col("customer_id", integer())),
                        "fk_purchase_customer",
                        "customer_id",
                        "customer"));
        Schema after = schema(
                table("customer", notNull("id", bigint())).withPrimaryKey(List.of("id")),
                fk(
                        table("purchase", id(), col("customer_id", bigint())),
                        "fk_purchase_customer",
                        "customer_id",
                        "customer"));
        List<Change> changes = changes(before, after);
        assertEquals(
                "purchase.fk_purchase_customer: dropped while the type of purchase.customer_id changes; re-added below",
                changes.get(0).comment());
        assertEquals(
                "plan: until the key is re-added below, purchase rows are not checked against customer",
                changes.get(0).review());
        assertEquals(
                "purchase.fk_purchase_customer: re-added after the type of purchase.customer_id changes",
                changes.get(3).comment());
    }

    @Test
    void primaryKeyChangesThatCannotRunAreRefused() {
        Schema before = schema(table("t", id(), col("code", varchar(10))));
        Diff nullable =
                SchemaDiffer.compare(before, schema(pk(table("t", id(), col("code", varchar(10))), "id", "code")));
        assertEquals(
                List.of(
                        "t.code is part of the new primary key [id, code] of t but nullable; primary-key columns must be NOT NULL. "
                                + "Make it NOT NULL in the mapping (@Column(nullable = false) or @Id)."),
                nullable.problems());
        Diff autoIncrement =
                SchemaDiffer.compare(before, schema(pk(table("t", id(), notNull("code", varchar(10))), "code", "id")));
        assertEquals(1, autoIncrement.problems().size());
        assertTrue(
                autoIncrement
                        .problems()
                        .get(0)
                        .startsWith("t.id is generated by the database (AUTO_INCREMENT), and MySQL and MariaDB "
                                + "require such a column to be the first column of a key"),
                autoIncrement.problems().get(0));
        List<Change> ok = changes(
                before,
                schema(index(pk(table("t", id(), notNull("code", varchar(10))), "code", "id"), "ix_t_id", "id")));
        Change pk = only(ok, "alterPrimaryKey");
        assertEquals(
                "rebuilds the primary key of t: fails while code, id hold duplicate values; MySQL and MariaDB copy the table, "
                        + "which locks it for writes",
                pk.review());
    }

    @Test
    void foreignKeysThatNoDatabaseAcceptsAreRefused() {
        Table account = table("account", id(), col("email", varchar(100)));
        Diff missingTable = SchemaDiffer.compare(Schema.EMPTY, schema(fk(ORDER, "fk_order_user", "user_id", "user")));
        assertEquals(
                List.of(
                        "Foreign key order.fk_order_user references table user, which is not in the model. Map that entity in this "
                                + "module or a dependency, or remove the association."),
                missingTable.problems());
        Table byEmail = table("order", id(), col("email", varchar(100)))
                .withForeignKeys(List.of(new ForeignKey(
                        "fk_order_email", List.of("email"), "account", List.of("email"), null, null, null)));
        Diff notUnique = SchemaDiffer.compare(Schema.EMPTY, schema(account, byEmail));
        assertEquals(
                List.of(
                        "Foreign key order.fk_order_email references account[email], which is neither the primary key nor a unique "
                                + "constraint of account; PostgreSQL and H2 refuse such a key. Reference the primary key, or make those columns unique "
                                + "in the mapping."),
                notUnique.problems());
        assertEquals(
                List.of(),
                SchemaDiffer.compare(Schema.EMPTY, schema(unique(account, "uk_account_email", "email"), byEmail))
                        .problems());
    }

    @Test
    void constraintNamesMustBeUniqueInTheModel() {
        Diff diff = SchemaDiffer.compare(
                Schema.EMPTY,
                schema(
                        index(USER, "ix_name", "name"),
                        index(table("shop", id(), col("name", varchar(5))), "ix_name", "name")));
        assertEquals(
                List.of(
                        "The constraint name ix_name is used twice in the model (on shop and on user); index, key and check names "
                                + "must be unique in the schema. Rename one of them in the mapping."),
                diff.problems());
    }

    static dev.retort.core.model.UserType userType(String name, dev.retort.core.model.Column... attributes) {
        return new dev.retort.core.model.UserType(name, List.of(attributes), null);
    }

    /** A type whose attributes changed is refused: Hibernate's attribute order cannot be reached by ALTER TYPE. */
    @Test
    void changedStructTypesAreRefused() {
        Schema before = new Schema(List.of(), List.of(), List.of(userType("point", col("x", doublePrecision()))));
        Schema after = new Schema(
                List.of(), List.of(), List.of(userType("point", col("x", doublePrecision()), col("y", integer()))));
        dev.retort.core.diff.Diff diff = SchemaDiffer.compare(before, after);
        assertEquals(List.of(), diff.changes());
        assertEquals(1, diff.problems().size(), diff.problems().toString());
        assertTrue(
                diff.problems()
                        .get(0)
                        .contains("the attributes of type point changed (x DOUBLE -> x DOUBLE, y INTEGER)"),
                diff.problems().get(0));
    }

    @Test
    void bookkeepingTablesAreIgnored() {
        Schema before = schema(table("retort_history", notNull("revision", varchar(64))));
        assertEquals(List.of(), changes(before, Schema.EMPTY));
        assertEquals(List.of(), changes(Schema.EMPTY, before));
    }

    @Test
    void sameInputSameSteps() {
        schemaChanges()
                .forEach(c -> assertEquals(
                        SchemaDiffer.compare(c.before(), c.after()), SchemaDiffer.compare(c.before(), c.after())));
    }
}

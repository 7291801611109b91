package dev.retort.core.dialect;

import static dev.retort.migration.Types.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.retort.core.h2.H2Dialect;
import dev.retort.core.model.Column;
import dev.retort.core.model.Sequence;
import dev.retort.core.mysql.MariaDbDialect;
import dev.retort.core.mysql.MySqlDialect;
import dev.retort.core.ops.AlterColumn;
import dev.retort.core.ops.AlterPrimaryKey;
import dev.retort.core.ops.AlterSequence;
import dev.retort.core.ops.Irreversible;
import dev.retort.core.ops.Operation;
import dev.retort.core.ops.RenameIndex;
import dev.retort.core.postgres.PostgresDialect;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * SQL of the changes the differ writes, per dialect, against goldens. On MySQL and MariaDB a
 * {@code MODIFY COLUMN} restates the whole column, so a change of one attribute keeps the others.
 */
class ChangeSqlTest {

    static Column column(
            String name,
            dev.retort.migration.ColumnType type,
            boolean nullable,
            boolean autoIncrement,
            String defaultValue,
            String comment) {
        return new Column(name, type, nullable, autoIncrement, defaultValue, comment, null);
    }

    static final List<Operation> OPS = List.of(
            // only nullability changes: type, default and comment must be restated on MySQL
            new AlterColumn(
                    "order",
                    column("amount", decimal(8, 2), false, false, "0", "gross amount"),
                    column("amount", decimal(8, 2), true, false, "0", "gross amount"),
                    false),
            // only the comment changes on an AUTO_INCREMENT key
            new AlterColumn(
                    "order",
                    column("id", bigint(), false, true, null, null),
                    column("id", bigint(), false, true, null, "surrogate key"),
                    false),
            // only the default changes
            new AlterColumn(
                    "user",
                    column("a1", varchar(20), true, false, null, null),
                    column("a1", varchar(20), true, false, "'x'", null),
                    false),
            // across type families
            new AlterColumn(
                    "t",
                    column("code", varchar(10), true, false, null, null),
                    column("code", integer(), true, false, null, null),
                    true),
            new AlterPrimaryKey("t", List.of("id"), List.of("id", "tenant")),
            new AlterPrimaryKey("t", List.of(), List.of("id")),
            new RenameIndex("t", "ix_old", "ix_new", false),
            new RenameIndex("t", "uk_old", "uk_new", true),
            new AlterSequence(new Sequence("order_seq", 1, 1, null), new Sequence("order_seq", 1, 50, null)),
            new Irreversible("the old key values are gone"));

    static String render(Dialect d) {
        return OPS.stream().flatMap(op -> d.toSql(op).stream()).collect(Collectors.joining(";\n", "", ";\n"));
    }

    @Test
    void mysql() {
        assertEquals("""
                ALTER TABLE `order` MODIFY COLUMN `amount` decimal(8,2) DEFAULT 0 COMMENT 'gross amount', ALGORITHM=INPLACE, LOCK=NONE;
                ALTER TABLE `order` MODIFY COLUMN `id` bigint NOT NULL AUTO_INCREMENT COMMENT 'surrogate key', ALGORITHM=INPLACE, LOCK=NONE;
                ALTER TABLE `user` MODIFY COLUMN `a1` varchar(20) DEFAULT 'x', ALGORITHM=INPLACE, LOCK=NONE;
                ALTER TABLE `t` MODIFY COLUMN `code` integer, ALGORITHM=INPLACE, LOCK=NONE;
                ALTER TABLE `t` DROP PRIMARY KEY, ADD PRIMARY KEY (`id`, `tenant`), ALGORITHM=INPLACE, LOCK=NONE;
                ALTER TABLE `t` ADD PRIMARY KEY (`id`), ALGORITHM=INPLACE, LOCK=NONE;
                ALTER TABLE `t` RENAME INDEX `ix_old` TO `ix_new`, ALGORITHM=INPLACE, LOCK=NONE;
                ALTER TABLE `t` RENAME INDEX `uk_old` TO `uk_new`, ALGORITHM=INPLACE, LOCK=NONE;
                """, render(new MySqlDialect()));
    }

    @Test
    void mariadbHasRealSequences() {
        String last = "ALTER TABLE `t` RENAME INDEX `uk_old` TO `uk_new`, ALGORITHM=INPLACE, LOCK=NONE;\n";
        assertEquals(
                render(new MySqlDialect()).replace(last, last + "ALTER SEQUENCE `order_seq` INCREMENT BY 50;\n"),
                render(new MariaDbDialect()));
    }

    @Test
    void postgresql() {
        assertEquals("""
                ALTER TABLE "order" ALTER COLUMN amount DROP NOT NULL;
                COMMENT ON COLUMN "order".id IS 'surrogate key';
                ALTER TABLE "user" ALTER COLUMN a1 SET DEFAULT 'x';
                ALTER TABLE t ALTER COLUMN code TYPE integer USING code::text::integer;
                DO $$ DECLARE pk text; BEGIN SELECT conname INTO pk FROM pg_constraint WHERE conrelid = 't'::regclass \
                AND contype = 'p'; EXECUTE 'ALTER TABLE ' || 't' || ' DROP CONSTRAINT ' || quote_ident(pk); END $$;
                ALTER TABLE t ADD PRIMARY KEY (id, tenant);
                ALTER TABLE t ADD PRIMARY KEY (id);
                ALTER INDEX ix_old RENAME TO ix_new;
                ALTER TABLE t RENAME CONSTRAINT uk_old TO uk_new;
                ALTER SEQUENCE order_seq INCREMENT BY 50;
                """, render(new PostgresDialect()));
    }

    @Test
    void h2() {
        assertEquals("""
                ALTER TABLE "ORDER" ALTER COLUMN amount SET NULL;
                COMMENT ON COLUMN "ORDER".id IS 'surrogate key';
                ALTER TABLE "USER" ALTER COLUMN a1 SET DEFAULT 'x';
                ALTER TABLE t ALTER COLUMN code SET DATA TYPE integer;
                ALTER TABLE t DROP PRIMARY KEY;
                ALTER TABLE t ADD PRIMARY KEY (id, tenant);
                ALTER TABLE t ADD PRIMARY KEY (id);
                ALTER INDEX ix_old RENAME TO ix_new;
                ALTER TABLE t RENAME CONSTRAINT uk_old TO uk_new;
                ALTER SEQUENCE order_seq INCREMENT BY 50;
                """, render(new H2Dialect()));
    }

    @Test
    void identityAddedOnPostgresqlContinuesAfterTheStoredValues() {
        assertEquals(
                List.of(
                        "ALTER TABLE t ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY",
                        "SELECT setval(pg_get_serial_sequence('t', 'id'), coalesce(max(id), 0) + 1, false) FROM t"),
                new PostgresDialect()
                        .toSql(new AlterColumn(
                                "t",
                                column("id", bigint(), false, false, null, null),
                                column("id", bigint(), false, true, null, null),
                                false)));
    }
}

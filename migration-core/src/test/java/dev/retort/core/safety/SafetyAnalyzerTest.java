package dev.retort.core.safety;

import static dev.retort.migration.Types.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.dialect.Dialects;
import dev.retort.core.errors.InvalidSettingException;
import dev.retort.core.errors.Setting;
import dev.retort.core.model.Check;
import dev.retort.core.model.Column;
import dev.retort.core.model.ForeignKey;
import dev.retort.core.model.Index;
import dev.retort.core.model.JsonAggregateCheck;
import dev.retort.core.model.Schema;
import dev.retort.core.model.Table;
import dev.retort.core.ops.AddCheck;
import dev.retort.core.ops.AddColumn;
import dev.retort.core.ops.AddForeignKey;
import dev.retort.core.ops.AlterColumn;
import dev.retort.core.ops.BackfillColumn;
import dev.retort.core.ops.CreateIndex;
import dev.retort.core.ops.CreateTable;
import dev.retort.core.ops.DropColumn;
import dev.retort.core.ops.DropTable;
import dev.retort.core.ops.Operation;
import dev.retort.core.ops.RenameColumn;
import dev.retort.core.ops.RenameTable;
import dev.retort.migration.ColumnType;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each rule on the change it is about, per database; nothing on tables the plan creates itself. */
class SafetyAnalyzerTest {

    static final Schema SHOP = new Schema(List.of(
            new Table(
                    "customer", List.of(new Column("id", bigint(), false, true, null)), List.of("id"), List.of(), null),
            new Table(
                    "orders",
                    List.of(
                            new Column("id", bigint(), false, true, null),
                            new Column("customer_id", bigint(), true, false, null),
                            new Column("note", varchar(40), true, false, null),
                            new Column("code", varchar(60), true, false, null),
                            new Column("amount", decimal(12, 2), true, false, null),
                            new Column("qty", integer(), true, false, null),
                            new Column("at", timestamp(3), true, false, null),
                            new Column("state", enumOf("NEW", "PAID"), true, false, null)),
                    List.of("id"),
                    List.of(),
                    null)));

    static Column col(String name, ColumnType type, boolean nullable) {
        return new Column(name, type, nullable, false, null);
    }

    static Column col(String name, ColumnType type, boolean nullable, String defaultValue) {
        return new Column(name, type, nullable, false, defaultValue, null, null);
    }

    static AlterColumn alter(String column, ColumnType from, ColumnType to) {
        return new AlterColumn("orders", col(column, from, true), col(column, to, true), true);
    }

    /** Rule ids found, per dialect, in the order mysql, mariadb, postgresql, h2. */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("drop column", new DropColumn("orders", "note", true), "RT201", "RT201", "RT201", "RT201"),
                Arguments.of("drop table", new DropTable("customer", true), "RT202", "RT202", "RT202", "RT202"),
                Arguments.of("rename table", new RenameTable("orders", "purchase"), "RT203", "RT203", "RT203", "RT203"),
                Arguments.of(
                        "rename column",
                        new RenameColumn("orders", "note", "remark"),
                        "RT203",
                        "RT203",
                        "RT203",
                        "RT203"),
                Arguments.of(
                        "nullable column", new AddColumn("orders", col("bio", varchar(200), true)), "", "", "", ""),
                Arguments.of(
                        "NOT NULL, literal default",
                        new AddColumn("orders", col("flag", integer(), false, "0")),
                        "",
                        "",
                        "",
                        ""),
                Arguments.of(
                        "NOT NULL, no default",
                        new AddColumn("orders", col("flag", integer(), false)),
                        "RT207",
                        "RT207",
                        "RT207",
                        "RT207"),
                Arguments.of(
                        "default CURRENT_TIMESTAMP(6)",
                        new AddColumn("orders", col("seen", timestamp(6), true, "CURRENT_TIMESTAMP(6)")),
                        "",
                        "",
                        "",
                        ""),
                Arguments.of(
                        "default (UUID())",
                        new AddColumn("orders", col("ref", varchar(36), true, "(UUID())")),
                        "RT206",
                        "RT206",
                        "RT255",
                        ""),
                Arguments.of(
                        "default gen_random_uuid()",
                        new AddColumn("orders", col("ref", uuid(), true, "gen_random_uuid()")),
                        "RT206",
                        "RT206",
                        "RT255",
                        ""),
                Arguments.of(
                        "default now()",
                        new AddColumn("orders", col("seen", timestamp(6), true, "now()")),
                        "",
                        "",
                        "",
                        ""),
                Arguments.of(
                        "auto-increment column",
                        new AddColumn("orders", new Column("seq", bigint(), false, true, null)),
                        "RT213",
                        "RT213",
                        "RT213",
                        "RT213"),
                Arguments.of(
                        "NOT NULL without backfill",
                        new AlterColumn(
                                "orders", col("note", varchar(40), true), col("note", varchar(40), false), false),
                        "RT208",
                        "RT208",
                        "RT208",
                        "RT208"),
                Arguments.of(
                        "decimal widened", alter("amount", decimal(12, 2), decimal(14, 2)), "RT204", "RT204", "", ""),
                Arguments.of(
                        "decimal scale changed",
                        alter("amount", decimal(12, 2), decimal(14, 4)),
                        "RT204",
                        "RT204",
                        "RT256",
                        ""),
                Arguments.of("int to bigint", alter("qty", integer(), bigint()), "RT204", "RT204", "RT256", ""),
                Arguments.of("varchar within one length byte", alter("note", varchar(40), varchar(60)), "", "", "", ""),
                Arguments.of(
                        "varchar 60 -> 64 crosses 255 bytes in utf8mb4",
                        alter("code", varchar(60), varchar(64)),
                        "RT205",
                        "RT205",
                        "",
                        ""),
                Arguments.of(
                        "varchar 60 -> 90 crosses in utf8mb4 and utf8mb3",
                        alter("code", varchar(60), varchar(90)),
                        "RT205",
                        "RT205",
                        "",
                        ""),
                Arguments.of(
                        "timestamp precision up", alter("at", timestamp(3), timestamp(6)), "RT204", "RT204", "", ""),
                Arguments.of(
                        "enum value appended",
                        alter("state", enumOf("NEW", "PAID"), enumOf("NEW", "PAID", "SENT")),
                        "",
                        "",
                        "",
                        ""),
                Arguments.of(
                        "enum value removed",
                        alter("state", enumOf("NEW", "PAID"), enumOf("PAID")),
                        "RT212",
                        "RT212",
                        "RT212",
                        "RT212"),
                Arguments.of(
                        "unique on existing rows",
                        new CreateIndex("orders", new Index("uk_note", List.of("note"), true, null)),
                        "RT211",
                        "RT211",
                        "RT211",
                        "RT211"),
                Arguments.of(
                        "plain index",
                        new CreateIndex("orders", new Index("ix_note", List.of("note"), false, null)),
                        "",
                        "",
                        "",
                        ""),
                Arguments.of(
                        "foreign key",
                        new AddForeignKey(
                                "orders",
                                new ForeignKey(
                                        "fk_orders_customer",
                                        List.of("customer_id"),
                                        "customer",
                                        List.of("id"),
                                        null,
                                        null,
                                        null)),
                        "RT209",
                        "RT209",
                        "RT209",
                        "RT209"),
                Arguments.of(
                        "check",
                        new AddCheck("orders", new Check("ck_qty", "qty > 0", null)),
                        "RT210",
                        "RT210",
                        "RT210",
                        "RT210"),
                // a JSON aggregate's check on a nullable enum alone: PostgreSQL's; elsewhere no statement to judge
                Arguments.of(
                        "JSON aggregate check",
                        new AddCheck(
                                "orders",
                                new Check(
                                        "ck_orders_note",
                                        new JsonAggregateCheck(
                                                        "note",
                                                        true,
                                                        List.of(new JsonAggregateCheck.Attribute(
                                                                "kind", enumOf("A", "B"), true, null)))
                                                .write(),
                                        null)),
                        "",
                        "",
                        "RT210",
                        ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void ruleFiresOnItsChange(String label, Operation op, String mysql, String mariadb, String postgresql, String h2) {
        List<String> dialects = List.of("mysql", "mariadb", "postgresql", "h2");
        List<String> expected = List.of(mysql, mariadb, postgresql, h2);
        for (int i = 0; i < dialects.size(); i++) {
            String found = SafetyAnalyzer.analyze(Dialects.byName(dialects.get(i)), SHOP, List.of(op)).stream()
                    .map(Finding::id)
                    .collect(Collectors.joining(","));
            assertEquals(expected.get(i), found, label + " on " + dialects.get(i));
        }
    }

    @Test
    void severitiesDependOnWhatTheDatabaseDoes() {
        AddCheck check = new AddCheck("orders", new Check("ck_qty", "qty > 0", null));
        assertEquals(
                Severity.ERROR,
                SafetyAnalyzer.analyze(Dialects.byName("mariadb"), SHOP, List.of(check))
                        .get(0)
                        .severity(),
                "MySQL/MariaDB can add a CHECK only by copying the table");
        assertEquals(
                Severity.WARNING,
                SafetyAnalyzer.analyze(Dialects.byName("postgresql"), SHOP, List.of(check))
                        .get(0)
                        .severity(),
                "PostgreSQL adds it NOT VALID and validates it online");
    }

    @Test
    void tablesThePlanCreatesAreEmptyAndUnused() {
        Table fresh = new Table(
                "invoice",
                List.of(
                        new Column("id", bigint(), false, true, null),
                        new Column("total", decimal(10, 2), true, false, null)),
                List.of("id"),
                List.of(),
                null);
        List<Operation> plan = List.of(
                new CreateTable(fresh),
                new AddColumn("invoice", col("ref", varchar(20), false)),
                new AlterColumn(
                        "invoice", col("total", decimal(10, 2), true), col("total", decimal(12, 2), false), false),
                new CreateIndex("invoice", new Index("uk_ref", List.of("ref"), true, null)),
                new RenameColumn("invoice", "ref", "reference"));
        for (String d : Dialects.NAMES) {
            assertEquals(List.of(), SafetyAnalyzer.analyze(Dialects.byName(d), SHOP, plan), d);
        }
    }

    @Test
    void aBackfillEarlierInThePlanMakesTighteningSafe() {
        List<Operation> plan = List.of(
                new AddColumn("orders", col("email", varchar(100), true)),
                new BackfillColumn("orders", "email", "concat(id, '@example.org')"),
                new AlterColumn("orders", col("email", varchar(100), true), col("email", varchar(100), false), false));
        assertEquals(List.of(), SafetyAnalyzer.analyze(Dialects.byName("mariadb"), SHOP, plan));
        assertEquals(
                List.of("RT208"),
                SafetyAnalyzer.analyze(Dialects.byName("mariadb"), SHOP, List.of(plan.get(0), plan.get(2))).stream()
                        .map(Finding::id)
                        .toList());
    }

    @Test
    void stepsAreNumberedInThePlan() {
        List<Operation> plan = List.of(
                new AddColumn("orders", col("bio", varchar(200), true)), new DropColumn("orders", "note", true));
        Finding f = SafetyAnalyzer.analyze(Dialects.byName("mysql"), SHOP, plan).get(0);
        assertEquals(1, f.step());
        assertEquals("RT201 drop column: orders.note", f.summary());
        assertTrue(f.explanation().contains("Safe: remove in two releases"), f.explanation());
    }

    @Test
    void aLongLockWaitIsItselfAFinding() {
        List<Operation> plan = List.of(new AddColumn("orders", col("bio", varchar(200), true)));
        assertEquals(List.of(), SafetyAnalyzer.analyze(Dialects.byName("mariadb"), SHOP, plan, Duration.ZERO));
        assertEquals(
                List.of("RT214"),
                SafetyAnalyzer.analyze(Dialects.byName("mariadb"), SHOP, plan, Duration.ofSeconds(30)).stream()
                        .map(Finding::id)
                        .toList());
        assertEquals(
                List.of("RT251"),
                SafetyAnalyzer.analyze(Dialects.byName("postgresql"), SHOP, plan, Duration.ofSeconds(5)).stream()
                        .map(Finding::id)
                        .toList());
    }

    /** Retort's dialects satisfy the statement rules by construction; naive SQL does not. */
    @Test
    void statementRulesCatchNaiveSql() {
        Operation op = new CreateIndex("orders", new Index("ix_note", List.of("note"), false, null));
        assertEquals(
                List.of("RT215"),
                ids(SafetyAnalyzer.lint("mariadb", 0, op, List.of("ALTER TABLE `orders` ADD COLUMN x int"))));
        assertEquals(
                List.of("RT215"),
                ids(SafetyAnalyzer.lint("mysql", 0, op, List.of("CREATE INDEX ix ON `orders` (note)"))));
        assertEquals(
                List.of(),
                ids(SafetyAnalyzer.lint(
                        "mysql", 0, op, List.of("ALTER TABLE `orders` ADD COLUMN x int, ALGORITHM=INSTANT"))));
        assertEquals(
                List.of("RT252"),
                ids(SafetyAnalyzer.lint("postgresql", 0, op, List.of("CREATE INDEX ix ON orders (note)"))));
        assertEquals(
                List.of("RT253"),
                ids(
                        SafetyAnalyzer.lint(
                                "postgresql",
                                0,
                                op,
                                List.of(
                                        "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customer (id)"))));
        assertEquals(
                List.of("RT254"),
                ids(SafetyAnalyzer.lint(
                        "postgresql", 0, op, List.of("ALTER TABLE orders ALTER COLUMN note SET NOT NULL"))));
        for (String d : List.of("mysql", "mariadb", "postgresql")) {
            for (Object[] c : cases().map(Arguments::get).toList()) {
                Operation o = (Operation) c[1];
                assertEquals(
                        List.of(),
                        ids(SafetyAnalyzer.lint(d, 0, o, Dialects.byName(d).toSql(o))),
                        d + ": " + c[0]);
            }
        }
    }

    @Test
    void policyReadsModeAndPerRuleSeverities() {
        SafetyPolicy p = SafetyPolicy.parse("error", "RT201=error, rt209=off");
        Finding drop = SafetyAnalyzer.analyze(
                        Dialects.byName("mysql"), SHOP, List.of(new DropColumn("orders", "note", true)))
                .get(0);
        assertEquals(Severity.ERROR, p.severityOf(drop));
        assertTrue(p.blocks(drop, Set.of(), Dialects.byName("mysql")));
        assertFalse(p.blocks(drop, Set.of("RT201"), Dialects.byName("mysql")), "acknowledged on its step");
        assertFalse(p.blocks(drop, Set.of(), Dialects.byName("h2")), "H2 is a development database");
        assertFalse(
                SafetyPolicy.parse("warn", "RT201=error").blocks(drop, Set.of(), Dialects.byName("mysql")),
                "warn reports, never blocks");
        assertFalse(
                SafetyPolicy.DEFAULT.blocks(drop, Set.of(), Dialects.byName("mysql")), "RT201 is a warning by default");
        InvalidSettingException unknown =
                assertThrows(InvalidSettingException.class, () -> SafetyPolicy.parse("error", "RT999=off"));
        assertEquals(Setting.SAFETY_RULES, unknown.setting());
        assertEquals(
                "safetyRules: unknown rule 'RT999'; the rules are RT201-RT215 and RT251-RT256", unknown.getMessage());
        assertEquals(
                Setting.SAFETY,
                assertThrows(InvalidSettingException.class, () -> SafetyPolicy.parse("loose", null))
                        .setting());
        assertThrows(IllegalArgumentException.class, () -> SafetyPolicy.parse("error", "RT201"));
    }

    @Test
    void everyRuleExplainsItself() {
        for (Rule r : Rule.values()) {
            assertTrue(r.id().matches("RT2\\d\\d"), r.id());
            assertFalse(
                    r.detects().isBlank() || r.hurts().isBlank() || r.rewrite().isBlank(), r.id());
            assertTrue(
                    Arrays.stream(new String[] {"mysql", "mariadb", "postgresql", "h2"})
                            .anyMatch(r::appliesTo),
                    r.id());
        }
    }

    static List<String> ids(List<Finding> findings) {
        return findings.stream().map(Finding::id).toList();
    }
}

package dev.retort.maven;

import static dev.retort.migration.Types.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.dialect.Dialects;
import dev.retort.core.diff.SchemaDiffer;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.model.Column;
import dev.retort.core.model.Schema;
import dev.retort.core.model.Table;
import dev.retort.core.safety.Rule;
import dev.retort.core.safety.SafeRewrites;
import dev.retort.core.safety.SafetyGate;
import dev.retort.core.safety.SafetyPolicy;
import dev.retort.migration.Migration;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What generate writes for changes that need phases or review on a table in use, and what upgrade makes of it. */
class SafeGenerationTest {

    static final Schema PREVIOUS = new Schema(List.of(new Table(
            "customer",
            List.of(
                    new Column("id", bigint(), false, true, "Customer.id"),
                    new Column("nick", varchar(40), true, false, "Customer.nick"),
                    new Column("amount", decimal(12, 2), true, false, "Customer.amount")),
            List.of("id"),
            List.of(),
            "Customer")));

    /** A new NOT NULL field without default, a field made NOT NULL, and a type that MySQL/MariaDB change by copying. */
    static final Schema MODEL = new Schema(List.of(new Table(
            "customer",
            List.of(
                    new Column("id", bigint(), false, true, "Customer.id"),
                    new Column("nick", varchar(40), false, false, "Customer.nick"),
                    new Column("amount", decimal(14, 2), true, false, "Customer.amount"),
                    new Column("email", varchar(100), false, false, "Customer.email")),
            List.of("id"),
            List.of(),
            "Customer")));

    static SafeRewrites.Result rewritten() {
        return SafeRewrites.apply(
                PREVIOUS,
                SchemaDiffer.compare(PREVIOUS, MODEL).changes(),
                List.of(Dialects.byName("mysql"), Dialects.byName("mariadb"), Dialects.byName("postgresql")),
                SafetyPolicy.DEFAULT);
    }

    static String generate() {
        GeneratedMigration g = GeneratedMigration.plan(
                "20261125_1412",
                "email and stricter nick",
                "20261120_0930_77c1",
                PREVIOUS,
                rewritten().changes(),
                new RevisionGraph(List.of()));
        return MigrationSourceWriter.write(g.request("db.migration"));
    }

    @Test
    void golden() {
        String upgrade = generate().replaceAll("(?s).*(    public void upgrade.*?\n    }\n).*", "$1");
        assertEquals("""
                    public void upgrade(Operations op) {
                        // Customer.email: new field, NOT NULL: phase 1 of 3, added nullable so existing rows and the running
                        //   version's inserts stay valid
                        op.addColumn("customer", column("email", varchar(100)).nullable());
                        // Customer.email: phase 2 of 3, fill existing rows in batches
                        // REVIEW replace null with the value for every existing row: SQL over the row, such as "lower(name)",
                        //   or a Java function; upgrade refuses this step until then
                        op.backfill("customer", "email", null);
                        // Customer.email: phase 3 of 3, NOT NULL once every row has a value
                        // REVIEW inserts that omit customer.email fail from here on: if the previous version still runs during
                        //   the deploy, move this step to the next release. Retort counts NULLs first and stops if any remain
                        op.alterColumn("customer",
                                column("email", varchar(100)).nullable(),
                                column("email", varchar(100)).notNull());
                        // Customer.nick: fill NULLs in batches before it becomes NOT NULL
                        // REVIEW replace null with the value for rows where it is NULL (SQL over the row or a Java function),
                        //   or delete this step if it never is; upgrade refuses it until then
                        op.backfill("customer", "nick", null);
                        // Customer.nick: now NOT NULL
                        // REVIEW inserts that omit customer.nick fail from here on: if the previous version still runs during
                        //   the deploy, move this step to the next release. Retort counts NULLs first and stops if any remain
                        op.alterColumn("customer",
                                column("nick", varchar(40)).nullable(),
                                column("nick", varchar(40)).notNull());
                        // Customer.amount: DECIMAL(12,2) -> DECIMAL(14,2) (widening)
                        // REVIEW RT204 type change rewrites the table: customer.amount DECIMAL(12,2) -> DECIMAL(14,2)
                        // REVIEW   error on mariadb, mysql: refused until .acknowledge("RT204"); docs/safety-rules.md#RT204
                        op.alterColumn("customer",
                                column("amount", decimal(12, 2)).nullable(),
                                column("amount", decimal(14, 2)).nullable());
                    }
                """, upgrade);
        assertEquals(
                List.of("step 6: RT204 (error on mariadb, mysql) type change rewrites the table: customer.amount "
                        + "DECIMAL(12,2) -> DECIMAL(14,2). Safe: " + Rule.RT204.rewrite()
                        + ". See docs/safety-rules.md#RT204"),
                rewritten().findings());
    }

    /**
     * The downgrade carries the notes migrate:downgrade will judge it by: narrowing amount back
     * copies the table on MySQL/MariaDB (RT204), while dropping email again is what a rollback is
     * for (no RT201; the data-loss note stays).
     */
    @Test
    void generateNotesWhatDowngradeWillBeJudgedBy() {
        MigrationGenerator.Result r = MigrationGenerator.generate(new MigrationGenerator.Request(
                MODEL,
                new RevisionGraph(List.of(base())),
                "db.migration",
                "email and stricter nick",
                "20261125_1412",
                List.of(Dialects.byName("mysql"), Dialects.byName("mariadb"), Dialects.byName("postgresql")),
                SafetyPolicy.DEFAULT));
        String downgrade = r.source()
                .replaceAll("(?s).*(    public void downgrade.*?\n    }\n).*", "$1")
                .replaceAll("\n\\s*//  ", "");
        assertTrue(downgrade.contains("""
                        // REVIEW RT204 type change rewrites the table: customer.amount DECIMAL(14,2) -> DECIMAL(12,2)
                        // REVIEW   error on mariadb, mysql: refused until .acknowledge("RT204"); docs/safety-rules.md#RT204
                        // REVIEW RT256 type change rewrites the table: customer.amount DECIMAL(14,2) -> DECIMAL(12,2)
                        // REVIEW   error on postgresql: refused until .acknowledge("RT256"); docs/safety-rules.md#RT256
                """), downgrade);
        assertTrue(downgrade.contains("// REVIEW data loss: drops column customer.email again"), downgrade);
        assertFalse(downgrade.contains("RT201"), downgrade);
        assertTrue(
                r.findings()
                        .contains("downgrade step 1: RT204 (error on mariadb, mysql) type change rewrites the table: "
                                + "customer.amount DECIMAL(14,2) -> DECIMAL(12,2). Safe: " + Rule.RT204.rewrite()
                                + ". See docs/safety-rules.md#RT204"),
                r.findings().toString());
        assertTrue(
                r.findings()
                        .contains("downgrade step 1: RT256 (error on postgresql) type change rewrites the table: "
                                + "customer.amount DECIMAL(14,2) -> DECIMAL(12,2). Safe: " + Rule.RT256.rewrite()
                                + ". See docs/safety-rules.md#RT256"),
                r.findings().toString());
    }

    /**
     * A column MySQL and MariaDB have no type for (an interval) added to a table in use: generate writes
     * it, judging it on PostgreSQL, where it has a type, and upgrade on MySQL or MariaDB refuses it later.
     */
    @Test
    void aColumnTypeSomeDatabasesLackIsGenerated() {
        Table customer = PREVIOUS.tables().get(0);
        List<Column> columns = new java.util.ArrayList<>(customer.columns());
        columns.add(new Column("waited", intervalSecond(), false, false, "Customer.waited"));
        Schema model = new Schema(List.of(new Table("customer", columns, List.of("id"), List.of(), "Customer")));
        MigrationGenerator.Result r = MigrationGenerator.generate(new MigrationGenerator.Request(
                model,
                new RevisionGraph(List.of(base())),
                "db.migration",
                "waited",
                "20261125_1412",
                List.of(Dialects.byName("mysql"), Dialects.byName("mariadb"), Dialects.byName("postgresql")),
                SafetyPolicy.DEFAULT));
        assertTrue(r.source().contains("column(\"waited\", intervalSecond())"), r.source());
        assertEquals(
                List.of("customer.waited (INTERVAL_SECOND) has no column type on mysql, mariadb: MySQL and MariaDB have"
                        + " no interval type (Hibernate declares none there either); upgrade refuses it there until the"
                        + " attribute states its type with @Column(columnDefinition = \"…\")"),
                MigrationGenerator.typeGaps(
                        r.changes(),
                        List.of(Dialects.byName("mysql"), Dialects.byName("mariadb"), Dialects.byName("postgresql"))));
    }

    static RevisionInfo base() {
        return new RevisionInfo(
                "base0",
                List.of(),
                "",
                "Base",
                SchemaDiffer.compare(Schema.EMPTY, PREVIOUS).changes().stream()
                        .map(c -> c.operation())
                        .toList(),
                List.of());
    }

    /**
     * The generated source compiles and reaches the model; upgrade refuses it as generated (no
     * backfill value, RT204 unacknowledged) and accepts it once the reviewer has done both.
     */
    @Test
    void upgradeRefusesTheGeneratedSourceUntilReviewed(@TempDir Path dir) throws Exception {
        String generated = generate();
        RevisionInfo asGenerated = compile(dir.resolve("a"), generated);
        assertEquals(
                List.of(),
                SchemaDiffer.compare(RevisionGraph.replay(PREVIOUS, asGenerated), MODEL)
                        .changes(),
                "upgrade reaches the model");
        SafetyGate.Verdict verdict = gate(asGenerated, SafetyPolicy.DEFAULT);
        assertTrue(verdict.refuses());
        String refusal = verdict.refusal("upgrade");
        assertTrue(refusal.contains("step 4: backfill customer.nick = <value to be stated>"), refusal);
        assertTrue(refusal.contains("step 2: backfill customer.email = <value to be stated>"), refusal);
        assertTrue(refusal.contains("step 6: RT204 type change rewrites the table"), refusal);
        assertTrue(
                refusal.contains("See: docs/safety-rules.md#RT204"), "the refusal names the rule's page: " + refusal);
        assertTrue(
                gate(asGenerated, SafetyPolicy.parse("warn", null)).refuses(),
                "warn mode never runs a backfill without value");

        String reviewed = generated
                .replace("op.backfill(\"customer\", \"nick\", null)", "op.backfill(\"customer\", \"nick\", \"''\")")
                .replace(
                        "op.backfill(\"customer\", \"email\", null)",
                        "op.backfill(\"customer\", \"email\", \"concat(id, '@example.org')\")");
        RevisionInfo filled = compile(dir.resolve("b"), reviewed);
        assertEquals(List.of(), gate(filled, SafetyPolicy.DEFAULT).incomplete());
        assertEquals(1, gate(filled, SafetyPolicy.DEFAULT).blocking().size(), "RT204 still needs its acknowledgement");
        assertFalse(gate(filled, SafetyPolicy.parse("warn", null)).refuses(), "warn mode reports it as a warning");
        assertFalse(
                gate(filled, SafetyPolicy.parse("error", "RT204=warning")).refuses(), "severity configurable per rule");

        RevisionInfo acknowledged = compile(
                dir.resolve("c"),
                reviewed.replace(
                        "column(\"amount\", decimal(14, 2)).nullable());",
                        "column(\"amount\", decimal(14, 2)).nullable()).acknowledge(\"RT204\");"));
        SafetyGate.Verdict ok = gate(acknowledged, SafetyPolicy.DEFAULT);
        assertFalse(ok.refuses(), ok.refusal("upgrade"));
        assertEquals(
                filled.checksum(),
                acknowledged.checksum(),
                "an acknowledgement is a review decision, not a schema change");
    }

    static SafetyGate.Verdict gate(RevisionInfo r, SafetyPolicy policy) {
        RevisionInfo base = base();
        RevisionInfo child = new RevisionInfo(
                r.id(), List.of("base0"), r.message(), r.className(), r.upgrade(), r.downgrade(), r.acknowledged());
        return SafetyGate.evaluate(
                Dialects.byName("mariadb"),
                new RevisionGraph(List.of(base, child)),
                List.of("base0"),
                Map.of(child, 0),
                policy,
                null);
    }

    static RevisionInfo compile(Path dir, String source) throws Exception {
        Path src = dir.resolve("src/db/migration/V20261125_1412__EmailAndStricterNick.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        Path out = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(
                null, null, null, "-d", out.toString(), "-cp", System.getProperty("java.class.path"), src.toString());
        assertEquals(0, rc, "generated source must compile");
        try (URLClassLoader loader = new URLClassLoader(
                new java.net.URL[] {out.toUri().toURL()}, SafeGenerationTest.class.getClassLoader())) {
            Migration m = (Migration) loader.loadClass("db.migration.V20261125_1412__EmailAndStricterNick")
                    .getDeclaredConstructor()
                    .newInstance();
            return RevisionInfo.of(m);
        }
    }
}

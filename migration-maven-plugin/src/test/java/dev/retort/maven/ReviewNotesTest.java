package dev.retort.maven;

import static dev.retort.migration.Types.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.dialect.Dialect;
import dev.retort.core.dialect.Dialects;
import dev.retort.core.diff.Change;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.model.Check;
import dev.retort.core.model.Column;
import dev.retort.core.model.ForeignKey;
import dev.retort.core.model.Index;
import dev.retort.core.model.Schema;
import dev.retort.core.model.Table;
import dev.retort.core.ops.AddCheck;
import dev.retort.core.ops.AddColumn;
import dev.retort.core.ops.AddForeignKey;
import dev.retort.core.ops.AlterColumn;
import dev.retort.core.ops.CreateIndex;
import dev.retort.core.ops.DropColumn;
import dev.retort.core.ops.DropTable;
import dev.retort.core.ops.RenameColumn;
import dev.retort.core.ops.RenameTable;
import dev.retort.core.safety.SafeRewrites;
import dev.retort.core.safety.SafetyPolicy;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A safety finding in a generated migration reads in two comment lines: what matched with the rule
 * id, then the severity, the acknowledgement it needs and the rule's page; the why and the safe
 * rewrite live on that page. Long table names and long details must not make it grow.
 */
class ReviewNotesTest {

    static final String T = "purchase_order_line_item_with_a_deliberately_long_name_for_wrapping";
    static final String OTHER = "customer_account_with_an_equally_long_name_to_stretch_details";

    static final Schema PREVIOUS = new Schema(List.of(
            new Table(
                    T,
                    List.of(
                            new Column("id", bigint(), false, true, "Line.id"),
                            new Column(
                                    "amount_in_the_currency_of_the_purchase",
                                    decimal(12, 2),
                                    true,
                                    false,
                                    "Line.amount"),
                            new Column("description_of_the_line_item", varchar(60), true, false, "Line.description"),
                            new Column(
                                    "status_of_the_line",
                                    enumOf("OPEN", "SHIPPED", "CANCELLED", "RETURNED"),
                                    true,
                                    false,
                                    "Line.status"),
                            new Column(
                                    "obsolete_column_nobody_reads_any_more", varchar(10), true, false, "Line.obsolete"),
                            new Column("old_name_of_a_column", varchar(10), true, false, "Line.old"),
                            new Column("customer_account_id", bigint(), true, false, "Line.customer"),
                            new Column("counter", bigint(), true, false, "Line.counter")),
                    List.of("id"),
                    List.of(),
                    "Line"),
            new Table(
                    OTHER,
                    List.of(new Column("id", bigint(), false, true, "Customer.id")),
                    List.of("id"),
                    List.of(),
                    "Customer"),
            new Table(
                    "legacy_table_to_drop",
                    List.of(new Column("id", bigint(), false, true, "Legacy.id")),
                    List.of("id"),
                    List.of(),
                    "Legacy"),
            new Table(
                    "table_to_rename",
                    List.of(new Column("id", bigint(), false, true, "Renamed.id")),
                    List.of("id"),
                    List.of(),
                    "Renamed")));

    /** One change per rule generate can meet, each as the differ writes it (comment, no review of its own). */
    static List<Change> changes() {
        Table t = PREVIOUS.table(T).orElseThrow();
        return List.of(
                change(new DropColumn(T, "obsolete_column_nobody_reads_any_more", false)),
                change(new DropTable("legacy_table_to_drop", false)),
                change(new RenameTable("table_to_rename", "table_renamed_to_something_else_entirely_long")),
                change(new RenameColumn(T, "old_name_of_a_column", "new_name_of_that_column_after_the_rename")),
                change(new AlterColumn(
                        T,
                        col(t, "amount_in_the_currency_of_the_purchase"),
                        with(col(t, "amount_in_the_currency_of_the_purchase"), varchar(40)),
                        false)),
                change(new AlterColumn(
                        T,
                        col(t, "description_of_the_line_item"),
                        with(col(t, "description_of_the_line_item"), varchar(2000)),
                        false)),
                change(new AlterColumn(
                        T,
                        col(t, "status_of_the_line"),
                        with(
                                col(t, "status_of_the_line"),
                                enumOf("OPEN", "SHIPPED", "RETURNED", "LOST_IN_TRANSIT_AND_WRITTEN_OFF")),
                        false)),
                change(new AlterColumn(
                        T, col(t, "counter"), new Column("counter", bigint(), true, true, "Line.counter"), false)),
                change(new AddColumn(
                        T,
                        new Column(
                                "public_identifier_for_external_systems",
                                varchar(36),
                                true,
                                false,
                                "(uuid_generate_function_of_some_extension(now(), random(), 'a very long literal argument'))",
                                null,
                                "Line.publicId"))),
                change(new AddColumn(T, new Column("sequence_number", bigint(), false, true, "Line.sequence"))),
                change(new CreateIndex(
                        T,
                        new Index(
                                "uk_purchase_order_line_item_description_status_and_amount",
                                List.of(
                                        "description_of_the_line_item",
                                        "status_of_the_line",
                                        "amount_in_the_currency_of_the_purchase"),
                                true,
                                "Line"))),
                change(new AddForeignKey(
                        T,
                        new ForeignKey(
                                "fk_purchase_order_line_item_customer_account_id",
                                List.of("customer_account_id"),
                                OTHER,
                                List.of("id"),
                                null,
                                null,
                                "Line.customer"))),
                change(new AddCheck(
                        T,
                        new Check(
                                "ck_purchase_order_line_item_amount",
                                "amount_in_the_currency_of_the_purchase >= 0 and description_of_the_line_item is not null",
                                "Line"))));
    }

    static Stream<List<Dialect>> dialects() {
        return Stream.of(
                List.of(Dialects.byName("mysql"), Dialects.byName("mariadb"), Dialects.byName("postgresql")),
                List.of(Dialects.byName("mysql")),
                List.of(Dialects.byName("postgresql")),
                List.of(Dialects.byName("h2")));
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void everyFindingReadsInTwoLinesNamingItsRuleAndPage(List<Dialect> dialects) {
        SafeRewrites.Result safe = SafeRewrites.apply(PREVIOUS, changes(), dialects, SafetyPolicy.DEFAULT);
        GeneratedMigration g = GeneratedMigration.plan(
                "20261125_1412",
                "many findings",
                "20261120_0930_77c1",
                PREVIOUS,
                safe.changes(),
                new RevisionGraph(List.of()));
        String source = MigrationSourceWriter.write(g.request("db.migration"));
        List<String> lines = source.lines().toList();
        Pattern start = Pattern.compile("^\\s*// REVIEW (RT\\d{3}) .*");
        Set<String> seen = new TreeSet<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = start.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            String id = m.group(1);
            seen.add(id);
            String second = lines.get(i + 1);
            assertTrue(
                    second.trim().startsWith("// REVIEW   ") && second.endsWith("docs/safety-rules.md#" + id),
                    "line 2 of the " + id + " note names its page:\n" + lines.get(i) + "\n" + second);
            String third = lines.get(i + 2).trim();
            assertFalse(
                    third.startsWith("//   ") || third.startsWith("// REVIEW   "),
                    "a finding's note has at most 2 lines:\n" + String.join("\n", lines.subList(i, i + 3)));
            if (second.contains("error")) {
                assertTrue(second.contains(".acknowledge(\"" + id + "\")"), second);
            }
            assertTrue(
                    lines.get(i).length() <= 120 && second.length() <= 120,
                    "fits a 120-column editor:\n" + lines.get(i));
        }
        long findings = safe.findings().size();
        assertEquals(
                findings,
                lines.stream().filter(l -> start.matcher(l).matches()).count() - downgradeFindingLines(lines, start),
                "every upgrade finding in the log has its note in the source:\n" + String.join("\n", safe.findings()));
        for (String f : safe.findings()) {
            String id = f.replaceAll("^step \\d+: (RT\\d{3}) .*", "$1");
            assertTrue(f.endsWith("See docs/safety-rules.md#" + id), f);
        }
        Set<String> expected = dialects.size() == 1 && dialects.get(0).name().equals("h2")
                ? Set.of("RT201", "RT202", "RT203", "RT209", "RT210", "RT211", "RT212", "RT213")
                : dialects.size() == 1 && dialects.get(0).name().equals("postgresql")
                        ? Set.of(
                                "RT201", "RT202", "RT203", "RT209", "RT210", "RT211", "RT212", "RT213", "RT255",
                                "RT256")
                        : dialects.size() == 1
                                ? Set.of(
                                        "RT201", "RT202", "RT203", "RT204", "RT205", "RT206", "RT209", "RT210", "RT211",
                                        "RT212", "RT213")
                                : Set.of(
                                        "RT201", "RT202", "RT203", "RT204", "RT205", "RT206", "RT209", "RT210", "RT211",
                                        "RT212", "RT213", "RT255", "RT256");
        assertTrue(seen.containsAll(expected), "the plan must meet the rules it was built for: " + seen);
    }

    /** Notes in the downgrade method: they are checked the same way but are not in {@link SafeRewrites.Result#findings()}. */
    private static long downgradeFindingLines(List<String> lines, Pattern start) {
        int down = lines.indexOf("    public void downgrade(Operations op) {");
        return lines.subList(down, lines.size()).stream()
                .filter(l -> start.matcher(l).matches())
                .count();
    }

    static Change change(dev.retort.core.ops.Operation op) {
        return new Change(op, op.table() + ": changed", null);
    }

    static Column col(Table t, String name) {
        return t.column(name).orElseThrow();
    }

    static Column with(Column c, dev.retort.migration.ColumnType type) {
        return new Column(c.name(), type, c.nullable(), c.autoIncrement(), c.defaultValue(), c.comment(), c.source());
    }
}

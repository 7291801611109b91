package dev.retort.core.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.retort.core.model.Check;
import dev.retort.core.model.Column;
import dev.retort.core.model.ForeignKey;
import dev.retort.core.model.Index;
import dev.retort.core.model.Schema;
import dev.retort.core.model.Sequence;
import dev.retort.core.model.Table;
import dev.retort.core.ops.Operation;
import dev.retort.migration.ColumnType;
import dev.retort.migration.ReferentialAction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Terse builders for differ tests: {@code table("user", id(), col("name", varchar(50)))}. */
final class TestSchemas {

    private TestSchemas() {}

    static Column id() {
        return new Column("id", dev.retort.migration.Types.bigint(), false, true, null);
    }

    static Column col(String name, ColumnType type) {
        return new Column(name, type, true, false, null);
    }

    static Column notNull(String name, ColumnType type) {
        return new Column(name, type, false, false, null);
    }

    static Column hinted(Column c, String renamedFrom) {
        return new Column(
                c.name(),
                c.type(),
                c.nullable(),
                c.autoIncrement(),
                c.defaultValue(),
                c.comment(),
                c.source(),
                renamedFrom);
    }

    static Column withDefault(Column c, String defaultValue) {
        return new Column(
                c.name(),
                c.type(),
                c.nullable(),
                c.autoIncrement(),
                defaultValue,
                c.comment(),
                c.source(),
                c.renamedFrom());
    }

    static Column withComment(Column c, String comment) {
        return new Column(
                c.name(),
                c.type(),
                c.nullable(),
                c.autoIncrement(),
                c.defaultValue(),
                comment,
                c.source(),
                c.renamedFrom());
    }

    static Column source(Column c, String source) {
        return c.withSource(source);
    }

    /** A table whose primary key is its first column when that column is named {@code id}. */
    static Table table(String name, Column... columns) {
        List<String> pk = columns.length > 0 && columns[0].name().equals("id") ? List.of("id") : List.of();
        return new Table(name, List.of(columns), pk, List.of(), List.of(), List.of(), null, null);
    }

    static Table pk(Table t, String... columns) {
        return t.withPrimaryKey(List.of(columns));
    }

    static Table renamedFrom(Table t, String old) {
        return new Table(
                t.name(), t.columns(), t.primaryKey(), t.indexes(), t.foreignKeys(), t.checks(), t.source(), old);
    }

    static Table index(Table t, String name, String... columns) {
        return addIndex(t, new Index(name, List.of(columns), false, null));
    }

    static Table unique(Table t, String name, String... columns) {
        return addIndex(t, new Index(name, List.of(columns), true, null));
    }

    private static Table addIndex(Table t, Index i) {
        List<Index> all = new ArrayList<>(t.indexes());
        all.add(i);
        return t.withIndexes(all);
    }

    static Table fk(Table t, String name, String column, String target, ReferentialAction onDelete) {
        List<ForeignKey> all = new ArrayList<>(t.foreignKeys());
        all.add(new ForeignKey(name, List.of(column), target, List.of("id"), onDelete, null, null));
        return t.withForeignKeys(all);
    }

    static Table fk(Table t, String name, String column, String target) {
        return fk(t, name, column, target, null);
    }

    static Table check(Table t, String name, String expression) {
        List<Check> all = new ArrayList<>(t.checks());
        all.add(new Check(name, expression, null));
        return t.withChecks(all);
    }

    static Schema schema(Table... tables) {
        return new Schema(Arrays.asList(tables));
    }

    static Schema schema(List<Sequence> sequences, Table... tables) {
        return new Schema(Arrays.asList(tables), sequences);
    }

    static Sequence sequence(String name, long start, int increment) {
        return new Sequence(name, start, increment, null);
    }

    /** The steps of turning {@code before} into {@code after}, as generation takes them: only when the diff has no problem. */
    static List<Change> changes(Schema before, Schema after) {
        Diff diff = SchemaDiffer.compare(before, after);
        assertEquals(List.of(), diff.problems(), "problems");
        return diff.changes();
    }

    static List<String> describe(List<Change> changes) {
        return changes.stream().map(c -> c.operation().describe()).toList();
    }

    static Schema apply(Schema s, List<Operation> ops) {
        for (Operation op : ops) {
            s = op.applyTo(s);
        }
        return s;
    }

    static List<Operation> operations(List<Change> changes) {
        return changes.stream().map(Change::operation).toList();
    }
}

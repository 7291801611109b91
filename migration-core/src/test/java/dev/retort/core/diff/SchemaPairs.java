package dev.retort.core.diff;

import static dev.retort.migration.Types.*;

import dev.retort.core.db.DbSchema;
import dev.retort.core.model.Check;
import dev.retort.core.model.Column;
import dev.retort.core.model.ForeignKey;
import dev.retort.core.model.Index;
import dev.retort.core.model.Schema;
import dev.retort.core.model.Sequence;
import dev.retort.core.model.Table;
import dev.retort.migration.ColumnType;
import dev.retort.migration.ReferentialAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Random schema pairs for the differ's properties: a realistic schema {@code a} (tables with an
 * identity key, typed columns, defaults, unique and plain indexes, foreign keys to earlier tables'
 * keys, checks, sequences) and {@code b}, made from {@code a} by a few small edits such as a
 * developer makes to entities (add, drop, rename or change a column, an index, a key, a table).
 *
 * <p>Both are built from a tape of small integers, each read as a choice; a choice past the end of
 * the tape is 0, the simplest option. {@link Properties} shrinks the tape (shorter, smaller
 * numbers), so a failing pair shrinks to few tables, few columns and few edits, and is printed as
 * the edits and both schemas in the canonical text of {@link DbSchema}.
 */
final class SchemaPairs {

    /**
     * A generated pair.
     *
     * @param edits            what turned {@code a} into {@code b}, in words
     * @param expectedProblem  what a problem the differ must report names (a foreign key, a rename hint), or null
     */
    record Pair(Schema a, Schema b, List<String> edits, String expectedProblem) {
        @Override
        public String toString() {
            return "\n-- a --\n" + text(a) + "-- edits --\n  " + String.join("\n  ", edits) + "\n-- b --\n" + text(b);
        }
    }

    /** The canonical text, plus what it leaves out: check expressions, rename hints and sequences. */
    static String text(Schema s) {
        StringBuilder out = new StringBuilder(DbSchema.describe(s));
        for (Table t : s.tables()) {
            if (t.renamedFrom() != null) {
                out.append("hint table ")
                        .append(t.name())
                        .append(" renamed from ")
                        .append(t.renamedFrom())
                        .append('\n');
            }
            t.columns().stream()
                    .filter(c -> c.renamedFrom() != null)
                    .forEach(c -> out.append("hint column ")
                            .append(t.name())
                            .append('.')
                            .append(c.name())
                            .append(" renamed from ")
                            .append(c.renamedFrom())
                            .append('\n'));
            t.checks()
                    .forEach(c -> out.append("check ")
                            .append(c.name())
                            .append(": ")
                            .append(c.expression())
                            .append('\n'));
        }
        s.sequences()
                .forEach(q -> out.append("sequence ")
                        .append(q.name())
                        .append(" start ")
                        .append(q.start())
                        .append(" increment ")
                        .append(q.increment())
                        .append('\n'));
        return out.toString();
    }

    static final List<String> TABLES =
            List.of("customer", "product", "invoice", "shipment", "review", "coupon", "warehouse");
    static final List<String> COLUMNS = List.of(
            "name",
            "code",
            "amount",
            "quantity",
            "active",
            "created",
            "note",
            "rating",
            "status",
            "price",
            "label",
            "born");
    static final List<ColumnType> TYPES = List.of(
            varchar(50),
            integer(),
            bigint(),
            bool(),
            decimal(10, 2),
            varchar(255),
            fixedChar(3),
            smallint(),
            date(),
            timestamp(6),
            doublePrecision());

    private SchemaPairs() {}

    /** The pair a tape describes; {@code withProblems} lets some edits give pairs the differ must refuse. */
    static Pair pair(List<Integer> tape, boolean withProblems) {
        return new Builder(tape, withProblems, true).pair();
    }

    /** Reads choices off the tape. */
    private static final class Builder {
        private final List<Integer> tape;
        private final boolean withProblems;
        private int at;
        private final List<String> edits = new ArrayList<>();
        /** The schema edited; rename hints must name what it has. */
        private Schema a = Schema.EMPTY;

        private String expectedProblem;

        private final boolean dropForeignKeys;

        Builder(List<Integer> tape, boolean withProblems, boolean dropForeignKeys) {
            this.tape = tape;
            this.withProblems = withProblems;
            this.dropForeignKeys = dropForeignKeys;
        }

        int next(int bound) {
            return at < tape.size() ? tape.get(at++) % bound : 0;
        }

        <T> T pick(List<T> from) {
            return from.get(next(from.size()));
        }

        Pair pair() {
            a = schemaA();
            Schema b = a;
            int n = 1 + next(4);
            // a problem stays the last edit, so no later edit can take it away
            for (int i = 0; i < n && expectedProblem == null; i++) {
                b = edit(b);
            }
            return new Pair(a, b, List.copyOf(edits), expectedProblem);
        }

        Schema schemaA() {
            Schema s = Schema.EMPTY;
            int tables = 1 + next(3);
            for (int i = 0; i < tables; i++) {
                s = s.with(newTable(s, TABLES.get(i)));
            }
            if (next(4) == 1) {
                s = s.with(new Sequence(s.tables().get(0).name() + "_seq", 1, next(2) == 0 ? 50 : 1, null));
            }
            return s;
        }

        Table newTable(Schema s, String name) {
            List<Column> columns = new ArrayList<>();
            columns.add(new Column("id", bigint(), false, true, null));
            int n = next(4);
            for (int i = 0; i < n; i++) {
                String col =
                        freeName(COLUMNS, columns.stream().map(Column::name).toList());
                if (col != null) {
                    columns.add(newColumn(col));
                }
            }
            Table t = new Table(name, columns, List.of("id"), List.of(), List.of(), List.of(), null, null);
            if (!s.tables().isEmpty() && next(2) == 1) {
                t = withForeignKey(t, pick(s.tables()).name());
            }
            int indexes = next(3);
            for (int i = 0; i < indexes; i++) {
                t = withIndex(s, t);
            }
            if (next(4) == 1) {
                t = withCheck(s, t);
            }
            return t;
        }

        Column newColumn(String name) {
            ColumnType type = pick(TYPES);
            boolean nullable = next(3) != 2;
            String def = next(3) == 1 ? defaultFor(type) : null;
            return new Column(name, type, nullable, false, def, null, null);
        }

        String defaultFor(ColumnType type) {
            return switch (type.kind()) {
                case INTEGER, BIGINT, SMALLINT, DECIMAL, DOUBLE -> next(2) == 0 ? "0" : "1";
                case VARCHAR -> "'new'";
                case CHAR -> "'abc'";
                case BOOLEAN -> next(2) == 0 ? "true" : "false";
                default -> null;
            };
        }

        Table withForeignKey(Table t, String target) {
            String col = target + "_id";
            if (t.column(col).isPresent() || t.foreignKeys().size() >= 2) {
                return t;
            }
            boolean nullable = next(2) == 0;
            List<Column> columns = new ArrayList<>(t.columns());
            columns.add(new Column(col, bigint(), nullable, false, null));
            ReferentialAction onDelete = switch (next(3)) {
                case 1 -> ReferentialAction.CASCADE;
                case 2 -> nullable ? ReferentialAction.SET_NULL : null;
                default -> null;
            };
            List<ForeignKey> fks = new ArrayList<>(t.foreignKeys());
            fks.add(new ForeignKey(
                    "fk_" + t.name() + "_" + target, List.of(col), target, List.of("id"), onDelete, null, null));
            return t.withColumns(columns).withForeignKeys(fks);
        }

        Table withIndex(Schema s, Table t) {
            List<Column> candidates =
                    t.columns().stream().filter(c -> !c.name().equals("id")).toList();
            if (candidates.isEmpty()) {
                return t;
            }
            Column first = pick(candidates);
            List<String> cols = new ArrayList<>(List.of(first.name()));
            if (candidates.size() > 1 && next(3) == 2) {
                Column second = pick(candidates);
                if (!second.name().equals(first.name())) {
                    cols.add(second.name());
                }
            }
            boolean unique = next(2) == 1;
            String name = (unique ? "uk_" : "ix_") + t.name() + "_" + String.join("_", cols);
            if (taken(s, t, name)
                    || t.indexes().stream()
                            .anyMatch(i ->
                                    Compare.signature(i).equals(Compare.signature(new Index(name, cols, unique, null))))
                    || unique && repeatsAUnique(t, cols, null)) {
                return t;
            }
            List<Index> all = new ArrayList<>(t.indexes());
            all.add(new Index(name, cols, unique, null));
            return t.withIndexes(all);
        }

        Table withCheck(Schema s, Table t) {
            // MySQL and MariaDB refuse a check over a column a foreign key's action changes (see
            // DifferPropertyRegressionTest)
            List<Column> numeric = t.columns().stream()
                    .filter(c -> !c.name().equals("id")
                            && t.foreignKeys().stream()
                                    .noneMatch(f -> f.columns().contains(c.name()))
                            && switch (c.type().kind()) {
                                case INTEGER, BIGINT, SMALLINT, DECIMAL -> true;
                                default -> false;
                            })
                    .toList();
            if (numeric.isEmpty()) {
                return t;
            }
            Column c = pick(numeric);
            String name = "ck_" + t.name() + "_" + c.name();
            if (taken(s, t, name)) {
                return t;
            }
            List<Check> all = new ArrayList<>(t.checks());
            all.add(new Check(name, c.name() + " >= 0", null));
            return t.withChecks(all);
        }

        /** Constraint names are schema-wide on PostgreSQL and H2. */
        boolean taken(Schema s, Table t, String name) {
            return s.tables().stream()
                            .filter(o -> !o.name().equalsIgnoreCase(t.name()))
                            .anyMatch(o -> o.index(name).isPresent()
                                    || o.foreignKey(name).isPresent()
                                    || o.check(name).isPresent())
                    || t.index(name).isPresent()
                    || t.foreignKey(name).isPresent()
                    || t.check(name).isPresent();
        }

        String freeName(List<String> pool, List<String> used) {
            List<String> free = pool.stream()
                    .filter(n -> used.stream().noneMatch(n::equalsIgnoreCase))
                    .toList();
            return free.isEmpty() ? null : pick(free);
        }

        Schema edit(Schema s) {
            Table t = pick(s.tables());
            int kind = next(withProblems ? 16 : 15);
            switch (kind) {
                case 0 -> {
                    String col = freeName(COLUMNS, usedColumnNames(t));
                    if (col != null) {
                        Column c = newColumn(col);
                        List<Column> columns = new ArrayList<>(t.columns());
                        columns.add(c);
                        edits.add("add column " + t.name() + "." + col);
                        return s.with(t.withColumns(columns));
                    }
                }
                case 1 -> {
                    Column c = plainColumn(t);
                    if (c != null) {
                        edits.add("drop column " + t.name() + "." + c.name());
                        return s.with(dropColumn(t, c.name()));
                    }
                }
                case 2 -> {
                    Column c = plainColumn(t);
                    String to = freeName(COLUMNS, usedColumnNames(t));
                    if (c != null && to != null) {
                        boolean hint = next(2) == 1 && hintable(t, c);
                        String table = t.renamedFrom() != null ? t.renamedFrom() : t.name();
                        if (hint && a.table(table).flatMap(x -> x.column(to)).isPresent()) {
                            if (!withProblems) {
                                hint = false;
                            } else {
                                expectedProblem = "@RenamedFrom(\""
                                        + (c.renamedFrom() != null ? c.renamedFrom() : c.name()) + "\")";
                            }
                        }
                        edits.add("rename column " + t.name() + "." + c.name() + " to " + to
                                + (hint ? " with @RenamedFrom" : ""));
                        return s.with(renameColumn(t, c.name(), to, hint));
                    }
                }
                case 3 -> {
                    Column c = plainColumn(t);
                    if (c != null) {
                        Column changed = alter(c);
                        if (!changed.sameDefinition(c)) {
                            edits.add("alter column " + t.name() + "." + c.name() + ": " + c.type()
                                    + (c.nullable() ? " null" : " not null")
                                    + " default " + c.defaultValue() + " -> " + changed.type()
                                    + (changed.nullable() ? " null" : " not null")
                                    + " default " + changed.defaultValue());
                            return s.with(t.withColumns(t.columns().stream()
                                    .map(x -> x == c ? changed : x)
                                    .toList()));
                        }
                    }
                }
                case 4 -> {
                    Table changed = withIndex(s, t);
                    if (changed != t) {
                        edits.add("add index on " + t.name());
                        return s.with(changed);
                    }
                }
                case 5 -> {
                    if (!t.indexes().isEmpty()) {
                        Index i = pick(t.indexes());
                        edits.add("drop index " + i.name());
                        return s.with(t.withIndexes(
                                t.indexes().stream().filter(x -> x != i).toList()));
                    }
                }
                case 6 -> {
                    if (!t.indexes().isEmpty()) {
                        Index i = pick(t.indexes());
                        String to = i.name() + "_2";
                        if (!taken(s, t, to)) {
                            edits.add("rename index " + i.name() + " to " + to);
                            return s.with(t.withIndexes(t.indexes().stream()
                                    .map(x -> x == i ? new Index(to, i.columns(), i.unique(), null) : x)
                                    .toList()));
                        }
                    }
                }
                case 7 -> {
                    String name = freeName(TABLES, usedTableNames(s));
                    if (name != null) {
                        edits.add("add table " + name);
                        return s.with(newTable(s, name));
                    }
                }
                case 8 -> {
                    boolean referenced = s.tables().stream()
                            .anyMatch(o -> o.foreignKeys().stream()
                                    .anyMatch(f -> f.referencedTable().equalsIgnoreCase(t.name())));
                    if (s.tables().size() > 1 && (dropForeignKeys || !referenced)) {
                        edits.add("drop table " + t.name());
                        Schema next = s.without(t.name());
                        for (Table o : next.tables()) {
                            List<ForeignKey> keep = o.foreignKeys().stream()
                                    .filter(f -> !f.referencedTable().equalsIgnoreCase(t.name()))
                                    .toList();
                            if (keep.size() != o.foreignKeys().size()) {
                                next = next.with(o.withForeignKeys(keep));
                            }
                        }
                        return next;
                    }
                }
                case 9 -> {
                    String to = freeName(TABLES, usedTableNames(s));
                    if (to != null) {
                        boolean hint = next(2) == 1
                                && a.table(t.renamedFrom() != null ? t.renamedFrom() : t.name())
                                        .isPresent();
                        if (hint && a.table(to).isPresent()) {
                            // a hinted rename into a name the migrations' schema still has is refused: a problem
                            if (!withProblems) {
                                hint = false;
                            } else {
                                expectedProblem = "@RenamedFrom(\""
                                        + (t.renamedFrom() != null ? t.renamedFrom() : t.name()) + "\")";
                            }
                        }
                        edits.add("rename table " + t.name() + " to " + to + (hint ? " with @RenamedFrom" : ""));
                        return renameTable(s, t, to, hint);
                    }
                }
                case 10 -> {
                    List<Table> others = s.tables().stream().filter(o -> o != t).toList();
                    if (!others.isEmpty()) {
                        Table changed = withForeignKey(t, pick(others).name());
                        if (changed != t) {
                            edits.add("add foreign key "
                                    + changed.foreignKeys().stream()
                                            .map(ForeignKey::name)
                                            .filter(n -> t.foreignKey(n).isEmpty())
                                            .collect(Collectors.joining()));
                            return s.with(changed);
                        }
                    }
                }
                case 11 -> {
                    if (dropForeignKeys && !t.foreignKeys().isEmpty()) {
                        ForeignKey f = pick(t.foreignKeys());
                        edits.add("drop foreign key " + f.name() + " (column kept)");
                        return s.with(t.withForeignKeys(
                                t.foreignKeys().stream().filter(x -> x != f).toList()));
                    }
                }
                case 12 -> {
                    if (!t.checks().isEmpty()) {
                        Check c = pick(t.checks());
                        edits.add("drop check " + c.name());
                        return s.with(t.withChecks(
                                t.checks().stream().filter(x -> x != c).toList()));
                    }
                    Table changed = withCheck(s, t);
                    if (changed != t) {
                        edits.add("add check on " + t.name());
                        return s.with(changed);
                    }
                }
                case 13 -> {
                    String seq = t.name() + "_seq";
                    if (s.sequence(seq).isPresent()) {
                        if (next(2) == 0) {
                            edits.add("drop sequence " + seq);
                            return s.withoutSequence(seq);
                        }
                        edits.add("alter sequence " + seq + " increment");
                        Sequence q = s.sequence(seq).get();
                        return s.with(new Sequence(seq, q.start(), q.increment() == 1 ? 50 : 1, null));
                    }
                    edits.add("create sequence " + seq);
                    return s.with(new Sequence(seq, 1, 50, null));
                }
                case 14 -> {
                    if (!t.indexes().isEmpty()) {
                        Index i = pick(t.indexes());
                        if (!i.unique() && repeatsAUnique(t, i.columns(), i.name())) {
                            return s;
                        }
                        edits.add((i.unique() ? "make index " : "make unique ")
                                + i.name()
                                + (i.unique() ? " plain" : ""));
                        return s.with(t.withIndexes(t.indexes().stream()
                                .map(x -> x == i ? new Index(i.name(), i.columns(), !i.unique(), null) : x)
                                .toList()));
                    }
                }
                case 15 -> {
                    if (!t.foreignKeys().isEmpty()) {
                        ForeignKey f = pick(t.foreignKeys());
                        String col = f.columns().get(0);
                        edits.add("retype foreign key column " + t.name() + "." + col + " to varchar(20) (a problem)");
                        expectedProblem = f.name();
                        return s.with(t.withColumns(t.columns().stream()
                                .map(c -> c.name().equals(col)
                                        ? new Column(col, varchar(20), c.nullable(), false, null)
                                        : c)
                                .toList()));
                    }
                }
                default -> {}
            }
            return s;
        }

        /** Names taken in the table, or named by a column's {@code @RenamedFrom}: a new column of that name is a problem. */
        List<String> usedColumnNames(Table t) {
            List<String> used =
                    new ArrayList<>(t.columns().stream().map(Column::name).toList());
            t.columns().stream()
                    .map(Column::renamedFrom)
                    .filter(Objects::nonNull)
                    .forEach(used::add);
            return used;
        }

        List<String> usedTableNames(Schema s) {
            List<String> used =
                    new ArrayList<>(s.tables().stream().map(Table::name).toList());
            s.tables().stream().map(Table::renamedFrom).filter(Objects::nonNull).forEach(used::add);
            return used;
        }

        /** A column hint names the column as {@code a} has it: in the table under its name in {@code a}. */
        boolean hintable(Table t, Column c) {
            String table = t.renamedFrom() != null ? t.renamedFrom() : t.name();
            String column = c.renamedFrom() != null ? c.renamedFrom() : c.name();
            return a.table(table).flatMap(x -> x.column(column)).isPresent();
        }

        /**
         * True when a unique key over these columns repeats the primary key or another unique key (in
         * any order): the differ leaves such a key out of a model, as Hibernate does, so no schema here has one.
         */
        static boolean repeatsAUnique(Table t, List<String> columns, String except) {
            java.util.Set<String> set = new java.util.HashSet<>(columns);
            return set.equals(new java.util.HashSet<>(t.primaryKey()))
                    || t.indexes().stream()
                            .anyMatch(i -> i.unique()
                                    && !i.name().equals(except)
                                    && set.equals(new java.util.HashSet<>(i.columns())));
        }

        /** A column that is neither the key nor a foreign key's. */
        Column plainColumn(Table t) {
            List<Column> plain = t.columns().stream()
                    .filter(c -> !t.primaryKey().contains(c.name())
                            && t.foreignKeys().stream()
                                    .noneMatch(f -> f.columns().contains(c.name())))
                    .toList();
            return plain.isEmpty() ? null : pick(plain);
        }

        Column alter(Column c) {
            return switch (next(4)) {
                case 0 -> new Column(c.name(), c.type(), !c.nullable(), false, c.defaultValue(), c.comment(), null);
                case 1 ->
                    new Column(
                            c.name(),
                            c.type(),
                            c.nullable(),
                            false,
                            c.defaultValue() == null ? defaultFor(c.type()) : null,
                            c.comment(),
                            null);
                case 2 -> {
                    ColumnType wider = switch (c.type().kind()) {
                        case VARCHAR -> varchar(c.type().length() * 2);
                        case SMALLINT -> integer();
                        case INTEGER -> bigint();
                        case DECIMAL ->
                            decimal(c.type().precision() + 2, c.type().scale());
                        default -> c.type();
                    };
                    yield new Column(c.name(), wider, c.nullable(), false, c.defaultValue(), c.comment(), null);
                }
                default -> {
                    ColumnType other = pick(TYPES);
                    yield new Column(c.name(), other, c.nullable(), false, defaultFor(other), c.comment(), null);
                }
            };
        }

        static Table dropColumn(Table t, String col) {
            return t.withColumns(t.columns().stream()
                            .filter(c -> !c.name().equals(col))
                            .toList())
                    .withIndexes(t.indexes().stream()
                            .filter(i -> !i.columns().contains(col))
                            .toList())
                    .withChecks(t.checks().stream()
                            .filter(c -> !c.expression().startsWith(col + " "))
                            .toList());
        }

        static Table renameColumn(Table t, String from, String to, boolean hint) {
            List<Column> columns = t.columns().stream()
                    .map(c -> c.name().equals(from)
                            ? new Column(
                                    to,
                                    c.type(),
                                    c.nullable(),
                                    c.autoIncrement(),
                                    c.defaultValue(),
                                    c.comment(),
                                    null,
                                    hint ? (c.renamedFrom() != null ? c.renamedFrom() : from) : null)
                            : c)
                    .toList();
            List<Index> indexes = t.indexes().stream()
                    .map(i -> new Index(
                            i.name(),
                            i.columns().stream()
                                    .map(n -> n.equals(from) ? to : n)
                                    .toList(),
                            i.unique(),
                            null))
                    .toList();
            List<Check> checks = t.checks().stream()
                    .map(c -> c.expression().startsWith(from + " ")
                            ? new Check(c.name(), to + c.expression().substring(from.length()), null)
                            : c)
                    .toList();
            return t.withColumns(columns).withIndexes(indexes).withChecks(checks);
        }

        static Schema renameTable(Schema s, Table t, String to, boolean hint) {
            Table renamed = new Table(
                    to,
                    t.columns(),
                    t.primaryKey(),
                    t.indexes(),
                    t.foreignKeys(),
                    t.checks(),
                    null,
                    hint ? (t.renamedFrom() != null ? t.renamedFrom() : t.name()) : null);
            Schema next = s.without(t.name()).with(renamed);
            for (Table o : next.tables()) {
                List<ForeignKey> fks = o.foreignKeys().stream()
                        .map(f -> f.referencedTable().equalsIgnoreCase(t.name()) ? f.withReferencedTable(to) : f)
                        .toList();
                if (!Objects.equals(fks, o.foreignKeys())) {
                    next = next.with(o.withForeignKeys(fks));
                }
            }
            return next;
        }
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}

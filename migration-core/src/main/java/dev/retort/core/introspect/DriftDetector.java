package dev.retort.core.introspect;

import dev.retort.core.dialect.Dialect;
import dev.retort.core.dialect.NoColumnTypeException;
import dev.retort.core.diff.SchemaDiffer;
import dev.retort.core.history.HistoryRow;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.introspect.LiveSchema.LiveColumn;
import dev.retort.core.introspect.LiveSchema.LiveTable;
import dev.retort.core.model.Check;
import dev.retort.core.model.Column;
import dev.retort.core.model.ForeignKey;
import dev.retort.core.model.Identifiers;
import dev.retort.core.model.Index;
import dev.retort.core.model.JsonAggregateCheck;
import dev.retort.core.model.QualifiedName;
import dev.retort.core.model.Schema;
import dev.retort.core.model.Sequence;
import dev.retort.core.model.Table;
import dev.retort.core.model.UserType;
import dev.retort.core.runner.MigrationException;
import dev.retort.core.runner.Planner;
import dev.retort.migration.ColumnType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Compares a live database with the schema its recorded revisions build. The expected schema is
 * replayed from the migrations the history table records as applied (plus the committed steps of
 * a half-applied one), so drift means "someone changed the database outside the migrations", not
 * "the database is behind". Names compare case-insensitively, types in the database's own spelling
 * of what the dialect renders, expressions after removing the quoting and casts databases add.
 */
public final class DriftDetector {

    private DriftDetector() {}

    /**
     * The schema the recorded revisions build.
     *
     * @throws MigrationException when the database records a revision no migration class has
     */
    public static Schema expected(RevisionGraph graph, List<HistoryRow> rows) {
        List<String> unknown = rows.stream()
                .map(HistoryRow::revision)
                .filter(id -> !graph.contains(id))
                .toList();
        if (!unknown.isEmpty()) {
            throw new MigrationException("The database records revision" + (unknown.size() == 1 ? " " : "s ") + unknown
                    + " but no migration class has that id, so the schema it should have is unknown: is this checkout "
                    + "older than the database?");
        }
        // applied revisions whole, a half-applied one up to its last committed step, a half-reverted one up to its last
        // reverted step
        return new Planner(graph).currentSchema(rows);
    }

    /** Every difference between what the migrations build and what the database has; empty when none. */
    public static List<Drift> compare(Schema expected, LiveSchema live, Dialect dialect) {
        // a column absent on this database (@TimeZoneStorage(AUTO)'s offset column on H2) is expected missing
        expected = expected.on(dialect.name());
        // the database reports a quoted name without its quotes: names compare by their text
        expected = unquoted(expected, dialect, live.defaultNamespace());
        List<Drift> out = new ArrayList<>();
        for (Table want : expected.tables()) {
            if (SchemaDiffer.isBookkeeping(want.name())) {
                continue;
            }
            Optional<LiveTable> have = live.table(want.name());
            if (have.isEmpty()) {
                out.add(new Drift(
                        Drift.Kind.MISSING,
                        "table",
                        want.name(),
                        "the migrations create it; the database has no such table"));
            } else {
                compareTable(want, have.get(), dialect, out);
            }
        }
        for (LiveTable t : live.tables()) {
            if (!SchemaDiffer.isBookkeeping(t.name())
                    && expected.table(t.name()).isEmpty()) {
                out.add(new Drift(
                        Drift.Kind.EXTRA, "table", t.name(), "in the database, but no applied migration creates it"));
            }
        }
        for (Sequence s : expected.sequences()) {
            if (live.sequences().stream().noneMatch(s.name()::equalsIgnoreCase)) {
                out.add(new Drift(
                        Drift.Kind.MISSING, "sequence", s.name(), "the migrations create it; the database has none"));
            }
        }
        for (String s : live.sequences()) {
            if (expected.sequence(s).isEmpty()) {
                out.add(new Drift(
                        Drift.Kind.EXTRA, "sequence", s, "in the database, but no applied migration creates it"));
            }
        }
        compareTypes(expected, live, dialect, out);
        return List.copyOf(out);
    }

    /** User-defined types: each attribute's name and type, in the type's order (the order the application reads). */
    private static void compareTypes(Schema expected, LiveSchema live, Dialect dialect, List<Drift> out) {
        for (UserType want : expected.types()) {
            Optional<LiveSchema.LiveType> have = live.types().stream()
                    .filter(t -> Identifiers.sameText(t.name(), want.name()))
                    .findFirst();
            if (have.isEmpty()) {
                out.add(new Drift(
                        Drift.Kind.MISSING, "type", want.name(), "the migrations create it; the database has none"));
                continue;
            }
            List<String> wanted = new ArrayList<>();
            for (Column a : want.attributes()) {
                String type;
                try {
                    type = dialect.catalog().nativeType(dialect.columnType(a.type()));
                } catch (RuntimeException e) {
                    type = a.type().toString();
                }
                wanted.add(Identifiers.text(a.name()).toLowerCase(java.util.Locale.ROOT) + " " + type);
            }
            List<String> found = have.get().attributes().stream()
                    .map(a -> a.name().toLowerCase(java.util.Locale.ROOT) + " " + a.nativeType())
                    .toList();
            if (!wanted.equals(found)) {
                out.add(new Drift(
                        Drift.Kind.CHANGED,
                        "type",
                        want.name(),
                        "the database has (" + String.join(", ", found) + "), the migrations ("
                                + String.join(", ", wanted) + ")"));
            }
        }
        for (LiveSchema.LiveType t : live.types()) {
            if (expected.types().stream().noneMatch(w -> Identifiers.sameText(t.name(), w.name()))) {
                out.add(new Drift(
                        Drift.Kind.EXTRA, "type", t.name(), "in the database, but no applied migration creates it"));
            }
        }
    }

    private static void compareTable(Table want, LiveTable have, Dialect dialect, List<Drift> out) {
        String t = want.name();
        if (!java.util.Objects.equals(want.comment(), have.comment())) {
            out.add(new Drift(
                    Drift.Kind.CHANGED,
                    "table comment",
                    t,
                    "the database has " + (have.comment() == null ? "none" : "'" + have.comment() + "'")
                            + ", the migrations " + (want.comment() == null ? "none" : "'" + want.comment() + "'")));
        }
        for (Column c : want.columns()) {
            Optional<LiveColumn> live = have.column(c.name());
            String expectedType;
            try {
                expectedType = dialect.catalog().nativeType(dialect.columnType(c.type()));
            } catch (NoColumnTypeException e) {
                // the migrations could not have made this column here (upgrade refuses them)
                out.add(new Drift(
                        Drift.Kind.CHANGED,
                        "column type",
                        t + "." + c.name(),
                        "the migrations declare " + c.type() + ", which has no type on " + dialect.name() + ": "
                                + e.reason() + "; the database has "
                                + live.map(LiveColumn::nativeType).orElse("no such column")));
                continue;
            }
            if (live.isEmpty()) {
                out.add(new Drift(
                        Drift.Kind.MISSING,
                        "column",
                        t + "." + c.name(),
                        "the migrations make it " + expectedType + (c.nullable() ? "" : " NOT NULL")
                                + "; the database has no such column"));
                continue;
            }
            LiveColumn l = live.get();
            if (!expectedType.equals(l.nativeType())) {
                out.add(new Drift(
                        Drift.Kind.CHANGED,
                        "column type",
                        t + "." + c.name(),
                        "the database has " + l.nativeType() + ", the migrations make it " + expectedType));
            }
            if (c.nullable() != l.nullable()) {
                out.add(new Drift(
                        Drift.Kind.CHANGED,
                        "nullability",
                        t + "." + c.name(),
                        "the database "
                                + (l.nullable() ? "allows NULL" : "says NOT NULL") + ", the migrations make it "
                                + (c.nullable() ? "nullable" : "NOT NULL")));
            }
            if (c.autoIncrement() != l.autoIncrement()) {
                out.add(new Drift(
                        Drift.Kind.CHANGED,
                        "auto-increment",
                        t + "." + c.name(),
                        "the database "
                                + (l.autoIncrement() ? "generates" : "does not generate")
                                + " its values, the migrations say it "
                                + (c.autoIncrement() ? "does" : "does not")));
            }
            boolean backslashEscapes = dialect.catalog().backslashEscapes();
            if (!c.autoIncrement()
                    && !sameDefault(
                            unescape(c.defaultValue(), backslashEscapes), unescape(l.defaultValue(), backslashEscapes))
                    && !(c.type().kind() == ColumnType.Kind.BOOLEAN
                            && booleanDefaultsMatch(c.defaultValue(), l.defaultValue()))) {
                out.add(new Drift(
                        Drift.Kind.CHANGED,
                        "default",
                        t + "." + c.name(),
                        "the database has "
                                + (l.defaultValue() == null ? "no default" : "DEFAULT " + l.defaultValue())
                                + ", the migrations "
                                + (c.defaultValue() == null ? "none" : "DEFAULT " + c.defaultValue())));
            }
            if (!Objects.equals(c.comment(), l.comment())) {
                out.add(new Drift(
                        Drift.Kind.CHANGED,
                        "comment",
                        t + "." + c.name(),
                        "the database has "
                                + (l.comment() == null ? "none" : "'" + l.comment() + "'") + ", the migrations "
                                + (c.comment() == null ? "none" : "'" + c.comment() + "'")));
            }
        }
        for (LiveColumn l : have.columns()) {
            if (want.column(l.name()).isEmpty()) {
                out.add(new Drift(
                        Drift.Kind.EXTRA,
                        "column",
                        t + "." + l.name(),
                        l.nativeType() + (l.nullable() ? "" : " NOT NULL")
                                + " in the database, but no applied migration creates it"));
            }
        }
        if (!lower(want.primaryKey()).equals(lower(have.primaryKey()))) {
            out.add(new Drift(
                    Drift.Kind.CHANGED,
                    "primary key",
                    t,
                    "the database has " + describe(have.primaryKey()) + ", the migrations "
                            + describe(want.primaryKey())));
        }
        for (Index wanted : want.indexes()) {
            // a server that parses DESC but keeps the column ascending (MariaDB before 10.8) holds the index so
            Index i = dialect.keepsDescendingIndexes() ? wanted : wanted.ascending();
            String kind = i.unique() ? "unique constraint" : "index";
            Optional<Index> live = have.indexes().stream()
                    .filter(x -> x.name().equalsIgnoreCase(i.name()))
                    .findFirst();
            if (live.isEmpty()) {
                out.add(new Drift(
                        Drift.Kind.MISSING,
                        kind,
                        t + "." + i.name(),
                        "on " + describe(i.columns()) + "; the database has none of that name"));
            } else if (live.get().unique() != i.unique()
                    || !lower(live.get().columns()).equals(lower(i.columns()))
                    || !lower(live.get().descending()).equals(lower(i.descending()))) {
                out.add(new Drift(
                        Drift.Kind.CHANGED,
                        kind,
                        t + "." + i.name(),
                        "the database has "
                                + (live.get().unique() ? "unique " : "")
                                + describe(live.get().columnsWithOrder()) + ", the migrations "
                                + (i.unique() ? "unique " : "") + describe(i.columnsWithOrder())));
            }
        }
        for (Index i : have.indexes()) {
            // the index the database made for a foreign key stays after the key is dropped; the key's drift says it all
            boolean foreignKeyIndex = dialect.catalog().indexesForeignKeys()
                    && want.foreignKeys().stream()
                            .anyMatch(fk -> fk.name().equalsIgnoreCase(i.name())
                                    && lower(fk.columns()).equals(lower(i.columns())));
            if (want.index(i.name()).isEmpty() && !foreignKeyIndex) {
                out.add(new Drift(
                        Drift.Kind.EXTRA,
                        i.unique() ? "unique constraint" : "index",
                        t + "." + i.name(),
                        "on " + describe(i.columns()) + " in the database, but no applied migration creates it"));
            }
        }
        for (ForeignKey fk : want.foreignKeys()) {
            Optional<ForeignKey> live = have.foreignKeys().stream()
                    .filter(x -> x.name().equalsIgnoreCase(fk.name()))
                    .findFirst();
            if (live.isEmpty()) {
                out.add(new Drift(
                        Drift.Kind.MISSING,
                        "foreign key",
                        t + "." + fk.name(),
                        describe(fk) + "; the database has none of that name"));
            } else if (!sameForeignKey(fk, live.get())) {
                out.add(new Drift(
                        Drift.Kind.CHANGED,
                        "foreign key",
                        t + "." + fk.name(),
                        "the database has " + describe(live.get()) + ", the migrations " + describe(fk)));
            }
        }
        for (ForeignKey fk : have.foreignKeys()) {
            if (want.foreignKey(fk.name()).isEmpty()) {
                out.add(new Drift(
                        Drift.Kind.EXTRA,
                        "foreign key",
                        t + "." + fk.name(),
                        describe(fk) + " in the database, but no applied migration creates it"));
            }
        }
        for (Check c : dialect.keepsChecks() ? want.checks() : List.<Check>of()) {
            // a check the model writes per database is compared as this database's SQL, or not at all where
            // it has nothing to check here
            Optional<JsonAggregateCheck> aggregate = JsonAggregateCheck.read(c.expression());
            String condition = aggregate.isPresent() ? dialect.checkCondition(c) : c.expression();
            if (condition.isEmpty()) {
                continue;
            }
            Optional<Check> live = have.checks().stream()
                    .filter(x -> x.name().equalsIgnoreCase(c.name()))
                    .findFirst();
            if (live.isEmpty()) {
                out.add(new Drift(
                        Drift.Kind.MISSING,
                        "check",
                        t + "." + c.name(),
                        "(" + c.expression() + "); the database has none of that name"));
            } else if (aggregate.isEmpty()
                    ? !expression(condition).equals(expression(live.get().expression()))
                    : !jsonCheck(condition, Identifiers.text(aggregate.get().column()))
                            .equals(jsonCheck(
                                    live.get().expression(),
                                    Identifiers.text(aggregate.get().column())))) {
                out.add(new Drift(
                        Drift.Kind.CHANGED,
                        "check",
                        t + "." + c.name(),
                        "the database has (" + live.get().expression() + "), the migrations (" + c.expression() + ")"));
            }
        }
        for (Check c : have.checks()) {
            if (want.check(c.name()).isEmpty() && !isColumnCheck(want, c, dialect)) {
                out.add(new Drift(
                        Drift.Kind.EXTRA,
                        "check",
                        t + "." + c.name(),
                        "(" + c.expression() + ") in the database, but no applied migration creates it"));
            }
        }
    }

    /**
     * The check a column carries as part of its type: an enum's (PostgreSQL's {@code
     * <table>_<column>_check}), and the {@code json_valid(column)} MariaDB adds to a JSON column (and
     * so to an array, which is JSON there).
     */
    private static boolean isColumnCheck(Table want, Check c, Dialect dialect) {
        String expression = c.expression().replaceAll("[`\"()\\s]", "").toLowerCase(java.util.Locale.ROOT);
        return want.columns().stream()
                .anyMatch(col -> col.type().kind() == ColumnType.Kind.ENUM
                                && c.name().equalsIgnoreCase(dialect.catalog().enumCheckName(want.name(), col.name()))
                        || (col.type().kind() == ColumnType.Kind.JSON
                                        || col.type().kind() == ColumnType.Kind.ARRAY)
                                && expression.equals("json_valid" + col.name().toLowerCase(java.util.Locale.ROOT)));
    }

    private static boolean sameForeignKey(ForeignKey want, ForeignKey have) {
        return lower(want.columns()).equals(lower(have.columns()))
                && want.referencedTable().equalsIgnoreCase(have.referencedTable())
                && lower(want.referencedColumns()).equals(lower(have.referencedColumns()))
                && normal(want.deleteAction()) == normal(have.deleteAction())
                && normal(want.updateAction()) == normal(have.updateAction());
    }

    private static dev.retort.migration.ReferentialAction normal(dev.retort.migration.ReferentialAction a) {
        return a == dev.retort.migration.ReferentialAction.RESTRICT
                ? dev.retort.migration.ReferentialAction.NO_ACTION
                : a;
    }

    private static String describe(ForeignKey fk) {
        return describe(fk.columns()) + " -> " + fk.referencedTable() + " " + describe(fk.referencedColumns())
                + (fk.onDelete() == null ? "" : " ON DELETE " + fk.onDelete().sql())
                + (fk.onUpdate() == null ? "" : " ON UPDATE " + fk.onUpdate().sql());
    }

    private static String describe(List<String> columns) {
        return columns.isEmpty() ? "none" : "(" + String.join(", ", columns) + ")";
    }

    /** The schema with every name's quotes taken off, as the catalog reports names. */
    private static Schema unquoted(Schema s, Dialect dialect, String defaultNamespace) {
        List<Table> tables = s.tables().stream()
                .map(t -> new Table(
                        liveName(t.name(), dialect, defaultNamespace),
                        t.columns().stream()
                                .map(c -> c.withName(Identifiers.text(c.name())))
                                .toList(),
                        text(t.primaryKey()),
                        t.indexes().stream()
                                .map(i -> i.withColumns(text(i.columns())).withName(Identifiers.text(i.name())))
                                .toList(),
                        t.foreignKeys().stream()
                                .map(f -> new ForeignKey(
                                        Identifiers.text(f.name()),
                                        text(f.columns()),
                                        liveName(f.referencedTable(), dialect, defaultNamespace),
                                        text(f.referencedColumns()),
                                        f.onDelete(),
                                        f.onUpdate(),
                                        f.source()))
                                .toList(),
                        t.checks().stream()
                                .map(c -> new Check(Identifiers.text(c.name()), c.expression(), c.source()))
                                .toList(),
                        t.source(),
                        t.renamedFrom(),
                        t.comment()))
                .toList();
        List<Sequence> sequences = s.sequences().stream()
                .map(q -> new Sequence(
                        liveName(q.name(), dialect, defaultNamespace), q.start(), q.increment(), q.source()))
                .toList();
        return new Schema(tables, sequences, s.types());
    }

    /**
     * A table or sequence name as {@link SchemaReader} reports it: its text, qualified by the schema
     * (database on MySQL/MariaDB) it lives in on this database unless that is the connection's
     * default; a qualifier part the database does not use is dropped, as Hibernate drops it.
     */
    public static String liveName(String name, Dialect dialect, String defaultNamespace) {
        String local = Identifiers.text(QualifiedName.local(name));
        String ns = dialect.namespacePart(name);
        if (ns == null || Identifiers.text(ns).equalsIgnoreCase(defaultNamespace)) {
            return local;
        }
        return Identifiers.text(ns) + "." + local;
    }

    private static List<String> text(List<String> names) {
        return names.stream().map(Identifiers::text).toList();
    }

    private static List<String> lower(List<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
    }

    /** A default without the casts, parentheses and quotes databases add: {@code ('new'::character varying)} is {@code new}. */
    static String defaultValue(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        if (v.equalsIgnoreCase("NULL")) {
            return null;
        }
        String previous;
        do {
            previous = v;
            v = v.replaceAll("::[a-zA-Z_ ]+(\\(\\d+(,\\d+)?\\))?(\\[])?$", "").trim();
            if (v.startsWith("(") && v.endsWith(")")) {
                v = v.substring(1, v.length() - 1).trim();
            }
        } while (!v.equals(previous));
        if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) {
            return v.substring(1, v.length() - 1).replace("''", "'");
        }
        v = v.toLowerCase(Locale.ROOT);
        return v.endsWith("()") ? v.substring(0, v.length() - 2) : v;
    }

    /**
     * A quoted MySQL/MariaDB literal ({@code 'ends in \\'}) in the standard spelling
     * ({@code 'ends in \'}) that {@link #defaultValue} reads; anything else as it is. MySQL shows a
     * string default unquoted and unescaped, MariaDB as the literal.
     */
    static String unescape(String value, boolean backslashEscapes) {
        if (!backslashEscapes || value == null) {
            return value;
        }
        String v = value.trim();
        if (v.length() < 2 || !v.startsWith("'") || !v.endsWith("'") || v.indexOf('\\') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder("'");
        for (int i = 1; i < v.length() - 1; i++) {
            char ch = v.charAt(i);
            if (ch != '\\' || i + 1 >= v.length() - 1) {
                out.append(ch);
                continue;
            }
            char next = v.charAt(++i);
            switch (next) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'b' -> out.append('\b');
                case '0' -> out.append('\0');
                case 'Z' -> out.append('\032');
                case '\'' -> out.append("''");
                // the server keeps the backslash of \% and \_ (they are LIKE escapes)
                case '%', '_' -> out.append('\\').append(next);
                default -> out.append(next);
            }
        }
        return out.append('\'').toString();
    }

    /** Equal after normalising, or the same number ({@code 0} and {@code 0.00}). */
    private static boolean sameDefault(String expected, String live) {
        String a = defaultValue(expected);
        String b = defaultValue(live);
        if (Objects.equals(a, b)) {
            return true;
        }
        try {
            return a != null && b != null && new java.math.BigDecimal(a).compareTo(new java.math.BigDecimal(b)) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean booleanDefaultsMatch(String a, String b) {
        return a != null
                && b != null
                && bool(defaultValue(a)) != null
                && bool(defaultValue(a)).equals(bool(defaultValue(b)));
    }

    private static Boolean bool(String v) {
        if (v == null) {
            return null;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "1", "true", "b'1'" -> Boolean.TRUE;
            case "0", "false", "b'0'" -> Boolean.FALSE;
            default -> null;
        };
    }

    /**
     * What a JSON aggregate's check tests, however the database respells it (PostgreSQL's {@code ::} casts
     * and {@code = ANY (ARRAY[…])}, H2's upper case and sorted enum values, MySQL's {@code _utf8mb4}
     * introducers and added parentheses, MariaDB's {@code 1} for {@code true}, PostgreSQL's {@code between}
     * as two comparisons): the literals it names (the members' keys, enum values), the names it quotes but
     * the column's own, the numbers it compares with, and how often it tests {@code is not null} and
     * {@code is null}; sorted.
     */
    static List<String> jsonCheck(String check, String column) {
        // MySQL's catalog shows the quotes of a literal escaped
        String e = check.replace("\\'", "'");
        java.util.Set<String> facts = new java.util.TreeSet<>();
        List<String> words = new ArrayList<>();
        char previous = ' ';
        int i = 0;
        while (i < e.length()) {
            char ch = e.charAt(i);
            if (ch == '\'' || ch == '"') {
                StringBuilder text = new StringBuilder();
                int j = i + 1;
                while (j < e.length()) {
                    if (e.charAt(j) == ch) {
                        if (j + 1 < e.length() && e.charAt(j + 1) == ch) {
                            text.append(ch);
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    text.append(e.charAt(j++));
                }
                String value = text.toString().toLowerCase(Locale.ROOT);
                if (ch == '\'') {
                    facts.add("'" + (value.startsWith("$.") ? value.substring(2) : value));
                } else if (!value.equalsIgnoreCase(column)) {
                    facts.add("\"" + value);
                }
                i = j + 1;
                previous = ch;
            } else if (Character.isLetter(ch) || ch == '_') {
                int j = i;
                while (j < e.length()
                        && (Character.isLetterOrDigit(e.charAt(j)) || e.charAt(j) == '_' || e.charAt(j) == '$')) {
                    j++;
                }
                words.add(e.substring(i, j).toLowerCase(Locale.ROOT));
                i = j;
                previous = 'a';
            } else if (Character.isDigit(ch)) {
                int j = i;
                while (j < e.length() && Character.isDigit(e.charAt(j))) {
                    j++;
                }
                // a type's size is spelled differently by each database; MariaDB writes true as 1
                boolean lastWordThen =
                        !words.isEmpty() && words.get(words.size() - 1).equals("then");
                if (previous != '(' && previous != ',' && !(lastWordThen && previous == 'a')) {
                    facts.add("#" + e.substring(i, j));
                }
                i = j;
                previous = '0';
            } else {
                if (!Character.isWhitespace(ch)) {
                    previous = ch;
                }
                i++;
            }
        }
        int notNull = 0;
        int isNull = 0;
        for (int w = 0; w + 1 < words.size(); w++) {
            if (words.get(w).equals("is")) {
                if (words.get(w + 1).equals("null")) {
                    isNull++;
                } else if (w + 2 < words.size()
                        && words.get(w + 1).equals("not")
                        && words.get(w + 2).equals("null")) {
                    notNull++;
                }
            }
        }
        facts.add("is not null x" + notNull);
        facts.add("is null x" + isNull);
        return List.copyOf(facts);
    }

    /**
     * A check expression without quoting, casts, parentheses and spaces, lower case; {@code x between a and b}
     * read as {@code x >= a and x <= b} and {@code x = any (array[…])} as {@code x in (…)}, as PostgreSQL
     * respells them (a struct attribute {@code (home).kind} is such an {@code x}).
     */
    static String expression(String e) {
        return e.toLowerCase(Locale.ROOT)
                .replaceAll("cast\\(([^()]+) as [a-z ]+(\\(\\d+(,\\d+)?\\))?\\)", "$1")
                .replaceAll("::[a-z_ ]+(\\[\\])?", "")
                .replaceAll(
                        "(\\(?[a-z_0-9\"]+\\)?(?:\\.[a-z_0-9\"]+)?)\\s+between\\s+(\\S+)\\s+and\\s+([^\\s()]+)",
                        "$1 >= $2 and $1 <= $3")
                .replaceAll("=\\s*any\\s*\\(+\\s*array\\[([^\\]]*)\\]", " in ($1")
                .replaceAll("[`\"()\\s]", "");
    }
}

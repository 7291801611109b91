package dev.retort.core.dialect;

import dev.retort.core.errors.Action;
import dev.retort.core.errors.Hint;
import dev.retort.core.errors.Text;
import dev.retort.core.model.Check;
import dev.retort.core.model.Column;
import dev.retort.core.model.ForeignKey;
import dev.retort.core.model.Identifiers;
import dev.retort.core.model.Index;
import dev.retort.core.model.JsonAggregateCheck;
import dev.retort.core.model.QualifiedName;
import dev.retort.core.model.Sequence;
import dev.retort.core.model.Table;
import dev.retort.core.model.UserType;
import dev.retort.core.ops.AddCheck;
import dev.retort.core.ops.AddColumn;
import dev.retort.core.ops.AddForeignKey;
import dev.retort.core.ops.AlterColumn;
import dev.retort.core.ops.AlterPrimaryKey;
import dev.retort.core.ops.AlterSequence;
import dev.retort.core.ops.BackfillColumn;
import dev.retort.core.ops.CreateIndex;
import dev.retort.core.ops.CreateSequence;
import dev.retort.core.ops.CreateTable;
import dev.retort.core.ops.CreateType;
import dev.retort.core.ops.DropCheck;
import dev.retort.core.ops.DropColumn;
import dev.retort.core.ops.DropForeignKey;
import dev.retort.core.ops.DropIndex;
import dev.retort.core.ops.DropSequence;
import dev.retort.core.ops.DropTable;
import dev.retort.core.ops.DropType;
import dev.retort.core.ops.Irreversible;
import dev.retort.core.ops.Operation;
import dev.retort.core.ops.RenameColumn;
import dev.retort.core.ops.RenameIndex;
import dev.retort.core.ops.RenameTable;
import dev.retort.core.ops.SetTableComment;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The SQL every supported database spells alike; subclasses override where they differ. */
public abstract class AbstractDialect implements Dialect {

    @Override
    public List<Ddl> statements(Operation op) {
        return op.on(name()).map(here -> here.accept(online())).orElse(List.of());
    }

    /** Nothing for an operation on a column absent on this database ({@link Operation#on}). */
    @Override
    public List<Ddl> statementsForNewTable(Operation op) {
        return op.on(name()).map(here -> here.accept(plain())).orElse(List.of());
    }

    /** The statements for a table in use; the plain ones unless a dialect states online forms. */
    protected Operation.Visitor<List<Ddl>> online() {
        return plain();
    }

    /** The statements every database spells alike, without online precautions. */
    protected Operation.Visitor<List<Ddl>> plain() {
        return new Statements();
    }

    /** {@code ALTER TABLE table body}, its online clauses left to state. */
    protected final Ddl alter(String table, String body) {
        return Ddl.alterTable(quote(table), body);
    }

    /** The SQL every supported database spells alike; a dialect extends it where it differs. */
    protected class Statements implements Operation.Visitor<List<Ddl>> {

        @Override
        public List<Ddl> createTable(CreateTable c) {
            List<Ddl> sql = new ArrayList<>();
            createNamespace(c.table()).forEach(s -> sql.add(Ddl.of(s)));
            sql.add(Ddl.of(AbstractDialect.this.createTable(c.definition())));
            tableCommentStatements(c.definition()).forEach(s -> sql.add(Ddl.of(s)));
            c.definition()
                    .columns()
                    .forEach(col -> commentStatements(c.table(), col).forEach(s -> sql.add(Ddl.of(s))));
            return sql;
        }

        @Override
        public List<Ddl> dropTable(DropTable d) {
            return List.of(Ddl.dropTable(quote(d.table())));
        }

        @Override
        public List<Ddl> addColumn(AddColumn a) {
            List<Ddl> sql = new ArrayList<>(List.of(alter(a.table(), "ADD COLUMN " + columnDefinition(a.column()))));
            commentStatements(a.table(), a.column()).forEach(s -> sql.add(Ddl.of(s)));
            return sql;
        }

        @Override
        public List<Ddl> dropColumn(DropColumn d) {
            return List.of(alter(d.table(), "DROP COLUMN " + quote(d.column())));
        }

        @Override
        public List<Ddl> alterColumn(AlterColumn a) {
            return AbstractDialect.this.alterColumn(a);
        }

        @Override
        public List<Ddl> createIndex(CreateIndex c) {
            return List.of(
                    c.index().unique()
                            ? alter(
                                    c.table(),
                                    "ADD CONSTRAINT " + quote(c.index().name()) + " UNIQUE (" + indexColumns(c.index())
                                            + ")")
                            : Ddl.createIndex(
                                    "CREATE INDEX " + quote(c.index().name()),
                                    quote(c.table()),
                                    "(" + indexColumns(c.index()) + ")"));
        }

        @Override
        public List<Ddl> dropIndex(DropIndex d) {
            return List.of(AbstractDialect.this.dropIndex(d));
        }

        @Override
        public List<Ddl> renameTable(RenameTable r) {
            return AbstractDialect.this.renameTable(r);
        }

        @Override
        public List<Ddl> renameColumn(RenameColumn r) {
            return List.of(alter(r.table(), "RENAME COLUMN " + quote(r.from()) + " TO " + quote(r.to())));
        }

        @Override
        public List<Ddl> addForeignKey(AddForeignKey a) {
            ForeignKey fk = a.foreignKey();
            return List.of(alter(
                    a.table(),
                    "ADD CONSTRAINT " + quote(fk.name()) + " FOREIGN KEY ("
                            + columnList(fk.columns()) + ") REFERENCES " + quote(fk.referencedTable()) + " ("
                            + columnList(fk.referencedColumns()) + ")"
                            + (fk.onDelete() == null
                                    ? ""
                                    : " ON DELETE " + fk.onDelete().sql())
                            + (fk.onUpdate() == null
                                    ? ""
                                    : " ON UPDATE " + fk.onUpdate().sql())));
        }

        @Override
        public List<Ddl> dropForeignKey(DropForeignKey d) {
            return List.of(AbstractDialect.this.dropForeignKey(d));
        }

        @Override
        public List<Ddl> addCheck(AddCheck a) {
            String condition = checkCondition(a.check());
            return condition.isEmpty()
                    ? List.of()
                    : List.of(alter(
                            a.table(), "ADD CONSTRAINT " + quote(a.check().name()) + " CHECK (" + condition + ")"));
        }

        @Override
        public List<Ddl> dropCheck(DropCheck d) {
            return List.of(AbstractDialect.this.dropCheck(d));
        }

        @Override
        public List<Ddl> createSequence(CreateSequence c) {
            List<Ddl> sql = new ArrayList<>();
            createNamespace(c.sequence().name()).forEach(s -> sql.add(Ddl.of(s)));
            AbstractDialect.this.createSequence(c.sequence()).forEach(s -> sql.add(Ddl.of(s)));
            return sql;
        }

        @Override
        public List<Ddl> dropSequence(DropSequence d) {
            return List.of(AbstractDialect.this.dropSequence(d.name()));
        }

        @Override
        public List<Ddl> alterPrimaryKey(AlterPrimaryKey a) {
            return AbstractDialect.this.alterPrimaryKey(a);
        }

        @Override
        public List<Ddl> renameIndex(RenameIndex r) {
            return List.of(AbstractDialect.this.renameIndex(r));
        }

        @Override
        public List<Ddl> alterSequence(AlterSequence a) {
            return AbstractDialect.this.alterSequence(a).stream().map(Ddl::of).toList();
        }

        @Override
        public List<Ddl> irreversible(Irreversible op) {
            return List.of();
        }

        @Override
        public List<Ddl> backfillColumn(BackfillColumn b) {
            return List.of(Ddl.of(backfill(b)));
        }

        @Override
        public List<Ddl> setTableComment(SetTableComment c) {
            return List.of(tableComment(c.table(), c.comment()));
        }

        @Override
        public List<Ddl> createType(CreateType c) {
            List<Ddl> sql = new ArrayList<>();
            List<String> create = AbstractDialect.this.createType(c.type());
            createNamespace(c.type().name()).forEach(s -> sql.add(Ddl.of(s)));
            create.forEach(s -> sql.add(Ddl.of(s)));
            return sql;
        }

        @Override
        public List<Ddl> dropType(DropType d) {
            return List.of(Ddl.of(AbstractDialect.this.dropType(d.name())));
        }
    }

    @Override
    public String checkCondition(Check check) {
        return JsonAggregateCheck.read(check.expression())
                .map(this::jsonAggregateCheck)
                .orElseGet(() -> expression(check.expression()));
    }

    /**
     * Hibernate's check on a JSON aggregate ({@code StandardTableExporter.applyAggregateColumnCheck}):
     * within {@code col is null or (...)} when the column is nullable, each NOT NULL attribute's {@code
     * value is not null} and each checked one's condition on its value (a nullable one's as {@code (value
     * is null or condition)}), joined by {@code and}; empty when no attribute is constrained here.
     */
    private String jsonAggregateCheck(JsonAggregateCheck aggregate) {
        // named as Hibernate names it: quoted only where it must be
        String column = Identifiers.isQuoted(aggregate.column()) || reservedWord(aggregate.column())
                ? quote(aggregate.column())
                : aggregate.column();
        StringBuilder sql = new StringBuilder();
        jsonAggregateCheck(sql, column, aggregate.nullable(), aggregate.nullable(), aggregate.attributes());
        return sql.toString();
    }

    /**
     * One aggregate's part of the check, as Hibernate writes it, quirks included: an embeddable stored as
     * JSON inside another starts its part with no {@code and} before it, and closes its {@code value is
     * null or (} when the aggregate around it is nullable (the processor refuses the arrangements where
     * that breaks the statement, as it breaks Hibernate's). Returns the separator the next attribute takes.
     */
    private String jsonAggregateCheck(
            StringBuilder sql,
            String value,
            boolean nullable,
            boolean outerNullable,
            List<JsonAggregateCheck.Attribute> attributes) {
        int checkStart = sql.length();
        if (nullable) {
            sql.append(value).append(" is null or (");
        }
        int start = sql.length();
        String separator = "";
        for (JsonAggregateCheck.Attribute a : attributes) {
            if (a.nested()) {
                separator = jsonAggregateCheck(
                        sql, jsonValue(value, a.key(), a.type()), a.nullable(), nullable, a.attributes());
                continue;
            }
            String check = a.check() != null ? a.check() : typeCheck(a.key(), a.type());
            if (a.nullable() && check == null) {
                continue;
            }
            String member = jsonValue(value, a.key(), a.type());
            if (!a.nullable()) {
                sql.append(separator).append(member).append(" is not null");
                separator = " and ";
            }
            if (check != null) {
                if (a.nullable()) {
                    sql.append(separator).append('(').append(member).append(" is null");
                    separator = " or ";
                }
                sql.append(separator).append(check.replace(a.key(), member));
                if (a.nullable()) {
                    sql.append(')');
                }
                separator = " and ";
            }
        }
        if (sql.length() == start) {
            sql.setLength(checkStart);
        } else if (outerNullable) {
            sql.append(')');
        }
        return separator;
    }

    /**
     * How this database reads a member of a JSON document as a value of the type (Hibernate's {@code
     * AggregateSupport.aggregateComponentCustomReadExpression} for this dialect).
     */
    protected abstract String jsonValue(String column, String key, dev.retort.migration.ColumnType type);

    /** The condition a column of the type carries on this database by its type alone (none by default). */
    protected String typeCheck(String column, dev.retort.migration.ColumnType type) {
        return null;
    }

    /**
     * An SQL expression of the model (a check) for this database: a name between backticks in it is a
     * quoted name ({@code `Order` > 0}), quoted as this database quotes names; a bare name this database
     * reserves, written as the operand of a comparison ({@code interval between 0 and 3}, {@code user in
     * ('a')}: how the processor writes the checks of a column named so), is quoted as in {@code CREATE
     * TABLE}; string literals and keywords used as SQL are left alone.
     */
    protected String expression(String sql) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < sql.length()) {
            char ch = sql.charAt(i);
            if (ch == '\'' || ch == '"') {
                int end = i + 1;
                while (end < sql.length()) {
                    if (sql.charAt(end) == ch && (end + 1 >= sql.length() || sql.charAt(end + 1) != ch)) {
                        break;
                    }
                    end += sql.charAt(end) == ch ? 2 : 1;
                }
                end = Math.min(end + 1, sql.length());
                out.append(sql, i, end);
                i = end;
            } else if (ch == '`' && sql.indexOf('`', i + 1) > i) {
                int end = sql.indexOf('`', i + 1);
                out.append(quote(sql.substring(i, end + 1)));
                i = end + 1;
            } else if (Character.isLetter(ch) || ch == '_') {
                int end = i + 1;
                while (end < sql.length()
                        && (Character.isLetterOrDigit(sql.charAt(end))
                                || sql.charAt(end) == '_'
                                || sql.charAt(end) == '$')) {
                    end++;
                }
                String word = sql.substring(i, end);
                boolean qualified = i > 0 && sql.charAt(i - 1) == '.' || end < sql.length() && sql.charAt(end) == '.';
                out.append(
                        !qualified
                                        && operand(sql, end)
                                        && !SQL_WORDS.contains(word.toLowerCase(java.util.Locale.ROOT))
                                        && reservedWord(word)
                                ? quote(word)
                                : word);
                i = end;
            } else {
                out.append(ch);
                i++;
            }
        }
        return out.toString();
    }

    /** Words of a check's SQL that are never a column there: operators and values. */
    private static final java.util.Set<String> SQL_WORDS = java.util.Set.of(
            "and",
            "or",
            "not",
            "between",
            "in",
            "is",
            "like",
            "null",
            "true",
            "false",
            "unknown",
            "case",
            "when",
            "then",
            "else",
            "end",
            "exists",
            "any",
            "all",
            "some",
            "distinct",
            "current_date",
            "current_time",
            "current_timestamp",
            "current_user",
            "current_role",
            "current_catalog",
            "current_schema",
            "session_user",
            "localtime",
            "localtimestamp",
            "utc_date",
            "utc_time",
            "utc_timestamp");

    /** True when what follows {@code from} makes the word before it an operand of a comparison. */
    private static boolean operand(String sql, int from) {
        int k = from;
        while (k < sql.length() && Character.isWhitespace(sql.charAt(k))) {
            k++;
        }
        if (k >= sql.length()) {
            return false;
        }
        char c = sql.charAt(k);
        if (c == '=' || c == '<' || c == '>' || c == '!') {
            return true;
        }
        int end = k;
        while (end < sql.length() && Character.isLetter(sql.charAt(end))) {
            end++;
        }
        String next = sql.substring(k, end).toLowerCase(java.util.Locale.ROOT);
        return next.equals("between")
                || next.equals("in")
                || next.equals("is")
                || next.equals("not")
                || next.equals("like");
    }

    /** True when this database takes {@code name}, a plain identifier, as a name only quoted. */
    protected boolean reservedWord(String name) {
        return !quote(name).equals(name);
    }

    /** Sets (or, for null, removes) a table's comment: {@code COMMENT ON TABLE}, the SQL standard's way. */
    protected Ddl tableComment(String table, String comment) {
        return Ddl.of(commentOnTable(table, comment));
    }

    protected String commentOnTable(String table, String comment) {
        return "COMMENT ON TABLE " + quote(table) + " IS " + (comment == null ? "NULL" : literal(comment));
    }

    /** Statements that set a new table's comment where the database does not take it inline. */
    protected List<String> tableCommentStatements(Table t) {
        return t.comment() == null ? List.of() : List.of(commentOnTable(t.name(), t.comment()));
    }

    /** NULLs before a column becomes NOT NULL; orphans before a foreign key is added. */
    @Override
    public List<Guard> guards(Operation op) {
        return op.on(name()).map(this::guardsHere).orElse(List.of());
    }

    private List<Guard> guardsHere(Operation op) {
        if (op instanceof AlterColumn a && a.tightensNullability()) {
            String column = quote(a.to().name());
            return List.of(new Guard(
                    "SELECT COUNT(*) FROM " + quote(a.table()) + " WHERE " + column + " IS NULL",
                    "rows of " + a.table() + " with NULL in " + a.to().name(),
                    Text.of(
                            "fill them first: add op.backfill(\"" + a.table() + "\", \"" + a.to().name()
                                    + "\", \"<SQL value>\") before this step, then rerun ",
                            Hint.run(Action.UPGRADE))));
        }
        if (op instanceof AddForeignKey a) {
            ForeignKey fk = a.foreignKey();
            StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM ")
                    .append(quote(a.table()))
                    .append(" r WHERE ");
            for (String c : fk.columns()) {
                sql.append("r.").append(quote(c)).append(" IS NOT NULL AND ");
            }
            sql.append("NOT EXISTS (SELECT 1 FROM ")
                    .append(quote(fk.referencedTable()))
                    .append(" p WHERE ");
            for (int i = 0; i < fk.columns().size(); i++) {
                sql.append(i == 0 ? "" : " AND ")
                        .append("p.")
                        .append(quote(fk.referencedColumns().get(i)))
                        .append(" = r.")
                        .append(quote(fk.columns().get(i)));
            }
            return List.of(new Guard(
                    sql.append(')').toString(),
                    "rows of " + a.table() + " referencing no row of " + fk.referencedTable() + " (" + fk.name() + ")",
                    Text.of(
                            "delete or correct them (or set their " + String.join(", ", fk.columns())
                                    + " to NULL), then rerun ",
                            Hint.run(Action.UPGRADE))));
        }
        return List.of();
    }

    /**
     * The backfill as one statement, for scripts read offline; {@code migrate:upgrade} never runs
     * it: it runs the backfill in primary-key batches instead.
     */
    protected String backfill(BackfillColumn b) {
        if (b.function() != null || b.missingValue()) {
            return "-- " + b.describe()
                    + ": runs only through Retort's upgrade (migrate:upgrade or the start-up API), in batches";
        }
        return "UPDATE " + quote(b.table()) + " SET " + quote(b.column()) + " = " + b.expression() + " WHERE "
                + quote(b.column()) + " IS NULL";
    }

    protected String createTable(Table t) {
        StringBuilder sql =
                new StringBuilder("CREATE TABLE ").append(quote(t.name())).append(" (");
        sql.append(t.columns().stream().map(this::columnDefinition).collect(Collectors.joining(", ")));
        if (!t.primaryKey().isEmpty()) {
            sql.append(", PRIMARY KEY (").append(columnList(t.primaryKey())).append(')');
        }
        return sql.append(')').append(tableOptions(t)).toString();
    }

    /** A column's type on this database; a type it cannot have is refused naming the column. */
    protected String columnType(Column c) {
        try {
            return columnType(c.type());
        } catch (UnsupportedColumnTypeException e) {
            throw e.forColumn(c);
        }
    }

    /** Appended to {@code CREATE TABLE (...)}. */
    protected String tableOptions(Table t) {
        return "";
    }

    protected String columnDefinition(Column c) {
        return quote(c.name()) + " " + columnType(c)
                + (c.defaultValue() == null ? "" : " DEFAULT " + c.defaultValue())
                + (c.nullable() ? "" : " NOT NULL")
                + (c.autoIncrement() ? " " + autoIncrement() : "");
    }

    /** Statements that set a column's comment where the database does not take it inline. */
    protected List<String> commentStatements(String table, Column c) {
        return c.comment() == null ? List.of() : List.of(commentOn(table, c.name(), c.comment()));
    }

    protected String commentOn(String table, String column, String comment) {
        return "COMMENT ON COLUMN " + quote(table) + "." + quote(column) + " IS "
                + (comment == null ? "NULL" : literal(comment));
    }

    protected Ddl dropForeignKey(DropForeignKey d) {
        return alter(d.table(), "DROP CONSTRAINT " + quote(d.name()));
    }

    protected Ddl dropCheck(DropCheck d) {
        return alter(d.table(), "DROP CONSTRAINT " + quote(d.name()));
    }

    /**
     * Creates a user-defined composite type. Only PostgreSQL has them: elsewhere Hibernate refuses
     * {@code @Struct}, and so does the migration, before any statement runs.
     */
    protected List<String> createType(UserType type) {
        throw UnsupportedColumnTypeException.struct(type.name(), name());
    }

    protected String dropType(String type) {
        throw UnsupportedColumnTypeException.struct(type, name());
    }

    protected List<String> createSequence(Sequence s) {
        return List.of(
                "CREATE SEQUENCE " + quote(s.name()) + " START WITH " + s.start() + " INCREMENT BY " + s.increment());
    }

    /**
     * Renames a table; a table that moves to another schema moves first ({@code SET SCHEMA}), as
     * PostgreSQL and H2 rename within a schema only.
     */
    protected List<Ddl> renameTable(RenameTable r) {
        List<Ddl> sql = new ArrayList<>();
        String from = r.table();
        String target = namespace(r.to());
        if (!java.util.Objects.equals(namespace(from), target)) {
            createNamespace(r.to()).forEach(s -> sql.add(Ddl.of(s)));
            QualifiedName to = QualifiedName.parse(r.to());
            String schema = to.schema() == null ? null : to.schema();
            sql.add(alter(from, "SET SCHEMA " + (schema == null ? defaultSchemaExpression() : quote(schema))));
            from = QualifiedName.sibling(r.to(), QualifiedName.local(from));
        }
        if (!QualifiedName.local(from).equals(QualifiedName.local(r.to()))) {
            sql.add(alter(from, "RENAME TO " + quote(QualifiedName.local(r.to()))));
        }
        return sql;
    }

    /** The connection's default schema, where a table moves back to when its new name has no schema. */
    protected String defaultSchemaExpression() {
        return "PUBLIC";
    }

    /**
     * The statements that create the schema (database on MySQL/MariaDB) a table or sequence of that
     * name goes into, when it is missing; empty for a name in the connection's default schema. They
     * never fail on a namespace that exists, and nothing ever drops one: a schema outlives the last
     * table Retort put in it, since other objects (or a DBA's grants) may live there too.
     */
    protected List<String> createNamespace(String name) {
        QualifiedName q = QualifiedName.parse(name);
        return q.schema() == null || !usesSchema()
                ? List.of()
                : List.of("CREATE SCHEMA IF NOT EXISTS " + quote(q.schema()));
    }

    /** A plain index of {@code table}, named so that it is found in the table's schema. */
    protected String indexName(String table, String index) {
        return quote(QualifiedName.sibling(table, index));
    }

    protected Ddl dropSequence(String name) {
        return Ddl.of("DROP SEQUENCE " + quote(name));
    }

    /** Drops the old key and adds the new one, one statement each. */
    protected List<Ddl> alterPrimaryKey(AlterPrimaryKey a) {
        List<Ddl> sql = new ArrayList<>();
        if (!a.from().isEmpty()) {
            sql.add(alter(a.table(), "DROP PRIMARY KEY"));
        }
        if (!a.to().isEmpty()) {
            sql.add(alter(a.table(), "ADD PRIMARY KEY (" + columnList(a.to()) + ")"));
        }
        return sql;
    }

    /** A unique constraint is renamed as a constraint (its index follows), a plain index as an index. */
    protected Ddl renameIndex(RenameIndex r) {
        return r.unique()
                ? alter(r.table(), "RENAME CONSTRAINT " + quote(r.from()) + " TO " + quote(r.to()))
                : Ddl.of("ALTER INDEX " + indexName(r.table(), r.from()) + " RENAME TO " + quote(r.to()));
    }

    protected List<String> alterSequence(AlterSequence a) {
        return standardAlterSequence(a);
    }

    /** Only what changed; START WITH records the restart value and leaves the current value alone. */
    protected final List<String> standardAlterSequence(AlterSequence a) {
        StringBuilder sql = new StringBuilder("ALTER SEQUENCE ").append(quote(a.to().name()));
        if (a.from().start() != a.to().start()) {
            sql.append(" START WITH ").append(a.to().start());
        }
        if (a.from().increment() != a.to().increment()) {
            sql.append(" INCREMENT BY ").append(a.to().increment());
        }
        return List.of(sql.toString());
    }

    /** Default and comment changes, for dialects that alter them one attribute at a time. */
    protected List<String> alterDefaultAndComment(AlterColumn a) {
        List<String> sql = new ArrayList<>();
        String prefix = "ALTER TABLE " + quote(a.table()) + " ALTER COLUMN " + quote(a.to().name());
        if (!java.util.Objects.equals(a.from().defaultValue(), a.to().defaultValue())) {
            sql.add(prefix
                    + (a.to().defaultValue() == null ? " DROP DEFAULT" : " SET DEFAULT " + a.to().defaultValue()));
        }
        if (!java.util.Objects.equals(a.from().comment(), a.to().comment())) {
            sql.add(commentOn(a.table(), a.to().name(), a.to().comment()));
        }
        return sql;
    }

    protected abstract String autoIncrement();

    protected abstract List<Ddl> alterColumn(AlterColumn a);

    protected abstract Ddl dropIndex(DropIndex d);

    protected String columnList(List<String> columns) {
        return columns.stream().map(this::quote).collect(Collectors.joining(", "));
    }

    /** An index's columns, each descending one followed by {@code DESC}, as every supported database writes it. */
    protected String indexColumns(Index index) {
        return index.columns().stream()
                .map(c -> index.isDescending(c) ? quote(c) + " DESC" : quote(c))
                .collect(Collectors.joining(", "));
    }

    /**
     * {@code value} as a string literal in the SQL standard's spelling: quotes doubled, every other
     * character (a backslash, a newline) as it is, which PostgreSQL ({@code standard_conforming_strings},
     * on since 9.1) and H2 read back unchanged.
     */
    protected static String quoteLiteral(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** {@code value} as this database's string literal, read back by it exactly as given. */
    protected String literal(String value) {
        return quoteLiteral(value);
    }

    @Override
    public String toString() {
        return name();
    }
}

package dev.retort.core.safety;

import dev.retort.core.dialect.Dialect;
import dev.retort.core.dialect.NoColumnTypeException;
import dev.retort.core.model.Column;
import dev.retort.core.model.Schema;
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
import dev.retort.core.ops.DropCheck;
import dev.retort.core.ops.DropColumn;
import dev.retort.core.ops.DropForeignKey;
import dev.retort.core.ops.DropIndex;
import dev.retort.core.ops.DropSequence;
import dev.retort.core.ops.DropTable;
import dev.retort.core.ops.Irreversible;
import dev.retort.core.ops.Operation;
import dev.retort.core.ops.RenameColumn;
import dev.retort.core.ops.RenameIndex;
import dev.retort.core.ops.RenameTable;
import dev.retort.core.ops.ReplayException;
import dev.retort.core.ops.SetTableComment;
import dev.retort.migration.ColumnType;
import dev.retort.migration.ColumnType.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds the steps of a plan that the {@link Rule}s flag, for one database. Works offline: it
 * replays the plan over the schema it starts from, so it knows which tables exist (and may be in
 * use) and which the plan creates itself (empty: nothing to protect). Severities are the rules'
 * defaults; {@link SafetyPolicy} applies configuration and acknowledgements.
 */
public final class SafetyAnalyzer {

    /** A lock wait per attempt longer than this lets DDL queue the application's queries noticeably. */
    static final Duration LONGEST_SAFE_LOCK_WAIT = Duration.ofSeconds(2);

    private static final Pattern LITERAL =
            Pattern.compile("(?i)-?\\d+(\\.\\d+)?|'(?:[^']|'')*'(::[a-z ]+)?|true|false|null|b'[01]*'|x'[0-9a-f]*'");
    private static final Pattern MYSQL_CONSTANT_TIME =
            Pattern.compile("(?i)(current_timestamp|now|localtimestamp|localtime)(\\s*\\(\\s*\\d?\\s*\\))?");
    private static final Pattern PG_STABLE = Pattern.compile(
            "(?i)(current_timestamp|current_date|current_time|localtimestamp|localtime|now\\(\\)|transaction_timestamp\\(\\)"
                    + "|statement_timestamp\\(\\)|current_user|session_user)(\\s*\\(\\s*\\d?\\s*\\))?");
    private static final Pattern PG_VOLATILE = Pattern.compile(
            "(?i).*\\b(random|gen_random_uuid|uuid_generate_v\\d\\w*|clock_timestamp|timeofday|nextval|setseed)\\s*\\(.*");

    private SafetyAnalyzer() {}

    /**
     * The findings for running {@code ops} on {@code dialect}, starting from {@code before}.
     * The programmatic entry point for {@code migrate:check} and for tests.
     */
    public static List<Finding> analyze(Dialect dialect, Schema before, List<Operation> ops) {
        return analyze(dialect, before, ops, null);
    }

    /**
     * As {@link #analyze(Dialect, Schema, List)}, also judging the configured lock wait per DDL
     * attempt (null: Retort's default, which is safe).
     */
    public static List<Finding> analyze(Dialect dialect, Schema before, List<Operation> ops, Duration lockWait) {
        String d = dialect.name();
        List<Finding> out = new ArrayList<>();
        Schema schema = before;
        Set<String> created = new HashSet<>();
        Set<String> backfilled = new HashSet<>();
        boolean lockWaitReported = false;
        for (int i = 0; i < ops.size(); i++) {
            Operation op = ops.get(i);
            String table = lower(op.table());
            boolean existing =
                    schema.table(op.table()).isPresent() && !created.contains(table) && !(op instanceof CreateTable);
            // a column type this database lacks has no statement to judge: upgrade refuses the step there
            // a step on a column absent on this database runs nothing here: nothing to judge
            Operation here = op.on(dialect.name()).orElse(null);
            if (existing
                    && here != null
                    && NoColumnTypeException.columnsWithout(dialect, here).isEmpty()) {
                List<Finding> found = new ArrayList<>();
                here.accept(new Checks(d, dialect, i, backfilled, found));
                if (!(op instanceof BackfillColumn)) {
                    found.addAll(lint(d, i, op, dialect.toSql(op)));
                    if (!lockWaitReported && lockWait != null && lockWait.compareTo(LONGEST_SAFE_LOCK_WAIT) > 0) {
                        // RT214 on MySQL/MariaDB, RT251 on PostgreSQL: add keeps the one the database has
                        for (Rule rule : List.of(Rule.RT214, Rule.RT251)) {
                            add(
                                    found,
                                    d,
                                    rule,
                                    i,
                                    op,
                                    "DDL waits up to " + lockWait.toMillis() + " ms per attempt for " + op.table()
                                            + "'s lock");
                        }
                        lockWaitReported = true;
                    }
                }
                out.addAll(found);
            }
            if (op instanceof CreateTable) {
                created.add(table);
            } else if (op instanceof RenameTable r && created.contains(table)) {
                created.add(lower(r.to()));
            } else if (op instanceof BackfillColumn b) {
                backfilled.add(table + "." + lower(b.column()));
            }
            try {
                schema = op.applyTo(schema);
            } catch (ReplayException e) {
                // the plan does not fit the schema; replay reports that elsewhere, the analysis goes on
            }
        }
        return List.copyOf(out);
    }

    /** The rules that look at one step of a given kind; a kind no rule looks at adds nothing. */
    private record Checks(String d, Dialect dialect, int i, Set<String> backfilled, List<Finding> out)
            implements Operation.Visitor<Void> {

        @Override
        public Void dropColumn(DropColumn c) {
            add(out, d, Rule.RT201, i, c, c.table() + "." + c.column());
            return null;
        }

        @Override
        public Void dropTable(DropTable t) {
            add(out, d, Rule.RT202, i, t, t.table());
            return null;
        }

        @Override
        public Void renameTable(RenameTable r) {
            add(out, d, Rule.RT203, i, r, "table " + r.table() + " -> " + r.to());
            return null;
        }

        @Override
        public Void renameColumn(RenameColumn r) {
            add(out, d, Rule.RT203, i, r, "column " + r.table() + "." + r.from() + " -> " + r.to());
            return null;
        }

        @Override
        public Void addColumn(AddColumn a) {
            Column c = a.column();
            String name = a.table() + "." + c.name();
            if (!c.nullable() && c.defaultValue() == null && !c.autoIncrement()) {
                add(out, d, Rule.RT207, i, a, name + " " + c.type() + " NOT NULL");
            }
            if (c.autoIncrement()) {
                add(out, d, Rule.RT213, i, a, "new column " + name);
            }
            if (c.defaultValue() != null) {
                String def = c.defaultValue().trim();
                if (!LITERAL.matcher(def).matches()
                        && !MYSQL_CONSTANT_TIME.matcher(def).matches()) {
                    add(out, d, Rule.RT206, i, a, name + " DEFAULT " + def);
                }
                if (PG_VOLATILE.matcher(def).matches()) {
                    add(out, d, Rule.RT255, i, a, name + " DEFAULT " + def);
                } else if (def.contains("(")
                        && !PG_STABLE.matcher(def).matches()
                        && !LITERAL.matcher(def).matches()) {
                    add(
                            out,
                            d,
                            Rule.RT255,
                            i,
                            a,
                            name + " DEFAULT " + def + " (a function Retort cannot tell is stable: "
                                    + "volatile unless declared otherwise)");
                }
            }
            return null;
        }

        @Override
        public Void alterColumn(AlterColumn a) {
            String name = a.table() + "." + a.to().name();
            if (a.tightensNullability() && !backfilled.contains(lower(a.table()) + "." + lower(a.to().name()))) {
                add(out, d, Rule.RT208, i, a, name + " becomes NOT NULL");
            }
            if (!a.from().autoIncrement() && a.to().autoIncrement()) {
                add(out, d, Rule.RT213, i, a, name + " becomes auto-increment");
            }
            typeChange(d, dialect, a, i, out);
            return null;
        }

        @Override
        public Void createIndex(CreateIndex c) {
            if (c.index().unique()) {
                add(
                        out,
                        d,
                        Rule.RT211,
                        i,
                        c,
                        c.table() + "." + c.index().name() + " " + c.index().columns());
            }
            return null;
        }

        @Override
        public Void addForeignKey(AddForeignKey f) {
            add(
                    out,
                    d,
                    Rule.RT209,
                    i,
                    f,
                    f.table() + "." + f.foreignKey().name() + " "
                            + f.foreignKey().columns() + " -> " + f.foreignKey().referencedTable());
            return null;
        }

        @Override
        public Void addCheck(AddCheck c) {
            if (dialect.checkCondition(c.check()).isEmpty()) {
                // nothing to check on this database (a JSON aggregate's enum, checked by its type here): no statement
                return null;
            }
            add(
                    out,
                    d,
                    Rule.RT210,
                    i,
                    c,
                    c.table() + "." + c.check().name() + " CHECK (" + c.check().expression() + ")");
            return null;
        }

        @Override
        public Void createTable(CreateTable op) {
            return null;
        }

        @Override
        public Void dropIndex(DropIndex op) {
            return null;
        }

        @Override
        public Void dropForeignKey(DropForeignKey op) {
            return null;
        }

        @Override
        public Void dropCheck(DropCheck op) {
            return null;
        }

        @Override
        public Void createSequence(CreateSequence op) {
            return null;
        }

        @Override
        public Void dropSequence(DropSequence op) {
            return null;
        }

        /** A new type, used by no table yet. */
        @Override
        public Void createType(dev.retort.core.ops.CreateType op) {
            return null;
        }

        /** Only once no column or type uses it, which the replay checks. */
        @Override
        public Void dropType(dev.retort.core.ops.DropType op) {
            return null;
        }

        @Override
        public Void alterPrimaryKey(AlterPrimaryKey op) {
            return null;
        }

        @Override
        public Void renameIndex(RenameIndex op) {
            return null;
        }

        @Override
        public Void alterSequence(AlterSequence op) {
            return null;
        }

        @Override
        public Void irreversible(Irreversible op) {
            return null;
        }

        @Override
        public Void backfillColumn(BackfillColumn op) {
            return null;
        }

        /** Metadata only, on every database. */
        @Override
        public Void setTableComment(SetTableComment op) {
            return null;
        }
    }

    private static void typeChange(String d, Dialect dialect, AlterColumn a, int i, List<Finding> out) {
        ColumnType from = a.from().type();
        ColumnType to = a.to().type();
        String change = a.table() + "." + a.to().name() + " " + from + " -> " + to;
        if (from.kind() == Kind.ENUM && to.kind() == Kind.ENUM && !from.values().equals(to.values())) {
            boolean appends = to.values().size() >= from.values().size()
                    && to.values().subList(0, from.values().size()).equals(from.values());
            if (!appends) {
                add(out, d, Rule.RT212, i, a, change);
            }
        }
        if (dialect.columnType(from).equals(dialect.columnType(to))) {
            return;
        }
        // each rule judges the database its rule says (add drops the others): RT204 and RT205 MySQL/MariaDB, RT256
        // PostgreSQL
        mysqlTypeChange(d, from, to, change, a, i, out);
        boolean noRewrite = from.kind() == to.kind()
                && switch (from.kind()) {
                    case VARCHAR -> to.length() >= from.length();
                    case DECIMAL -> to.scale() == from.scale() && to.precision() >= from.precision();
                    case TIME, TIMESTAMP, TIMESTAMP_TZ -> to.precision() >= from.precision();
                    default -> false;
                };
        if (!noRewrite) {
            add(out, d, Rule.RT256, i, a, change);
        }
    }

    private static void mysqlTypeChange(
            String d, ColumnType from, ColumnType to, String change, AlterColumn a, int i, List<Finding> out) {
        if (from.kind() == Kind.ENUM && to.kind() == Kind.ENUM) {
            return; // appending is instant; anything else is RT212 above
        }
        if (from.kind() == to.kind()
                && (from.kind() == Kind.VARCHAR || from.kind() == Kind.CHAR || from.kind() == Kind.VARBINARY)
                && to.length() >= from.length()) {
            List<String> crossed = new ArrayList<>();
            int[] bytes = from.kind() == Kind.VARBINARY ? new int[] {1} : new int[] {4, 3, 1};
            String[] names = from.kind() == Kind.VARBINARY
                    ? new String[] {"bytes"}
                    : new String[] {"utf8mb4", "utf8mb3", "latin1"};
            for (int k = 0; k < bytes.length; k++) {
                if (from.length() * bytes[k] <= 255 && to.length() * bytes[k] > 255) {
                    crossed.add(names[k]);
                }
            }
            if (!crossed.isEmpty()) {
                add(out, d, Rule.RT205, i, a, change + " crosses 255 bytes in " + String.join(", ", crossed));
            }
            return;
        }
        add(out, d, Rule.RT204, i, a, change);
    }

    private static final Pattern PG_INDEX = Pattern.compile("(?i)^CREATE (UNIQUE )?INDEX .*");
    private static final Pattern PG_ADD_CONSTRAINT =
            Pattern.compile("(?i)^ALTER TABLE .* ADD CONSTRAINT .* (FOREIGN KEY|CHECK) .*");

    /**
     * Rules on the statements a step runs on a table in use: they hold for whatever renders the SQL
     * (Retort's dialects satisfy them by construction; this keeps them honest).
     */
    static List<Finding> lint(String d, int i, Operation op, List<String> statements) {
        List<Finding> out = new ArrayList<>();
        boolean validated = false;
        for (String s : statements) {
            String upper = s.toUpperCase(Locale.ROOT);
            // RT215 judges MySQL/MariaDB, RT252-RT254 PostgreSQL: add drops a rule the database does not have
            if ((upper.startsWith("ALTER TABLE") || PG_INDEX.matcher(s).matches()) && !upper.contains("ALGORITHM=")) {
                add(out, d, Rule.RT215, i, op, s);
            }
            if (PG_INDEX.matcher(s).matches() && !upper.contains(" CONCURRENTLY ")) {
                add(out, d, Rule.RT252, i, op, s);
            }
            if (PG_ADD_CONSTRAINT.matcher(s).matches() && !upper.contains(" NOT VALID")) {
                add(out, d, Rule.RT253, i, op, s);
            }
            if (upper.contains(" VALIDATE CONSTRAINT ")) {
                validated = true;
            }
            if (upper.contains(" SET NOT NULL") && !validated) {
                add(out, d, Rule.RT254, i, op, s);
            }
        }
        return out;
    }

    private static void add(List<Finding> out, String dialect, Rule rule, int step, Operation op, String detail) {
        if (rule.appliesTo(dialect)) {
            out.add(new Finding(rule, rule.defaultSeverity(dialect), step, op, detail));
        }
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}

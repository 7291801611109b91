package dev.retort.core.mysql;

import dev.retort.core.dialect.AbstractDialect;
import dev.retort.core.dialect.Catalog;
import dev.retort.core.dialect.Ddl;
import dev.retort.core.dialect.Guard;
import dev.retort.core.dialect.LockHeld;
import dev.retort.core.dialect.NoColumnTypeException;
import dev.retort.core.dialect.Session;
import dev.retort.core.dialect.UnsupportedColumnTypeException;
import dev.retort.core.jdbc.JdbcUrl;
import dev.retort.core.model.Column;
import dev.retort.core.model.Identifiers;
import dev.retort.core.model.QualifiedName;
import dev.retort.core.model.Sequence;
import dev.retort.core.model.Table;
import dev.retort.core.ops.AddCheck;
import dev.retort.core.ops.AddColumn;
import dev.retort.core.ops.AddForeignKey;
import dev.retort.core.ops.AlterColumn;
import dev.retort.core.ops.AlterPrimaryKey;
import dev.retort.core.ops.AlterSequence;
import dev.retort.core.ops.CreateIndex;
import dev.retort.core.ops.DropCheck;
import dev.retort.core.ops.DropColumn;
import dev.retort.core.ops.DropForeignKey;
import dev.retort.core.ops.DropIndex;
import dev.retort.core.ops.Operation;
import dev.retort.core.ops.RenameColumn;
import dev.retort.core.ops.RenameIndex;
import dev.retort.core.ops.RenameTable;
import dev.retort.core.ops.SetTableComment;
import dev.retort.migration.ColumnType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * MySQL 8. Every identifier is quoted with backticks (case rules are the server's either way).
 * {@code MODIFY COLUMN} restates the whole column so nothing of it is lost. Types follow
 * Hibernate ORM 7's {@code MySQLDialect} (checked against its exported DDL: {@code char} is
 * {@code varchar(1)}, {@code boolean} is {@code bit}, instants are {@code datetime(6)}).
 *
 * <p>Every {@code ALTER TABLE} and {@code CREATE INDEX} states the algorithm and lock the
 * operation should cost. Without them the server silently falls back to copying the table while
 * blocking writes; with them it refuses in milliseconds (error 1845/1846), and Retort reports the
 * expand/contract plan instead. A foreign key is added with {@code foreign_key_checks=0} so
 * InnoDB adds it in place; Retort checks for orphans itself first ({@link #guards}).
 *
 * <p>What the server can do cheaply depends on its release, so the dialect of a connected server
 * ({@link #forServer}) renders by version (8.0.15 and 8.0.31 checked on real servers; the 8.0.12 and
 * 8.0.29/8.0.30 edges as MySQL's release notes and Percona's advisory for 8.0.29 give them):
 * <ul>
 *   <li>CHECK constraints: before 8.0.16 MySQL accepts them and throws them away, and has no
 *       {@code DROP CHECK}; Retort sends no check statements there at all (a check step is recorded
 *       in the history like any other, and the live schema has none). From 8.0.16 they are kept and
 *       enforced; adding one to a table in use needs a table copy, which the server says when
 *       refusing the stated in-place form.</li>
 *   <li>{@code ADD COLUMN} (at the end, the only place Retort adds one) is {@code INSTANT} from
 *       8.0.12; before, an in-place rebuild.</li>
 *   <li>{@code DROP COLUMN} is {@code INSTANT} from 8.0.30; before, an in-place rebuild. 8.0.29
 *       introduced instant drops (and adds anywhere) with a redo-log format that can corrupt such
 *       tables in crash recovery (Percona's advisory: state INPLACE there); on 8.0.29 both are
 *       rebuilt in place.</li>
 * </ul>
 * Offline, without a version, the dialect assumes a current server (8.0.30 or later; 8.4, 9.x).
 * Where the server cannot do a step instantly after all (a compressed table; the 64
 * instant changes a table may carry from 8.0.29 on are used up), it says so and the runner
 * rebuilds in place instead.
 */
public class MySqlDialect extends AbstractDialect {

    private static final Catalog CATALOG = new MySqlCatalog();

    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)\\.(\\d+)");
    /** The version assumed offline and for a version string that cannot be read: the newest behaviour. */
    public static final int CURRENT = Integer.MAX_VALUE;

    /** {@code major * 10000 + minor * 100 + patch}: 8.0.31 is 80031. */
    private final int version;

    /** A current MySQL server (the offline default): 8.0.30 or later. */
    public MySqlDialect() {
        this(CURRENT);
    }

    MySqlDialect(int version) {
        this.version = version;
    }

    /** The dialect for a server reporting {@code version} (e.g. {@code 8.0.15}, {@code 8.4.3}). */
    public static MySqlDialect forServer(String version) {
        return new MySqlDialect(versionNumber(version));
    }

    /** {@code 8.0.31} as 80031; {@link #CURRENT} for a version that cannot be read. */
    public static int versionNumber(String version) {
        Matcher m = VERSION.matcher(version == null ? "" : version);
        if (!m.find()) {
            return CURRENT;
        }
        int minor = Integer.parseInt(m.group(2));
        int patch = Integer.parseInt(m.group(3));
        return Integer.parseInt(m.group(1)) * 10_000 + Math.min(minor, 99) * 100 + Math.min(patch, 99);
    }

    /** True from MySQL 8.0.16 on. */
    @Override
    public boolean keepsChecks() {
        return version >= 80016;
    }

    /** True from MySQL 8.0 on (5.7 parses DESC and builds the column ascending). */
    @Override
    public boolean keepsDescendingIndexes() {
        return version >= 80000;
    }

    /** The algorithm and lock an online statement states; either may be null (not stated). */
    protected record Online(String algorithm, String lock) {}

    /** For an ALTER that changes only metadata. MySQL allows no LOCK clause with INSTANT. */
    protected Online instant() {
        return new Online("INSTANT", null);
    }

    /** For an ALTER that may rebuild the table in place while writes go on. */
    protected Online inplace() {
        return new Online("INPLACE", "NONE");
    }

    /** For an ALTER or CREATE INDEX that builds or drops an index without rebuilding the table. */
    protected Online noCopy() {
        return new Online("INPLACE", "NONE");
    }

    @Override
    protected Operation.Visitor<List<Ddl>> online() {
        return new MySqlStatements(true);
    }

    /**
     * A table created in the same revision is empty: copying it costs nothing, so its checks, unique
     * constraints (which InnoDB cannot add without a rebuild to a table that has no primary key) and
     * indexes and foreign keys need no online clause; foreign keys keep their orphan-free path.
     */
    @Override
    protected Operation.Visitor<List<Ddl>> plain() {
        return new MySqlStatements(false);
    }

    /** Every ALTER TABLE and CREATE INDEX states the algorithm and lock the operation should cost. */
    protected class MySqlStatements extends Statements {
        private final boolean inUse;

        MySqlStatements(boolean inUse) {
            this.inUse = inUse;
        }

        private List<Ddl> stated(List<Ddl> sql, Online online) {
            return sql.stream()
                    .map(d -> d.form() == Ddl.Form.ALTER_TABLE || d.form() == Ddl.Form.CREATE_INDEX
                            ? d.withOnline(online.algorithm(), online.lock())
                            : d)
                    .toList();
        }

        @Override
        public List<Ddl> addColumn(AddColumn a) {
            return stated(super.addColumn(a), addColumnClause());
        }

        @Override
        public List<Ddl> dropColumn(DropColumn d) {
            return stated(super.dropColumn(d), dropColumnClause());
        }

        /** Renaming a table is metadata only; MariaDB rejects LOCK=NONE for it. */
        @Override
        public List<Ddl> renameTable(RenameTable r) {
            return stated(super.renameTable(r), new Online("INSTANT", null));
        }

        @Override
        public List<Ddl> createIndex(CreateIndex c) {
            return inUse ? stated(super.createIndex(c), noCopy()) : super.createIndex(c);
        }

        @Override
        public List<Ddl> dropIndex(DropIndex d) {
            return stated(super.dropIndex(d), noCopy());
        }

        @Override
        public List<Ddl> addCheck(AddCheck a) {
            return !keepsChecks() ? List.of() : inUse ? stated(super.addCheck(a), inplace()) : super.addCheck(a);
        }

        @Override
        public List<Ddl> dropCheck(DropCheck d) {
            return keepsChecks() ? stated(super.dropCheck(d), inplace()) : List.of();
        }

        /**
         * With {@code foreign_key_checks=0} InnoDB adds the key in place; Retort has checked for orphans first.
         * On a table the same revision created no algorithm is stated: the server adds the key in place where it
         * can and copies the empty table where it cannot (MariaDB, a table with a unique key over a {@code TEXT}
         * column, which it enforces with a hidden hash column).
         */
        @Override
        public List<Ddl> addForeignKey(AddForeignKey a) {
            List<Ddl> out = new ArrayList<>(inUse ? stated(super.addForeignKey(a), inplace()) : super.addForeignKey(a));
            out.add(0, Ddl.of("SET SESSION foreign_key_checks = 0"));
            out.add(Ddl.of("SET SESSION foreign_key_checks = 1"));
            return out;
        }

        @Override
        public List<Ddl> alterColumn(AlterColumn a) {
            return stated(super.alterColumn(a), inplace());
        }

        @Override
        public List<Ddl> renameColumn(RenameColumn r) {
            return stated(super.renameColumn(r), inplace());
        }

        @Override
        public List<Ddl> dropForeignKey(DropForeignKey d) {
            return stated(super.dropForeignKey(d), inplace());
        }

        @Override
        public List<Ddl> alterPrimaryKey(AlterPrimaryKey a) {
            return stated(super.alterPrimaryKey(a), inplace());
        }

        @Override
        public List<Ddl> renameIndex(RenameIndex r) {
            return stated(super.renameIndex(r), inplace());
        }

        @Override
        public List<Ddl> setTableComment(SetTableComment c) {
            return stated(super.setTableComment(c), inplace());
        }
    }

    /** For ADD COLUMN (at the end): instant from 8.0.12, except on 8.0.29. */
    protected Online addColumnClause() {
        return version >= 80012 && version != 80029 ? instant() : inplace();
    }

    /** For DROP COLUMN: instant from 8.0.30; in place works on every 8.0. */
    protected Online dropColumnClause() {
        return version >= 80030 ? instant() : inplace();
    }

    /** A MySQL schema is a database, which JPA and Hibernate call the catalog: the schema is dropped. */
    @Override
    public boolean usesSchema() {
        return false;
    }

    @Override
    public boolean usesCatalog() {
        return true;
    }

    /**
     * The database a table in another catalog goes into, created when missing. The server checks the
     * CREATE privilege on that database even when it exists.
     */
    @Override
    protected List<String> createNamespace(String name) {
        QualifiedName q = QualifiedName.parse(name);
        return q.catalog() == null ? List.of() : List.of("CREATE DATABASE IF NOT EXISTS " + quote(q.catalog()));
    }

    /** MySQL renames a table into another database in one statement. */
    @Override
    protected List<Ddl> renameTable(dev.retort.core.ops.RenameTable r) {
        return List.of(alter(r.table(), "RENAME TO " + quote(r.to())));
    }

    @Override
    public String name() {
        return "mysql";
    }

    @Override
    public String quote(String identifier) {
        if (QualifiedName.isQualified(identifier)) {
            return quoteQualified(identifier, this::quote);
        }
        return "`" + Identifiers.text(identifier).replace("`", "``") + "`";
    }

    /**
     * The reserved words of MySQL 8 and MariaDB 10/11 (their manuals' lists, both in one): a column
     * named so works only quoted, which {@code CREATE TABLE} always does and a check must do too.
     */
    private static final java.util.Set<String> RESERVED = java.util.Set.of(
            "accessible",
            "add",
            "all",
            "alter",
            "analyze",
            "and",
            "as",
            "asc",
            "asensitive",
            "before",
            "between",
            "bigint",
            "binary",
            "blob",
            "both",
            "by",
            "call",
            "cascade",
            "case",
            "change",
            "char",
            "character",
            "check",
            "collate",
            "column",
            "condition",
            "constraint",
            "continue",
            "convert",
            "create",
            "cross",
            "cube",
            "cume_dist",
            "current_date",
            "current_role",
            "current_time",
            "current_timestamp",
            "current_user",
            "cursor",
            "database",
            "databases",
            "day_hour",
            "day_microsecond",
            "day_minute",
            "day_second",
            "dec",
            "decimal",
            "declare",
            "default",
            "delayed",
            "delete",
            "delete_domain_id",
            "dense_rank",
            "desc",
            "describe",
            "deterministic",
            "distinct",
            "distinctrow",
            "div",
            "double",
            "do_domain_ids",
            "drop",
            "dual",
            "each",
            "else",
            "elseif",
            "empty",
            "enclosed",
            "escaped",
            "except",
            "exists",
            "exit",
            "explain",
            "false",
            "fetch",
            "first_value",
            "float",
            "float4",
            "float8",
            "for",
            "force",
            "foreign",
            "from",
            "fulltext",
            "function",
            "general",
            "generated",
            "get",
            "grant",
            "group",
            "grouping",
            "groups",
            "having",
            "high_priority",
            "hour_microsecond",
            "hour_minute",
            "hour_second",
            "if",
            "ignore",
            "ignore_domain_ids",
            "ignore_server_ids",
            "in",
            "index",
            "infile",
            "inner",
            "inout",
            "insensitive",
            "insert",
            "int",
            "int1",
            "int2",
            "int3",
            "int4",
            "int8",
            "integer",
            "intersect",
            "interval",
            "into",
            "io_after_gtids",
            "io_before_gtids",
            "is",
            "iterate",
            "join",
            "json_table",
            "key",
            "keys",
            "kill",
            "lag",
            "last_value",
            "lateral",
            "lead",
            "leading",
            "leave",
            "left",
            "like",
            "limit",
            "linear",
            "lines",
            "load",
            "localtime",
            "localtimestamp",
            "lock",
            "long",
            "longblob",
            "longtext",
            "loop",
            "low_priority",
            "master_bind",
            "master_heartbeat_period",
            "master_ssl_verify_server_cert",
            "match",
            "maxvalue",
            "mediumblob",
            "mediumint",
            "mediumtext",
            "middleint",
            "minute_microsecond",
            "minute_second",
            "mod",
            "modifies",
            "natural",
            "not",
            "no_write_to_binlog",
            "nth_value",
            "ntile",
            "null",
            "numeric",
            "of",
            "offset",
            "on",
            "optimize",
            "optimizer_costs",
            "option",
            "optionally",
            "or",
            "order",
            "out",
            "outer",
            "outfile",
            "over",
            "page_checksum",
            "parse_vcol_expr",
            "partition",
            "percent_rank",
            "precision",
            "primary",
            "procedure",
            "purge",
            "range",
            "rank",
            "read",
            "reads",
            "read_write",
            "real",
            "recursive",
            "references",
            "ref_system_id",
            "regexp",
            "release",
            "rename",
            "repeat",
            "replace",
            "require",
            "resignal",
            "restrict",
            "return",
            "returning",
            "revoke",
            "right",
            "rlike",
            "row",
            "rows",
            "row_number",
            "schema",
            "schemas",
            "second_microsecond",
            "select",
            "sensitive",
            "separator",
            "set",
            "show",
            "signal",
            "slow",
            "smallint",
            "spatial",
            "specific",
            "sql",
            "sqlexception",
            "sqlstate",
            "sqlwarning",
            "sql_big_result",
            "sql_calc_found_rows",
            "sql_small_result",
            "ssl",
            "starting",
            "stats_auto_recalc",
            "stats_persistent",
            "stats_sample_pages",
            "stored",
            "straight_join",
            "system",
            "table",
            "terminated",
            "then",
            "tinyblob",
            "tinyint",
            "tinytext",
            "to",
            "trailing",
            "trigger",
            "true",
            "undo",
            "union",
            "unique",
            "unlock",
            "unsigned",
            "update",
            "usage",
            "use",
            "using",
            "utc_date",
            "utc_time",
            "utc_timestamp",
            "values",
            "varbinary",
            "varchar",
            "varcharacter",
            "varying",
            "virtual",
            "when",
            "where",
            "while",
            "window",
            "with",
            "write",
            "xor",
            "year_month",
            "zerofill");

    @Override
    protected boolean reservedWord(String name) {
        return RESERVED.contains(name.toLowerCase(java.util.Locale.ROOT));
    }

    /** Longest {@code varchar} Hibernate declares on MySQL with 4-byte (utf8mb4) characters; longer becomes text. */
    static final int MAX_VARCHAR = 16_383;

    static final int MAX_VARBINARY = 65_535;
    private static final int TINY_LOB = 255;
    private static final int LOB = 65_535;
    private static final int MEDIUM_LOB = 16_777_215;

    /**
     * {@code cast(json_unquote(nullif(json_extract(home,'$.zip'),cast('null' as json))) as signed)}, cast to
     * the types {@code cast} takes here (integers as {@code signed}, strings as {@code char}); a boolean
     * compared with JSON's {@code true} and {@code false}, a UUID through {@code uuid_to_bin}.
     */
    @Override
    protected String jsonValue(String column, String key, ColumnType type) {
        String member = "nullif(json_extract(" + column + ",'$." + key + "')," + jsonNull() + ")";
        return switch (type.kind()) {
            case JSON -> member;
            case BOOLEAN ->
                "case " + member + " when " + jsonLiteral("true") + " then true when " + jsonLiteral("false")
                        + " then false end";
            case UUID -> uuidFromJson("json_unquote(" + member + ")");
            default -> "cast(json_unquote(" + member + ") as " + castType(type) + ")";
        };
    }

    /** JSON's null as {@code json_extract} returns it: a JSON value here, text on MariaDB. */
    protected String jsonNull() {
        return "cast('null' as json)";
    }

    protected String jsonLiteral(String value) {
        return "cast('" + value + "' as json)";
    }

    protected String uuidFromJson(String text) {
        return "uuid_to_bin(" + text + ")";
    }

    /** The type a JSON member is cast to (Hibernate's {@code MySQLAggregateSupport.columnCastType}). */
    protected String castType(ColumnType type) {
        return switch (type.kind()) {
            case TINYINT, SMALLINT, INTEGER, BIGINT -> "signed";
            case VARCHAR, CHAR, CLOB, ENUM -> type.national() ? "char character set utf8mb4" : "char";
            case SQL_REAL -> "float";
            default -> columnType(type);
        };
    }

    /**
     * A national character type ({@code @Nationalized}) carries {@code character set utf8mb4}, as
     * Hibernate's MySQL dialect declares it whatever the table's character set.
     */
    @Override
    public String columnType(ColumnType t) {
        return t.national() ? plainType(t) + " character set utf8mb4" : plainType(t);
    }

    /** The type without a national character set. */
    protected String plainType(ColumnType t) {
        return switch (t.kind()) {
            case VARCHAR -> t.length() <= MAX_VARCHAR ? "varchar(" + t.length() + ")" : text(t.length(), LOB);
            case CHAR -> "varchar(" + t.length() + ")";
            case TINYINT -> "tinyint";
            case SMALLINT -> "smallint";
            case INTEGER -> "integer";
            case BIGINT -> "bigint";
            case BOOLEAN -> "bit";
            case DECIMAL -> "decimal(" + t.precision() + "," + t.scale() + ")";
            case REAL -> "float(23)";
            case DOUBLE -> "float(53)";
            case DATE -> "date";
            case TIME, TIME_TZ -> "time(" + t.precision() + ")";
            case TIMESTAMP -> "datetime(" + t.precision() + ")";
            case TIMESTAMP_TZ -> "datetime(" + t.precision() + ")";
            case UUID -> "binary(16)";
            // Hibernate lists the values of a native enum sorted
            case ENUM ->
                "enum (" + t.values().stream().sorted().map(this::literal).collect(Collectors.joining(",")) + ")";
            case VARBINARY ->
                t.length() <= MAX_VARBINARY ? "varbinary(" + t.length() + ")" : blob(t.length(), MEDIUM_LOB);
            case CLOB -> t.length() == 0 ? "longtext" : text(t.length(), TINY_LOB);
            case BLOB -> t.length() == 0 ? "longblob" : blob(t.length(), TINY_LOB);
            // Hibernate keeps a basic array as a JSON array
            case JSON, ARRAY -> "json";
            case BINARY -> "binary(" + t.length() + ")";
            case XML -> "longtext";
            case XML_AGGREGATE -> throw UnsupportedColumnTypeException.xmlAggregate(name());
            case STRUCT -> throw UnsupportedColumnTypeException.struct(t.definition(), name());
            // real is a double unless the server's sql_mode has REAL_AS_FLOAT
            case SQL_REAL -> "real";
            case TIMESTAMP_TZ_NATIVE -> "timestamp(" + t.precision() + ")";
            case INTERVAL_SECOND ->
                throw new NoColumnTypeException(
                        t, name(), "MySQL and MariaDB have no interval type (Hibernate declares none there either)");
            case CUSTOM -> t.definition();
        };
    }

    /** The smallest text type that holds {@code length} characters, from {@code tinytext} (or {@code text}) on. */
    private static String text(int length, int smallest) {
        if (length <= TINY_LOB && smallest <= TINY_LOB) {
            return "tinytext";
        }
        return length <= LOB ? "text" : length <= MEDIUM_LOB ? "mediumtext" : "longtext";
    }

    private static String blob(int length, int smallest) {
        if (length <= TINY_LOB && smallest <= TINY_LOB) {
            return "tinyblob";
        }
        if (length <= LOB && smallest <= LOB) {
            return "blob";
        }
        return length <= MEDIUM_LOB ? "mediumblob" : "longblob";
    }

    /**
     * Under MySQL's and MariaDB's default {@code sql_mode} a backslash in a string literal escapes
     * the next character, so it is doubled as well as the quote (and line breaks, NUL and Ctrl-Z are
     * written {@code \n}, {@code \r}, {@code \0}, {@code \Z}): {@code ends in \} would
     * otherwise swallow the closing quote, and {@code \d+} would be stored as {@code d+}. Retort's
     * own session never runs with {@code NO_BACKSLASH_ESCAPES} (the runner takes it out), and a
     * {@code migrate:sql} script says it needs the default.
     */
    @Override
    protected String literal(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('\'');
        for (char ch : value.toCharArray()) {
            // as the server writes literals back (information_schema, SHOW CREATE TABLE), so they compare equal
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\'' -> out.append("''");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\0' -> out.append("\\0");
                case '\032' -> out.append("\\Z");
                default -> out.append(ch);
            }
        }
        return out.append('\'').toString();
    }

    /**
     * The plain {@code mysql}/{@code mariadb} client has no IF outside a stored program, and MySQL
     * cannot prepare a {@code SIGNAL}; so the check assigns {@code sql_mode} its own value when the
     * guard counts no row, and the problem as text when it counts some: the server refuses that
     * value with an error that quotes it ({@code Variable 'sql_mode' can't be set to the value of
     * 'Retort found ...'}), and the client stops there (without {@code --force}), as upgrade stops.
     * One statement, nothing left behind, on MySQL and MariaDB alike.
     */
    @Override
    public List<String> scriptGuard(Guard guard) {
        return List.of("SET SESSION sql_mode = IF((" + guard.query() + ") = 0, @@SESSION.sql_mode, "
                + literal("Retort found " + guard.problem() + ": fix them, then rerun") + ")");
    }

    @Override
    public List<String> scriptNotes() {
        return List.of(
                "String literals escape backslashes: run it under a sql_mode without NO_BACKSLASH_ESCAPES (the default)");
    }

    @Override
    protected String tableOptions(Table t) {
        return " ENGINE=InnoDB" + (t.comment() == null ? "" : " COMMENT=" + literal(t.comment()));
    }

    /** MySQL keeps a new table's comment among its table options. */
    @Override
    protected List<String> tableCommentStatements(Table t) {
        return List.of();
    }

    /** A table option: {@code COMMENT = ''} removes it. */
    @Override
    protected Ddl tableComment(String table, String comment) {
        return alter(table, "COMMENT = " + literal(comment == null ? "" : comment));
    }

    @Override
    protected String autoIncrement() {
        return "AUTO_INCREMENT";
    }

    @Override
    protected List<Ddl> alterColumn(AlterColumn a) {
        if (columnDefinition(a.from()).equals(columnDefinition(a.to()))) {
            // two model types this database stores alike (LocalDateTime and Instant: datetime(6)): nothing to run
            return List.of();
        }
        return List.of(alter(a.table(), "MODIFY COLUMN " + columnDefinition(a.to())));
    }

    /** MySQL keeps the comment inside the column definition, so MODIFY restates it too. */
    @Override
    protected String columnDefinition(Column c) {
        String definition = super.columnDefinition(c);
        if (c.nullable() && c.type().kind() == ColumnType.Kind.TIMESTAMP_TZ_NATIVE) {
            // a timestamp column is NOT NULL unless it says NULL where explicit_defaults_for_timestamp is off
            int type = quote(c.name()).length() + 1 + columnType(c.type()).length();
            definition = definition.substring(0, type) + " NULL" + definition.substring(type);
        }
        return definition + (c.comment() == null ? "" : " COMMENT " + literal(c.comment()));
    }

    @Override
    protected List<String> commentStatements(String table, Column c) {
        return List.of();
    }

    @Override
    protected Ddl dropForeignKey(DropForeignKey d) {
        return alter(d.table(), "DROP FOREIGN KEY " + quote(d.name()));
    }

    @Override
    protected Ddl dropCheck(DropCheck d) {
        return alter(d.table(), "DROP CHECK " + quote(d.name()));
    }

    /** MySQL has no sequences: like Hibernate, a one-row table holds the next value. */
    @Override
    protected List<String> createSequence(Sequence s) {
        return List.of(
                "CREATE TABLE " + quote(s.name()) + " (next_val bigint) ENGINE=InnoDB",
                "INSERT INTO " + quote(s.name()) + " (next_val) VALUES (" + s.start() + ")");
    }

    @Override
    protected Ddl dropSequence(String name) {
        return Ddl.dropTable(quote(name));
    }

    /**
     * One statement, so an AUTO_INCREMENT column is never without a key in between (MySQL refuses
     * that) and the table is rebuilt once.
     */
    @Override
    protected List<Ddl> alterPrimaryKey(AlterPrimaryKey a) {
        List<String> clauses = new java.util.ArrayList<>();
        if (!a.from().isEmpty()) {
            clauses.add("DROP PRIMARY KEY");
        }
        if (!a.to().isEmpty()) {
            clauses.add("ADD PRIMARY KEY (" + columnList(a.to()) + ")");
        }
        return List.of(alter(a.table(), String.join(", ", clauses)));
    }

    /** Unique constraints are indexes on MySQL: both are renamed as indexes. */
    @Override
    protected Ddl renameIndex(RenameIndex r) {
        return alter(r.table(), "RENAME INDEX " + quote(r.from()) + " TO " + quote(r.to()));
    }

    /**
     * The one-row table that stands in for a sequence stores only the next value; Hibernate applies
     * the increment itself, so there is nothing to change.
     */
    @Override
    protected List<String> alterSequence(AlterSequence a) {
        return List.of();
    }

    @Override
    protected Ddl dropIndex(DropIndex d) {
        return alter(d.table(), "DROP INDEX " + quote(d.name()));
    }

    @Override
    public List<String> createHistoryTable(String table) {
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + quote(table) + " ("
                        + "revision varchar(64) NOT NULL, parents varchar(1000) NOT NULL, message varchar(1000) NOT NULL, "
                        + "checksum varchar(64) NOT NULL, applied_by varchar(128), applied_at datetime(3) NOT NULL, "
                        + "duration_ms bigint NOT NULL, state varchar(16) NOT NULL, steps_done integer NOT NULL, "
                        + "steps_total integer NOT NULL, step_checksums text, steps_reverted integer NOT NULL DEFAULT 0, revert_checksums text, PRIMARY KEY (revision)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
    }

    @Override
    public List<String> upgradeHistoryTable(String table) {
        return List.of("ALTER TABLE " + quote(table)
                + " ADD COLUMN step_checksums text, ADD COLUMN steps_reverted integer NOT NULL "
                + "DEFAULT 0, ADD COLUMN revert_checksums text, CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
    }

    @Override
    public boolean transactionalDdl() {
        return false;
    }

    @Override
    public Catalog catalog() {
        return CATALOG;
    }

    @Override
    public Session session(Connection connection, Session.Context context) {
        return new MySqlSession(connection, this, context);
    }

    /**
     * The full name of each lock a connection took ({@link #lockName}, from the database the session
     * was in then): the check before every journal write and the release use it, so they cost one
     * statement, not two, and name the lock taken even if a migration switched the session's database.
     * Weak keys: a connection closed without unlocking (its lock died with it) does not stay here.
     */
    private final Map<Connection, Map<String, String>> heldLocks = Collections.synchronizedMap(new WeakHashMap<>());

    /** GET_LOCK names are server-wide: the lock is named for the database, so unrelated schemas do not wait on each other. */
    @Override
    public boolean lock(Connection connection, String name, Duration wait) throws SQLException {
        String refusal = JdbcUrl.of(connection.getMetaData().getURL()).reconnectRefusal();
        if (refusal != null) {
            throw new SQLException("Refusing to migrate: " + refusal + ".", "08001");
        }
        String full = lockName(connection, name);
        try (PreparedStatement ps = connection.prepareStatement("SELECT GET_LOCK(?, ?)")) {
            ps.setString(1, full);
            ps.setLong(2, Math.max(0, wait.toSeconds()));
            try (ResultSet rs = ps.executeQuery()) {
                boolean taken = rs.next() && rs.getInt(1) == 1;
                if (taken) {
                    heldLocks
                            .computeIfAbsent(connection, c -> new ConcurrentHashMap<>())
                            .put(name, full);
                }
                return taken;
            }
        }
    }

    @Override
    public void unlock(Connection connection, String name) throws SQLException {
        Map<String, String> held = heldLocks.get(connection);
        String full = held == null ? null : held.remove(name);
        try (PreparedStatement ps = connection.prepareStatement("SELECT RELEASE_LOCK(?)")) {
            ps.setString(1, full != null ? full : lockName(connection, name));
            ps.executeQuery().close();
        }
    }

    /** True when the lock is held by this very connection (IS_USED_LOCK names the holder's connection id). */
    @Override
    public boolean holdsLock(Connection connection, String name) throws SQLException {
        Map<String, String> held = heldLocks.get(connection);
        String full = held == null ? null : held.get(name);
        try (PreparedStatement ps = connection.prepareStatement("SELECT IS_USED_LOCK(?) = CONNECTION_ID()")) {
            ps.setString(1, full != null ? full : lockName(connection, name));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getInt(1) == 1;
            }
        }
    }

    /**
     * Per connection, whether a journal write may carry the lock check: not when the session logs
     * statements as text ({@code binlog_format=STATEMENT}), where a replica would evaluate
     * {@code IS_USED_LOCK} itself, find no lock and skip the write. Weak keys, like {@link #heldLocks}.
     */
    private final Map<Connection, Boolean> statementLogged = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * {@code IS_USED_LOCK(?) = CONNECTION_ID()} in the journal write itself. With
     * {@code binlog_format=STATEMENT} (asked once per connection), null: the check stays a statement
     * of its own, which replicas never see.
     */
    @Override
    public LockHeld lockHeld(Connection connection, String name) throws SQLException {
        Boolean logged = statementLogged.get(connection);
        if (logged == null) {
            try (Statement s = connection.createStatement();
                    ResultSet rs = s.executeQuery("SELECT @@SESSION.binlog_format")) {
                logged = rs.next() && "STATEMENT".equalsIgnoreCase(rs.getString(1));
            } catch (SQLException e) {
                logged = true; // cannot tell: keep the check apart
            }
            statementLogged.put(connection, logged);
        }
        if (logged) {
            return null;
        }
        Map<String, String> held = heldLocks.get(connection);
        String full = held == null ? null : held.get(name);
        return new LockHeld(
                "IS_USED_LOCK(?) = CONNECTION_ID()",
                List.of(full != null ? full : lockName(connection, name)),
                " FROM DUAL");
    }

    /** {@code INSERT … SELECT … UNION ALL SELECT … ON DUPLICATE KEY UPDATE c = VALUES(c)}, the lock check in each row's WHERE. */
    @Override
    public String upsertHistoryRows(
            String table, List<String> columns, List<String> onExisting, int rows, LockHeld held) {
        String row = "SELECT " + String.join(", ", java.util.Collections.nCopies(columns.size(), "?"))
                + (held.condition() == null ? "" : held.fromNothing() + " WHERE " + held.condition());
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") "
                + String.join(" UNION ALL ", java.util.Collections.nCopies(rows, row)) + " ON DUPLICATE KEY UPDATE "
                + onExisting.stream().map(c -> c + " = VALUES(" + c + ")").collect(Collectors.joining(", "));
    }

    /**
     * The lock's name for the connection's database: {@code name:database}, at most 64 characters
     * (the server's limit); a longer one ends in a hash of the database name instead.
     */
    static String lockName(Connection connection, String name) throws SQLException {
        String database;
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT DATABASE()")) {
            database = rs.next() && rs.getString(1) != null ? rs.getString(1) : "";
        }
        String full = name + ":" + database;
        if (full.length() <= 64) {
            return full;
        }
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(database.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String hex = java.util.HexFormat.of().formatHex(hash).substring(0, 16);
            return full.substring(0, 64 - 17) + "~" + hex;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.retort.core.postgres;

import dev.retort.core.dialect.AbstractDialect;
import dev.retort.core.dialect.Catalog;
import dev.retort.core.dialect.Ddl;
import dev.retort.core.dialect.Guard;
import dev.retort.core.dialect.LockHeld;
import dev.retort.core.dialect.NoColumnTypeException;
import dev.retort.core.dialect.Session;
import dev.retort.core.model.Column;
import dev.retort.core.model.Identifiers;
import dev.retort.core.model.QualifiedName;
import dev.retort.core.model.UserType;
import dev.retort.core.ops.AddCheck;
import dev.retort.core.ops.AddForeignKey;
import dev.retort.core.ops.AlterColumn;
import dev.retort.core.ops.AlterPrimaryKey;
import dev.retort.core.ops.CreateIndex;
import dev.retort.core.ops.DropIndex;
import dev.retort.core.ops.Operation;
import dev.retort.migration.ColumnType;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * PostgreSQL 12+. Identifiers stay unquoted, as Hibernate writes them, so PostgreSQL folds them to
 * lower case as it does for the application's queries. Types follow Hibernate ORM 7's
 * {@code PostgreSQLDialect}: {@code byte} is {@code smallint}, {@code float} is {@code float4}, and
 * a {@code STRING} enum is {@code varchar(255)} with a check listing its values. DDL is
 * transactional, so a revision and its history row commit together.
 *
 * <p>On tables in use, {@link #toSql} gives the online forms: indexes are built and dropped
 * {@code CONCURRENTLY} (writes go on; outside a transaction block), foreign keys and checks are
 * added {@code NOT VALID} and validated in a second statement (which takes a lock that lets
 * writes through), and {@code SET NOT NULL} is preceded by a validated {@code CHECK (c IS NOT NULL)}
 * so PostgreSQL 12+ skips its own full scan under an exclusive lock. A revision with such steps
 * runs step by step, each committed and journaled. Tables created in the same revision get the
 * plain forms ({@link #toSqlForNewTable}) and keep the revision in one transaction.
 */
public class PostgresDialect extends AbstractDialect {

    /** The most fractional digits PostgreSQL's {@code interval} keeps. */
    private static final int MAX_INTERVAL_SCALE = 6;

    private static final Catalog CATALOG = new PostgresCatalog();

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /**
     * The names PostgreSQL 14 to 17 do not take unquoted as a table or column name: its "reserved" and "reserved (can be
     * function or type)" key words ({@code pg_get_keywords()} categories R and T; {@code system_user} since 16).
     */
    public static final Set<String> KEYWORDS = Set.of(
            "all",
            "analyse",
            "analyze",
            "and",
            "any",
            "array",
            "as",
            "asc",
            "asymmetric",
            "authorization",
            "binary",
            "both",
            "case",
            "cast",
            "check",
            "collate",
            "collation",
            "column",
            "concurrently",
            "constraint",
            "create",
            "cross",
            "current_catalog",
            "current_date",
            "current_role",
            "current_schema",
            "current_time",
            "current_timestamp",
            "current_user",
            "default",
            "deferrable",
            "desc",
            "distinct",
            "do",
            "else",
            "end",
            "except",
            "false",
            "fetch",
            "for",
            "foreign",
            "freeze",
            "from",
            "full",
            "grant",
            "group",
            "having",
            "ilike",
            "in",
            "initially",
            "inner",
            "intersect",
            "into",
            "is",
            "isnull",
            "join",
            "lateral",
            "leading",
            "left",
            "like",
            "limit",
            "localtime",
            "localtimestamp",
            "natural",
            "not",
            "notnull",
            "null",
            "offset",
            "on",
            "only",
            "or",
            "order",
            "outer",
            "overlaps",
            "placing",
            "primary",
            "references",
            "returning",
            "right",
            "select",
            "session_user",
            "similar",
            "some",
            "symmetric",
            "system_user",
            "table",
            "tablesample",
            "then",
            "to",
            "trailing",
            "true",
            "union",
            "unique",
            "user",
            "using",
            "variadic",
            "verbose",
            "when",
            "where",
            "window",
            "with");

    /**
     * A {@code DO} block that raises the problem when the guard counts rows: psql stops there under
     * {@code ON_ERROR_STOP}, before the statements that upgrade would not run either (a foreign key
     * over orphans would otherwise be left behind {@code NOT VALID}).
     */
    @Override
    public List<String> scriptGuard(Guard guard) {
        return List.of("DO $retort$ BEGIN IF (" + guard.query() + ") > 0 THEN RAISE EXCEPTION '%', "
                + literal("Retort found " + guard.problem() + ": fix them, then rerun") + "; END IF; END $retort$");
    }

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public String quote(String identifier) {
        if (QualifiedName.isQualified(identifier)) {
            return quoteQualified(identifier, this::quote);
        }
        if (Identifiers.isQuoted(identifier)) {
            return "\"" + Identifiers.text(identifier).replace("\"", "\"\"") + "\"";
        }
        String lower = identifier.toLowerCase(Locale.ROOT);
        if (PLAIN.matcher(identifier).matches() && !KEYWORDS.contains(lower)) {
            return identifier;
        }
        return "\"" + lower.replace("\"", "\"\"") + "\"";
    }

    /**
     * Creates a missing schema only after looking it up, so that a user without the CREATE privilege
     * on the database runs against a schema a DBA created ({@code CREATE SCHEMA IF NOT EXISTS}
     * checks the privilege first).
     */
    @Override
    protected List<String> createNamespace(String name) {
        QualifiedName q = QualifiedName.parse(name);
        if (q.schema() == null) {
            return List.of();
        }
        return List.of("DO $retort$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = "
                + quoteLiteral(Identifiers.stored(q.schema(), false)) + ") THEN CREATE SCHEMA " + quote(q.schema())
                + "; END IF; END $retort$");
    }

    @Override
    protected String defaultSchemaExpression() {
        return "public";
    }

    /** As Hibernate writes it: {@code create type postal_address as (street varchar(255), …)}. */
    @Override
    protected List<String> createType(UserType type) {
        return List.of("CREATE TYPE " + quote(type.name()) + " AS ("
                + type.attributes().stream()
                        .map(a -> quote(a.name()) + " " + columnType(a.type()))
                        .collect(Collectors.joining(", "))
                + ")");
    }

    @Override
    protected String dropType(String type) {
        return "DROP TYPE " + quote(type);
    }

    /** Longest {@code varchar} Hibernate declares on PostgreSQL; longer becomes {@code text}. */
    static final int MAX_VARCHAR = 10_485_760;

    @Override
    public String columnType(ColumnType t) {
        return switch (t.kind()) {
            case VARCHAR -> t.length() <= MAX_VARCHAR ? "varchar(" + t.length() + ")" : "text";
            case CHAR -> "char(" + t.length() + ")";
            case TINYINT, SMALLINT -> "smallint";
            case INTEGER -> "integer";
            case BIGINT -> "bigint";
            case BOOLEAN -> "boolean";
            case DECIMAL -> "numeric(" + t.precision() + "," + t.scale() + ")";
            case REAL -> "float4";
            case DOUBLE -> "float(53)";
            case DATE -> "date";
            case TIME, TIME_TZ -> "time(" + t.precision() + ")";
            case TIMESTAMP -> "timestamp(" + t.precision() + ")";
            case TIMESTAMP_TZ -> "timestamp(" + t.precision() + ") with time zone";
            case UUID -> "uuid";
            // Hibernate picks char over varchar for a one-character column
            case ENUM -> t.length() == 1 ? "char(1)" : "varchar(" + (t.length() == 0 ? 255 : t.length()) + ")";
            case VARBINARY -> "bytea";
            case CLOB, BLOB -> "oid";
            case JSON -> "jsonb";
            case ARRAY -> columnType(t.element()) + " array";
            case BINARY -> "bytea";
            case XML, XML_AGGREGATE -> "xml";
            case STRUCT -> quote(t.definition());
            case SQL_REAL -> "real";
            case TIMESTAMP_TZ_NATIVE -> "timestamp(" + t.precision() + ") with time zone";
            // Hibernate declares only the fractional digits, 6 by default and at most
            case INTERVAL_SECOND -> {
                if (t.precision() != 0 && t.scale() > MAX_INTERVAL_SCALE) {
                    throw new NoColumnTypeException(
                            t,
                            name(),
                            "PostgreSQL's interval keeps at most " + MAX_INTERVAL_SCALE
                                    + " fractional digits (Hibernate's export fails on it too)");
                }
                yield "interval second(" + (t.precision() == 0 ? MAX_INTERVAL_SCALE : t.scale()) + ")";
            }
            case CUSTOM -> t.definition();
        };
    }

    /** {@code cast(home->>'zip' as integer)}; a JSON member as {@code home->'zip'}. */
    @Override
    protected String jsonValue(String column, String key, ColumnType type) {
        return type.kind() == ColumnType.Kind.JSON
                ? column + "->'" + key + "'"
                : "cast(" + column + "->>'" + key + "' as " + columnType(type) + ")";
    }

    /** An enum's values, which Hibernate checks here (the other databases have an enum type). */
    @Override
    protected String typeCheck(String column, ColumnType type) {
        return type.kind() != ColumnType.Kind.ENUM
                ? null
                : column + " in ("
                        + type.values().stream()
                                .map(AbstractDialect::quoteLiteral)
                                .collect(Collectors.joining(","))
                        + ")";
    }

    /** An enum column carries the check that lists its values, as Hibernate declares it. */
    @Override
    protected String columnDefinition(Column c) {
        return super.columnDefinition(c) + enumCheck(c.name(), c.type());
    }

    private String enumCheck(String column, ColumnType t) {
        if (t.kind() != ColumnType.Kind.ENUM) {
            return "";
        }
        return " CHECK (" + quote(column) + " IN ("
                + t.values().stream().map(AbstractDialect::quoteLiteral).collect(Collectors.joining(",")) + "))";
    }

    @Override
    protected String autoIncrement() {
        return "GENERATED BY DEFAULT AS IDENTITY";
    }

    @Override
    protected Operation.Visitor<List<Ddl>> online() {
        return new OnlineStatements();
    }

    /** On a table in use: concurrent index builds, constraints added NOT VALID and validated apart. */
    private final class OnlineStatements extends Statements {

        @Override
        public List<Ddl> createIndex(CreateIndex c) {
            String name = quote(c.index().name());
            String columns = indexColumns(c.index());
            if (!c.index().unique()) {
                return List.of(Ddl.alone(
                        "CREATE INDEX CONCURRENTLY " + name + " ON " + quote(c.table()) + " (" + columns + ")"));
            }
            return List.of(
                    Ddl.alone("CREATE UNIQUE INDEX CONCURRENTLY " + name + " ON " + quote(c.table()) + " (" + columns
                            + ")"),
                    alter(c.table(), "ADD CONSTRAINT " + name + " UNIQUE USING INDEX " + name));
        }

        @Override
        public List<Ddl> dropIndex(DropIndex d) {
            return d.unique()
                    ? super.dropIndex(d)
                    : List.of(Ddl.alone("DROP INDEX CONCURRENTLY " + indexName(d.table(), d.name())));
        }

        @Override
        public List<Ddl> addForeignKey(AddForeignKey a) {
            return notValidThenValidate(
                    a.table(),
                    a.foreignKey().name(),
                    super.addForeignKey(a).get(0).render());
        }

        @Override
        public List<Ddl> addCheck(AddCheck a) {
            List<Ddl> add = super.addCheck(a);
            return add.isEmpty()
                    ? add
                    : notValidThenValidate(
                            a.table(), a.check().name(), add.get(0).render());
        }

        @Override
        public List<Ddl> alterColumn(AlterColumn a) {
            return PostgresDialect.this.alterColumn(a, true);
        }
    }

    @Override
    public Catalog catalog() {
        return CATALOG;
    }

    @Override
    public Session session(Connection connection, Session.Context context) {
        return new PostgresSession(connection, this, context);
    }

    /** Validation takes a lock that lets writes through, held only while it commits on its own. */
    private List<Ddl> notValidThenValidate(String table, String constraint, String add) {
        return List.of(
                Ddl.of(add + " NOT VALID"),
                Ddl.alone("ALTER TABLE " + quote(table) + " VALIDATE CONSTRAINT " + quote(constraint)));
    }

    /** The name of the temporary check that proves a column holds no NULL: at most 63 bytes. */
    public static String notNullCheckName(String table, String column) {
        String name = Identifiers.stored(QualifiedName.local(table), false) + "_" + Identifiers.stored(column, false)
                + "_not_null";
        return Identifiers.derived(
                name.length() <= 63
                        ? name
                        : name.substring(0, 50) + "_" + Long.toHexString(lockKey(name) & 0xfffffffffffL),
                table,
                column);
    }

    @Override
    protected List<Ddl> alterColumn(AlterColumn a) {
        return alterColumn(a, false);
    }

    private List<Ddl> alterColumn(AlterColumn a, boolean online) {
        String table = quote(a.table());
        String prefix = "ALTER TABLE " + table + " ALTER COLUMN " + quote(a.to().name());
        List<Ddl> sql = new ArrayList<>();
        if (!a.from().type().equals(a.to().type())) {
            if (a.from().type().kind() == ColumnType.Kind.ENUM) {
                sql.add(Ddl.of(dropEnumCheck(table, a.from().name())));
            }
            // across type families PostgreSQL converts only when told how: through the text form
            boolean family = sameFamily(a.from().type(), a.to().type());
            String lob = largeObjectConversion(a.from().type(), a.to().type(), quote(a.to().name()));
            sql.add(Ddl.of(prefix + " TYPE " + columnType(a.to().type())
                    + (lob != null
                            ? " USING " + lob
                            : family
                                    ? ""
                                    : " USING " + quote(a.to().name()) + "::text::" + columnType(a.to().type()))));
        }
        if (a.from().nullable() != a.to().nullable()) {
            if (online && !a.to().nullable()) {
                String check = quote(notNullCheckName(a.table(), a.to().name()));
                sql.add(Ddl.of("ALTER TABLE " + table + " DROP CONSTRAINT IF EXISTS " + check));
                sql.addAll(notValidThenValidate(
                        a.table(),
                        notNullCheckName(a.table(), a.to().name()),
                        "ALTER TABLE " + table + " ADD CONSTRAINT " + check + " CHECK (" + quote(a.to().name())
                                + " IS NOT NULL)"));
                sql.add(Ddl.of(prefix + " SET NOT NULL"));
                sql.add(Ddl.of("ALTER TABLE " + table + " DROP CONSTRAINT " + check));
            } else {
                sql.add(Ddl.of(prefix + (a.to().nullable() ? " DROP NOT NULL" : " SET NOT NULL")));
            }
        }
        alterDefaultAndComment(a).forEach(x -> sql.add(Ddl.of(x)));
        if (a.from().autoIncrement() != a.to().autoIncrement()) {
            sql.add(Ddl.of(
                    prefix + (a.to().autoIncrement() ? " ADD GENERATED BY DEFAULT AS IDENTITY" : " DROP IDENTITY")));
            if (a.to().autoIncrement()) {
                // a new identity starts at 1; continue after the values already stored instead
                String column = quote(a.to().name());
                sql.add(Ddl.of("SELECT setval(pg_get_serial_sequence(" + quoteLiteral(table) + ", "
                        + quoteLiteral(Identifiers.stored(a.to().name(), false)) + "), coalesce(max(" + column
                        + "), 0) + 1, false) FROM " + table));
            }
        }
        if (!a.from().type().equals(a.to().type()) && a.to().type().kind() == ColumnType.Kind.ENUM) {
            String add = "ALTER TABLE " + table + " ADD CONSTRAINT " + quote(enumCheckName(a.table(), a.to().name()))
                    + enumCheck(a.to().name(), a.to().type());
            sql.addAll(
                    online
                            ? notValidThenValidate(a.table(), enumCheckName(a.table(), a.to().name()), add)
                            : List.of(Ddl.of(add)));
        }
        return sql;
    }

    /**
     * Into or out of a large object ({@code @Lob}: Hibernate's {@code oid} column holding the
     * object's number), the values must be moved, not cast: the text (as UTF-8, which the driver reads
     * a {@code Clob} as) or the bytes go into a new large object, or come back out of it. Null when
     * neither side is a large object.
     */
    private String largeObjectConversion(ColumnType from, ColumnType to, String column) {
        boolean fromOid = columnType(from).equals("oid");
        boolean toOid = columnType(to).equals("oid");
        if (fromOid == toOid) {
            return null;
        }
        boolean binary = (fromOid ? to : from).kind() == ColumnType.Kind.VARBINARY
                || (fromOid ? to : from).kind() == ColumnType.Kind.BLOB;
        if (toOid) {
            return "lo_from_bytea(0, " + (binary ? column : "convert_to(" + column + ", 'UTF8')") + ")";
        }
        return binary ? "lo_get(" + column + ")" : "convert_from(lo_get(" + column + "), 'UTF8')::" + columnType(to);
    }

    private static boolean sameFamily(ColumnType a, ColumnType b) {
        String fa = columnTypeFamily(a);
        return fa != null && fa.equals(columnTypeFamily(b));
    }

    /** Types PostgreSQL converts into each other implicitly on ALTER COLUMN TYPE. */
    private static String columnTypeFamily(ColumnType t) {
        return switch (t.kind()) {
            case TINYINT, SMALLINT, INTEGER, BIGINT, DECIMAL, REAL, DOUBLE -> "number";
            case VARCHAR, CHAR, ENUM, CLOB -> "text";
            case TIME -> "time";
            case DATE, TIMESTAMP, TIMESTAMP_TZ -> "timestamp";
            default -> t.kind().name();
        };
    }

    /**
     * The primary-key constraint keeps the name it got at creation ({@code <table>_pkey}) through
     * table renames, so it is looked up rather than assumed. One transaction with the new key.
     */
    @Override
    protected List<Ddl> alterPrimaryKey(AlterPrimaryKey a) {
        List<Ddl> sql = new ArrayList<>();
        String table = quote(a.table());
        if (!a.from().isEmpty()) {
            sql.add(Ddl.of("DO $$ DECLARE pk text; BEGIN SELECT conname INTO pk FROM pg_constraint WHERE conrelid = "
                    + quoteLiteral(table) + "::regclass AND contype = 'p'; EXECUTE 'ALTER TABLE ' || "
                    + quoteLiteral(table) + " || ' DROP CONSTRAINT ' || quote_ident(pk); END $$"));
        }
        if (!a.to().isEmpty()) {
            sql.add(alter(a.table(), "ADD PRIMARY KEY (" + columnList(a.to()) + ")"));
        }
        return sql;
    }

    /**
     * Drops the check that lists an enum column's values. It is found by what it is (a check on
     * that column alone, of the form {@code col = ANY (ARRAY[...])}), not by name: PostgreSQL names
     * it {@code <table>_<column>_check} at creation and keeps that name when the table or the
     * column is renamed.
     */
    private String dropEnumCheck(String quotedTable, String column) {
        return "DO $$ DECLARE c text; BEGIN FOR c IN SELECT con.conname FROM pg_constraint con JOIN pg_attribute att "
                + "ON att.attrelid = con.conrelid AND att.attnum = con.conkey[1] WHERE con.conrelid = "
                + quoteLiteral(quotedTable)
                + "::regclass AND con.contype = 'c' AND cardinality(con.conkey) = 1 AND att.attname = "
                + quoteLiteral(column.toLowerCase(Locale.ROOT))
                + " AND pg_get_constraintdef(con.oid) LIKE '%= ANY (%ARRAY[%' LOOP "
                + "EXECUTE 'ALTER TABLE ' || " + quoteLiteral(quotedTable)
                + " || ' DROP CONSTRAINT ' || quote_ident(c); END LOOP; END $$";
    }

    /** The name PostgreSQL gives an inline column check: {@code <table>_<column>_check}. */
    static String enumCheckName(String table, String column) {
        return Identifiers.derived(
                Identifiers.stored(QualifiedName.local(table), false) + "_" + Identifiers.stored(column, false)
                        + "_check",
                QualifiedName.local(table),
                column);
    }

    @Override
    protected Ddl dropIndex(DropIndex d) {
        return d.unique()
                ? alter(d.table(), "DROP CONSTRAINT " + quote(d.name()))
                : Ddl.of("DROP INDEX " + indexName(d.table(), d.name()));
    }

    @Override
    public List<String> createHistoryTable(String table) {
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + quote(table) + " ("
                        + "revision varchar(64) NOT NULL PRIMARY KEY, parents varchar(1000) NOT NULL, message varchar(1000) NOT NULL, "
                        + "checksum varchar(64) NOT NULL, applied_by varchar(128), applied_at timestamp(3) NOT NULL, "
                        + "duration_ms bigint NOT NULL, state varchar(16) NOT NULL, steps_done integer NOT NULL, "
                        + "steps_total integer NOT NULL, step_checksums text, steps_reverted integer NOT NULL DEFAULT 0, revert_checksums text)");
    }

    @Override
    public List<String> upgradeHistoryTable(String table) {
        return List.of("ALTER TABLE " + quote(table)
                + " ADD COLUMN IF NOT EXISTS step_checksums text, ADD COLUMN IF NOT EXISTS "
                + "steps_reverted integer NOT NULL DEFAULT 0, ADD COLUMN IF NOT EXISTS revert_checksums text");
    }

    @Override
    public boolean transactionalDdl() {
        return true;
    }

    /**
     * A session-level advisory lock, polled until the wait runs out; it dies with the session.
     * Advisory locks are per database; the key also names the schema, so runs on unrelated
     * schemas of one database do not wait on each other.
     */
    @Override
    public boolean lock(Connection connection, String name, Duration wait) throws SQLException {
        long deadline = System.nanoTime() + wait.toNanos();
        long key = lockKey(connection, name);
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            ps.setLong(1, key);
            while (true) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        heldKeys.computeIfAbsent(connection, c -> new ConcurrentHashMap<>())
                                .put(name, key);
                        return true;
                    }
                }
                if (System.nanoTime() >= deadline) {
                    return false;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }

    @Override
    public void unlock(Connection connection, String name) throws SQLException {
        Map<String, Long> held = heldKeys.get(connection);
        Long key = held == null ? null : held.remove(name);
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            ps.setLong(1, key != null ? key : lockKey(connection, name));
            ps.executeQuery().close();
        }
    }

    /** pg_locks shows a bigint advisory key as classid (high half) and objid (low half), objsubid 1. */
    private static final String HELD = "FROM pg_locks WHERE locktype = 'advisory' "
            + "AND pid = pg_backend_pid() AND granted AND objsubid = 1 AND database = (SELECT oid FROM pg_database "
            + "WHERE datname = current_database()) AND ((classid::bigint << 32) | objid::bigint) = ?";

    /**
     * The key of each lock a connection took, so the checks before journal writes need not ask for
     * the schema again. Weak keys: a connection closed without unlocking does not stay here.
     */
    private final Map<Connection, Map<String, Long>> heldKeys = Collections.synchronizedMap(new WeakHashMap<>());

    @Override
    public boolean holdsLock(Connection connection, String name) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT COUNT(*) " + HELD)) {
            ps.setLong(1, heldKey(connection, name));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        }
    }

    /** The advisory lock as a condition of the journal writes: {@code EXISTS} over pg_locks. */
    @Override
    public LockHeld lockHeld(Connection connection, String name) throws SQLException {
        return new LockHeld("EXISTS (SELECT 1 " + HELD + ")", List.of(heldKey(connection, name)), "");
    }

    /** The key of the lock this connection took, or of the name in its current schema. */
    private long heldKey(Connection connection, String name) throws SQLException {
        Map<String, Long> held = heldKeys.get(connection);
        Long key = held == null ? null : held.get(name);
        return key != null ? key : lockKey(connection, name);
    }

    /** The advisory lock key of the name in the connection's current schema. */
    private static long lockKey(Connection connection, String name) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_schema()")) {
            String schema = rs.next() && rs.getString(1) != null ? rs.getString(1) : "";
            return lockKey(name + ":" + schema);
        }
    }

    /** A stable 64-bit key for the lock name (FNV-1a). */
    static long lockKey(String name) {
        long h = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h ^= b;
            h *= 0x100000001b3L;
        }
        return h;
    }
}

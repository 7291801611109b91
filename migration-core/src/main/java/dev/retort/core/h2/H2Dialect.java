package dev.retort.core.h2;

import dev.retort.core.dialect.AbstractDialect;
import dev.retort.core.dialect.Catalog;
import dev.retort.core.dialect.Ddl;
import dev.retort.core.dialect.LockHeld;
import dev.retort.core.dialect.Session;
import dev.retort.core.dialect.UnsupportedColumnTypeException;
import dev.retort.core.model.Identifiers;
import dev.retort.core.model.QualifiedName;
import dev.retort.core.ops.AlterColumn;
import dev.retort.core.ops.DropIndex;
import dev.retort.migration.ColumnType;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * H2 2.x, the embedded default. Identifiers stay unquoted, as Hibernate writes them, so H2 folds
 * them to upper case exactly as it does for the application's queries; only names that are not
 * plain identifiers or are keywords get quoted (in upper case, which keeps the same folding).
 */
public class H2Dialect extends AbstractDialect {

    private static final Catalog CATALOG = new H2Catalog();

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** H2 2.x's keywords (its parser's keyword tokens, {@code _ROWID_} among them), and a few of earlier versions. */
    private static final Set<String> KEYWORDS = Set.of(
            "ALL",
            "AND",
            "ANY",
            "ARRAY",
            "AS",
            "ASYMMETRIC",
            "AUTHORIZATION",
            "BETWEEN",
            "BOTH",
            "CASE",
            "CAST",
            "CHECK",
            "CONSTRAINT",
            "CROSS",
            "CURRENT_CATALOG",
            "CURRENT_DATE",
            "CURRENT_PATH",
            "CURRENT_ROLE",
            "CURRENT_SCHEMA",
            "CURRENT_TIME",
            "CURRENT_TIMESTAMP",
            "CURRENT_USER",
            "DAY",
            "DEFAULT",
            "DISTINCT",
            "ELSE",
            "END",
            "EXCEPT",
            "EXISTS",
            "FALSE",
            "FETCH",
            "FOR",
            "FOREIGN",
            "FROM",
            "FULL",
            "GROUP",
            "GROUPS",
            "HAVING",
            "HOUR",
            "IF",
            "ILIKE",
            "IN",
            "INNER",
            "INTERSECT",
            "INTERVAL",
            "IS",
            "JOIN",
            "KEY",
            "LEADING",
            "LEFT",
            "LIKE",
            "LIMIT",
            "LOCALTIME",
            "LOCALTIMESTAMP",
            "MINUS",
            "MINUTE",
            "MONTH",
            "NATURAL",
            "NOT",
            "NULL",
            "OFFSET",
            "ON",
            "OR",
            "ORDER",
            "OVER",
            "PARTITION",
            "PRIMARY",
            "QUALIFY",
            "RANGE",
            "REGEXP",
            "RIGHT",
            "ROW",
            "ROWNUM",
            "ROWS",
            "SECOND",
            "SELECT",
            "SESSION_USER",
            "SET",
            "SOME",
            "SYMMETRIC",
            "SYSTEM_USER",
            "TABLE",
            "TO",
            "TOP",
            "TRAILING",
            "TRUE",
            "UESCAPE",
            "UNION",
            "UNIQUE",
            "UNKNOWN",
            "USER",
            "USING",
            "VALUE",
            "VALUES",
            "WHEN",
            "WHERE",
            "WINDOW",
            "WITH",
            "YEAR",
            "_ROWID_");

    @Override
    public boolean usesCatalog() {
        return true;
    }

    @Override
    public String name() {
        return "h2";
    }

    @Override
    public String quote(String identifier) {
        if (QualifiedName.isQualified(identifier)) {
            return quoteQualified(identifier, this::quote);
        }
        if (Identifiers.isQuoted(identifier)) {
            return "\"" + Identifiers.text(identifier).replace("\"", "\"\"") + "\"";
        }
        String upper = identifier.toUpperCase(Locale.ROOT);
        if (PLAIN.matcher(identifier).matches() && !KEYWORDS.contains(upper)) {
            return identifier;
        }
        return "\"" + upper.replace("\"", "\"\"") + "\"";
    }

    /**
     * {@code cast(stringdecode(regexp_replace(nullif((home)."zip",JSON'null'),'^"(.*)"$','$1')) as integer)}:
     * a JSON null as SQL's, the quotes around a string and its escapes removed.
     */
    @Override
    protected String jsonValue(String column, String key, ColumnType type) {
        String member = "(" + column + ").\"" + key + "\"";
        return type.kind() == ColumnType.Kind.JSON
                ? member
                : "cast(stringdecode(regexp_replace(nullif(" + member + ",JSON'null'),'^\"(.*)\"$','$1')) as "
                        + columnType(type) + ")";
    }

    /** Longest {@code varchar}/{@code varbinary} Hibernate declares on H2; longer becomes a LOB. */
    static final int MAX_VARCHAR = 1_048_576;

    @Override
    public String columnType(ColumnType t) {
        return switch (t.kind()) {
            case VARCHAR -> t.length() <= MAX_VARCHAR ? "varchar(" + t.length() + ")" : "clob";
            case CHAR -> "char(" + t.length() + ")";
            case TINYINT -> "tinyint";
            case SMALLINT -> "smallint";
            case INTEGER -> "integer";
            case BIGINT -> "bigint";
            case BOOLEAN -> "boolean";
            case DECIMAL -> "numeric(" + t.precision() + "," + t.scale() + ")";
            case REAL -> "float(24)";
            case DOUBLE -> "float(53)";
            case DATE -> "date";
            case TIME -> "time(" + t.precision() + ")";
            case TIME_TZ -> "time(" + t.precision() + ") with time zone";
            case TIMESTAMP -> "timestamp(" + t.precision() + ")";
            case TIMESTAMP_TZ -> "timestamp(" + t.precision() + ") with time zone";
            case UUID -> "uuid";
            // Hibernate lists the values of a native enum sorted
            case ENUM ->
                "enum ("
                        + t.values().stream()
                                .sorted()
                                .map(AbstractDialect::quoteLiteral)
                                .collect(Collectors.joining(","))
                        + ")";
            case VARBINARY -> t.length() <= MAX_VARCHAR ? "varbinary(" + t.length() + ")" : "blob";
            case CLOB -> "clob";
            case BLOB -> "blob";
            case JSON -> "json";
            case ARRAY -> columnType(t.element()) + " array";
            case BINARY -> "binary(" + t.length() + ")";
            case XML -> "clob";
            case XML_AGGREGATE -> throw UnsupportedColumnTypeException.xmlAggregate(name());
            case STRUCT -> throw UnsupportedColumnTypeException.struct(t.definition(), name());
            case SQL_REAL -> "real";
            case TIMESTAMP_TZ_NATIVE -> "timestamp(" + t.precision() + ") with time zone";
            // Hibernate's defaults: 18 leading digits, nanoseconds
            case INTERVAL_SECOND ->
                t.precision() == 0
                        ? "interval second(18,9)"
                        : "interval second(" + t.precision() + "," + t.scale() + ")";
            case CUSTOM -> t.definition();
        };
    }

    @Override
    protected String autoIncrement() {
        return "GENERATED BY DEFAULT AS IDENTITY";
    }

    @Override
    protected List<Ddl> alterColumn(AlterColumn a) {
        String prefix = "ALTER TABLE " + quote(a.table()) + " ALTER COLUMN " + quote(a.to().name());
        List<String> sql = new ArrayList<>();
        if (!a.from().type().equals(a.to().type())) {
            sql.add(prefix + " SET DATA TYPE " + columnType(a.to()));
        }
        if (a.from().nullable() != a.to().nullable()) {
            sql.add(prefix + (a.to().nullable() ? " SET NULL" : " SET NOT NULL"));
        }
        sql.addAll(alterDefaultAndComment(a));
        if (a.from().autoIncrement() != a.to().autoIncrement()) {
            sql.add(prefix + (a.to().autoIncrement() ? " SET GENERATED BY DEFAULT" : " DROP IDENTITY"));
            if (a.to().autoIncrement()) {
                // a new identity starts at 1; continue after the values already stored instead
                sql.add(prefix + " RESTART WITH (SELECT COALESCE(MAX(" + quote(a.to().name()) + "), 0) + 1 FROM "
                        + quote(a.table()) + ")");
            }
        }
        return sql.stream().map(Ddl::of).toList();
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
                        + "steps_total integer NOT NULL, step_checksums varchar(1000000), steps_reverted integer NOT NULL DEFAULT 0, revert_checksums varchar(1000000))");
    }

    @Override
    public List<String> upgradeHistoryTable(String table) {
        return List.of(
                "ALTER TABLE " + quote(table) + " ADD COLUMN IF NOT EXISTS step_checksums varchar(1000000)",
                "ALTER TABLE " + quote(table) + " ADD COLUMN IF NOT EXISTS steps_reverted integer NOT NULL DEFAULT 0",
                "ALTER TABLE " + quote(table) + " ADD COLUMN IF NOT EXISTS revert_checksums varchar(1000000)");
    }

    /** H2 commits DDL implicitly, so steps are journaled as on MySQL. */
    @Override
    public boolean transactionalDdl() {
        return false;
    }

    /**
     * A row per schema ({@link H2Lock}): a server or {@code AUTO_SERVER} database is reached by
     * several processes, which the file lock does not serialise; an in-memory one takes no lock.
     */
    @Override
    public boolean lock(Connection connection, String name, Duration wait) throws SQLException {
        return !H2Lock.shared(connection) || H2Lock.lock(connection, name, wait);
    }

    @Override
    public void unlock(Connection connection, String name) throws SQLException {
        if (H2Lock.shared(connection)) {
            H2Lock.unlock(connection, name);
        }
    }

    @Override
    public boolean holdsLock(Connection connection, String name) throws SQLException {
        return !H2Lock.shared(connection) || H2Lock.holds(connection, name);
    }

    @Override
    public LockHeld lockHeld(Connection connection, String name) throws SQLException {
        return H2Lock.shared(connection) ? H2Lock.held(name) : LockHeld.ALWAYS;
    }

    /** H2 is the embedded development database. */
    @Override
    public boolean developmentOnly() {
        return true;
    }

    @Override
    public Catalog catalog() {
        return CATALOG;
    }

    @Override
    public Session session(Connection connection, Session.Context context) {
        return new H2Session();
    }
}

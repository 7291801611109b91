package dev.retort.core.mysql;

import dev.retort.core.dialect.Catalog;
import dev.retort.core.dialect.Ddl;
import dev.retort.core.dialect.Session;
import dev.retort.core.model.Sequence;
import dev.retort.core.ops.AlterSequence;
import dev.retort.core.ops.DropCheck;
import dev.retort.migration.ColumnType;
import java.sql.Connection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MariaDB 10.7+: as MySQL, but with a native {@code uuid} type, as Hibernate ORM 7's
 * {@code MariaDBDialect} uses. Its online-DDL vocabulary is richer: {@code INSTANT} takes
 * {@code LOCK=NONE}, drops columns instantly, and {@code NOCOPY} names "add or drop an index, never
 * rebuild". A stated algorithm is the most MariaDB may spend; it uses a cheaper one when it can.
 */
public class MariaDbDialect extends MySqlDialect {

    private static final Catalog CATALOG = new MariaDbCatalog();

    private static final Pattern VERSION =
            Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)-MariaDB", Pattern.CASE_INSENSITIVE);

    /** {@code major * 10000 + minor * 100 + patch}: 10.11.5 is 101105; {@link #CURRENT} when unknown. */
    private final int mariaDbVersion;

    /** A current MariaDB server (the offline default). */
    public MariaDbDialect() {
        this(CURRENT);
    }

    private MariaDbDialect(int mariaDbVersion) {
        this.mariaDbVersion = mariaDbVersion;
    }

    /**
     * The dialect for a server reporting {@code version}, as MariaDB's driver ({@code 10.11.5-MariaDB})
     * or MySQL Connector/J ({@code 5.5.5-10.11.5-MariaDB}) does.
     */
    public static MariaDbDialect forServer(String version) {
        Matcher m = VERSION.matcher(version == null ? "" : version);
        if (!m.find()) {
            return new MariaDbDialect();
        }
        return new MariaDbDialect(Integer.parseInt(m.group(1)) * 10_000
                + Math.min(Integer.parseInt(m.group(2)), 99) * 100
                + Math.min(Integer.parseInt(m.group(3)), 99));
    }

    /** True from MariaDB 10.8 on; 10.7 parses DESC on an index column and builds it ascending. */
    @Override
    public boolean keepsDescendingIndexes() {
        return mariaDbVersion >= 100800;
    }

    @Override
    protected Online instant() {
        return new Online("INSTANT", "NONE");
    }

    @Override
    protected Online noCopy() {
        return new Online("NOCOPY", "NONE");
    }

    @Override
    protected Online addColumnClause() {
        return instant();
    }

    @Override
    protected Online dropColumnClause() {
        return instant();
    }

    @Override
    public String name() {
        return "mariadb";
    }

    @Override
    public Catalog catalog() {
        return CATALOG;
    }

    @Override
    public Session session(Connection connection, Session.Context context) {
        return new MariaDbSession(connection, this, context);
    }

    /** MariaDB 10.3+ has sequences; Hibernate creates them NOCACHE. */
    @Override
    protected List<String> createSequence(Sequence s) {
        return List.of("CREATE SEQUENCE " + quote(s.name()) + " START WITH " + s.start() + " INCREMENT BY "
                + s.increment() + " NOCACHE");
    }

    /** MariaDB has real sequences: altered as on PostgreSQL. */
    @Override
    protected List<String> alterSequence(AlterSequence a) {
        return standardAlterSequence(a);
    }

    @Override
    protected Ddl dropSequence(String name) {
        return Ddl.of("DROP SEQUENCE " + quote(name));
    }

    @Override
    protected Ddl dropCheck(DropCheck d) {
        return alter(d.table(), "DROP CONSTRAINT " + quote(d.name()));
    }

    /** {@code json} is {@code longtext} here: {@code json_extract} returns JSON's null as the text {@code 'null'}. */
    @Override
    protected String jsonNull() {
        return "'null'";
    }

    @Override
    protected String jsonLiteral(String value) {
        return "'" + value + "'";
    }

    /** MariaDB's {@code uuid} type takes the text as it is. */
    @Override
    protected String uuidFromJson(String text) {
        return "cast(" + text + " as uuid)";
    }

    /** Hibernate casts to the floating-point types without a size here: {@code double} for a float too. */
    @Override
    protected String castType(ColumnType type) {
        return type.kind() == ColumnType.Kind.REAL || type.kind() == ColumnType.Kind.DOUBLE
                ? "double"
                : super.castType(type);
    }

    /** Hibernate's MariaDB dialect declares no character set for a national character type. */
    @Override
    public String columnType(ColumnType t) {
        return t.kind() == ColumnType.Kind.UUID ? "uuid" : plainType(t);
    }
}

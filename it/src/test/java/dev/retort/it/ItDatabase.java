package dev.retort.it;

import java.io.File;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What a verify script needs to know about the database an invoker project migrated: which tables
 * exist, how each column is declared, keys and unique constraints, and plain rows.
 *
 * <p>Column definitions are rendered the way the database reports them, so expectations read like
 * DDL: on MariaDB the {@code COLUMN_TYPE} ({@code varchar(100) not null}, {@code bigint(20) not null
 * auto_increment}); on H2 the SQL-standard name with its size ({@code CHARACTER VARYING(100) not
 * null}, {@code BIGINT not null identity}); on PostgreSQL {@code information_schema}'s type name with
 * its size ({@code character varying(100) not null}, {@code bigint not null identity}), a user-defined
 * type by its name.
 *
 * <p>Names: MariaDB on Linux compares table names case-sensitively, so a MariaDB table must carry
 * exactly the expected name. H2 upper-cases unquoted identifiers and PostgreSQL lower-cases them, so
 * there a name matches ignoring case (whether or not the plugin quotes identifiers).
 *
 * <p>Drivers are instantiated directly rather than through {@code DriverManager}, which refuses
 * drivers that the calling class loader cannot see (the verify scripts run in a class loader
 * the invoker plugin builds).
 */
public final class ItDatabase implements AutoCloseable {

    /** The databases the invoker projects migrate. */
    public enum Kind {
        H2,
        MARIADB,
        POSTGRES
    }

    private final Kind kind;
    private final Connection connection;

    private ItDatabase(Kind kind, Connection connection) {
        this.kind = kind;
        this.connection = connection;
    }

    /**
     * The embedded H2 database the plugin uses when no {@code migrate.url} is given:
     * {@code jdbc:h2:file:<project basedir>/target/retort/db}. Fails if the project has none.
     */
    public static ItDatabase h2(File projectBasedir) throws SQLException {
        File db = new File(projectBasedir, "target/retort/db");
        if (!new File(db.getPath() + ".mv.db").isFile()) {
            throw new AssertionError("no H2 database " + db + ".mv.db: the plugin did not use the embedded default");
        }
        String url = "jdbc:h2:file:" + db.getAbsolutePath() + ";IFEXISTS=TRUE";
        // The contract fixes the file, not the user: H2's usual "sa", else the empty user.
        SQLException first = null;
        for (String user : List.of("sa", "")) {
            try {
                return new ItDatabase(Kind.H2, connect("org.h2.Driver", url, user, ""));
            } catch (SQLException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        throw first;
    }

    /** A MariaDB database on the server the it build started (user root, empty password). */
    public static ItDatabase mariadb(String url) throws SQLException {
        return new ItDatabase(Kind.MARIADB, connect("com.mysql.cj.jdbc.Driver", url, "root", ""));
    }

    /** A PostgreSQL database on the server the it build started (user postgres, no password). */
    public static ItDatabase postgres(String url) throws SQLException {
        return new ItDatabase(Kind.POSTGRES, connect("org.postgresql.Driver", url, "postgres", ""));
    }

    /** An open connection of the given kind; closing this closes it. */
    public static ItDatabase of(Kind kind, Connection connection) {
        return new ItDatabase(kind, connection);
    }

    private static Connection connect(String driverClass, String url, String user, String password)
            throws SQLException {
        Driver driver;
        try {
            driver = (Driver) Class.forName(driverClass, true, ItDatabase.class.getClassLoader())
                    .getDeclaredConstructor()
                    .newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "JDBC driver " + driverClass + " is not on the verify script's class path", e);
        }
        Properties info = new Properties();
        info.setProperty("user", user);
        info.setProperty("password", password);
        Connection c = driver.connect(url, info);
        if (c == null) {
            throw new SQLException(driverClass + " does not accept " + url);
        }
        return c;
    }

    public Kind kind() {
        return kind;
    }

    public Connection connection() {
        return connection;
    }

    /** Whether two identifiers name the same thing on this database (see the class comment). */
    public boolean sameName(String expected, String actual) {
        return kind == Kind.MARIADB ? expected.equals(actual) : expected.equalsIgnoreCase(actual);
    }

    /** Names of the tables in the current schema, sorted. */
    public List<String> tables() throws SQLException {
        String sql = switch (kind) {
            case MARIADB -> "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()";
            case H2 -> "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = SCHEMA()";
            case POSTGRES ->
                "SELECT table_name AS \"TABLE_NAME\" FROM information_schema.tables WHERE table_schema = current_schema()";
        };
        List<String> names = new ArrayList<>();
        for (Map<String, Object> row : rows(sql)) {
            names.add((String) row.get("TABLE_NAME"));
        }
        names.sort(null);
        return names;
    }

    /** The actual name of the table called {@code name}, if it exists. */
    public Optional<String> table(String name) throws SQLException {
        List<String> matches = tables().stream().filter(t -> sameName(name, t)).toList();
        if (matches.size() > 1) {
            throw new AssertionError("several tables answer to " + name + ": " + matches);
        }
        return matches.stream().findFirst();
    }

    /** Column name to its definition (see the class comment), in declaration order. */
    public Map<String, String> columns(String table) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        switch (kind) {
            case MARIADB -> {
                for (Map<String, Object> c : rows(
                        "SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, EXTRA"
                                + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND BINARY TABLE_NAME = ?"
                                + " ORDER BY ORDINAL_POSITION",
                        table)) {
                    String definition = (String) c.get("COLUMN_TYPE");
                    if ("NO".equals(c.get("IS_NULLABLE"))) {
                        definition += " not null";
                    }
                    if (String.valueOf(c.get("EXTRA")).contains("auto_increment")) {
                        definition += " auto_increment";
                    }
                    columns.put((String) c.get("COLUMN_NAME"), definition);
                }
            }
            case H2 -> {
                for (Map<String, Object> c : rows(
                        "SELECT COLUMN_NAME, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH,"
                                + " NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION, IS_NULLABLE, IS_IDENTITY, DTD_IDENTIFIER"
                                + " FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = SCHEMA() AND TABLE_NAME = ?"
                                + " ORDER BY ORDINAL_POSITION",
                        table)) {
                    String type = (String) c.get("DATA_TYPE");
                    String definition = switch (type) {
                        case "CHARACTER VARYING", "CHARACTER", "BINARY VARYING", "BINARY" ->
                            type + "(" + c.get("CHARACTER_MAXIMUM_LENGTH") + ")";
                        case "NUMERIC" -> type + "(" + c.get("NUMERIC_PRECISION") + "," + c.get("NUMERIC_SCALE") + ")";
                        case "TIME", "TIMESTAMP", "TIME WITH TIME ZONE", "TIMESTAMP WITH TIME ZONE" ->
                            type + "(" + c.get("DATETIME_PRECISION") + ")";
                        case "ENUM" -> type + "(" + h2EnumValues(table, (String) c.get("DTD_IDENTIFIER")) + ")";
                        default -> type;
                    };
                    if ("NO".equals(c.get("IS_NULLABLE"))) {
                        definition += " not null";
                    }
                    if ("YES".equals(c.get("IS_IDENTITY"))) {
                        definition += " identity";
                    }
                    columns.put((String) c.get("COLUMN_NAME"), definition);
                }
            }
            case POSTGRES -> {
                for (Map<String, Object> c : rows(
                        "SELECT column_name, data_type, udt_name, character_maximum_length,"
                                + " numeric_precision, numeric_scale, datetime_precision, is_nullable, is_identity"
                                + " FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?"
                                + " ORDER BY ordinal_position",
                        table)) {
                    String type = (String) c.get("data_type");
                    String definition = switch (type) {
                        case "character varying", "character" -> type + "(" + c.get("character_maximum_length") + ")";
                        case "numeric" -> type + "(" + c.get("numeric_precision") + "," + c.get("numeric_scale") + ")";
                        case "time without time zone",
                                "timestamp without time zone",
                                "time with time zone",
                                "timestamp with time zone" ->
                            type.replace(" without time zone", "") + "(" + c.get("datetime_precision") + ")";
                        case "USER-DEFINED" -> (String) c.get("udt_name");
                        default -> type;
                    };
                    if ("NO".equals(c.get("is_nullable"))) {
                        definition += " not null";
                    }
                    if ("YES".equals(c.get("is_identity"))) {
                        definition += " identity";
                    }
                    columns.put((String) c.get("column_name"), definition);
                }
            }
        }
        return columns;
    }

    private String h2EnumValues(String table, String dtdIdentifier) throws SQLException {
        List<String> values = new ArrayList<>();
        for (Map<String, Object> v : rows(
                "SELECT VALUE_NAME FROM INFORMATION_SCHEMA.ENUM_VALUES"
                        + " WHERE OBJECT_SCHEMA = SCHEMA() AND OBJECT_NAME = ? AND OBJECT_TYPE = 'TABLE' AND ENUM_IDENTIFIER = ?"
                        + " ORDER BY VALUE_ORDINAL",
                table,
                dtdIdentifier)) {
            values.add("'" + v.get("VALUE_NAME") + "'");
        }
        return String.join(",", values);
    }

    /** Columns of the primary key, in key order. */
    public List<String> primaryKey(String table) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        Map<Short, String> columns = new TreeMap<>();
        try (ResultSet rs = meta.getPrimaryKeys(connection.getCatalog(), connection.getSchema(), table)) {
            while (rs.next()) {
                columns.put(rs.getShort("KEY_SEQ"), rs.getString("COLUMN_NAME"));
            }
        }
        return List.copyOf(columns.values());
    }

    /** Column lists of the unique indexes other than the primary key (unique constraints are backed by one). */
    public List<List<String>> uniqueKeys(String table) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        Map<String, Map<Short, String>> indexes = new TreeMap<>();
        try (ResultSet rs = meta.getIndexInfo(connection.getCatalog(), connection.getSchema(), table, true, false)) {
            while (rs.next()) {
                String index = rs.getString("INDEX_NAME");
                String column = rs.getString("COLUMN_NAME");
                if (index != null && column != null && !rs.getBoolean("NON_UNIQUE")) {
                    indexes.computeIfAbsent(index, i -> new TreeMap<>()).put(rs.getShort("ORDINAL_POSITION"), column);
                }
            }
        }
        List<String> primaryKey = primaryKey(table);
        List<List<String>> keys = new ArrayList<>();
        for (Map<Short, String> index : indexes.values()) {
            List<String> columns = List.copyOf(index.values());
            if (!columns.equals(primaryKey)) {
                keys.add(columns);
            }
        }
        return keys;
    }

    /** {@code identifier} quoted for this database, for names read from the catalog. */
    public String quote(String identifier) {
        return kind == Kind.MARIADB ? "`" + identifier + "`" : "\"" + identifier + "\"";
    }

    /** Every row of a query; keys are the column labels as the driver reports them (upper case on H2). */
    public List<Map<String, Object>> rows(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                List<Map<String, Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        row.put(meta.getColumnLabel(c), rs.getObject(c));
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    /** Runs statements (setting up a fixture in a test). */
    public void execute(String... statements) throws SQLException {
        try (Statement s = connection.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}

package dev.retort.core.introspect;

import dev.retort.core.dialect.Dialect;
import dev.retort.core.diff.SchemaDiffer;
import dev.retort.core.introspect.LiveSchema.LiveColumn;
import dev.retort.core.introspect.LiveSchema.LiveTable;
import dev.retort.core.model.Check;
import dev.retort.core.model.ForeignKey;
import dev.retort.core.model.Index;
import dev.retort.migration.ReferentialAction;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the current schema of the connected database (the connection's own database or schema)
 * from its catalog: {@code information_schema} for tables, columns, unique constraints and checks,
 * JDBC {@link DatabaseMetaData} for primary keys, indexes and foreign keys. Bookkeeping tables
 * ({@code retort_*}) are left out.
 */
public final class SchemaReader {

    private final Connection connection;
    private final String dialect;
    private final boolean keepsChecks;

    public SchemaReader(Connection connection, Dialect dialect) {
        this.connection = connection;
        this.dialect = dialect.name();
        this.keepsChecks = dialect.keepsChecks();
    }

    private boolean mysql() {
        return dialect.equals("mysql") || dialect.equals("mariadb");
    }

    public LiveSchema read() throws SQLException {
        String schema = currentSchema();
        List<String> sequences = sequences(schema);
        List<LiveTable> tables = new ArrayList<>();
        Map<String, List<LiveColumn>> columns = columns(schema);
        Map<String, List<Index>> uniques = uniqueConstraints(schema);
        Map<String, List<Check>> checks = checks(schema);
        for (String table : tableNames(schema)) {
            if (SchemaDiffer.isBookkeeping(table) || sequences.stream().anyMatch(table::equalsIgnoreCase)) {
                continue;
            }
            List<String> pk = new ArrayList<>();
            String pkName = primaryKey(schema, table, pk);
            List<ForeignKey> fks = foreignKeys(schema, table);
            List<Index> indexes = new ArrayList<>(uniques.getOrDefault(table, List.of()));
            for (Index i : plainIndexes(schema, table, pkName)) {
                boolean constraint = indexes.stream().anyMatch(u -> u.name().equalsIgnoreCase(i.name()));
                // MySQL adds an index named after a foreign key when no index covers its columns
                boolean forForeignKey = mysql() && !i.unique()
                        && fks.stream().anyMatch(fk -> fk.name().equalsIgnoreCase(i.name()) && fk.columns().equals(i.columns()));
                if (!constraint && !forForeignKey) {
                    indexes.add(i);
                }
            }
            tables.add(new LiveTable(table, columns.getOrDefault(table, List.of()), pk, indexes, fks,
                    checks.getOrDefault(table, List.of())));
        }
        if (dialect.equals("mysql")) {
            // MySQL has no sequences: Retort keeps one-row tables (next_val) instead, as Hibernate does
            List<String> tablesAsSequences = tables.stream().filter(t -> t.columns().size() == 1
                    && t.columns().get(0).name().equalsIgnoreCase("next_val") && t.primaryKey().isEmpty()).map(LiveTable::name).toList();
            tables.removeIf(t -> tablesAsSequences.contains(t.name()));
            sequences = new ArrayList<>(sequences);
            sequences.addAll(tablesAsSequences);
        }
        return new LiveSchema(tables, sequences);
    }

    private String currentSchema() throws SQLException {
        String sql = mysql() ? "SELECT DATABASE()" : dialect.equals("postgresql") ? "SELECT current_schema()" : "SELECT SCHEMA()";
        try (PreparedStatement ps = connection.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    private List<String> tableNames(String schema) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT table_name FROM information_schema.tables "
                + "WHERE table_schema = ? AND table_type = 'BASE TABLE' ORDER BY table_name")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private List<String> sequences(String schema) throws SQLException {
        String sql = switch (dialect) {
            case "mysql" -> null;
            case "mariadb" -> "SELECT table_name FROM information_schema.tables WHERE table_schema = ? AND table_type = 'SEQUENCE'";
            default -> "SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = ?";
        };
        List<String> out = new ArrayList<>();
        if (sql == null) {
            return out;
        }
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        // H2 lists the sequences behind identity columns too; they are the columns' business
        if (dialect.equals("h2")) {
            out.removeIf(s -> s.toUpperCase(Locale.ROOT).startsWith("SYSTEM_SEQUENCE_"));
        }
        return out;
    }

    private Map<String, List<LiveColumn>> columns(String schema) throws SQLException {
        String sql = switch (dialect) {
            case "mysql", "mariadb" -> "SELECT table_name, column_name, column_type, is_nullable, column_default, "
                    + "extra LIKE '%auto_increment%', column_comment FROM information_schema.columns WHERE table_schema = ? "
                    + "ORDER BY table_name, ordinal_position";
            case "postgresql" -> "SELECT c.table_name, c.column_name, CASE WHEN c.data_type IN ('USER-DEFINED', 'ARRAY') "
                    + "THEN c.udt_name ELSE c.data_type END, c.is_nullable, c.column_default, "
                    + "c.is_identity = 'YES' OR coalesce(c.column_default, '') LIKE 'nextval(%', "
                    + "col_description(format('%I.%I', c.table_schema, c.table_name)::regclass, c.ordinal_position::int), "
                    + "c.character_maximum_length, c.numeric_precision, c.numeric_scale, c.datetime_precision "
                    + "FROM information_schema.columns c WHERE c.table_schema = ? ORDER BY c.table_name, c.ordinal_position";
            default -> "SELECT c.table_name, c.column_name, c.data_type, c.is_nullable, c.column_default, "
                    + "c.is_identity = 'YES', c.remarks, c.character_maximum_length, c.numeric_precision, c.numeric_scale, "
                    + "c.datetime_precision, c.dtd_identifier FROM information_schema.columns c WHERE c.table_schema = ? "
                    + "ORDER BY c.table_name, c.ordinal_position";
        };
        Map<String, List<String>> enumValues = dialect.equals("h2") ? h2EnumValues(schema) : Map.of();
        Map<String, List<LiveColumn>> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String table = rs.getString(1);
                    String type = mysql() ? rs.getString(3)
                            : composeType(rs, dialect.equals("h2") ? enumValues.get(table + "." + rs.getString(12)) : null);
                    boolean identity = rs.getBoolean(6);
                    String def = rs.getString(5);
                    out.computeIfAbsent(table, k -> new ArrayList<>()).add(new LiveColumn(rs.getString(2),
                            NativeTypes.normalize(dialect, type), "YES".equalsIgnoreCase(rs.getString(4)), identity,
                            identity ? null : def, emptyToNull(rs.getString(7))));
                }
            }
        }
        return out;
    }

    /** PostgreSQL and H2 report type name and sizes apart; put them together as the dialect writes them. */
    private String composeType(ResultSet rs, List<String> enumValues) throws SQLException {
        String type = rs.getString(3).toLowerCase(Locale.ROOT);
        int length = rs.getInt(8);
        boolean hasLength = !rs.wasNull();
        int precision = rs.getInt(9);
        int scale = rs.getInt(10);
        int fraction = rs.getInt(11);
        boolean hasFraction = !rs.wasNull();
        return switch (type) {
            case "character varying", "character", "binary varying" -> hasLength ? type + "(" + length + ")" : type;
            case "numeric", "decimal" -> precision > 0 ? type + "(" + precision + "," + scale + ")" : type;
            case "time", "timestamp", "time without time zone", "timestamp without time zone" ->
                    type.replace(" without time zone", "") + (hasFraction ? "(" + fraction + ")" : "");
            case "timestamp with time zone" -> "timestamp" + (hasFraction ? "(" + fraction + ")" : "") + " with time zone";
            case "enum" -> "enum(" + String.join(",", (enumValues == null ? List.<String>of() : enumValues).stream()
                    .map(v -> "'" + v.replace("'", "''") + "'").toList()) + ")";
            default -> type;
        };
    }

    /** H2 keeps enum values apart, keyed by the column's type descriptor. */
    private Map<String, List<String>> h2EnumValues(String schema) throws SQLException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT object_name, enum_identifier, value_name "
                + "FROM information_schema.enum_values WHERE object_schema = ? AND object_type = 'TABLE' "
                + "ORDER BY object_name, enum_identifier, value_ordinal")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1) + "." + rs.getString(2), k -> new ArrayList<>()).add(rs.getString(3));
                }
            }
        }
        return out;
    }

    private String primaryKey(String schema, String table, List<String> into) throws SQLException {
        Map<Integer, String> ordered = new TreeMap<>();
        String name = null;
        try (ResultSet rs = connection.getMetaData().getPrimaryKeys(catalog(), schemaArg(schema), table)) {
            while (rs.next()) {
                ordered.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
                name = rs.getString("PK_NAME");
            }
        }
        into.addAll(ordered.values());
        return name;
    }

    private List<Index> plainIndexes(String schema, String table, String pkName) throws SQLException {
        Map<String, Map<Integer, String>> columns = new TreeMap<>();
        Map<String, Boolean> unique = new LinkedHashMap<>();
        if (dialect.equals("h2")) {
            try (PreparedStatement ps = connection.prepareStatement("SELECT i.index_name, i.index_type_name, c.column_name, "
                    + "c.ordinal_position FROM information_schema.indexes i JOIN information_schema.index_columns c "
                    + "ON c.index_schema = i.index_schema AND c.index_name = i.index_name "
                    + "WHERE i.table_schema = ? AND i.table_name = ? AND i.index_type_name IN ('INDEX', 'UNIQUE INDEX') "
                    // a key's own index is left out; a foreign key may also reuse an index the migration made, which stays
                    + "AND NOT EXISTS (SELECT 1 FROM information_schema.table_constraints tc WHERE tc.index_schema = i.index_schema "
                    + "AND tc.index_name = i.index_name AND (tc.constraint_type <> 'FOREIGN KEY' "
                    + "OR i.index_name LIKE tc.constraint_name || '\\_INDEX\\_%'))")) {
                ps.setString(1, schema);
                ps.setString(2, table);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        columns.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getInt(4), rs.getString(3));
                        unique.put(rs.getString(1), rs.getString(2).startsWith("UNIQUE"));
                    }
                }
            }
        } else {
            try (ResultSet rs = connection.getMetaData().getIndexInfo(catalog(), schemaArg(schema), table, false, false)) {
                while (rs.next()) {
                    String name = rs.getString("INDEX_NAME");
                    String column = rs.getString("COLUMN_NAME");
                    if (name == null || column == null || name.equals(pkName) || name.equals("PRIMARY")) {
                        continue;
                    }
                    columns.computeIfAbsent(name, k -> new TreeMap<>()).put(rs.getInt("ORDINAL_POSITION"), column);
                    unique.put(name, !rs.getBoolean("NON_UNIQUE"));
                }
            }
        }
        List<Index> out = new ArrayList<>();
        columns.forEach((name, cols) -> out.add(new Index(name, List.copyOf(cols.values()), unique.get(name), null)));
        return out;
    }

    private Map<String, List<Index>> uniqueConstraints(String schema) throws SQLException {
        Map<String, Map<String, Map<Integer, String>>> byTable = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        try (PreparedStatement ps = connection.prepareStatement("SELECT tc.table_name, tc.constraint_name, k.column_name, "
                + "k.ordinal_position FROM information_schema.table_constraints tc JOIN information_schema.key_column_usage k "
                + "ON k.constraint_schema = tc.constraint_schema AND k.constraint_name = tc.constraint_name "
                + "AND k.table_name = tc.table_name WHERE tc.table_schema = ? AND tc.constraint_type = 'UNIQUE'")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byTable.computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
                            .computeIfAbsent(rs.getString(2), k -> new TreeMap<>()).put(rs.getInt(4), rs.getString(3));
                }
            }
        }
        Map<String, List<Index>> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byTable.forEach((table, constraints) -> constraints.forEach((name, cols) ->
                out.computeIfAbsent(table, k -> new ArrayList<>()).add(new Index(name, List.copyOf(cols.values()), true, null))));
        return out;
    }

    private List<ForeignKey> foreignKeys(String schema, String table) throws SQLException {
        Map<String, ForeignKeyParts> parts = new TreeMap<>();
        try (ResultSet rs = connection.getMetaData().getImportedKeys(catalog(), schemaArg(schema), table)) {
            while (rs.next()) {
                String name = rs.getString("FK_NAME");
                ForeignKeyParts p = parts.computeIfAbsent(name, k -> new ForeignKeyParts());
                p.referencedTable = rs.getString("PKTABLE_NAME");
                p.columns.put(rs.getInt("KEY_SEQ"), rs.getString("FKCOLUMN_NAME"));
                p.referenced.put(rs.getInt("KEY_SEQ"), rs.getString("PKCOLUMN_NAME"));
                p.onDelete = action(rs.getShort("DELETE_RULE"));
                p.onUpdate = action(rs.getShort("UPDATE_RULE"));
            }
        }
        List<ForeignKey> out = new ArrayList<>();
        parts.forEach((name, p) -> out.add(new ForeignKey(name, List.copyOf(p.columns.values()), p.referencedTable,
                List.copyOf(p.referenced.values()), p.onDelete, p.onUpdate, null)));
        return out;
    }

    private ReferentialAction action(short rule) {
        return switch (rule) {
            case DatabaseMetaData.importedKeyCascade -> ReferentialAction.CASCADE;
            case DatabaseMetaData.importedKeySetNull -> ReferentialAction.SET_NULL;
            case DatabaseMetaData.importedKeySetDefault -> ReferentialAction.SET_DEFAULT;
            // InnoDB treats NO ACTION as RESTRICT and reports either for the default
            case DatabaseMetaData.importedKeyRestrict -> mysql() ? ReferentialAction.NO_ACTION : ReferentialAction.RESTRICT;
            default -> ReferentialAction.NO_ACTION;
        };
    }

    private Map<String, List<Check>> checks(String schema) throws SQLException {
        if (!keepsChecks) {
            // MySQL before 8.0.16 has no information_schema.check_constraints: it keeps no checks
            return Map.of();
        }
        String sql = dialect.equals("postgresql")
                ? "SELECT rel.relname, con.conname, pg_get_constraintdef(con.oid) FROM pg_constraint con "
                + "JOIN pg_class rel ON rel.oid = con.conrelid JOIN pg_namespace ns ON ns.oid = rel.relnamespace "
                + "WHERE ns.nspname = ? AND con.contype = 'c'"
                : "SELECT tc.table_name, tc.constraint_name, cc.check_clause FROM information_schema.table_constraints tc "
                + "JOIN information_schema.check_constraints cc ON cc.constraint_schema = tc.constraint_schema "
                + "AND cc.constraint_name = tc.constraint_name" + (dialect.equals("mariadb") ? " AND cc.table_name = tc.table_name" : "")
                + " WHERE tc.table_schema = ? AND tc.constraint_type = 'CHECK'";
        Map<String, List<Check>> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String clause = rs.getString(3);
                    if (clause.regionMatches(true, 0, "CHECK ", 0, 6)) {
                        clause = clause.substring(6);
                    }
                    out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new Check(rs.getString(2), clause, null));
                }
            }
        }
        return out;
    }

    private String catalog() throws SQLException {
        return mysql() ? connection.getCatalog() : null;
    }

    private String schemaArg(String schema) {
        return mysql() ? null : schema;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static final class ForeignKeyParts {
        String referencedTable;
        final Map<Integer, String> columns = new TreeMap<>();
        final Map<Integer, String> referenced = new TreeMap<>();
        ReferentialAction onDelete;
        ReferentialAction onUpdate;
    }
}

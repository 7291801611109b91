package dev.retort.core.introspect;

import dev.retort.core.dialect.Catalog;
import dev.retort.core.dialect.Dialect;
import dev.retort.core.diff.SchemaDiffer;
import dev.retort.core.introspect.LiveSchema.LiveColumn;
import dev.retort.core.introspect.LiveSchema.LiveTable;
import dev.retort.core.model.Check;
import dev.retort.core.model.ForeignKey;
import dev.retort.core.model.Identifiers;
import dev.retort.core.model.Index;
import dev.retort.core.model.Schema;
import dev.retort.core.model.Sequence;
import dev.retort.core.model.Table;
import dev.retort.migration.ReferentialAction;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Reads the current schema of the connected database (the connection's own database or schema)
 * from its catalog: {@code information_schema} for tables, columns, unique constraints and checks,
 * JDBC {@link DatabaseMetaData} for primary keys, indexes and foreign keys, asking the dialect's
 * {@link Catalog} where a database keeps or spells them its own way. Bookkeeping tables
 * ({@code retort_*}) are left out.
 */
public final class SchemaReader {

    private final Connection connection;
    private final Catalog catalog;
    private final Dialect dialect;
    private final boolean keepsChecks;
    private String defaultSchema;

    public SchemaReader(Connection connection, Dialect dialect) {
        this.connection = connection;
        this.catalog = dialect.catalog();
        this.dialect = dialect;
        this.keepsChecks = dialect.keepsChecks();
    }

    /** The connection's default schema (database on MySQL/MariaDB) alone. */
    public LiveSchema read() throws SQLException {
        return read(Schema.EMPTY);
    }

    /**
     * The connection's default schema, and every other schema (database on MySQL/MariaDB) that a
     * table or sequence of {@code expected} is qualified by: their tables and sequences come back
     * named {@code schema.table}. A schema that does not exist contributes nothing.
     */
    public LiveSchema read(Schema expected) throws SQLException {
        defaultSchema = currentSchema();
        List<String> sequences = new ArrayList<>();
        List<LiveTable> tables = new ArrayList<>();
        read(defaultSchema, "", tables, sequences);
        List<LiveSchema.LiveType> types = new ArrayList<>();
        types(defaultSchema).forEach((name, attributes) -> types.add(new LiveSchema.LiveType(name, attributes)));
        Set<String> others = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        Stream.concat(
                        expected.tables().stream().map(Table::name),
                        expected.sequences().stream().map(Sequence::name))
                .map(dialect::namespacePart)
                .filter(Objects::nonNull)
                .map(Identifiers::text)
                .filter(ns -> !ns.equalsIgnoreCase(defaultSchema))
                .forEach(others::add);
        for (String ns : others) {
            String live = liveSchemaName(ns);
            if (live != null) {
                read(live, live + ".", tables, sequences);
            }
        }
        // the composite types of the other schemas the migrations create types in (@Struct(schema)), named schema.type
        Set<String> typeSchemas = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        expected.types().stream()
                .map(t -> dialect.namespacePart(t.name()))
                .filter(Objects::nonNull)
                .map(Identifiers::text)
                .filter(ns -> !ns.equalsIgnoreCase(defaultSchema))
                .forEach(typeSchemas::add);
        for (String ns : typeSchemas) {
            String live = liveSchemaName(ns);
            if (live != null) {
                types(live).forEach((name, attributes) -> types.add(new LiveSchema.LiveType(name, attributes)));
            }
        }
        if (catalog.sequencesAreTables()) {
            List<String> tablesAsSequences = tables.stream()
                    .filter(t -> t.columns().size() == 1
                            && t.columns().get(0).name().equalsIgnoreCase("next_val")
                            && t.primaryKey().isEmpty())
                    .map(LiveTable::name)
                    .toList();
            tables.removeIf(t -> tablesAsSequences.contains(t.name()));
            sequences.addAll(tablesAsSequences);
        }
        return new LiveSchema(tables, sequences, defaultSchema, types);
    }

    /**
     * The schema's composite types by name (qualified outside the connection's schema), their attributes in
     * order; none where the database has none.
     */
    private Map<String, List<LiveColumn>> types(String schema) throws SQLException {
        Map<String, List<LiveColumn>> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        String sql = catalog.typesQuery();
        if (sql == null) {
            return out;
        }
        Catalog.TypeReader types = catalog.typeReader(connection, schema);
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new LiveColumn(
                                    rs.getString(2), catalog.nativeType(types.type(rs)), true, false, null, null));
                }
            }
        }
        return out;
    }

    /** The schema's name as the database spells it (the exact spelling first, then ignoring case); null when missing. */
    private String liveSchemaName(String name) throws SQLException {
        String found = null;
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT schema_name FROM information_schema.schemata WHERE upper(schema_name) = upper(?)")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String s = rs.getString(1);
                    if (found == null || s.equals(name)) {
                        found = s;
                    }
                }
            }
        }
        return found;
    }

    private void read(String schema, String prefix, List<LiveTable> tables, List<String> allSequences)
            throws SQLException {
        List<String> sequences = sequences(schema);
        sequences.forEach(s -> allSequences.add(prefix + s));
        Map<String, List<LiveColumn>> columns = columns(schema);
        Map<String, List<Index>> uniques = uniqueConstraints(schema);
        Map<String, List<Check>> checks = checks(schema);
        Map<String, String> comments = tableComments(schema);
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
                boolean forForeignKey = catalog.indexesForeignKeys()
                        && !i.unique()
                        && fks.stream()
                                .anyMatch(fk -> fk.name().equalsIgnoreCase(i.name())
                                        && fk.columns().equals(i.columns()));
                if (!constraint && !forForeignKey) {
                    indexes.add(i);
                }
            }
            tables.add(new LiveTable(
                    prefix + table,
                    columns.getOrDefault(table, List.of()),
                    pk,
                    indexes,
                    fks,
                    checks.getOrDefault(table, List.of()),
                    comments.get(table)));
        }
    }

    private String currentSchema() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(catalog.currentSchemaQuery());
                ResultSet rs = ps.executeQuery()) {
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
        String sql = catalog.sequencesQuery();
        List<String> out = new ArrayList<>();
        if (sql == null) {
            return out;
        }
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!catalog.identitySequence(rs.getString(1))) {
                        out.add(rs.getString(1));
                    }
                }
            }
        }
        return out;
    }

    private Map<String, List<LiveColumn>> columns(String schema) throws SQLException {
        Catalog.TypeReader types = catalog.typeReader(connection, schema);
        Map<String, List<LiveColumn>> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        try (PreparedStatement ps = connection.prepareStatement(catalog.columnsQuery())) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String table = rs.getString(1);
                    String type = types.type(rs);
                    boolean identity = rs.getBoolean(6);
                    String def = rs.getString(5);
                    out.computeIfAbsent(table, k -> new ArrayList<>())
                            .add(new LiveColumn(
                                    rs.getString(2),
                                    catalog.nativeType(type),
                                    "YES".equalsIgnoreCase(rs.getString(4)),
                                    identity,
                                    identity ? null : def,
                                    emptyToNull(rs.getString(7))));
                }
            }
        }
        return out;
    }

    private String primaryKey(String schema, String table, List<String> into) throws SQLException {
        Map<Integer, String> ordered = new TreeMap<>();
        String name = null;
        try (ResultSet rs = connection.getMetaData().getPrimaryKeys(catalog(schema), schemaArg(schema), table)) {
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
        Map<String, List<String>> descending = new TreeMap<>();
        String sql = catalog.indexesQuery();
        if (sql != null) {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                ps.setString(1, schema);
                ps.setString(2, table);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        columns.computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
                                .put(rs.getInt(4), rs.getString(3));
                        unique.put(rs.getString(1), rs.getBoolean(2));
                        if (rs.getBoolean(5)) {
                            descending
                                    .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                                    .add(rs.getString(3));
                        }
                    }
                }
            }
        } else {
            try (ResultSet rs =
                    connection.getMetaData().getIndexInfo(catalog(schema), schemaArg(schema), table, false, false)) {
                while (rs.next()) {
                    String name = rs.getString("INDEX_NAME");
                    String column = rs.getString("COLUMN_NAME");
                    if (name == null || column == null || name.equals(pkName) || name.equals("PRIMARY")) {
                        continue;
                    }
                    columns.computeIfAbsent(name, k -> new TreeMap<>()).put(rs.getInt("ORDINAL_POSITION"), column);
                    unique.put(name, !rs.getBoolean("NON_UNIQUE"));
                    // 'D' where the database keeps the column descending (MySQL 8, MariaDB 10.8+, PostgreSQL)
                    if ("D".equals(rs.getString("ASC_OR_DESC"))) {
                        descending.computeIfAbsent(name, k -> new ArrayList<>()).add(column);
                    }
                }
            }
        }
        List<Index> out = new ArrayList<>();
        columns.forEach((name, cols) -> out.add(new Index(
                name, List.copyOf(cols.values()), unique.get(name), null, descending.getOrDefault(name, List.of()))));
        return out;
    }

    private Map<String, List<Index>> uniqueConstraints(String schema) throws SQLException {
        Map<String, Map<String, Map<Integer, String>>> byTable = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        String columns = catalog.uniqueColumnsJoin();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT tc.table_name, tc.constraint_name, k.column_name, "
                        + "k.ordinal_position FROM information_schema.table_constraints tc " + columns
                        + "AND k.table_name = tc.table_name WHERE tc.table_schema = ? AND tc.constraint_type = 'UNIQUE'")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byTable.computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
                            .computeIfAbsent(rs.getString(2), k -> new TreeMap<>())
                            .put(rs.getInt(4), rs.getString(3));
                }
            }
        }
        Map<String, List<Index>> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byTable.forEach((table, constraints) ->
                constraints.forEach((name, cols) -> out.computeIfAbsent(table, k -> new ArrayList<>())
                        .add(new Index(name, List.copyOf(cols.values()), true, null))));
        return out;
    }

    private List<ForeignKey> foreignKeys(String schema, String table) throws SQLException {
        Map<String, ForeignKeyParts> parts = new TreeMap<>();
        try (ResultSet rs = connection.getMetaData().getImportedKeys(catalog(schema), schemaArg(schema), table)) {
            while (rs.next()) {
                String name = rs.getString("FK_NAME");
                ForeignKeyParts p = parts.computeIfAbsent(name, k -> new ForeignKeyParts());
                // a key to a table of another schema (database on MySQL/MariaDB) names it qualified
                String ns = rs.getString(dialect.usesSchema() ? "PKTABLE_SCHEM" : "PKTABLE_CAT");
                p.referencedTable = ns == null || ns.equalsIgnoreCase(defaultSchema)
                        ? rs.getString("PKTABLE_NAME")
                        : ns + "." + rs.getString("PKTABLE_NAME");
                p.columns.put(rs.getInt("KEY_SEQ"), rs.getString("FKCOLUMN_NAME"));
                p.referenced.put(rs.getInt("KEY_SEQ"), rs.getString("PKCOLUMN_NAME"));
                p.onDelete = action(rs.getShort("DELETE_RULE"));
                p.onUpdate = action(rs.getShort("UPDATE_RULE"));
            }
        }
        List<ForeignKey> out = new ArrayList<>();
        parts.forEach((name, p) -> out.add(new ForeignKey(
                name,
                List.copyOf(p.columns.values()),
                p.referencedTable,
                List.copyOf(p.referenced.values()),
                p.onDelete,
                p.onUpdate,
                null)));
        return out;
    }

    private ReferentialAction action(short rule) {
        return switch (rule) {
            case DatabaseMetaData.importedKeyCascade -> ReferentialAction.CASCADE;
            case DatabaseMetaData.importedKeySetNull -> ReferentialAction.SET_NULL;
            case DatabaseMetaData.importedKeySetDefault -> ReferentialAction.SET_DEFAULT;
            case DatabaseMetaData.importedKeyRestrict -> catalog.restrict();
            default -> ReferentialAction.NO_ACTION;
        };
    }

    private Map<String, List<Check>> checks(String schema) throws SQLException {
        if (!keepsChecks) {
            // MySQL before 8.0.16 has no information_schema.check_constraints: it keeps no checks
            return Map.of();
        }
        Map<String, List<Check>> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        try (PreparedStatement ps = connection.prepareStatement(catalog.checksQuery())) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String clause = rs.getString(3);
                    if (clause.regionMatches(true, 0, "CHECK ", 0, 6)) {
                        clause = clause.substring(6);
                    }
                    out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new Check(rs.getString(2), clause, null));
                }
            }
        }
        return out;
    }

    private Map<String, String> tableComments(String schema) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (PreparedStatement ps = connection.prepareStatement(catalog.tableCommentsQuery())) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String comment = emptyToNull(rs.getString(2));
                    if (comment != null) {
                        out.put(rs.getString(1), comment);
                    }
                }
            }
        }
        return out;
    }

    /** JDBC's catalog argument: the schema read where the database calls it a catalog (MySQL, MariaDB). */
    private String catalog(String schema) throws SQLException {
        return catalog.jdbcCatalog(connection) == null ? null : schema;
    }

    private String schemaArg(String schema) {
        return catalog.jdbcSchema(schema);
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

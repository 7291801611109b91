package dev.retort.core.h2;

import dev.retort.core.dialect.Catalog;
import dev.retort.core.dialect.CatalogTypes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * H2's catalog: type names and sizes apart, enum values in their own view, sequences listed for
 * identity columns too, and plain indexes read from {@code information_schema} (its JDBC metadata
 * lists the indexes behind constraints as well).
 */
public class H2Catalog implements Catalog {

    @Override
    public String currentSchemaQuery() {
        return "SELECT SCHEMA()";
    }

    @Override
    public boolean identitySequence(String name) {
        return name.toUpperCase(Locale.ROOT).startsWith("SYSTEM_SEQUENCE_");
    }

    @Override
    public String columnsQuery() {
        return "SELECT c.table_name, c.column_name, c.data_type, c.is_nullable, c.column_default, "
                + "c.is_identity = 'YES', c.remarks, c.character_maximum_length, c.numeric_precision, c.numeric_scale, "
                + "c.datetime_precision, c.dtd_identifier, c.interval_type, c.interval_precision "
                + "FROM information_schema.columns c WHERE c.table_schema = ? "
                + "ORDER BY c.table_name, c.ordinal_position";
    }

    /** H2 keeps enum values apart, keyed by the column's type descriptor ({@code dtd_identifier}). */
    @Override
    public TypeReader typeReader(Connection connection, String schema) throws SQLException {
        Map<String, List<String>> enumValues = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT object_name, enum_identifier, value_name "
                + "FROM information_schema.enum_values WHERE object_schema = ? AND object_type = 'TABLE' "
                + "ORDER BY object_name, enum_identifier, value_ordinal")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    enumValues
                            .computeIfAbsent(rs.getString(1) + "." + rs.getString(2), k -> new ArrayList<>())
                            .add(rs.getString(3));
                }
            }
        }
        // an array's element type is kept apart too, keyed by the array's type descriptor
        Map<String, String> elements = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT object_name, collection_type_identifier, "
                        + "data_type, 4, 5, 6, 7, character_maximum_length, numeric_precision, numeric_scale, datetime_precision, "
                        + "dtd_identifier FROM information_schema.element_types WHERE object_schema = ? AND object_type = 'TABLE'")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    elements.put(
                            rs.getString(1) + "." + rs.getString(2),
                            CatalogTypes.compose(rs, enumValues.get(rs.getString(1) + "." + rs.getString(12))));
                }
            }
        }
        return rs -> {
            if ("ARRAY".equalsIgnoreCase(rs.getString(3))) {
                return elements.get(rs.getString(1) + "." + rs.getString(12)) + " array";
            }
            if ("INTERVAL".equalsIgnoreCase(rs.getString(3))) {
                // the fields apart, the leading digits as interval_precision, the fractional ones as datetime_precision
                return "interval " + rs.getString(13).toLowerCase(Locale.ROOT) + "(" + rs.getInt(14) + ","
                        + rs.getInt(11) + ")";
            }
            return CatalogTypes.compose(rs, enumValues.get(rs.getString(1) + "." + rs.getString(12)));
        };
    }

    @Override
    public String nativeType(String type) {
        String t = CatalogTypes.tidy(type);
        if (t.endsWith(" array")) {
            return nativeType(t.substring(0, t.length() - " array".length())) + " array";
        }
        int p = CatalogTypes.floatPrecision(t);
        if (p >= 0) {
            return p <= 24 ? "real" : "double precision";
        }
        return switch (t) {
            case "double", "float" -> "double precision";
            case "int" -> "integer";
            case "character large object" -> "clob";
            case "float(24)" -> "real";
            case "binary large object" -> "blob";
            default ->
                t.replace("character varying", "varchar")
                        .replace("binary varying", "varbinary")
                        .replace("decimal", "numeric")
                        .replaceAll("^character\\(", "char(");
        };
    }

    @Override
    public String indexesQuery() {
        return "SELECT i.index_name, i.index_type_name = 'UNIQUE INDEX', c.column_name, "
                + "c.ordinal_position, c.ordering_specification = 'DESC' FROM information_schema.indexes i JOIN information_schema.index_columns c "
                + "ON c.index_schema = i.index_schema AND c.index_name = i.index_name "
                + "WHERE i.table_schema = ? AND i.table_name = ? AND i.index_type_name IN ('INDEX', 'UNIQUE INDEX') "
                // an index of a key or unique constraint is the constraint's; an index H2 made for a foreign key is
                // named <key>_INDEX_<n>, but an index created before the key, which H2 then uses for it, is the user's
                + "AND NOT EXISTS (SELECT 1 FROM information_schema.table_constraints tc WHERE tc.index_schema = i.index_schema "
                + "AND tc.index_name = i.index_name AND (tc.constraint_type <> 'FOREIGN KEY' "
                + "OR LEFT(i.index_name, LENGTH(tc.constraint_name) + 7) = tc.constraint_name || '_INDEX_'))";
    }

    /** H2 2.3 keeps a renamed column's old name in key_column_usage; the constraint's index has the new one. */
    @Override
    public String uniqueColumnsJoin() {
        return "JOIN information_schema.index_columns k ON k.index_schema = tc.index_schema AND k.index_name = tc.index_name ";
    }
}

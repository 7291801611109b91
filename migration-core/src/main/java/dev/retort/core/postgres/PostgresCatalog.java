package dev.retort.core.postgres;

import dev.retort.core.dialect.Catalog;
import dev.retort.core.dialect.CatalogTypes;
import java.sql.Connection;

/**
 * PostgreSQL's catalog: type names and sizes apart in {@code information_schema.columns} (user
 * types under {@code udt_name}), comments and checks from {@code pg_catalog}, and the check an
 * enum column's type carries.
 */
public class PostgresCatalog implements Catalog {

    @Override
    public String currentSchemaQuery() {
        return "SELECT current_schema()";
    }

    @Override
    public String tableCommentsQuery() {
        return "SELECT c.relname, obj_description(c.oid, 'pg_class') FROM pg_class c "
                + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind IN ('r', 'p')";
    }

    @Override
    public String columnsQuery() {
        // an interval with fields names them in interval_type (SECOND(6))
        return "SELECT c.table_name, c.column_name, CASE WHEN " + composite("c.udt_schema", "c.udt_name")
                + " THEN c.udt_schema || '.' || c.udt_name WHEN c.data_type IN ('USER-DEFINED', 'ARRAY') "
                + "THEN c.udt_name WHEN c.data_type = 'interval' AND c.interval_type IS NOT NULL "
                + "THEN 'interval ' || lower(c.interval_type) ELSE c.data_type END, c.is_nullable, c.column_default, "
                + "c.is_identity = 'YES' OR coalesce(c.column_default, '') LIKE 'nextval(%', "
                + "col_description(format('%I.%I', c.table_schema, c.table_name)::regclass, c.ordinal_position::int), "
                + "c.character_maximum_length, c.numeric_precision, c.numeric_scale, c.datetime_precision "
                + "FROM information_schema.columns c WHERE c.table_schema = ? ORDER BY c.table_name, c.ordinal_position";
    }

    /**
     * True (as SQL) for a composite type outside the connection's schema: named {@code schema.type}, as the
     * migrations name a struct in another schema ({@code @Struct(schema)}); one in it keeps its plain name.
     */
    private static String composite(String schema, String name) {
        return schema + " <> current_schema() AND EXISTS (SELECT 1 FROM pg_catalog.pg_type ct "
                + "JOIN pg_catalog.pg_namespace cn ON cn.oid = ct.typnamespace WHERE cn.nspname = " + schema
                + " AND ct.typname = " + name + " AND ct.typtype = 'c')";
    }

    /**
     * The attributes of composite types that are no table's row type (PostgreSQL makes one per table);
     * a type outside the connection's schema named {@code schema.type}.
     */
    @Override
    public String typesQuery() {
        return "SELECT CASE WHEN a.udt_schema <> current_schema() THEN a.udt_schema || '.' || a.udt_name "
                + "ELSE a.udt_name END, a.attribute_name, CASE WHEN "
                + composite("a.attribute_udt_schema", "a.attribute_udt_name")
                + " THEN a.attribute_udt_schema || '.' || a.attribute_udt_name "
                + "WHEN a.data_type IN ('USER-DEFINED', 'ARRAY') THEN a.attribute_udt_name ELSE a.data_type END, a.is_nullable, NULL, false, NULL, "
                + "a.character_maximum_length, a.numeric_precision, a.numeric_scale, a.datetime_precision "
                + "FROM information_schema.attributes a JOIN pg_catalog.pg_namespace n ON n.nspname = a.udt_schema "
                + "JOIN pg_catalog.pg_type t ON t.typnamespace = n.oid AND t.typname = a.udt_name "
                + "JOIN pg_catalog.pg_class c ON c.oid = t.typrelid AND c.relkind = 'c' "
                + "WHERE a.udt_schema = ? ORDER BY a.udt_name, a.ordinal_position";
    }

    @Override
    public TypeReader typeReader(Connection connection, String schema) {
        return rs -> CatalogTypes.compose(rs, null);
    }

    /** An array type as the catalog names it: its element's internal name after an underscore, without sizes. */
    private static final java.util.Map<String, String> ARRAY_ELEMENTS = java.util.Map.ofEntries(
            java.util.Map.entry("varchar", "varchar"),
            java.util.Map.entry("char", "bpchar"),
            java.util.Map.entry("smallint", "int2"),
            java.util.Map.entry("integer", "int4"),
            java.util.Map.entry("bigint", "int8"),
            java.util.Map.entry("boolean", "bool"),
            java.util.Map.entry("real", "float4"),
            java.util.Map.entry("double precision", "float8"),
            java.util.Map.entry("numeric", "numeric"),
            java.util.Map.entry("date", "date"),
            java.util.Map.entry("time", "time"),
            java.util.Map.entry("timestamp", "timestamp"),
            java.util.Map.entry("timestamp with time zone", "timestamptz"),
            java.util.Map.entry("uuid", "uuid"),
            java.util.Map.entry("bytea", "bytea"),
            java.util.Map.entry("text", "text"),
            java.util.Map.entry("jsonb", "jsonb"));

    @Override
    public String nativeType(String type) {
        String t = CatalogTypes.tidy(type);
        if (t.startsWith("_")) {
            // an array as the catalog names it
            return t;
        }
        if (t.endsWith(" array")) {
            String element =
                    nativeType(t.substring(0, t.length() - " array".length())).replaceAll("\\(\\d+(,\\d+)?\\)", "");
            return "_" + ARRAY_ELEMENTS.getOrDefault(element, element);
        }
        int p = CatalogTypes.floatPrecision(t);
        if (p >= 0) {
            return p <= 24 ? "real" : "double precision";
        }
        return switch (t) {
            case "float4" -> "real";
            case "float8", "float" -> "double precision";
            case "int2" -> "smallint";
            case "int", "int4" -> "integer";
            case "int8" -> "bigint";
            case "bool" -> "boolean";
            default ->
                t.replace("character varying", "varchar")
                        .replace("timestamptz", "timestamp with time zone")
                        .replaceAll("^character\\(", "char(");
        };
    }

    @Override
    public String checksQuery() {
        return "SELECT rel.relname, con.conname, pg_get_constraintdef(con.oid) FROM pg_constraint con "
                + "JOIN pg_class rel ON rel.oid = con.conrelid JOIN pg_namespace ns ON ns.oid = rel.relnamespace "
                + "WHERE ns.nspname = ? AND con.contype = 'c'";
    }

    @Override
    public String enumCheckName(String table, String column) {
        return PostgresDialect.enumCheckName(table, column);
    }

    @Override
    public String unfinishedQuery() {
        return "SELECT x.relname FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid "
                + "WHERE NOT i.indisvalid AND x.relnamespace = current_schema()::regnamespace "
                + "UNION SELECT conname FROM pg_constraint "
                + "WHERE NOT convalidated AND connamespace = current_schema()::regnamespace";
    }
}

package dev.retort.core.mysql;

import dev.retort.core.dialect.Catalog;
import dev.retort.core.dialect.CatalogTypes;
import dev.retort.migration.ReferentialAction;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * MySQL's catalog: one database per schema (JDBC's catalog argument), no sequences (Retort keeps
 * one-row tables instead), the whole type in {@code column_type}, indexes made for foreign keys,
 * and string defaults shown with backslash escapes. MariaDB's extends it.
 */
public class MySqlCatalog implements Catalog {

    private static final Pattern INT_WIDTH =
            Pattern.compile("\\b(tinyint|smallint|mediumint|int|integer|bigint)\\(\\d+\\)");
    private static final Pattern ZERO_PRECISION = Pattern.compile("^(time|datetime|timestamp)\\(0\\)");
    /** A column's character set and collation: {@code column_type} shows neither. */
    private static final Pattern CHARSET = Pattern.compile(" (character set|charset|collate) \\w+");

    @Override
    public String currentSchemaQuery() {
        return "SELECT DATABASE()";
    }

    @Override
    public String sequencesQuery() {
        return null;
    }

    @Override
    public boolean sequencesAreTables() {
        return true;
    }

    @Override
    public String tableCommentsQuery() {
        return "SELECT table_name, table_comment FROM information_schema.tables WHERE table_schema = ?";
    }

    @Override
    public String columnsQuery() {
        return "SELECT table_name, column_name, column_type, is_nullable, column_default, "
                + "extra LIKE '%auto_increment%', column_comment FROM information_schema.columns WHERE table_schema = ? "
                + "ORDER BY table_name, ordinal_position";
    }

    @Override
    public TypeReader typeReader(Connection connection, String schema) {
        return rs -> rs.getString(3);
    }

    @Override
    public String nativeType(String type) {
        String t = INT_WIDTH
                .matcher(CHARSET.matcher(CatalogTypes.tidy(type)).replaceAll(""))
                .replaceAll("$1")
                .replace(" unsigned zerofill", " unsigned");
        if (t.equals("real")) {
            t = "double";
        }
        if (t.equals("integer")) {
            t = "int";
        }
        if (t.equals("bit(1)")) {
            t = "bit";
        }
        if (t.startsWith("numeric")) {
            t = "decimal" + t.substring("numeric".length());
        }
        int p = CatalogTypes.floatPrecision(t);
        if (p >= 0) {
            t = p <= 24 ? "float" : "double";
        }
        return ZERO_PRECISION.matcher(t).replaceAll("$1");
    }

    @Override
    public boolean indexesForeignKeys() {
        return true;
    }

    @Override
    public String jdbcCatalog(Connection connection) throws SQLException {
        return connection.getCatalog();
    }

    @Override
    public String jdbcSchema(String schema) {
        return null;
    }

    /** InnoDB treats NO ACTION as RESTRICT and reports either for the default. */
    @Override
    public ReferentialAction restrict() {
        return ReferentialAction.NO_ACTION;
    }

    @Override
    public boolean backslashEscapes() {
        return true;
    }
}

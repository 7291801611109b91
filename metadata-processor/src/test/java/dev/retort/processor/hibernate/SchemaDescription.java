package dev.retort.processor.hibernate;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A database's schema as the database itself reports it (JDBC metadata, and the catalog views for
 * what JDBC does not tell: exact column types, check constraints, sequences), one fact a line.
 * Constraint and index names are left out: two schemas are the same when they constrain the same
 * columns the same way, whatever the constraints are called. Column order is left out too, and the
 * columns of keys and indexes are listed sorted (Hibernate orders them by storage size per dialect).
 */
final class SchemaDescription {

    /** {@code in ('a','b')}, and PostgreSQL's {@code = ANY (ARRAY['a','b'])}. */
    private static final Pattern IN_LIST = Pattern.compile("(?:in\\s*\\(|array\\[)([^()\\[\\]]*)[)\\]]");

    private SchemaDescription() {}

    /**
     * The default schema (database on MySQL/MariaDB), and on PostgreSQL and H2 every other schema
     * that holds a table or sequence: its facts name the schema ({@code table sales.invoice}), so a
     * table in the wrong schema is a difference.
     */
    static List<String> describe(Db db, Connection c) throws SQLException {
        boolean mysql = db == Db.MARIADB || db == Db.MYSQL;
        String home = switch (db) {
            case H2 -> "PUBLIC";
            case POSTGRESQL -> "public";
            case MARIADB, MYSQL -> c.getCatalog();
        };
        List<String> lines = new ArrayList<>();
        describe(db, c, home, "", home, lines);
        if (!mysql) {
            List<String> others = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT schema_name FROM information_schema.schemata WHERE"
                            + " lower(schema_name) NOT IN ('public', 'information_schema', 'pg_catalog', 'pg_toast')"
                            + " AND schema_name NOT LIKE 'pg_%'")) {
                while (rs.next()) {
                    others.add(rs.getString(1));
                }
            }
            for (String other : others) {
                describe(db, c, other, other.toLowerCase(Locale.ROOT) + ".", home, lines);
            }
        }
        lines.sort(null);
        return lines;
    }

    /** The facts of schema {@code ns} (database on MySQL/MariaDB), its tables named {@code prefix + table}. */
    private static void describe(Db db, Connection c, String ns, String prefix, String home, List<String> lines)
            throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        boolean mysql = db == Db.MARIADB || db == Db.MYSQL;
        String catalog = mysql ? ns : null;
        String schema = mysql ? null : ns;
        List<String> sequences = sequences(db, c, ns, prefix);
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = meta.getTables(catalog, schema, "%", new String[] {"TABLE", "BASE TABLE"})) {
            while (rs.next()) {
                String table = rs.getString("TABLE_NAME");
                // MySQL Connector/J lists MariaDB's sequences as tables
                if (sequences.stream().noneMatch(seq -> seq.startsWith("sequence " + prefix + table + " "))) {
                    tables.add(table);
                    String remarks = rs.getString("REMARKS");
                    if (remarks != null && !remarks.isEmpty()) {
                        lines.add("comment " + prefix + table + " " + remarks);
                    }
                }
            }
        }
        Map<String, String> exactTypes = exactTypes(db, c, ns);
        for (String table : tables) {
            lines.add("table " + prefix + table);
            try (ResultSet rs = meta.getColumns(catalog, schema, table, "%")) {
                while (rs.next()) {
                    String column = rs.getString("COLUMN_NAME");
                    String exact = exactTypes.get(table + "." + column);
                    String type = exact != null
                            ? exact
                            : rs.getString("TYPE_NAME") + "(" + rs.getInt("COLUMN_SIZE") + ","
                                    + rs.getInt("DECIMAL_DIGITS") + ")";
                    lines.add("column " + prefix + table + "." + column + " " + type
                            + (rs.getInt("NULLABLE") == DatabaseMetaData.columnNoNulls ? " not null" : " null")
                            + " default=" + normalizeDefault(rs.getString("COLUMN_DEF"))
                            + ("YES".equals(rs.getString("IS_AUTOINCREMENT")) ? " generated" : "")
                            + (rs.getString("REMARKS") == null
                                            || rs.getString("REMARKS").isEmpty()
                                    ? ""
                                    : " comment=" + rs.getString("REMARKS")));
                }
            }
            List<String> primaryKey = new ArrayList<>();
            try (ResultSet rs = meta.getPrimaryKeys(catalog, schema, table)) {
                while (rs.next()) {
                    primaryKey.add(rs.getString("COLUMN_NAME"));
                }
            }
            primaryKey.sort(null);
            if (!primaryKey.isEmpty()) {
                lines.add("primary key " + prefix + table + " " + primaryKey);
            }
            Map<String, List<String>> foreignKeys = new TreeMap<>();
            Map<String, String> deleteRules = new TreeMap<>();
            try (ResultSet rs = meta.getImportedKeys(catalog, schema, table)) {
                while (rs.next()) {
                    String name = rs.getString("FK_NAME");
                    // a key into another schema names it
                    String into = rs.getString(mysql ? "PKTABLE_CAT" : "PKTABLE_SCHEM");
                    String referenced = into == null || into.equals(home)
                            ? rs.getString("PKTABLE_NAME")
                            : into.toLowerCase(Locale.ROOT) + "." + rs.getString("PKTABLE_NAME");
                    foreignKeys
                            .computeIfAbsent(name, k -> new ArrayList<>())
                            .add(rs.getString("FKCOLUMN_NAME") + "->" + referenced + "."
                                    + rs.getString("PKCOLUMN_NAME"));
                    deleteRules.put(
                            name,
                            switch (rs.getShort("DELETE_RULE")) {
                                case DatabaseMetaData.importedKeyCascade -> "cascade";
                                case DatabaseMetaData.importedKeySetNull -> "set null";
                                case DatabaseMetaData.importedKeySetDefault -> "set default";
                                default -> "no action";
                            });
                }
            }
            Map<String, List<String>> indexes = new TreeMap<>();
            Map<String, Boolean> unique = new TreeMap<>();
            try (ResultSet rs = meta.getIndexInfo(catalog, schema, table, false, false)) {
                while (rs.next()) {
                    if (rs.getShort("TYPE") == DatabaseMetaData.tableIndexStatistic
                            || rs.getString("INDEX_NAME") == null) {
                        continue;
                    }
                    String name = rs.getString("INDEX_NAME");
                    // a descending column is a fact of the index (Hibernate's columnList "a desc")
                    indexes.computeIfAbsent(name, k -> new ArrayList<>())
                            .add(rs.getString("COLUMN_NAME")
                                    + ("D".equals(rs.getString("ASC_OR_DESC")) ? " desc" : ""));
                    unique.put(name, !rs.getBoolean("NON_UNIQUE"));
                }
            }
            for (Map.Entry<String, List<String>> index : indexes.entrySet()) {
                List<String> columns = new ArrayList<>(index.getValue());
                columns.sort(null);
                boolean isUnique = unique.get(index.getKey());
                if (isUnique && columns.equals(primaryKey)
                        || !isUnique && implicit(index.getKey(), foreignKeys.keySet())) {
                    continue;
                }
                lines.add((isUnique ? "unique " : "index ") + prefix + table + " " + columns);
            }
            for (Map.Entry<String, List<String>> fk : foreignKeys.entrySet()) {
                List<String> pairs = new ArrayList<>(fk.getValue());
                pairs.sort(null);
                lines.add("foreign key " + prefix + table + " " + pairs + " on delete " + deleteRules.get(fk.getKey()));
            }
        }
        lines.addAll(checks(db, c, ns, prefix));
        lines.addAll(sequences);
        lines.addAll(compositeTypes(db, c, ns, prefix));
    }

    /**
     * PostgreSQL's user-defined composite types (Hibernate's {@code @Struct}): one fact per attribute, with
     * its position and exact type, so a missing, extra, retyped or reordered attribute differs.
     */
    private static List<String> compositeTypes(Db db, Connection c, String ns, String prefix) throws SQLException {
        List<String> lines = new ArrayList<>();
        if (db != Db.POSTGRESQL) {
            return lines;
        }
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT t.typname, a.attnum, a.attname, format_type(a.atttypid,"
                        + " a.atttypmod) FROM pg_type t JOIN pg_class k ON k.oid = t.typrelid JOIN pg_namespace n ON"
                        + " n.oid = t.typnamespace JOIN pg_attribute a ON a.attrelid = k.oid WHERE k.relkind = 'c'"
                        + " AND n.nspname = '" + ns + "' AND a.attnum > 0 AND NOT a.attisdropped")) {
            while (rs.next()) {
                lines.add("type " + prefix + rs.getString(1) + " attribute " + rs.getInt(2) + " " + rs.getString(3)
                        + " " + rs.getString(4));
            }
        }
        return lines;
    }

    /**
     * An index MariaDB or H2 made for a foreign key by itself (named after the constraint). It follows
     * the key's column order, which follows the referenced primary key's: that order is Hibernate's
     * storage-size order in one schema and declaration order in the other, so such an index exists,
     * or not, depending on whether another index already covers the columns. It is the database's
     * business, not the mapping's.
     */
    private static boolean implicit(String index, java.util.Set<String> foreignKeys) {
        return foreignKeys.stream()
                .anyMatch(fk -> index.toLowerCase(Locale.ROOT).startsWith(fk.toLowerCase(Locale.ROOT)));
    }

    /** Column types as the database spells them in its catalog, where JDBC's TYPE_NAME is too coarse. */
    private static Map<String, String> exactTypes(Db db, Connection c, String ns) throws SQLException {
        Map<String, String> types = new TreeMap<>();
        String sql = switch (db) {
            // with the column's character set, which COLUMN_TYPE leaves out
            case MARIADB, MYSQL ->
                "SELECT TABLE_NAME, COLUMN_NAME, CONCAT(COLUMN_TYPE, COALESCE(CONCAT(' character set ', CHARACTER_SET_NAME), ''))"
                        + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '" + ns + "'";
            case POSTGRESQL ->
                "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a"
                        + " JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = '" + ns + "' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped";
            case H2 ->
                "SELECT c.TABLE_NAME, c.COLUMN_NAME, c.DATA_TYPE || coalesce('(' || c.CHARACTER_MAXIMUM_LENGTH || ')', '')"
                        + " || coalesce('(' || c.NUMERIC_PRECISION || ',' || c.NUMERIC_SCALE || ')', '')"
                        + " || coalesce(' p' || c.DATETIME_PRECISION, '')"
                        + " || coalesce(' ' || c.INTERVAL_TYPE || '(' || c.INTERVAL_PRECISION || ')', '')"
                        + " || coalesce((SELECT ' values ' || listagg(e.VALUE_NAME, ',') WITHIN GROUP (ORDER BY e.VALUE_ORDINAL)"
                        + " FROM INFORMATION_SCHEMA.ENUM_VALUES e WHERE e.OBJECT_SCHEMA = c.TABLE_SCHEMA AND e.OBJECT_NAME = c.TABLE_NAME"
                        + " AND e.ENUM_IDENTIFIER = c.DTD_IDENTIFIER), '')"
                        + " FROM INFORMATION_SCHEMA.COLUMNS c WHERE c.TABLE_SCHEMA = '" + ns + "'";
        };
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                types.put(rs.getString(1) + "." + rs.getString(2), rs.getString(3));
            }
        }
        return types;
    }

    private static List<String> checks(Db db, Connection c, String ns, String prefix) throws SQLException {
        if (db == Db.MYSQL
                && !dev.retort.core.dialect.Dialects.detect(c.getMetaData()).keepsChecks()) {
            // MySQL before 8.0.16 keeps no checks, Hibernate's nor Retort's; the embedded 8.0.31 and a server
            // named by RETORT_TEST_MYSQL_URL compare them
            return List.of();
        }
        String sql = switch (db) {
            case MARIADB ->
                "SELECT TABLE_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = '"
                        + ns + "'";
            case MYSQL ->
                "SELECT tc.TABLE_NAME, cc.CHECK_CLAUSE FROM information_schema.TABLE_CONSTRAINTS tc"
                        + " JOIN information_schema.CHECK_CONSTRAINTS cc ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA"
                        + " AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME"
                        + " WHERE tc.CONSTRAINT_TYPE = 'CHECK' AND tc.TABLE_SCHEMA = '" + ns + "'";
            case POSTGRESQL ->
                "SELECT (SELECT relname FROM pg_class WHERE oid = conrelid), pg_get_constraintdef(oid) FROM pg_constraint"
                        + " WHERE contype = 'c' AND connamespace = '" + ns + "'::regnamespace";
            case H2 ->
                "SELECT tc.TABLE_NAME, cc.CHECK_CLAUSE FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS tc"
                        + " JOIN INFORMATION_SCHEMA.CHECK_CONSTRAINTS cc ON tc.CONSTRAINT_NAME = cc.CONSTRAINT_NAME"
                        + " AND tc.CONSTRAINT_SCHEMA = cc.CONSTRAINT_SCHEMA"
                        + " WHERE tc.CONSTRAINT_TYPE = 'CHECK' AND tc.TABLE_SCHEMA = '" + ns + "'";
        };
        List<String> lines = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                lines.add("check " + prefix + rs.getString(1) + " " + normalizeCheck(rs.getString(2)));
            }
        }
        return lines;
    }

    /**
     * A check condition with the spelling differences that do not change its meaning removed:
     * case, quotes, parentheses, blanks, the order of an IN list and of a chain of ANDs.
     */
    static String normalizeCheck(String clause) {
        String text = clause.toLowerCase(Locale.ROOT)
                .replace("`", "")
                .replace("\"", "")
                .replaceAll("::[a-z ]+(\\[\\])?", "")
                .replaceAll("^check\\s*", "");
        Matcher m = IN_LIST.matcher(text);
        StringBuilder sorted = new StringBuilder();
        while (m.find()) {
            String[] items = m.group(1).split(",");
            for (int i = 0; i < items.length; i++) {
                items[i] = items[i].trim();
            }
            Arrays.sort(items);
            m.appendReplacement(sorted, Matcher.quoteReplacement("in [" + String.join(",", items) + "]"));
        }
        m.appendTail(sorted);
        String flat = sorted.toString()
                .replaceAll("[()]", " ")
                .replaceAll("\\s+", " ")
                .trim();
        if (!flat.contains(" or ")) {
            String[] parts = flat.split(" and ");
            for (int i = 0; i < parts.length; i++) {
                parts[i] = parts[i].replace(" ", "");
            }
            Arrays.sort(parts);
            return String.join(" and ", parts);
        }
        return flat.replace(" ", "");
    }

    private static String normalizeDefault(String value) {
        if (value == null) {
            return "none";
        }
        String v = value.trim();
        while (v.startsWith("(") && v.endsWith(")")) {
            v = v.substring(1, v.length() - 1).trim();
        }
        return v.replaceAll("::[a-z ]+$", "");
    }

    private static List<String> sequences(Db db, Connection c, String ns, String prefix) throws SQLException {
        List<String> lines = new ArrayList<>();
        switch (db) {
            case H2, POSTGRESQL -> {
                String sql = db == Db.H2
                        ? "SELECT SEQUENCE_NAME, START_VALUE, INCREMENT FROM INFORMATION_SCHEMA.SEQUENCES"
                                + " WHERE SEQUENCE_SCHEMA = '" + ns + "' AND SEQUENCE_NAME NOT LIKE 'SYSTEM_SEQUENCE_%'"
                        : "SELECT sequence_name, start_value, increment FROM information_schema.sequences WHERE"
                                + " sequence_schema = '" + ns + "'";
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery(sql)) {
                    while (rs.next()) {
                        lines.add("sequence " + prefix + rs.getString(1) + " start " + rs.getLong(2) + " increment "
                                + rs.getLong(3));
                    }
                }
            }
            case MYSQL -> {
                // MySQL has no sequences: Hibernate and Retort both make one-row tables, compared as tables
            }
            case MARIADB -> {
                List<String> names = new ArrayList<>();
                try (Statement s = c.createStatement();
                        ResultSet rs =
                                s.executeQuery("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                                        + ns + "' AND TABLE_TYPE = 'SEQUENCE'")) {
                    while (rs.next()) {
                        names.add(rs.getString(1));
                    }
                }
                for (String name : names) {
                    try (PreparedStatement ps = c.prepareStatement(
                                    "SELECT start_value, increment FROM `" + ns + "`.`" + name + "`");
                            ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        lines.add("sequence " + prefix + name + " start " + rs.getLong(1) + " increment "
                                + rs.getLong(2));
                    }
                }
            }
            default -> throw new IllegalStateException();
        }
        return lines;
    }
}

package dev.retort.core.db;

import dev.retort.core.model.Check;
import dev.retort.core.model.Column;
import dev.retort.core.model.ForeignKey;
import dev.retort.core.model.Index;
import dev.retort.core.model.Schema;
import dev.retort.core.model.Table;
import dev.retort.migration.ColumnType;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a live database holds, read through JDBC metadata (and {@code information_schema} for
 * unique and check constraints, which JDBC does not describe), written in the same canonical text
 * as an expected {@link Schema}, so a test compares the two as whole text: tables, columns in
 * order (type size, nullability, server default, comment, identity), primary key, unique
 * constraints, indexes, foreign keys with their actions, and check names.
 *
 * <p>Indexes a database creates by itself for a foreign key (MySQL names them after the key, H2
 * {@code ..._INDEX_n}) are left out, and {@code retort_*} tables are Retort's own.
 */
public final class DbSchema {

    private static final Pattern H2_IMPLICIT_INDEX = Pattern.compile("(?i).*_index_[0-9a-f]+");

    private DbSchema() {}

    /**
     * The expected schema in canonical text as the connected server holds it: on MySQL a sequence
     * is a one-row table ({@code next_val}), and before 8.0.16 MySQL parses CHECK constraints and
     * throws them away.
     */
    public static String describe(Schema schema, Connection c) throws SQLException {
        dev.retort.core.dialect.Dialect d = dev.retort.core.dialect.Dialects.detect(c.getMetaData());
        return describe(schema, d.keepsChecks(), d.name().equals("mysql"));
    }

    /** The expected schema in canonical text. */
    public static String describe(Schema schema) {
        return describe(schema, true, false);
    }

    private static String describe(Schema schema, boolean checks, boolean sequenceTables) {
        StringBuilder out = new StringBuilder();
        Map<String, Table> tables = new TreeMap<>();
        schema.tables().forEach(t -> tables.put(lower(t.name()), t));
        if (sequenceTables) {
            schema.sequences()
                    .forEach(s -> tables.put(
                            lower(s.name()),
                            new Table(
                                    s.name(),
                                    List.of(new Column(
                                            "next_val", dev.retort.migration.Types.bigint(), true, false, null)),
                                    List.of(),
                                    List.of(),
                                    null)));
        }
        for (Table t : tables.values()) {
            out.append("table ").append(lower(t.name())).append('\n');
            for (Column c : t.columns()) {
                out.append("  column ")
                        .append(lower(c.name()))
                        .append(' ')
                        .append(type(c.type()))
                        .append(c.nullable() ? " null" : " not null")
                        .append(c.autoIncrement() ? " identity" : "")
                        .append(c.defaultValue() == null ? "" : " default " + normaliseDefault(c.defaultValue()))
                        .append(c.comment() == null ? "" : " comment " + c.comment())
                        .append('\n');
            }
            if (!t.primaryKey().isEmpty()) {
                out.append("  primary key ").append(lower(t.primaryKey())).append('\n');
            }
            Map<String, String> constraints = new TreeMap<>();
            for (Index i : t.indexes()) {
                constraints.put(
                        lower(i.name()),
                        (i.unique() ? "unique " : "index ") + lower(i.name()) + " " + lower(i.columns()));
            }
            for (ForeignKey fk : t.foreignKeys()) {
                constraints.put(
                        lower(fk.name()),
                        "foreign key " + lower(fk.name()) + " " + lower(fk.columns()) + " -> "
                                + lower(fk.referencedTable()) + lower(fk.referencedColumns()) + " on delete "
                                + rule(fk.deleteAction()));
            }
            for (Check c : checks ? t.checks() : List.<Check>of()) {
                constraints.put(lower(c.name()), "check " + lower(c.name()));
            }
            constraints.values().forEach(line -> out.append("  ").append(line).append('\n'));
        }
        return out.toString();
    }

    /** The database's user tables in canonical text. */
    public static String describe(Connection c) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        String catalog = c.getCatalog();
        String schema = c.getSchema();
        String infoSchema =
                meta.getDatabaseProductName().toLowerCase(Locale.ROOT).contains("mysql")
                                || meta.getDatabaseProductName()
                                        .toLowerCase(Locale.ROOT)
                                        .contains("mariadb")
                        ? catalog
                        : schema;
        List<String> names = new ArrayList<>();
        // MariaDB reports its sequences as tables to JDBC; information_schema tells them apart
        try (PreparedStatement ps = c.prepareStatement("SELECT table_name FROM information_schema.tables "
                + "WHERE table_schema = ? AND table_type IN ('BASE TABLE', 'TABLE')")) {
            ps.setString(1, infoSchema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    if (!lower(name).startsWith("retort_")) {
                        names.add(name);
                    }
                }
            }
        }
        names.sort((a, b) -> lower(a).compareTo(lower(b)));
        StringBuilder out = new StringBuilder();
        for (String table : names) {
            out.append("table ").append(lower(table)).append('\n');
            try (ResultSet rs = meta.getColumns(catalog, schema, table, "%")) {
                while (rs.next()) {
                    String def = rs.getString("COLUMN_DEF");
                    boolean identity = "YES".equalsIgnoreCase(rs.getString("IS_AUTOINCREMENT"));
                    String remarks = rs.getString("REMARKS");
                    out.append("  column ")
                            .append(lower(rs.getString("COLUMN_NAME")))
                            .append(' ')
                            .append(type(
                                    rs.getString("TYPE_NAME"), rs.getInt("COLUMN_SIZE"), rs.getInt("DECIMAL_DIGITS")))
                            .append(rs.getInt("NULLABLE") == DatabaseMetaData.columnNoNulls ? " not null" : " null")
                            .append(identity ? " identity" : "")
                            .append(
                                    identity || def == null || normaliseDefault(def) == null
                                            ? ""
                                            : " default " + normaliseDefault(def))
                            .append(remarks == null || remarks.isEmpty() ? "" : " comment " + remarks)
                            .append('\n');
                }
            }
            TreeMap<Integer, String> pk = new TreeMap<>();
            try (ResultSet rs = meta.getPrimaryKeys(catalog, schema, table)) {
                while (rs.next()) {
                    pk.put(rs.getInt("KEY_SEQ"), lower(rs.getString("COLUMN_NAME")));
                }
            }
            if (!pk.isEmpty()) {
                out.append("  primary key ")
                        .append(new ArrayList<>(pk.values()))
                        .append('\n');
            }
            Map<String, String> constraints = new TreeMap<>();
            Map<String, TreeMap<Integer, String>> fkColumns = new TreeMap<>();
            Map<String, String> fkTargets = new TreeMap<>();
            try (ResultSet rs = meta.getImportedKeys(catalog, schema, table)) {
                while (rs.next()) {
                    String name = lower(rs.getString("FK_NAME"));
                    fkColumns
                            .computeIfAbsent(name, k -> new TreeMap<>())
                            .put(
                                    rs.getInt("KEY_SEQ"),
                                    lower(rs.getString("FKCOLUMN_NAME")) + "\0" + lower(rs.getString("PKCOLUMN_NAME")));
                    fkTargets.put(name, lower(rs.getString("PKTABLE_NAME")) + "\0" + rule(rs.getInt("DELETE_RULE")));
                }
            }
            fkColumns.forEach((name, cols) -> {
                String[] target = fkTargets.get(name).split("\0");
                List<String> from =
                        cols.values().stream().map(s -> s.split("\0")[0]).toList();
                List<String> to =
                        cols.values().stream().map(s -> s.split("\0")[1]).toList();
                constraints.put(
                        name, "foreign key " + name + " " + from + " -> " + target[0] + to + " on delete " + target[1]);
            });
            Map<String, TreeMap<Integer, String>> indexes = new TreeMap<>();
            try (ResultSet rs = meta.getIndexInfo(catalog, schema, table, false, false)) {
                while (rs.next()) {
                    String name = rs.getString("INDEX_NAME");
                    if (name == null
                            || !rs.getBoolean("NON_UNIQUE")
                            || fkColumns.containsKey(lower(name))
                            || H2_IMPLICIT_INDEX.matcher(name).matches()) {
                        continue;
                    }
                    indexes.computeIfAbsent(lower(name), k -> new TreeMap<>())
                            .put((int) rs.getShort("ORDINAL_POSITION"), lower(rs.getString("COLUMN_NAME")));
                }
            }
            indexes.forEach(
                    (name, cols) -> constraints.put(name, "index " + name + " " + new ArrayList<>(cols.values())));
            for (Map.Entry<String, List<String>> unique :
                    constraintColumns(c, infoSchema, table, "UNIQUE").entrySet()) {
                constraints.put(unique.getKey(), "unique " + unique.getKey() + " " + unique.getValue());
            }
            for (String check : constraintColumns(c, infoSchema, table, "CHECK").keySet()) {
                if (!check.endsWith("_not_null")) {
                    constraints.put(check, "check " + check);
                }
            }
            constraints.values().forEach(line -> out.append("  ").append(line).append('\n'));
        }
        return out.toString();
    }

    /** Constraints of a type with their columns in order (no columns for checks). */
    private static Map<String, List<String>> constraintColumns(Connection c, String schema, String table, String type)
            throws SQLException {
        Map<String, TreeMap<Integer, String>> found = new TreeMap<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT tc.constraint_name FROM information_schema.table_constraints tc "
                        + "WHERE tc.constraint_type = ? AND tc.table_schema = ? AND tc.table_name = ?")) {
            ps.setString(1, type);
            ps.setString(2, schema);
            ps.setString(3, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getString(1), new TreeMap<>());
                }
            }
        }
        if (type.equals("UNIQUE")) {
            try (PreparedStatement ps = c.prepareStatement("SELECT constraint_name, column_name, ordinal_position FROM "
                    + "information_schema.key_column_usage WHERE table_schema = ? AND table_name = ?")) {
                ps.setString(1, schema);
                ps.setString(2, table);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        TreeMap<Integer, String> cols = found.get(rs.getString(1));
                        if (cols != null) {
                            cols.put(rs.getInt(3), lower(rs.getString(2)));
                        }
                    }
                }
            }
        }
        Map<String, List<String>> out = new TreeMap<>();
        found.forEach((name, cols) -> out.put(lower(name), new ArrayList<>(cols.values())));
        return out;
    }

    private static String rule(dev.retort.migration.ReferentialAction action) {
        return action == dev.retort.migration.ReferentialAction.RESTRICT
                ? "no action"
                : action.sql().toLowerCase(Locale.ROOT);
    }

    private static String rule(int rule) {
        return switch (rule) {
            case DatabaseMetaData.importedKeyCascade -> "cascade";
            case DatabaseMetaData.importedKeySetNull -> "set null";
            case DatabaseMetaData.importedKeySetDefault -> "set default";
            // RESTRICT and NO ACTION differ only in when they are checked; databases report them interchangeably
            default -> "no action";
        };
    }

    private static String type(ColumnType t) {
        return switch (t.kind()) {
            case VARCHAR, CHAR -> "text(" + t.length() + ")";
            case DECIMAL -> "decimal(" + t.precision() + "," + t.scale() + ")";
            case BIGINT -> "bigint";
            case INTEGER -> "integer";
            default -> t.kind().name().toLowerCase(Locale.ROOT);
        };
    }

    private static String type(String name, int size, int digits) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.contains("char")) {
            return "text(" + size + ")";
        }
        if (n.contains("numeric") || n.contains("decimal")) {
            return "decimal(" + size + "," + digits + ")";
        }
        if (n.equals("bigint") || n.equals("int8") || n.equals("bigserial")) {
            return "bigint";
        }
        if (n.equals("integer") || n.equals("int") || n.equals("int4") || n.equals("serial")) {
            return "integer";
        }
        if (n.equals("boolean") || n.equals("bool") || n.equals("bit")) {
            return "boolean";
        }
        return n;
    }

    /** {@code '0.00'::numeric}, {@code 0} and {@code 0.00} are the same default; so are {@code 'x'} and {@code x}. */
    static String normaliseDefault(String value) {
        String v = value.trim();
        if (v.equalsIgnoreCase("NULL")) {
            return null;
        }
        v = v.replaceAll("::[a-z ]+(\\([0-9, ]+\\))?$", "");
        while (v.startsWith("(") && v.endsWith(")")) {
            v = v.substring(1, v.length() - 1).trim();
        }
        if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) {
            v = v.substring(1, v.length() - 1).replace("''", "'");
        }
        try {
            return new BigDecimal(v).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return v;
        }
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    private static List<String> lower(List<String> names) {
        return names.stream().map(DbSchema::lower).toList();
    }
}

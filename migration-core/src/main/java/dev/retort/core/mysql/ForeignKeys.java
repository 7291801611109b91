package dev.retort.core.mysql;

import dev.retort.core.dialect.Ddl;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The foreign keys of a shadow copy, read from the catalog: the table's own keys, which the shadow
 * gets under temporary names (InnoDB keeps key names per schema), and the keys of its children,
 * which are pointed at the shadow just before the swap so that the {@code RENAME} carries them
 * over to the new table. Every change of a key is one {@code ALTER TABLE ... DROP FOREIGN KEY, ADD
 * CONSTRAINT} sent with {@code foreign_key_checks=0} and {@code ALGORITHM=INPLACE, LOCK=NONE}: a
 * change of the dictionary only, which reads no rows (measured in docs/online-ddl.md).
 */
final class ForeignKeys {

    /** Added to a key's name while it sits on the shadow (or while a child's key is re-pointed under another name). */
    static final String PREFIX = "_";

    static final String SUFFIX = "_rtfk";
    /**
     * The suffix of a table's key on itself while it sits on the shadow referencing the table (during
     * the copy); before the swap it is pointed at the shadow under the {@link #SUFFIX} name. As long
     * as {@link #SUFFIX}, so {@link #LONGEST} holds for both.
     */
    static final String SELF_SUFFIX = "_rtfs";
    /** The longest key name a temporary name can be made from. */
    static final int LONGEST = 64 - PREFIX.length() - SUFFIX.length();

    /** One foreign key: {@code table (columns) -> referenced (referencedColumns)} with its rules. */
    record Key(
            String table,
            String name,
            List<String> columns,
            String referencedSchema,
            String referenced,
            List<String> referencedColumns,
            String rules) {

        /** The key's clause under {@code name}, referencing {@code target} in the same schema, or its own table. */
        String clause(MySqlDialect d, String name, String target, String schema) {
            String on = target != null ? d.quote(target) : qualified(d, schema);
            return "CONSTRAINT " + d.quote(name) + " FOREIGN KEY (" + list(d, columns) + ") REFERENCES " + on + " ("
                    + list(d, referencedColumns) + ")" + rules;
        }

        private String qualified(MySqlDialect d, String schema) {
            return referencedSchema.equalsIgnoreCase(schema)
                    ? d.quote(referenced)
                    : d.quote(referencedSchema) + "." + d.quote(referenced);
        }

        boolean temporary() {
            return ForeignKeys.isTemporary(name);
        }

        /** The name the key has outside a shadow copy. */
        String original() {
            return temporary() || isOnSource(name)
                    ? name.substring(PREFIX.length(), name.length() - SUFFIX.length())
                    : name;
        }

        /** Whether the key references {@code table} of {@code schema}. */
        boolean references(String table, String schema) {
            return referenced.equalsIgnoreCase(table) && referencedSchema.equalsIgnoreCase(schema);
        }
    }

    private final CopySql sql;
    private final MySqlDialect dialect;
    /** Whether the server needs a key's index renamed with the key; asked when a key is renamed. */
    private final java.util.function.BooleanSupplier renameIndexes;

    ForeignKeys(CopySql sql, MySqlDialect dialect, java.util.function.BooleanSupplier renameIndexes) {
        this.sql = sql;
        this.dialect = dialect;
        this.renameIndexes = renameIndexes;
    }

    private static String list(MySqlDialect d, List<String> columns) {
        return columns.stream().map(d::quote).collect(Collectors.joining(", "));
    }

    static String temporary(String name) {
        return PREFIX + name + SUFFIX;
    }

    static boolean isTemporary(String name) {
        return name.startsWith(PREFIX) && name.endsWith(SUFFIX) && name.length() > PREFIX.length() + SUFFIX.length();
    }

    /** The name a table's key on itself has on the shadow while it references the table (during the copy). */
    static String onSource(String name) {
        return PREFIX + name + SELF_SUFFIX;
    }

    static boolean isOnSource(String name) {
        return name.startsWith(PREFIX)
                && name.endsWith(SELF_SUFFIX)
                && name.length() > PREFIX.length() + SELF_SUFFIX.length();
    }

    String schema() throws SQLException {
        return sql.text("SELECT DATABASE()");
    }

    /** The keys {@code table} has (it is their child). */
    List<Key> of(String table) throws SQLException {
        return keys("rc.CONSTRAINT_SCHEMA = DATABASE() AND rc.TABLE_NAME = ?", table);
    }

    /** The keys of other tables of this schema that reference {@code table} (its children's). */
    List<Key> referencing(String table) throws SQLException {
        return keys(
                "rc.CONSTRAINT_SCHEMA = DATABASE() AND rc.UNIQUE_CONSTRAINT_SCHEMA = DATABASE() "
                        + "AND rc.REFERENCED_TABLE_NAME = ? AND rc.TABLE_NAME <> rc.REFERENCED_TABLE_NAME",
                table);
    }

    /** Tables of other schemas with a key referencing {@code table}. */
    List<String> childrenElsewhere(String table) throws SQLException {
        return elsewhere("CONCAT(CONSTRAINT_SCHEMA, '.', TABLE_NAME)", table);
    }

    /** The keys of tables of other schemas referencing {@code table}, each as {@code schema.table.key}. */
    List<String> keysElsewhere(String table) throws SQLException {
        return elsewhere("CONCAT(CONSTRAINT_SCHEMA, '.', TABLE_NAME, '.', CONSTRAINT_NAME)", table);
    }

    /** {@code what} of each key of another schema referencing {@code table}, distinct and sorted. */
    private List<String> elsewhere(String what, String table) throws SQLException {
        return sql.strings(
                "SELECT DISTINCT " + what + " FROM information_schema.REFERENTIAL_CONSTRAINTS "
                        + "WHERE UNIQUE_CONSTRAINT_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME = ? "
                        + "AND CONSTRAINT_SCHEMA <> DATABASE() ORDER BY 1",
                table);
    }

    /** Keys of {@code table} that reference the table itself. */
    List<Key> selfReferencing(String table) throws SQLException {
        String schema = schema();
        return of(table).stream().filter(k -> k.references(table, schema)).toList();
    }

    private List<Key> keys(String where, String table) throws SQLException {
        Map<String, Key> found = new LinkedHashMap<>();
        String query = "SELECT rc.CONSTRAINT_SCHEMA, rc.TABLE_NAME, rc.CONSTRAINT_NAME, k.COLUMN_NAME, "
                + "k.REFERENCED_TABLE_SCHEMA, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, rc.DELETE_RULE, "
                + "rc.UPDATE_RULE FROM information_schema.REFERENTIAL_CONSTRAINTS rc JOIN "
                + "information_schema.KEY_COLUMN_USAGE k ON k.CONSTRAINT_SCHEMA = rc.CONSTRAINT_SCHEMA "
                + "AND k.TABLE_NAME = rc.TABLE_NAME AND k.CONSTRAINT_NAME = rc.CONSTRAINT_NAME "
                + "AND k.REFERENCED_TABLE_NAME IS NOT NULL WHERE " + where
                + " ORDER BY rc.CONSTRAINT_SCHEMA, rc.TABLE_NAME, rc.CONSTRAINT_NAME, k.ORDINAL_POSITION";
        try (PreparedStatement ps = sql.prepare(query, table);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String id = (rs.getString(1) + "." + rs.getString(2) + "." + rs.getString(3)).toLowerCase(Locale.ROOT);
                Key k = found.get(id);
                if (k == null) {
                    k = new Key(
                            rs.getString(2),
                            rs.getString(3),
                            new ArrayList<>(),
                            rs.getString(5),
                            rs.getString(6),
                            new ArrayList<>(),
                            rules(rs.getString(2), rs.getString(3), rs.getString(8), rs.getString(9)));
                    found.put(id, k);
                }
                k.columns().add(rs.getString(4));
                k.referencedColumns().add(rs.getString(7));
            }
        }
        return new ArrayList<>(found.values());
    }

    /**
     * The key's ON DELETE and ON UPDATE clauses as the server shows them in SHOW CREATE TABLE: the
     * catalog does not tell a rule left out from one written (MariaDB shows both as RESTRICT, an
     * explicit NO ACTION as NO ACTION), and the key must come back as it was.
     */
    private String rules(String table, String name, String onDelete, String onUpdate) throws SQLException {
        String create = "";
        try (java.sql.Statement s = sql.connection.createStatement();
                ResultSet rs = s.executeQuery("SHOW CREATE TABLE " + dialect.quote(table))) {
            if (rs.next()) {
                create = rs.getString(2);
            }
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "CONSTRAINT `" + java.util.regex.Pattern.quote(name.replace("`", "``"))
                                + "` FOREIGN KEY \\([^\\n]*?\\) REFERENCES [^\\n]*?\\([^\\n]*?\\)((?: ON (?:DELETE|UPDATE) "
                                + "(?:RESTRICT|CASCADE|SET NULL|NO ACTION|SET DEFAULT))*)",
                        java.util.regex.Pattern.CASE_INSENSITIVE)
                .matcher(create);
        return m.find() ? m.group(1) : " ON DELETE " + onDelete + " ON UPDATE " + onUpdate;
    }

    /**
     * The clause that adds {@code key} to the shadow under its temporary name. A key of the table on
     * itself goes on the shadow still referencing the table, under {@link #onSource} (see
     * {@code ShadowCopy}: every copied row and every trigger write is checked against the complete
     * table, and the table's deletes and key changes run the key's rules on the shadow too).
     */
    String onShadow(Key key, String schema) {
        boolean self = key.references(key.table(), schema);
        return "ADD " + key.clause(dialect, self ? onSource(key.name()) : temporary(key.name()), null, schema);
    }

    /**
     * One metadata-only statement that drops {@code keys} of {@code table} and adds each back under
     * {@code name(key)}, referencing {@code target} (or what it referenced). Send it with
     * {@code foreign_key_checks=0}. On MySQL an index named after a key (the one the server made for
     * it) is renamed with it in the same statement ({@link MySqlSession#renamesKeyIndexExplicitly}).
     */
    Ddl redefine(
            String table, List<Key> keys, java.util.function.Function<Key, String> name, String target, String schema)
            throws SQLException {
        List<String> indexes = sql.strings(
                "SELECT DISTINCT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() "
                        + "AND TABLE_NAME = ?",
                table);
        List<String> parts = new ArrayList<>();
        for (Key k : keys) {
            String to = name.apply(k);
            parts.add("DROP FOREIGN KEY " + dialect.quote(k.name()) + ", ADD " + k.clause(dialect, to, target, schema));
            if (renameIndexes.getAsBoolean()
                    && !to.equalsIgnoreCase(k.name())
                    && indexes.stream().anyMatch(k.name()::equalsIgnoreCase)
                    && indexes.stream().noneMatch(to::equalsIgnoreCase)) {
                parts.add("RENAME INDEX " + dialect.quote(k.name()) + " TO " + dialect.quote(to));
            }
        }
        return Ddl.alterTable(quoteTable(table), String.join(", ", parts)).withOnline("INPLACE", "NONE");
    }

    /** A statement dropping {@code keys} of {@code table}, without a copy. */
    Ddl drop(String table, List<Key> keys) {
        String body = keys.stream()
                .map(k -> "DROP FOREIGN KEY " + dialect.quote(k.name()))
                .collect(Collectors.joining(", "));
        return Ddl.alterTable(quoteTable(table), body).withOnline("INPLACE", "NONE");
    }

    private String quoteTable(String table) {
        return dialect.quote(table);
    }

    /** The keys grouped by the table that has them, in the order found. */
    static Map<String, List<Key>> byTable(List<Key> keys) {
        Map<String, List<Key>> out = new LinkedHashMap<>();
        for (Key k : keys) {
            out.computeIfAbsent(k.table(), t -> new ArrayList<>()).add(k);
        }
        return out;
    }
}

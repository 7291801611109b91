package dev.retort.core.mysql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The bookkeeping of shadow copies in progress, one row per table in {@value #TABLE}: which step
 * the copy belongs to (so a rerun finishes only its own), how far it got (the phase and the last
 * key copied or verified, written in the same transaction as that chunk) and the shape of the two
 * tables when it started (a rerun resumes only when neither changed meanwhile).
 */
final class CopyRecord {

    static final String TABLE = "retort_online_copy";
    /**
     * Phases: the shadow and triggers are being set up (never resumed), rows are copied, the copy is
     * checksummed, the children's foreign keys are being pointed at the checked copy before the swap.
     */
    static final String SETUP = "setup";

    static final String COPY = "copy";
    static final String VERIFY = "verify";
    static final String SWAP = "swap";

    private static final Set<String> INTEGER_TYPES =
            Set.of("tinyint", "smallint", "mediumint", "int", "integer", "bigint");
    private static final Set<String> BINARY_TYPES = Set.of("binary", "varbinary");

    /** One row: {@code lastKey} as the server wrote it (text, or the bytes of a binary key), null before the first chunk. */
    record Entry(String table, String marker, String phase, byte[] lastKey, String shape, String feed) {

        Entry(String table, String marker, String phase, byte[] lastKey, String shape) {
            this(table, marker, phase, lastKey, shape, null);
        }

        /** The key to continue after, typed as the key column compares. */
        Object key(String keyType) {
            if (lastKey == null) {
                return null;
            }
            String type = keyType.toLowerCase(Locale.ROOT);
            if (BINARY_TYPES.contains(type)) {
                return lastKey;
            }
            String text = new String(lastKey, StandardCharsets.UTF_8);
            if (INTEGER_TYPES.contains(type)) {
                BigInteger value = new BigInteger(text);
                return value.bitLength() < 64 ? (Object) value.longValue() : value;
            }
            return type.equals("decimal") ? new BigDecimal(text) : text;
        }
    }

    private final CopySql sql;

    CopyRecord(CopySql sql) {
        this.sql = sql;
    }

    /** Records that {@code marker} starts a copy of {@code table}; creates or extends the bookkeeping table first. */
    void start(String table, String marker) throws SQLException {
        sql.exec("CREATE TABLE IF NOT EXISTS " + TABLE
                + " (table_name varchar(64) NOT NULL, marker varchar(1000) NOT NULL, "
                + "phase varchar(16) NULL, last_key varbinary(3072) NULL, shape varchar(64) NULL, feed varchar(600) NULL, "
                + "PRIMARY KEY (table_name)) DEFAULT CHARSET = utf8mb4");
        List<String> columns = sql.strings(
                "SELECT LOWER(COLUMN_NAME) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                        + "AND TABLE_NAME = ? AND COLUMN_NAME IN ('phase', 'feed')",
                TABLE);
        if (!columns.contains("phase")) {
            // written by a version that recorded only the step
            sql.exec("ALTER TABLE " + TABLE
                    + " ADD COLUMN phase varchar(16) NULL, ADD COLUMN last_key varbinary(3072) NULL, "
                    + "ADD COLUMN shape varchar(64) NULL");
        }
        if (!columns.contains("feed")) {
            // written by a version without the binary-log feed
            sql.exec("ALTER TABLE " + TABLE + " ADD COLUMN feed varchar(600) NULL");
        }
        sql.update(
                "REPLACE INTO " + TABLE + " (table_name, marker, phase) VALUES (?, ?, ?)",
                table,
                marker.length() > 1000 ? marker.substring(0, 1000) : marker,
                SETUP);
    }

    /**
     * The shadow and its triggers (or, {@code feed} not null, the binary-log reader from that
     * position) are in place: from now on the copy can be resumed.
     */
    void copying(String table, String shape, String feed) throws SQLException {
        sql.update(
                "UPDATE " + TABLE + " SET phase = ?, last_key = NULL, shape = ?, feed = ? WHERE table_name = ?",
                COPY,
                shape,
                feed,
                table);
    }

    /** Everything up to {@code key} is copied (or verified): call inside the transaction that did it. */
    void checkpoint(String table, String phase, Object key) throws SQLException {
        try (PreparedStatement ps = sql.connection.prepareStatement(
                "UPDATE " + TABLE + " SET phase = ?, last_key = ? " + "WHERE table_name = ?")) {
            ps.setString(1, phase);
            if (key == null) {
                ps.setNull(2, java.sql.Types.VARBINARY);
            } else if (key instanceof byte[] b) {
                ps.setBytes(2, b);
            } else {
                ps.setBytes(2, String.valueOf(key).getBytes(StandardCharsets.UTF_8));
            }
            ps.setString(3, table);
            ps.executeUpdate();
        }
    }

    /** The record of {@code table}'s copy, or null. */
    Entry read(String table) throws SQLException {
        List<Entry> found = entries("WHERE table_name = ?", table);
        return found.isEmpty() ? null : found.get(0);
    }

    List<Entry> all() throws SQLException {
        return entries("");
    }

    private List<Entry> entries(String where, Object... args) throws SQLException {
        List<Entry> out = new ArrayList<>();
        if (!sql.tableExists(TABLE)) {
            return out;
        }
        List<String> present = sql.strings(
                "SELECT LOWER(COLUMN_NAME) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                        + "AND TABLE_NAME = ? AND COLUMN_NAME IN ('phase', 'feed')",
                TABLE);
        String columns = (present.contains("phase")
                        ? "table_name, marker, phase, last_key, shape"
                        : "table_name, marker, NULL, NULL, NULL")
                + (present.contains("feed") ? ", feed" : ", NULL");
        try (PreparedStatement ps = sql.prepare("SELECT " + columns + " FROM " + TABLE + " " + where, args);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Entry(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getBytes(4),
                        rs.getString(5),
                        rs.getString(6)));
            }
        }
        return out;
    }

    void forget(String table) throws SQLException {
        if (sql.tableExists(TABLE)) {
            sql.update("DELETE FROM " + TABLE + " WHERE table_name = ?", table);
        }
    }
}

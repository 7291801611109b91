package dev.retort.core.mysql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The queries of a shadow copy on its connection, remembering the last statement sent to name it in a failure. */
final class CopySql {

    final Connection connection;
    /** The last statement sent outside the runner's locked DDL, to name it in a failure. */
    String last = "";

    CopySql(Connection connection) {
        this.connection = connection;
    }

    /** MySQL's and MariaDB's ER_PARSE_ERROR, what a server answers to a statement it does not know. */
    static final int PARSE_ERROR = 1064;

    /**
     * True when the server refused a statement because it does not know it (error 1064), not for
     * want of a privilege: the cue to try the other name of a statement MySQL renamed
     * ({@code SHOW MASTER STATUS} / {@code SHOW BINARY LOG STATUS}, {@code SHOW SLAVE STATUS} /
     * {@code SHOW REPLICA STATUS}).
     */
    static boolean unknownStatement(SQLException e) {
        return e.getErrorCode() == PARSE_ERROR;
    }

    void exec(String sql) throws SQLException {
        last = sql;
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    String text(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(sql, args);
                ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getString(1) != null ? rs.getString(1) : "";
        }
    }

    long count(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(sql, args);
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** The first column of every row. */
    List<String> strings(String sql, Object... args) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(sql, args);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    int update(String sql, Object... args) throws SQLException {
        last = sql;
        try (PreparedStatement ps = prepare(sql, args)) {
            return ps.executeUpdate();
        }
    }

    PreparedStatement prepare(String sql, Object... args) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        return ps;
    }

    boolean tableExists(String table) throws SQLException {
        return count(
                        "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
                        table)
                > 0;
    }

    /** A key range {@code key > lower AND key <= upper}, either end open when null. */
    static String range(String k, Object lower, Object upper) {
        String lo = lower == null ? null : k + " > ?";
        String hi = upper == null ? null : k + " <= ?";
        return lo == null && hi == null ? "1 = 1" : lo == null ? hi : hi == null ? lo : lo + " AND " + hi;
    }

    static void bindRange(PreparedStatement ps, Object lower, Object upper) throws SQLException {
        int i = 1;
        if (lower != null) {
            ps.setObject(i++, lower);
        }
        if (upper != null) {
            ps.setObject(i, upper);
        }
    }

    static void sleep(long millis) throws SQLException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting", e);
        }
    }
}

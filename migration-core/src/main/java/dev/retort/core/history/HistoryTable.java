package dev.retort.core.history;

import dev.retort.core.dialect.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads and writes {@code retort_history}: one row per revision that was applied or started.
 * Every write commits on its own, so on databases that commit DDL implicitly the journal
 * never claims more than what really happened.
 */
public final class HistoryTable {

    /** Name of the history table. */
    public static final String NAME = "retort_history";

    private final Connection connection;
    private final Dialect dialect;
    private final String table;

    public HistoryTable(Connection connection, Dialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
        this.table = dialect.quote(NAME);
    }

    public void create() throws SQLException {
        try (Statement s = connection.createStatement()) {
            for (String sql : dialect.createHistoryTable(NAME)) {
                s.execute(sql);
            }
        }
    }

    /** True when the table exists (checked without creating it). */
    public boolean exists() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.executeQuery("SELECT COUNT(*) FROM " + table).close();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** All rows, oldest first. */
    public List<HistoryRow> rows() throws SQLException {
        List<HistoryRow> rows = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT revision, parents, message, checksum, applied_by, applied_at, "
                     + "duration_ms, state, steps_done, steps_total FROM " + table + " ORDER BY applied_at, revision")) {
            while (rs.next()) {
                String parents = rs.getString(2);
                rows.add(new HistoryRow(rs.getString(1),
                        parents.isEmpty() ? List.of() : Arrays.asList(parents.split(",")),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getTimestamp(6).toInstant(),
                        rs.getLong(7), rs.getString(8), rs.getInt(9), rs.getInt(10)));
            }
        }
        return rows;
    }

    /** Records that an upgrade of the revision started (or resumes), with no step done yet. */
    public void start(RevisionInfo r, int stepsTotal) throws SQLException {
        delete(r.id());
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + table + " (revision, parents, message, "
                + "checksum, applied_by, applied_at, duration_ms, state, steps_done, steps_total) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
            ps.setString(1, r.id());
            ps.setString(2, String.join(",", r.parents()));
            ps.setString(3, r.message());
            ps.setString(4, r.checksum());
            ps.setString(5, System.getProperty("user.name"));
            ps.setTimestamp(6, Timestamp.from(Instant.now()));
            ps.setLong(7, 0);
            ps.setString(8, HistoryRow.RUNNING);
            ps.setInt(9, 0);
            ps.setInt(10, stepsTotal);
            ps.executeUpdate();
        }
    }

    public void progress(String revision, int stepsDone) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE " + table + " SET steps_done = ? WHERE revision = ?")) {
            ps.setInt(1, stepsDone);
            ps.setString(2, revision);
            ps.executeUpdate();
        }
    }

    public void finish(String revision, String state, long durationMs) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE " + table
                + " SET state = ?, duration_ms = ?, applied_at = ? WHERE revision = ?")) {
            ps.setString(1, state);
            ps.setLong(2, durationMs);
            ps.setTimestamp(3, Timestamp.from(Instant.now()));
            ps.setString(4, revision);
            ps.executeUpdate();
        }
    }

    public void delete(String revision) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM " + table + " WHERE revision = ?")) {
            ps.setString(1, revision);
            ps.executeUpdate();
        }
    }
}

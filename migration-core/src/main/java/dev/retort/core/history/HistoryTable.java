package dev.retort.core.history;

import dev.retort.core.dialect.Dialect;
import dev.retort.core.dialect.LockHeld;
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

    /** The columns a whole-row write sets, besides {@code revision}. */
    private static final List<String> ROW = List.of(
            "parents",
            "message",
            "checksum",
            "applied_by",
            "applied_at",
            "duration_ms",
            "state",
            "steps_done",
            "steps_total",
            "step_checksums",
            "steps_reverted",
            "revert_checksums");

    /** The columns this version added; a table without them was created by an earlier version. */
    private static final String ADDED = "step_checksums, steps_reverted, revert_checksums";

    private final Connection connection;
    private final Dialect dialect;
    private final String table;

    /** True once this run has seen (or made) the table with every column this version writes: they never go away. */
    private boolean current;

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
        if (!hasCurrentColumns()) {
            try (Statement s = connection.createStatement()) {
                for (String sql : dialect.upgradeHistoryTable(NAME)) {
                    s.execute(sql);
                }
            }
        }
        current = true;
    }

    /**
     * The rows, oldest first, after making sure the table exists with every column this version
     * writes: one statement when it does (the usual case, every run after the first), else
     * {@link #create} and then the rows.
     */
    public List<HistoryRow> createAndRead() throws SQLException {
        List<HistoryRow> rows = current ? rows() : rowsIfExists();
        if (rows != null && current) {
            return rows;
        }
        create();
        return rows();
    }

    private boolean hasCurrentColumns() throws SQLException {
        if (current) {
            return true;
        }
        boolean autoCommit = connection.getAutoCommit();
        try (Statement s = connection.createStatement()) {
            s.executeQuery("SELECT " + ADDED + " FROM " + table + " WHERE 1 = 0")
                    .close();
            current = true;
            return true;
        } catch (SQLException e) {
            if (lost(e)) {
                throw e;
            }
            if (!autoCommit) {
                connection.rollback();
            }
            return false;
        }
    }

    /**
     * True when the table exists (checked without creating it).
     *
     * @throws SQLException when the check itself could not be made: the connection was lost or timed out (a
     *     journal that cannot be read is not a journal that does not exist)
     */
    public boolean exists() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.executeQuery("SELECT COUNT(*) FROM " + table).close();
            return true;
        } catch (SQLException e) {
            if (lost(e)) {
                throw e;
            }
            return false;
        }
    }

    /**
     * All rows, oldest first, or null when the table does not exist (nothing is created): one
     * statement when the table has every column this version writes, the usual case.
     */
    public List<HistoryRow> rowsIfExists() throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        try {
            List<HistoryRow> rows = select(true);
            current = true;
            return rows;
        } catch (SQLException e) {
            if (lost(e)) {
                throw e;
            }
            if (!autoCommit) {
                connection.rollback();
            }
            if (noSuchTable(e)) {
                return null;
            }
        }
        // an older version's table (without the columns this one added), or an error that says nothing clear
        return exists() ? rows() : null;
    }

    /** The standard states of "no such table": MySQL, MariaDB and H2 {@code 42S02}, PostgreSQL {@code 42P01}. */
    private static boolean noSuchTable(SQLException e) {
        return "42S02".equals(e.getSQLState()) || "42P01".equals(e.getSQLState());
    }

    /** True when a failed read says nothing about the table: the connection is gone or the read timed out. */
    private boolean lost(SQLException e) throws SQLException {
        String state = e.getSQLState();
        return e instanceof java.sql.SQLTimeoutException
                || e instanceof java.sql.SQLRecoverableException
                || e instanceof java.sql.SQLTransientConnectionException
                || e instanceof java.sql.SQLNonTransientConnectionException
                || (state != null && state.startsWith("08"))
                || connection.isClosed();
    }

    /** All rows, oldest first. */
    public List<HistoryRow> rows() throws SQLException {
        return select(hasCurrentColumns());
    }

    private List<HistoryRow> select(boolean current) throws SQLException {
        List<HistoryRow> rows = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT revision, parents, message, checksum, applied_by, applied_at, "
                        + "duration_ms, state, steps_done, steps_total" + (current ? ", " + ADDED : "") + " FROM "
                        + table
                        + " ORDER BY applied_at, revision")) {
            while (rs.next()) {
                String parents = rs.getString(2);
                rows.add(new HistoryRow(
                        rs.getString(1),
                        split(parents),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getTimestamp(6).toInstant(),
                        rs.getLong(7),
                        rs.getString(8),
                        rs.getInt(9),
                        rs.getInt(10),
                        current ? split(rs.getString(11)) : List.of(),
                        current ? rs.getInt(12) : 0,
                        current ? split(rs.getString(13)) : List.of()));
            }
        }
        return rows;
    }

    private static List<String> split(String csv) {
        return csv == null || csv.isEmpty() ? List.of() : Arrays.asList(csv.split(","));
    }

    /**
     * Writes the whole row of the revision: its identity and checksum as the migration has them
     * now, and the given progress.
     *
     * @param exists true when an earlier run left a row for the revision, which this replaces
     */
    public void record(RevisionInfo r, String state, int stepsDone, long durationMs, boolean exists)
            throws SQLException {
        record(r, state, stepsDone, durationMs, exists, LockHeld.ALWAYS);
    }

    /**
     * {@link #record(RevisionInfo, String, int, long, boolean)}, made only while {@code held} is
     * true: an insert becomes {@code INSERT … SELECT … WHERE held}, an update gets it in its
     * {@code WHERE}.
     *
     * @return false when no row was written or changed: the lock may be lost (or the row was gone)
     */
    public boolean record(RevisionInfo r, String state, int stepsDone, long durationMs, boolean exists, LockHeld held)
            throws SQLException {
        String sql;
        if (exists) {
            sql = "UPDATE " + table + " SET " + String.join(" = ?, ", ROW) + " = ? WHERE revision = ?" + and(held);
        } else if (held.condition() == null) {
            sql = "INSERT INTO " + table + " (" + String.join(", ", ROW)
                    + ", revision) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)";
        } else {
            sql = "INSERT INTO " + table + " (" + String.join(", ", ROW)
                    + ", revision) SELECT ?,?,?,?,?,?,?,?,?,?,?,?,?" + held.fromNothing() + " WHERE "
                    + held.condition();
        }
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, String.join(",", r.parents()));
            ps.setString(2, r.message());
            ps.setString(3, r.checksum());
            ps.setString(4, System.getProperty("user.name"));
            ps.setTimestamp(5, Timestamp.from(Instant.now()));
            ps.setLong(6, durationMs);
            ps.setString(7, state);
            ps.setInt(8, stepsDone);
            ps.setInt(9, r.upgrade().size());
            ps.setString(10, String.join(",", r.stepChecksums()));
            ps.setInt(11, 0);
            ps.setString(12, null);
            ps.setString(13, r.id());
            bind(ps, 14, held);
            return ps.executeUpdate() > 0;
        }
    }

    /** {@code " AND condition"}, or nothing when there is nothing to check. */
    private static String and(LockHeld held) {
        return held.condition() == null ? "" : " AND " + held.condition();
    }

    private static void bind(PreparedStatement ps, int first, LockHeld held) throws SQLException {
        if (held.condition() == null) {
            return;
        }
        int i = first;
        for (Object p : held.parameters()) {
            ps.setObject(i++, p);
        }
    }

    /**
     * Records the revision as applied without running it (stamp): all its steps count as done and
     * its duration is {@link HistoryRow#STAMPED_DURATION}, which tells a stamped revision from one
     * that ran.
     */
    public void stamp(RevisionInfo r, boolean exists) throws SQLException {
        record(r, HistoryRow.APPLIED, r.upgrade().size(), HistoryRow.STAMPED_DURATION, exists);
    }

    /** Records that the first {@code stepsDone} steps of the revision are committed. */
    public void progress(String revision, int stepsDone) throws SQLException {
        progress(revision, stepsDone, LockHeld.ALWAYS);
    }

    /**
     * {@link #progress(String, int)} while {@code held} is true.
     *
     * @return false when no row was changed: the lock may be lost (or the row was gone)
     */
    public boolean progress(String revision, int stepsDone, LockHeld held) throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement("UPDATE " + table + " SET steps_done = ? WHERE revision = ?" + and(held))) {
            ps.setInt(1, stepsDone);
            ps.setString(2, revision);
            bind(ps, 3, held);
            return ps.executeUpdate() > 0;
        }
    }

    /**
     * Records the end of an upgrade in one statement: its state, how many steps are committed and
     * how long it took. Marking the last step done and the revision applied together saves a round
     * trip per revision without leaving a moment where one is recorded and the other is not.
     */
    public void finish(String revision, String state, int stepsDone, long durationMs) throws SQLException {
        finish(revision, state, stepsDone, durationMs, LockHeld.ALWAYS);
    }

    /**
     * {@link #finish(String, String, int, long)} while {@code held} is true.
     *
     * @return false when no row was changed: the lock may be lost (or the row was gone)
     */
    public boolean finish(String revision, String state, int stepsDone, long durationMs, LockHeld held)
            throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE " + table
                + " SET state = ?, steps_done = ?, duration_ms = ?, applied_at = ? WHERE revision = ?" + and(held))) {
            ps.setString(1, state);
            ps.setInt(2, stepsDone);
            ps.setLong(3, durationMs);
            ps.setTimestamp(4, Timestamp.from(Instant.now()));
            ps.setString(5, revision);
            bind(ps, 6, held);
            return ps.executeUpdate() > 0;
        }
    }

    /**
     * Marks {@code done} finished ({@link #finish}) and records {@code next} as started with
     * {@code 'running'} and no step done ({@link #record}), in one statement while {@code held} is
     * true: the journal write after a revision's last step also says that the next one is about to
     * run. Each row is one revision's, and the statement commits both or neither.
     *
     * @return null when the database has no such statement (write them one by one); false when no
     *     row was written: the lock may be lost
     */
    public Boolean finishAndStart(
            RevisionInfo done, String state, int stepsDone, long durationMs, RevisionInfo next, LockHeld held)
            throws SQLException {
        List<String> columns = new ArrayList<>(ROW);
        columns.add("revision");
        String sql = dialect.upsertHistoryRows(
                table, columns, List.of("state", "steps_done", "duration_ms", "applied_at"), 2, held);
        if (sql == null) {
            return null;
        }
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            int i = 1;
            for (RevisionInfo r : List.of(done, next)) {
                boolean first = r == done;
                ps.setString(i++, String.join(",", r.parents()));
                ps.setString(i++, r.message());
                ps.setString(i++, r.checksum());
                ps.setString(i++, System.getProperty("user.name"));
                ps.setTimestamp(i++, now);
                ps.setLong(i++, first ? durationMs : 0);
                ps.setString(i++, first ? state : HistoryRow.RUNNING);
                ps.setInt(i++, first ? stepsDone : 0);
                ps.setInt(i++, r.upgrade().size());
                ps.setString(i++, String.join(",", r.stepChecksums()));
                ps.setInt(i++, 0);
                ps.setString(i++, null);
                ps.setString(i++, r.id());
                if (held.condition() != null) {
                    for (Object p : held.parameters()) {
                        ps.setObject(i++, p);
                    }
                }
            }
            return ps.executeUpdate() > 0;
        }
    }

    /**
     * Records that a downgrade of the revision started, before its first step: from here until the
     * row is deleted, the revision counts as half-reverted, with {@code stepsReverted} of the
     * downgrade steps (checksums {@code checksums}) committed.
     */
    public void reverting(String revision, int stepsReverted, List<String> checksums) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE " + table + " SET state = ?, steps_reverted = ?, revert_checksums = ? WHERE revision = ?")) {
            ps.setString(1, HistoryRow.REVERTING);
            ps.setInt(2, stepsReverted);
            ps.setString(3, String.join(",", checksums));
            ps.setString(4, revision);
            ps.executeUpdate();
        }
    }

    /** Records that the first {@code stepsReverted} steps of the revision's downgrade are committed. */
    public void reverted(String revision, int stepsReverted) throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement("UPDATE " + table + " SET steps_reverted = ? WHERE revision = ?")) {
            ps.setInt(1, stepsReverted);
            ps.setString(2, revision);
            ps.executeUpdate();
        }
    }

    /** Records a new checksum for an applied revision (stamp after the migration was edited). */
    public void updateChecksum(String revision, String checksum) throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement("UPDATE " + table + " SET checksum = ? WHERE revision = ?")) {
            ps.setString(1, checksum);
            ps.setString(2, revision);
            ps.executeUpdate();
        }
    }

    /** Records other parents for a revision (a squash moved what it was built on into a baseline). */
    public void updateParents(String revision, List<String> parents) throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement("UPDATE " + table + " SET parents = ? WHERE revision = ?")) {
            ps.setString(1, String.join(",", parents));
            ps.setString(2, revision);
            ps.executeUpdate();
        }
    }

    /** Removes every row (stamp with purge). */
    public int deleteAll() throws SQLException {
        try (Statement s = connection.createStatement()) {
            return s.executeUpdate("DELETE FROM " + table);
        }
    }

    public void delete(String revision) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM " + table + " WHERE revision = ?")) {
            ps.setString(1, revision);
            ps.executeUpdate();
        }
    }
}

package dev.retort.core.h2;

import dev.retort.core.dialect.LockHeld;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The migration lock of an H2 database that several sessions may reach (a {@code tcp:} or
 * {@code ssl:} server, a file database with {@code AUTO_SERVER=TRUE}, which the URL the driver
 * reports no longer shows, or one opened by several connections of one process): H2 has no
 * advisory lock, so the lock is a row of {@code retort_lock} in the connection's schema, keyed by
 * the lock's name and naming the session that holds it and when it took it. A row whose session
 * is gone (no session of that id started before the row was written; the server lists its
 * sessions to an admin) is taken over, so a killed run does not leave the lock behind. An
 * in-memory database is private to its process: no row is written there.
 */
final class H2Lock {

    static final String TABLE = "retort_lock";
    private static final long POLL_MILLIS = 200;

    private H2Lock() {}

    /** True unless the database is in memory: a server, or a file that another process may reach through AUTO_SERVER. */
    static boolean shared(Connection connection) throws SQLException {
        return !String.valueOf(connection.getMetaData().getURL())
                .toLowerCase(Locale.ROOT)
                .startsWith("jdbc:h2:mem:");
    }

    static boolean lock(Connection connection, String name, Duration wait) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE
                    + " (name varchar(200) NOT NULL PRIMARY KEY, session_id integer NOT NULL, "
                    + "locked_at timestamp with time zone NOT NULL)");
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            if (holds(connection, name) || tryInsert(connection, name)) {
                return true;
            }
            removeStale(connection, name);
            if (tryInsert(connection, name)) {
                return true;
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    static void unlock(Connection connection, String name) throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement("DELETE FROM " + TABLE + " WHERE name = ? AND session_id = SESSION_ID()")) {
            ps.setString(1, name);
            ps.executeUpdate();
        }
    }

    static boolean holds(Connection connection, String name) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT COUNT(*) FROM " + TABLE + " WHERE name = ? AND session_id = SESSION_ID()")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        }
    }

    /** {@link #holds} as a condition of a journal write. */
    static LockHeld held(String name) {
        return new LockHeld(
                "EXISTS (SELECT 1 FROM " + TABLE + " WHERE name = ? AND session_id = SESSION_ID())",
                List.of(name),
                " FROM DUAL");
    }

    private static boolean tryInsert(Connection connection, String name) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + TABLE
                + " (name, session_id, locked_at) VALUES (?, SESSION_ID(), CURRENT_TIMESTAMP)")) {
            ps.setString(1, name);
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                return false; // the row is there: another session holds the lock
            }
            throw e;
        }
    }

    /** Deletes the lock row of a session the server no longer has; only an admin sees every session, so only an admin judges. */
    private static void removeStale(Connection connection, String name) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT IS_ADMIN FROM INFORMATION_SCHEMA.USERS WHERE USER_NAME = CURRENT_USER")) {
            if (!rs.next() || !rs.getBoolean(1)) {
                return;
            }
        } catch (SQLException e) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "DELETE FROM " + TABLE + " l WHERE name = ? AND NOT EXISTS "
                        + "(SELECT 1 FROM INFORMATION_SCHEMA.SESSIONS s WHERE s.SESSION_ID = l.session_id AND s.SESSION_START <= l.locked_at)")) {
            ps.setString(1, name);
            ps.executeUpdate();
        }
    }
}

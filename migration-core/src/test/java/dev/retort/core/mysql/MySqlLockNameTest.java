package dev.retort.core.mysql;

import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.db.MariaDbServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The migration lock on a real MariaDB: named for the database the session took it in, and that
 * name is kept for the session's checks and its release, so they cost one statement each and a
 * migration that switches the session's database (an {@code op.sql("USE …")}) neither loses the
 * lock nor leaves it held.
 */
class MySqlLockNameTest {

    @Test
    void theLockTakenIsTheOneCheckedAndReleased() throws Exception {
        String url = MariaDbServer.newDatabase();
        String database = url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        String other = MariaDbServer.newDatabase();
        String otherDatabase = other.substring(other.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        MySqlDialect dialect = new MySqlDialect();
        try (Connection c = DriverManager.getConnection(url, "root", "");
                Connection watcher = DriverManager.getConnection(url, "root", "")) {
            assertTrue(dialect.lock(c, "retort_migrations", Duration.ofSeconds(1)));
            assertFalse(free(watcher, "retort_migrations:" + database));
            try (Statement s = c.createStatement()) {
                s.execute("USE " + otherDatabase);
            }
            assertTrue(dialect.holdsLock(c, "retort_migrations"), "the lock taken is still this session's");
            dialect.unlock(c, "retort_migrations");
            assertTrue(free(watcher, "retort_migrations:" + database), "the lock taken is the one released");
            assertFalse(dialect.holdsLock(c, "retort_migrations"));
        }
    }

    private static boolean free(Connection c, String name) throws Exception {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT IS_FREE_LOCK('" + name + "')")) {
            rs.next();
            return rs.getInt(1) == 1;
        }
    }
}

package dev.retort.core.runner;

import dev.retort.core.db.MariaDbServer;
import dev.retort.core.db.MySqlServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Measures the InnoDB foreign-key facts the shadow copy of a table in a foreign key relies on
 * (docs/online-ddl.md). Not part of {@code verify}: run with {@code -Dtest=ForeignKeyFactsProbe}
 * and {@code -Dretort.probe.rows=1000000}.
 */
class ForeignKeyFactsProbe {

    static final int ROWS = Integer.getInteger("retort.probe.rows", 100_000);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mariadb", "mysql"})
    void facts(String server) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                System.getProperty("retort.probe.server", server).equals(server));
        String url = server.equals("mysql") ? MySqlServer.newDatabase() : MariaDbServer.newDatabase();
        try (Connection c = DriverManager.getConnection(url, "root", "");
                Statement s = c.createStatement()) {
            say(server, "version " + text(s, "SELECT VERSION()"));
            s.execute("CREATE TABLE p (id bigint PRIMARY KEY, v int)");
            s.execute("CREATE TABLE c (id bigint PRIMARY KEY AUTO_INCREMENT, p_id bigint, n int, "
                    + "CONSTRAINT fk_c_p FOREIGN KEY (p_id) REFERENCES p (id) ON DELETE CASCADE)");
            // 1. names per schema
            s.execute("CREATE TABLE c2 (id bigint PRIMARY KEY, p_id bigint)");
            try {
                s.execute("ALTER TABLE c2 ADD CONSTRAINT fk_c_p FOREIGN KEY (p_id) REFERENCES p (id)");
                say(server, "1. same FK name on another table: accepted");
            } catch (SQLException e) {
                say(server, "1. same FK name on another table: " + e.getErrorCode() + " " + e.getMessage());
            }
            // 2. rename of the parent: does the child's key follow?
            s.execute("CREATE TABLE p_new LIKE p");
            s.execute("RENAME TABLE p TO p_old, p_new TO p");
            say(
                    server,
                    "2. after RENAME p TO p_old, p_new TO p the child's key references "
                            + text(
                                    s,
                                    "SELECT REFERENCED_TABLE_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS "
                                            + "WHERE CONSTRAINT_SCHEMA = DATABASE() AND CONSTRAINT_NAME = 'fk_c_p'"));
            s.execute("SET SESSION foreign_key_checks = 0");
            s.execute("DROP TABLE c2");
            s.execute("DROP TABLE p");
            s.execute("RENAME TABLE p_old TO p");
            s.execute("SET SESSION foreign_key_checks = 1");
            // fill
            s.execute("INSERT INTO p VALUES (1, 1), (2, 2), (3, 3), (4, 4)");
            s.execute("INSERT INTO c (p_id, n) VALUES (1, 1), (2, 2), (3, 3), (4, 4)");
            long t0 = System.nanoTime();
            while (scalar(s, "SELECT COUNT(*) FROM c") < ROWS) {
                s.execute("INSERT INTO c (p_id, n) SELECT p_id, n FROM c LIMIT " + ROWS);
            }
            s.execute("DELETE FROM c WHERE id > (SELECT m FROM (SELECT MIN(id) + " + (ROWS - 1) + " AS m FROM c) x)");
            say(server, "filled c with " + scalar(s, "SELECT COUNT(*) FROM c") + " rows in " + ms(t0));
            s.execute("CREATE TABLE p_shadow LIKE p");
            s.execute("INSERT INTO p_shadow SELECT * FROM p");

            // 3. same name, one statement, re-pointed at another table, fkc=0, in place
            String tableId = "SELECT TABLE_ID FROM information_schema.INNODB_"
                    + (server.equals("mysql") ? "TABLES" : "SYS_TABLES") + " WHERE NAME = CONCAT(DATABASE(), '/c')";
            long idBefore = scalar(s, tableId);
            s.execute("SET GLOBAL innodb_stats_persistent = "
                    + (System.getProperty("retort.probe.stats") == null ? "1" : "0"));
            for (String[] step : new String[][] {
                {
                    "3. same name re-pointed at p_shadow",
                    "DROP FOREIGN KEY fk_c_p, ADD CONSTRAINT fk_c_p FOREIGN KEY (p_id) "
                            + "REFERENCES p_shadow (id) ON DELETE CASCADE"
                },
                {
                    "4. same name re-pointed back at p",
                    "DROP FOREIGN KEY fk_c_p, ADD CONSTRAINT fk_c_p FOREIGN KEY (p_id) "
                            + "REFERENCES p (id) ON DELETE CASCADE"
                },
                {
                    "5. renamed (other name, same table)",
                    "DROP FOREIGN KEY fk_c_p, ADD CONSTRAINT _fk_c_p_rtfk FOREIGN KEY (p_id) "
                            + "REFERENCES p (id) ON DELETE CASCADE"
                },
                {
                    "6. renamed back",
                    "DROP FOREIGN KEY _fk_c_p_rtfk, ADD CONSTRAINT fk_c_p FOREIGN KEY (p_id) "
                            + "REFERENCES p (id) ON DELETE CASCADE"
                },
                {"6a. dropped alone", "DROP FOREIGN KEY fk_c_p"},
                {"6b. added alone", "ADD CONSTRAINT fk_c_p FOREIGN KEY (p_id) REFERENCES p (id) ON DELETE CASCADE"},
                {
                    "6c. re-pointed at p_shadow under a temporary name",
                    "DROP FOREIGN KEY fk_c_p, ADD CONSTRAINT _fk_c_p_rtfk "
                            + "FOREIGN KEY (p_id) REFERENCES p_shadow (id) ON DELETE CASCADE"
                },
                {
                    "6d. renamed back, naming the index it had",
                    "DROP FOREIGN KEY _fk_c_p_rtfk, ADD CONSTRAINT fk_c_p "
                            + "FOREIGN KEY _fk_c_p_rtfk (p_id) REFERENCES p (id) ON DELETE CASCADE"
                },
                {
                    "6e. renamed again, naming the index it had",
                    "DROP FOREIGN KEY fk_c_p, ADD CONSTRAINT _fk_c_p_rtfk "
                            + "FOREIGN KEY _fk_c_p_rtfk (p_id) REFERENCES p (id) ON DELETE CASCADE"
                },
                {
                    "6f. renamed back, renaming the index too",
                    "DROP FOREIGN KEY _fk_c_p_rtfk, ADD CONSTRAINT fk_c_p "
                            + "FOREIGN KEY (p_id) REFERENCES p (id) ON DELETE CASCADE, RENAME INDEX _fk_c_p_rtfk TO fk_c_p"
                },
                {
                    "6g. re-pointed at p_shadow under a temporary name, renaming the index too",
                    "DROP FOREIGN KEY fk_c_p, "
                            + "ADD CONSTRAINT _fk_c_p_rtfk FOREIGN KEY (p_id) REFERENCES p_shadow (id) ON DELETE CASCADE, "
                            + "RENAME INDEX fk_c_p TO _fk_c_p_rtfk"
                },
                {
                    "6h. pointed back, renaming the index too",
                    "DROP FOREIGN KEY _fk_c_p_rtfk, ADD CONSTRAINT fk_c_p "
                            + "FOREIGN KEY (p_id) REFERENCES p (id) ON DELETE CASCADE, RENAME INDEX _fk_c_p_rtfk TO fk_c_p"
                },
            }) {
                Writer w = new Writer(url);
                Thread.sleep(300);
                long start = System.nanoTime();
                try {
                    s.execute("SET SESSION foreign_key_checks = 0");
                    int rows = s.executeUpdate("ALTER TABLE c " + step[1] + ", ALGORITHM=INPLACE, LOCK=NONE");
                    s.execute("SET SESSION foreign_key_checks = 1");
                    long took = System.nanoTime() - start;
                    Thread.sleep(300);
                    w.stop();
                    say(
                            server,
                            step[0] + ": " + took / 1_000_000 + " ms, rows affected " + rows + ", table id "
                                    + (scalar(s, tableId) == idBefore ? "same" : "CHANGED") + ", writer slowest "
                                    + w.slowest.get() + " ms over " + w.writes.get() + " writes, failed "
                                    + w.failed.get()
                                    + "; indexes "
                                    + text(
                                            s,
                                            "SELECT GROUP_CONCAT(DISTINCT INDEX_NAME) FROM information_schema.STATISTICS "
                                                    + "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'c'")
                                    + "; key now references "
                                    + text(
                                            s,
                                            "SELECT CONCAT(CONSTRAINT_NAME, ' -> ', REFERENCED_TABLE_NAME, ' ', DELETE_RULE) "
                                                    + "FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()"));
                } catch (SQLException e) {
                    s.execute("SET SESSION foreign_key_checks = 1");
                    w.stop();
                    say(server, step[0] + ": REFUSED " + e.getErrorCode() + " " + e.getMessage());
                }
            }
            // 7. ibfk names follow a rename
            s.execute("CREATE TABLE g (id bigint PRIMARY KEY, p_id bigint, FOREIGN KEY (p_id) REFERENCES p (id))");
            String before = text(
                    s,
                    "SELECT CONSTRAINT_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS "
                            + "WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = 'g'");
            s.execute("RENAME TABLE g TO g_old");
            say(
                    server,
                    "7. generated key name " + before + " after RENAME g TO g_old: "
                            + text(
                                    s,
                                    "SELECT CONSTRAINT_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS "
                                            + "WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = 'g_old'"));
            // 8. a referenced table cannot be dropped with checks on
            try {
                s.execute("DROP TABLE p_shadow");
                say(server, "8. DROP TABLE of a referenced table: accepted");
            } catch (SQLException e) {
                say(server, "8. DROP TABLE of a referenced table: " + e.getErrorCode() + " " + e.getMessage());
            }
            // 9. REPLACE on a parent row with children: delete + insert, so the cascade runs
            long before9 = scalar(s, "SELECT COUNT(*) FROM c WHERE p_id = 1");
            s.execute("REPLACE INTO p_shadow (id, v) VALUES (1, 100)");
            say(
                    server,
                    "9. REPLACE of parent row 1 (ON DELETE CASCADE): children " + before9 + " -> "
                            + scalar(s, "SELECT COUNT(*) FROM c WHERE p_id = 1"));
            s.execute("INSERT INTO p_shadow (id, v) VALUES (2, 200) ON DUPLICATE KEY UPDATE v = VALUES(v)");
            long before10 = scalar(s, "SELECT COUNT(*) FROM c WHERE p_id = 3");
            say(
                    server,
                    "10. INSERT ... ON DUPLICATE KEY UPDATE of parent row 2: children of 2 kept: "
                            + scalar(s, "SELECT COUNT(*) FROM c WHERE p_id = 2"));
            // 11. cascades do not fire triggers
            s.execute("CREATE TABLE seen (n int)");
            s.execute("CREATE TRIGGER c_del AFTER DELETE ON c FOR EACH ROW INSERT INTO seen VALUES (1)");
            s.execute("DELETE FROM p_shadow WHERE id = 3");
            say(
                    server,
                    "11. cascade deleted " + (before10 - scalar(s, "SELECT COUNT(*) FROM c WHERE p_id = 3"))
                            + " children; the child's delete trigger ran " + scalar(s, "SELECT COUNT(*) FROM seen")
                            + " times");
        }
    }

    /** Inserts and deletes child rows of parent 4 back to back, timing each. */
    static final class Writer {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong slowest = new AtomicLong();
        final AtomicLong writes = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final CompletableFuture<Void> run;

        Writer(String url) {
            run = CompletableFuture.runAsync(() -> {
                try (Connection c = DriverManager.getConnection(url, "root", "");
                        PreparedStatement ins = c.prepareStatement("INSERT INTO c (p_id, n) VALUES (4, 7)")) {
                    while (!stop.get()) {
                        long t = System.nanoTime();
                        try {
                            ins.executeUpdate();
                        } catch (SQLException e) {
                            failed.incrementAndGet();
                        }
                        slowest.accumulateAndGet((System.nanoTime() - t) / 1_000_000, Math::max);
                        writes.incrementAndGet();
                        Thread.sleep(1);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        void stop() throws Exception {
            stop.set(true);
            run.get();
        }
    }

    static void say(String server, String line) {
        System.out.println("[fk-facts] " + server + ": " + line);
    }

    static String ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000 + " ms";
    }

    static long scalar(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String text(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}

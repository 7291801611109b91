package dev.retort.core.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

/**
 * A fresh, empty database on one of the real servers the tests start, named for test reports.
 *
 * @param label {@code mysql}, {@code mariadb}, {@code postgresql} or {@code h2}
 */
public record TestDatabase(String label, String url, String user) {

    public Connection open() throws SQLException {
        return DriverManager.getConnection(url, user, "");
    }

    /** A database on the embedded MySQL 8 server ({@link MySqlServer}). */
    public static TestDatabase mysql() {
        return new TestDatabase("mysql", MySqlServer.newDatabase(), "root");
    }

    public static TestDatabase mariadb() {
        return new TestDatabase("mariadb", MariaDbServer.newDatabase(), "root");
    }

    public static TestDatabase postgresql() {
        return new TestDatabase("postgresql", PostgresServer.newDatabase(), "postgres");
    }

    /** An H2 file database in a new temporary directory. */
    public static TestDatabase h2() {
        try {
            return new TestDatabase(
                    "h2",
                    "jdbc:h2:file:" + Files.createTempDirectory("retort-h2").resolve("db"),
                    "sa");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One new database on each server. */
    public static List<TestDatabase> each() {
        return List.of(mysql(), mariadb(), postgresql(), h2());
    }

    @Override
    public String toString() {
        return label;
    }
}

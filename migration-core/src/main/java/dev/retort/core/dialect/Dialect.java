package dev.retort.core.dialect;

import dev.retort.core.ops.Operation;
import dev.retort.migration.ColumnType;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * How one database family spells Retort's operations. One implementation per database, chosen
 * from what the connection reports ({@link Dialects#detect}) or by name for offline work.
 */
public interface Dialect {

    /** The name used by {@code migrate.dialect}: {@code mysql}, {@code mariadb}, {@code postgresql}, {@code h2}. */
    String name();

    /** The statements that perform the operation, in order. */
    List<String> toSql(Operation op);

    /** The column type as Hibernate ORM creates it on this database for the same mapping. */
    String columnType(ColumnType type);

    /** An identifier, quoted where this database needs it. */
    String quote(String identifier);

    /** Creates the history table when it does not exist; idempotent. */
    List<String> createHistoryTable(String table);

    /** True when DDL can run inside a transaction that rolls back with it. */
    boolean transactionalDdl();

    /**
     * Takes the database-wide migration lock, waiting at most {@code wait}. The lock belongs to the
     * connection's session, so a killed process never leaves it behind.
     *
     * @return false when the wait ran out
     */
    boolean lock(Connection connection, String name, Duration wait) throws SQLException;

    /** Releases the lock taken by {@link #lock}. */
    void unlock(Connection connection, String name) throws SQLException;
}

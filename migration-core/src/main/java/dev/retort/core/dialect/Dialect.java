package dev.retort.core.dialect;

import dev.retort.core.model.QualifiedName;
import dev.retort.core.model.Schema;
import dev.retort.core.ops.BackfillColumn;
import dev.retort.core.ops.CreateTable;
import dev.retort.core.ops.DropCheck;
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

    /**
     * The statements that perform the operation on a table that exists and is in use, in order:
     * the online form (MySQL/MariaDB state {@code ALGORITHM=}/{@code LOCK=}; PostgreSQL builds
     * indexes {@code CONCURRENTLY} and validates constraints after adding them {@code NOT VALID}),
     * as data: the runner states other clauses on them before it renders them.
     */
    List<Ddl> statements(Operation op);

    /**
     * The statements for an operation on a table created earlier in the same revision: empty and
     * unseen by the application, so it needs none of the online precautions (which on PostgreSQL
     * would also cost the revision its single transaction).
     */
    default List<Ddl> statementsForNewTable(Operation op) {
        return statements(op);
    }

    /**
     * The statements step {@code index} of a revision runs: the plain form ({@link
     * #statementsForNewTable}) on a table an earlier step of the same revision created, else the
     * online form. The runner and offline scripts plan steps alike through this.
     */
    default List<Ddl> statements(List<Operation> ops, int index) {
        return createdEarlier(ops, index) ? statementsForNewTable(ops.get(index)) : statements(ops.get(index));
    }

    /**
     * {@link #statements(List, int)} knowing the schema right before the step (null when unknown): a check
     * this database never created ({@link #checkCondition} empty here, as for a JSON aggregate whose only
     * constraint is an enum PostgreSQL alone checks) is dropped with no statement, as it was added with none.
     */
    default List<Ddl> statements(List<Operation> ops, int index, Schema before) {
        if (before != null
                && ops.get(index) instanceof DropCheck d
                && before.table(d.table())
                        .flatMap(t -> t.check(d.name()))
                        .map(c -> checkCondition(c).isEmpty())
                        .orElse(false)) {
            return List.of();
        }
        if (before != null
                && ops.get(index) instanceof BackfillColumn b
                && before.table(b.table())
                        .flatMap(t -> t.column(b.column()))
                        .map(c -> c.absentOn(name()))
                        .orElse(false)) {
            // a backfill of a column that does not exist on this database (@TimeZoneStorage(AUTO)'s offset on H2)
            return List.of();
        }
        return statements(ops, index);
    }

    /** True when an earlier step of the same revision created the table step {@code index} changes. */
    static boolean createdEarlier(List<Operation> ops, int index) {
        String table = ops.get(index).table();
        for (int k = 0; k < index; k++) {
            if (ops.get(k) instanceof CreateTable c && c.table().equalsIgnoreCase(table)) {
                return true;
            }
        }
        return false;
    }

    /** {@link #statements} as SQL text. */
    default List<String> toSql(Operation op) {
        return statements(op).stream().map(Ddl::render).toList();
    }

    /** {@link #statementsForNewTable} as SQL text. */
    default List<String> toSqlForNewTable(Operation op) {
        return statementsForNewTable(op).stream().map(Ddl::render).toList();
    }

    /**
     * Checks on existing rows that must find nothing before the operation's statements run; empty
     * when the operation cannot fail on data or the database's own error says it well enough.
     */
    default List<Guard> guards(Operation op) {
        return List.of();
    }

    /**
     * True when the statement cannot run inside a transaction block or must commit on its own to
     * keep its lock short ({@code CREATE INDEX CONCURRENTLY}, {@code VALIDATE CONSTRAINT}): a
     * revision with such a statement runs step by step, journaled, like on MySQL.
     */
    default boolean requiresAutocommit(Ddl statement) {
        return statement.alone();
    }

    /**
     * False when the server parses CHECK constraints but neither stores nor enforces them (MySQL
     * before 8.0.16): Retort then creates and drops no checks there, and drift detection expects none.
     */
    default boolean keepsChecks() {
        return true;
    }

    /**
     * False when the server parses {@code DESC} on an index column but builds the column ascending
     * (MariaDB before 10.8): Retort still writes {@code DESC}, as Hibernate does, and drift detection
     * expects the index the server keeps, every column ascending.
     */
    default boolean keepsDescendingIndexes() {
        return true;
    }

    /**
     * {@code guard} as statements of a SQL script written offline, run through the database's own
     * client, that fail the script when the guard's query counts any row, so the script stops where
     * upgrade stops; empty where no such statement runs in the database's script tool (H2), whose own
     * statements then refuse the rows.
     */
    default List<String> scriptGuard(Guard guard) {
        return List.of();
    }

    /**
     * True for a database only development runs on (H2): safety findings warn there but never
     * block, since nothing runs there that production users could feel.
     */
    default boolean developmentOnly() {
        return false;
    }

    /** What a SQL script written offline for this database must say about how to run it, one line each. */
    default List<String> scriptNotes() {
        return List.of();
    }

    /** The column type as Hibernate ORM creates it on this database for the same mapping. */
    String columnType(ColumnType type);

    /**
     * A check's condition in this database's SQL, as Hibernate ORM declares it here: a check the model
     * writes per database (a {@link dev.retort.core.model.JsonAggregateCheck}) in this database's JSON
     * syntax, any other with its names quoted as this database quotes them. Empty when the check has
     * nothing to test on this database (a JSON aggregate whose only constraint is an enum this database
     * checks by type): Retort then creates no check here, as Hibernate creates none.
     */
    String checkCondition(dev.retort.core.model.Check check);

    /**
     * An identifier, quoted where this database needs it. A qualified table or sequence name
     * ({@link QualifiedName}: {@code sales.orders}) comes back with each part quoted, keeping the
     * parts this database uses ({@link #usesSchema}, {@link #usesCatalog}).
     */
    String quote(String identifier);

    /**
     * True when this database puts an object into the schema a qualified name states (PostgreSQL,
     * H2); false where Hibernate drops the schema from the name (MySQL, MariaDB: a schema there is a
     * database, which JPA calls the catalog).
     */
    default boolean usesSchema() {
        return true;
    }

    /** True when this database puts an object into the catalog a qualified name states (MySQL, MariaDB, H2). */
    default boolean usesCatalog() {
        return false;
    }

    /**
     * The qualifier this database uses of {@code name}, each part as written: the schema
     * (PostgreSQL), the catalog (MySQL, MariaDB: the database), both (H2, {@code catalog.schema});
     * null when it uses none. Names whose qualifier this database drops land in the connection's
     * default schema, as Hibernate's DDL puts them.
     */
    default String namespace(String name) {
        QualifiedName q = QualifiedName.parse(name);
        String catalog = usesCatalog() ? q.catalog() : null;
        String schema = usesSchema() ? q.schema() : null;
        if (catalog == null && schema == null) {
            return null;
        }
        return catalog == null ? schema : schema == null ? catalog : catalog + "." + schema;
    }

    /**
     * The one part of {@code name}'s qualifier that says where the object lives on this database, for
     * reading a live schema: the schema (PostgreSQL, H2, whose catalog can only be the database
     * itself), the catalog (MySQL, MariaDB: the database); null when {@code name} states none.
     */
    default String namespacePart(String name) {
        QualifiedName q = QualifiedName.parse(name);
        return usesSchema() ? q.schema() : usesCatalog() ? q.catalog() : null;
    }

    /** {@code name} with the qualifier this database uses, each part quoted by {@code quotePart}. */
    default String quoteQualified(String name, java.util.function.UnaryOperator<String> quotePart) {
        QualifiedName q = QualifiedName.parse(name);
        StringBuilder out = new StringBuilder();
        if (usesCatalog() && q.catalog() != null) {
            out.append(quotePart.apply(q.catalog())).append('.');
        }
        if (usesSchema() && q.schema() != null) {
            out.append(quotePart.apply(q.schema())).append('.');
        }
        return out.append(quotePart.apply(q.name())).toString();
    }

    /** Creates the history table when it does not exist; idempotent. */
    List<String> createHistoryTable(String table);

    /**
     * Brings a history table that an earlier Retort version created up to the current shape: adds
     * the per-step checksum and downgrade-progress columns (rows keep theirs; the new columns start
     * empty), and on MySQL/MariaDB converts it to utf8mb4. Run once, when those columns are missing.
     */
    List<String> upgradeHistoryTable(String table);

    /** True when DDL can run inside a transaction that rolls back with it. */
    boolean transactionalDdl();

    /**
     * Takes the migration lock of the connection's schema (database on MySQL/MariaDB), waiting at
     * most {@code wait}: runs on one schema wait for each other, runs on unrelated schemas of one
     * server do not. The lock belongs to the connection's session, so a killed process never
     * leaves it behind.
     *
     * @return false when the wait ran out
     */
    boolean lock(Connection connection, String name, Duration wait) throws SQLException;

    /** Releases the lock taken by {@link #lock}. */
    void unlock(Connection connection, String name) throws SQLException;

    /**
     * True when this connection's session still holds the lock {@link #lock} took: a driver that
     * reconnected, or a pooler that handed the statement to another server connection, has lost
     * it. Checked before each journal write.
     */
    default boolean holdsLock(Connection connection, String name) throws SQLException {
        return true;
    }

    /**
     * {@link #holdsLock} as a condition the journal writes carry ({@link LockHeld}), so that the
     * check before each write is no statement of its own; null where the database cannot say it in
     * a statement (then {@link #holdsLock} is asked before each write).
     */
    default LockHeld lockHeld(Connection connection, String name) throws SQLException {
        return null;
    }

    /**
     * One statement writing {@code rows} rows of the history table while {@code held} is true: each
     * row is inserted, or where its key exists, only {@code onExisting} of its columns are updated.
     * It lets the journal mark one revision applied and record the next as started in a single
     * round trip. Parameters, row by row: the row's {@code columns} in order, then the condition's. Null
     * where the database has no such statement (then the rows are written one by one).
     */
    default String upsertHistoryRows(
            String table, List<String> columns, List<String> onExisting, int rows, LockHeld held) {
        return null;
    }
    /** Where this database keeps its schema and how it reports it, for reading a live schema ({@link Catalog}). */
    Catalog catalog();

    /** This database's answers to what running DDL on the connection needs ({@link Session}). */
    Session session(Connection connection, Session.Context context);
}

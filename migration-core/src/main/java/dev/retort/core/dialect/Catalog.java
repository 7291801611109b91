package dev.retort.core.dialect;

import dev.retort.migration.ReferentialAction;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Where one database keeps its schema and how it reports it: the queries for what
 * {@code information_schema} and JDBC's {@link java.sql.DatabaseMetaData} do not answer alike, the
 * database's one spelling of each native type, and the objects it makes on its own (indexes for
 * foreign keys, checks for enum columns). Schema reading and drift detection walk the catalog
 * through these answers and never ask which database it is. The defaults are the SQL standard's
 * {@code information_schema}; one implementation per database, from {@link Dialect#catalog}.
 */
public interface Catalog {

    /** Reads a column's type from a row of {@link #columnsQuery()}, as the database reports it. */
    @FunctionalInterface
    interface TypeReader {

        String type(ResultSet row) throws SQLException;
    }

    /** A query without parameters returning the connection's own database or schema. */
    String currentSchemaQuery();

    /** A query returning the schema's sequence names, the schema its one parameter; null when the database has no sequences. */
    default String sequencesQuery() {
        return "SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = ?";
    }

    /**
     * A query returning the attributes of the schema's user-defined composite types (the schema its one
     * parameter), laid out as {@link #columnsQuery()}'s rows are (type name, attribute name, type, …), in
     * attribute order; null when the database has no such types.
     */
    default String typesQuery() {
        return null;
    }

    /** True for a sequence the database made for an identity column, listed with the others but the column's business. */
    default boolean identitySequence(String name) {
        return false;
    }

    /**
     * True when a table of one {@code next_val} column without a primary key stands for a
     * sequence: Retort keeps such tables where the database has no sequences, as Hibernate does.
     */
    default boolean sequencesAreTables() {
        return false;
    }

    /**
     * A query returning the schema's columns ordered by table and position, the schema its one
     * parameter: table, column, type (read by {@link #typeReader}), {@code YES} when nullable,
     * default, true for an identity or auto-increment column, comment; further columns as the
     * type reader needs them.
     */
    String columnsQuery();

    /** How to read the type of one row of {@link #columnsQuery()} in {@code schema}: called once per read. */
    TypeReader typeReader(Connection connection, String schema) throws SQLException;

    /**
     * One spelling per native type, so what the dialect renders for a migration's column type and
     * what the catalog reports for the live column compare as text: {@code int(11)} and
     * {@code integer} are both {@code int} on MySQL, {@code float(53)} and {@code double precision}
     * both {@code double precision} on PostgreSQL and H2.
     */
    String nativeType(String type);

    /**
     * How the columns of a unique constraint {@code tc} (information_schema.table_constraints) are
     * joined as {@code k}, with {@code column_name}, {@code ordinal_position} and {@code table_name}.
     */
    default String uniqueColumnsJoin() {
        return "JOIN information_schema.key_column_usage k ON k.constraint_schema = tc.constraint_schema "
                + "AND k.constraint_name = tc.constraint_name ";
    }

    /**
     * A query returning a table's plain indexes (those no constraint owns), one row per column:
     * index name, true when unique, column, position, true when the column is descending; schema and
     * table its parameters. Null to read them from JDBC's {@code getIndexInfo}.
     */
    default String indexesQuery() {
        return null;
    }

    /**
     * True when the database makes an index named after a foreign key whose columns no index
     * covers, and keeps it after the key is dropped: it belongs to the key, not to the schema.
     */
    default boolean indexesForeignKeys() {
        return false;
    }

    /** The catalog argument of JDBC's metadata calls for the connection's own schema. */
    default String jdbcCatalog(Connection connection) throws SQLException {
        return null;
    }

    /** The schema argument of JDBC's metadata calls for {@code schema}. */
    default String jdbcSchema(String schema) {
        return schema;
    }

    /** What a foreign key the driver reports as {@code importedKeyRestrict} does. */
    default ReferentialAction restrict() {
        return ReferentialAction.RESTRICT;
    }

    /** A query returning the schema's checks: table, name, clause (with or without {@code CHECK}); the schema its one parameter. */
    default String checksQuery() {
        return "SELECT tc.table_name, tc.constraint_name, cc.check_clause FROM information_schema.table_constraints tc "
                + "JOIN information_schema.check_constraints cc ON cc.constraint_schema = tc.constraint_schema "
                + "AND cc.constraint_name = tc.constraint_name WHERE tc.table_schema = ? AND tc.constraint_type = 'CHECK'";
    }

    /** A query returning the schema's tables with their comments: table, comment; the schema its one parameter. */
    default String tableCommentsQuery() {
        return "SELECT table_name, remarks FROM information_schema.tables WHERE table_schema = ?";
    }

    /** True when a string default as the catalog shows it escapes with backslashes ({@code 'ends in \\'}). */
    default boolean backslashEscapes() {
        return false;
    }

    /** The name of the check an enum column's type carries, or null when the type carries none. */
    default String enumCheckName(String table, String column) {
        return null;
    }

    /**
     * A query listing, by name, what a killed statement can leave half made in the current schema
     * (PostgreSQL: INVALID indexes, constraints still NOT VALID), which must not count as a step
     * done; null where a statement is all or nothing.
     */
    default String unfinishedQuery() {
        return null;
    }
}

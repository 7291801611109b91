package dev.retort.core.introspect;

import dev.retort.core.model.Check;
import dev.retort.core.model.ForeignKey;
import dev.retort.core.model.Identifiers;
import dev.retort.core.model.Index;
import java.util.List;
import java.util.Optional;

/**
 * The schema a live database has, as its catalog reports it. Column types stay in the database's
 * own spelling ({@code character varying(50)} normalised to {@code varchar(50)}): they are compared
 * with what the dialect renders for the migrations' types, so a type Retort cannot express (a
 * hand-added {@code json} column) is still reported exactly.
 *
 * Names are compared with the model's as Retort compares plain names: ignoring case, and with the
 * model's quotes taken off ({@code `Order`} is the live {@code Order}).
 *
 * <p>Tables and sequences of the connection's default schema (database on MySQL/MariaDB) have plain
 * names; those of another schema that the expected model names are qualified by it, {@code
 * sales.orders}, in the database's spelling (on MySQL/MariaDB the database).
 *
 * @param sequences sequence names (on MySQL, which has none, the one-row tables Retort uses instead)
 * @param defaultNamespace the connection's default schema (database on MySQL/MariaDB); null when unknown
 * @param types user-defined composite types (PostgreSQL's {@code create type … as (…)}); empty elsewhere
 */
public record LiveSchema(
        List<LiveTable> tables, List<String> sequences, String defaultNamespace, List<LiveType> types) {

    public LiveSchema {
        tables = List.copyOf(tables);
        sequences = List.copyOf(sequences);
        types = types == null ? List.of() : List.copyOf(types);
    }

    /** A live schema without user-defined types. */
    public LiveSchema(List<LiveTable> tables, List<String> sequences, String defaultNamespace) {
        this(tables, sequences, defaultNamespace, List.of());
    }

    /** A composite type as the catalog reports it: its attributes in order, their types in the dialect's normal form. */
    public record LiveType(String name, List<LiveColumn> attributes) {

        public LiveType {
            attributes = List.copyOf(attributes);
        }
    }

    /**
     * A live schema read from the connection's default schema alone (or whose other schemas are
     * named {@code schema.table}).
     */
    public LiveSchema(List<LiveTable> tables, List<String> sequences) {
        this(tables, sequences, null);
    }

    public Optional<LiveTable> table(String name) {
        return tables.stream().filter(t -> Identifiers.sameText(t.name(), name)).findFirst();
    }

    /** A table as the catalog reports it; indexes exclude the primary key's and those the database made for a foreign key. */
    public record LiveTable(
            String name,
            List<LiveColumn> columns,
            List<String> primaryKey,
            List<Index> indexes,
            List<ForeignKey> foreignKeys,
            List<Check> checks,
            String comment) {

        public LiveTable {
            columns = List.copyOf(columns);
            primaryKey = List.copyOf(primaryKey);
            indexes = List.copyOf(indexes);
            foreignKeys = List.copyOf(foreignKeys);
            checks = List.copyOf(checks);
            comment = comment == null || comment.isEmpty() ? null : comment;
        }

        /** A table without comment. */
        public LiveTable(
                String name,
                List<LiveColumn> columns,
                List<String> primaryKey,
                List<Index> indexes,
                List<ForeignKey> foreignKeys,
                List<Check> checks) {
            this(name, columns, primaryKey, indexes, foreignKeys, checks, null);
        }

        public Optional<LiveColumn> column(String name) {
            return columns.stream()
                    .filter(c -> Identifiers.sameText(c.name(), name))
                    .findFirst();
        }
    }

    /**
     * @param nativeType   the type in the dialect's normal form ({@link dev.retort.core.dialect.Catalog#nativeType})
     * @param defaultValue the default as the catalog shows it, or null
     */
    public record LiveColumn(
            String name,
            String nativeType,
            boolean nullable,
            boolean autoIncrement,
            String defaultValue,
            String comment) {}
}

package dev.retort.migration;

import java.util.List;

/**
 * The operations a migration records. Names are physical table, column, index and constraint
 * names, exactly as they appear in the database.
 *
 * <p>A table or sequence in another schema or catalog is named with it, dots between the parts, as
 * JPA's {@code schema} and {@code catalog} state it: {@code "sales.invoice"} (schema {@code sales}),
 * {@code "shop..invoice"} (catalog {@code shop}: the database on MySQL and MariaDB),
 * {@code "shop.sales.invoice"} (both). Each database uses the part Hibernate uses there (PostgreSQL
 * the schema, MySQL and MariaDB the catalog, H2 both); the schema is created when missing. Index and
 * constraint names stay plain: they live in their table's schema.
 */
public interface Operations {

    /** Creates a table; columns marked {@link Column#primaryKey()} form its primary key, in order. */
    Step createTable(String table, Column... columns);

    /** Drops a table and its rows. Destroys data: needs {@link Step#acceptDataLoss()}. */
    Step dropTable(String table);

    /** Adds a column to an existing table. */
    Step addColumn(String table, Column column);

    /**
     * Drops a column and its values. Destroys data: needs {@link Step#acceptDataLoss()}. A column
     * defined {@link Column#absentOn absent on} some databases is dropped with
     * {@code .absentOn(...)} naming them.
     */
    ColumnStep dropColumn(String table, String column);

    /**
     * Changes a column's type or nullability. {@code from} is the definition before the change,
     * stated so the step can be inverted and checked against the replayed schema; a narrowing
     * change (shorter, smaller, different kind) destroys data and needs {@link Step#acceptDataLoss()}.
     */
    Step alterColumn(String table, Column from, Column to);

    /**
     * Creates a non-unique index. A column followed by {@code " DESC"} is sorted descending
     * ({@code op.createIndex("post", "post_recent", "created_at DESC", "id")}), as in
     * {@code @Index(columnList)}; {@code " ASC"}, the default, may be written too.
     */
    Step createIndex(String table, String name, String... columns);

    /** Drops an index. */
    Step dropIndex(String table, String name);

    /** Adds a unique constraint. */
    Step addUnique(String table, String name, String... columns);

    /** Drops a unique constraint. */
    Step dropUnique(String table, String name);

    /** Adds a foreign key; existing rows must satisfy it. */
    Step addForeignKey(String table, ForeignKey foreignKey);

    /** Drops a foreign key. */
    Step dropForeignKey(String table, String name);

    /** Adds a check constraint; {@code expression} is SQL, e.g. {@code "price >= 0"}. */
    Step addCheck(String table, String name, String expression);

    /** Drops a check constraint. */
    Step dropCheck(String table, String name);

    /** Creates a sequence (on MySQL, which has none, the table Hibernate uses in its place). */
    Step createSequence(String name, long start, int increment);

    /** Drops a sequence. */
    Step dropSequence(String name);

    /**
     * Creates a user-defined composite type, for an embeddable Hibernate stores as a struct
     * ({@code @Struct(name = "postal_address")}): {@code op.createType("postal_address",
     * column("street", varchar(255)), column("zip", varchar(10)))}, the attributes in the type's order;
     * a column of {@link Types#struct} then names it. PostgreSQL only, as in Hibernate: the other
     * databases refuse the migration before any statement runs. Nullability of an attribute is ignored
     * (a composite type's attributes have none).
     */
    Step createType(String name, Column... attributes);

    /** Drops a user-defined composite type, after the columns and types of that type are gone. */
    Step dropType(String name);

    /**
     * Sets a table's comment ({@code @Comment} on the entity, {@code @Table(comment)}); a
     * {@code null} comment removes it. Changes metadata only.
     */
    Step setTableComment(String table, String comment);

    /** Renames a table, keeping its rows. */
    Step renameTable(String from, String to);

    /**
     * Renames a column, keeping its values; with {@code .absentOn(...)} when the column is defined
     * {@link Column#absentOn absent on} some databases.
     */
    ColumnStep renameColumn(String table, String from, String to);

    /**
     * Replaces the table's primary key: {@code from} is the key before the change (empty when the
     * table had none), stated so the step can be inverted and checked against the replayed schema;
     * {@code to} is the new key (empty to drop it). Fails while the new key's columns hold NULLs or
     * duplicates; rebuilds the table on most databases.
     */
    Step alterPrimaryKey(String table, List<String> from, List<String> to);

    /** Renames an index, keeping its definition. */
    Step renameIndex(String table, String from, String to);

    /** Renames a unique constraint (and the index that backs it). */
    Step renameUnique(String table, String from, String to);

    /**
     * Changes a sequence's recorded start and its increment. The sequence keeps its current value:
     * only values drawn afterwards use the new increment. {@code fromStart} and {@code fromIncrement}
     * state the definition before the change, so the step can be inverted.
     */
    Step alterSequence(String name, long fromStart, int fromIncrement, long toStart, int toIncrement);

    /**
     * Declares that this revision cannot be reverted, and why. Written in {@code downgrade}, it
     * makes {@code migrate:downgrade} refuse, before running anything, to go below this revision;
     * the reason is what the refusal prints. Runs no SQL.
     */
    Step irreversible(String reason);

    /**
     * Fills {@code column} of the rows where it is NULL with an SQL expression over the row's own
     * columns ({@code "lower(email)"}, {@code "0"}). Runs in primary-key batches, each its own short
     * transaction, throttled so the application's writes keep flowing; a killed run resumes where it
     * stopped. Never overwrites a value, so running it twice changes nothing. A {@code null}
     * expression is a placeholder for the reviewer: {@code migrate:upgrade} refuses the plan until
     * the source states the value.
     */
    Backfill backfill(String table, String column, String sqlExpression);

    /**
     * Fills {@code column} of the rows where it is NULL with values computed in Java, batched and
     * resumable as {@link #backfill(String, String, String)}. The function sees the row's primary
     * key and the columns named in {@code reads}. Its code is not part of the revision's checksum:
     * the description is.
     */
    Backfill backfill(String table, String column, RowFunction function, String... reads);
}

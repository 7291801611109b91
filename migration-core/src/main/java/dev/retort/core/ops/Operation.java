package dev.retort.core.ops;

import dev.retort.core.model.Schema;
import java.util.List;

/**
 * One recorded schema change, as data. The same value is replayed in memory (to rebuild the
 * schema at a revision), inverted (to write a downgrade), checked for data loss, and rendered to
 * SQL by a dialect.
 */
public sealed interface Operation
        permits CreateTable, DropTable, AddColumn, DropColumn, AlterColumn, CreateIndex, DropIndex {

    /** The table the operation changes. */
    String table();

    /**
     * The schema after this operation.
     *
     * @throws ReplayException when the operation does not fit the schema (a missing table, a
     *                         duplicate column): the migration and the schema disagree
     */
    Schema applyTo(Schema schema);

    /** The operations that undo this one, given the schema it was applied to. */
    List<Operation> inverse(Schema before);

    /** True when running the operation destroys stored data. */
    boolean destroysData();

    /** True when the migration source acknowledged the data loss. */
    boolean dataLossAccepted();

    /** The same operation with its data loss acknowledged. */
    Operation acceptingDataLoss();

    /** A one-line, stable description: used in logs, errors and the checksum. */
    String describe();

    static Schema requireTable(Schema schema, String table, String what) {
        if (schema.table(table).isEmpty()) {
            throw new ReplayException(what + ": table " + table + " does not exist");
        }
        return schema;
    }
}

package dev.retort.core.ops;

import dev.retort.core.model.Schema;
import java.util.List;
import java.util.Optional;

/**
 * One recorded schema change, as data. The same value is replayed in memory (to rebuild the
 * schema at a revision), inverted (to write a downgrade), checked for data loss, and rendered to
 * SQL by a dialect.
 */
public sealed interface Operation
        permits CreateTable,
                DropTable,
                AddColumn,
                DropColumn,
                AlterColumn,
                RenameTable,
                RenameColumn,
                CreateIndex,
                DropIndex,
                AddForeignKey,
                DropForeignKey,
                AddCheck,
                DropCheck,
                CreateSequence,
                DropSequence,
                AlterPrimaryKey,
                RenameIndex,
                AlterSequence,
                Irreversible,
                BackfillColumn,
                SetTableComment,
                CreateType,
                DropType {

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
    default boolean destroysData() {
        return false;
    }

    /**
     * True when running the operation destroys stored data on this database: a drop of a column
     * {@link dev.retort.core.model.Column#absentOn absent} there destroys nothing.
     */
    default boolean destroysDataOn(String database) {
        return on(database).map(Operation::destroysData).orElse(false);
    }

    /** True when the migration source acknowledged the data loss. */
    default boolean dataLossAccepted() {
        return false;
    }

    /** The same operation with its data loss acknowledged. */
    default Operation acceptingDataLoss() {
        return this;
    }

    /**
     * This operation as it runs on one database ({@code migrate.dialect} name): empty when it only
     * concerns a column {@link dev.retort.core.model.Column#absentOn absent} there, so it runs no SQL
     * (and is still journaled as done); a table created without such columns; else itself.
     */
    default Optional<Operation> on(String database) {
        return Optional.of(this);
    }

    /** A one-line, stable description: used in logs, errors and the checksum. */
    String describe();

    /** The table, or a replay error naming the operation. */
    static dev.retort.core.model.Table table(Schema schema, String table, String what) {
        return schema.table(table)
                .orElseThrow(() -> new ReplayException(what + ": table " + table + " does not exist"));
    }

    /** True when some constraint name is already used in the schema (names are schema-wide on most databases). */
    static boolean constraintNameTaken(Schema schema, String name) {
        return schema.tables().stream()
                .anyMatch(t -> t.index(name).isPresent()
                        || t.foreignKey(name).isPresent()
                        || t.check(name).isPresent());
    }

    /**
     * Calls the visitor's method for this operation's kind. Dispatch over operations goes through
     * here rather than {@code instanceof} chains, so a new operation fails to compile until every
     * dialect, writer and analyzer handles it.
     */
    <R> R accept(Visitor<R> visitor);

    /** One method per operation kind; see {@link #accept}. */
    interface Visitor<R> {
        R createTable(CreateTable op);

        R dropTable(DropTable op);

        R addColumn(AddColumn op);

        R dropColumn(DropColumn op);

        R alterColumn(AlterColumn op);

        R renameTable(RenameTable op);

        R renameColumn(RenameColumn op);

        R createIndex(CreateIndex op);

        R dropIndex(DropIndex op);

        R addForeignKey(AddForeignKey op);

        R dropForeignKey(DropForeignKey op);

        R addCheck(AddCheck op);

        R dropCheck(DropCheck op);

        R createSequence(CreateSequence op);

        R dropSequence(DropSequence op);

        R alterPrimaryKey(AlterPrimaryKey op);

        R renameIndex(RenameIndex op);

        R alterSequence(AlterSequence op);

        R irreversible(Irreversible op);

        R backfillColumn(BackfillColumn op);

        R setTableComment(SetTableComment op);

        R createType(CreateType op);

        R dropType(DropType op);
    }
}

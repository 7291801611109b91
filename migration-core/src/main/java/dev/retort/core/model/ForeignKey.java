package dev.retort.core.model;

import dev.retort.migration.ReferentialAction;
import java.util.List;
import java.util.Objects;

/**
 * A foreign key of the schema snapshot.
 *
 * @param onDelete null means {@link ReferentialAction#NO_ACTION}, the SQL default
 * @param onUpdate null means {@link ReferentialAction#NO_ACTION}
 * @param source   the mapping element it came from, for review comments; never compared
 */
public record ForeignKey(
        String name,
        List<String> columns,
        String referencedTable,
        List<String> referencedColumns,
        ReferentialAction onDelete,
        ReferentialAction onUpdate,
        String source) {

    public ForeignKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(referencedTable, "referencedTable");
        columns = List.copyOf(columns);
        referencedColumns = List.copyOf(referencedColumns);
        if (columns.isEmpty() || columns.size() != referencedColumns.size()) {
            throw new IllegalArgumentException("foreign key " + name + ": " + columns.size() + " column(s) reference "
                    + referencedColumns.size() + " column(s)");
        }
        onDelete = onDelete == ReferentialAction.NO_ACTION ? null : onDelete;
        onUpdate = onUpdate == ReferentialAction.NO_ACTION ? null : onUpdate;
    }

    public ReferentialAction deleteAction() {
        return onDelete == null ? ReferentialAction.NO_ACTION : onDelete;
    }

    public ReferentialAction updateAction() {
        return onUpdate == null ? ReferentialAction.NO_ACTION : onUpdate;
    }

    /** True when both describe the same physical constraint, whatever their source. */
    public boolean sameDefinition(ForeignKey o) {
        return name.equals(o.name)
                && columns.equals(o.columns)
                && referencedTable.equalsIgnoreCase(o.referencedTable)
                && referencedColumns.equals(o.referencedColumns)
                && deleteAction() == o.deleteAction()
                && updateAction() == o.updateAction();
    }

    public ForeignKey withReferencedTable(String table) {
        return new ForeignKey(name, columns, table, referencedColumns, onDelete, onUpdate, source);
    }

    public ForeignKey withColumns(List<String> newColumns, List<String> newReferenced) {
        return new ForeignKey(name, newColumns, referencedTable, newReferenced, onDelete, onUpdate, source);
    }
}

package dev.retort.migration;

import java.util.List;
import java.util.Objects;

/**
 * A foreign key in the operations DSL:
 * {@code foreignKey("fk_purchase_customer", "customer_id").references("customer", "id").onDelete(CASCADE)}.
 * Immutable; each modifier returns a new definition.
 */
public final class ForeignKey {

    private final String name;
    private final List<String> columns;
    private final String referencedTable;
    private final List<String> referencedColumns;
    private final ReferentialAction onDelete;
    private final ReferentialAction onUpdate;

    private ForeignKey(
            String name,
            List<String> columns,
            String referencedTable,
            List<String> referencedColumns,
            ReferentialAction onDelete,
            ReferentialAction onUpdate) {
        this.name = Objects.requireNonNull(name, "name");
        this.columns = List.copyOf(columns);
        this.referencedTable = referencedTable;
        this.referencedColumns = List.copyOf(referencedColumns);
        this.onDelete = Objects.requireNonNull(onDelete, "onDelete");
        this.onUpdate = Objects.requireNonNull(onUpdate, "onUpdate");
    }

    /** A foreign key named {@code name} over the given columns of the referencing table. */
    public static ForeignKey foreignKey(String name, String... columns) {
        return new ForeignKey(
                name, List.of(columns), null, List.of(), ReferentialAction.NO_ACTION, ReferentialAction.NO_ACTION);
    }

    /** The referenced table and columns, in the order of this key's columns. */
    public ForeignKey references(String table, String... referencedColumns) {
        return new ForeignKey(name, columns, table, List.of(referencedColumns), onDelete, onUpdate);
    }

    public ForeignKey onDelete(ReferentialAction action) {
        return new ForeignKey(name, columns, referencedTable, referencedColumns, action, onUpdate);
    }

    public ForeignKey onUpdate(ReferentialAction action) {
        return new ForeignKey(name, columns, referencedTable, referencedColumns, onDelete, action);
    }

    public String name() {
        return name;
    }

    public List<String> columns() {
        return columns;
    }

    public String referencedTable() {
        return referencedTable;
    }

    public List<String> referencedColumns() {
        return referencedColumns;
    }

    public ReferentialAction deleteAction() {
        return onDelete;
    }

    public ReferentialAction updateAction() {
        return onUpdate;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ForeignKey f
                && name.equals(f.name)
                && columns.equals(f.columns)
                && Objects.equals(referencedTable, f.referencedTable)
                && referencedColumns.equals(f.referencedColumns)
                && onDelete == f.onDelete
                && onUpdate == f.onUpdate;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, columns, referencedTable, referencedColumns, onDelete, onUpdate);
    }

    @Override
    public String toString() {
        return name + " " + columns + " -> " + referencedTable + referencedColumns;
    }
}

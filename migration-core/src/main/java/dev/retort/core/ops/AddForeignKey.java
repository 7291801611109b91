package dev.retort.core.ops;

import dev.retort.core.model.ForeignKey;
import dev.retort.core.model.Schema;
import dev.retort.core.model.Table;
import java.util.ArrayList;
import java.util.List;

/** Adds a foreign key. */
public record AddForeignKey(String table, ForeignKey foreignKey) implements Operation {

    @Override
    public Schema applyTo(Schema schema) {
        Table t = Operation.table(schema, table, describe());
        Table target = Operation.table(schema, foreignKey.referencedTable(), describe());
        if (Operation.constraintNameTaken(schema, foreignKey.name())) {
            throw new ReplayException(describe() + ": the name " + foreignKey.name() + " is already used");
        }
        for (String c : foreignKey.columns()) {
            t.column(c)
                    .orElseThrow(
                            () -> new ReplayException(describe() + ": column " + table + "." + c + " does not exist"));
        }
        for (String c : foreignKey.referencedColumns()) {
            target.column(c)
                    .orElseThrow(() -> new ReplayException(
                            describe() + ": referenced column " + target.name() + "." + c + " does not exist"));
        }
        List<ForeignKey> fks = new ArrayList<>(t.foreignKeys());
        fks.add(foreignKey);
        return schema.with(t.withForeignKeys(fks));
    }

    @Override
    public List<Operation> inverse(Schema before) {
        return List.of(new DropForeignKey(table, foreignKey.name()));
    }

    @Override
    public String describe() {
        return "addForeignKey " + table + "." + foreignKey.name() + " " + foreignKey.columns() + " -> "
                + foreignKey.referencedTable() + foreignKey.referencedColumns()
                + (foreignKey.onDelete() == null
                        ? ""
                        : " ON DELETE " + foreignKey.onDelete().sql())
                + (foreignKey.onUpdate() == null
                        ? ""
                        : " ON UPDATE " + foreignKey.onUpdate().sql());
    }

    @Override
    public <R> R accept(Operation.Visitor<R> visitor) {
        return visitor.addForeignKey(this);
    }
}

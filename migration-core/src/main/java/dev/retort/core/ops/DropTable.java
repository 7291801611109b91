package dev.retort.core.ops;

import dev.retort.core.model.Check;
import dev.retort.core.model.ForeignKey;
import dev.retort.core.model.Index;
import dev.retort.core.model.Schema;
import dev.retort.core.model.Table;
import java.util.ArrayList;
import java.util.List;

/** Drops a table with its rows. */
public record DropTable(String table, boolean dataLossAccepted) implements Operation {

    @Override
    public Schema applyTo(Schema schema) {
        Operation.table(schema, table, describe());
        for (Table other : schema.tables()) {
            for (ForeignKey fk : other.foreignKeys()) {
                if (fk.referencedTable().equalsIgnoreCase(table)
                        && !other.name().equalsIgnoreCase(table)) {
                    throw new ReplayException(describe() + ": foreign key " + fk.name() + " of " + other.name()
                            + " still references it; drop it first");
                }
            }
        }
        return schema.without(table);
    }

    @Override
    public List<Operation> inverse(Schema before) {
        Table t = before.table(table)
                .orElseThrow(() -> new ReplayException(describe() + ": table " + table + " does not exist"));
        List<Operation> ops = new ArrayList<>();
        ops.add(new CreateTable(t));
        for (Index i : t.indexes()) {
            ops.add(new CreateIndex(t.name(), i));
        }
        for (Check c : t.checks()) {
            ops.add(new AddCheck(t.name(), c));
        }
        for (ForeignKey fk : t.foreignKeys()) {
            ops.add(new AddForeignKey(t.name(), fk));
        }
        return ops;
    }

    @Override
    public boolean destroysData() {
        return true;
    }

    @Override
    public Operation acceptingDataLoss() {
        return new DropTable(table, true);
    }

    @Override
    public String describe() {
        return "dropTable " + table;
    }

    @Override
    public <R> R accept(Operation.Visitor<R> visitor) {
        return visitor.dropTable(this);
    }
}

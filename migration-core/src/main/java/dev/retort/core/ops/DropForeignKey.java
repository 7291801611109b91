package dev.retort.core.ops;

import dev.retort.core.model.ForeignKey;
import dev.retort.core.model.Schema;
import dev.retort.core.model.Table;
import java.util.ArrayList;
import java.util.List;

/** Drops a foreign key; no rows are lost. */
public record DropForeignKey(String table, String name) implements Operation {

    private ForeignKey find(Schema schema) {
        return Operation.table(schema, table, describe())
                .foreignKey(name)
                .orElseThrow(() -> new ReplayException(describe() + ": no foreign key " + name + " on " + table));
    }

    @Override
    public Schema applyTo(Schema schema) {
        Table t = Operation.table(schema, table, describe());
        List<ForeignKey> fks = new ArrayList<>(t.foreignKeys());
        fks.remove(find(schema));
        return schema.with(t.withForeignKeys(fks));
    }

    @Override
    public List<Operation> inverse(Schema before) {
        return List.of(new AddForeignKey(table, find(before)));
    }

    @Override
    public String describe() {
        return "dropForeignKey " + table + "." + name;
    }

    @Override
    public <R> R accept(Operation.Visitor<R> visitor) {
        return visitor.dropForeignKey(this);
    }
}

package dev.retort.core.ops;

import dev.retort.core.model.Index;
import dev.retort.core.model.Schema;
import dev.retort.core.model.Table;
import java.util.ArrayList;
import java.util.List;

/** Drops an index, or a unique constraint when {@code unique}. No rows are lost. */
public record DropIndex(String table, String name, boolean unique) implements Operation {

    @Override
    public Schema applyTo(Schema schema) {
        Table t = Operation.table(schema, table, describe());
        Index i = find(t);
        List<Index> indexes = new ArrayList<>(t.indexes());
        indexes.remove(i);
        return schema.with(t.withIndexes(indexes));
    }

    private Index find(Table t) {
        Index i = t.index(name)
                .orElseThrow(() -> new ReplayException(describe() + ": no index " + name + " on " + table));
        if (i.unique() != unique) {
            throw new ReplayException(
                    describe() + ": " + name + " is " + (i.unique() ? "a unique constraint" : "a plain index"));
        }
        return i;
    }

    @Override
    public List<Operation> inverse(Schema before) {
        Table t = Operation.table(before, table, describe());
        return List.of(new CreateIndex(table, find(t)));
    }

    @Override
    public String describe() {
        return (unique ? "dropUnique " : "dropIndex ") + table + "." + name;
    }

    @Override
    public <R> R accept(Operation.Visitor<R> visitor) {
        return visitor.dropIndex(this);
    }
}

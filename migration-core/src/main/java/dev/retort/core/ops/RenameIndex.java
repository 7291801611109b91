package dev.retort.core.ops;

import dev.retort.core.model.Index;
import dev.retort.core.model.Schema;
import dev.retort.core.model.Table;
import java.util.ArrayList;
import java.util.List;

/** Renames an index, or a unique constraint when {@code unique}; its columns stay as they are. */
public record RenameIndex(String table, String from, String to, boolean unique) implements Operation {

    @Override
    public Schema applyTo(Schema schema) {
        Table t = Operation.table(schema, table, describe());
        Index i = t.index(from)
                .orElseThrow(() -> new ReplayException(describe() + ": no index " + from + " on " + table));
        if (i.unique() != unique) {
            throw new ReplayException(
                    describe() + ": " + from + " is " + (i.unique() ? "a unique constraint" : "a plain index"));
        }
        if (!from.equalsIgnoreCase(to) && Operation.constraintNameTaken(schema, to)) {
            throw new ReplayException(describe() + ": the name " + to + " is already used");
        }
        List<Index> indexes = new ArrayList<>(t.indexes());
        indexes.set(indexes.indexOf(i), i.withName(to));
        return schema.with(t.withIndexes(indexes));
    }

    @Override
    public List<Operation> inverse(Schema before) {
        return List.of(new RenameIndex(table, to, from, unique));
    }

    @Override
    public String describe() {
        return (unique ? "renameUnique " : "renameIndex ") + table + "." + from + " -> " + to;
    }

    @Override
    public <R> R accept(Operation.Visitor<R> visitor) {
        return visitor.renameIndex(this);
    }
}

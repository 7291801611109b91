package dev.retort.core.ops;

import dev.retort.core.model.Index;
import dev.retort.core.model.Schema;
import dev.retort.core.model.Table;
import java.util.ArrayList;
import java.util.List;

/** Creates an index, or a unique constraint when {@link Index#unique()}. */
public record CreateIndex(String table, Index index) implements Operation {

    @Override
    public Schema applyTo(Schema schema) {
        Table t = Operation.table(schema, table, describe());
        if (Operation.constraintNameTaken(schema, index.name())) {
            throw new ReplayException(describe() + ": the name " + index.name() + " is already used");
        }
        for (String c : index.columns()) {
            if (t.column(c).isEmpty()) {
                throw new ReplayException(describe() + ": column " + table + "." + c + " does not exist");
            }
        }
        List<Index> indexes = new ArrayList<>(t.indexes());
        indexes.add(index);
        return schema.with(t.withIndexes(indexes));
    }

    @Override
    public List<Operation> inverse(Schema before) {
        return List.of(new DropIndex(table, index.name(), index.unique()));
    }

    @Override
    public String describe() {
        return (index.unique() ? "addUnique " : "createIndex ") + table + "." + index.name() + " "
                + index.columnsWithOrder();
    }

    @Override
    public <R> R accept(Operation.Visitor<R> visitor) {
        return visitor.createIndex(this);
    }
}

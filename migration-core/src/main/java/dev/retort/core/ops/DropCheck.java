package dev.retort.core.ops;

import dev.retort.core.model.Check;
import dev.retort.core.model.Schema;
import dev.retort.core.model.Table;
import java.util.ArrayList;
import java.util.List;

/** Drops a check constraint; no rows are lost. */
public record DropCheck(String table, String name) implements Operation {

    private Check find(Schema schema) {
        return Operation.table(schema, table, describe())
                .check(name)
                .orElseThrow(() -> new ReplayException(describe() + ": no check " + name + " on " + table));
    }

    @Override
    public Schema applyTo(Schema schema) {
        Table t = Operation.table(schema, table, describe());
        List<Check> checks = new ArrayList<>(t.checks());
        checks.remove(find(schema));
        return schema.with(t.withChecks(checks));
    }

    @Override
    public List<Operation> inverse(Schema before) {
        return List.of(new AddCheck(table, find(before)));
    }

    @Override
    public String describe() {
        return "dropCheck " + table + "." + name;
    }

    @Override
    public <R> R accept(Operation.Visitor<R> visitor) {
        return visitor.dropCheck(this);
    }
}

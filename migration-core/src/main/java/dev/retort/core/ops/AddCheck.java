package dev.retort.core.ops;

import dev.retort.core.model.Check;
import dev.retort.core.model.Schema;
import dev.retort.core.model.Table;
import java.util.ArrayList;
import java.util.List;

/** Adds a check constraint; existing rows must satisfy it. */
public record AddCheck(String table, Check check) implements Operation {

    @Override
    public Schema applyTo(Schema schema) {
        Table t = Operation.table(schema, table, describe());
        if (Operation.constraintNameTaken(schema, check.name())) {
            throw new ReplayException(describe() + ": the name " + check.name() + " is already used");
        }
        List<Check> checks = new ArrayList<>(t.checks());
        checks.add(check);
        return schema.with(t.withChecks(checks));
    }

    @Override
    public List<Operation> inverse(Schema before) {
        return List.of(new DropCheck(table, check.name()));
    }

    @Override
    public String describe() {
        return "addCheck " + table + "." + check.name() + " (" + check.expression() + ")";
    }

    @Override
    public <R> R accept(Operation.Visitor<R> visitor) {
        return visitor.addCheck(this);
    }
}

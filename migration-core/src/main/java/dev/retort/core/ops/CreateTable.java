package dev.retort.core.ops;

import dev.retort.core.model.Column;
import dev.retort.core.model.Schema;
import dev.retort.core.model.Table;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Creates a table with its columns and primary key; its indexes are separate operations. */
public record CreateTable(Table definition) implements Operation {

    public CreateTable {
        // indexes, foreign keys and checks are operations of their own, so each can be reviewed and reverted
        definition =
                definition.withIndexes(List.of()).withForeignKeys(List.of()).withChecks(List.of());
        Set<String> seen = new HashSet<>();
        for (Column c : definition.columns()) {
            if (!seen.add(c.name().toLowerCase())) {
                throw new ReplayException(
                        "createTable " + definition.name() + ": column " + c.name() + " appears twice");
            }
        }
        for (String pk : definition.primaryKey()) {
            if (definition.column(pk).map(c -> !c.absentOn().isEmpty()).orElse(false)) {
                throw new ReplayException(
                        "createTable " + definition.name() + ": primary key column " + pk + " is absent on "
                                + String.join(", ", definition.column(pk).get().absentOn()));
            }
            if (definition.column(pk).isEmpty()) {
                throw new ReplayException(
                        "createTable " + definition.name() + ": primary key column " + pk + " is not a column");
            }
        }
    }

    @Override
    public String table() {
        return definition.name();
    }

    @Override
    public Schema applyTo(Schema schema) {
        if (schema.table(definition.name()).isPresent()) {
            throw new ReplayException(describe() + ": table " + definition.name() + " already exists");
        }
        return schema.with(definition);
    }

    @Override
    public List<Operation> inverse(Schema before) {
        return List.of(new DropTable(definition.name(), true));
    }

    @Override
    public Optional<Operation> on(String database) {
        Table here = definition.on(database);
        return Optional.of(here == definition ? this : new CreateTable(here));
    }

    @Override
    public String describe() {
        return "createTable " + definition.name() + " ("
                + definition.columns().stream().map(Describe::column).collect(Collectors.joining(", "))
                + ", PRIMARY KEY " + definition.primaryKey() + ")";
    }

    @Override
    public <R> R accept(Operation.Visitor<R> visitor) {
        return visitor.createTable(this);
    }
}

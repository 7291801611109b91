package dev.retort.core.ops;

import dev.retort.core.model.Column;
import dev.retort.core.model.Schema;
import dev.retort.core.model.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Adds a column at the end of a table. */
public record AddColumn(String table, Column column) implements Operation {

    @Override
    public Schema applyTo(Schema schema) {
        Table t = Operation.table(schema, table, describe());
        if (t.column(column.name()).isPresent()) {
            throw new ReplayException(describe() + ": column " + table + "." + column.name() + " already exists");
        }
        List<Column> columns = new ArrayList<>(t.columns());
        columns.add(column);
        return schema.with(t.withColumns(columns));
    }

    @Override
    public List<Operation> inverse(Schema before) {
        return List.of(new DropColumn(table, column.name(), true, column.absentOn()));
    }

    @Override
    public Optional<Operation> on(String database) {
        return column.absentOn(database)
                ? Optional.empty()
                : Optional.of(
                        column.absentOn().isEmpty() ? this : new AddColumn(table, column.withAbsentOn(List.of())));
    }

    @Override
    public String describe() {
        return "addColumn " + table + "." + Describe.column(column);
    }

    @Override
    public <R> R accept(Operation.Visitor<R> visitor) {
        return visitor.addColumn(this);
    }
}
